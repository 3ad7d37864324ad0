"""Browser: the idle-timeout warning (static/js/sessie.js) appears before the session ends, 'Ingelogd
blijven' keeps it, and when the time is up the page goes to the login form."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_warning_stay_signed_in_and_expiry(world, live_server, login, settings):
    settings.VOROC_SESSION_IDLE_SECONDS = 124  # the warning (two minutes) comes after 4 seconds
    page = login(world["decaan"])
    warning = page.get_by_role("alert").filter(has_text="U bent een tijd niet actief geweest")
    expect(warning).to_be_visible(timeout=15_000)
    page.get_by_role("button", name="Ingelogd blijven").click()
    expect(warning).to_be_hidden()

    settings.VOROC_SESSION_IDLE_SECONDS = 3  # from now on the session ends after 3 idle seconds
    page.reload()
    page.wait_for_url(f"{live_server.url}/account/inloggen/?next=%2F", timeout=20_000)
    expect(page.get_by_role("heading", name="Inloggen bij VOROC")).to_be_visible()
