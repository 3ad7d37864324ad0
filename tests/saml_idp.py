"""A SAML 2.0 identity provider for tests: pysaml2's own IdP side with a freshly generated
self-signed key and certificate (xmlsec1 signs). Nothing leaves the machine."""

import functools
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_TRANSIENT

IDP = "https://idp.entree.test/saml2/idp"
IDP_SSO = "https://idp.entree.test/saml2/sso/redirect"


def key_pair(directory, name):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=2))
        .not_valid_after(now + timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return str(key_file), str(cert_file)


def idp_config(keys, sp_metadata=()) -> IdPConfig:
    key_file, cert_file = keys
    config = IdPConfig()
    config.load(
        {
            "entityid": IDP,
            "service": {
                "idp": {
                    "name": "Entree (test)",
                    "endpoints": {"single_sign_on_service": [(IDP_SSO, BINDING_HTTP_REDIRECT)]},
                    "policy": {"default": {"lifetime": {"minutes": 5}, "attribute_restrictions": None}},
                    "name_id_format": [NAMEID_FORMAT_TRANSIENT],
                    "want_authn_requests_signed": False,
                },
            },
            "signing_algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "digest_algorithm": "http://www.w3.org/2001/04/xmlenc#sha256",
            "key_file": key_file,
            "cert_file": cert_file,
            "metadata": {"inline": list(sp_metadata)} if sp_metadata else {},
        }
    )
    return config


def metadata_of(keys) -> str:
    """The identity provider's metadata, as pysaml2 generates it (what the servicedesk pastes)."""
    metadata = create_metadata_string(None, config=idp_config(keys))
    return metadata.decode() if isinstance(metadata, bytes) else metadata


@functools.cache
def some_idp_metadata() -> str:
    """Valid metadata of a test identity provider, made once per test process."""
    directory = Path(tempfile.mkdtemp(prefix="voroc-saml-idp-"))
    return metadata_of(key_pair(directory, "idp"))
