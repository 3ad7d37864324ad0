"""The servicedesk's pages for API clients: list, create (the token is shown once), rotate, revoke."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from servicedesk.selectors import organisaties_actief
from voroc.forms_flow import run, submit
from voroc.lists import lijst
from voroc.permissions import require_any_perm

from . import selectors, services
from .filters import ApiClientFilterSet
from .forms import ApiClientForm

beheer = require_any_perm(services.BEHEER)


@beheer
@require_GET
def apiclient_list(request):
    clients = lijst(request, ApiClientFilterSet, selectors.apiclient_list(user=request.user))
    return render(request, "api/apiclient_list.html", {"lijst": clients, "page": clients.page})


@beheer
@require_http_methods(["GET", "POST"])
def apiclient_create(request):
    data = request.POST if request.method == "POST" else None  # an empty POST is a bound form too
    form = ApiClientForm(data, organisaties=organisaties_actief(user=request.user))
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda **data: services.apiclient_create(**data, user=request.user),
            success=None,
        )
    ):
        return _token(request, done.value)
    return render(request, "api/apiclient_form.html", {"form": form}, status=400 if form.errors else 200)


@beheer
@require_GET
def apiclient_detail(request, pk: int):
    client = selectors.apiclient_get(user=request.user, pk=pk)
    return render(request, "api/apiclient_detail.html", {"client": client})


@beheer
@require_POST
def apiclient_rotate(request, pk: int):
    client = selectors.apiclient_get(user=request.user, pk=pk)
    done = run(request, lambda: services.apiclient_rotate(client=client, user=request.user), success=None)
    if done:
        return _token(request, done.value)
    return redirect("servicedesk:apiclient", pk=client.pk)


@beheer
@require_POST
def apiclient_revoke(request, pk: int):
    client = selectors.apiclient_get(user=request.user, pk=pk)
    run(
        request,
        lambda: services.apiclient_revoke(client=client, user=request.user),
        success="De client is ingetrokken; het token werkt niet meer.",
    )
    return redirect("servicedesk:apiclient", pk=client.pk)


def _token(request, nieuw):
    """The token in plain text, this once: it is not stored and cannot be shown again."""
    return render(request, "api/apiclient_token.html", {"client": nieuw.client, "token": nieuw.token})
