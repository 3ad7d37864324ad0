"""The user's side of notifications: mark read, choose mail, send a test mail."""

from django.db import transaction
from django.utils import timezone

from voroc.errors import DomainError

from .models import MailStatus, MailVoorkeur, Notificatie, NotificatieSoort, NotificatieVoorkeur
from .notificaties import mail_queue


def notificatie_mark_read(*, notificatie: Notificatie, user) -> Notificatie:
    """Mark one of the user's own notifications read (idempotent)."""
    if notificatie.user_id != user.pk:
        raise DomainError("Deze notificatie is niet van u.")
    if notificatie.gelezen_op is None:
        notificatie.gelezen_op = timezone.now()
        notificatie.save(update_fields=["gelezen_op"])
    return notificatie


def notificaties_mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; returns how many. One query."""
    return Notificatie.objects.for_user(user).ongelezen().update(gelezen_op=timezone.now())


@transaction.atomic
def notificatievoorkeur_save(*, user, mail: str) -> NotificatieVoorkeur:
    if mail not in MailVoorkeur.values:
        raise DomainError("Kies hoe u e-mail wilt ontvangen.", field="mail")
    voorkeur, _ = NotificatieVoorkeur.objects.update_or_create(user=user, defaults={"mail": mail})
    if mail == MailVoorkeur.GEEN:
        # What waited for the digest stays in the centre only.
        Notificatie.objects.for_user(user).filter(mail_status=MailStatus.DIGEST).update(mail_status=MailStatus.GEEN)
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
