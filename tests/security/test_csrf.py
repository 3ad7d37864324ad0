"""Every URL rejects a POST without a CSRF token. URLs are found automatically:
a new view of any area is covered as soon as it has a row in the permission matrix."""

import pytest
from django.test import Client
from django.urls import reverse

from .urls import all_urls

# The API reads no cookie: only an API client's bearer token, which another site's page cannot
# make a browser send, so there is nothing for CSRF to protect. A session gets 401 there instead
# (405 where the URL takes no POST at all: the schema and its docs page).
API = "api:"
# The SAML assertion consumer service takes the identity provider's signed response, posted by the
# browser from the provider's page (another site, no token of ours). What protects it instead: it
# only answers a request id that this browser's own SAML session holds (voroc/accounts/sso.py).
# Without one it signs nobody in and goes to the login page.
SAML_ACS = "saml_acs"


@pytest.mark.parametrize("role", ["decaan", "servicedesk", "anonymous"])
def test_every_post_without_csrf_token_is_refused(world, role):
    client = Client(enforce_csrf_checks=True)
    if role != "anonymous":
        client.force_login(world[role])
    failures = []
    for name, url, r in all_urls(world):
        data = r["data"](world) if r["data"] else {"x": "1"}
        response = client.post(url, data)
        if name == SAML_ACS:
            if response.status_code != 302 or response["Location"] != reverse("login"):
                failures.append(f"{name} {url}: {response.status_code} (must refuse and go to the login page)")
        elif name.startswith(API):
            if response.status_code not in (401, 405):
                failures.append(f"{name} {url}: {response.status_code} (the API must refuse a session)")
        elif response.status_code != 403:
            failures.append(f"{name} {url}: {response.status_code}")
    assert not failures, "POST without CSRF token not refused:\n" + "\n".join(failures)


def test_a_post_with_the_token_passes_csrf(world):
    """The check above can fail: with a token the same client gets past the CSRF middleware."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["servicedesk"])
    client.get("/servicedesk/schooljaren/")
    token = client.cookies["csrftoken"].value
    response = client.post("/servicedesk/schooljaren/", {"startjaar": "2030", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
