from django.utils.functional import SimpleLazyObject

# The header counts at most this many: a consulent's unread count can run into the thousands,
# and counting them all on every page is work nobody reads ("99+" says enough).
HEADER_MAX = 100


def notificaties(request):
    """The unread count for the header ("99+" from 100 on): one query that stops counting at
    100, and only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .models import Notificatie

        n = Notificatie.objects.for_user(user).ongelezen().order_by()[:HEADER_MAX].count()
        return f"{HEADER_MAX - 1}+" if n >= HEADER_MAX else n

    return {"notificaties_ongelezen": SimpleLazyObject(count)}
