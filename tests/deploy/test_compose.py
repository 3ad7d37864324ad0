"""docker-compose.yml, checked without a Docker engine (CI has none).

The file is validated against the Compose Specification's JSON schema, kept in
tests/deploy/compose_spec/ (see its README.md for source and licence). Where Docker is installed,
`docker compose config` is the fuller check (README). The other tests hold the stack's rules:
exactly one beat, migrations before the application, health checks, volumes, settings from .env.
"""

import copy
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((Path(__file__).parent / "compose_spec" / "compose-spec.json").read_text())
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def schema_errors(document: dict) -> list[str]:
    # The schema names draft 2019-09 (as "...schema#", which jsonschema does not look up). Formats are
    # not checked: the schema's "duration" means Go durations ("10s"), not ISO 8601.
    jsonschema.Draft201909Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft201909Validator(SCHEMA)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


def test_compose_file_matches_the_compose_specification(compose):
    assert schema_errors(compose) == []


@pytest.mark.parametrize(
    "plant",
    [
        lambda c: c["services"]["web"].update(healtcheck={"test": ["CMD", "true"]}),  # misspelt key
        lambda c: c["services"]["beat"]["deploy"].update(replicas="one"),  # wrong type
        lambda c: c["services"]["worker"]["depends_on"]["db"].update(condition="service_ready"),  # no such condition
        lambda c: c.update(servics={}),  # unknown top-level key
    ],
)
def test_the_schema_check_catches_a_broken_file(compose, plant):
    broken = copy.deepcopy(compose)
    plant(broken)
    assert schema_errors(broken)


def test_the_stack_has_its_services(compose):
    assert set(compose["services"]) == {"db", "redis", "migrate", "web", "worker", "beat"}


def test_exactly_one_beat(compose):
    beats = [name for name, s in compose["services"].items() if "beat" in s.get("command", [])]
    assert beats == ["beat"]
    assert compose["services"]["beat"]["deploy"]["replicas"] == 1


def test_application_waits_for_database_redis_and_migrations(compose):
    for name in APP_SERVICES:
        depends = compose["services"][name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy"
        assert depends["redis"]["condition"] == "service_healthy"
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    migrate = compose["services"]["migrate"]
    assert migrate["command"][-2:] == ["migrate", "--no-input"]
    assert migrate["restart"] == "no"


def test_migrate_may_use_its_own_database_url(compose):
    url = compose["services"]["migrate"]["environment"]["DATABASE_URL"]
    assert url.startswith("${DATABASE_MIGRATE_URL:-${DATABASE_URL")


def test_health_checks(compose):
    services = compose["services"]
    assert services["web"]["healthcheck"]["test"] == ["CMD", "python", "-m", "voroc.healthcheck", "ready"]
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]
    assert "pg_isready" in services["db"]["healthcheck"]["test"][1]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_volumes_for_database_redis_and_uploads(compose):
    assert set(compose["volumes"]) == {"db-data", "redis-data", "media"}
    assert "db-data:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    for name in APP_SERVICES:
        service = compose["services"][name]
        assert f"media:{service['environment']['MEDIA_ROOT']}" in service["volumes"]


def test_application_containers_are_locked_down(compose):
    for name in (*APP_SERVICES, "migrate"):
        service = compose["services"][name]
        assert service["env_file"] == ".env"
        assert service["environment"]["VOROC_PRODUCTION"] == "1"
        assert service["read_only"] is True
        assert service["cap_drop"] == ["ALL"]
        assert "no-new-privileges:true" in service["security_opt"]
    ports = compose["services"]["web"]["ports"]
    assert all(p.startswith("127.0.0.1:") for p in ports), "web is for the reverse proxy on the host only"
    assert all("ports" not in compose["services"][name] for name in ("db", "redis", "worker", "beat"))


def test_every_interpolated_variable_is_documented_in_env_example():
    text = (ROOT / "docker-compose.yml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{([A-Z0-9_]+)", text))
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert used, "the pattern found no variable"
    assert used <= documented, f"not in .env.example: {sorted(used - documented)}"
