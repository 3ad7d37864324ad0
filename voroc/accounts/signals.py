from django.contrib import messages


def say_goodbye(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "_messages"):
        messages.success(
            request, "U bent uitgelogd. Sluit ook het browservenster als u een gedeelde computer gebruikt."
        )


def stamp_login(sender, request, user, **kwargs):
    """Start the absolute session timeout and the re-authentication window."""
    import time

    from .middleware import AUTH_AT, LOGIN_AT

    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[AUTH_AT] = now
