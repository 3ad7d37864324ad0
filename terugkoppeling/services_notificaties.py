"""The user's side of notifications: mark read, mark handled, choose mail, send a test mail.

A team notification (one row for a municipality's team) is read and handled for the whole
team: whoever marks it, the others see it read or handled, and by whom it was handled.
"""

from auditlog.models import LogEntry
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from voroc.errors import DomainError

from .models import DigestStand, MailStatus, MailVoorkeur, Notificatie, NotificatieSoort, NotificatieVoorkeur
from .notificaties import mail_queue


def _eigen(notificatie: Notificatie, user) -> None:
    if not Notificatie.objects.for_user(user).filter(pk=notificatie.pk).exists():
        raise DomainError("Deze notificatie is niet van u.")


def notificatie_mark_read(*, notificatie: Notificatie, user) -> Notificatie:
    """Mark one of the user's own (or team's) notifications read (idempotent)."""
    _eigen(notificatie, user)
    if notificatie.gelezen_op is None:
        notificatie.gelezen_op = timezone.now()
        # Only if still unread: a teammate who marked it first keeps their moment.
        Notificatie.objects.filter(pk=notificatie.pk, gelezen_op__isnull=True).update(gelezen_op=notificatie.gelezen_op)
    return notificatie


def notificaties_mark_all_read(*, user, notificaties: QuerySet[Notificatie] | None = None) -> int:
    """Mark the user's unread notifications read, or only those in `notificaties` (the list's
    current filter: a kind, a period, ...); returns how many. One UPDATE. Drop-backs stay in
    "Af te handelen": reading is not handling."""
    qs = Notificatie.objects.for_user(user).ongelezen()
    if notificaties is not None:
        qs = qs.filter(pk__in=notificaties.order_by().values("pk"))
    return qs.update(gelezen_op=timezone.now())


@transaction.atomic
def notificatie_mark_handled(*, notificatie: Notificatie, user) -> Notificatie:
    """Mark a drop-back handled (for the whole team, if it is a team's): it leaves "Af te
    handelen" and is read. Recorded in the audit trail with who and when."""
    _eigen(notificatie, user)
    notificatie = Notificatie.objects.select_for_update().get(pk=notificatie.pk)
    if not notificatie.afhandelen:
        raise DomainError("Deze notificatie hoeft niet te worden afgehandeld.")
    if notificatie.afgehandeld_op is not None:
        raise DomainError("Deze notificatie is al afgehandeld.")
    nu = timezone.now()
    notificatie.afgehandeld_op = nu
    notificatie.afgehandeld_door = user
    velden = ["afgehandeld_op", "afgehandeld_door"]
    if notificatie.gelezen_op is None:
        notificatie.gelezen_op = nu
        velden.append("gelezen_op")
    notificatie.save(update_fields=velden)
    LogEntry.objects.log_create(
        notificatie,
        action=LogEntry.Action.UPDATE,
        changes={"afgehandeld_op": ["None", nu.isoformat()], "afgehandeld_door": ["None", str(user.pk)]},
        actor=user,
    )
    return notificatie


@transaction.atomic
def notificatievoorkeur_save(*, user, mail: str) -> NotificatieVoorkeur:
    if mail not in MailVoorkeur.values:
        raise DomainError("Kies hoe u e-mail wilt ontvangen.", field="mail")
    voorkeur, _ = NotificatieVoorkeur.objects.update_or_create(user=user, defaults={"mail": mail})
    if mail == MailVoorkeur.GEEN:
        # What waited for the digest stays in the centre only.
        Notificatie.objects.filter(user=user, mail_status=MailStatus.DIGEST).update(mail_status=MailStatus.GEEN)
    # The team rows before the change were mailed (or not) under the old choice: a digest from
    # now on starts here.
    DigestStand.objects.update_or_create(user=user, defaults={"tot": timezone.now()})
    return voorkeur


@transaction.atomic
def testmail_send(*, user) -> Notificatie:
    """A test notification mailed now, whatever the preference, to check that mail arrives.
    The row is written first; the mail is queued after commit (or left for the outbox)."""
    if not user.email:
        raise DomainError("Uw account heeft geen e-mailadres.")
    notificatie = Notificatie.objects.create(user=user, soort=NotificatieSoort.TEST, mail_status=MailStatus.WACHT)
    mail_queue([notificatie])
    return notificatie
