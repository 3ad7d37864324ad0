"""After the placement: the warm handover (warme overdracht) and the documents the pupil brings.

The warm handover is planned and recorded by either side of it: the mbo institution that placed
the pupil, or the pupil's school. The documents checklist is the mbo's: it ticks what it received.
Both are recorded in the audit trail (django-auditlog) like every change.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from voroc import policy
from voroc.errors import DomainError

from .models import Aanmelding, Document, DocumentSoort, WarmeOverdracht
from .status import POSITIEF, VERVALLEN, Status


def _require_overdracht_partij(user, aanmelding: Aanmelding) -> None:
    mbo = policy.has_perm(user, "aanmeldingen_behandelen", aanmelding.opleiding.instelling_id)
    school = policy.has_perm(user, "aanmelden", aanmelding.leerling.school_id)
    if not (mbo or school):
        raise DomainError("U mag de warme overdracht van deze leerling niet vastleggen.")


@transaction.atomic
def warme_overdracht_plannen(*, aanmelding: Aanmelding, datum: datetime.date, deelnemers: str, user) -> WarmeOverdracht:
    """Plan (or move) the warm handover of a placed pupil."""
    _require_overdracht_partij(user, aanmelding)
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if aanmelding.status not in POSITIEF:
        raise DomainError("Een warme overdracht plant u voor een geplaatste leerling.")
    deelnemers = deelnemers.strip()
    if not deelnemers:
        raise DomainError("Vul in wie erbij zijn.", field="deelnemers")
    if datum < timezone.localdate():
        raise DomainError("De datum van de warme overdracht ligt in het verleden.", field="datum")
    overdracht, _ = WarmeOverdracht.objects.update_or_create(
        aanmelding=aanmelding,
        defaults={"datum": datum, "deelnemers": deelnemers, "gepland_door": user, "gehouden_op": None},
    )
    return overdracht


@transaction.atomic
def warme_overdracht_gehouden(*, aanmelding: Aanmelding, user) -> WarmeOverdracht:
    """The planned warm handover took place."""
    _require_overdracht_partij(user, aanmelding)
    overdracht = WarmeOverdracht.objects.select_for_update().filter(aanmelding=aanmelding).first()
    if overdracht is None:
        raise DomainError("Plan eerst de warme overdracht.")
    if overdracht.gehouden_op is None:
        overdracht.gehouden_op = timezone.now()
        overdracht.gehouden_vastgelegd_door = user
        overdracht.save(update_fields=["gehouden_op", "gehouden_vastgelegd_door"])
    return overdracht


@transaction.atomic
def documenten_vastleggen(*, aanmelding: Aanmelding, soorten, user) -> list[Document]:
    """Set the checklist to exactly the ticked documents: new ticks are recorded, removed ticks
    deleted (both in the audit trail). Only the institution of the application."""
    if not policy.has_perm(user, "aanmeldingen_behandelen", aanmelding.opleiding.instelling_id):
        raise DomainError("Alleen de mbo-instelling van deze aanmelding vinkt documenten af.")
    onbekend = set(soorten) - set(DocumentSoort.values)
    if onbekend:
        raise DomainError("Kies alleen documenten uit de lijst.", field="soorten")
    aanmelding = Aanmelding.objects.select_for_update().get(pk=aanmelding.pk)
    if aanmelding.status == Status.CONCEPT or aanmelding.status in VERVALLEN:
        raise DomainError("Bij een aanmelding die niet (meer) loopt, worden geen documenten bijgehouden.")
    huidig = set(aanmelding.documenten.values_list("soort", flat=True))
    for document in aanmelding.documenten.filter(soort__in=huidig - set(soorten)):
        document.delete()  # one by one, so the audit trail records each removal
    for soort in sorted(set(soorten) - huidig):
        Document.objects.create(aanmelding=aanmelding, soort=soort, afgevinkt_door=user)
    return list(aanmelding.documenten.all())
