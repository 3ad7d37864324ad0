"""scripts/smoke_stack.py, the real-stack smoke test that .ci/run runs after the suite.

CI runs it to pass; this test shows that it fails when a service it starts is broken (here the
worker, with a broker that is not there). The same for gunicorn (`--break web`) and beat
(`--break beat`) is shown in docs/deployment.md. Its helpers are tested against the real thing:
the TOTP code against django-otp's, the form reader against a Django page.
"""

import importlib.util
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings

from tests import otp

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "smoke_stack.py"


def load_script():
    spec = importlib.util.spec_from_file_location("smoke_stack", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_totp_code_is_the_one_django_otp_accepts(db):
    from tests.factories import UserFactory

    device = otp.totp_device(UserFactory())
    assert load_script().totp(device.key) == otp.current_code(device)


def test_form_reader_submits_what_a_browser_would():
    page = b"""<form method="post" action="/uit/"><input name="csrfmiddlewaretoken" value="a"></form>
    <form method="post" class="stacked"><input type="hidden" name="versie" value="3">
      <input name="leeg"><input type="checkbox" name="ja" checked><input type="checkbox" name="nee">
      <textarea name="motivatie">Wil &amp; kan</textarea>
      <select name="niveau"><option value="1">1</option><option value="2" selected>2</option></select>
      <input type="file" name="bestand"><button type="submit" name="knop">Opslaan</button></form>"""
    smoke = load_script()
    assert smoke.form_on(page) == [
        ["versie", "3"],
        ["leeg", ""],
        ["ja", "on"],
        ["motivatie", "Wil & kan"],
        ["niveau", "2"],
    ]
    assert smoke.form_on(page, "/uit/") == [["csrfmiddlewaretoken", "a"]]
    with pytest.raises(smoke.SmokeFailure):
        smoke.form_on(page, "/elders/")


def test_refuses_to_drop_a_database_not_named_smoke():
    smoke = load_script()
    with pytest.raises(smoke.SmokeFailure, match="must contain 'smoke'"):
        smoke.reset_database("postgres://postgres@127.0.0.1:5432/voroc")


@pytest.mark.postgresql
@pytest.mark.worker
@pytest.mark.skipif(os.environ.get("VOROC_SKIP_WORKER_TESTS") == "1", reason="VOROC_SKIP_WORKER_TESTS=1")
def test_the_smoke_test_fails_when_the_worker_is_broken():
    db = settings.DATABASES["default"]
    url = f"postgres://{urllib.parse.quote(db['USER'] or '')}"
    if db.get("PASSWORD"):
        url += f":{urllib.parse.quote(db['PASSWORD'])}"
    url += f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/voroc_smoke_broken"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--break", "worker", "--timeout", "10", "--database-url", url, "--port", "8131"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 1, result.stdout[-3000:]
    assert "FAILED: timed out after 10 s waiting for the Celery worker to be ready" in result.stdout
    assert "migrated, static files collected, data created" in result.stdout  # it got that far
