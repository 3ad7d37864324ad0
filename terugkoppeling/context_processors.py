from django.utils.functional import SimpleLazyObject


def notificaties(request):
    """The unread count for the header: one query, and only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count():
        from .models import Notificatie

        return Notificatie.objects.for_user(user).ongelezen().count()

    return {"notificaties_ongelezen": SimpleLazyObject(count)}
