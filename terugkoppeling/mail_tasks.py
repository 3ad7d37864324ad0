"""The mail tasks: one notification mail, one digest. Kept apart from the scheduled jobs in
tasks.py because the reminders those jobs run queue mails themselves (tasks -> herinneringen ->
notificaties -> mail_tasks), and one module holding both would import itself round a loop.

Their Celery names stay `terugkoppeling.tasks.*`: a message queued before a deploy carries the
name, and must still find its task after it.

`VeiligeTask.delay_on_commit` queues after the transaction commits and never lets a broker
failure reach the page: the error is logged and the work stays in the outbox (the
notification rows), where `notificaties_outbox_verwerken` picks it up later.
"""

from __future__ import annotations

import functools
import logging
from smtplib import SMTPException

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import transaction

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


@task(name="terugkoppeling.tasks.notificatie_mail_verzenden", **MAIL_RETRY)
def notificatie_mail_verzenden(notificatie_pk: int) -> bool:
    from .mail import notificatie_mail_verzenden as verzenden

    return verzenden(notificatie_pk=notificatie_pk)


@task(name="terugkoppeling.tasks.digest_verzenden", **MAIL_RETRY)
def digest_verzenden(user_pk: int) -> int:
    from .mail import digest_verzenden as verzenden

    return verzenden(user_pk=user_pk)
