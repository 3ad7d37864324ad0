"""Walk the permission matrix: every URL name, every role, own and foreign objects (pretix style)."""

import pytest
from django.urls import reverse

from .matrix import MATRIX, ROLES
from .urls import all_url_names

CASES = [(r, role) for r in MATRIX for role in (*ROLES, "anonymous")]


@pytest.mark.parametrize("case", CASES, ids=[f"{r['name']}[{i}]-{role}" for i, (r, role) in enumerate(CASES)])
def test_matrix(case, world, client):
    r, role = case
    if role != "anonymous":
        client.force_login(world[role])
    url = reverse(r["name"], kwargs=r["kwargs"](world))
    if r["method"] == "post":
        response = client.post(url, r["data"](world) if r["data"] else {})
    else:
        response = client.get(url)
    expected = r["expect"].get(role, 302 if role == "anonymous" else r["default"])
    assert response.status_code == expected, f"{role} {r['method'].upper()} {url}"
    if role == "anonymous" and expected == 302 and r["name"] != "logout":
        assert response["Location"].startswith(reverse("login"))


def test_matrix_covers_every_url_name():
    covered = {r["name"] for r in MATRIX}
    missing = all_url_names() - covered
    assert not missing, f"URL names without a row in tests/security/matrix*.py: {sorted(missing)}"


def test_matrix_names_only_existing_urls():
    assert {r["name"] for r in MATRIX} <= all_url_names()
