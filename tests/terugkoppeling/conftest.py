import pytest

from terugkoppeling.models import Notificatie


@pytest.fixture
def ontvangers():
    """{user pk: notification kind} of the notifications written so far for one event/all."""

    def _ontvangers(**filters):
        return dict(Notificatie.objects.filter(**filters).values_list("user_id", "soort"))

    return _ontvangers


@pytest.fixture
def direct(world):
    """Every user of the world wants immediate mail."""
    from terugkoppeling.models import NotificatieVoorkeur

    for key, value in world.items():
        if hasattr(value, "email") and hasattr(value, "naam") and hasattr(value, "is_active"):
            NotificatieVoorkeur.objects.update_or_create(user=value, defaults={"mail": "direct"})
    return world
