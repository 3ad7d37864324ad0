"""The servicedesk's settings of a client's outbound notices (api/webhooks.py): the URL and the
signing secret, shown once when it is made."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction

from voroc import policy
from voroc.errors import DomainError

from .models import ApiClient
from .services import BEHEER
from .webhooks import url_fout


@dataclass(frozen=True)
class WebhookInstelling:
    client: ApiClient
    geheim: str  # the new secret in plain text, this once; empty when it did not change


@transaction.atomic
def apiclient_webhook_update(*, client: ApiClient, webhook_url: str, nieuw_geheim: bool, user) -> WebhookInstelling:
    """Set or clear the client's webhook URL. A first URL, or `nieuw_geheim`, makes a new secret
    (the old one stops signing at once); clearing the URL drops the secret."""
    if not policy.has_perm(user, BEHEER):
        raise DomainError("Alleen de servicedesk mag API-clients beheren.")
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.ingetrokken:
        raise DomainError("Deze client is ingetrokken.")
    webhook_url = (webhook_url or "").strip()
    if webhook_url and (fout := url_fout(webhook_url)):
        raise DomainError(fout, field="webhook_url")
    geheim = ""
    if not webhook_url:
        client.webhook_url, client.webhook_geheim = "", ""
    else:
        client.webhook_url = webhook_url
        if nieuw_geheim or not client.webhook_geheim:
            geheim = client.webhook_geheim = secrets.token_urlsafe(32)
    client.save(update_fields=["webhook_url", "webhook_geheim"])
    return WebhookInstelling(client=client, geheim=geheim)
