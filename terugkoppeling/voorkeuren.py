"""Which mail a user gets: the user's own choice, else the role's default, else the setting.

Kept apart from notificaties.py and mail.py, which both read it (mail.py fans a team's mail
out per member): one of them importing the other would close an import loop via mail_tasks.
"""

from __future__ import annotations

from django.conf import settings

from voroc.accounts.models import Lidmaatschap
from voroc.accounts.roles import MAIL_STANDAARD

from .models import MailStatus, MailVoorkeur, NotificatieVoorkeur

MAIL_STATUS = {
    MailVoorkeur.DIRECT: MailStatus.WACHT,
    MailVoorkeur.DAGELIJKS: MailStatus.DIGEST,
    MailVoorkeur.GEEN: MailStatus.GEEN,
}
# Least mail first: a user with two roles whose defaults differ gets the quieter one.
_RUSTIGST = [MailVoorkeur.GEEN, MailVoorkeur.DAGELIJKS, MailVoorkeur.DIRECT]


def mail_voorkeuren(user_ids) -> dict[int, str]:
    """{user id: mail preference in force}: the user's own choice, else the default of the user's
    role (roles.MAIL_STANDAARD), else the setting VOROC_NOTIFICATIE_MAIL_STANDAARD. At most two
    queries, whatever the number of users."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return {}
    keuze = dict(NotificatieVoorkeur.objects.filter(user_id__in=ids).values_list("user_id", "mail"))
    zonder = [pk for pk in ids if pk not in keuze]
    if zonder:
        standaard: dict[int, str] = {}
        rollen = Lidmaatschap.objects.filter(
            user_id__in=zonder, rol__code__in=list(MAIL_STANDAARD), organisatie__actief=True
        ).values_list("user_id", "rol__code")
        for user_id, code in rollen:
            rol = MAIL_STANDAARD[code]
            huidig = standaard.get(user_id)
            if huidig is None or _RUSTIGST.index(rol) < _RUSTIGST.index(huidig):
                standaard[user_id] = rol
        keuze.update(standaard)
    return {pk: keuze.get(pk, settings.VOROC_NOTIFICATIE_MAIL_STANDAARD) for pk in ids}


def mail_voorkeur(user) -> str:
    """The mail preference in force for one user (see `mail_voorkeuren`)."""
    return mail_voorkeuren([user.pk])[user.pk]


def mail_status_voor(user) -> str:
    """The mail status a new notification for the user gets."""
    return MAIL_STATUS[mail_voorkeur(user)]
