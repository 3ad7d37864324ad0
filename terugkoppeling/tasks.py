"""Celery tasks of the terugkoppeling app: thin wrappers over the services, taking primary keys.

Every task is idempotent (it checks the row's state under a lock or relies on a unique
constraint) and runs with `acks_late`, so a redelivered message does no harm. The mail tasks
themselves, which retry with exponential back-off when the mail server is unreachable, are in
mail_tasks.py and are registered through the import below.
"""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .mail_tasks import VeiligeTask, digest_verzenden, notificatie_mail_verzenden, task

__all__ = [
    "VeiligeTask",
    "digest_verzenden",
    "digests_verzenden",
    "herinneringen_versturen",
    "notificatie_mail_verzenden",
    "notificaties_outbox_verwerken",
    "ping",
]


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
