"""The api app's receiver of the timeline's hook: a status change of an application becomes an
outbound notice for every client that wants one and whose organisation sees the application."""

from .models import ApiClient, WebhookAflevering
from .tasks import webhook_afleveren
from .webhooks import ziet_aanmelding

CONCEPT = "concept"  # not sent: no organisation outside the school has it yet


def webhooks_na_statuswijziging(sender, terugkoppeling, **kwargs) -> None:
    """Connected to `terugkoppeling.services.terugkoppeling_vastgelegd` (sent inside the step's
    transaction): rows now, the delivery after the commit."""
    t = terugkoppeling
    if t.soort != "aanmelding" or not t.aanmelding_id or not t.status or t.status in (t.van_status, CONCEPT):
        return
    clients = ApiClient.objects.geldig().exclude(webhook_url="").select_related("organisatie")
    for client in clients:
        if not ziet_aanmelding(client, t.aanmelding_id):
            continue
        aflevering, nieuw = WebhookAflevering.objects.get_or_create(
            client=client, gebeurtenis_id=t.pk, defaults={"aanmelding_id": t.aanmelding_id}
        )
        if nieuw:
            webhook_afleveren.delay_on_commit(aflevering.pk)  # a broker failure never reaches the step
