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
