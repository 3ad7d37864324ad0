"""Error reporting (Sentry SDK): off without a DSN; with one, no personal data leaves the server."""

import json
import os
import subprocess
import sys
from pathlib import Path

from voroc.errorreporting import redact, scrub_event

BASE_DIR = Path(__file__).resolve().parents[2]
BSN = "999990160"
EMAIL = "j.jansen@school.example.nl"


def test_redact_removes_addresses_numbers_and_postgres_details():
    text = f'duplicate key value violates unique constraint "x"\nDETAIL:  Key (bsn)=({BSN}) already exists. {EMAIL}'
    out = redact(text)
    assert BSN not in out and EMAIL not in out
    assert "Key (bsn)=([verwijderd]) already exists" in out
    assert redact("Leerling 12 niet gevonden") == "Leerling 12 niet gevonden"


def test_scrub_event_keeps_what_a_developer_needs_and_nothing_personal():
    event = {
        "request": {
            "method": "POST",
            "url": f"https://voroc.example.nl/leerlingen/?q={BSN}",
            "query_string": f"q={BSN}",
            "data": {"voornaam": "Sentinelia"},
            "cookies": {"sessionid": "geheim"},
            "headers": {"Cookie": "sessionid=geheim", "Referer": f"https://x/?q={BSN}"},
            "env": {"REMOTE_ADDR": "10.1.2.3"},
        },
        "user": {"id": 7, "email": EMAIL, "username": EMAIL, "ip_address": "10.1.2.3"},
        "extra": {"request": f"<WSGIRequest: GET '/?q={BSN}'>"},
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": f"Key (bsn)=({BSN}) already exists.",
                    "stacktrace": {"frames": [{"function": "view", "vars": {"bsn": BSN}}]},
                }
            ]
        },
        "logentry": {"message": "Mail aan %s mislukt", "params": [EMAIL], "formatted": f"Mail aan {EMAIL} mislukt"},
        "breadcrumbs": {"values": [{"category": "query", "message": "SELECT 1", "data": {"db.params": [BSN]}}]},
    }
    scrubbed = scrub_event(event, {})
    text = json.dumps(scrubbed)
    for secret in (BSN, EMAIL, "Sentinelia", "geheim", "10.1.2.3"):
        assert secret not in text
    assert scrubbed["request"] == {"method": "POST", "url": "https://voroc.example.nl/leerlingen/"}
    assert scrubbed["user"] == {"id": "7"}
    assert scrubbed["exception"]["values"][0]["type"] == "IntegrityError"
    assert scrubbed["breadcrumbs"]["values"][0] == {"category": "query", "message": "SELECT 1"}


SCRIPT = r"""
import json, os, sys
import django
django.setup()
import sentry_sdk
from sentry_sdk.transport import Transport

client = sentry_sdk.get_client()
assert client.is_active(), "SENTRY_DSN set but no Sentry client"
options = client.options
assert options["send_default_pii"] is False and options["include_local_variables"] is False
assert options["max_request_body_size"] == "never"
events = []

class Capture(Transport):
    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                events.append(item.payload.json)

client.transport = Capture(options)

import types
from django.conf import settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

@csrf_exempt
def boom(request):
    bsn = "".join(["9999", "90160"])  # not in the source: source lines go along with the stack trace
    adres = "@".join(["j.jansen", "school.example.nl"])
    raise ValueError(f"kapot voor {adres} met {bsn}")

urls = types.ModuleType("boom_urls")
urls.urlpatterns = [path("boom/", boom)]
sys.modules["boom_urls"] = urls
settings.ROOT_URLCONF = "boom_urls"
settings.DEBUG_PROPAGATE_EXCEPTIONS = False

# Through Django's WSGI handler, as gunicorn calls it (the SDK hooks in there).
import io
from django.core.handlers.wsgi import WSGIHandler
from wsgiref.util import setup_testing_defaults

body = ("voornaam=" + "Sentinel" + "ia").encode()
environ = {
    "REQUEST_METHOD": "POST", "PATH_INFO": "/boom/", "QUERY_STRING": "q=" + "Sentinel" + "ia",
    "HTTP_HOST": "testserver", "HTTP_COOKIE": "sessionid=" + "geh" + "eim",
    "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body),
}
setup_testing_defaults(environ)
statuses, headers = [], {}
def start_response(status, response_headers, exc_info=None):
    statuses.append(status)
    headers.update(response_headers)
b"".join(WSGIHandler()(environ, start_response))
assert statuses[0].startswith("500"), statuses
client.flush(timeout=5)
print(json.dumps({"events": events, "request_id": headers["X-Request-ID"]}))
"""


def test_a_crash_reaches_sentry_scrubbed(tmp_path):
    """The settings start the SDK when SENTRY_DSN is set; a real crash in a view is captured and
    sent through the SDK's pipeline (a transport that keeps the envelope) without personal data."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "voroc.settings",
        "SENTRY_DSN": "http://public@127.0.0.1:9/1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_LEVEL": "CRITICAL",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    output = json.loads(result.stdout.strip().splitlines()[-1])
    (event,) = output["events"]
    text = json.dumps(event)
    assert event["exception"]["values"][-1]["type"] == "ValueError"
    assert "kapot voor [verwijderd] met [verwijderd]" in text
    for secret in ("999990160", "j.jansen@", "Sentinelia", "geheim"):
        assert secret not in text
    assert event["request"] == {"method": "POST", "url": "http://testserver/boom/"}
    assert event["tags"]["request_id"] == output["request_id"]


def test_no_dsn_no_sentry():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()
