"""Single sign-on with SAML 2.0: one identity provider per row of `Identiteitsprovider` whose
protocol is SAML, next to OpenID Connect (voroc/accounts/oidc.py) and ending in the same place
(voroc/accounts/sso.py: the invited account, the lock-out, the second factor, the login).

pysaml2 does the protocol: the AuthnRequest, and the response's checks (the signature with the
certificate from the provider's metadata and nowhere else, the audience, the destination and
recipient, the validity window with NotOnOrAfter, InResponseTo against the request this browser
sent). Its service-provider configuration is built per row and per request: our entity id is the
absolute URL of our metadata page for that row, the assertion consumer service our callback, and
the provider's metadata is the XML the servicedesk pasted (checked when it is saved).

What this module adds: the response must come from the row's entity id, the identifying attribute
is looked up by its name, its friendly name or pysaml2's local name, and the authentication
context (`AuthnContextClassRef`) can serve as the multi-factor claim.
"""

import base64
import logging
from dataclasses import dataclass

from defusedxml import ElementTree
from django.urls import reverse
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.response import StatusError, UnsolicitedResponse
from saml2.sigver import SigverError
from saml2.validate import ResponseLifetimeExceed, ToEarly

from .models import Identiteitsprovider, User
from .oidc import ONBEREIKBAAR, ONGELDIG, Weigering, invited_user
from .saml_metadata import MetadataFout, read_idp_metadata

logger = logging.getLogger("voroc.accounts.saml")

# The claim name that means "the authentication context of the assertion" (its AuthnContextClassRef).
AUTHN_CONTEXT = "AuthnContextClassRef"
# Clocks differ a little between the provider and us (seconds, both ways).
CLOCK_SKEW_SECONDS = 60
PROTOCOL_NS = "urn:oasis:names:tc:SAML:2.0:protocol"
VERLOPEN = "Het inloggen via uw organisatie is verlopen. Probeer het opnieuw."


def sp_entity_id(request, provider: Identiteitsprovider) -> str:
    """Our entity id towards this provider: the address of our metadata for it."""
    return request.build_absolute_uri(reverse("saml_metadata", args=[provider.pk]))


def sp_config(request, provider: Identiteitsprovider) -> SPConfig:
    acs = request.build_absolute_uri(reverse("saml_acs"))
    config = SPConfig()
    config.load(
        {
            "entityid": sp_entity_id(request, provider),
            "name": "VOROC",
            "service": {
                "sp": {
                    "endpoints": {"assertion_consumer_service": [(acs, BINDING_HTTP_POST)]},
                    # Only answers to a request this browser started (no IdP-initiated login).
                    "allow_unsolicited": False,
                    # The assertion must carry the provider's signature; a signed response around it is checked too.
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": False,
                    "logout_requests_signed": False,
                },
            },
            "metadata": {"inline": [provider.saml_metadata.strip()]},
            # Keys come from the metadata only, never from the response itself.
            "only_use_keys_in_metadata": True,
            "allow_unknown_attributes": True,
            "accepted_time_diff": CLOCK_SKEW_SECONDS,
        }
    )
    return config


def _client(request, provider: Identiteitsprovider) -> Saml2Client:
    try:
        return Saml2Client(config=sp_config(request, provider))
    except Exception:  # pysaml2 raises many kinds here
        # Metadata that no longer loads (expired since it was saved) or no xmlsec1 on this machine.
        logger.exception("saml configuration of provider %s does not load", provider.pk)
        raise Weigering(ONBEREIKBAAR, reden="saml-config")


def sp_metadata(request, provider: Identiteitsprovider) -> str:
    """Our metadata for this provider (entity id, assertion consumer service), for its administrators."""
    client = _client(request, provider)
    metadata = create_metadata_string(None, config=client.config)
    return metadata.decode() if isinstance(metadata, bytes) else metadata


@dataclass(frozen=True)
class Verzoek:
    request_id: str
    binding: str
    url: str  # Redirect: where to send the browser; POST: where the form goes
    saml_request: str = ""  # POST only: the base64 form field


def authn_request(request, provider: Identiteitsprovider) -> Verzoek:
    """A fresh AuthnRequest for the provider's SingleSignOnService, by HTTP-Redirect where it has one."""
    client = _client(request, provider)
    try:
        sso = read_idp_metadata(provider.saml_metadata).sso
    except MetadataFout:
        raise Weigering(ONBEREIKBAAR, reden="saml-config")
    if BINDING_HTTP_REDIRECT in sso:
        request_id, info = client.prepare_for_authenticate(
            entityid=provider.saml_entity_id, binding=BINDING_HTTP_REDIRECT
        )
        return Verzoek(request_id, BINDING_HTTP_REDIRECT, dict(info["headers"])["Location"])
    request_id, message = client.create_authn_request(sso[BINDING_HTTP_POST], binding=BINDING_HTTP_POST)
    return Verzoek(
        request_id, BINDING_HTTP_POST, sso[BINDING_HTTP_POST], base64.b64encode(str(message).encode()).decode()
    )


def in_response_to(saml_response: str) -> str | None:
    """The request a response says it answers, read before anything is checked: only to find the
    pending request in this browser's session (pysaml2 checks it against that one afterwards)."""
    try:
        root = ElementTree.fromstring(base64.b64decode(saml_response))  # line breaks in it are allowed
    except Exception:  # not base64, not XML, or XML the parser refuses (entities, DTDs)
        return None
    value = root.get("InResponseTo")
    return value if isinstance(value, str) and 0 < len(value) <= 200 else None


def _attributes(response) -> dict[str, list[str]]:
    """Every attribute of the assertion under its Name, its FriendlyName and pysaml2's local name;
    the authentication context under AUTHN_CONTEXT."""
    found: dict[str, list[str]] = {}
    for statement in response.assertion.attribute_statement:
        for attribute in statement.attribute:
            values = [v.text.strip() for v in attribute.attribute_value if isinstance(v.text, str) and v.text.strip()]
            for name in {attribute.name, attribute.friendly_name} - {None, ""}:
                found.setdefault(name, []).extend(values)
    for name, values in (response.ava or {}).items():
        found.setdefault(name, [v for v in values if isinstance(v, str)])
    found[AUTHN_CONTEXT] = [ref for ref, _authorities, _instant in response.authn_info() if ref]
    return found


def sign_in(request, provider: Identiteitsprovider, *, request_id: str) -> tuple[dict, str, User | None]:
    """Check the posted response to our request `request_id`; return the attributes, the asserted
    address (or "") and the invited user it names (or None)."""
    client = _client(request, provider)
    try:
        response = client.parse_authn_request_response(
            request.POST.get("SAMLResponse", ""), BINDING_HTTP_POST, outstanding={request_id: provider.pk}
        )
    except UnsolicitedResponse:
        raise Weigering(ONGELDIG, reden="saml-unsolicited")
    except StatusError:
        raise Weigering("Het inloggen bij uw organisatie is afgebroken. Log opnieuw in.", reden="saml-status")
    except (ResponseLifetimeExceed, ToEarly):
        raise Weigering(VERLOPEN, reden="saml-expired")
    except SigverError:
        raise Weigering(ONGELDIG, reden="saml-signature")
    except Exception as error:  # pysaml2 raises plain Exception for some failed checks (the audience among them)
        reden = "saml-audience" if "AudienceRestriction" in str(error) else "saml-invalid"
        raise Weigering(ONGELDIG, reden=reden)
    if response is None or response.assertion is None:
        # pysaml2 answers None for a response that is not for us (a wrong Destination among others).
        raise Weigering(ONGELDIG, reden="saml-invalid")
    assertion_issuer = getattr(response.assertion.issuer, "text", None) or ""
    if response.issuer() not in ("", provider.saml_entity_id) or assertion_issuer.strip() != provider.saml_entity_id:
        raise Weigering(ONGELDIG, reden="saml-issuer-mismatch")
    attributes = _attributes(response)
    addresses = attributes.get(provider.claim_identiteit, [])
    for address in addresses:
        user = invited_user(provider, address)
        if user is not None:
            return attributes, address, user
    return attributes, (addresses[0] if addresses else ""), None
