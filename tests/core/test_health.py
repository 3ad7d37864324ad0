"""Health probes: /health/live answers without the database; /health/ready needs the database and
reports the broker without failing when Redis is down."""

import os
import time

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from voroc import healthcheck


def test_live_answers_without_login_or_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health_live"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_reports_database_and_eager_broker(client, db, settings):
    settings.CELERY_BROKER_URL = "memory://"
    response = client.get(reverse("health_ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "not_configured"}


def test_ready_stays_200_when_redis_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    started = time.monotonic()
    response = client.get(reverse("health_ready"))
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "broker": "unavailable"}
    assert time.monotonic() - started < 5


def test_ready_is_503_when_the_database_is_unreachable(client, db, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise OperationalError("connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(connection, "cursor", broken_cursor)
        response = client.get(reverse("health_ready"))
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["database"] == "unavailable"


@pytest.mark.worker
@pytest.mark.skipif(os.environ.get("VOROC_SKIP_WORKER_TESTS") == "1", reason="VOROC_SKIP_WORKER_TESTS=1")
def test_ready_reports_a_running_redis(client, db, settings):
    settings.CELERY_BROKER_URL = os.environ.get("VOROC_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    assert client.get(reverse("health_ready")).json()["broker"] == "ok"


def test_health_pages_refuse_post(client, db):
    assert client.post(reverse("health_live")).status_code == 405


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        ("voroc.example.nl,localhost", "voroc.example.nl"),
        (".example.nl", "health.example.nl"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_probe_uses_an_allowed_host(allowed, host):
    assert healthcheck.probe_host(allowed) == host


def test_probe_exit_codes(live_server, monkeypatch):
    monkeypatch.setenv("HEALTHCHECK_URL", live_server.url)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "localhost")
    assert healthcheck.main(["live"]) == 0
    assert healthcheck.main(["bestaat-niet"]) == 2
    monkeypatch.setenv("HEALTHCHECK_URL", "http://127.0.0.1:1")
    assert healthcheck.main(["live"]) == 1


@pytest.mark.postgresql
@pytest.mark.django_db
def test_the_connection_turns_jit_off_and_keeps_the_servers_page_cost():
    """JIT off on every connection (voroc/settings.py); random_page_cost only when
    DATABASE_RANDOM_PAGE_COST says so: 1.1 slowed the mbo worklist (bench/RESULTS.md, section 8)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
        cursor.execute("SELECT setting, source FROM pg_settings WHERE name = 'random_page_cost'")
        assert cursor.fetchone()[1] != "client"
