import pytest

from terugkoppeling.models import Notificatie


def lezers(notificatie) -> set[int]:
    """Who finds a notification in their centre: its user, or every member of its team (the
    author of the step excepted, as for user rows)."""
    if notificatie.user_id is not None:
        return {notificatie.user_id}
    from voroc import policy

    auteur = notificatie.terugkoppeling.auteur_id if notificatie.terugkoppeling_id else None
    leden = policy.users_with_perm(notificatie.team_recht, [notificatie.organisatie_id])
    return set(leden.exclude(pk=auteur or 0).values_list("pk", flat=True))


@pytest.fixture
def ontvangers():
    """{user pk: notification kind} of the notifications written so far for one event/all;
    a team row counts for each member of the team."""

    def _ontvangers(**filters):
        got = {}
        for notificatie in Notificatie.objects.filter(**filters).select_related("terugkoppeling"):
            for user_id in lezers(notificatie):
                got[user_id] = notificatie.soort
        return got

    return _ontvangers


@pytest.fixture
def direct(world):
    """Every user of the world wants immediate mail."""
    from terugkoppeling.models import NotificatieVoorkeur

    for key, value in world.items():
        if hasattr(value, "email") and hasattr(value, "naam") and hasattr(value, "is_active"):
            NotificatieVoorkeur.objects.update_or_create(user=value, defaults={"mail": "direct"})
    return world
