"""Structured logs: one JSON object per line with request id and user id, no query
strings, no personal data; gunicorn's access lines without the query string."""

import io
import json
import logging

import pytest
from django.urls import reverse

from tests import factories as f
from voroc.logformat import JSONFormatter, request_id_var, user_id_var

SENTINEL = "Sentinelia"


@pytest.fixture
def json_lines():
    """Every record of the root logger during the test, formatted as production formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JSONFormatter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_every_response_carries_a_request_id(client, db):
    first = client.get(reverse("health_live"))["X-Request-ID"]
    second = client.get(reverse("health_live"))["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_proxys_request_id_is_kept_when_it_looks_like_one(client, db):
    kept = client.get(reverse("health_live"), headers={"X-Request-ID": "nginx-0123456789abcdef"})
    assert kept["X-Request-ID"] == "nginx-0123456789abcdef"
    replaced = client.get(reverse("health_live"), headers={"X-Request-ID": 'x" {"user_id": 1}'})
    assert replaced["X-Request-ID"] != 'x" {"user_id": 1}' and len(replaced["X-Request-ID"]) == 32


def test_log_lines_of_a_request_carry_its_id_and_the_user_id(world, client, json_lines):
    leerling = f.LeerlingFactory(school=world["school_a"], voornaam=SENTINEL, achternaam=SENTINEL)
    client.force_login(world["decaan"])
    url = reverse("leerlingen:detail", kwargs={"pk": leerling.pk})
    response = client.get(url, {"q": SENTINEL, "bsn": "999990160"})
    foreign = client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_b"].pk}), {"q": SENTINEL})
    assert foreign.status_code == 404

    lines = json_lines()
    access = [line for line in lines if line["logger"] == "voroc.access"]
    view = next(line for line in access if line["message"].startswith("access "))
    denied = next(line for line in access if line["message"].startswith("denied "))
    assert view["request_id"] == response["X-Request-ID"]
    assert denied["request_id"] == foreign["X-Request-ID"]
    assert view["user_id"] == denied["user_id"] == world["decaan"].pk
    assert view["level"] == "INFO" and view["time"].endswith("Z")
    assert set(view) == {"time", "level", "logger", "message", "request_id", "user_id"}
    everything = json.dumps(lines)
    assert SENTINEL not in everything and "999990160" not in everything and "q=" not in everything
    assert world["decaan"].email not in everything
    # Outside a request the ids are empty again.
    assert request_id_var.get() is None and user_id_var.get() is None


def test_django_request_records_do_not_leak_the_query_string():
    """Django attaches the request (whose repr holds the query string) to django.request records."""

    class FakeRequest:
        def __repr__(self):
            return f"<WSGIRequest: GET '/leerlingen/?q={SENTINEL}'>"

    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x/",), None)
    record.request = FakeRequest()
    record.status_code = 404
    line = json.loads(JSONFormatter().format(record))
    assert line["message"] == "Not Found: /x/"
    assert SENTINEL not in json.dumps(line)


def test_gunicorn_access_lines_are_structured_without_query_string():
    atoms = {
        "h": "10.0.0.5",
        "m": "GET",
        "U": "/leerlingen/",
        "H": "HTTP/1.1",
        "q": f"q={SENTINEL}",
        "s": "200",
        "B": 5120,
        "M": 42,
        "r": f"GET /leerlingen/?q={SENTINEL} HTTP/1.1",
        "f": f"https://voroc.example.nl/?q={SENTINEL}",
        "{x-request-id}o": "abc123abc123",
    }
    # The format deploy/gunicorn.conf.py sets: no %(q)s, %(r)s, %(f)s or %(a)s.
    from tests.deploy.test_gunicorn_conf import load_gunicorn_conf

    conf = load_gunicorn_conf()
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, conf.access_log_format, (atoms,), None)
    line = json.loads(JSONFormatter().format(record))
    assert line["path"] == "/leerlingen/" and line["status"] == 200 and line["duration_ms"] == 42
    assert line["request_id"] == "abc123abc123" and line["method"] == "GET" and line["bytes"] == 5120
    assert SENTINEL not in json.dumps(line)


def test_exceptions_are_one_json_line_without_the_values_a_database_error_quotes():
    try:
        raise ValueError("duplicate key\nDETAIL:  Key (bsn)=(999990160) already exists. a.b@example.nl")
    except ValueError:
        import sys

        record = logging.LogRecord("voroc", logging.ERROR, __file__, 1, "mislukt", None, sys.exc_info())
    text = JSONFormatter().format(record)
    assert "\n" not in text
    exception = json.loads(text)["exception"]
    assert "ValueError: duplicate key" in exception and "Key (bsn)=([verwijderd]) already exists" in exception
    assert "999990160" not in text and "a.b@example.nl" not in text
