"""Headers and cookies: the production settings and what a response carries."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.test import Client
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _production_settings():
    env = {
        **os.environ,
        "VOROC_PRODUCTION": "1",
        "DJANGO_SECRET_KEY": "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "voroc.example.nl",
        "DJANGO_SETTINGS_MODULE": "voroc.settings",
    }
    env.pop("VOROC_DEMO", None)
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','CSRF_COOKIE_HTTPONLY',"
        "'SESSION_COOKIE_SAMESITE','CSRF_COOKIE_SAMESITE','SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS',"
        "'SECURE_SSL_REDIRECT','X_FRAME_OPTIONS','SECURE_REFERRER_POLICY','SECURE_CONTENT_TYPE_NOSNIFF',"
        "'VOROC_REQUIRE_2FA','VOROC_DEMO_SKIP_2FA_DOMAIN','SESSION_EXPIRE_AT_BROWSER_CLOSE']}))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_cookies_and_transport():
    s = _production_settings()
    assert s["SESSION_COOKIE_SECURE"] and s["CSRF_COOKIE_SECURE"]
    assert s["SESSION_COOKIE_HTTPONLY"] and s["CSRF_COOKIE_HTTPONLY"]
    assert s["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict") and s["CSRF_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600 and s["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert s["SECURE_SSL_REDIRECT"] and s["X_FRAME_OPTIONS"] == "DENY"
    assert s["SECURE_REFERRER_POLICY"] == "same-origin" and s["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert s["VOROC_REQUIRE_2FA"] and s["VOROC_DEMO_SKIP_2FA_DOMAIN"] == ""
    assert s["SESSION_EXPIRE_AT_BROWSER_CLOSE"]


def test_response_headers_and_cookie_flags(world, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    client = Client()  # a new client: middleware is built with the settings above
    login = client.get(reverse("login"), secure=True)
    assert login["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    csp = login["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert login["X-Frame-Options"] == "DENY" and login["Referrer-Policy"] == "same-origin"
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("login"),
        {"username": world["decaan"].email, "password": "een-lang-wachtwoord-123", "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    page = client.get(reverse("account"), secure=True)
    assert "no-store" in page["Cache-Control"]


def test_new_session_id_at_login(world):
    client = Client()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("login"), {"username": world["decaan"].email, "password": "een-lang-wachtwoord-123"})
    assert client.session.session_key != before
