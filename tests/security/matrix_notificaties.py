"""Notification centre (terugkoppeling app): every signed-in user has their own.

A notification belongs to its user only: another user's answers 404, whatever the role.
The own notification in these rows belongs to the decaan. A municipal team's notification
(one row for the team) is seen by the consulenten of that municipality only; another
municipality's team row answers 404.
"""

from tests.security.matrix import ROLES, row
from tests.terugkoppeling.factories import NotificatieFactory


def _van(key):
    return lambda w: {"pk": NotificatieFactory(user=w[key], leerling=w["leerling_a"]).pk}


def _team(key):
    def build(w):
        rij = NotificatieFactory(
            user=None,
            organisatie=w[key],
            team_recht="woongemeente_inzien",
            leerling=w["leerling_a"],
            soort="terugval",
            status="afgewezen",
            afhandelen=True,
        )
        return {"pk": rij.pk}

    return build


ALL_404_BUT_DECAAN = {role: 404 for role in ROLES if role != "decaan"}

ROWS = [
    row("terugkoppeling:list"),
    row("terugkoppeling:detail", _van("decaan"), **ALL_404_BUT_DECAAN),
    row("terugkoppeling:detail", _van("decaan_b"), default=404),
    row("terugkoppeling:gelezen", _van("decaan"), method="post", default=404, decaan=302),
    row("terugkoppeling:gelezen", _van("decaan_b"), method="post", default=404),
    row("terugkoppeling:detail", _team("gem_a"), default=404, consulent=200),
    row("terugkoppeling:detail", _team("gem_b"), default=404),
    row("terugkoppeling:gelezen", _team("gem_a"), method="post", default=404, consulent=302),
    row("terugkoppeling:afgehandeld", _van("decaan"), method="post", default=404, decaan=302),
    row("terugkoppeling:afgehandeld", _van("decaan_b"), method="post", default=404),
    row("terugkoppeling:afgehandeld", _team("gem_a"), method="post", default=404, consulent=302),
    row("terugkoppeling:afgehandeld", _team("gem_b"), method="post", default=404),
    row("terugkoppeling:alle_gelezen", method="post", default=302),
    row("terugkoppeling:voorkeuren"),
    row("terugkoppeling:voorkeuren", method="post", data=lambda w: {"mail": "direct"}, default=302),
    row("terugkoppeling:testmail", method="post", default=302),
]
