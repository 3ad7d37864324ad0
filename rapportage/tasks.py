"""Celery task of the reports: the daily snapshot of counts (beat, `CELERY_BEAT_SCHEDULE`)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def momentopname_task() -> int:
    return services.momentopname_maken()
