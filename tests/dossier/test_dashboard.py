"""The start page's counts agree with the lists they summarise."""

import pytest
from django.urls import reverse

from dossier.dashboard import dashboard_for
from tests import factories as f


@pytest.fixture
def aanmeldstanden(world):
    """Pupils of school A whose applications are in every kind of state that matters for
    "zonder aanmelding": besides leerling_a (applied, live), one without any application and one
    per application state that does not hold a place, or is not sent yet."""
    opl = world["opleiding_a"]

    def leerling(*statussen):
        pupil = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
        for status in statussen:
            f.AanmeldingFactory(leerling=pupil, opleiding=f.OpleidingFactory(instelling=opl.instelling), status=status)
        return pupil

    zonder = [
        leerling(),
        leerling("concept"),
        leerling("afgewezen"),
        leerling("niet_verschenen"),
        leerling("uitgeloot"),
        leerling("ingetrokken", "doorverwezen"),
    ]
    met = [leerling("in_behandeling"), leerling("afgewezen", "aangemeld"), leerling("voorwaardelijk_geplaatst")]
    return zonder, met


def test_dashboard_and_list_agree_on_pupils_without_application(world, client, aanmeldstanden):
    zonder, met = aanmeldstanden
    decaan = world["decaan"]
    dashboard = dashboard_for(decaan)["school"]["zonder_aanmelding"]
    client.force_login(decaan)
    response = client.get(reverse("leerlingen:list"), {"aanmelding": "geen"})
    gefilterd = {leerling.pk for leerling in response.context["page"]}
    facet = response.context["lijst"].filterset.facetten()["aanmelding"]["geen"]
    assert gefilterd == {leerling.pk for leerling in zonder}
    assert dashboard == facet == len(zonder)
    assert "leerlingen nog zonder aanmelding" in client.get(reverse("home")).content.decode()


def _volop(world):
    """Pupils of school A (living in municipality A) in many states, with applications to mbo A."""
    from leerlingen.models import Elders

    sj, opl = world["schooljaar"], world["opleiding_a"]
    for i, status in enumerate(["aangemeld", "in_behandeling", "intake_gepland", "intake_gehad", "geplaatst", None]):
        pupil = f.LeerlingFactory(school=world["school_a"], schooljaar=sj, mentor=world["mentor"], risico=i % 2 == 0)
        if status:
            f.AanmeldingFactory(leerling=pupil, opleiding=opl, status=status, op_tijd=i != 1)
    Elders.objects.create(leerling=f.LeerlingFactory(school=world["school_a"], schooljaar=sj), soort="werk")


def _vorig_jaar(world):
    """Two earlier year's pupils of school A, each with a late application to mbo A: one still
    open (on the active year's worklist) and one finished (gestart: not on it, so on no tile)."""
    vorig = f.SchooljaarFactory(startjaar=world["schooljaar"].startjaar - 1, actief=False)
    for status in ("in_behandeling", "gestart"):
        pupil = f.LeerlingFactory(school=world["school_a"], schooljaar=vorig)
        f.AanmeldingFactory(leerling=pupil, opleiding=world["opleiding_a"], status=status, op_tijd=False)


@pytest.mark.parametrize("role", ["decaan", "mentor", "zorg", "intaker", "consulent"])
def test_every_tile_links_to_the_list_whose_rows_it_counts(world, client, role):
    _volop(world)
    _vorig_jaar(world)
    client.force_login(world[role])
    response = client.get(reverse("home"))
    body = response.content.decode()
    tegels = [t for groep in response.context["tegels"].values() for t in groep]
    assert len(tegels) >= 4
    assert any(t.aantal > 0 for t in tegels)
    for tegel in tegels:
        assert f'href="{tegel.url.replace("&", "&amp;")}"><span class="stat">{tegel.aantal}</span>' in body
        lijst = client.get(tegel.url)
        assert lijst.status_code == 200, tegel.url
        assert lijst.context["page"].paginator.count == tegel.aantal, (tegel.label, tegel.url)
    if role == "intaker":
        aantallen = {t.label: t.aantal for t in tegels}
        # This year's in_behandeling and the earlier year's open one; the earlier finished one not.
        assert aantallen["in behandeling"] == 2
        # Late: this year's in_behandeling and the earlier year's open one, not the finished one.
        assert aantallen["na de aanmelddeadline"] == 2


def test_the_start_page_costs_the_same_queries_whatever_the_pupils(world, client, django_assert_max_num_queries):
    _volop(world)
    for role in ("decaan", "intaker", "consulent"):
        client.force_login(world[role])
        client.get(reverse("home"))
        with django_assert_max_num_queries(40) as before:
            client.get(reverse("home"))
        for _ in range(10):
            _volop(world)
        with django_assert_max_num_queries(len(before.captured_queries)):
            client.get(reverse("home"))
