"""Browser tests: Playwright driving the system's Chromium (/usr/bin/chromium) against live_server."""

import os
import shutil

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PASSWORD = "een-lang-wachtwoord-123"  # tests.factories.UserFactory's password


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _patient_browser(page):
    """CI machines have two cores shared with a test server: wait longer than the 5 s default."""
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)
    page.set_default_timeout(20_000)


@pytest.fixture
def login(live_server, page):
    """Log in through the real login form; returns the page."""

    def _login(user):
        page.goto(f"{live_server.url}/account/inloggen/")
        page.get_by_label("E-mailadres").fill(user.email)
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        # Staff land on the start page, a portal account on its own portal.
        page.wait_for_url((lambda url: "/mijn/" in url) if user.portaal else f"{live_server.url}/")
        return page

    return _login
