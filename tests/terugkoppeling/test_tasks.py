"""Reliability of the notification tasks: idempotent tasks, retry with back-off on mail failure, the
outbox, the digest, the management command, and a page that answers with the broker down."""

import datetime
from smtplib import SMTPException
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from terugkoppeling import tasks
from terugkoppeling.models import MailStatus, Notificatie

from .factories import NotificatieFactory

pytestmark = pytest.mark.django_db


def test_mail_task_is_idempotent(world):
    n = NotificatieFactory(user=world["decaan"], mail_status="wacht")
    assert tasks.notificatie_mail_verzenden.delay(n.pk).get() is True
    assert tasks.notificatie_mail_verzenden.delay(n.pk).get() is False
    assert len(mail.outbox) == 1
    n.refresh_from_db()
    assert n.mail_status == MailStatus.VERZONDEN and n.mail_verzonden_op


def test_mail_task_for_a_deleted_notification_does_nothing(world):
    n = NotificatieFactory(user=world["decaan"], mail_status="wacht")
    pk = n.pk
    n.delete()
    assert tasks.notificatie_mail_verzenden.delay(pk).get() is False


def test_mail_tasks_are_configured_for_reliability():
    for task in (tasks.notificatie_mail_verzenden, tasks.digest_verzenden):
        assert task.acks_late is True
        assert set(task.autoretry_for) == {SMTPException, ConnectionError, OSError}
        assert task.retry_backoff is True and task.max_retries >= 3
    assert tasks.herinneringen_versturen.acks_late is True


@pytest.fixture
def no_propagate():
    """Eager retries run inline only when eager errors do not propagate (as on a worker)."""
    from voroc.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def test_mail_failure_is_retried_and_then_succeeds(world, no_propagate):
    n = NotificatieFactory(user=world["decaan"], mail_status="wacht")
    real_send = mail.EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] < 3:
            raise SMTPException("server weg")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(mail.EmailMultiAlternatives, "send", flaky):
        result = tasks.notificatie_mail_verzenden.apply(args=[n.pk], throw=False)
    assert result.get() is True and calls["n"] == 3
    n.refresh_from_db()
    assert n.mail_status == MailStatus.VERZONDEN and len(mail.outbox) == 1


def test_mail_that_keeps_failing_stays_in_the_outbox(world, no_propagate):
    n = NotificatieFactory(user=world["decaan"], mail_status="wacht")
    with mock.patch.object(mail.EmailMultiAlternatives, "send", side_effect=ConnectionRefusedError()):
        result = tasks.notificatie_mail_verzenden.apply(args=[n.pk], throw=False)
    assert result.failed()
    n.refresh_from_db()
    assert n.mail_status == MailStatus.WACHT


def test_outbox_sends_what_was_never_sent(world, settings):
    old = NotificatieFactory(user=world["decaan"], mail_status="wacht")
    Notificatie.objects.filter(pk=old.pk).update(aangemaakt=timezone.now() - datetime.timedelta(minutes=30))
    fresh = NotificatieFactory(user=world["mentor"], mail_status="wacht")  # its own task may still run
    assert tasks.notificaties_outbox_verwerken.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[world["decaan"].email]]
    fresh.refresh_from_db()
    assert fresh.mail_status == MailStatus.WACHT


def test_digest_is_one_mail_per_user_and_sent_once(world):
    NotificatieFactory.create_batch(3, user=world["decaan"], mail_status="digest", leerling=world["leerling_a"])
    NotificatieFactory(user=world["consulent"], mail_status="digest", soort="verhuizing")
    NotificatieFactory(user=world["mentor"], mail_status="geen")
    assert tasks.digests_verzenden.delay().get() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world["decaan"].email, world["consulent"].email])
    decaan_mail = next(m for m in mail.outbox if m.to == [world["decaan"].email])
    assert "3 nieuwe notificaties" in decaan_mail.subject
    assert world["leerling_a"].achternaam not in decaan_mail.body
    assert decaan_mail.alternatives[0][1] == "text/html"
    assert tasks.digests_verzenden.delay().get() == 0
    assert len(mail.outbox) == 2


def test_inactive_user_gets_no_mail(world):
    n = NotificatieFactory(user=world["decaan"], mail_status="wacht")
    world["decaan"].is_active = False
    world["decaan"].save()
    assert tasks.notificatie_mail_verzenden.delay(n.pk).get() is False
    assert not mail.outbox


def test_beat_schedule_has_the_daily_reminder_run(settings):
    from celery.schedules import crontab

    schedule = settings.CELERY_BEAT_SCHEDULE
    tasks_by_name = {entry["task"]: entry["schedule"] for entry in schedule.values()}
    daily = tasks_by_name["terugkoppeling.tasks.herinneringen_versturen"]
    assert isinstance(daily, crontab) and daily.hour == {6} and daily.minute == {0}
    assert "terugkoppeling.tasks.digests_verzenden" in tasks_by_name
    assert "terugkoppeling.tasks.notificaties_outbox_verwerken" in tasks_by_name
    # That every scheduled task exists is tests/core/test_celery.py's job.


def test_send_reminders_command_prints_what_it_sent(world, capsys):
    call_command("send_reminders", "--date", "2027-01-18")
    out = capsys.readouterr().out
    assert f"formulieren_gereed: {world['decaan'].email} (1)" in out
    assert "3 herinnering(en) verstuurd." in out
    call_command("send_reminders", "--date", "2027-01-18")
    assert "geen nieuwe herinneringen" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["2027-13-01", "18-01-2027", "morgen"])
def test_send_reminders_command_refuses_a_bad_date(db, bad):
    with pytest.raises(CommandError, match="Ongeldige datum.*JJJJ-MM-DD"):
        call_command("send_reminders", "--date", bad)


@pytest.fixture
def broker_down(settings):
    """Celery as in production (not eager) with the broker at a dead port."""
    from voroc.celery import app

    dead = "redis://127.0.0.1:1/0"
    # Read (and so load) Celery's configuration before the Django settings change below.
    saved = {"broker_url": app.conf.broker_url, "task_always_eager": app.conf.task_always_eager}
    settings.CELERY_BROKER_URL = dead
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(broker_url=dead, task_always_eager=False)
    app._after_fork()  # drop pooled connections to the old broker
    yield
    app.conf.update(**saved)
    app._after_fork()


@pytest.mark.django_db(transaction=True)
def test_page_that_queues_work_answers_with_the_broker_down(world, client, broker_down, caplog):
    """A real commit: the on-commit enqueue runs inside the request and meets the dead broker."""
    import time

    client.force_login(world["decaan"])
    started = time.monotonic()
    response = client.post(reverse("terugkoppeling:testmail"))
    assert response.status_code == 302 and time.monotonic() - started < 5
    assert "queueing terugkoppeling.tasks.notificatie_mail_verzenden failed" in caplog.text
    assert client.get(response["Location"]).status_code == 200
    n = Notificatie.objects.get(user=world["decaan"])
    assert n.mail_status == MailStatus.WACHT and not mail.outbox


def test_work_left_by_a_dead_broker_is_picked_up_later(
    world, client, broker_down, django_capture_on_commit_callbacks, caplog
):
    from voroc.celery import app

    client.force_login(world["decaan"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("terugkoppeling:testmail"))
    assert response.status_code == 302 and callbacks
    assert "queueing terugkoppeling.tasks.notificatie_mail_verzenden failed" in caplog.text
    n = Notificatie.objects.get(user=world["decaan"])
    assert n.mail_status == MailStatus.WACHT
    # The broker is back; the periodic outbox task finds the row.
    app.conf.task_always_eager = True
    Notificatie.objects.filter(pk=n.pk).update(aangemaakt=timezone.now() - datetime.timedelta(minutes=10))
    assert tasks.notificaties_outbox_verwerken.delay().get() == 1
    n.refresh_from_db()
    assert n.mail_status == MailStatus.VERZONDEN and len(mail.outbox) == 1


def test_a_service_step_succeeds_with_the_broker_down(world, broker_down, django_capture_on_commit_callbacks):
    """The event's notifications are written; their mails wait in the outbox."""
    from aanmelding.services import aanmelding_status_update
    from terugkoppeling.models import NotificatieVoorkeur

    NotificatieVoorkeur.objects.create(user=world["decaan"], mail="direct")
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_status_update(aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"])
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == "in_behandeling"
    assert Notificatie.objects.get(user=world["decaan"]).mail_status == MailStatus.WACHT
