"""Periodic upkeep of accounts."""

from importlib import import_module

from celery import shared_task
from django.conf import settings


@shared_task(acks_late=True)
def sessies_opruimen() -> None:
    """Delete expired sessions: the table holds every sign-in until it is cleared, and an expired
    row still names the user it belonged to. Django's `clearsessions`, on the beat schedule."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
