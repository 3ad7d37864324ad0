"""Outbound notices (webhooks) for API clients: a signed JSON POST per status change of an
application the client's organisation may see.

- **Which changes.** Every timeline event of an application that records a new status
  (`terugkoppeling.services.terugkoppeling_vastgelegd`, received in `api/receivers.py`), for every
  valid client with a webhook URL whose organisation sees the application through its scopes
  (`policy.aanmelding_q` for the client's grants: an mbo its institution's applications, a school
  its pupils, a municipality its residents). One `WebhookAflevering` row per client and event,
  queued on commit (`api/tasks.py`).
- **What it carries.** Built when it is sent, from what the client's organisation sees of the
  pupil (`policy.zicht` and `policy.velden_van`): never the form or its care part, never a
  personal number; Elders and the risk flag only where the visibility table shows them (so never
  to an mbo). Each notice sent goes to the read log (actie "export", page "api:webhook").
- **Signature.** `X-VOROC-Timestamp` (Unix seconds) and
  `X-VOROC-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the client's secret>`;
  `X-VOROC-Event` is the event id (the same on every retry: a receiver can drop duplicates).
- **Transport.** https only; plain http only to a loopback address with
  `VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK`. Never to an address inside a network (private, loopback,
  link-local, reserved): refused when the URL is saved if the host is such an address, and checked
  again on every attempt against what the host name resolves to then, so a name cannot be pointed
  at the servers behind VOROC later (loopback only with the setting above). No redirects are
  followed. A 2xx is delivered; anything else (or no answer) is retried with exponential backoff
  until `VOROC_WEBHOOK_MAX_POGINGEN`.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import ipaddress
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone

from voroc import policy
from voroc.audit import EXPORT, record_reads_for

from .authentication import client_grants
from .models import AfleveringStatus, ApiClient, WebhookAflevering

PAGINA = "api:webhook"
# What a notice may say of the pupil, each only when the organisation sees its part.
LEERLING_VELDEN = ("leerlingnummer", "voornaam", "tussenvoegsel", "achternaam", "geboortedatum", "klas", "risico")
AANMELDING_VELDEN = ("status", "keuze", "aangemeld_op", "op_tijd", "toelatingsrecht")
LOOPBACK_NAMEN = ("localhost",)


class WebhookError(Exception):
    """An attempt that failed and may be retried."""


INTERN = "Dit adres ligt in een intern netwerk; notificaties gaan alleen naar een adres op internet."


def url_fout(url: str) -> str | None:
    """Why `url` cannot receive notices (a Dutch sentence), or None."""
    parsed = urllib.parse.urlsplit(url or "")
    if parsed.scheme == "https" and parsed.hostname:
        return _intern_fout([parsed.hostname]) if _ip(parsed.hostname) or _loopback(parsed.hostname) else None
    if parsed.scheme == "http" and parsed.hostname and _loopback(parsed.hostname):
        if settings.VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK:
            return None
        return "Gebruik https; http mag alleen naar het eigen systeem in een test- of ontwikkelomgeving."
    return "Gebruik een https-adres."


def _ip(host: str):
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return None


def _intern_fout(adressen) -> str | None:
    """INTERN if one of the addresses (or names) is not a public one; loopback passes only with
    VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK (development and tests)."""
    for adres in adressen:
        if _loopback(adres):
            if settings.VOROC_WEBHOOK_ALLOW_HTTP_LOOPBACK:
                continue
            return INTERN
        ip = _ip(adres)
        if ip is None or not ip.is_global:
            return INTERN
    return None


def adres_fout(url: str) -> str | None:
    """The check on every attempt: what the host name resolves to now (None if it does not resolve:
    the attempt fails on its own and is retried)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return None
    return _intern_fout({info[4][0] for info in infos})


def _loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMEN:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def handtekening(geheim: str, tijdstip: str, body: bytes) -> str:
    """The signature header's value for a body sent at `tijdstip` (Unix seconds, as text)."""
    digest = hmac.new(geheim.encode(), tijdstip.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def client_viewer(client: ApiClient) -> policy.Viewer:
    """The client's organisation as the client sees it: its scopes there, nobody's mentor."""
    return policy.Viewer(client_grants(client), client.gebruiker_id)


def ziet_aanmelding(client: ApiClient, aanmelding_id: int) -> bool:
    Aanmelding = apps.get_model("aanmelding", "Aanmelding")
    return Aanmelding.objects.filter(policy.aanmelding_q(client_viewer(client)), pk=aanmelding_id).exists()


def bericht(*, client: ApiClient, gebeurtenis) -> tuple[dict, object] | None:
    """The notice of one event for one client, and the pupil it is about; None when the client's
    organisation no longer sees the application."""
    v = client_viewer(client)
    Aanmelding = apps.get_model("aanmelding", "Aanmelding")
    aanmelding = (
        Aanmelding.objects.filter(policy.aanmelding_q(v), pk=gebeurtenis.aanmelding_id)
        .select_related("leerling__school", "leerling__elders", "opleiding__instelling")
        .first()
    )
    if aanmelding is None:
        return None
    leerling = aanmelding.leerling
    delen = policy.zicht(v, leerling, formulier=None).delen
    zichtbaar = set(policy.velden_van("leerlingen.Leerling", delen))
    data = {
        "gebeurtenis": gebeurtenis.pk,
        "soort": "aanmelding.status",
        "tijdstip": gebeurtenis.tijdstip.isoformat(),
        "van_status": gebeurtenis.van_status or None,
        "status": gebeurtenis.status,
        "aanmelding": None,
        "leerling": {"id": leerling.pk, **{f: _json(getattr(leerling, f)) for f in LEERLING_VELDEN if f in zichtbaar}},
    }
    if policy.Deel.AANMELDINGEN in delen:
        velden = set(policy.velden_van("aanmelding.Aanmelding", delen))
        data["aanmelding"] = {
            "id": aanmelding.pk,
            **{f: _json(getattr(aanmelding, f)) for f in AANMELDING_VELDEN if f in velden},
            "landelijke_status": aanmelding.landelijke_status,
            "opleiding": {
                "crebo": aanmelding.opleiding.crebo,
                "naam": aanmelding.opleiding.naam,
                "instelling": aanmelding.opleiding.instelling.naam,
                "brin": aanmelding.opleiding.instelling.brin,
            },
        }
    if "school" in zichtbaar:
        data["leerling"]["school"] = {"naam": leerling.school.naam, "brin": leerling.school.brin}
    elders = getattr(leerling, "elders", None)  # a missing reverse one-to-one is an AttributeError
    if elders is not None and "soort" in policy.velden_van("leerlingen.Elders", delen):
        data["leerling"]["elders"] = {"soort": elders.soort}
    return data, leerling


def _json(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def _zonder_redirect():
    class Weiger(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None  # a redirect is an answer like any other non-2xx: not followed

    return urllib.request.build_opener(Weiger)


@dataclass(frozen=True)
class Poging:
    afgeleverd: bool
    opnieuw: bool  # worth another attempt


def afleveren(*, aflevering_id: int, laatste: bool) -> Poging:
    """One attempt to deliver a notice; records the outcome on the delivery row. `laatste`: no
    attempt follows, so a failure is final."""
    aflevering = WebhookAflevering.objects.select_related("client__organisatie").filter(pk=aflevering_id).first()
    if aflevering is None or aflevering.status in (AfleveringStatus.AFGELEVERD, AfleveringStatus.VERVALLEN):
        return Poging(afgeleverd=aflevering is not None, opnieuw=False)
    client = aflevering.client
    gebeurtenis = (
        apps.get_model("terugkoppeling", "Terugkoppeling").objects.filter(pk=aflevering.gebeurtenis_id).first()
    )
    geldig = ApiClient.objects.geldig().filter(pk=client.pk).exists()
    inhoud = bericht(client=client, gebeurtenis=gebeurtenis) if gebeurtenis and geldig else None
    if not geldig or not client.webhook_url or url_fout(client.webhook_url) or inhoud is None:
        _bewaar(aflevering, status=AfleveringStatus.VERVALLEN, fout="Geen geldige webhook of niet meer zichtbaar.")
        return Poging(afgeleverd=False, opnieuw=False)
    if adres_fout(client.webhook_url):
        _bewaar(aflevering, status=AfleveringStatus.VERVALLEN, fout="Adres in een intern netwerk: niet verstuurd.")
        return Poging(afgeleverd=False, opnieuw=False)
    data, leerling = inhoud
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    tijdstip = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - the scheme is https (or loopback http), checked above
        client.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "VOROC-webhook/1",
            "X-VOROC-Event": str(gebeurtenis.pk),
            "X-VOROC-Timestamp": tijdstip,
            "X-VOROC-Signature": handtekening(client.webhook_geheim, tijdstip, body),
        },
    )
    aflevering.pogingen += 1
    http_status, fout = None, ""
    try:
        with _zonder_redirect().open(request, timeout=settings.VOROC_WEBHOOK_TIMEOUT_SECONDS) as response:
            http_status = response.status
    except urllib.error.HTTPError as error:
        http_status, fout = error.code, f"HTTP {error.code}"
    except (urllib.error.URLError, OSError, ValueError) as error:
        fout = f"Geen verbinding: {type(error).__name__}"[:200]
    if http_status is not None and 200 <= http_status < 300:
        _bewaar(aflevering, status=AfleveringStatus.AFGELEVERD, http_status=http_status, fout="", klaar=True)
        account = client.gebruiker
        account._voroc_grants = client_grants(client)  # as api.authentication does for a request
        record_reads_for(account, policy.zicht_lijst(account, [leerling]), actie=EXPORT, pagina=PAGINA)
        return Poging(afgeleverd=True, opnieuw=False)
    status = AfleveringStatus.MISLUKT if laatste else AfleveringStatus.WACHTRIJ
    _bewaar(aflevering, status=status, http_status=http_status, fout=fout or f"HTTP {http_status}")
    return Poging(afgeleverd=False, opnieuw=not laatste)


def _bewaar(aflevering, *, status, http_status=None, fout="", klaar=False) -> None:
    now = timezone.now()
    aflevering.status, aflevering.http_status, aflevering.fout = status, http_status, fout[:200]
    aflevering.laatste_poging_op = now
    if klaar:
        aflevering.afgeleverd_op = now
    aflevering.save(update_fields=["status", "http_status", "fout", "pogingen", "laatste_poging_op", "afgeleverd_op"])


def wachttijd(pogingen: int) -> int:
    """Seconds before the next attempt: the backoff doubles with every failed attempt."""
    return settings.VOROC_WEBHOOK_BACKOFF_SECONDS * (2 ** max(pogingen - 1, 0))


def wachtend(*, ouder_dan_minuten: int) -> list[int]:
    """Deliveries never tried although queued more than `ouder_dan_minuten` ago."""
    grens = timezone.now() - datetime.timedelta(minutes=ouder_dan_minuten)
    return list(
        WebhookAflevering.objects.filter(
            status=AfleveringStatus.WACHTRIJ, pogingen=0, aangemaakt__lt=grens
        ).values_list("pk", flat=True)[:1000]
    )


def afleveringen_opruimen(*, dagen: int) -> int:
    """The delivery log keeps `dagen` days (it names events by id only)."""
    grens = timezone.now() - datetime.timedelta(days=dagen)
    return WebhookAflevering.objects.filter(aangemaakt__lt=grens).delete()[0]
