"""Notification centre (terugkoppeling app): every signed-in user has their own.

A notification belongs to its user only: another user's answers 404, whatever the role.
The own notification in these rows belongs to the decaan.
"""

from tests.security.matrix import ROLES, row
from tests.terugkoppeling.factories import NotificatieFactory


def _van(key):
    return lambda w: {"pk": NotificatieFactory(user=w[key], leerling=w["leerling_a"]).pk}


ALL_404_BUT_DECAAN = {role: 404 for role in ROLES if role != "decaan"}

ROWS = [
    row("terugkoppeling:list"),
    row("terugkoppeling:detail", _van("decaan"), **ALL_404_BUT_DECAAN),
    row("terugkoppeling:detail", _van("decaan_b"), default=404),
    row("terugkoppeling:gelezen", _van("decaan"), method="post", default=404, decaan=302),
    row("terugkoppeling:gelezen", _van("decaan_b"), method="post", default=404),
    row("terugkoppeling:alle_gelezen", method="post", default=302),
    row("terugkoppeling:voorkeuren"),
    row("terugkoppeling:voorkeuren", method="post", data=lambda w: {"mail": "direct"}, default=302),
    row("terugkoppeling:testmail", method="post", default=302),
]
