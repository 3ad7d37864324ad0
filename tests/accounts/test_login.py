from django.urls import reverse

from tests import factories as f


def test_login_with_email_and_password(db, client):
    user = f.UserFactory(email="decaan@school.nl")
    response = client.post(reverse("login"), {"username": "Decaan@School.nl", "password": "een-lang-wachtwoord-123"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_same_answer_for_unknown_user_and_wrong_password(db, client):
    f.UserFactory(email="bestaat@school.nl")
    wrong = client.post(reverse("login"), {"username": "bestaat@school.nl", "password": "fout-wachtwoord-xyz"})
    unknown = client.post(reverse("login"), {"username": "onbekend@school.nl", "password": "fout-wachtwoord-xyz"})
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()


def test_password_reset_does_not_reveal_accounts(db, client, mailoutbox):
    f.UserFactory(email="bestaat@school.nl")
    known = client.post(reverse("password_reset"), {"email": "bestaat@school.nl"})
    unknown = client.post(reverse("password_reset"), {"email": "onbekend@school.nl"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mailoutbox) == 1


def test_logout_is_post_only(world, client):
    client.force_login(world["decaan"])
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_security_headers(world, client):
    client.force_login(world["decaan"])
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
