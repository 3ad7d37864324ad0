"""Database roles on PostgreSQL: the application cannot rewrite its own audit trail.

Two roles (docs/database-roles.md):
- the owner runs the migrations and owns every table, the audit trigger and the purge function;
- the application role (VOROC_DATABASE_APP_ROLE) is what the web processes and workers log in
  as. It may read and write the domain tables, but on the audit table only INSERT and SELECT:
  no UPDATE, DELETE or TRUNCATE, and as a non-owner it cannot disable or drop the append-only
  trigger either. Expired audit rows go through voroc_audit_purge() (a SECURITY DEFINER function,
  accounts/migrations/0007), the only thing it may execute besides its own queries.

`grant_app_role` is idempotent. It runs after every `migrate` when VOROC_DATABASE_APP_ROLE is set
(post_migrate, voroc/accounts/apps.py) and from `manage.py database_roles`, always as the owner.
"""

from django.db import connection as default_connection

AUDIT_TABLE = "auditlog_logentry"
READ_LOG_TABLE = "leerlingen_raadpleging"
# Tables the application may only add to and read: the audit trail and the read log.
APPEND_ONLY = (AUDIT_TABLE, READ_LOG_TABLE)
PURGE_LOG_TABLE = "voroc_audit_purge_log"
PURGE_FUNCTIONS = ("voroc_audit_purge(integer, text[])", "voroc_raadpleging_purge(bigint[])")
# Tables the application reads but never writes: the schema's history and what migrations made.
READ_ONLY = ("django_migrations", "auth_permission", PURGE_LOG_TABLE)
# Written only when missing (Django creates a content type on first use); never changed or
# deleted: the purge function finds a model's table through it.
INSERT_ONLY = ("django_content_type",)


class RoleError(Exception):
    pass


def _quote(connection, name: str) -> str:
    return connection.ops.quote_name(name)


def grant_app_role(role: str, *, connection=None) -> list[str]:
    """Give `role` exactly the application's rights on this database; returns the statements run."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        raise RoleError("Database roles exist on PostgreSQL only.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, (SELECT 1 FROM pg_roles WHERE rolname = %s)", [role])
        current, exists = cursor.fetchone()
        if not exists:
            raise RoleError(f"Role {role!r} does not exist: create it first (docs/database-roles.md).")
        if current == role:
            raise RoleError(f"Run this as the owner of the tables, not as the application role {role!r}.")
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = {row[0] for row in cursor.fetchall()}
        r = _quote(connection, role)
        statements = [
            f"GRANT USAGE ON SCHEMA public TO {r}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {r}",
            # Tables that later migrations create get the same rights; the audit table keeps its own.
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {r}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {r}",
        ]
        for table in APPEND_ONLY:
            if table in tables:
                statements += [f"REVOKE ALL ON {table} FROM {r}", f"GRANT SELECT, INSERT ON {table} TO {r}"]
        for table in READ_ONLY:
            if table in tables:
                statements += [f"REVOKE ALL ON {table} FROM {r}", f"GRANT SELECT ON {table} TO {r}"]
        for table in INSERT_ONLY:
            statements += [f"REVOKE ALL ON {table} FROM {r}", f"GRANT SELECT, INSERT ON {table} TO {r}"]
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'voroc\\_%%\\_purge'")
        functions = {row[0] for row in cursor.fetchall()}
        for function in PURGE_FUNCTIONS:
            if function.split("(")[0] in functions:
                statements.append(f"GRANT EXECUTE ON FUNCTION {function} TO {r}")
        for statement in statements:
            cursor.execute(statement)
    return statements


def audit_privileges(role: str, *, connection=None, table: str = AUDIT_TABLE) -> dict[str, bool]:
    """What `role` may do to an append-only table (for `manage.py database_roles --check` and tests)."""
    connection = connection or default_connection
    privileges = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"has_table_privilege(%s, %s, '{p}')" for p in privileges),
            [value for _ in privileges for value in (role, table)],
        )
        allowed = cursor.fetchone()
        cursor.execute(
            "SELECT pg_get_userbyid(relowner) = %s OR pg_has_role(%s, relowner, 'MEMBER') "
            "FROM pg_class WHERE oid = %s::regclass",
            [role, role, table],
        )
        owns = cursor.fetchone()[0]
    return {**dict(zip(privileges, allowed, strict=True)), "OWNER": owns}


def grant_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: keep the application role's rights in step with the schema."""
    from django.conf import settings
    from django.db import connections

    role = getattr(settings, "VOROC_DATABASE_APP_ROLE", "")
    connection = connections[using]
    if role and connection.vendor == "postgresql":
        grant_app_role(role, connection=connection)
