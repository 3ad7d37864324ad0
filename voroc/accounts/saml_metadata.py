"""A SAML 2.0 identity provider's metadata as the servicedesk pastes it: read and checked with
pysaml2 when a provider row is saved, and again for its login (voroc/accounts/saml.py). Kept apart
from that module, which imports the models, so that the model's `clean()` can use it."""

import base64
import binascii
from dataclasses import dataclass

from cryptography import x509
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.mdstore import InMemoryMetaData

SSO_BINDINGS = (BINDING_HTTP_REDIRECT, BINDING_HTTP_POST)


class MetadataFout(Exception):
    def __init__(self, melding: str):
        super().__init__(melding)
        self.melding = melding


@dataclass(frozen=True)
class IdpMetadata:
    entity_id: str
    sso: dict  # binding -> location


def read_idp_metadata(xml: str) -> IdpMetadata:
    """The identity provider in pasted metadata, as pysaml2 will read it at login time: exactly one
    entity with an IDPSSODescriptor for SAML 2.0, a SingleSignOnService for HTTP-Redirect or
    HTTP-POST, and a certificate it signs with. Anything else: MetadataFout with a Dutch message."""
    store = InMemoryMetaData(None, metadata=xml.strip())
    try:
        store.load()
    except Exception:  # pysaml2 and the XML parser raise many kinds for text that is not metadata
        raise MetadataFout("Dit is geen leesbare SAML-metadata. Plak de XML zoals de identity provider hem publiceert.")
    if store.to_old:
        raise MetadataFout("Deze metadata is verlopen (validUntil ligt in het verleden). Haal nieuwe metadata op.")
    idps = [entity_id for entity_id, entity in store.items() if entity.get("idpsso_descriptor")]
    if not idps:
        raise MetadataFout("De metadata beschrijft geen identity provider voor SAML 2.0 (geen IDPSSODescriptor).")
    if len(idps) > 1:
        raise MetadataFout("De metadata beschrijft meer dan één identity provider. Plak de metadata van één.")
    entity_id = idps[0]
    if len(entity_id) > 1024:
        raise MetadataFout("De entity-id in de metadata is te lang.")
    sso = {}
    for binding in SSO_BINDINGS:
        services = store.service(entity_id, "idpsso_descriptor", "single_sign_on_service", binding) or []
        locations = [s.get("location") for s in services if isinstance(s.get("location"), str)]
        if locations and locations[0].startswith(("https://", "http://")):
            sso[binding] = locations[0]
    if not sso:
        raise MetadataFout(
            "De metadata noemt geen SingleSignOnService voor HTTP-Redirect of HTTP-POST; VOROC kan er niet heen."
        )
    try:
        certificates = store.certs(entity_id, "idpsso", "signing")
    except (KeyError, TypeError):  # a KeyInfo without an X509Certificate
        certificates = []
    if not certificates:
        raise MetadataFout("De metadata bevat geen certificaat waarmee de identity provider ondertekent.")
    for _name, certificate in certificates:
        try:
            x509.load_der_x509_certificate(base64.b64decode("".join(certificate.split()), validate=True))
        except (binascii.Error, ValueError):
            raise MetadataFout("Een certificaat in de metadata is onleesbaar.")
    return IdpMetadata(entity_id=entity_id, sso=sso)
