"""The application rules of docs/domain.md, each failing when the rule breaks."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction

from aanmelding.models import Aanmelding
from aanmelding.services import (
    aanmelding_create,
    aanmelding_doorverwijzen,
    aanmelding_status_update,
    plaatsingsbesluit_record,
    toegang_waarschuwing,
)
from aanmelding.status import LANDELIJKE_STATUS, OVERGANGEN, Status
from rmc.models import Melding
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc.errors import DomainError

AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def leerling(world):
    return f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])


def apply(world, leerling, opleiding=None):
    return aanmelding_create(
        leerling=leerling, opleiding=opleiding or f.OpleidingFactory(instelling=world["mbo_a"]), user=world["decaan"]
    )


def test_at_most_two_applications(world, leerling):
    first, second = apply(world, leerling), apply(world, leerling)
    assert (first.keuze, second.keuze) == (1, 2)
    with pytest.raises(DomainError, match="ten hoogste 2"):
        apply(world, leerling)
    assert leerling.aanmeldingen.count() == 2


def test_cap_is_a_school_year_setting(world, leerling):
    world["schooljaar"].max_aanmeldingen = 3
    world["schooljaar"].save()
    for _ in range(3):
        apply(world, leerling)
    with pytest.raises(DomainError):
        apply(world, leerling)


def test_withdrawn_application_frees_its_place(world, leerling):
    first = apply(world, leerling)
    apply(world, leerling)
    aanmelding_status_update(aanmelding=first, naar=Status.INGETROKKEN, user=world["decaan"])
    third = apply(world, leerling)
    assert third.keuze == 1


def test_both_applications_at_one_institution(world, leerling):
    apply(world, leerling)
    with pytest.raises(DomainError, match="één mbo-instelling"):
        apply(world, leerling, f.OpleidingFactory(instelling=world["mbo_b"]))
    assert leerling.aanmeldingen.count() == 1


def test_one_institution_rule_can_be_switched_off(world, leerling):
    world["schooljaar"].een_instelling = False
    world["schooljaar"].save()
    apply(world, leerling)
    apply(world, leerling, f.OpleidingFactory(instelling=world["mbo_b"]))
    assert leerling.aanmeldingen.count() == 2


def test_same_programme_twice_is_refused(world, leerling):
    opleiding = f.OpleidingFactory(instelling=world["mbo_a"])
    apply(world, leerling, opleiding)
    with pytest.raises(DomainError, match="al aangemeld"):
        apply(world, leerling, opleiding)


def test_database_refuses_a_second_live_application_for_the_same_choice(world, leerling):
    a = apply(world, leerling)
    with pytest.raises(IntegrityError), transaction.atomic():
        Aanmelding.objects.create(
            leerling=leerling, opleiding=f.OpleidingFactory(instelling=world["mbo_a"]), keuze=a.keuze
        )


@pytest.mark.parametrize(
    "moment, op_tijd",
    [
        (datetime.datetime(2027, 3, 15, 10, 0, tzinfo=AMS), True),
        (datetime.datetime(2027, 4, 1, 23, 59, tzinfo=AMS), True),  # the whole of 1 April, Dutch time
        (datetime.datetime(2027, 4, 2, 0, 0, 30, tzinfo=AMS), False),
    ],
)
def test_on_or_before_1_april_carries_toelatingsrecht(world, leerling, moment, op_tijd):
    with time_machine.travel(moment, tick=False):
        a = apply(world, leerling, f.OpleidingFactory(instelling=world["mbo_a"], niveau=3))
    assert a.op_tijd is op_tijd
    assert a.toelatingsrecht is op_tijd
    assert a.te_laat is (not op_tijd)
    event = Terugkoppeling.objects.get(aanmelding=a)
    assert ("geen toelatingsrecht" in event.bericht) is (not op_tijd)


def test_entree_has_no_toelatingsrecht(world, leerling):
    with time_machine.travel(datetime.datetime(2027, 2, 1, 12, 0, tzinfo=AMS), tick=False):
        a = apply(world, leerling, f.OpleidingFactory(instelling=world["mbo_a"], niveau=1))
    assert a.op_tijd is True
    assert a.toelatingsrecht is False


def test_closed_programme_is_refused(world, leerling):
    with pytest.raises(DomainError, match="gesloten"):
        apply(world, leerling, f.OpleidingFactory(instelling=world["mbo_a"], actief=False))


def test_only_school_staff_apply_on_behalf_of_pupil(world, leerling):
    with pytest.raises(DomainError):
        aanmelding_create(leerling=leerling, opleiding=world["opleiding_a"], user=world["decaan_b"])
    with pytest.raises(DomainError):
        aanmelding_create(leerling=leerling, opleiding=world["opleiding_a"], user=world["intaker"])


@pytest.mark.parametrize(
    "leerweg, niveau, warns", [("BB", 3, True), ("KB", 3, False), ("BB", 2, False), ("PRO", 2, True), ("PRO", 1, False)]
)
def test_level_that_does_not_fit_warns(leerweg, niveau, warns):
    from aanmelding.models import Opleiding
    from leerlingen.models import Leerling

    leerling, opleiding = Leerling(leerweg=leerweg), Opleiding(niveau=niveau)
    assert (toegang_waarschuwing(leerling=leerling, opleiding=opleiding) is not None) is warns


def walk(world, aanmelding, *states):
    for state in states:
        aanmelding = aanmelding_status_update(aanmelding=aanmelding, naar=state, user=world["intaker"])
    return aanmelding


def test_life_cycle_records_the_three_feedback_moments(world):
    a = walk(world, world["aanmelding_a"], Status.IN_BEHANDELING, Status.INTAKE_GEPLAND, Status.INTAKE_GEHAD)
    plaatsingsbesluit_record(aanmelding=a, uitkomst=Status.GEPLAATST, user=world["intaker"])
    moments = list(
        Terugkoppeling.objects.filter(aanmelding=a).exclude(moment=None).order_by("pk").values_list("moment", flat=True)
    )
    assert moments == [1, 2, 3]
    a.refresh_from_db()
    assert a.status == Status.GEPLAATST
    assert a.landelijke_status == 2


def test_illegal_transition_is_refused(world):
    with pytest.raises(DomainError, match="kan niet naar"):
        walk(world, world["aanmelding_a"], Status.GESTART)
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == Status.AANGEMELD


def test_placement_decision_needs_intake_or_processing_first(world):
    with pytest.raises(DomainError):
        plaatsingsbesluit_record(aanmelding=world["aanmelding_a"], uitkomst=Status.GEPLAATST, user=world["intaker"])


def test_rejection_needs_a_legal_reason(world):
    a = walk(world, world["aanmelding_a"], Status.IN_BEHANDELING, Status.INTAKE_GEHAD)
    with pytest.raises(DomainError, match="reden"):
        plaatsingsbesluit_record(aanmelding=a, uitkomst=Status.AFGEWEZEN, user=world["intaker"])
    besluit = plaatsingsbesluit_record(
        aanmelding=a, uitkomst=Status.AFGEWEZEN, reden="vooropleiding", user=world["intaker"]
    )
    assert besluit.reden == "vooropleiding"


def test_conditional_placement_needs_its_condition(world):
    a = walk(world, world["aanmelding_a"], Status.IN_BEHANDELING, Status.INTAKE_GEHAD)
    with pytest.raises(DomainError, match="voorwaarde"):
        plaatsingsbesluit_record(aanmelding=a, uitkomst=Status.VOORWAARDELIJK_GEPLAATST, user=world["intaker"])


def test_other_institution_cannot_process(world):
    with pytest.raises(DomainError):
        aanmelding_status_update(aanmelding=world["aanmelding_a"], naar=Status.IN_BEHANDELING, user=world["intaker_b"])


def test_no_show_creates_a_melding_for_the_home_municipality(world):
    a = walk(world, world["aanmelding_a"], Status.IN_BEHANDELING, Status.INTAKE_GEHAD)
    plaatsingsbesluit_record(aanmelding=a, uitkomst=Status.GEPLAATST, user=world["intaker"])
    with f.na_de_start():
        walk(world, a, Status.INGESCHREVEN, Status.NIET_VERSCHENEN)
    melding = Melding.objects.get(leerling=world["leerling_a"])
    assert melding.soort == "niet_verschenen"
    assert melding in Melding.objects.for_user(world["consulent"])
    assert melding not in Melding.objects.for_user(world["consulent_b"])


def test_no_show_is_refused_before_the_programme_starts(world):
    a = walk(world, world["aanmelding_a"], Status.IN_BEHANDELING, Status.INTAKE_GEHAD)
    plaatsingsbesluit_record(aanmelding=a, uitkomst=Status.GEPLAATST, user=world["intaker"])
    walk(world, a, Status.INGESCHREVEN)
    a.opleiding.startdatum = datetime.date(2027, 9, 15)  # later than the school year's mbo start
    a.opleiding.save()
    # The day before the programme starts: refused.
    with time_machine.travel(datetime.datetime(2027, 9, 14, 12, tzinfo=AMS), tick=False):
        with pytest.raises(DomainError, match="vanaf 15 september 2027"):
            aanmelding_status_update(aanmelding=a, naar=Status.NIET_VERSCHENEN, user=world["intaker"])
    a.refresh_from_db()
    assert a.status == Status.INGESCHREVEN
    assert not Melding.objects.filter(leerling=world["leerling_a"]).exists()
    # From the start date on, it is accepted and the municipality gets its melding.
    with time_machine.travel(datetime.datetime(2027, 9, 15, 8, tzinfo=AMS), tick=False):
        aanmelding_status_update(aanmelding=a, naar=Status.NIET_VERSCHENEN, user=world["intaker"])
    assert Melding.objects.filter(leerling=world["leerling_a"], soort="niet_verschenen").count() == 1


def test_referral_closes_and_opens_a_new_application(world):
    a = walk(world, world["aanmelding_a"], Status.IN_BEHANDELING)
    other = f.OpleidingFactory(instelling=world["mbo_a"])
    nieuw = aanmelding_doorverwijzen(aanmelding=a, naar_opleiding=other, user=world["intaker"])
    a.refresh_from_db()
    assert a.status == Status.DOORVERWEZEN
    assert nieuw.status == Status.AANGEMELD and nieuw.doorverwezen_van == a and nieuw.keuze == a.keuze


def test_every_state_maps_to_a_national_code():
    assert set(LANDELIJKE_STATUS) == set(Status.values)
    assert all(code in (None, 0, 1, 2, 3, 4, 5) for code in LANDELIJKE_STATUS.values())
    assert all(target in Status.values for targets in OVERGANGEN.values() for target in targets)


def test_programme_closed_after_the_page_loaded_is_refused(world, leerling):
    opleiding = f.OpleidingFactory(instelling=world["mbo_a"])
    stale = type(opleiding).objects.get(pk=opleiding.pk)
    opleiding.actief = False
    opleiding.save()
    with pytest.raises(DomainError, match="gesloten"):
        aanmelding_create(leerling=leerling, opleiding=stale, user=world["decaan"])
