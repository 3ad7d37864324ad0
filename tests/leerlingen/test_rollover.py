"""A region rolls over into the next school year.

The servicedesk creates and activates the next year through its pages. Afterwards the open
pupils of the old year stay on the decaan's pupil list, the dashboard and the consulent's
overview; settled ones leave them (started, Elders, and for the school: handed to the
municipality); `?schooljaar=` shows either year's figures."""

import pytest
from django.urls import reverse

from leerlingen.models import Schooljaar
from leerlingen.services import elders_record
from rmc.services import melding_create_risico, traject_starten
from tests import factories as f


@pytest.fixture
def regio(world):
    """School A's leavers of the active year 2026-2027, each in one state, living in municipality A;
    school B's pupil is the foreign one that no A user ever sees."""
    w = world

    def leerling(naam, **kw):
        return f.LeerlingFactory(
            school=w["school_a"], woongemeente=w["gem_a"], schooljaar=w["schooljaar"], achternaam=naam, **kw
        )

    open_ = {
        "aangemeld": w["leerling_a"],  # the world's pupil: an application still running
        "zonder_aanmelding": leerling("Zonderplek"),
        "niet_verschenen": leerling("Nietverschenen"),
    }
    f.AanmeldingFactory(leerling=open_["niet_verschenen"], opleiding=w["opleiding_a"], status="niet_verschenen")
    gestart = leerling("Gestart")
    f.AanmeldingFactory(leerling=gestart, opleiding=w["opleiding_a"], status="gestart")
    elders = leerling("Elderswaarts")
    elders_record(leerling=elders, soort="werk", user=w["decaan"], toelichting="Werkt bij een bakker.")
    overgedragen = leerling("Overgedragen")
    melding_create_risico(leerling=overgedragen, user=w["decaan"], reden="Geen plek gevonden")
    traject_starten(leerling=overgedragen, user=w["consulent"])
    return {"open": open_, "gestart": gestart, "elders": elders, "overgedragen": overgedragen}


def _namen(page):
    return {leerling.achternaam for leerling in page}


def _rollover(client, servicedesk) -> Schooljaar:
    """Create 2027-2028 and activate it, as the servicedesk does: form, preview, confirm."""
    client.force_login(servicedesk)
    response = client.post(reverse("servicedesk:schooljaren"), {"startjaar": 2027})
    assert response.status_code == 302
    nieuw = Schooljaar.objects.get(startjaar=2027)
    assert not nieuw.actief
    activeren = reverse("servicedesk:schooljaar_activate", kwargs={"pk": nieuw.pk})
    preview = client.get(activeren)
    # What carries over from 2026-2027: school A's 3 open pupils and school B's one (its application
    # runs); the municipalities also keep the handed-over pupil.
    overgang = preview.context["overgang"]
    assert (overgang["school"], overgang["gemeente"]) == (4, 5)
    assert client.post(activeren).status_code == 302
    nieuw.refresh_from_db()
    assert nieuw.actief and Schooljaar.objects.filter(actief=True).count() == 1
    client.logout()
    return nieuw


def test_a_region_rolls_over_into_the_next_school_year(world, client, regio, django_assert_max_num_queries):
    oud = world["schooljaar"]
    open_namen = {p.achternaam for p in regio["open"].values()}
    alle_oud = open_namen | {"Gestart", "Elderswaarts", "Overgedragen"}

    nieuw = _rollover(client, world["servicedesk"])
    # The new year's leavers are imported later; one is there already.
    f.LeerlingFactory(school=world["school_a"], woongemeente=world["gem_a"], schooljaar=nieuw, achternaam="Nieuwkomer")

    # The decaan's pupil list (default: the active year) keeps the open pupils of the old year.
    client.force_login(world["decaan"])
    lijst = reverse("leerlingen:list")
    with django_assert_max_num_queries(60):
        response = client.get(lijst)
    assert response.context["schooljaar"] == nieuw
    assert _namen(response.context["page"]) == open_namen | {"Nieuwkomer"}
    assert response.context["page"].paginator.count == 4
    # The dashboard counts the same pupils.
    assert client.get(reverse("home")).context["school"]["totaal"] == 4
    # The old year, chosen on purpose: every leaver of that year, settled or not; the new year alone
    # by its number is the default list.
    vorig = client.get(lijst, {"schooljaar": oud.startjaar})
    assert vorig.context["schooljaar"] == oud
    assert _namen(vorig.context["page"]) == alle_oud and vorig.context["page"].paginator.count == 6
    assert _namen(client.get(lijst, {"schooljaar": nieuw.startjaar}).context["page"]) == open_namen | {"Nieuwkomer"}
    # A pupil of an earlier year stays reachable by its file.
    assert client.get(reverse("leerlingen:detail", kwargs={"pk": regio["gestart"].pk})).status_code == 200

    # The consulent follows the handed-over pupil too; started and Elders leave the overview.
    client.force_login(world["consulent"])
    overzicht = reverse("rmc:overzicht")
    with django_assert_max_num_queries(40):
        response = client.get(overzicht)
    assert _namen(response.context["page"]) == open_namen | {"Overgedragen", "Nieuwkomer"}
    assert response.context["tellingen"].totaal == 5
    vorig = client.get(overzicht, {"schooljaar": oud.startjaar})
    assert _namen(vorig.context["page"]) == alle_oud and vorig.context["tellingen"].totaal == 6
    assert client.get(reverse("home")).context["gemeente"]["totaal"] == 5

    # Settling an open pupil in the new year takes it off the lists.
    elders_record(leerling=regio["open"]["zonder_aanmelding"], soort="werk", user=world["decaan"], toelichting="Werkt.")
    assert "Zonderplek" not in _namen(client.get(overzicht).context["page"])
    client.force_login(world["decaan"])
    assert _namen(client.get(lijst).context["page"]) == open_namen - {"Zonderplek"} | {"Nieuwkomer"}
