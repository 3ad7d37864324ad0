"""The app's URLs plus bare "floor" views for bench/throughput.py (never in the app's URLconf):
each reads a page of the same rows as a main list in one query and renders a minimal template,
the least a page could cost under the same server."""

from django.http import HttpResponse
from django.template import Context, Template
from django.urls import include, path

ROWS = Template(
    "<table>{% for r in rows %}<tr>{% for v in r.values %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>"
)


def _render(queryset, *fields) -> HttpResponse:
    return HttpResponse(ROWS.render(Context({"rows": list(queryset.values(*fields)[:50])})))


def leerlingen(request, school: int, jaar: int):
    from leerlingen.models import Leerling

    rows = Leerling.objects.filter(school_id=school, schooljaar_id=jaar).order_by("achternaam", "voornaam")
    return _render(rows, "achternaam", "voornaam", "klas", "leerweg")


def werklijst(request, instelling: int):
    from aanmelding.models import Aanmelding

    rows = Aanmelding.objects.filter(opleiding__instelling_id=instelling).order_by("-aangemeld_op")
    return _render(rows, "leerling__achternaam", "opleiding__naam", "status", "aangemeld_op")


def overzicht(request, gemeente: int, jaar: int):
    from leerlingen.models import Leerling

    rows = Leerling.objects.filter(woongemeente_id=gemeente, schooljaar_id=jaar).order_by("achternaam", "voornaam")
    return _render(rows, "achternaam", "voornaam", "klas", "school__naam")


urlpatterns = [
    path("bench-floor/leerlingen/<int:school>/<int:jaar>/", leerlingen),
    path("bench-floor/werklijst/<int:instelling>/", werklijst),
    path("bench-floor/overzicht/<int:gemeente>/<int:jaar>/", overzicht),
    path("", include("voroc.urls")),
]
