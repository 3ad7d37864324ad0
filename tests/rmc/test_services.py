"""Service tests for every rmc rule, including the refusal paths."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from leerlingen.services import elders_record, leerling_contact_update, leerling_verhuizen
from rmc.models import Contactmoment, Melding, MeldingGebeurtenis, Traject, Verhuizing
from rmc.services import (
    contactmoment_record,
    melding_create_risico,
    melding_notitie_create,
    melding_status_update,
    melding_toewijzen,
    traject_afsluiten,
    traject_starten,
)
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc.errors import DomainError

AMS = ZoneInfo("Europe/Amsterdam")


# --- Risk melding ----------------------------------------------------------------------------


def test_risk_melding_records_reason_note_consent_and_marks_the_pupil(world, risico):
    leerling = world["leerling_a"]
    leerling.refresh_from_db()
    assert risico.reden == "Veel verzuim" and risico.toelichting == "Sinds januari vaak afwezig."
    assert risico.toestemming_besproken is True
    assert risico.status == "open" and risico.melder_organisatie == world["school_a"]
    assert leerling.risico is True
    assert Terugkoppeling.objects.filter(leerling=leerling, soort="melding").exists()
    assert risico.gebeurtenissen.get().soort == "ontvangen"


@pytest.mark.parametrize("month", [1, 3, 8, 11])
def test_risk_melding_any_time_of_year(world, month):
    with time_machine.travel(datetime.datetime(2027, month, 15, 10, tzinfo=AMS), tick=False):
        melding = melding_create_risico(leerling=world["leerling_a"], user=world["mentor"], reden="Zorgen")
    assert melding.pk


@pytest.mark.parametrize("role", ["zorg", "intaker", "consulent", "decaan_b", "servicedesk"])
def test_risk_melding_refused_without_permission_at_the_school(world, role):
    with pytest.raises(DomainError):
        melding_create_risico(leerling=world["leerling_a"], user=world[role], reden="Zorgen")
    assert not Melding.objects.exists()


@pytest.mark.parametrize("reden", ["", "   ", "x" * 201])
def test_risk_melding_needs_a_reason_of_sensible_length(world, reden):
    with pytest.raises(DomainError) as e:
        melding_create_risico(leerling=world["leerling_a"], user=world["decaan"], reden=reden)
    assert e.value.field == "reden"
    assert not Melding.objects.exists()


def test_second_open_risk_melding_is_refused_but_allowed_after_closing(world, risico):
    with pytest.raises(DomainError, match="loopt al"):
        melding_create_risico(leerling=world["leerling_a"], user=world["decaan"], reden="Nog eens")
    melding_status_update(melding=risico, status="in_behandeling", user=world["consulent"])
    melding_status_update(
        melding=risico,
        status="afgesloten",
        resultaat="onderwijs",
        uitkomst="Weer naar school.",
        user=world["consulent"],
    )
    assert melding_create_risico(leerling=world["leerling_a"], user=world["decaan"], reden="Opnieuw").pk


# --- Handling: open -> in behandeling -> afgesloten -------------------------------------------


def test_melding_goes_through_the_states_with_an_outcome(world, risico):
    c = world["consulent"]
    m = melding_status_update(melding=risico, status="in_behandeling", user=c, notitie="Opgepakt")
    assert m.status == "in_behandeling" and m.behandelaar == c
    m = melding_status_update(
        melding=m, status="afgesloten", resultaat="begeleiding", uitkomst="Naar De Overstap.", user=c
    )
    assert (m.status, m.resultaat, m.uitkomst) == ("afgesloten", "begeleiding", "Naar De Overstap.")
    events = list(m.gebeurtenissen.order_by("pk").values_list("soort", "status"))
    assert events == [("ontvangen", "open"), ("status", "in_behandeling"), ("status", "afgesloten")]
    # The school sees the state on the pupil's timeline, not the municipality's outcome text.
    berichten = list(Terugkoppeling.objects.filter(leerling=world["leerling_a"]).values_list("bericht", flat=True))
    assert any("afgesloten" in b for b in berichten)
    assert not any("De Overstap" in b for b in berichten)


def test_melding_cannot_skip_in_behandeling(world, risico):
    with pytest.raises(DomainError) as e:
        melding_status_update(
            melding=risico, status="afgesloten", resultaat="werk", uitkomst="Werkt.", user=world["consulent"]
        )
    assert e.value.field == "status"
    risico.refresh_from_db()
    assert risico.status == "open"


@pytest.mark.parametrize(
    "resultaat,uitkomst,field", [("", "Tekst", "resultaat"), ("onzin", "Tekst", "resultaat"), ("werk", " ", "uitkomst")]
)
def test_closing_needs_result_and_outcome(world, risico, resultaat, uitkomst, field):
    melding_status_update(melding=risico, status="in_behandeling", user=world["consulent"])
    with pytest.raises(DomainError) as e:
        melding_status_update(
            melding=risico, status="afgesloten", resultaat=resultaat, uitkomst=uitkomst, user=world["consulent"]
        )
    assert e.value.field == field
    risico.refresh_from_db()
    assert risico.status == "in_behandeling"


def test_closed_melding_can_be_reopened_with_a_trace(world, risico):
    c = world["consulent"]
    melding_status_update(melding=risico, status="in_behandeling", user=c)
    melding_status_update(melding=risico, status="afgesloten", resultaat="werk", uitkomst="Werkt.", user=c)
    m = melding_status_update(melding=risico, status="in_behandeling", user=c, notitie="Toch niet aan het werk")
    assert m.status == "in_behandeling"
    assert m.gebeurtenissen.first().tekst.startswith("Heropend.")


def test_invalid_status_value_is_refused(world, risico):
    with pytest.raises(DomainError):
        melding_status_update(melding=risico, status="weg", user=world["consulent"])


@pytest.mark.parametrize("role", ["consulent_b", "decaan", "intaker", "servicedesk"])
def test_only_the_home_municipality_handles_a_melding(world, risico, role):
    with pytest.raises(DomainError):
        melding_status_update(melding=risico, status="in_behandeling", user=world[role])
    with pytest.raises(DomainError):
        melding_notitie_create(melding=risico, tekst="x", user=world[role])
    with pytest.raises(DomainError):
        melding_toewijzen(melding=risico, behandelaar=world["consulent"], user=world[role])
    risico.refresh_from_db()
    assert risico.status == "open" and risico.behandelaar is None


def test_noshow_melding_from_the_mbo_is_handled_by_the_municipality(world, noshow):
    assert noshow.soort == "niet_verschenen" and noshow.melder_organisatie == world["mbo_a"]
    c = world["consulent"]
    melding_status_update(melding=noshow, status="in_behandeling", user=c)
    m = melding_status_update(
        melding=noshow, status="afgesloten", resultaat="onderwijs", uitkomst="Start later.", user=c
    )
    assert m.status == "afgesloten"


# --- Assignment and notes -----------------------------------------------------------------------


def test_assign_to_a_colleague_of_the_same_municipality(world, risico, collega):
    m = melding_toewijzen(melding=risico, behandelaar=collega, user=world["consulent"])
    assert m.behandelaar == collega
    assert m.gebeurtenissen.first().soort == "toewijzing"
    with pytest.raises(DomainError, match="al toegewezen"):
        melding_toewijzen(melding=risico, behandelaar=collega, user=world["consulent"])


@pytest.mark.parametrize("who", ["consulent_b", "decaan", "intaker"])
def test_assign_refuses_someone_outside_the_municipality(world, risico, who):
    with pytest.raises(DomainError) as e:
        melding_toewijzen(melding=risico, behandelaar=world[who], user=world["consulent"])
    assert e.value.field == "behandelaar"
    risico.refresh_from_db()
    assert risico.behandelaar is None


def test_assign_refuses_a_deactivated_colleague(world, risico, collega):
    collega.is_active = False
    collega.save()
    with pytest.raises(DomainError):
        melding_toewijzen(melding=risico, behandelaar=collega, user=world["consulent"])


def test_notes_append_to_the_history(world, risico):
    melding_notitie_create(melding=risico, tekst="Moeder gebeld.", user=world["consulent"])
    melding_notitie_create(melding=risico, tekst="Afspraak op school.", user=world["consulent"])
    notes = list(risico.gebeurtenissen.filter(soort="notitie").order_by("pk").values_list("tekst", flat=True))
    assert notes == ["Moeder gebeld.", "Afspraak op school."]
    with pytest.raises(DomainError):
        melding_notitie_create(melding=risico, tekst="  ", user=world["consulent"])
    assert MeldingGebeurtenis.objects.filter(soort="notitie").count() == 2


# --- Guidance -----------------------------------------------------------------------------------


def test_first_contact_moment_starts_a_trajectory(world):
    leerling, c = world["leerling_a"], world["consulent"]
    today = datetime.date.today()
    cm = contactmoment_record(
        leerling=leerling,
        user=c,
        datum=today,
        soort="gesprek",
        notitie="Kennismaking.",
        vervolgstap="Open dag bezoeken",
        vervolgdatum=today + datetime.timedelta(days=7),
    )
    assert cm.traject.open and cm.traject.gemeente == world["gem_a"] and cm.traject.begeleider == c
    cm2 = contactmoment_record(leerling=leerling, user=c, datum=today, soort="telefoon", notitie="Nagebeld.")
    assert cm2.traject == cm.traject
    # Guidance is municipal: nothing of it goes to the pupil's shared timeline.
    assert not Terugkoppeling.objects.filter(bericht__contains="Kennismaking").exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"soort": "onzin"}, "soort"),
        ({"datum": datetime.date.today() + datetime.timedelta(days=1)}, "datum"),
        ({"vervolgdatum": datetime.date.today() - datetime.timedelta(days=1)}, "vervolgdatum"),
        ({"notitie": " "}, "notitie"),
    ],
)
def test_contact_moment_rules(world, kwargs, field):
    data = {"datum": datetime.date.today(), "soort": "gesprek", "notitie": "Gesprek.", **kwargs}
    with pytest.raises(DomainError) as e:
        contactmoment_record(leerling=world["leerling_a"], user=world["consulent"], **data)
    assert e.value.field == field
    assert not Contactmoment.objects.exists() and not Traject.objects.exists()


@pytest.mark.parametrize("role", ["consulent_b", "decaan", "mentor", "intaker", "servicedesk"])
def test_guidance_only_by_the_home_municipality(world, role):
    with pytest.raises(DomainError):
        contactmoment_record(
            leerling=world["leerling_a"], user=world[role], datum=datetime.date.today(), soort="gesprek", notitie="x"
        )
    with pytest.raises(DomainError):
        traject_starten(leerling=world["leerling_a"], user=world[role])


def test_one_open_trajectory_per_pupil(world):
    traject_starten(leerling=world["leerling_a"], user=world["consulent"])
    with pytest.raises(DomainError, match="loopt al"):
        traject_starten(leerling=world["leerling_a"], user=world["consulent"])


def test_closing_a_trajectory_records_the_destination_as_elders(world):
    traject = traject_starten(leerling=world["leerling_a"], user=world["consulent"])
    f.aanmeldingen_afgewezen(world["leerling_a"])
    t = traject_afsluiten(traject=traject, user=world["consulent"], bestemming="werk", toelichting="Bij een bakker.")
    assert not t.open and t.bestemming == "werk"
    world["leerling_a"].refresh_from_db()
    assert world["leerling_a"].elders.soort == "werk"
    with pytest.raises(DomainError, match="al afgesloten"):
        traject_afsluiten(traject=traject, user=world["consulent"], bestemming="werk")


def test_closing_with_mbo_voroc_records_no_elders(world):
    traject = traject_starten(leerling=world["leerling_a"], user=world["consulent"])
    traject_afsluiten(traject=traject, user=world["consulent"], bestemming="mbo_voroc")
    world["leerling_a"].refresh_from_db()
    assert not hasattr(world["leerling_a"], "elders")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"bestemming": "maan"},
        {"bestemming": "werk", "afgesloten_op": datetime.date(2000, 1, 1)},
        {"bestemming": "werk", "afgesloten_op": datetime.date.today() + datetime.timedelta(days=3)},
    ],
)
def test_closing_a_trajectory_rules(world, kwargs):
    traject = traject_starten(leerling=world["leerling_a"], user=world["consulent"])
    with pytest.raises(DomainError):
        traject_afsluiten(traject=traject, user=world["consulent"], **kwargs)
    traject.refresh_from_db()
    assert traject.open


def test_closing_refused_for_another_municipality(world):
    traject = traject_starten(leerling=world["leerling_a"], user=world["consulent"])
    with pytest.raises(DomainError):
        traject_afsluiten(traject=traject, user=world["consulent_b"], bestemming="werk")


def test_municipality_records_elders(world):
    f.aanmeldingen_afgewezen(world["leerling_a"])
    elders = elders_record(leerling=world["leerling_a"], soort="dagbesteding", user=world["consulent"])
    assert elders.soort == "dagbesteding"
    with pytest.raises(DomainError):
        elders_record(leerling=world["leerling_a"], soort="werk", user=world["consulent_b"])


# --- Contact data ------------------------------------------------------------------------------


def test_municipality_updates_contact_data(world):
    leerling = leerling_contact_update(
        leerling=world["leerling_a"],
        user=world["consulent"],
        straat="Spui",
        huisnummer="70",
        postcode="2511bt",
        woonplaats="Den Haag",
        telefoon="06 12345678",
        email="Leerling@Example.nl",
    )
    leerling.refresh_from_db()
    assert (leerling.postcode, leerling.telefoon, leerling.email) == ("2511 BT", "06 12345678", "leerling@example.nl")
    event = Terugkoppeling.objects.filter(leerling=leerling, soort="leerling").get()
    assert "telefoon" in event.bericht and "06 12345678" not in event.bericht


@pytest.mark.parametrize(
    "kwargs,field",
    [({"postcode": "12345"}, "postcode"), ({"telefoon": "bel me"}, "telefoon"), ({"email": "geen-adres"}, "email")],
)
def test_contact_data_is_checked_and_nothing_written(world, kwargs, field):
    before = world["leerling_a"].postcode
    with pytest.raises(DomainError) as e:
        leerling_contact_update(leerling=world["leerling_a"], user=world["consulent"], **kwargs)
    assert e.value.field == field
    world["leerling_a"].refresh_from_db()
    assert world["leerling_a"].postcode == before


def test_contact_data_refused_for_another_municipality(world):
    with pytest.raises(DomainError):
        leerling_contact_update(leerling=world["leerling_a"], user=world["consulent_b"], telefoon="0612345678")


def test_unchanged_contact_data_writes_no_event(world):
    leerling_contact_update(
        leerling=world["leerling_a"], user=world["consulent"], postcode=world["leerling_a"].postcode
    )
    assert not Terugkoppeling.objects.filter(soort="leerling").exists()


# --- Moves --------------------------------------------------------------------------------------


def test_move_records_a_verhuizing_note(world):
    leerling_verhuizen(
        leerling=world["leerling_a"],
        woongemeente=world["gem_b"],
        user=world["consulent"],
        datum=datetime.date(2027, 2, 1),
    )
    v = Verhuizing.objects.get()
    assert (v.van_gemeente, v.naar_gemeente, v.datum) == (world["gem_a"], world["gem_b"], datetime.date(2027, 2, 1))
    assert v.vastgelegd_door == world["consulent"]


def test_move_refused_by_the_other_municipality_and_to_the_same_one(world):
    with pytest.raises(DomainError):
        leerling_verhuizen(leerling=world["leerling_a"], woongemeente=world["gem_b"], user=world["consulent_b"])
    with pytest.raises(DomainError):
        leerling_verhuizen(leerling=world["leerling_a"], woongemeente=world["gem_a"], user=world["consulent"])
    assert not Verhuizing.objects.exists()


def test_move_to_a_school_is_refused(world):
    with pytest.raises(DomainError):
        leerling_verhuizen(leerling=world["leerling_a"], woongemeente=world["school_b"], user=world["consulent"])


def test_factory_sanity(world):
    assert f.LeerlingFactory(school=world["school_a"]).woongemeente == world["gem_a"]
