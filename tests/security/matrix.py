"""The written access rule set: URL x role x own/foreign object -> status.

Each row: (url name, kwargs builder taking the `world` fixture, expected status per role).
Roles missing from a row get the row's `default`. A role with no use for a kind of page
gets 403 for every object (which leaks nothing); a role that may use the page gets 404
for an object outside its scope. Anonymous users are sent to the login page unless the row
says otherwise. Every URL name the project has must be here.

Each area keeps its rows in `tests/security/matrix_<area>.py` as a list `ROWS`; this module
collects them. A kwargs builder may create the objects it needs with the factories.
"""

import importlib
import pkgutil
from pathlib import Path

STAFF_ROLES = ("decaan", "mentor", "zorg", "intaker", "consulent", "servicedesk", "monitor")
# Portal accounts (app portaal): a pupil's own account and a parent's. They hold no organisation
# permission, so a row that names neither gets for them what staff without the permission get:
# 403 where some staff role gets 403 (the page needs a permission), else the row's default (a
# page for every signed-in user or for everyone, a redirect, the API's 401). Rows name them only
# where they differ (the start page, their own portal pages).
PORTAL_ROLES = ("leerling", "ouder")
ROLES = (*STAFF_ROLES, *PORTAL_ROLES)


def row(name, kwargs=None, default=200, method="get", data=None, **per_role):
    """`data` (a callable taking world) is the POST body; POST rows check access, not success."""
    return {
        "name": name,
        "kwargs": kwargs or (lambda w: {}),
        "default": default,
        "method": method,
        "data": data,
        "expect": per_role,
    }


def expected(r, role) -> int:
    """The status a row expects for a role (or "anonymous")."""
    if role in r["expect"]:
        return r["expect"][role]
    if role == "anonymous":
        return 302
    if role in PORTAL_ROLES and any(r["expect"].get(staff) == 403 for staff in STAFF_ROLES):
        return 403
    return r["default"]


def pk(key):
    return lambda w: {"pk": w[key].pk}


CORE = [
    row("home", leerling=302, ouder=302),  # a portal account starts at its own portal (/mijn/)
    row("hulp"),  # help for whoever is signed in, about their own roles
    # Each role's figures (counts linked to its lists): none for the servicedesk and the regional
    # monitor (who has /rapportage/).
    row("cijfers", servicedesk=403, monitor=403),
    # One table of it as CSV/XLSX: a table the page does not show the role is not found.
    row(
        "cijfers_export",
        lambda w: {"tabel": "levensloop"},
        default=404,
        decaan=200,
        mentor=200,
        zorg=200,
        servicedesk=403,
        monitor=403,
    ),
    row("cijfers_export", lambda w: {"tabel": "per-opleiding"}, default=404, intaker=200, servicedesk=403, monitor=403),
    row("cijfers_export", lambda w: {"tabel": "verloop"}, default=404, consulent=200, servicedesk=403, monitor=403),
    row("cijfers_export", lambda w: {"tabel": "leerlingen"}, default=404, servicedesk=403, monitor=403),
    row("login", anonymous=200, default=302),  # signed-in users are sent on to the dashboard
    row("password_reset", anonymous=200),
    row("password_reset_done", anonymous=200),
    row("password_reset_confirm", lambda w: {"uidb64": "MQ", "token": "ongeldig-token"}, anonymous=200),
    row("password_reset_complete", anonymous=200),
    row("logout", method="post", default=302, anonymous=302),
    row("leerlingen:list", servicedesk=403, monitor=403),
    # Own pupil: school A, mentor group, living in municipality A, applied to mbo A.
    row("leerlingen:detail", pk("leerling_a"), servicedesk=403, monitor=403),
    # Foreign pupil: school B, living in B, applied to mbo B: nobody of the A side sees it.
    row("leerlingen:detail", pk("leerling_b"), default=404, servicedesk=403, monitor=403),
    # Inzage export: only the decaan of the pupil's school.
    row("inzage", pk("leerling_a"), default=403, decaan=200),
    row("inzage", pk("leerling_b"), default=404, servicedesk=403, monitor=403),
    row("inzage_pdf", pk("leerling_a"), default=403, decaan=200),
    row("inzage_pdf", pk("leerling_b"), default=404, servicedesk=403, monitor=403),
]


def _collect():
    rows = list(CORE)
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda i: i.name):
        if info.name.startswith("matrix_"):
            rows += importlib.import_module(f"tests.security.{info.name}").ROWS
    return rows


MATRIX = _collect()

# URL names that are not part of the application's own surface.
EXCLUDED_NAMESPACES = ("admin",)
