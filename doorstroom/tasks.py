"""Celery tasks of the doorstroom app: thin wrappers that take primary keys."""

from celery import shared_task


@shared_task(acks_late=True)
def pdf_batch_maken(batch_id: int) -> str:
    from .services import pdf_batch_maken_uitvoeren

    return pdf_batch_maken_uitvoeren(batch_id=batch_id).status
