"""E-mail for notifications: one mail now, or one daily digest. Plain text + HTML, Dutch.

A mail names the kind of event and links to the notification behind the login; it never
holds a pupil's name, BSN, the event's free text or care text (docs/adr/0005). Each send
locks the notification rows and marks them sent in the same transaction, so a retried or
duplicated task does not mail twice (a crash between the SMTP hand-over and the commit can
still cause one duplicate: at-least-once, never lost).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import MailStatus, Notificatie


def _absolute(path: str) -> str:
    return settings.VOROC_BASE_URL.rstrip("/") + path


def _send(*, user, template: str, context: dict) -> None:
    context = {
        **context,
        "user": user,
        "centrum_url": _absolute(reverse("terugkoppeling:list")),
        "voorkeuren_url": _absolute(reverse("terugkoppeling:voorkeuren")),
    }
    # Month names in dates come out Dutch without an override: "nl" is the only language (docs/adr/0011).
    subject = " ".join(render_to_string(f"terugkoppeling/mail/{template}_onderwerp.txt", context).split())
    text = render_to_string(f"terugkoppeling/mail/{template}.txt", context)
    html = render_to_string(f"terugkoppeling/mail/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()


def notificatie_mail_verzenden(*, notificatie_pk: int) -> bool:
    """Mail one notification that waits for it; True if sent now. Safe to call twice."""
    with transaction.atomic():
        notificatie = Notificatie.objects.select_for_update().filter(pk=notificatie_pk).first()
        if notificatie is None or notificatie.mail_status != MailStatus.WACHT:
            return False
        user = notificatie.user
        if not user.is_active or not user.email:
            notificatie.mail_status = MailStatus.GEEN
            notificatie.save(update_fields=["mail_status"])
            return False
        # Loaded after the lock: FOR UPDATE cannot cover the nullable side of an outer join.
        weergave = Notificatie.objects.select_related("herinnering__schooljaar").get(pk=notificatie.pk)
        _send(
            user=user,
            template="notificatie",
            context={
                "notificatie": weergave,
                "url": _absolute(reverse("terugkoppeling:detail", args=[notificatie.pk])),
            },
        )
        notificatie.mail_status = MailStatus.VERZONDEN
        notificatie.mail_verzonden_op = timezone.now()
        notificatie.save(update_fields=["mail_status", "mail_verzonden_op"])
    return True


def digest_verzenden(*, user_pk: int) -> int:
    """Mail the user's digest: every notification waiting for it, in one mail. Returns the count."""
    with transaction.atomic():
        pks = list(
            Notificatie.objects.select_for_update()
            .filter(user_id=user_pk, mail_status=MailStatus.DIGEST)
            .values_list("pk", flat=True)
        )
        if not pks:
            return 0
        user = get_user_model().objects.get(pk=user_pk)
        rows = Notificatie.objects.filter(pk__in=pks)
        if not user.is_active or not user.email:
            rows.update(mail_status=MailStatus.GEEN)
            return 0
        items = list(rows.select_related("herinnering__schooljaar").order_by("aangemaakt", "pk"))
        _send(user=user, template="digest", context={"notificaties": items, "aantal": len(items)})
        rows.update(mail_status=MailStatus.VERZONDEN, mail_verzonden_op=timezone.now())
    return len(items)


def digest_ontvangers() -> list[int]:
    """Ids of the users with notifications waiting for the digest; one query."""
    return list(
        Notificatie.objects.filter(mail_status=MailStatus.DIGEST)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by()
    )


def outbox_wachtend(*, ouder_dan_minuten: int) -> list[int]:
    """Notifications still waiting for their immediate mail (e.g. the broker was down)."""
    grens = timezone.now() - timezone.timedelta(minutes=ouder_dan_minuten)
    return list(
        Notificatie.objects.filter(mail_status=MailStatus.WACHT, aangemaakt__lte=grens)
        .order_by("aangemaakt", "pk")
        .values_list("pk", flat=True)[:1000]
    )
