"""Cursor pagination on (gewijzigd, id): a client that pages while rows change neither skips nor
repeats a row, and resumes from the last `gewijzigd` it saw with `?updated_since=`."""

from rest_framework.pagination import CursorPagination


class GewijzigdCursor(CursorPagination):
    ordering = ("gewijzigd", "pk")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class TijdstipCursor(GewijzigdCursor):
    """The same on (tijdstip, id), for append-only rows such as the timeline."""

    ordering = ("tijdstip", "pk")


class LaatstGewijzigdCursor(GewijzigdCursor):
    """The same on (laatst_gewijzigd, id): a pupil's latest change, its applications' included
    (api.selectors.met_laatste_wijziging)."""

    ordering = ("laatst_gewijzigd", "pk")
