"""Applications on the pupil's behalf (school side): search, apply, every rule message, withdraw, outside VOROC."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from aanmelding.models import Aanmelding, ExterneAanmelding, ExterneUitkomst
from aanmelding.services import externe_aanmelding_record, externe_aanmelding_update
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from tests.doorstroom import factories as ff
from voroc.errors import DomainError


@pytest.fixture
def nieuw(world):
    """A pupil of school A without applications."""
    return f.LeerlingFactory(school=world["school_a"], mentor=world["mentor"], schooljaar=world["schooljaar"])


def apply(client, leerling, opleiding, **data):
    return client.post(reverse("aanmelden:aanmelden", kwargs={"pk": leerling.pk, "opleiding": opleiding.pk}), data)


# --- Search ------------------------------------------------------------------------------------------------


def test_search_by_name_crebo_level_institution_and_location(world, client, nieuw):
    kok = f.OpleidingFactory(instelling=world["mbo_a"], naam="Zelfstandig werkend kok", crebo="25180", niveau=3)
    delft = f.LocatieFactory(instelling=world["mbo_b"], plaats="Delft")
    f.OpleidingFactory(instelling=world["mbo_b"], naam="Kapper", niveau=2, locatie=delft)
    f.OpleidingFactory(instelling=world["mbo_a"], naam="Gesloten kok", actief=False)
    client.force_login(world["decaan"])
    zoek = reverse("aanmelden:zoeken", kwargs={"pk": nieuw.pk})

    def names(**params):
        return {o.naam for o in client.get(zoek, params).context["page"]}

    assert names(q="kok") == {"Zelfstandig werkend kok"}  # closed programmes are not listed
    assert names(q="25180") == {"Zelfstandig werkend kok"}
    assert "Kapper" not in names(niveau=3) and "Zelfstandig werkend kok" in names(niveau=3)
    assert names(instelling=world["mbo_b"].pk) == {"Kapper", world["opleiding_b"].naam}
    assert names(plaats="delft") == {"Kapper"}
    body = client.get(zoek, {"q": "kok"}).content.decode()
    assert reverse("aanmelden:bevestigen", kwargs={"pk": nieuw.pk, "opleiding": kok.pk}) in body


def test_search_is_paginated_with_a_fixed_query_count(world, client, nieuw, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    zoek = reverse("aanmelden:zoeken", kwargs={"pk": nieuw.pk})
    with django_assert_max_num_queries(20) as few:
        client.get(zoek)
    for _ in range(45):
        f.OpleidingFactory(instelling=f.InstellingFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(zoek, {"page": 2})
    assert response.context["page"].number == 2 and len(response.context["page"]) == 20


# --- Applying: every rule has a clear Dutch message from the service -----------------------------------------


def test_two_applications_at_one_institution_get_first_and_second_choice(world, client, nieuw):
    tweede = f.OpleidingFactory(instelling=world["mbo_a"])
    client.force_login(world["decaan"])
    response = apply(client, nieuw, world["opleiding_a"])
    assert response.status_code == 302
    assert "1e keuze" in client.get(response["Location"]).content.decode()
    apply(client, nieuw, tweede, bericht="Tweede keuze, graag intake op woensdag")
    keuzes = list(Aanmelding.objects.filter(leerling=nieuw).values_list("opleiding_id", "keuze", "status"))
    assert keuzes == [(world["opleiding_a"].pk, 1, "aangemeld"), (tweede.pk, 2, "aangemeld")]


def test_third_application_is_refused_with_a_message(world, client, nieuw):
    client.force_login(world["decaan"])
    for _ in range(2):
        apply(client, nieuw, f.OpleidingFactory(instelling=world["mbo_a"]))
    response = apply(client, nieuw, f.OpleidingFactory(instelling=world["mbo_a"]))
    assert response.status_code == 400
    assert "voor ten hoogste 2 opleidingen aangemeld zijn" in response.content.decode()
    assert Aanmelding.objects.filter(leerling=nieuw).count() == 2


def test_a_refused_application_offers_no_confirm_button(world, client, nieuw):
    client.force_login(world["decaan"])
    for _ in range(2):
        apply(client, nieuw, f.OpleidingFactory(instelling=world["mbo_a"]))
    derde = f.OpleidingFactory(instelling=world["mbo_a"])
    refused = apply(client, nieuw, derde).content.decode()
    shown = client.get(reverse("aanmelden:bevestigen", kwargs={"pk": nieuw.pk, "opleiding": derde.pk}))
    for body in (refused, shown.content.decode()):
        assert "voor ten hoogste 2 opleidingen aangemeld zijn" in body
        assert "Aanmelding bevestigen</button>" not in body
        assert reverse("aanmelden:aanmelden", kwargs={"pk": nieuw.pk, "opleiding": derde.pk}) not in body
    # A pupil who may still apply gets the button.
    body = client.get(
        reverse("aanmelden:bevestigen", kwargs={"pk": world["leerling_a"].pk, "opleiding": derde.pk})
    ).content.decode()
    assert "Aanmelding bevestigen</button>" in body


def test_application_at_another_institution_is_refused_with_a_message(world, client, nieuw):
    client.force_login(world["decaan"])
    apply(client, nieuw, world["opleiding_a"])
    response = apply(client, nieuw, world["opleiding_b"])
    assert response.status_code == 400
    body = response.content.decode()
    assert "Alle aanmeldingen van een leerling horen bij één mbo-instelling" in body and world["mbo_a"].naam in body
    assert Aanmelding.objects.filter(leerling=nieuw).count() == 1


def test_same_programme_twice_is_refused(world, client, nieuw):
    client.force_login(world["decaan"])
    apply(client, nieuw, world["opleiding_a"])
    response = apply(client, nieuw, world["opleiding_a"])
    assert response.status_code == 400 and "al aangemeld voor deze opleiding" in response.content.decode()


def test_closed_programme_is_refused(world, client, nieuw):
    gesloten = f.OpleidingFactory(instelling=world["mbo_a"], actief=False)
    client.force_login(world["decaan"])
    response = apply(client, nieuw, gesloten)
    assert response.status_code == 400 and "gesloten voor aanmelding" in response.content.decode()
    assert not Aanmelding.objects.filter(leerling=nieuw).exists()


def test_level_warning_is_shown_but_does_not_block(world, client):
    bb = f.LeerlingFactory(school=world["school_a"], leerweg="BB", schooljaar=world["schooljaar"])
    niveau4 = f.OpleidingFactory(instelling=world["mbo_a"], niveau=4)
    client.force_login(world["decaan"])
    body = client.get(reverse("aanmelden:bevestigen", kwargs={"pk": bb.pk, "opleiding": niveau4.pk})).content.decode()
    assert "Niveau 4 vraagt een vmbo-diploma kader" in body and "U kunt de leerling toch aanmelden." in body
    assert apply(client, bb, niveau4).status_code == 302
    assert Aanmelding.objects.filter(leerling=bb, opleiding=niveau4).exists()


def test_no_warning_when_the_level_fits(world, client, nieuw):
    client.force_login(world["decaan"])
    body = client.get(
        reverse("aanmelden:bevestigen", kwargs={"pk": nieuw.pk, "opleiding": world["opleiding_a"].pk})
    ).content.decode()
    assert "Let op" not in body


def test_an_unfinished_form_never_blocks_an_application(world, client, nieuw):
    formulier = ff.formulier(nieuw, world["decaan"], ouder_naam="")  # concept and incomplete
    assert formulier.status == "concept"
    client.force_login(world["mentor"])
    body = client.get(
        reverse("aanmelden:bevestigen", kwargs={"pk": nieuw.pk, "opleiding": world["opleiding_a"].pk})
    ).content.decode()
    assert "houdt de aanmelding niet tegen" in body
    assert apply(client, nieuw, world["opleiding_a"]).status_code == 302


def test_late_application_after_1_april_is_marked(world, client, nieuw):
    with time_machine.travel(datetime.datetime(2027, 4, 2, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        client.force_login(world["decaan"])  # inside: sessions have an absolute timeout
        body = client.get(
            reverse("aanmelden:bevestigen", kwargs={"pk": nieuw.pk, "opleiding": world["opleiding_a"].pk})
        ).content.decode()
        assert "De aanmelddeadline (1 april 2027) is verstreken" in body
        response = apply(client, nieuw, world["opleiding_a"])
        detail = client.get(response["Location"]).content.decode()
    assert "als te laat gemarkeerd" in detail and "te laat" in detail
    aanmelding = Aanmelding.objects.get(leerling=nieuw)
    assert aanmelding.op_tijd is False and aanmelding.toelatingsrecht is False


def test_on_the_deadline_day_is_on_time(world, client, nieuw):
    with time_machine.travel(datetime.datetime(2027, 4, 1, 23, 30, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        client.force_login(world["decaan"])
        body = client.get(
            reverse("aanmelden:bevestigen", kwargs={"pk": nieuw.pk, "opleiding": world["opleiding_a"].pk})
        ).content.decode()
        assert "is verstreken" not in body
        apply(client, nieuw, world["opleiding_a"])
    assert Aanmelding.objects.get(leerling=nieuw).toelatingsrecht is True


def test_zorgcoordinator_may_not_apply(world, client, nieuw):
    client.force_login(world["zorg"])
    assert apply(client, nieuw, world["opleiding_a"]).status_code == 403
    assert not Aanmelding.objects.filter(leerling=nieuw).exists()


# --- Withdrawing -------------------------------------------------------------------------------------------


def test_withdraw_asks_first_then_withdraws(world, client):
    aanmelding = world["aanmelding_a"]
    client.force_login(world["decaan"])
    intrekken = reverse("aanmelden:intrekken", kwargs={"pk": aanmelding.pk})
    body = client.get(intrekken).content.decode()
    assert "Weet u zeker" in body
    aanmelding.refresh_from_db()
    assert aanmelding.status == "aangemeld"  # GET changes nothing
    detail = client.get(reverse("leerlingen:detail", kwargs={"pk": aanmelding.leerling_id})).content.decode()
    assert intrekken in detail
    response = client.post(intrekken, {"bericht": "Kiest toch voor havo"})
    assert response.status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == "ingetrokken"
    assert Terugkoppeling.objects.filter(aanmelding=aanmelding, bericht="Kiest toch voor havo").exists()
    # A withdrawn application cannot be withdrawn again: the service's message.
    response = client.post(intrekken)
    assert response.status_code == 400 and "kan niet naar" in response.content.decode()


# --- Applications outside VOROC ----------------------------------------------------------------------------


def test_record_an_application_outside_voroc_and_see_it_on_the_pupil_page(world, client, nieuw):
    client.force_login(world["decaan"])
    response = client.post(
        reverse("aanmelden:extern_nieuw", kwargs={"pk": nieuw.pk}),
        {
            "instelling_naam": "Grafisch Lyceum Rotterdam",
            "opleiding_naam": "Mediavormgever",
            "niveau": 4,
            "uitkomst": "geplaatst",
            "toelichting": "Toelating na portfolio",
        },
    )
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Aanmeldingen buiten VOROC" in body and "Grafisch Lyceum Rotterdam" in body and "geplaatst" in body
    assert Terugkoppeling.objects.filter(leerling=nieuw, bericht__contains="Grafisch Lyceum Rotterdam").exists()
    client.force_login(world["intaker"])  # the mbo has no business with it (and does not see the pupil anyway)
    assert client.get(reverse("leerlingen:detail", kwargs={"pk": nieuw.pk})).status_code == 404


def test_outside_application_bad_input_writes_nothing(world, client, nieuw):
    client.force_login(world["decaan"])
    response = client.post(
        reverse("aanmelden:extern_nieuw", kwargs={"pk": nieuw.pk}),
        {"instelling_naam": "", "opleiding_naam": "Mediavormgever", "crebo": "12", "niveau": 7, "uitkomst": "x"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Een opleidingscode is vijf cijfers." in body and "Vul de mbo-instelling in." in body
    assert not ExterneAanmelding.objects.exists()


def test_outside_application_does_not_count_toward_the_cap(world, client, nieuw):
    externe_aanmelding_record(leerling=nieuw, instelling_naam="ROC Elders", opleiding_naam="Kok", user=world["decaan"])
    client.force_login(world["decaan"])
    apply(client, nieuw, world["opleiding_a"])
    assert apply(client, nieuw, f.OpleidingFactory(instelling=world["mbo_a"])).status_code == 302
    assert Aanmelding.objects.filter(leerling=nieuw).count() == 2


def test_update_the_outcome_of_an_outside_application(world, client, nieuw):
    externe = externe_aanmelding_record(
        leerling=nieuw, instelling_naam="ROC Elders", opleiding_naam="Kok", user=world["decaan"]
    )
    client.force_login(world["mentor"])
    url = reverse("aanmelden:extern_wijzigen", kwargs={"pk": externe.pk})
    assert "ROC Elders" in client.get(url).content.decode()
    assert client.post(url, {"uitkomst": "afgewezen", "toelichting": "Vol"}).status_code == 302
    externe.refresh_from_db()
    assert externe.uitkomst == ExterneUitkomst.AFGEWEZEN and externe.vastgelegd_door == world["mentor"]
    assert Terugkoppeling.objects.filter(leerling=nieuw, bericht__contains="was: aangemeld").exists()


def test_outside_application_service_rules(world, nieuw):
    with pytest.raises(DomainError, match="geen aanmeldingen registreren"):
        externe_aanmelding_record(leerling=nieuw, instelling_naam="A", opleiding_naam="B", user=world["zorg"])
    with pytest.raises(DomainError, match="naam van de instelling"):
        externe_aanmelding_record(leerling=nieuw, instelling_naam=" ", opleiding_naam="B", user=world["decaan"])
    with pytest.raises(DomainError, match="geldige status"):
        externe_aanmelding_record(
            leerling=nieuw, instelling_naam="A", opleiding_naam="B", uitkomst="zomaar", user=world["decaan"]
        )
    externe = externe_aanmelding_record(leerling=nieuw, instelling_naam="A", opleiding_naam="B", user=world["decaan"])
    with pytest.raises(DomainError, match="niet wijzigen"):
        externe_aanmelding_update(externe=externe, uitkomst="geplaatst", user=world["decaan_b"])
    assert ExterneAanmelding.objects.count() == 1


def test_outside_applications_scope(world, nieuw):
    externe_aanmelding_record(leerling=nieuw, instelling_naam="A", opleiding_naam="B", user=world["decaan"])
    assert ExterneAanmelding.objects.for_user(world["consulent"]).count() == 1
    for role in ("decaan_b", "consulent_b", "intaker", "servicedesk"):
        assert ExterneAanmelding.objects.for_user(world[role]).count() == 0
