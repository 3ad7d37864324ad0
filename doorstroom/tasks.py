"""Celery tasks of the doorstroom app: thin wrappers that take primary keys."""

from celery import shared_task

from . import pdf_batches


@shared_task(acks_late=True)
def pdf_batch_maken(batch_id: int) -> str:
    return pdf_batches.pdf_batch_maken_uitvoeren(batch_id=batch_id).status


@shared_task
def pdf_batches_opruimen() -> int:
    """Retention: remove PDF batches after a week (schedule daily in CELERY_BEAT_SCHEDULE)."""
    return pdf_batches.pdf_batches_opruimen()
