from django.conf import settings

from .otp import demo_skip_active, is_verified, requires_2fa


def security(request):
    """The demo banner flag, the idle timeout for its warning; and no main menu for a session still
    waiting for its second factor."""
    context = {
        "DEMO_SKIPS_2FA": demo_skip_active(),
        "SESSION_IDLE_SECONDS": settings.VOROC_SESSION_IDLE_SECONDS,
        "SESSION_WARNING_SECONDS": settings.VOROC_SESSION_WARNING_SECONDS,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and requires_2fa(user) and not is_verified(request):
        context["menu"] = []
    return context
