"""Matrix rows for the servicedesk's webhook page of an API client (api/views_webhooks.py)."""

from tests.security.matrix import row

from .matrix_api import _client
from .matrix_servicedesk import DESK_ONLY

ROWS = [
    row("servicedesk:apiclient_webhook", _client, **DESK_ONLY),
    row(
        "servicedesk:apiclient_webhook",
        _client,
        method="post",
        data=lambda w: {"webhook_url": "https://koppeling.example.nl/voroc"},
        default=403,
        servicedesk=200,
    ),
    row("servicedesk:apiclient_webhook", lambda w: {"pk": 999_999}, default=403, servicedesk=404),
]
