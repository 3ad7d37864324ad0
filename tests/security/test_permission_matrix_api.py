"""Walk the API's matrix (tests/security/matrix_api.py, CLIENT_ROWS): every endpoint with a real
token of a client of every organisation kind, own side and foreign side. A client of one
organisation reaches nothing of another (404), a kind with no use for an endpoint gets 403.

The world is the permission matrix's (built once per module, each case in a savepoint)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from api.services import apiclient_create

from . import matrix  # noqa: F401 - first: it collects matrix_api's ROWS
from .matrix_api import CLIENT_KINDS, CLIENT_ROWS, KINDS, OK
from .test_permission_matrix import shared_world, world  # noqa: F401 - the fixtures
from .urls import all_url_names

CASES = [(r, kind) for r in CLIENT_ROWS for kind in KINDS]


@pytest.mark.parametrize("case", CASES, ids=[f"{r['name']}-{kind}" for r, kind in CASES])
def test_client_matrix(case, world, client):  # noqa: F811 - the fixture imported above
    r, kind = case
    cache.clear()  # the rate limit
    organisatie, scopes = CLIENT_KINDS[kind]
    nieuw = apiclient_create(
        organisatie=world[organisatie], naam=f"Matrix {kind}", scopes=scopes, user=world["servicedesk"]
    )
    url = reverse(r["name"], kwargs=r["kwargs"](world))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {nieuw.token}"}
    if r["method"] == "post":
        response = client.post(url, {}, content_type="application/json", **headers)
    else:
        response = client.get(url, **headers)
    expected = r["expect"].get(kind, 403)
    if expected == OK:
        assert response.status_code in (200, 400), f"{kind} {r['method'].upper()} {url}: {response.status_code}"
    else:
        assert response.status_code == expected, f"{kind} {r['method'].upper()} {url}"


def test_every_api_endpoint_has_a_client_row():
    public = {"api:schema", "api:docs"}
    api = {name for name in all_url_names() if name.startswith("api:")} - public
    assert api == {r["name"] for r in CLIENT_ROWS}
