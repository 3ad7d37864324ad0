"""The POST half of a form page, written once: validate, call the service, say how it went."""

from collections.abc import Callable

from django.contrib import messages

from voroc.errors import DomainError


def submit(request, form, action: Callable[..., object], *, success: str, failure: str) -> bool:
    """Call `action(**form.cleaned_data)` if the form is valid. True: it ran (the caller redirects).
    False: the form carries the errors, a broken rule included (the caller renders it again)."""
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except DomainError as error:
            error.add_to(form)
        else:
            messages.success(request, success)
            return True
    messages.error(request, failure)
    return False
