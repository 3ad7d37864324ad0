"""Hostile input never causes a 500, is never echoed unescaped, and free-text fields refuse it
(SECURITY.md R10). The helper lives in tests/security/hostile.py for every area to use."""

from django.urls import reverse

from leerlingen.models import Schooljaar
from voroc.accounts.models import Locatie, Organisatie, Rol, Uitnodiging, User

from .hostile import HOSTILE, assert_cells_neutralised, assert_rejects_hostile


def test_login_and_reset_forms(db, client):
    assert_rejects_hostile(client, reverse("login"), {"username": "a@b.nl", "password": "x" * 12},
                           ["username", "password"])
    assert_rejects_hostile(client, reverse("password_reset"), {"email": "a@b.nl"}, ["email"])


def test_invite_accept_form(world, client):
    from voroc.accounts.services import uitnodiging_create

    _, token = uitnodiging_create(email="n@school-a.nl", naam="N", organisatie=world["school_a"],
                                  rol=Rol.objects.get(code="mentor"), base_url="http://testserver/",
                                  user=world["servicedesk"])
    url = reverse("invite_accept", kwargs={"token": token})
    password = "paarse olifant fietst"
    assert_rejects_hostile(client, url, {"password1": password, "password2": password}, ["password1", "password2"])


def test_servicedesk_forms(world, client):
    client.force_login(world["servicedesk"])
    orgs = Organisatie.objects.count
    assert_rejects_hostile(
        client, reverse("servicedesk:organisatie_create", kwargs={"soort": "vo_school"}),
        {"naam": "School", "brin": "99ZZ", "vestiging": "01", "schoolsoort": "vmbo", "gemeente": world["gem_a"].pk,
         "plaats": "Delft"},
        ["naam", "brin", "vestiging", "plaats", "email", "gemeente", "schoolsoort"], count=orgs,
    )
    assert_rejects_hostile(
        client, reverse("servicedesk:organisatie_create", kwargs={"soort": "gemeente"}),
        {"naam": "Gemeente X", "cbs_code": "0999", "rmc_regio": "Haaglanden"}, ["naam", "cbs_code", "rmc_regio"],
        count=orgs,
    )
    gem = world["gem_a"]
    assert_rejects_hostile(
        client, reverse("servicedesk:organisatie", kwargs={"pk": gem.pk}),
        {"naam": gem.naam, "cbs_code": gem.cbs_code, "actief": "on"}, ["naam", "cbs_code"],
    )
    gem.refresh_from_db()
    assert "<" not in gem.naam and "\x00" not in gem.naam
    assert_rejects_hostile(
        client, reverse("servicedesk:locatie_create", kwargs={"pk": world["mbo_a"].pk}),
        {"naam": "Campus", "plaats": "Delft"}, ["naam", "plaats", "adres"], count=Locatie.objects.count,
    )
    assert_rejects_hostile(client, reverse("servicedesk:schooljaren"), {"startjaar": "2031"}, ["startjaar"],
                           count=Schooljaar.objects.count)
    sj = world["schooljaar"]
    from voroc.servicedesk.services import MILESTONES

    data = {name: getattr(sj, name).isoformat() for name in MILESTONES}
    data.update(noshow_termijn_dagen="7", max_aanmeldingen="2")
    assert_rejects_hostile(client, reverse("servicedesk:schooljaar", kwargs={"pk": sj.pk}), data,
                           [*MILESTONES, "noshow_termijn_dagen", "max_aanmeldingen"])
    assert_rejects_hostile(
        client, reverse("servicedesk:account_invite"),
        {"naam": "Nieuw", "email": "nieuw@x.nl", "rol": Rol.objects.get(code="mentor").pk,
         "organisatie": world["school_a"].pk},
        ["naam", "email", "rol", "organisatie"], count=User.objects.count,
    )
    assert_rejects_hostile(
        client, reverse("servicedesk:account_grant", kwargs={"pk": world["mentor"].pk}),
        {"organisatie": world["school_b"].pk, "rol": Rol.objects.get(code="mentor").pk}, ["organisatie", "rol"],
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
        client, reverse("collega_invite"),
        {"naam": "Nieuw", "email": "nieuw@x.nl", "rol": Rol.objects.get(code="mentor").pk,
         "organisatie": world["school_a"].pk},
        ["naam", "email", "rol", "organisatie"], count=Uitnodiging.objects.count,
    )


def test_account_forms(world, client):
    client.force_login(world["decaan"])
    assert_rejects_hostile(client, reverse("reauth"), {"password": "x"}, ["password", "token", "next"])
    assert_rejects_hostile(client, reverse("otp_setup"), {"token": "123456"}, ["token", "next"])
    assert_rejects_hostile(client, reverse("password_change"),
                           {"old_password": "x", "new_password1": "y", "new_password2": "y"},
                           ["old_password", "new_password1"])


def test_the_export_check_can_fail():
    assert_cells_neutralised([["'=SUM(1)", "gewoon", 3]])
    try:
        assert_cells_neutralised([["=SUM(1)"]])
    except AssertionError:
        return
    raise AssertionError("formula cell not detected")
