"""Behind the reverse proxy the access log and the login lock-out see the client's address, taken
from X-Forwarded-For only as far as VOROC_TRUSTED_PROXIES proxies are trusted."""

import logging

import pytest
from django.urls import reverse


def failed_login_origin(client, caplog, forwarded_for: str | None) -> str:
    caplog.set_level(logging.INFO, logger="voroc.access")
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    client.post(reverse("login"), {"username": "iemand@example.nl", "password": "fout-wachtwoord-1"}, headers=headers)
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("login result=failed")]
    return line.removeprefix("login result=failed origin=")


def test_without_trusted_proxies_the_header_is_ignored(db, client, caplog, settings):
    settings.VOROC_TRUSTED_PROXIES = 0
    assert failed_login_origin(client, caplog, "203.0.113.7") == "127.0.0.1"


@pytest.mark.parametrize(
    ("count", "header", "origin"),
    [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # a client-written first entry is not believed
        (2, "198.51.100.1, 203.0.113.7", "198.51.100.1"),
        (2, "203.0.113.7", "127.0.0.1"),  # fewer addresses than proxies: keep REMOTE_ADDR
        (1, "niet-een-adres", "127.0.0.1"),
        (1, "", "127.0.0.1"),
    ],
)
def test_the_nth_address_from_the_right_is_the_client(db, client, caplog, settings, count, header, origin):
    settings.VOROC_TRUSTED_PROXIES = count
    assert failed_login_origin(client, caplog, header) == origin


def test_lock_out_counts_per_client_address(db, client, settings):
    from axes.models import AccessAttempt

    settings.VOROC_TRUSTED_PROXIES = 1
    client.post(
        reverse("login"),
        {"username": "iemand@example.nl", "password": "fout-wachtwoord-1"},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
