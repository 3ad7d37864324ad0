"""Public pages: open to everyone, signed in or not (they show no data)."""

from .matrix import row


def _provider(actief, issuer="http://127.0.0.1:9"):
    """A single sign-on provider; the issuer's port has nobody listening (no network leaves the machine)."""

    def build(w):
        from voroc.accounts.models import Identiteitsprovider

        # get_or_create: several tests build every URL of the matrix in one database.
        provider, _ = Identiteitsprovider.objects.get_or_create(
            organisatie=w["school_a"],
            naam=f"Entree {'actief' if actief else 'inactief'}",
            defaults={"issuer": issuer, "client_id": "voroc", "client_secret": "x" * 12, "actief": actief},
        )
        return {"pk": provider.pk}

    return build


def _saml_provider(metadata_loads: bool):
    """A SAML provider: with valid metadata, or with stored metadata that no longer loads (the
    start then refuses and goes to the login page, as it does for an unreachable provider)."""

    def build(w):
        from tests.saml_idp import IDP, some_idp_metadata
        from voroc.accounts.models import Identiteitsprovider

        provider, _ = Identiteitsprovider.objects.get_or_create(
            organisatie=w["school_a"],
            naam=f"Entree SAML {'geldig' if metadata_loads else 'kapot'}",
            defaults={
                "protocol": "saml",
                "saml_metadata": some_idp_metadata() if metadata_loads else "<kapot/>",
                "saml_entity_id": IDP,
            },
        )
        return {"pk": provider.pk}

    return build


ROWS = [
    row("toegankelijkheid", anonymous=200),
    # Single sign-on: the start sends everybody on (here: back to the login page with a message,
    # the provider being unreachable); an inactive provider is not found; the callback without a
    # state of this session refuses and goes to the login page.
    row("oidc_start", _provider(True), default=302),
    row("oidc_start", _provider(False), default=404, anonymous=404),
    row("oidc_callback", default=302),
    # SAML 2.0 likewise; the assertion consumer service takes a POST only, and without a pending
    # request of this session refuses and goes to the login page. Our metadata is public.
    row("saml_start", _saml_provider(False), default=302),
    row("saml_acs", method="post", default=302),
    row("saml_metadata", _saml_provider(True), anonymous=200),
]
