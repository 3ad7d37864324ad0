"""Celery tasks of the pupils app: thin, keyed by primary key, idempotent (services check the status)."""

from celery import shared_task

from . import services


@shared_task
def leerlingimport_controleren(leerlingimport_id: int) -> None:
    services.leerlingimport_controleren(leerlingimport_id=leerlingimport_id)


@shared_task
def leerlingimport_verwerken(leerlingimport_id: int) -> None:
    services.leerlingimport_verwerken(leerlingimport_id=leerlingimport_id)


@shared_task
def leerlingimport_opruimen() -> int:
    return services.leerlingimport_opruimen()
