"""Invitations: one-time links that expire; accepting sets the password and grants the role."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from voroc.accounts import services
from voroc.accounts.models import Lidmaatschap, Rol, Uitnodiging, User
from voroc.errors import DomainError

GOOD_PASSWORD = "paarse olifant fietst naar Delft"


def rol(code):
    return Rol.objects.get(code=code)


def invite(world, *, by="servicedesk", email="nieuw@school-a.nl", code="mentor", org="school_a"):
    return services.uitnodiging_create(
        email=email,
        naam="Nieuwe Collega",
        organisatie=world[org],
        rol=rol(code),
        base_url="https://voroc.example.nl/",
        user=world[by],
    )


def test_invitation_stores_only_a_hash_and_mails_the_link(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        uitnodiging, token = invite(world)
    assert uitnodiging.token_hash != token and token not in uitnodiging.token_hash
    assert not Uitnodiging.objects.filter(token_hash=token).exists()
    assert len(mailoutbox) == 1 and f"https://voroc.example.nl/account/uitnodiging/{token}/" in mailoutbox[0].body
    account = uitnodiging.user
    assert not account.has_usable_password() and not Lidmaatschap.objects.filter(user=account).exists()


def test_accepting_sets_the_password_grants_the_role_and_spends_the_link(world):
    uitnodiging, token = invite(world)
    account = services.uitnodiging_accept(token=token, password=GOOD_PASSWORD)
    assert account.check_password(GOOD_PASSWORD)
    assert Lidmaatschap.objects.filter(user=account, organisatie=world["school_a"], rol__code="mentor").exists()
    with pytest.raises(DomainError, match="verlopen of al gebruikt"):
        services.uitnodiging_accept(token=token, password="een ander lang wachtwoord")


@pytest.mark.parametrize(
    "password, message",
    [("kort-ww", "te kort"), ("password1234", "te algemeen"), ("nieuw@school-a.nl", "lijkt te veel")],
)
def test_password_rules_apply_and_nothing_is_written(world, password, message):
    uitnodiging, token = invite(world)
    with pytest.raises(DomainError, match=message) as e:
        services.uitnodiging_accept(token=token, password=password)
    assert e.value.field == "password1"
    uitnodiging.refresh_from_db()
    assert uitnodiging.used_at is None and not uitnodiging.user.has_usable_password()


def test_a_64_character_password_is_allowed(world):
    _, token = invite(world)
    password = "zeven zilveren zwaluwen zweven boven het Zuiderpark in Den Haag!"
    assert len(password) == 64
    assert services.uitnodiging_accept(token=token, password=password).check_password(password)


def test_an_expired_invitation_is_refused(world):
    uitnodiging, token = invite(world)
    Uitnodiging.objects.filter(pk=uitnodiging.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(DomainError):
        services.uitnodiging_accept(token=token, password=GOOD_PASSWORD)


def test_a_new_invitation_replaces_the_open_one(world):
    _, old = invite(world)
    _, new = invite(world)
    assert services.uitnodiging_find(old) is None and services.uitnodiging_find(new) is not None


def test_an_existing_account_is_not_invited_again(world):
    with pytest.raises(DomainError, match="bestaat al") as e:
        invite(world, email=world["mentor"].email)
    assert e.value.field == "email"


def test_role_must_fit_the_organisation(world):
    with pytest.raises(DomainError, match="hoort bij"):
        invite(world, code="intaker", org="school_a")


def test_decaan_invites_mentor_and_zorgcoordinator_of_own_school(world):
    invite(world, by="decaan", code="mentor")
    invite(world, by="decaan", code="zorgcoordinator", email="zorg2@school-a.nl")


@pytest.mark.parametrize(
    "by, code, org",
    [
        ("decaan", "decaan", "school_a"),  # no escalation: a decaan does not make decanen
        ("decaan", "mentor", "school_b"),  # not at another school
        ("mentor", "mentor", "school_a"),  # a mentor does not manage colleagues
        ("intaker", "intaker", "mbo_a"),
        ("consulent", "consulent", "gem_a"),
    ],
)
def test_who_may_not_invite(world, by, code, org):
    with pytest.raises(DomainError, match="geen rechten"):
        invite(world, by=by, code=code, org=org)
    assert not User.objects.filter(email="nieuw@school-a.nl").exists()


def test_accept_view_logs_in_and_leads_to_enrolment(world, client, settings):
    settings.VOROC_REQUIRE_2FA = True
    _, token = invite(world)
    url = reverse("invite_accept", kwargs={"token": token})
    assert client.get(url).status_code == 200
    bad = client.post(url, {"password1": "kort", "password2": "kort"})
    assert bad.status_code == 200 and "te kort" in bad.content.decode()
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp_setup"))
    # The link is spent.
    client.post(reverse("logout"))
    assert client.get(url).status_code == 410


def test_accept_view_unknown_token_and_mismatch(world, client):
    assert client.get(reverse("invite_accept", kwargs={"token": "x" * 500})).status_code == 410
    _, token = invite(world)
    url = reverse("invite_accept", kwargs={"token": token})
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD + "x"})
    assert "niet gelijk" in response.content.decode()
    assert not User.objects.get(email="nieuw@school-a.nl").has_usable_password()


def test_servicedesk_invite_view(world, client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world["servicedesk"])
    data = {"naam": "Ine Intaker", "email": "Ine@ROC-A.nl", "rol": rol("intaker").pk, "organisatie": world["mbo_a"].pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("servicedesk:account_invite"), data)
    assert response.status_code == 302
    account = User.objects.get(email="ine@roc-a.nl")
    assert response["Location"] == reverse("servicedesk:account", kwargs={"pk": account.pk})
    assert re.search(r"/account/uitnodiging/[\w-]{20,}/", mailoutbox[0].body)
    # Wrong kind of role: a Dutch message on the form, nothing written.
    data.update(email="ander@roc-a.nl", rol=rol("mentor").pk)
    response = client.post(reverse("servicedesk:account_invite"), data)
    assert response.status_code == 400 and "hoort bij" in response.content.decode()
    assert not User.objects.filter(email="ander@roc-a.nl").exists()


def test_collegas_page_lists_own_school_only(world, client):
    client.force_login(world["decaan"])
    body = client.get(reverse("collegas")).content.decode()
    assert world["mentor"].email in body and world["decaan_b"].email not in body
    # Only non-escalating roles are offered.
    form = client.get(reverse("collegas")).context["form"]
    assert set(form.fields["rol"].queryset.values_list("code", flat=True)) == {"mentor", "zorgcoordinator"}
    assert list(form.fields["organisatie"].queryset) == [world["school_a"]]


def test_collega_invite_for_other_school_is_refused_by_the_form(world, client):
    client.force_login(world["decaan"])
    data = {"naam": "X", "email": "x@school-b.nl", "rol": rol("mentor").pk, "organisatie": world["school_b"].pk}
    response = client.post(reverse("collega_invite"), data)
    assert response.status_code == 400 and not User.objects.filter(email="x@school-b.nl").exists()


def test_decaan_deactivates_a_mentor_but_not_a_decaan(world, client):
    other_decaan = f.user_with_role("decaan", world["school_a"])
    client.force_login(world["decaan"])
    client.post(reverse("collega_deactivate", kwargs={"pk": world["mentor"].pk}))
    world["mentor"].refresh_from_db()
    assert not world["mentor"].is_active
    response = client.post(reverse("collega_deactivate", kwargs={"pk": other_decaan.pk}), follow=True)
    other_decaan.refresh_from_db()
    assert other_decaan.is_active and "geen rechten" in response.content.decode()


def test_collegas_page_has_a_fixed_query_count(world, client, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    with django_assert_max_num_queries(25) as ctx:
        client.get(reverse("collegas"))
    baseline = len(ctx.captured_queries)
    for _ in range(10):
        f.user_with_role("mentor", world["school_a"])
    with django_assert_max_num_queries(baseline):
        client.get(reverse("collegas"))
