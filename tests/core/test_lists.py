"""voroc/lists.py and the includes it feeds: the sort whitelist, descending expressions, the
default order, header data, and the pagination include keeping the filters."""

import django_filters
import pytest
from django.db.models import F
from django.template import RequestContext, Template
from django.test import RequestFactory

from terugkoppeling.models import Notificatie
from voroc.lists import Kolom, LijstFilterSet, Sortering, lijst

pytestmark = pytest.mark.django_db


class Voorbeeld(LijstFilterSet):
    soort = django_filters.CharFilter()
    sorteringen = {
        "wanneer": Sortering("Wanneer", ("aangemaakt",)),
        "gelezen": Sortering("Gelezen", (F("gelezen_op").asc(nulls_first=True),)),
    }
    standaard_sort = "-wanneer"
    kolommen = (Kolom("Wanneer", "wanneer"), Kolom("Soort"), Kolom("Gelezen", "gelezen"), Kolom("Geheim", "pk"))

    class Meta:
        model = Notificatie
        fields = ()


def _sql(fs):
    return str(fs.qs.query)


def test_sort_whitelist_default_and_descending():
    qs = Notificatie.objects.all()
    assert 'ORDER BY "terugkoppeling_notificatie"."aangemaakt" DESC' in _sql(Voorbeeld({}, queryset=qs))
    up = Voorbeeld({"sort": "wanneer"}, queryset=qs)
    assert up.huidige_sort() == "wanneer" and '"aangemaakt" ASC' in _sql(up)
    for hostile in ("pk", "-password", "user__password", "wanneer,pk", "__class__"):
        fs = Voorbeeld({"sort": hostile}, queryset=qs)
        assert fs.huidige_sort() == "-wanneer", hostile
        assert '"aangemaakt" DESC' in _sql(fs), hostile


def test_an_expression_sort_reverses_with_its_nulls():
    qs = Notificatie.objects.all()
    up, down = _sql(Voorbeeld({"sort": "gelezen"}, queryset=qs)), _sql(Voorbeeld({"sort": "-gelezen"}, queryset=qs))
    assert '"gelezen_op" ASC NULLS FIRST' in up or ('"gelezen_op" IS NOT NULL' in up)
    assert '"gelezen_op" DESC NULLS LAST' in down or ('"gelezen_op" IS NULL' in down)
    assert up != down


def test_headers_say_which_column_is_sorted_and_only_whitelisted_ones_link():
    koppen = Voorbeeld({"sort": "-gelezen"}, queryset=Notificatie.objects.all()).koppen()
    by_label = {k["label"]: k for k in koppen}
    assert by_label["Gelezen"]["aria"] == "descending" and by_label["Gelezen"]["next"] == "gelezen"
    assert by_label["Wanneer"]["aria"] == "" and by_label["Wanneer"]["next"] == "wanneer"
    assert by_label["Soort"]["key"] is None and by_label["Geheim"]["key"] is None  # "pk" is not a sort


def test_actief_ignores_the_sort():
    qs = Notificatie.objects.all()
    assert not Voorbeeld({"sort": "wanneer"}, queryset=qs).actief()
    assert Voorbeeld({"soort": "melding"}, queryset=qs).actief()


def test_pagination_include_keeps_filters_and_replaces_the_page(world):
    from terugkoppeling.models import Notificatie as N

    for _ in range(3):
        N.objects.create(user=world["decaan"], soort="melding")
    request = RequestFactory().get("/x/", {"soort": "melding", "sort": "wanneer", "page": "1"})
    request.user = world["decaan"]
    result = lijst(request, Voorbeeld, N.objects.all(), per_page=2)
    html = Template('{% include "includes/paginering.html" %}').render(RequestContext(request, {"page": result.page}))
    assert 'aria-label="Paginering"' in html and "Pagina 1 van 2" in html and "Vorige" not in html
    assert 'href="?soort=melding&amp;sort=wanneer&amp;page=2" rel="next"' in html
