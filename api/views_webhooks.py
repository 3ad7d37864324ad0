"""The servicedesk's page for a client's outbound notices: the webhook URL, a new signing secret
(shown once) and the delivery log."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from voroc.forms_flow import submit
from voroc.lists import lijst
from voroc.permissions import require_any_perm

from . import selectors
from .filters import AfleveringFilterSet
from .forms import WebhookForm
from .services import BEHEER
from .services_webhooks import apiclient_webhook_update


@require_any_perm(BEHEER)
@require_http_methods(["GET", "POST"])
def apiclient_webhook(request, pk: int):
    client = selectors.apiclient_get(user=request.user, pk=pk)
    data = request.POST if request.method == "POST" else None
    form = WebhookForm(data, initial={"webhook_url": client.webhook_url})
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda *, webhook_url, nieuw_geheim: apiclient_webhook_update(
                client=client, webhook_url=webhook_url, nieuw_geheim=nieuw_geheim, user=request.user
            ),
            success="De webhook is opgeslagen.",
        )
    ):
        if done.value.geheim:
            return render(
                request, "api/apiclient_geheim.html", {"client": done.value.client, "geheim": done.value.geheim}
            )
        client = done.value.client
        form = WebhookForm(initial={"webhook_url": client.webhook_url})
    afleveringen = lijst(request, AfleveringFilterSet, selectors.afleveringen(client=client))
    context = {"client": client, "form": form, "lijst": afleveringen, "page": afleveringen.page}
    return render(request, "api/apiclient_webhook.html", context, status=400 if form.errors else 200)
