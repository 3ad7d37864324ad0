"""The pupil's (or parent's) activation at /mijn/activeren/: no login yet.

Step 1: the code from the letter or mail and the pupil's date of birth (a second check: a found
letter alone is not enough). Failures are counted per client address in the cache; after
`POGINGEN` within `WACHTTIJD` the page refuses for a while with a Dutch message (the login has
django-axes; this page has no account to count against). The lookup, the count and the use of
the code are the redemption core in portaal/services.py, shared with "Code invoeren".

Step 2: e-mail address and password; the account is made, signed in with the password only, and
the two-factor middleware sends it on to set up its second factor (an authenticator app, or a
code by e-mail) before any page.
"""

from __future__ import annotations

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from voroc.accounts.lockout import client_address
from voroc.forms_flow import submit

from . import services
from .forms import AccountForm, CodeForm

SESSIE_CODE = "_voroc_portaal_activatiecode"  # the id of the code checked in step 1
# The attempt limit lives with the redemption core (portaal/services.py), shared with "Code invoeren".
POGINGEN, WACHTTIJD, GEBLOKKEERD = services.POGINGEN, services.WACHTTIJD, services.GEBLOKKEERD


def pogingen_sleutels(request) -> tuple[str, ...]:
    """What failures are counted against: the client address; a signed-in account as well (so a
    changing address does not reset its count)."""
    sleutels = (f"adres:{client_address(request)}",)
    if request.user.is_authenticated:
        sleutels += (f"account:{request.user.pk}",)
    return sleutels


def geblokkeerd(request) -> bool:
    return services.geblokkeerd(pogingen_sleutels(request))


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def activeren(request):
    """Step 1: code and date of birth."""
    form = CodeForm(request.POST or None, initial={"code": request.GET.get("code", "")[:40]})
    if geblokkeerd(request):
        return render(request, "portaal/activeren.html", {"form": form, "geblokkeerd": GEBLOKKEERD}, status=429)
    if request.method == "POST":
        outcome = submit(
            request,
            form,
            lambda code, geboortedatum: services.activatiecode_zoeken(
                code=code, geboortedatum=geboortedatum, sleutels=pogingen_sleutels(request)
            ),
            success=None,
        )
        if outcome:
            request.session[SESSIE_CODE] = outcome.value.pk
            return redirect("portaal:activeren_account")
        if isinstance(outcome.error, services.Geblokkeerd):
            return render(request, "portaal/activeren.html", {"form": form, "geblokkeerd": GEBLOKKEERD}, status=429)
    return render(request, "portaal/activeren.html", {"form": form})


@never_cache
@sensitive_post_parameters("wachtwoord", "wachtwoord2")
@require_http_methods(["GET", "POST"])
def activeren_account(request):
    """Step 2: e-mail address and password; then the second factor."""
    code_id = request.session.get(SESSIE_CODE)
    if code_id is None:
        return render(request, "portaal/activeren_account.html", {"zonder_code": True})
    form = AccountForm(request.POST or None)
    if request.method == "POST":
        outcome = submit(
            request,
            form,
            lambda email, wachtwoord, wachtwoord2: services.account_activeren(
                code_id=code_id, email=email, wachtwoord=wachtwoord
            ),
            success="Je account is klaar. Stel nu de tweede stap in om veilig in te loggen.",
        )
        if outcome:
            request.session.pop(SESSIE_CODE, None)
            login(request, outcome.value, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("portaal:home")
    return render(request, "portaal/activeren_account.html", {"form": form})
