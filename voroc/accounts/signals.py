from django.contrib import messages


def say_goodbye(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "_messages"):
        messages.success(
            request, "U bent uitgelogd. Sluit ook het browservenster als u een gedeelde computer gebruikt."
        )
