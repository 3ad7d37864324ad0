"""The servicedesk manages the single sign-on providers of an organisation; secrets never come back."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from servicedesk import services
from tests.saml_idp import IDP, some_idp_metadata
from voroc.accounts.models import Identiteitsprovider
from voroc.errors import DomainError

SECRET = "heel-geheim-client-secret-9876"


@pytest.fixture
def desk(world, client):
    client.force_login(world["servicedesk"])
    return client


def _data(**kwargs):
    return {
        "naam": "Entree Federatie",
        "issuer": "https://entree.invalid",
        "client_id": "voroc",
        "client_secret": SECRET,
        "scopes": "email",
        "claim_identiteit": "email",
        "claim_meerdere_factoren": "acr",
        "waarden_meerdere_factoren": "urn:loa:3",
        "actief": "on",
    } | kwargs


def test_servicedesk_adds_a_provider_and_never_sees_the_secret_again(world, desk):
    url = reverse("servicedesk:identiteitsproviders", kwargs={"pk": world["school_a"].pk})
    response = desk.post(url, _data())
    assert response.status_code == 302
    provider = Identiteitsprovider.objects.get(organisatie=world["school_a"])
    assert provider.client_secret == SECRET and provider.scopes == "openid email"
    listing = desk.get(url).content.decode()
    assert "Entree Federatie" in listing and SECRET not in listing and "9876" in listing
    detail = desk.get(reverse("servicedesk:identiteitsprovider", kwargs={"pk": provider.pk})).content.decode()
    assert SECRET not in detail and SECRET[:-4] not in detail
    # The audit trail records the change without the secret.
    entries = LogEntry.objects.get_for_object(provider)
    assert entries.exists() and all(SECRET not in str(e.changes) for e in entries)


def test_empty_secret_keeps_the_stored_one(world, desk):
    desk.post(reverse("servicedesk:identiteitsproviders", kwargs={"pk": world["school_a"].pk}), _data())
    provider = Identiteitsprovider.objects.get()
    url = reverse("servicedesk:identiteitsprovider", kwargs={"pk": provider.pk})
    assert desk.post(url, _data(client_secret="", naam="Entree")).status_code == 302
    provider.refresh_from_db()
    assert provider.naam == "Entree" and provider.client_secret == SECRET
    desk.post(url, _data(client_secret="een-nieuw-geheim-1234"))
    provider.refresh_from_db()
    assert provider.client_secret == "een-nieuw-geheim-1234"


def test_a_new_provider_needs_a_secret_and_sane_values(world, desk):
    url = reverse("servicedesk:identiteitsproviders", kwargs={"pk": world["school_a"].pk})
    response = desk.post(url, _data(client_secret=""))
    assert response.status_code == 400 and "Vul het client-secret in." in response.content.decode()
    response = desk.post(url, _data(issuer="geen adres"))
    assert response.status_code == 400
    response = desk.post(url, _data(waarden_meerdere_factoren=""))
    assert response.status_code == 400 and "Noem de waarden" in response.content.decode()
    assert not Identiteitsprovider.objects.exists()


def test_production_wants_an_https_issuer(world, settings):
    settings.PRODUCTION = True
    data = {k: v for k, v in _data(issuer="http://entree.invalid").items() if k != "actief"}
    with pytest.raises(DomainError, match="https"):
        services.identiteitsprovider_create(organisatie=world["school_a"], data=data, user=world["servicedesk"])


def test_only_the_servicedesk_manages_providers(world):
    with pytest.raises(DomainError):
        services.identiteitsprovider_create(organisatie=world["school_a"], data=_data(), user=world["decaan"])


def test_provider_list_has_a_fixed_query_count(world, desk, django_assert_max_num_queries):
    url = reverse("servicedesk:identiteitsproviders", kwargs={"pk": world["school_a"].pk})
    desk.post(url, _data())
    with django_assert_max_num_queries(15) as ctx:
        desk.get(url)
    baseline = len(ctx.captured_queries)
    for n in range(5):
        desk.post(url, _data(naam=f"Provider {n}"))
    with django_assert_max_num_queries(baseline):
        desk.get(url)


def _saml_data(**kwargs):
    data = {k: v for k, v in _data(client_secret="", issuer="", client_id="").items()}
    return data | {"protocol": "saml", "saml_metadata": some_idp_metadata(), "claim_identiteit": "mail"} | kwargs


def test_servicedesk_adds_a_saml_provider_from_its_metadata(world, desk):
    url = reverse("servicedesk:identiteitsproviders", kwargs={"pk": world["school_a"].pk})
    assert desk.post(url, _saml_data()).status_code == 302
    provider = Identiteitsprovider.objects.get(organisatie=world["school_a"])
    assert provider.protocol == "saml" and provider.saml_entity_id == IDP and provider.client_secret == ""
    listing = desk.get(url).content.decode()
    assert IDP in listing and reverse("saml_metadata", args=[provider.pk]) in listing
    detail = reverse("servicedesk:identiteitsprovider", kwargs={"pk": provider.pk})
    page = desk.get(detail).content.decode()
    assert IDP in page and reverse("saml_metadata", args=[provider.pk]) in page and "EntityDescriptor" in page
    assert desk.post(detail, _saml_data(naam="Entree SAML")).status_code == 302
    provider.refresh_from_db()
    assert provider.naam == "Entree SAML" and provider.saml_entity_id == IDP


@pytest.mark.parametrize(
    ("metadata", "message"),
    [
        ("", "Plak de metadata van de identity provider."),
        ("<html>geen metadata</html>", "geen identity provider voor SAML 2.0"),
        ("dit is geen xml", "Dit is geen leesbare SAML-metadata."),
        ("<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>", "Dit is geen leesbare SAML-metadata."),
    ],
)
def test_unusable_saml_metadata_gets_a_dutch_form_error(world, desk, metadata, message):
    url = reverse("servicedesk:identiteitsproviders", kwargs={"pk": world["school_a"].pk})
    response = desk.post(url, _saml_data(saml_metadata=metadata))
    assert response.status_code == 400 and message in response.content.decode()
    assert not Identiteitsprovider.objects.exists()


def test_an_oidc_provider_still_needs_its_issuer_and_client(world):
    provider = Identiteitsprovider(organisatie=world["school_a"], naam="X", protocol="oidc")
    with pytest.raises(ValidationError) as refused:
        provider.full_clean()
    assert {"issuer", "client_id", "client_secret"} <= set(refused.value.message_dict)


def test_production_wants_an_https_single_sign_on_service(world, settings):
    settings.PRODUCTION = True
    data = {k: v for k, v in _saml_data().items() if k != "actief"}
    http = data | {
        "saml_metadata": data["saml_metadata"].replace("https://idp.entree.test/", "http://idp.entree.test/")
    }
    with pytest.raises(DomainError, match="https"):
        services.identiteitsprovider_create(organisatie=world["school_a"], data=http, user=world["servicedesk"])
    services.identiteitsprovider_create(organisatie=world["school_a"], data=data, user=world["servicedesk"])
