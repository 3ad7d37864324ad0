"""Celery tasks of the terugkoppeling app: thin wrappers over the services, taking primary keys.

Every task is idempotent (it checks the row's state under a lock or relies on a unique
constraint) and runs with `acks_late`, so a redelivered message does no harm. Mail tasks retry
with exponential back-off when the mail server is unreachable.

`VeiligeTask.delay_on_commit` queues after the transaction commits and never lets a broker
failure reach the page: the error is logged and the work stays in the outbox (the
notification rows), where `notificaties_outbox_verwerken` picks it up later.
"""

from __future__ import annotations

import datetime
import functools
import logging
from smtplib import SMTPException

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

MAIL_RETRY = {
    "autoretry_for": (SMTPException, ConnectionError, OSError),
    "retry_backoff": True,
    "retry_backoff_max": 30 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


class VeiligeTask(DjangoTask):
    """A task whose on-commit enqueue cannot break the request (broker down, eager failure)."""

    def delay_on_commit(self, *args, **kwargs) -> None:
        transaction.on_commit(functools.partial(self.delay_safely, *args, **kwargs))

    def delay_safely(self, *args, **kwargs) -> bool:
        try:
            # retry=False: fail fast when the broker is down instead of holding up the page.
            self.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception:  # the broker's (or an eager task's) error: the outbox has the work
            logger.exception("queueing %s failed; left for the outbox task", self.name)
            return False
        return True


def task(**options):
    return shared_task(base=VeiligeTask, acks_late=True, **options)


@task(**MAIL_RETRY)
def notificatie_mail_verzenden(notificatie_pk: int) -> bool:
    from .mail import notificatie_mail_verzenden as verzenden

    return verzenden(notificatie_pk=notificatie_pk)


@task(**MAIL_RETRY)
def digest_verzenden(user_pk: int) -> int:
    from .mail import digest_verzenden as verzenden

    return verzenden(user_pk=user_pk)


@task()
def digests_verzenden() -> int:
    """Daily: one digest task per user with notifications waiting for it."""
    from .mail import digest_ontvangers

    users = digest_ontvangers()
    for user_pk in users:
        digest_verzenden.delay_safely(user_pk)
    return len(users)


@task()
def notificaties_outbox_verwerken() -> int:
    """Periodic: queue the immediate mails that were never queued or never sent."""
    from .mail import outbox_wachtend

    pks = outbox_wachtend(ouder_dan_minuten=settings.VOROC_OUTBOX_WACHTTIJD_MINUTEN)
    for pk in pks:
        notificatie_mail_verzenden.delay_safely(pk)
    return len(pks)


@task()
def herinneringen_versturen(datum: str | None = None) -> int:
    """Daily (beat): the deadline reminders of the active school year for `datum` (ISO, default today).
    Each reminder goes once per user, milestone and year (Herinnering's unique constraint)."""
    from .herinneringen import herinneringen_versturen as versturen

    dag = datetime.date.fromisoformat(datum) if datum else timezone.localdate()
    return len(versturen(vandaag=dag))


@shared_task(acks_late=True, ignore_result=False)
def ping() -> str:
    """Health check: completes without the database; the worker integration test uses it."""
    return "pong"
