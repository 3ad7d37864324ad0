"""Deadline reminders with frozen time: for every milestone who gets what on
which day, nothing the day before, catch-up after a missed day, and never twice."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction

from doorstroom.models import Doorstroomformulier
from terugkoppeling import tasks
from terugkoppeling.herinneringen import REGEL, REGELS, herinnering_versturen, herinneringen_versturen
from terugkoppeling.models import Herinnering, MailStatus, Notificatie, NotificatieSoort
from tests import factories as f

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def jaar(world):
    """The world plus a pupil of school A without mentor or application, living in A."""
    w = world
    w["leerling_c"] = f.LeerlingFactory(school=w["school_a"], schooljaar=w["schooljaar"])
    return w


def run(day: datetime.date, capture):
    """The daily beat task as it runs at 06:00 on `day`; returns {mijlpaal: {user pk: count}}."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=AMS), tick=False):
        before = set(Herinnering.objects.values_list("pk", flat=True))
        with capture(execute=True):
            tasks.herinneringen_versturen.delay()
    result: dict[str, dict[int, int]] = {}
    for h in Herinnering.objects.exclude(pk__in=before):
        result.setdefault(h.mijlpaal, {})[h.user_id] = h.aantal
    return result


D = datetime.date
# milestone: (the day it goes out with the default lead times, {user: work count})
VERWACHT = {
    # 1 Feb - 14 days; decaan: a and c, mentor: own pupil a, decaan B: b. Not the zorgcoördinator.
    "formulieren_gereed": (D(2027, 1, 18), {"decaan": 2, "mentor": 1, "decaan_b": 1}),
    # 1 March: pupils without an application who are not reported yet: c.
    "risico_melden": (D(2027, 3, 1), {"decaan": 1}),
    # 1 April - 14 days, to the decaan only.
    "aanmelddeadline": (D(2027, 3, 18), {"decaan": 1}),
    # The day after 1 April, to the municipality where c lives.
    "aanmelddeadline_gemeente": (D(2027, 4, 2), {"consulent": 1}),
    # 1 June - 14 days: every application lacks the three feedback moments.
    "terugkoppeling_gereed": (D(2027, 5, 18), {"intaker": 1, "intaker_b": 1}),
    # 14 June: no diploma results yet.
    "diplomaresultaten": (D(2027, 6, 14), {"decaan": 2, "mentor": 1, "decaan_b": 1}),
    # 26 June: nobody placed, nobody Elders; to the decaan, the day after as digest to the municipality.
    "juni_controle": (D(2027, 6, 26), {"decaan": 2, "decaan_b": 1}),
    "juni_controle_gemeente": (D(2027, 6, 27), {"consulent": 2, "consulent_b": 1}),
    # 15 June (the warm-handover week) - 14 days: placed, the form asks for one, none planned (set up in the test).
    "warme_overdracht": (D(2027, 6, 1), {"intaker": 1}),
    # mbo start (1 Sept) + 7 days: enrolled, neither started nor reported (set up in the test).
    "noshow_melden": (D(2027, 9, 8), {"intaker": 1}),
}


def test_every_milestone_has_a_case():
    assert set(VERWACHT) == {r.mijlpaal for r in REGELS}


@pytest.mark.parametrize("mijlpaal", list(VERWACHT))
def test_who_gets_what_on_which_day_and_only_once(jaar, mijlpaal, django_capture_on_commit_callbacks):
    w = jaar
    if mijlpaal == "noshow_melden":
        w["aanmelding_a"].status = "ingeschreven"
        w["aanmelding_a"].save()
    if mijlpaal == "warme_overdracht":
        w["aanmelding_a"].status = "geplaatst"
        w["aanmelding_a"].save()
        Doorstroomformulier.objects.create(leerling=w["leerling_a"], warme_overdracht=True)
        # Placed too, but the form does not ask for a warm handover: no work.
        w["aanmelding_b"].status = "geplaatst"
        w["aanmelding_b"].save()
    dag, verwacht = VERWACHT[mijlpaal]
    assert REGEL[mijlpaal].verstuurdag(w["schooljaar"]) == dag

    assert mijlpaal not in run(dag - datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    sent = run(dag, django_capture_on_commit_callbacks)
    assert sent.get(mijlpaal) == {w[k].pk: n for k, n in verwacht.items()}
    notificaties = Notificatie.objects.filter(herinnering__mijlpaal=mijlpaal)
    assert {n.user_id for n in notificaties} == {w[k].pk for k in verwacht}
    assert all(n.soort == NotificatieSoort.HERINNERING for n in notificaties)

    # A second run the same day, and the next day, send nothing new.
    assert mijlpaal not in run(dag, django_capture_on_commit_callbacks)
    assert mijlpaal not in run(dag + datetime.timedelta(days=1), django_capture_on_commit_callbacks)
    assert notificaties.count() == len(verwacht)


def test_a_missed_day_is_caught_up_within_the_window_not_after(jaar, django_capture_on_commit_callbacks, settings):
    dag = VERWACHT["diplomaresultaten"][0]
    late = dag + datetime.timedelta(days=settings.VOROC_HERINNERING_INHAALDAGEN + 1)
    assert "diplomaresultaten" not in run(late, django_capture_on_commit_callbacks)
    assert "diplomaresultaten" in run(dag + datetime.timedelta(days=3), django_capture_on_commit_callbacks)


def test_lead_times_are_settings(jaar, django_capture_on_commit_callbacks, settings):
    settings.VOROC_HERINNERING_DAGEN_VOORAF = {**settings.VOROC_HERINNERING_DAGEN_VOORAF, "formulieren_gereed": 30}
    assert REGEL["formulieren_gereed"].verstuurdag(jaar["schooljaar"]) == D(2027, 1, 2)
    assert "formulieren_gereed" in run(D(2027, 1, 2), django_capture_on_commit_callbacks)


def test_only_people_with_work_left_get_one(jaar, django_capture_on_commit_callbacks):
    from leerlingen.services import elders_record

    w = jaar
    # Pupil c goes to havo (Elders): the school has nothing left for the application deadline.
    elders_record(leerling=w["leerling_c"], soort="havo", user=w["decaan"])
    assert "aanmelddeadline" not in run(VERWACHT["aanmelddeadline"][0], django_capture_on_commit_callbacks)


def test_feedback_milestone_counts_only_applications_missing_a_moment(jaar, django_capture_on_commit_callbacks):
    from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record

    w = jaar
    a = w["aanmelding_a"]
    aanmelding_status_update(aanmelding=a, naar="in_behandeling", user=w["intaker"])
    aanmelding_status_update(aanmelding=a, naar="intake_gepland", user=w["intaker"])
    aanmelding_status_update(aanmelding=a, naar="intake_gehad", user=w["intaker"])
    plaatsingsbesluit_record(aanmelding=a, uitkomst="geplaatst", user=w["intaker"])
    sent = run(VERWACHT["terugkoppeling_gereed"][0], django_capture_on_commit_callbacks)
    assert sent["terugkoppeling_gereed"] == {w["intaker_b"].pk: 1}


def test_reminder_already_logged_is_not_sent_again_and_others_still_are(jaar):
    """A retry after a partial run: the log row exists for the decaan, the rest still go out."""
    w = jaar
    Herinnering.objects.create(
        user=w["decaan"],
        schooljaar=w["schooljaar"],
        mijlpaal="formulieren_gereed",
        aantal=2,
        run=__import__("uuid").uuid4(),
    )
    sent = herinnering_versturen(regel=REGEL["formulieren_gereed"], schooljaar=w["schooljaar"])
    assert {s.email for s in sent} == {w["mentor"].email, w["decaan_b"].email}
    assert Herinnering.objects.filter(mijlpaal="formulieren_gereed").count() == 3


def test_the_database_refuses_a_second_log_row(jaar):
    import uuid

    w = jaar
    kwargs = {"user": w["decaan"], "schooljaar": w["schooljaar"], "mijlpaal": "risico_melden", "aantal": 1}
    Herinnering.objects.create(run=uuid.uuid4(), **kwargs)
    with pytest.raises(IntegrityError), transaction.atomic():
        Herinnering.objects.create(run=uuid.uuid4(), **kwargs)


def test_reminder_mail_follows_the_preference_and_names_no_pupil(jaar, direct, django_capture_on_commit_callbacks):
    w = jaar
    run(VERWACHT["formulieren_gereed"][0], django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(w[k].email for k in ("decaan", "mentor", "decaan_b"))
    for message in mail.outbox:
        assert "doorstroomformulieren nog niet definitief" in message.subject
        assert w["leerling_a"].achternaam not in message.body and w["leerling_c"].achternaam not in message.body
    assert set(Notificatie.objects.values_list("mail_status", flat=True)) == {MailStatus.VERZONDEN}


def test_no_active_school_year_sends_nothing(jaar):
    jaar["schooljaar"].actief = False
    jaar["schooljaar"].save()
    assert herinneringen_versturen(vandaag=D(2027, 1, 18)) == []


@pytest.mark.parametrize("regel", REGELS, ids=[r.mijlpaal for r in REGELS])
def test_fixed_number_of_queries_per_milestone_10_vs_100_pupils(world, regel, django_assert_max_num_queries):
    """No query per pupil: 100 pupils cost no more queries than 10."""
    from aanmelding.models import Aanmelding

    w = world
    school_c = f.SchoolFactory(gemeente=w["gem_a"])
    f.user_with_role("decaan", school_c)
    mentoren = [w["mentor"], f.user_with_role("mentor", w["school_a"])]

    def add(n):
        for i in range(n):
            school = (w["school_a"], w["school_b"], school_c)[i % 3]
            leerling = f.LeerlingFactory(
                school=school, schooljaar=w["schooljaar"], mentor=mentoren[i % 2] if school == w["school_a"] else None
            )
            if i % 2:  # half without an application, half enrolled (their forms ask for a warm handover)
                f.AanmeldingFactory(
                    leerling=leerling, opleiding=(w["opleiding_a"], w["opleiding_b"])[i % 4 // 2], status="ingeschreven"
                )
                Doorstroomformulier.objects.create(leerling=leerling, warme_overdracht=True)
        Aanmelding.objects.filter(status="aangemeld").update(status="ingeschreven")

    def measure(expected_max):
        Notificatie.objects.all().delete()
        Herinnering.objects.all().delete()
        with django_assert_max_num_queries(expected_max) as ctx:
            sent = herinnering_versturen(regel=regel, schooljaar=w["schooljaar"])
        assert sent, "the case must have work to remind of"
        return len(ctx.captured_queries)

    add(8)  # with the world's two pupils: 10
    few = measure(12)
    add(90)  # 100
    assert measure(few) <= few
