"""Production without two-factor authentication refuses to start at every entry point, not only
through manage.py: the WSGI application (gunicorn), the ASGI application and the Celery app.

Each entry point is loaded in a fresh interpreter, as a server would. Planted-bug check: with the
refusal block removed from voroc/settings.py every `unsafe` case below imports fine and fails.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

ENTRY_POINTS = {
    "wsgi": "from voroc.wsgi import application",
    "asgi": "from voroc.asgi import application",
    # What `celery -A voroc worker` does first: load the app and read its configuration.
    "celery": "from voroc.celery import app; app.loader.import_default_modules(); print(app.conf.timezone)",
}
UNSAFE = {
    "2fa_off": {"VOROC_REQUIRE_2FA": "0"},
    "demo": {"VOROC_DEMO": "1"},
    "demo_skip_domain": {"VOROC_DEMO_SKIP_2FA_DOMAIN": "demo.voroc.nl"},
}


def _load(entry_point: str, extra: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VOROC_", "DJANGO_"))}
    env.update(
        VOROC_PRODUCTION="1",
        DJANGO_SECRET_KEY="s" * 60,
        DJANGO_ALLOWED_HOSTS="voroc.example.nl",
        DJANGO_SETTINGS_MODULE="voroc.settings",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", ENTRY_POINTS[entry_point]],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("unsafe", UNSAFE)
@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_unsafe_production_settings_refuse_to_load(entry_point, unsafe):
    result = _load(entry_point, UNSAFE[unsafe])
    assert result.returncode != 0, f"{entry_point} started with {UNSAFE[unsafe]}"
    assert "ImproperlyConfigured" in result.stderr and "two-factor" in result.stderr


@pytest.mark.parametrize("entry_point", ENTRY_POINTS)
def test_safe_production_settings_load(entry_point):
    result = _load(entry_point, {})
    assert result.returncode == 0, result.stderr
