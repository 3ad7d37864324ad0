"""Mail to the pupil (and the parents who chose it) when the mbo records a feedback moment.

Like every VOROC mail (docs/adr/0007) it names only the kind of event and links to the portal
behind the login: no programme, institution, date or text. Sent once the step's transaction has
committed, robustly (a failing mail never undoes or breaks the mbo's step), and only to a pupil
with an active portal account whose visibility shows the event. The recipients are resolved
then too, as for the staff notifications: an access revoked later in the same transaction gets
no mail (docs/portaal.md).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from aanmelding.status import Feedbackmoment
from voroc import policy

from .mail import _absolute, versturen
from .models import Relatie, Toegang

logger = logging.getLogger(__name__)

ONDERWERPEN = {
    Feedbackmoment.NA_AANMELDING: "Je aanmelding is ontvangen",
    Feedbackmoment.VOOR_INTAKE: "Je bent uitgenodigd voor een intake",
    Feedbackmoment.NA_PLAATSINGSBESLUIT: "Er is een besluit over je aanmelding",
}


def leerling_informeren_na_commit(*, terugkoppeling, **kwargs) -> None:
    """Receiver of the `terugkoppeling_vastgelegd` hook (connected in apps.py)."""
    if terugkoppeling.moment not in ONDERWERPEN:
        return
    transaction.on_commit(lambda: leerling_informeren(terugkoppeling=terugkoppeling), robust=True)


def leerling_informeren(*, terugkoppeling) -> int:
    """Mail the pupil's own portal account, and each parent who chose to get the same messages
    (`Toegang.meldingen`), where the account may see the event; returns the number sent."""
    toegangen = (
        Toegang.objects.filter(leerling_id=terugkoppeling.leerling_id, ingetrokken_op__isnull=True)
        .filter(Q(relatie=Relatie.LEERLING) | Q(relatie=Relatie.OUDER, meldingen=True))
        .select_related("user", "leerling")
    )
    verstuurd = 0
    for toegang in toegangen:
        user = toegang.user
        if not user.is_active or not policy.zicht(user, toegang.leerling).toont_terugkoppeling(terugkoppeling):
            continue
        onderwerp = ONDERWERPEN[terugkoppeling.moment]
        versturen(
            onderwerp=f"VOROC: {onderwerp.lower()}",
            template="portaal/nieuws_email.txt",
            context={"onderwerp": onderwerp, "link": _absolute(reverse("portaal:home"))},
            aan=user.email,
        )
        verstuurd += 1
    return verstuurd
