"""E-mail for notifications: one mail now, or one daily digest. Plain text + HTML, Dutch.

A mail names the kind of event and links to the notification behind the login; it never
holds a pupil's name, BSN, the event's free text or care text (docs/adr/0005). Each send
locks the notification rows and marks them sent in the same transaction, so a retried or
duplicated task does not mail twice (a crash between the SMTP hand-over and the commit can
still cause one duplicate: at-least-once, never lost).

A team notification (no user: one row for a municipality's team) is fanned out when it is sent:
its immediate mail goes to each member whose preference is "direct", under the row's lock, and
then the row is marked sent; members who chose the digest find it in their next digest, which
covers the team rows since that user's `DigestStand` (locked and moved on in the same
transaction as the send). No row per member is written.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from voroc import policy

from .models import DigestStand, MailStatus, MailVoorkeur, Notificatie
from .voorkeuren import mail_voorkeur, mail_voorkeuren

# A user's first digest covers the team notifications of the last day; later ones, those since
# the previous digest (DigestStand). Teams with rows this recent are asked for digest recipients.
EERSTE_DIGEST = datetime.timedelta(days=1)
TEAM_DIGEST_VENSTER = datetime.timedelta(days=7)


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
        if notificatie.user_id is None:
            _team_mail_verzenden(notificatie)
            notificatie.mail_status = MailStatus.VERZONDEN
            notificatie.mail_verzonden_op = timezone.now()
            notificatie.save(update_fields=["mail_status", "mail_verzonden_op"])
            return True
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


def _auteur_id(notificatie: Notificatie) -> int | None:
    if not notificatie.terugkoppeling_id:
        return None
    return notificatie.terugkoppeling.auteur_id


def _team_mail_verzenden(notificatie: Notificatie) -> int:
    """Mail a locked team row to each member who wants mail at once (the author of the step
    excepted); returns how many mails went out."""
    leden = (
        policy.users_with_perm(notificatie.team_recht, [notificatie.organisatie_id])
        .filter(is_active=True)
        .exclude(email="")
        .exclude(pk=_auteur_id(notificatie) or 0)
        .order_by("pk")
    )
    leden = list(leden)
    voorkeuren = mail_voorkeuren([u.pk for u in leden])
    weergave = Notificatie.objects.select_related("herinnering__schooljaar").get(pk=notificatie.pk)
    url = _absolute(reverse("terugkoppeling:detail", args=[notificatie.pk]))
    verzonden = 0
    for user in leden:
        if voorkeuren[user.pk] == MailVoorkeur.DIRECT:
            _send(user=user, template="notificatie", context={"notificatie": weergave, "url": url})
            verzonden += 1
    return verzonden


def _team_voor_digest(user, *, na, tot) -> list[Notificatie]:
    """The team rows the user's digest covers: of the user's teams, made after `na` up to `tot`,
    not about the user's own step."""
    return list(
        Notificatie.objects.for_user(user)
        .filter(user__isnull=True, aangemaakt__gt=na, aangemaakt__lte=tot)
        .exclude(terugkoppeling__auteur_id=user.pk)
        .select_related("herinnering__schooljaar")
    )


def digest_verzenden(*, user_pk: int) -> int:
    """Mail the user's digest: every own notification waiting for it and the team notifications
    since the user's last digest, in one mail. Returns the count."""
    with transaction.atomic():
        user = get_user_model().objects.filter(pk=user_pk).first()
        if user is None:
            return 0
        nu = timezone.now()
        stand, _ = DigestStand.objects.select_for_update().get_or_create(
            user_id=user_pk, defaults={"tot": nu - EERSTE_DIGEST}
        )
        pks = list(
            Notificatie.objects.select_for_update()
            .filter(user_id=user_pk, mail_status=MailStatus.DIGEST)
            .values_list("pk", flat=True)
        )
        team = []
        if user.is_active and mail_voorkeur(user) == MailVoorkeur.DAGELIJKS:
            team = _team_voor_digest(user, na=stand.tot, tot=nu)
        stand.tot = nu
        stand.save(update_fields=["tot"])
        if not pks and not team:
            return 0
        rows = Notificatie.objects.filter(pk__in=pks)
        if not user.is_active or not user.email:
            rows.update(mail_status=MailStatus.GEEN)
            return 0
        eigen = list(rows.select_related("herinnering__schooljaar"))
        items = sorted(eigen + team, key=lambda n: (n.aangemaakt, n.pk))
        _send(user=user, template="digest", context={"notificaties": items, "aantal": len(items)})
        rows.update(mail_status=MailStatus.VERZONDEN, mail_verzonden_op=timezone.now())
    return len(items)


def digest_ontvangers() -> list[int]:
    """Ids of the users with notifications waiting for the digest: own rows waiting for it, and
    the members who want the digest of teams with recent team rows. A fixed number of queries."""
    eigen = set(
        Notificatie.objects.filter(mail_status=MailStatus.DIGEST)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by()
    )
    grens = timezone.now() - TEAM_DIGEST_VENSTER
    teams: dict[str, list[int]] = {}
    for recht, organisatie_id in (
        Notificatie.objects.filter(user__isnull=True, aangemaakt__gt=grens)
        .values_list("team_recht", "organisatie_id")
        .distinct()
        .order_by()
    ):
        teams.setdefault(recht, []).append(organisatie_id)
    leden: set[int] = set()
    for recht, organisaties in teams.items():
        leden |= set(policy.users_with_perm(recht, organisaties).values_list("pk", flat=True))
    dagelijks = {pk for pk, keuze in mail_voorkeuren(sorted(leden - eigen)).items() if keuze == MailVoorkeur.DAGELIJKS}
    return sorted(eigen | dagelijks)


def outbox_wachtend(*, ouder_dan_minuten: int) -> list[int]:
    """Notifications still waiting for their immediate mail (e.g. the broker was down)."""
    grens = timezone.now() - timezone.timedelta(minutes=ouder_dan_minuten)
    return list(
        Notificatie.objects.filter(mail_status=MailStatus.WACHT, aangemaakt__lte=grens)
        .order_by("aangemaakt", "pk")
        .values_list("pk", flat=True)[:1000]
    )
