"""A property-based run of Schemathesis against the API, from its own schema.

Schemathesis takes the schema the app serves at `/api/v1/schema/`, calls the Django WSGI
application in process (on the test's database connection, so the world's rows are there),
generates requests for every operation,
and sends each with the token of a real client of the organisation kind the operation is for
(its tag: school, mbo or gemeente). Checks: no server error, and every response of a documented
status conforms to the schema. Bounded and deterministic (a fixed number of examples per
operation, derandomised), so it runs in CI in seconds.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from api.throttling import ApiClientThrottle
from tests.security.test_permission_matrix import shared_world, world  # noqa: F401 - one world per module

from .conftest import GEMEENTE, MBO, SCHOOL

MAX_EXAMPLES = 25


def _schema():
    """The schema the app serves at /api/v1/schema/, made at collection time (no database needed)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.openapi.from_dict(document)
    loaded.app = get_wsgi_application()  # calls go to the app in process, as from_wsgi does
    return loaded


@pytest.fixture(autouse=True)
def _in_process(settings):
    settings.ALLOWED_HOSTS = ["*"]  # Schemathesis' WSGI client calls the app as "localhost"
    # As Django's test client does: a request must not close the test's database connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(world, maak_client, monkeypatch):  # noqa: F811 - the fixture imported above
    """A token per organisation kind, of the own side of the world (with its pupils and applications)."""
    monkeypatch.setattr(ApiClientThrottle, "THROTTLE_RATES", {"api_client": "1000000/min"})
    return {
        "school": maak_client(world["school_a"], [*SCHOOL, "aanmelden"])[1],
        "mbo": maak_client(world["mbo_a"], MBO)[1],
        "gemeente": maak_client(world["gem_a"], GEMEENTE)[1],
    }


schema = _schema()


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema_and_never_fails(case, tokens, db):
    tag = next((t for t in case.operation.definition.raw.get("tags", []) if t in tokens), "school")
    case.call_and_validate(
        headers={"Authorization": f"Bearer {tokens[tag]}"},
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
