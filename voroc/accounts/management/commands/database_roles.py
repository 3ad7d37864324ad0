"""Give the application's database role exactly its rights (PostgreSQL), or check them.

    python manage.py database_roles                 # as the owner, after migrate
    python manage.py database_roles --check         # fails if the role could rewrite the audit trail

The role is VOROC_DATABASE_APP_ROLE (or --role). Idempotent; `migrate` does the same by itself
when VOROC_DATABASE_APP_ROLE is set. See docs/database-roles.md.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from voroc.dbroles import RoleError, audit_privileges, grant_app_role


class Command(BaseCommand):
    help = "Grant the application role its rights on PostgreSQL (INSERT and SELECT only on the audit table)."

    def add_arguments(self, parser):
        parser.add_argument("--role", default=settings.VOROC_DATABASE_APP_ROLE, help="the application's role")
        parser.add_argument("--check", action="store_true", help="only check; exit 1 if the role has too much")

    def handle(self, *args, role, check, **options):
        if not role:
            raise CommandError("Name the application role: --role or VOROC_DATABASE_APP_ROLE.")
        try:
            if not check:
                for statement in grant_app_role(role):
                    self.stdout.write(statement)
            privileges = audit_privileges(role)
        except RoleError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{role} on the audit table: " + ", ".join(name for name, on in privileges.items() if on))
        too_much = [name for name in ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "OWNER") if privileges[name]]
        if too_much or not (privileges["SELECT"] and privileges["INSERT"]):
            raise CommandError(f"{role} may rewrite the audit trail ({', '.join(too_much)}) or cannot write it.")
        self.stdout.write(self.style.SUCCESS(f"{role} can add to the audit trail but not change it."))
