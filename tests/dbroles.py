"""Test helpers for the database roles on PostgreSQL (voroc/dbroles.py, docs/database-roles.md).

Two ways the suite meets the application role:
- Always (PostgreSQL): tests/security/test_audit_append_only.py logs in as the application role
  in a connection of its own and tries to rewrite the audit trail. `ensure_app_role()` creates
  the role if the cluster lacks it and grants it its rights in the test database, as the owner.
- CI (`VOROC_TEST_AS_APP_ROLE=1` with VOROC_DATABASE_APP_ROLE set and DATABASE_URL naming the
  owner): the owner creates and migrates the test database, `migrate` grants the application
  role its rights, and then every connection of the suite logs in as the application role, as
  production does. Flushing a database after a transactional test (TRUNCATE of every table) is
  the owner's job, so only that runs as the owner (tests/conftest.py).
"""

import os

from django.conf import settings
from django.db import connection, connections

DEFAULT_APP_ROLE = "voroc_app"
_owner: dict = {}


def app_role() -> str:
    return settings.VOROC_DATABASE_APP_ROLE or DEFAULT_APP_ROLE


def app_role_password() -> str:
    return os.environ.get("VOROC_TEST_APP_ROLE_PASSWORD", "")


def app_role_mode() -> bool:
    """The whole suite runs as the application role (CI's security step)."""
    return (
        os.environ.get("VOROC_TEST_AS_APP_ROLE") == "1"
        and bool(settings.VOROC_DATABASE_APP_ROLE)
        and settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    )


def _log_in_as(user: str, password: str) -> None:
    for conn in connections.all():
        conn.close()
        conn.settings_dict["USER"] = user
        conn.settings_dict["PASSWORD"] = password


def switch_to_app_role() -> None:
    if not _owner:
        _owner.update(USER=connection.settings_dict["USER"], PASSWORD=connection.settings_dict["PASSWORD"])
    _log_in_as(app_role(), app_role_password())


def switch_to_owner() -> None:
    if _owner:
        _log_in_as(_owner["USER"], _owner["PASSWORD"])


def owner_user() -> str:
    """Who owns the test database (for what only the owner may do: dump, restore, create databases)."""
    return _owner.get("USER") or connection.settings_dict["USER"]


def ensure_app_role() -> None:
    """The application role exists and has its rights in the test database (committed)."""
    from voroc.dbroles import grant_app_role

    if app_role_mode():
        return  # migrate granted them when the test database was made, as the owner
    role = app_role()
    with connection.cursor() as cursor:
        # Two test workers may get here at once: the second CREATE ROLE is no error.
        cursor.execute(
            "DO $$ BEGIN CREATE ROLE " + connection.ops.quote_name(role) + " LOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        )
    grant_app_role(role)


def connect_as_app_role():
    """A connection of its own, logged in as the application role, to the test database."""
    import psycopg

    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        dbname=s["NAME"],
        user=app_role(),
        password=app_role_password() or None,
        autocommit=True,
    )
