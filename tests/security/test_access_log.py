"""Logins, denials and every view of a pupil are logged with actor, organisations,
action, object, result, origin and a UTC time; never with a name or e-mail address."""

import logging

from django.urls import reverse

from voroc.logformat import UTCFormatter


def test_login_success_and_failure_are_logged_without_the_address(world, client, caplog):
    caplog.set_level(logging.INFO, logger="voroc.access")
    client.post(reverse("login"), {"username": world["decaan"].email, "password": "fout-wachtwoord-xyz"})
    client.post(reverse("login"), {"username": world["decaan"].email, "password": "een-lang-wachtwoord-123"})
    lines = [r.getMessage() for r in caplog.records if r.name == "voroc.access"]
    assert any(line.startswith("login result=failed origin=127.0.0.1") for line in lines)
    assert any(line.startswith(f"login result=ok user={world['decaan'].pk} orgs=") for line in lines)
    assert world["decaan"].email not in caplog.text


def test_denials_are_logged_with_status_actor_and_origin(world, client, caplog):
    caplog.set_level(logging.INFO, logger="voroc.access")
    client.force_login(world["servicedesk"])
    assert client.get(reverse("leerlingen:list")).status_code == 403
    client.force_login(world["decaan"])
    url = reverse("leerlingen:detail", kwargs={"pk": world["leerling_b"].pk})
    assert client.get(url).status_code == 404
    lines = [r.getMessage() for r in caplog.records if r.name == "voroc.access"]
    assert any(f"result=403 user={world['servicedesk'].pk}" in line for line in lines)
    assert any(f"denied method=GET path={url} result=404 user={world['decaan'].pk}" in line for line in lines)
    assert any("origin=127.0.0.1" in line for line in lines)


def test_pupil_view_is_logged_with_object_and_result(world, client, caplog):
    caplog.set_level(logging.INFO, logger="voroc.access")
    client.force_login(world["consulent"])
    client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}))
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("access "))
    assert f"object=leerlingen.Leerling:{world['leerling_a'].pk} result=ok user={world['consulent'].pk}" in line
    assert f"orgs={world['gem_a'].pk}" in line


def test_log_time_is_utc():
    record = logging.LogRecord("voroc.access", logging.INFO, __file__, 1, "x", None, None)
    record.created = 0.0
    record.msecs = 0
    assert UTCFormatter("%(asctime)s").format(record) == "1970-01-01 00:00:00.000Z"
