"""Who hears of which timeline event. The real services of the other apps
record the events; notifications are written once the transaction commits."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from aanmelding import services as aanmelding_services
from leerlingen import services as leerling_services
from rmc import services as rmc_services
from terugkoppeling.models import MailStatus, Notificatie, NotificatieSoort
from terugkoppeling.notificaties import notificaties_voor_terugkoppeling
from terugkoppeling.services import terugkoppeling_record
from tests import factories as f

pytestmark = pytest.mark.django_db


def pks(w, *keys):
    return {w[k].pk for k in keys}


def test_feedback_goes_to_school_mentor_and_municipality_not_to_others(
    world, ontvangers, django_capture_on_commit_callbacks
):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_status_update(
            aanmelding=w["aanmelding_a"], naar="in_behandeling", user=w["intaker"]
        )
    got = ontvangers()
    assert set(got) == pks(w, "decaan", "mentor", "consulent")
    assert set(got.values()) == {NotificatieSoort.TERUGKOPPELING}
    n = Notificatie.objects.get(user=w["decaan"])
    assert n.status == "in_behandeling" and n.leerling_id == w["leerling_a"].pk and n.terugkoppeling_id


def test_mentor_hears_only_of_own_mentor_pupils(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    zonder_mentor = f.LeerlingFactory(school=w["school_a"], schooljaar=w["schooljaar"])
    aanmelding = f.AanmeldingFactory(leerling=zonder_mentor, opleiding=w["opleiding_a"])
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_status_update(aanmelding=aanmelding, naar="in_behandeling", user=w["intaker"])
    assert set(ontvangers()) == pks(w, "decaan", "consulent")


def test_nothing_is_written_when_the_step_rolls_back(world, ontvangers, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        aanmelding_services.aanmelding_status_update(
            aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"]
        )
    assert callbacks and not ontvangers()  # only after commit


@pytest.mark.parametrize("uitkomst", ["afgewezen", "wachtlijst", "uitgeloot"])
def test_a_decision_that_drops_back_is_a_terugval(world, ontvangers, django_capture_on_commit_callbacks, uitkomst):
    w = world
    aanmelding_services.aanmelding_status_update(aanmelding=w["aanmelding_a"], naar="in_behandeling", user=w["intaker"])
    Notificatie.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.plaatsingsbesluit_record(
            aanmelding=w["aanmelding_a"],
            uitkomst=uitkomst,
            reden="vooropleiding" if uitkomst == "afgewezen" else "",
            user=w["intaker"],
        )
    got = ontvangers()
    assert set(got) == pks(w, "decaan", "mentor", "consulent")
    assert set(got.values()) == {NotificatieSoort.TERUGVAL}


def test_withdrawal_by_the_school_reaches_the_mbo_too_but_not_the_author(
    world, ontvangers, django_capture_on_commit_callbacks
):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_status_update(aanmelding=w["aanmelding_a"], naar="ingetrokken", user=w["decaan"])
    got = ontvangers()
    assert set(got) == pks(w, "mentor", "consulent", "intaker")
    assert set(got.values()) == {NotificatieSoort.TERUGVAL}


def test_late_application_goes_to_school_and_municipality(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    leerling = f.LeerlingFactory(school=w["school_a"], mentor=w["mentor"], schooljaar=w["schooljaar"])
    na_deadline = datetime.datetime(2027, 4, 2, 10, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(na_deadline, tick=False), django_capture_on_commit_callbacks(execute=True):
        aanmelding = aanmelding_services.aanmelding_create(
            leerling=leerling, opleiding=w["opleiding_a"], user=w["mentor"]
        )
    assert aanmelding.op_tijd is False
    got = ontvangers()
    assert set(got) == pks(w, "decaan", "consulent")
    assert set(got.values()) == {NotificatieSoort.TE_LAAT}


def test_on_time_application_is_an_ordinary_terugkoppeling(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    leerling = f.LeerlingFactory(school=w["school_a"], mentor=w["mentor"], schooljaar=w["schooljaar"])
    with time_machine.travel(datetime.datetime(2027, 3, 2, 10, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            aanmelding_services.aanmelding_create(leerling=leerling, opleiding=w["opleiding_a"], user=w["decaan"])
    assert set(ontvangers().values()) == {NotificatieSoort.TERUGKOPPELING}


def test_concept_application_notifies_nobody(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    leerling = f.LeerlingFactory(school=w["school_a"], mentor=w["mentor"], schooljaar=w["schooljaar"])
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_create(
            leerling=leerling, opleiding=w["opleiding_a"], user=w["decaan"], verzenden=False
        )
    assert not ontvangers()


def test_new_melding_goes_to_the_municipality_status_change_does_not(
    world, ontvangers, django_capture_on_commit_callbacks
):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        melding = rmc_services.melding_create_risico(leerling=w["leerling_a"], user=w["decaan"], reden="Veel verzuim")
    got = ontvangers()
    assert got == {w["consulent"].pk: NotificatieSoort.MELDING}
    Notificatie.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        rmc_services.melding_status_update(melding=melding, status="in_behandeling", user=w["consulent"])
    assert not ontvangers()


def test_no_show_melding_from_the_mbo_reaches_the_municipality(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    aanmelding = w["aanmelding_a"]
    aanmelding.status = "ingeschreven"
    aanmelding.save()
    with django_capture_on_commit_callbacks(execute=True), f.na_de_start():
        aanmelding_services.aanmelding_status_update(aanmelding=aanmelding, naar="niet_verschenen", user=w["intaker"])
    assert set(ontvangers(soort=NotificatieSoort.MELDING)) == pks(w, "consulent")


def test_move_goes_to_the_new_municipality_only(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        leerling_services.leerling_verhuizen(leerling=w["leerling_a"], woongemeente=w["gem_b"], user=w["decaan"])
    assert ontvangers() == {w["consulent_b"].pk: NotificatieSoort.VERHUIZING}


def _voorwaardelijk(w):
    aanmelding = w["aanmelding_a"]
    aanmelding_services.aanmelding_status_update(aanmelding=aanmelding, naar="in_behandeling", user=w["intaker"])
    aanmelding_services.plaatsingsbesluit_record(
        aanmelding=aanmelding, uitkomst="voorwaardelijk_geplaatst", voorwaarde="Diploma KB", user=w["intaker"]
    )
    Notificatie.objects.all().delete()


def test_failed_exam_with_conditional_placement_goes_to_the_mbo(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    _voorwaardelijk(w)
    with django_capture_on_commit_callbacks(execute=True):
        leerling_services.diploma_resultaat_record(leerling=w["leerling_a"], resultaat="gezakt", user=w["decaan"])
    assert ontvangers() == {w["intaker"].pk: NotificatieSoort.GEZAKT}


def test_one_failed_exam_save_notifies_the_mbo_once(world, django_capture_on_commit_callbacks):
    w = world
    _voorwaardelijk(w)
    with django_capture_on_commit_callbacks(execute=True):
        leerling_services.diploma_resultaat_record(leerling=w["leerling_a"], resultaat="gezakt", user=w["decaan"])
    rows = Notificatie.objects.filter(user=w["intaker"])
    assert rows.count() == 1
    # The one notification points at the event on the conditional application, which says what to do.
    assert rows.get().terugkoppeling.aanmelding_id == w["aanmelding_a"].pk


def test_passed_exam_or_no_conditional_placement_notifies_nobody(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        leerling_services.diploma_resultaat_record(leerling=w["leerling_a"], resultaat="gezakt", user=w["decaan"])
    assert not ontvangers()  # applied, but not conditionally placed
    _voorwaardelijk(w)
    with django_capture_on_commit_callbacks(execute=True):
        leerling_services.diploma_resultaat_record(leerling=w["leerling_a"], resultaat="geslaagd", user=w["decaan"])
    assert not ontvangers()


def test_other_event_kinds_notify_nobody(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    f.aanmeldingen_afgewezen(w["leerling_a"])
    with django_capture_on_commit_callbacks(execute=True):
        leerling_services.elders_record(leerling=w["leerling_a"], soort="havo", user=w["decaan"])
        terugkoppeling_record(leerling=w["leerling_a"], soort="formulier", bericht="Definitief.", user=w["decaan"])
    assert not ontvangers()


def test_inactive_users_and_inactive_organisations_get_nothing(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    w["mentor"].is_active = False
    w["mentor"].save()
    w["gem_a"].actief = False
    w["gem_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_status_update(
            aanmelding=w["aanmelding_a"], naar="in_behandeling", user=w["intaker"]
        )
    assert set(ontvangers()) == pks(w, "decaan")


def test_generating_twice_adds_nothing(world, ontvangers, django_capture_on_commit_callbacks):
    w = world
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_status_update(
            aanmelding=w["aanmelding_a"], naar="in_behandeling", user=w["intaker"]
        )
    terugkoppeling = w["aanmelding_a"].terugkoppelingen.get()
    assert notificaties_voor_terugkoppeling(terugkoppeling=terugkoppeling) == []
    assert Notificatie.objects.count() == 3


def test_recipients_cost_a_fixed_number_of_queries(
    world, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    w = world
    terugkoppeling = terugkoppeling_record(
        leerling=w["leerling_a"],
        aanmelding=w["aanmelding_a"],
        soort="aanmelding",
        status="in_behandeling",
        bericht="Ontvangen.",
        user=w["intaker"],
    )
    with django_assert_max_num_queries(8) as few:
        notificaties_voor_terugkoppeling(terugkoppeling=terugkoppeling)
    for _ in range(15):
        f.user_with_role("consulent", w["gem_a"])
        f.user_with_role("decaan", w["school_a"])
    Notificatie.objects.all().delete()
    with django_assert_max_num_queries(len(few.captured_queries)):
        created = notificaties_voor_terugkoppeling(terugkoppeling=terugkoppeling)
    # 17 school users, one row for the municipality's team of 16 consulenten.
    assert len(created) == 18
    assert [n.organisatie_id for n in created if n.user_id is None] == [w["gem_a"].pk]


def test_mail_preference_decides_between_now_digest_and_none(world, django_capture_on_commit_callbacks):
    from terugkoppeling.models import NotificatieVoorkeur

    w = world
    NotificatieVoorkeur.objects.create(user=w["decaan"], mail="direct")
    NotificatieVoorkeur.objects.create(user=w["mentor"], mail="geen")
    # the consulent has no preference: the role's default (daily digest)
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_status_update(
            aanmelding=w["aanmelding_a"], naar="in_behandeling", user=w["intaker"]
        )
    status = dict(Notificatie.objects.filter(user__isnull=False).values_list("user_id", "mail_status"))
    assert status == {w["decaan"].pk: MailStatus.VERZONDEN, w["mentor"].pk: MailStatus.GEEN}
    # The team's row is fanned out at once (nobody in the team wants direct mail); the digest has it.
    assert Notificatie.objects.get(organisatie=w["gem_a"]).mail_status == MailStatus.VERZONDEN
    # (pupil A's own portal account and parent hear of the receipt too: portaal/notificaties.py)
    portaal = ([w["leerling"].email], [w["ouder"].email])
    assert [m.to for m in mail.outbox if m.to not in portaal] == [[w["decaan"].email]]


def test_mail_holds_no_pupil_data_only_the_kind_and_a_link(world, direct, django_capture_on_commit_callbacks):
    w = world
    leerling = w["leerling_a"]
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_services.aanmelding_status_update(
            aanmelding=w["aanmelding_a"],
            naar="in_behandeling",
            user=w["intaker"],
            bericht="Vertrouwelijke toelichting over gedrag",
        )
    # Staff mails; pupil A's portal accounts get their own mail (tests/portaal/test_notificaties.py).
    staff = [m for m in mail.outbox if m.to not in ([w["leerling"].email], [w["ouder"].email])]
    assert len(staff) == 3
    for message in staff:
        html = message.alternatives[0][0]
        for body in (message.subject, message.body, html):
            for secret in (
                leerling.voornaam,
                leerling.achternaam,
                leerling.bsn,
                "Vertrouwelijke",
                w["opleiding_a"].naam,
            ):
                assert secret not in body
        assert "Terugkoppeling op een aanmelding" in message.subject
        ontvanger = next(w[k] for k in ("decaan", "mentor", "consulent") if w[k].email == message.to[0])
        n = Notificatie.objects.for_user(ontvanger).get()
        assert f"/notificaties/{n.pk}/" in message.body and f"/notificaties/{n.pk}/" in html
        assert "Beste" in message.body
