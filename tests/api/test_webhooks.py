"""Outbound notices (api/webhooks.py): signed, only for applications the client's organisation
sees, only what the visibility table allows it, retried on failure, logged; and the servicedesk's
page that sets them up. A real HTTP server on the loopback address receives them."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from aanmelding.services_mbo import aanmelding_ontvangen
from api.models import AfleveringStatus, WebhookAflevering
from api.services_webhooks import apiclient_webhook_update
from api.webhooks import handtekening, url_fout
from leerlingen.models import Elders, Raadpleging
from voroc.errors import DomainError

from .conftest import GEMEENTE, MBO, SCHOOL


class Ontvanger:
    """A receiving system on 127.0.0.1: records every request, answers the next queued status."""

    def __init__(self):
        self.verzoeken: list[dict] = []
        self.antwoorden: list[int] = []
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {k.lower(): v for k, v in self.headers.items()}  # header names are case-blind
                ontvanger.verzoeken.append({"path": self.path, "headers": headers, "body": body})
                self.send_response(ontvanger.antwoorden.pop(0) if ontvanger.antwoorden else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, pad: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/{pad}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def ontvanger(settings):
    settings.VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK = True
    settings.VOROC_WEBHOOK_BACKOFF_SECONDS = 0
    o = Ontvanger()
    yield o
    o.stop()


@pytest.fixture
def met_webhook(world, maak_client, ontvanger):
    """A client of `organisatie` with `scopes` whose notices go to the receiver: (client, secret)."""

    def make(organisatie, scopes, pad="hook"):
        client, _token = maak_client(organisatie, scopes)
        instelling = apiclient_webhook_update(
            client=client, webhook_url=ontvanger.url(pad), nieuw_geheim=False, user=world["servicedesk"]
        )
        return instelling.client, instelling.geheim

    return make


def _ontvangen(world, capture):
    with capture(execute=True):
        aanmelding_ontvangen(aanmelding=world["aanmelding_a"], user=world["intaker"])


def test_a_status_change_is_posted_signed_to_the_institutions_client(
    world, met_webhook, ontvanger, django_capture_on_commit_callbacks
):
    client, geheim = met_webhook(world["mbo_a"], MBO)
    _ontvangen(world, django_capture_on_commit_callbacks)
    [verzoek] = ontvanger.verzoeken
    headers, body = verzoek["headers"], verzoek["body"]
    verwacht = hmac.new(geheim.encode(), headers["x-voroc-timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["x-voroc-signature"] == f"sha256={verwacht.hexdigest()}"
    assert handtekening(geheim, headers["x-voroc-timestamp"], body) == headers["x-voroc-signature"]
    assert handtekening("ander-geheim", headers["x-voroc-timestamp"], body) != headers["x-voroc-signature"]
    data = json.loads(body)
    assert (data["van_status"], data["status"]) == ("aangemeld", "in_behandeling")
    assert data["aanmelding"]["id"] == world["aanmelding_a"].pk and data["aanmelding"]["landelijke_status"] == 1
    assert headers["x-voroc-event"] == str(data["gebeurtenis"])
    aflevering = WebhookAflevering.objects.get(client=client)
    assert (aflevering.status, aflevering.pogingen, aflevering.http_status) == (AfleveringStatus.AFGELEVERD, 1, 204)
    lezing = Raadpleging.objects.get(leerling=world["leerling_a"], pagina="api:webhook")
    assert (lezing.user_id, lezing.organisatie_id, lezing.actie) == (client.gebruiker_id, world["mbo_a"].pk, "export")


def test_no_notice_for_an_application_the_client_does_not_see(
    world, met_webhook, ontvanger, django_capture_on_commit_callbacks
):
    met_webhook(world["mbo_b"], MBO)
    met_webhook(world["gem_b"], GEMEENTE)
    met_webhook(world["school_b"], SCHOOL)
    _ontvangen(world, django_capture_on_commit_callbacks)
    assert ontvanger.verzoeken == [] and not WebhookAflevering.objects.exists()


def test_a_client_without_a_webhook_or_revoked_gets_nothing(
    world, maak_client, met_webhook, ontvanger, django_capture_on_commit_callbacks
):
    from api.services import apiclient_revoke

    maak_client(world["mbo_a"], MBO)  # no webhook
    client, _ = met_webhook(world["mbo_a"], MBO)
    apiclient_revoke(client=client, user=world["servicedesk"])
    _ontvangen(world, django_capture_on_commit_callbacks)
    assert ontvanger.verzoeken == [] and not WebhookAflevering.objects.exists()


def test_a_failed_delivery_is_retried_until_it_succeeds(
    world, met_webhook, ontvanger, django_capture_on_commit_callbacks
):
    client, _ = met_webhook(world["mbo_a"], MBO)
    ontvanger.antwoorden = [500, 503]
    _ontvangen(world, django_capture_on_commit_callbacks)
    assert len(ontvanger.verzoeken) == 3
    assert len({v["headers"]["x-voroc-event"] for v in ontvanger.verzoeken}) == 1, "the same event every time"
    aflevering = WebhookAflevering.objects.get(client=client)
    assert (aflevering.status, aflevering.pogingen, aflevering.http_status) == (AfleveringStatus.AFGELEVERD, 3, 204)


def test_the_worker_retries_later_with_a_doubling_countdown(world, met_webhook, ontvanger, settings):
    from celery.exceptions import Retry

    from api.tasks import webhook_afleveren

    settings.VOROC_WEBHOOK_BACKOFF_SECONDS = 30
    client, _ = met_webhook(world["mbo_a"], MBO)
    with mock.patch("api.receivers.webhook_afleveren.delay_on_commit"):  # queued, not run
        aanmelding_ontvangen(aanmelding=world["aanmelding_a"], user=world["intaker"])
    aflevering = WebhookAflevering.objects.get(client=client)
    ontvanger.antwoorden = [500, 500]
    countdowns = []
    for retries in (0, 1):
        webhook_afleveren.push_request(retries=retries, is_eager=False)
        try:
            with mock.patch.object(webhook_afleveren, "retry", side_effect=Retry) as retry, pytest.raises(Retry):
                webhook_afleveren.run(aflevering.pk)
            countdowns.append(retry.call_args.kwargs["countdown"])
        finally:
            webhook_afleveren.pop_request()
    assert countdowns == [30, 60]
    aflevering.refresh_from_db()
    assert (aflevering.status, aflevering.pogingen) == (AfleveringStatus.WACHTRIJ, 2)


def test_after_the_last_attempt_the_delivery_is_failed_and_the_step_stands(
    world, met_webhook, ontvanger, settings, django_capture_on_commit_callbacks
):
    settings.VOROC_WEBHOOK_MAX_POGINGEN = 2
    client, _ = met_webhook(world["mbo_a"], MBO)
    ontvanger.antwoorden = [500] * 5
    _ontvangen(world, django_capture_on_commit_callbacks)
    assert len(ontvanger.verzoeken) == 2
    aflevering = WebhookAflevering.objects.get(client=client)
    assert (aflevering.status, aflevering.pogingen, aflevering.fout) == (AfleveringStatus.MISLUKT, 2, "HTTP 500")
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == "in_behandeling"
    assert not Raadpleging.objects.filter(pagina="api:webhook").exists(), "nothing was delivered"


def test_each_organisation_gets_only_what_the_visibility_table_allows(
    world, met_webhook, ontvanger, django_capture_on_commit_callbacks
):
    leerling = world["leerling_a"]
    leerling.risico = True
    leerling.save(update_fields=["risico"])
    Elders.objects.create(
        leerling=leerling, soort="werk", toelichting="ZELDERSNOTITIE", vastgelegd_door=world["decaan"]
    )
    for organisatie, scopes, pad in (
        (world["mbo_a"], MBO, "mbo"),
        (world["school_a"], SCHOOL, "school"),
        (world["gem_a"], GEMEENTE, "gemeente"),
    ):
        met_webhook(organisatie, scopes, pad=pad)
    _ontvangen(world, django_capture_on_commit_callbacks)
    berichten = {v["path"].strip("/"): json.loads(v["body"]) for v in ontvanger.verzoeken}
    assert set(berichten) == {"mbo", "school", "gemeente"}
    for pad, data in berichten.items():
        tekst = json.dumps(data)
        assert leerling.bsn not in tekst and "ZELDERSNOTITIE" not in tekst, pad
        assert "zorg" not in tekst and "motivatie" not in tekst, pad
        assert (
            data["leerling"]["achternaam"] == leerling.achternaam and data["aanmelding"]["status"] == "in_behandeling"
        )
    assert "elders" not in berichten["mbo"]["leerling"] and "risico" not in berichten["mbo"]["leerling"]
    for pad in ("school", "gemeente"):
        assert (
            berichten[pad]["leerling"]["elders"] == {"soort": "werk"} and berichten[pad]["leerling"]["risico"] is True
        )


@pytest.mark.parametrize(
    ("url", "toegestaan", "fout"),
    [
        ("https://koppeling.example.nl/voroc", False, None),
        ("http://koppeling.example.nl/voroc", True, "Gebruik een https-adres."),
        ("http://127.0.0.1:8000/hook", False, "Gebruik https"),
        ("http://127.0.0.1:8000/hook", True, None),
        ("http://localhost/hook", True, None),
        ("ftp://koppeling.example.nl/", True, "Gebruik een https-adres."),
        ("https://10.0.0.5/hook", True, "intern netwerk"),
        ("https://169.254.169.254/latest/meta-data", True, "intern netwerk"),
        ("https://[fd00::1]/hook", True, "intern netwerk"),
        ("https://localhost/hook", False, "intern netwerk"),
        ("https://127.0.0.1/hook", False, "intern netwerk"),
        ("https://93.184.216.34/hook", False, None),
    ],
)
def test_only_https_unless_loopback_is_allowed(settings, url, toegestaan, fout):
    settings.VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK = toegestaan
    assert (url_fout(url) or None) is None if fout is None else fout in url_fout(url)


def test_the_service_refuses_a_plain_http_url_on_the_field(world, maak_client):
    client, _ = maak_client(world["mbo_a"], MBO)
    with pytest.raises(DomainError) as error:
        apiclient_webhook_update(
            client=client, webhook_url="http://koppeling.example.nl/", nieuw_geheim=False, user=world["servicedesk"]
        )
    assert error.value.field == "webhook_url"
    with pytest.raises(DomainError):
        apiclient_webhook_update(
            client=client, webhook_url="https://koppeling.example.nl/", nieuw_geheim=False, user=world["decaan"]
        )


def test_the_servicedesk_sets_the_url_and_sees_the_secret_once(world, maak_client, client):
    api_client, _ = maak_client(world["mbo_a"], MBO)
    client.force_login(world["servicedesk"])
    url = reverse("servicedesk:apiclient_webhook", args=[api_client.pk])
    response = client.post(url, {"webhook_url": "https://koppeling.example.nl/voroc"})
    api_client.refresh_from_db()
    assert response.status_code == 200 and api_client.webhook_geheim
    assert api_client.webhook_geheim in response.content.decode()
    page = client.get(url).content.decode()
    assert api_client.webhook_geheim not in page and "https://koppeling.example.nl/voroc" in page
    oud = api_client.webhook_geheim
    client.post(url, {"webhook_url": "https://koppeling.example.nl/ander"})
    api_client.refresh_from_db()
    assert api_client.webhook_geheim == oud, "a changed URL keeps the secret"
    client.post(url, {"webhook_url": "https://koppeling.example.nl/ander", "nieuw_geheim": "on"})
    api_client.refresh_from_db()
    assert api_client.webhook_geheim != oud
    entries = LogEntry.objects.filter(object_pk=str(api_client.pk))
    assert entries.exists() and not any(oud in json.dumps(e.changes_dict) for e in entries)
    response = client.post(url, {"webhook_url": "http://koppeling.example.nl/"})
    assert response.status_code == 400 and "Gebruik een https-adres." in response.content.decode()


def test_the_delivery_log_is_a_paged_list_with_a_fixed_query_count(
    world, met_webhook, client, django_assert_max_num_queries
):
    from tests.lists import check_tenfold

    api_client, _ = met_webhook(world["mbo_a"], MBO)
    made = []

    def add(k):
        start = len(made) + 1
        made.extend(range(start, start + k))
        WebhookAflevering.objects.bulk_create(
            WebhookAflevering(client=api_client, gebeurtenis_id=n, aanmelding_id=1, status="mislukt", fout="HTTP 500")
            for n in range(start, start + k)
        )

    client.force_login(world["servicedesk"])
    url = reverse("servicedesk:apiclient_webhook", args=[api_client.pk])
    response = check_tenfold(
        client, url, add, django_assert_max_num_queries, n=8, params={"status": "mislukt"}, most=12
    )
    assert len(response.context["page"]) == 50 and "HTTP 500" in response.content.decode()


def test_a_notice_left_by_a_dead_broker_is_sent_later_and_the_old_log_goes(
    world, met_webhook, ontvanger, settings, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from api.tasks import webhook_afleveren, webhooks_wachtrij_verwerken

    client, _ = met_webhook(world["mbo_a"], MBO)
    with mock.patch.object(webhook_afleveren, "apply_async", side_effect=ConnectionError("broker down")):
        _ontvangen(world, django_capture_on_commit_callbacks)
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == "in_behandeling", "the step stands"
    aflevering = WebhookAflevering.objects.get(client=client)
    assert (aflevering.status, aflevering.pogingen, ontvanger.verzoeken) == (AfleveringStatus.WACHTRIJ, 0, [])
    assert webhooks_wachtrij_verwerken() == 0, "not before the outbox wait"
    oud = WebhookAflevering.objects.create(  # an older event of the same client (another id)
        client=client, gebeurtenis_id=aflevering.gebeurtenis_id + 1000, aanmelding_id=1, status="afgeleverd"
    )
    WebhookAflevering.objects.filter(pk=oud.pk).update(
        aangemaakt=timezone.now() - datetime.timedelta(days=settings.VOROC_WEBHOOK_LOG_DAGEN + 1)
    )
    WebhookAflevering.objects.filter(pk=aflevering.pk).update(
        aangemaakt=timezone.now() - datetime.timedelta(minutes=settings.VOROC_OUTBOX_WACHTTIJD_MINUTEN + 1)
    )
    assert webhooks_wachtrij_verwerken() == 1
    aflevering.refresh_from_db()
    assert aflevering.status == AfleveringStatus.AFGELEVERD and len(ontvanger.verzoeken) == 1
    assert not WebhookAflevering.objects.filter(pk=oud.pk).exists()


def test_a_host_name_that_resolves_inside_the_network_gets_no_notice(
    world, met_webhook, ontvanger, django_capture_on_commit_callbacks, settings
):
    """The URL was public when saved; now its name points at a server behind VOROC."""
    client, _ = met_webhook(world["mbo_a"], MBO)
    client.webhook_url = "https://koppeling.example.nl/voroc"
    client.save(update_fields=["webhook_url"])
    intern = [(2, 1, 6, "", ("10.1.2.3", 443))]
    with mock.patch("api.webhooks.socket.getaddrinfo", return_value=intern) as resolve:
        with mock.patch("api.webhooks._zonder_redirect") as opener:
            _ontvangen(world, django_capture_on_commit_callbacks)
    assert resolve.called and not opener.called, "no connection is opened"
    aflevering = WebhookAflevering.objects.get(client=client)
    assert aflevering.status == "vervallen" and "intern netwerk" in aflevering.fout
