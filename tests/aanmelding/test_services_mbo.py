"""The mbo's steps on an application: each rule and each refusal, through the services."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db.models import ProtectedError

from aanmelding.models import Aanmelding, Intake, Opleiding
from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record
from aanmelding.services_mbo import (
    BulkError,
    aanmelding_landelijke_status_record,
    aanmelding_ontvangen,
    aanmeldingen_bulk,
    intake_afronden,
    intake_plannen,
    opleiding_create,
    opleiding_delete,
    opleiding_sluiten,
    opleiding_update,
)
from aanmelding.status import OVERGANGEN, Status
from rmc.models import Melding
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc.errors import DomainError

from .conftest import maak_aanmelding

AMS = ZoneInfo("Europe/Amsterdam")
MORGEN = datetime.date.today() + datetime.timedelta(days=1)


def _events(aanmelding):
    return list(Terugkoppeling.objects.filter(aanmelding=aanmelding).order_by("tijdstip", "pk"))


def test_received_is_feedback_moment_one(aanmelding, intaker):
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.IN_BEHANDELING
    event = _events(aanmelding)[-1]
    assert event.moment == 1 and event.organisatie == aanmelding.opleiding.instelling
    assert "ontvangen" in event.bericht


def test_other_institution_may_not_record_a_step(world, aanmelding):
    with pytest.raises(DomainError, match="niet vastleggen"):
        aanmelding_ontvangen(aanmelding=aanmelding, user=world["intaker_b"])
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.AANGEMELD and not _events(aanmelding)


def test_school_may_not_record_mbo_steps(world, aanmelding):
    with pytest.raises(DomainError):
        aanmelding_ontvangen(aanmelding=aanmelding, user=world["decaan"])


def test_intake_planned_with_date_time_place_and_message(aanmelding, intaker):
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    intake = intake_plannen(
        aanmelding=aanmelding,
        datum=MORGEN,
        tijd=datetime.time(10, 30),
        plaats="Lokaal 2.14, Wateringseveld",
        bericht="Neem je cijferlijst mee.",
        user=intaker,
    )
    assert Intake.objects.get() == intake and intake.gepland_door == intaker
    event = _events(aanmelding)[-1]
    assert event.moment == 2 and event.status == Status.INTAKE_GEPLAND
    assert "10:30" in event.bericht and "Lokaal 2.14" in event.bericht and "cijferlijst" in event.bericht


def test_intake_can_be_replanned(aanmelding, intaker):
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    for uur in (9, 14):
        intake_plannen(aanmelding=aanmelding, datum=MORGEN, tijd=datetime.time(uur), plaats="Delft", user=intaker)
    assert Intake.objects.filter(aanmelding=aanmelding).count() == 2


def test_intake_before_receipt_is_refused(aanmelding, intaker):
    with pytest.raises(DomainError, match="kan niet naar"):
        intake_plannen(aanmelding=aanmelding, datum=MORGEN, tijd=datetime.time(9), plaats="Delft", user=intaker)
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    ("datum", "plaats", "veld"),
    [(datetime.date(2000, 1, 1), "Delft", "datum"), (MORGEN, "  ", "plaats")],
)
def test_intake_needs_a_plausible_date_and_a_place(aanmelding, intaker, datum, plaats, veld):
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    with pytest.raises(DomainError) as e:
        intake_plannen(aanmelding=aanmelding, datum=datum, tijd=datetime.time(9), plaats=plaats, user=intaker)
    assert e.value.field == veld
    assert not Intake.objects.exists()


def test_intake_held_with_studiekeuzeadvies(aanmelding, intaker):
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    intake_plannen(aanmelding=aanmelding, datum=MORGEN, tijd=datetime.time(9), plaats="Delft", user=intaker)
    intake = intake_afronden(aanmelding=aanmelding, user=intaker, studiekeuzeadvies="Overweeg ook niveau 3 ICT.")
    assert intake.gehad_op is not None and intake.studiekeuzeadvies == "Overweeg ook niveau 3 ICT."
    assert "Studiekeuzeadvies: Overweeg ook niveau 3 ICT." in _events(aanmelding)[-1].bericht


def test_intake_held_without_a_planned_appointment(aanmelding, intaker):
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    intake = intake_afronden(aanmelding=aanmelding, user=intaker)
    assert intake.gehad_op is not None and intake.studiekeuzeadvies == ""


def test_the_whole_path_to_enrolment_and_start(aanmelding, intaker):
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    intake_plannen(aanmelding=aanmelding, datum=MORGEN, tijd=datetime.time(9), plaats="Delft", user=intaker)
    intake_afronden(aanmelding=aanmelding, user=intaker)
    plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst=Status.GEPLAATST, user=intaker)
    aanmelding_status_update(aanmelding=aanmelding, naar=Status.INGESCHREVEN, user=intaker)
    aanmelding_status_update(aanmelding=aanmelding, naar=Status.GESTART, user=intaker)
    aanmelding.refresh_from_db()
    assert aanmelding.status == Status.GESTART and aanmelding.landelijke_status == 5
    assert [e.moment for e in _events(aanmelding) if e.moment] == [1, 2, 3]
    assert not Melding.objects.exists()


def test_no_show_creates_a_melding_for_the_home_municipality(world, intaker):
    a = maak_aanmelding(world, status=Status.INGESCHREVEN)
    with f.na_de_start():
        aanmelding_status_update(aanmelding=a, naar=Status.NIET_VERSCHENEN, user=intaker)
    melding = Melding.objects.get(aanmelding=a)
    assert melding.soort == "niet_verschenen" and melding.leerling.woongemeente == world["gem_a"]
    assert Melding.objects.for_user(world["consulent"]).filter(pk=melding.pk).exists()
    assert not Melding.objects.for_user(world["consulent_b"]).exists()


MBO_STAPPEN = (
    Status.IN_BEHANDELING,
    Status.INTAKE_GEPLAND,
    Status.INTAKE_GEHAD,
    Status.INGESCHREVEN,
    Status.GESTART,
    Status.NIET_VERSCHENEN,
)
ILLEGAAL = [
    (van, naar)
    for van in Status
    if van != Status.CONCEPT
    for naar in MBO_STAPPEN
    if naar not in OVERGANGEN.get(van, ())
]


@pytest.mark.parametrize(("van", "naar"), ILLEGAAL, ids=[f"{v}->{n}" for v, n in ILLEGAAL])
def test_illegal_transitions_are_refused(world, intaker, van, naar):
    a = maak_aanmelding(world, status=van)
    with pytest.raises(DomainError, match="kan niet naar"):
        aanmelding_status_update(aanmelding=a, naar=naar, user=intaker)
    a.refresh_from_db()
    assert a.status == van and not _events(a) and not Melding.objects.exists()


@pytest.mark.parametrize("van", [Status.AANGEMELD, Status.GEPLAATST, Status.GESTART, Status.INGESCHREVEN])
def test_decision_only_after_receipt_or_intake(world, intaker, van):
    a = maak_aanmelding(world, status=van)
    with pytest.raises(DomainError, match="kan geen besluit"):
        plaatsingsbesluit_record(aanmelding=a, uitkomst=Status.GEPLAATST, user=intaker)


def test_feedback_after_the_deadline_is_marked_late(aanmelding, intaker, world):
    deadline = world["schooljaar"].terugkoppeling_gereed
    na = datetime.datetime.combine(deadline + datetime.timedelta(days=1), datetime.time(10), tzinfo=AMS)
    with time_machine.travel(na, tick=False):
        aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    assert "Te late terugkoppeling" in _events(aanmelding)[-1].bericht


def test_feedback_on_the_deadline_is_not_late(aanmelding, intaker, world):
    deadline = world["schooljaar"].terugkoppeling_gereed
    op = datetime.datetime.combine(deadline, datetime.time(23, 30), tzinfo=AMS)
    with time_machine.travel(op, tick=False):
        aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
        intake_afronden(aanmelding=aanmelding, user=intaker)  # no feedback moment, never marked
    assert not any("Te late" in e.bericht for e in _events(aanmelding))


def test_late_decision_is_marked_too(world, intaker):
    a = maak_aanmelding(world, status=Status.INTAKE_GEHAD)
    na = datetime.datetime.combine(world["schooljaar"].terugkoppeling_gereed, datetime.time(8), tzinfo=AMS)
    with time_machine.travel(na + datetime.timedelta(days=3), tick=False):
        plaatsingsbesluit_record(aanmelding=a, uitkomst=Status.WACHTLIJST, user=intaker)
    assert "Te late terugkoppeling" in _events(a)[-1].bericht


# --- bulk -----------------------------------------------------------------------------------


def test_bulk_receive_all(world, intaker):
    items = [maak_aanmelding(world) for _ in range(3)]
    assert aanmeldingen_bulk(aanmeldingen=items, actie="ontvangen", user=intaker) == 3
    assert set(Aanmelding.objects.filter(pk__in=[a.pk for a in items]).values_list("status", flat=True)) == {
        Status.IN_BEHANDELING
    }


def test_bulk_is_all_or_nothing_and_lists_refusals(world, intaker):
    goed = [maak_aanmelding(world) for _ in range(2)]
    fout = maak_aanmelding(world, status=Status.GESTART)
    with pytest.raises(BulkError) as e:
        aanmeldingen_bulk(aanmeldingen=[*goed, fout], actie="ontvangen", user=intaker)
    assert [a.pk for a, _ in e.value.weigeringen] == [fout.pk]
    assert "niets vastgelegd" in e.value.message
    assert set(Aanmelding.objects.filter(pk__in=[a.pk for a in goed]).values_list("status", flat=True)) == {
        Status.AANGEMELD
    }
    assert not Terugkoppeling.objects.exists()


def test_bulk_plan_intake(world, intaker):
    items = [maak_aanmelding(world, status=Status.IN_BEHANDELING) for _ in range(2)]
    intake = {"datum": MORGEN, "tijd": datetime.time(13), "plaats": "Zoetermeer", "bericht": ""}
    aanmeldingen_bulk(aanmeldingen=items, actie="intake", user=intaker, intake=intake)
    assert Intake.objects.count() == 2


def test_bulk_by_a_foreign_intaker_is_refused_whole(world):
    items = [maak_aanmelding(world)]
    with pytest.raises(BulkError):
        aanmeldingen_bulk(aanmeldingen=items, actie="ontvangen", user=world["intaker_b"])


def test_bulk_needs_a_valid_action_and_a_selection(world, intaker):
    with pytest.raises(DomainError, match="Kies een actie"):
        aanmeldingen_bulk(aanmeldingen=[maak_aanmelding(world)], actie="verwijderen", user=intaker)
    with pytest.raises(DomainError, match="Selecteer"):
        aanmeldingen_bulk(aanmeldingen=[], actie="ontvangen", user=intaker)


def test_bulk_intake_held(world, intaker):
    items = [maak_aanmelding(world, status=Status.INTAKE_GEPLAND) for _ in range(2)]
    assert aanmeldingen_bulk(aanmeldingen=items, actie="intake_gehad", user=intaker) == 2
    assert set(Aanmelding.objects.filter(pk__in=[a.pk for a in items]).values_list("status", flat=True)) == {
        Status.INTAKE_GEHAD
    }
    assert Intake.objects.filter(gehad_op__isnull=False).count() == 2  # through intake_afronden


@pytest.mark.parametrize(
    "actie, van, naar",
    [("ingeschreven", Status.GEPLAATST, Status.INGESCHREVEN), ("gestart", Status.INGESCHREVEN, Status.GESTART)],
)
def test_bulk_enrolment_and_start(world, intaker, actie, van, naar):
    items = [maak_aanmelding(world, status=van) for _ in range(3)]
    aanmeldingen_bulk(aanmeldingen=items, actie=actie, user=intaker, bericht="Lijst van de administratie")
    assert set(Aanmelding.objects.filter(pk__in=[a.pk for a in items]).values_list("status", flat=True)) == {naar}
    assert Terugkoppeling.objects.filter(status=naar, bericht="Lijst van de administratie").count() == 3


def test_bulk_no_show_makes_a_melding_per_pupil(world, intaker):
    begonnen = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date.today() - datetime.timedelta(3))
    items = [maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=begonnen) for _ in range(2)]
    aanmeldingen_bulk(aanmeldingen=items, actie="niet_verschenen", user=intaker)
    assert set(Aanmelding.objects.filter(pk__in=[a.pk for a in items]).values_list("status", flat=True)) == {
        Status.NIET_VERSCHENEN
    }
    assert set(Melding.objects.filter(soort="niet_verschenen").values_list("leerling_id", flat=True)) == {
        a.leerling_id for a in items
    }


def test_bulk_no_show_before_the_start_refuses_the_batch_and_names_the_pupil(world, intaker):
    """The rule of the single step (no no-show before the programme has begun) holds in bulk: one
    such application refuses the whole batch, named, and nothing is written."""
    begonnen = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date.today() - datetime.timedelta(3))
    later = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=MORGEN)
    goed = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=begonnen)
    te_vroeg = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=later)
    with pytest.raises(BulkError) as e:
        aanmeldingen_bulk(aanmeldingen=[goed, te_vroeg], actie="niet_verschenen", user=intaker)
    assert [a.pk for a, _ in e.value.weigeringen] == [te_vroeg.pk]
    assert te_vroeg.leerling.volledige_naam in e.value.message and "pas worden vastgelegd" in e.value.message
    assert goed.leerling.volledige_naam not in e.value.message
    assert set(Aanmelding.objects.filter(pk__in=[goed.pk, te_vroeg.pk]).values_list("status", flat=True)) == {
        Status.INGESCHREVEN
    }
    assert not Melding.objects.exists() and not Terugkoppeling.objects.exists()


@pytest.mark.parametrize(
    "actie, verkeerd",
    [("intake_gehad", Status.AANGEMELD), ("ingeschreven", Status.IN_BEHANDELING), ("gestart", Status.GEPLAATST)],
)
def test_bulk_step_refused_by_the_life_cycle_writes_nothing(world, intaker, actie, verkeerd):
    van = {"intake_gehad": Status.INTAKE_GEPLAND, "ingeschreven": Status.GEPLAATST, "gestart": Status.INGESCHREVEN}
    goed = maak_aanmelding(world, status=van[actie])
    fout = maak_aanmelding(world, status=verkeerd)
    with pytest.raises(BulkError) as e:
        aanmeldingen_bulk(aanmeldingen=[goed, fout], actie=actie, user=intaker)
    assert fout.leerling.volledige_naam in e.value.message
    assert Aanmelding.objects.get(pk=goed.pk).status == van[actie]
    assert not Terugkoppeling.objects.exists() and not Intake.objects.exists()


# --- programmes -----------------------------------------------------------------------------


def _velden(world, **extra):
    return {
        "locatie": f.LocatieFactory(instelling=world["mbo_a"]),
        "crebo": "25187",
        "naam": "Verzorgende IG",
        "niveau": 3,
        "leerweg": "BBL",
        "startdatum": datetime.date(2027, 9, 1),
        "capaciteit": 24,
        "strenge_toelating": False,
        **extra,
    }


def test_programme_create_and_update(world, intaker):
    o = opleiding_create(instelling=world["mbo_a"], user=intaker, **_velden(world))
    assert o.instelling == world["mbo_a"] and o.actief
    opleiding_update(opleiding=o, user=intaker, naam="Verzorgende-IG", capaciteit=None, instelling=world["mbo_b"])
    o.refresh_from_db()
    assert o.naam == "Verzorgende-IG" and o.capaciteit is None and o.instelling == world["mbo_a"]


def test_programme_of_another_institution_is_refused(world, intaker):
    with pytest.raises(DomainError, match="niet beheren"):
        opleiding_create(instelling=world["mbo_b"], user=intaker, **_velden(world))
    with pytest.raises(DomainError, match="niet beheren"):
        opleiding_update(opleiding=world["opleiding_b"], user=intaker, naam="Gekaapt")
    assert Opleiding.objects.filter(naam="Gekaapt").count() == 0


def test_programme_location_must_be_own(world, intaker):
    with pytest.raises(DomainError, match="locatie"):
        vreemd = f.LocatieFactory(instelling=world["mbo_b"])
        opleiding_create(instelling=world["mbo_a"], user=intaker, **_velden(world, locatie=vreemd))


def test_programme_invalid_crebo_gives_a_dutch_message(world, intaker):
    with pytest.raises(DomainError, match="vijf cijfers"):
        opleiding_create(instelling=world["mbo_a"], user=intaker, **_velden(world, crebo="12A"))


def test_programme_with_applications_cannot_be_deleted_only_closed(world, intaker):
    o = world["opleiding_a"]
    with pytest.raises(DomainError, match="alleen|sluit"):
        opleiding_delete(opleiding=o, user=intaker)
    assert Opleiding.objects.filter(pk=o.pk).exists()
    opleiding_sluiten(opleiding=o, user=intaker)
    o.refresh_from_db()
    assert o.actief is False and Aanmelding.objects.filter(opleiding=o).exists()


def test_database_protects_a_programme_with_applications(world):
    with pytest.raises(ProtectedError):
        world["opleiding_a"].delete()


def test_programme_without_applications_can_be_deleted(world, intaker):
    o = f.OpleidingFactory(instelling=world["mbo_a"])
    opleiding_delete(opleiding=o, user=intaker)
    assert not Opleiding.objects.filter(pk=o.pk).exists()


def test_closed_programme_takes_no_new_applications(world, intaker):
    from aanmelding.services import aanmelding_create

    o = f.OpleidingFactory(instelling=world["mbo_a"])
    o = opleiding_sluiten(opleiding=o, user=intaker)
    leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    with pytest.raises(DomainError, match="gesloten"):
        aanmelding_create(leerling=leerling, opleiding=o, user=world["decaan"])


# --- a step by national status code ---------------------------------------------------------------


@pytest.mark.parametrize(
    "van, code, reden, naar",
    [
        ("aangemeld", 1, "", "in_behandeling"),
        ("in_behandeling", 2, "", "geplaatst"),
        ("in_behandeling", 3, "uitgeloot", "uitgeloot"),
        ("intake_gehad", 3, "BSA", "afgewezen"),
        ("geplaatst", 5, "", "ingeschreven"),
        ("in_behandeling", 4, "", "ingetrokken"),
    ],
)
def test_landelijke_status_record_takes_the_step_of_the_code(world, van, code, reden, naar):
    aanmelding = maak_aanmelding(world, status=van)
    assert (
        aanmelding_landelijke_status_record(aanmelding=aanmelding, code=code, reden=reden, user=world["intaker"])
        == naar
    )
    aanmelding.refresh_from_db()
    assert aanmelding.status == naar and aanmelding.landelijke_status == code


def test_landelijke_status_record_refuses_what_the_code_cannot_say(world):
    aanmelding = maak_aanmelding(world, status="in_behandeling")
    intaker = world["intaker"]
    assert aanmelding_landelijke_status_record(aanmelding=aanmelding, code=1, user=intaker) is None  # has it already
    with pytest.raises(DomainError, match="Code 0 kan niet"):
        aanmelding_landelijke_status_record(aanmelding=aanmelding, code=0, user=intaker)
    with pytest.raises(DomainError, match="wettelijke afwijzingsgrond"):
        aanmelding_landelijke_status_record(aanmelding=aanmelding, code=3, reden="geen zin", user=intaker)
    with pytest.raises(DomainError, match="bestaat niet"):
        aanmelding_landelijke_status_record(aanmelding=aanmelding, code=6, user=intaker)
    with pytest.raises(DomainError):  # another institution's intaker: the life-cycle service's check
        aanmelding_landelijke_status_record(aanmelding=aanmelding, code=2, user=world["intaker_b"])
    aanmelding.refresh_from_db()
    assert aanmelding.status == "in_behandeling"
