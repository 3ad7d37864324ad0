"""Walk the permission matrix: every URL name, every role, own and foreign objects (pretix style).

The world (16 users with their grants, own and foreign objects) is built once per module and
worker, inside a transaction that is rolled back at the end. Each case runs in a savepoint of its
own (pytest-django's `db`), which is rolled back after the case, and gets a deep copy of the world's
model instances, so neither a case's writes (POST rows, objects its kwargs builder makes) nor its
changes to the instances in memory reach another case. The module's teardown checks that the
database still holds the world exactly as it was built.
"""

import copy

import pytest
from django.apps import apps
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse

from tests import factories as f
from tests.conftest import build_world

from .matrix import MATRIX, ROLES, expected
from .urls import all_url_names

CASES = [(r, role) for r in MATRIX for role in (*ROLES, "anonymous")]


def _fingerprint(world):
    """Row count of every table and the stored fields of every object of the world."""
    counts = {model._meta.label: model._base_manager.count() for model in apps.get_models()}
    rows = {
        key: type(obj)._base_manager.filter(pk=obj.pk).values().get()
        for key, obj in world.items()
        if hasattr(obj, "_meta")
    }
    return counts, rows


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    fast_hasher = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast_hasher:
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world(f.SchooljaarFactory())
            before = _fingerprint(world)
            yield world
            assert _fingerprint(world) == before, "a matrix case left a write behind in the shared world"
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(shared_world, db):
    """A private copy of the shared world's instances (same rows, fresh Python objects)."""
    return copy.deepcopy(shared_world)


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
    status = expected(r, role)
    assert response.status_code == status, f"{role} {r['method'].upper()} {url}"
    if role == "anonymous" and status == 302 and r["name"] != "logout":
        assert response["Location"].startswith(reverse("login"))


def test_matrix_covers_every_url_name():
    covered = {r["name"] for r in MATRIX}
    missing = all_url_names() - covered
    assert not missing, f"URL names without a row in tests/security/matrix*.py: {sorted(missing)}"


def test_matrix_names_only_existing_urls():
    assert {r["name"] for r in MATRIX} <= all_url_names()
