"""Single sign-on (OpenID Connect) end to end against a real provider on loopback.

oidc-provider-mock runs a real OpenID provider (authlib behind Flask) in a thread: discovery,
the authorize form (choose the subject), the token endpoint with signed id tokens, JWKS and
userinfo. The Django test client drives VOROC's side; `requests` plays the browser at the
provider. Nothing leaves the machine.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from oidc_provider_mock import run_server_in_thread

from tests import factories as f
from tests.otp import totp_device
from voroc.accounts import oidc
from voroc.accounts.models import Identiteitsprovider, SSOApparaat, User

pytestmark = pytest.mark.require_2fa


def _serve(**kwargs):
    with run_server_in_thread(**kwargs) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def idp():
    yield from _serve()


@pytest.fixture(scope="module")
def idp_other():
    yield from _serve()


@pytest.fixture(scope="module")
def idp_expired():
    # Its id tokens (and access tokens) expired two minutes before they were issued.
    yield from _serve(access_token_max_age=timedelta(seconds=-120))


@pytest.fixture(autouse=True)
def _no_cached_discovery():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def school(db):
    return f.SchoolFactory(naam="Vakcollege Haaglanden")


def _provider(issuer, organisatie, **kwargs):
    values = {
        "naam": "SURFconext",
        "issuer": issuer,
        "client_id": "voroc-test",
        "client_secret": "geheim-voor-de-test-1234",
        "claim_meerdere_factoren": "acr",
        "waarden_meerdere_factoren": "mfa urn:loa:3",
    } | kwargs
    return Identiteitsprovider.objects.create(organisatie=organisatie, **values)


def _person(issuer, sub, claims):
    """The person at the provider, with the claims its tokens will carry."""
    response = requests.put(f"{issuer}/users/{sub}", json=claims, timeout=5)
    assert response.status_code == 204


def _authorize(client, provider, sub, *, expect_at=None):
    """Start at VOROC, sign in at the provider as `sub`; return the callback URL (path and query)."""
    start = client.get(reverse("oidc_start", args=[provider.pk]))
    assert start.status_code == 302
    assert start["Location"].startswith((expect_at or provider.issuer) + "/oauth2/authorize?")
    answer = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302
    back = urlsplit(answer.headers["Location"])
    assert back.path == reverse("oidc_callback")
    return f"{back.path}?{back.query}"


def _refused(client, response, text, *, caplog=None, reason=None):
    assert response.status_code == 302 and response["Location"] == reverse("login")
    if reason:
        assert f"sso login result=refused reason={reason} " in caplog.text
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("login"))
    assert page.status_code == 200
    assert text in page.content.decode()


def test_login_page_shows_a_button_per_active_provider(client, school, idp):
    active = _provider(idp, school)
    _provider(idp, school, naam="Oude provider", actief=False)
    page = client.get(reverse("login")).content.decode()
    assert "Inloggen met SURFconext" in page and reverse("oidc_start", args=[active.pk]) in page
    assert "Oude provider" not in page
    assert "geheim-voor-de-test" not in page


def test_inactive_provider_cannot_be_started(client, school, idp):
    provider = _provider(idp, school, actief=False)
    assert client.get(reverse("oidc_start", args=[provider.pk])).status_code == 404


def test_invited_user_with_multi_factor_claim_reaches_the_start_page(client, school, idp, caplog):
    user = f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-1", {"email": "Decaan@Vakcollege.nl", "acr": "urn:loa:3"})
    callback = _authorize(client, provider, "p-1")
    with caplog.at_level("INFO"):
        response = client.get(callback)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == user.pk
    device = SSOApparaat.objects.get(user=user, identiteitsprovider=provider)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(reverse("home")).status_code == 200  # no authenticator step
    # Recorded like a password login; the log names ids, never the address.
    assert "login result=ok" in caplog.text and "decaan@vakcollege.nl" not in caplog.text.lower()
    user.refresh_from_db()
    assert user.last_login is not None


def test_amr_list_counts_as_multi_factor(client, school, idp):
    f.user_with_role("mentor", school, email="mentor@vakcollege.nl")
    provider = _provider(idp, school, claim_meerdere_factoren="amr", waarden_meerdere_factoren="mfa otp")
    _person(idp, "p-amr", {"email": "mentor@vakcollege.nl", "amr": ["pwd", "otp"]})
    client.get(_authorize(client, provider, "p-amr"))
    assert client.get(reverse("home")).status_code == 200


def test_without_multi_factor_claim_the_authenticator_step_follows(client, school, idp):
    user = f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-2", {"email": "decaan@vakcollege.nl", "acr": "urn:loa:1"})
    response = client.get(_authorize(client, provider, "p-2"))
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))
    totp_device(user)  # with an authenticator app: the code step
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_verify"))
    assert not SSOApparaat.objects.exists()


def test_id_token_from_another_issuer_is_refused(client, school, idp, idp_other, caplog):
    """The provider row says `idp`; the discovery document (as cached) sends the login to another
    provider, whose id token names itself as issuer."""
    f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    config = requests.get(f"{idp_other}/.well-known/openid-configuration", timeout=5).json()
    cache.set(oidc._discovery_key(idp), config | {"issuer": idp}, 60)
    _person(idp_other, "p-3", {"email": "decaan@vakcollege.nl", "acr": "mfa"})
    callback = _authorize(client, provider, "p-3", expect_at=idp_other)
    _refused(
        client,
        client.get(callback),
        "het antwoord van de inlogdienst klopt niet",
        caplog=caplog,
        reason="id-token-issuer-mismatch",
    )


def test_discovery_document_of_another_issuer_is_refused(client, school, idp, idp_other, caplog):
    provider = _provider(idp, school)
    config = requests.get(f"{idp_other}/.well-known/openid-configuration", timeout=5).json()
    cache.set(oidc._discovery_key(idp), config, 60)
    response = client.get(reverse("oidc_start", args=[provider.pk]))
    _refused(client, response, "klopt niet", caplog=caplog, reason="discovery-issuer-mismatch")


def test_unreachable_provider_gives_a_dutch_message(client, school):
    provider = _provider("http://localhost:9", school)  # the discard port: nothing listens
    _refused(client, client.get(reverse("oidc_start", args=[provider.pk])), "niet bereikbaar")


def test_expired_id_token_is_refused(client, school, idp_expired, caplog):
    f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp_expired, school)
    _person(idp_expired, "p-4", {"email": "decaan@vakcollege.nl", "acr": "mfa"})
    response = client.get(_authorize(client, provider, "p-4"))
    _refused(client, response, "is verlopen", caplog=caplog, reason="id-token-expired")


def test_id_token_without_expiry_is_refused(school, idp, rf):
    provider = _provider(idp, school)
    backend = oidc.ProviderBackend(provider, oidc.discovery(provider))
    backend.request = rf.get("/")
    # The signature, nonce and issuer are fine; only `exp` is missing.
    backend.get_payload_data = lambda token, key: {"iss": idp, "aud": "voroc-test", "nonce": "n"}
    backend.retrieve_matching_jwk = lambda token: None
    with pytest.raises(oidc.Weigering) as refused:
        backend.verify_token("token", nonce="n")
    assert refused.value.reden == "id-token-expired"


def test_replayed_callback_is_refused(client, school, idp, caplog):
    user = f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-5", {"email": "decaan@vakcollege.nl", "acr": "mfa"})
    callback = _authorize(client, provider, "p-5")
    pending = dict(client.session["oidc_states"])
    assert client.get(callback)["Location"] == reverse("home")
    # The same callback in the same browser: the state was spent.
    client.post(reverse("logout"))
    _refused(client, client.get(callback), "verlopen of al gebruikt")
    # Another browser that even holds the state, nonce and verifier: the provider refuses the spent code.
    other = Client()
    session = other.session
    session["oidc_states"] = pending
    session.save()
    other.cookies["sessionid"] = session.session_key
    response = other.get(callback)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in other.session
    assert "sso login result=refused reason=token-refused " in caplog.text
    assert User.objects.filter(pk=user.pk, is_active=True).exists()


def test_wrong_state_is_refused(client, school, idp):
    f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-6", {"email": "decaan@vakcollege.nl", "acr": "mfa"})
    callback = _authorize(client, provider, "p-6")
    path, query = callback.split("?")
    forged = "&".join("state=vervalst" if part.startswith("state=") else part for part in query.split("&"))
    _refused(client, client.get(f"{path}?{forged}"), "verlopen of al gebruikt")
    _refused(client, client.get(reverse("oidc_callback")), "verlopen of al gebruikt")


@pytest.mark.parametrize("situation", ["no-account", "other-organisation", "deactivated"])
def test_only_invited_users_of_the_organisation_get_in(client, school, idp, situation):
    elders = f.SchoolFactory(naam="Andere school")
    if situation == "other-organisation":
        f.user_with_role("decaan", elders, email="iemand@vakcollege.nl")
    elif situation == "deactivated":
        f.user_with_role("decaan", school, email="iemand@vakcollege.nl", is_active=False)
    provider = _provider(idp, school)
    _person(idp, "p-7", {"email": "iemand@vakcollege.nl", "acr": "mfa"})
    users = User.objects.count()
    response = client.get(_authorize(client, provider, "p-7"))
    _refused(client, response, "Er is geen uitgenodigd account voor iemand@vakcollege.nl bij Vakcollege Haaglanden.")
    assert User.objects.count() == users
    assert not SSOApparaat.objects.exists()
    # The refusal counts toward the lock-out of that address, as a wrong password would.
    assert AccessAttempt.objects.filter(username="iemand@vakcollege.nl").exists()


def test_provider_refusal_at_its_login_is_refused(client, school, idp):
    provider = _provider(idp, school)
    start = client.get(reverse("oidc_start", args=[provider.pk]))
    answer = requests.post(start["Location"], data={"action": "deny"}, allow_redirects=False, timeout=5)
    back = urlsplit(answer.headers["Location"])
    _refused(client, client.get(f"{back.path}?{back.query}"), "afgebroken")


def test_safe_next_is_followed_after_login(client, school, idp):
    f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-8", {"email": "decaan@vakcollege.nl", "acr": "mfa"})
    start = client.get(reverse("oidc_start", args=[provider.pk]) + "?next=/account/mijn-account/")
    answer = requests.post(start["Location"], data={"sub": "p-8"}, allow_redirects=False, timeout=5)
    back = urlsplit(answer.headers["Location"])
    assert client.get(f"{back.path}?{back.query}")["Location"] == "/account/mijn-account/"


def test_an_unverified_email_claim_is_not_trusted(client, school, idp):
    f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-9", {"email": "decaan@vakcollege.nl", "email_verified": False, "acr": "mfa"})
    _refused(client, client.get(_authorize(client, provider, "p-9")), "Er is geen uitgenodigd account")


def test_a_servicedesk_2fa_reset_removes_the_provider_device(client, school, idp):
    from voroc.accounts import otp

    user = f.user_with_role("decaan", school, email="decaan@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-10", {"email": "decaan@vakcollege.nl", "acr": "mfa"})
    client.get(_authorize(client, provider, "p-10"))
    assert SSOApparaat.objects.filter(user=user).exists()
    otp.delete_devices(user)
    assert not SSOApparaat.objects.filter(user=user).exists()


def _uitnodiging(organisatie, email, *, rol="decaan", dagen=7):
    """An invitation sent but not yet accepted: the account exists without a password or a role."""
    from django.utils import timezone

    from voroc.accounts.models import Rol, Uitnodiging
    from voroc.accounts.services import account_create_unchecked

    account = User.objects.filter(email=email).first() or account_create_unchecked(email=email, naam="Nieuwe Decaan")
    return Uitnodiging.objects.create(
        user=account,
        organisatie=organisatie,
        rol=Rol.objects.get(code=rol),
        token_hash=email[:64],
        expires_at=timezone.now() + timedelta(days=dagen),
    )


def test_the_first_login_through_the_organisations_provider_accepts_an_open_invitation(client, school, idp):
    uitnodiging = _uitnodiging(school, "nieuw@vakcollege.nl")
    provider = _provider(idp, school)
    _person(idp, "p-20", {"email": "nieuw@vakcollege.nl", "acr": "mfa"})
    response = client.get(_authorize(client, provider, "p-20"))
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == uitnodiging.user_id
    uitnodiging.refresh_from_db()
    assert uitnodiging.used_at is not None  # spent, as the link in the mail would
    account = uitnodiging.user
    assert account.lidmaatschappen.filter(organisatie=school, rol__code="decaan").exists()
    assert not account.has_usable_password()  # no password: the account signs in through the provider
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("situation", ["expired", "other-organisation"])
def test_an_invitation_that_is_expired_or_elsewhere_lets_nobody_in(client, school, idp, situation):
    elders = f.SchoolFactory(naam="Andere school")
    uitnodiging = _uitnodiging(
        elders if situation == "other-organisation" else school,
        "nieuw@vakcollege.nl",
        dagen=-1 if situation == "expired" else 7,
    )
    provider = _provider(idp, school)
    _person(idp, "p-21", {"email": "nieuw@vakcollege.nl", "acr": "mfa"})
    response = client.get(_authorize(client, provider, "p-21"))
    _refused(client, response, "Er is geen uitgenodigd account voor nieuw@vakcollege.nl bij Vakcollege Haaglanden.")
    uitnodiging.refresh_from_db()
    assert uitnodiging.used_at is None and not uitnodiging.user.lidmaatschappen.exists()
