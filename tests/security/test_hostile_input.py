"""Hostile input never causes a 500, is never echoed unescaped, and free-text fields refuse it
(input checked by structure). The helper lives in tests/security/hostile.py for every area to use.

Every case reaches its form: the lock-out is lifted for the login and re-authentication pages
(each wrong password counts), the password change runs inside the re-authentication window with
the right current password, and an accepted new password is put back after each post."""

import pytest
from django.urls import reverse

from leerlingen.models import Schooljaar
from voroc.accounts.models import Locatie, Organisatie, Rol, Uitnodiging, User

from .hostile import HOSTILE, assert_cells_neutralised, assert_rejects_hostile


@pytest.fixture
def no_lockout(settings):
    """Dozens of wrong passwords in a row: the form must be reached each time, not the lock-out page."""
    settings.AXES_FAILURE_LIMIT = 10_000
    settings.VOROC_LOCKOUT_ACCOUNT_CAP = 10_000


def test_login_and_reset_forms(db, client, no_lockout):
    assert_rejects_hostile(
        client, reverse("login"), {"username": "a@b.nl", "password": "x" * 12}, ["username", "password"]
    )
    assert_rejects_hostile(client, reverse("password_reset"), {"email": "a@b.nl"}, ["email"])


def test_invite_accept_form(world, client):
    from voroc.accounts.services import uitnodiging_create

    _, token = uitnodiging_create(
        email="n@school-a.nl",
        naam="N",
        organisatie=world["school_a"],
        rol=Rol.objects.get(code="mentor"),
        base_url="http://testserver/",
        user=world["servicedesk"],
    )
    url = reverse("invite_accept", kwargs={"token": token})
    password = "paarse olifant fietst"
    assert_rejects_hostile(client, url, {"password1": password, "password2": password}, ["password1", "password2"])


def test_servicedesk_forms(world, client):
    client.force_login(world["servicedesk"])
    orgs = Organisatie.objects.count
    assert_rejects_hostile(
        client,
        reverse("servicedesk:organisatie_create", kwargs={"soort": "vo_school"}),
        {
            "naam": "School",
            "brin": "99ZZ",
            "vestiging": "01",
            "schoolsoort": "vmbo",
            "gemeente": world["gem_a"].pk,
            "plaats": "Delft",
        },
        ["naam", "brin", "vestiging", "plaats", "email", "gemeente", "schoolsoort"],
        count=orgs,
    )
    assert_rejects_hostile(
        client,
        reverse("servicedesk:organisatie_create", kwargs={"soort": "gemeente"}),
        {"naam": "Gemeente X", "cbs_code": "0999", "rmc_regio": "Haaglanden"},
        ["naam", "cbs_code", "rmc_regio"],
        count=orgs,
    )
    gem = world["gem_a"]
    assert_rejects_hostile(
        client,
        reverse("servicedesk:organisatie", kwargs={"pk": gem.pk}),
        {"naam": gem.naam, "cbs_code": gem.cbs_code, "actief": "on"},
        ["naam", "cbs_code"],
    )
    gem.refresh_from_db()
    assert "<" not in gem.naam and "\x00" not in gem.naam
    assert_rejects_hostile(
        client,
        reverse("servicedesk:locatie_create", kwargs={"pk": world["mbo_a"].pk}),
        {"naam": "Campus", "plaats": "Delft"},
        ["naam", "plaats", "adres"],
        count=Locatie.objects.count,
    )
    assert_rejects_hostile(
        client, reverse("servicedesk:schooljaren"), {"startjaar": "2031"}, ["startjaar"], count=Schooljaar.objects.count
    )
    sj = world["schooljaar"]
    from servicedesk.services import MILESTONES

    data = {name: getattr(sj, name).isoformat() for name in MILESTONES}
    data.update(noshow_termijn_dagen="7", max_aanmeldingen="2")
    assert_rejects_hostile(
        client,
        reverse("servicedesk:schooljaar", kwargs={"pk": sj.pk}),
        data,
        [*MILESTONES, "noshow_termijn_dagen", "max_aanmeldingen"],
    )
    assert_rejects_hostile(
        client,
        reverse("servicedesk:account_invite"),
        {
            "naam": "Nieuw",
            "email": "nieuw@x.nl",
            "rol": Rol.objects.get(code="mentor").pk,
            "organisatie": world["school_a"].pk,
        },
        ["naam", "email", "rol", "organisatie"],
        count=User.objects.count,
    )
    assert_rejects_hostile(
        client,
        reverse("servicedesk:account_grant", kwargs={"pk": world["mentor"].pk}),
        {"organisatie": world["school_b"].pk, "rol": Rol.objects.get(code="mentor").pk},
        ["organisatie", "rol"],
    )
    for value in HOSTILE.values():
        # 400 for a NUL byte (voroc.middleware.RejectNulBytesMiddleware), else the page itself.
        expected = 400 if "\x00" in value else 200
        response = client.get(reverse("servicedesk:accounts"), {"q": value, "soort": value})
        assert response.status_code == expected
        response = client.get(reverse("servicedesk:organisaties"), {"q": value, "soort": value, "page": value})
        assert response.status_code == expected


def test_colleague_invite_form(world, client):
    client.force_login(world["decaan"])
    assert_rejects_hostile(
        client,
        reverse("collega_invite"),
        {
            "naam": "Nieuw",
            "email": "nieuw@x.nl",
            "rol": Rol.objects.get(code="mentor").pk,
            "organisatie": world["school_a"].pk,
        },
        ["naam", "email", "rol", "organisatie"],
        count=Uitnodiging.objects.count,
    )


def test_account_forms(world, client, no_lockout):
    client.force_login(world["decaan"])
    assert_rejects_hostile(client, reverse("reauth"), {"password": "x"}, ["password", "token", "next"])
    assert_rejects_hostile(client, reverse("otp_setup"), {"token": "123456"}, ["token", "next"])


def test_password_change_form(world, client):
    """The form itself is reached (force_login opens the re-authentication window) with the right
    current password; a new password the rules accept is put back before the next post."""
    from tests.e2e.conftest import PASSWORD

    user = world["decaan"]
    client.force_login(user)

    def put_back(response):
        if response.status_code == 302:
            user.set_password(PASSWORD)
            user.save()
            client.force_login(user)

    new = "een nieuw lang wachtwoord 42"
    assert_rejects_hostile(
        client,
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        ["new_password1"],
        mirror={"new_password1": "new_password2"},
        after=put_back,
        refuse=("overlong", "control", "newline", "rtl_override", "emoji", "sql"),
    )
    assert_rejects_hostile(
        client,
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
        ["old_password"],
        after=put_back,
        refuse=tuple(k for k in HOSTILE if k != "nul"),
    )
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_helper_notices_a_form_that_is_never_reached(world, client):
    """The lock-out page (429) or a redirect away from the form must fail the helper: those
    answers say nothing about the hostile value."""
    from tests.e2e.conftest import PASSWORD

    email = world["decaan"].email
    for _ in range(5):
        client.post(reverse("login"), {"username": email, "password": "fout-wachtwoord-xyz"})
    with pytest.raises(AssertionError, match="the form was not reached"):
        assert_rejects_hostile(client, reverse("login"), {"username": email, "password": PASSWORD}, ["password"])
    other = world["mentor"]
    client.force_login(other)
    with pytest.raises(AssertionError, match="accepted"):  # a hostile value that is simply stored
        assert_rejects_hostile(client, reverse("logout_everywhere"), {}, ["x"])


def test_the_export_check_can_fail():
    assert_cells_neutralised([["'=SUM(1)", "gewoon", 3]])
    try:
        assert_cells_neutralised([["=SUM(1)"]])
    except AssertionError:
        return
    raise AssertionError("formula cell not detected")
