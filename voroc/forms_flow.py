"""How a view calls a service, written once.

Every view that changes something goes through `submit` (a form) or `run` (a button without a
form). Both call the service in one transaction, so a broken rule (`DomainError`) halfway leaves
nothing behind, and both tell the user how it went in Dutch:

- `submit`: the form is validated first; a broken rule becomes an error on the form (on the field
  it names, else above the form) and the caller renders the form again.
- `run`: a broken rule becomes an error message; the caller redirects either way.

Views do not catch `DomainError` themselves.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction

from voroc.errors import DomainError

# A success message: fixed text, or made from what the service returned (None: say nothing).
Success = str | Callable[[Any], str | None] | None


@dataclass(frozen=True)
class Outcome:
    """What came of a service call. Truthy when the service ran; `value` is what it returned."""

    ok: bool
    value: Any = None
    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.ok


def _call(action: Callable[[], Any], passthrough: tuple[type[DomainError], ...]) -> Outcome:
    try:
        with transaction.atomic():
            return Outcome(True, action())
    except passthrough:
        raise
    except DomainError as error:
        return Outcome(False, error=error)


def _say(request, success: Success, value) -> None:
    text = success(value) if callable(success) else success
    if text:
        messages.success(request, text)


def submit(
    request,
    form,
    action: Callable[..., Any],
    *,
    success: Success,
    failure: str | None = None,
    passthrough: tuple[type[DomainError], ...] = (),
) -> Outcome:
    """Call `action(**form.cleaned_data)` if the form is valid. Truthy: it ran (the caller
    redirects). Falsy: the form carries the errors, a broken rule included (the caller renders it
    again); `failure`, if given, is shown as an error message. Errors of a `passthrough` type are
    raised to the caller (a page of their own, such as an edit conflict)."""
    if form.is_valid():
        outcome = _call(lambda: action(**form.cleaned_data), passthrough)
        if outcome:
            _say(request, success, outcome.value)
            return outcome
        outcome.error.add_to(form)
    else:
        outcome = Outcome(False)
    if failure:
        messages.error(request, failure)
    return outcome


def run(
    request,
    action: Callable[[], Any],
    *,
    success: Success,
    explain: Callable[[DomainError], str] | None = None,
) -> Outcome:
    """Call `action()` for a button without a form. A broken rule becomes an error message (its
    own text, or `explain(error)` when the error carries more to say)."""
    outcome = _call(action, ())
    if outcome:
        _say(request, success, outcome.value)
    else:
        messages.error(request, explain(outcome.error) if explain else outcome.error.message)
    return outcome
