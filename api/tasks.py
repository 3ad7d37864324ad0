"""Celery tasks of the api app: deliver an outbound notice (api/webhooks.py), retried with
exponential backoff until `VOROC_WEBHOOK_MAX_POGINGEN` attempts."""

from celery import shared_task
from django.conf import settings

from terugkoppeling.mail_tasks import VeiligeTask

from . import webhooks


@shared_task(base=VeiligeTask, bind=True, acks_late=True, max_retries=None)
def webhook_afleveren(self, aflevering_id: int) -> bool:
    """One attempt; a failure that may be retried is retried by the worker later (Celery retry,
    a countdown that doubles). After the last attempt the delivery stays "mislukt" in the log.
    Run eagerly (no worker: the demo, most tests) the attempts follow each other at once."""
    pogingen = self.request.retries + 1
    while True:
        laatste = pogingen >= settings.VOROC_WEBHOOK_MAX_POGINGEN
        poging = webhooks.afleveren(aflevering_id=aflevering_id, laatste=laatste)
        if not poging.opnieuw:
            return poging.afgeleverd
        if not self.request.is_eager:
            raise self.retry(countdown=webhooks.wachttijd(pogingen))
        pogingen += 1


@shared_task(acks_late=True)
def webhooks_wachtrij_verwerken() -> int:
    """Queue again the notices whose queueing failed (the broker was down when the step
    committed: still waiting, never tried, older than `VOROC_OUTBOX_WACHTTIJD_MINUTEN`), and drop
    delivery rows older than `VOROC_WEBHOOK_LOG_DAGEN`. Returns the number queued."""
    pks = webhooks.wachtend(ouder_dan_minuten=settings.VOROC_OUTBOX_WACHTTIJD_MINUTEN)
    for pk in pks:
        webhook_afleveren.delay_safely(pk)
    webhooks.afleveringen_opruimen(dagen=settings.VOROC_WEBHOOK_LOG_DAGEN)
    return len(pks)
