"""Access logging: logins, denials, and every read of a pupil's file.

Every page, list, export, PDF and inzage export that shows pupils calls `log_reads` once: it
records per pupil who saw it (user, the organisation and role they acted for, derived from
their grants), on which page, how (page, list, export, pdf, inzage) and when, in the read log
`leerlingen.Raadpleging`, with one INSERT whatever the number of pupils; and writes one line to
the `voroc.access` logger. Neither holds names, BSN or care text. django-auditlog keeps
recording changes.
"""

from __future__ import annotations

import json
import logging

from django.apps import apps
from django.db import connection
from django.utils import timezone

from voroc import policy

logger = logging.getLogger("voroc.access")

# How pupils were shown (leerlingen.models.RaadplegingActie).
PAGINA, LIJST, EXPORT, PDF, INZAGE = "pagina", "lijst", "export", "pdf", "inzage"


def _who(request) -> str:
    """Actor, their organisations and the origin address: never a name or e-mail address."""
    user = getattr(request, "user", None)
    pk = getattr(user, "pk", None)
    orgs = ",".join(str(o) for o in sorted(policy.viewer(user).grants.all_orgs)) if pk else ""
    return f"user={pk} orgs={orgs} origin={request.META.get('REMOTE_ADDR', '')}"


def audit_repr(model, pk) -> str:
    """How the audit trail names an object: model and id, never the object's own text (a name)."""
    name = model._meta.verbose_name if model is not None else "object"
    return f"{name} {pk}"


def _page(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else request.path)[:100]


def _insert(rows: list[tuple[int, int | None, int | None]], *, user_id, actie: str, pagina: str) -> None:
    """Write the read log in one statement whatever the number of rows (a JSON array of
    [pupil, organisation, role] unpacked by the database)."""
    Raadpleging = apps.get_model("leerlingen", "Raadpleging")
    now = timezone.now()
    if connection.vendor not in ("postgresql", "sqlite"):
        Raadpleging.objects.bulk_create(
            Raadpleging(
                leerling_id=p, organisatie_id=o, rol_id=r, user_id=user_id, actie=actie, pagina=pagina, tijdstip=now
            )
            for p, o, r in rows
        )
        return
    table = connection.ops.quote_name(Raadpleging._meta.db_table)
    columns = "leerling_id, organisatie_id, rol_id, user_id, actie, pagina, tijdstip"
    if connection.vendor == "postgresql":
        source = (
            "SELECT x.l, x.o, x.r, %s, %s, %s, %s FROM jsonb_to_recordset(%s::jsonb) AS x(l bigint, o bigint, r bigint)"
        )
        data = json.dumps([{"l": p, "o": o, "r": r} for p, o, r in rows])
    else:
        source = (
            "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), "
            "%s, %s, %s, %s FROM json_each(%s)"
        )
        data = json.dumps(rows)
    params = [user_id, actie, pagina, connection.ops.adapt_datetimefield_value(now), data]
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({columns}) {source}", params)  # noqa: S608 - names from _meta


def log_reads(request, leerlingen, *, actie: str, mbo_instellingen=None) -> dict:
    """The one helper for every read of pupils: `leerlingen` were shown to the request's user.

    `actie` is a `leerlingen.models.RaadplegingActie` value. Returns `policy.zicht_lijst()` for
    the pupils (each also gets `leerling.zicht`: what the page may show of it), computed here
    unless already set. A fixed number of queries: at most one for the mbo relation, one INSERT."""
    leerlingen = list(leerlingen)
    missing = [leerling for leerling in leerlingen if getattr(leerling, "zicht", None) is None]
    if missing:
        policy.zicht_lijst(request.user, missing, mbo_instellingen=mbo_instellingen)
    zichten = {leerling.pk: leerling.zicht for leerling in leerlingen}
    record_reads(request, zichten, actie=actie)
    return zichten


def record_reads(request, zichten: dict, *, actie: str) -> None:
    """Write the read log for pupils whose `zicht` is already known: {pupil id: Zicht}
    (voroc.exports keeps only this while it streams, not the pupils themselves)."""
    if not zichten:
        return
    record_reads_for(request.user, zichten, actie=actie, pagina=_page(request), who=_who(request))


def record_reads_for(user, zichten: dict, *, actie: str, pagina: str, who: str = "") -> None:
    """`record_reads` without a request: pupils sent to `user` by the system itself (an API
    client's outbound notice, api/webhooks.py), named by `pagina`."""
    if not zichten:
        return
    grants = policy.viewer(user).grants
    rows = []
    for pk, zicht in zichten.items():
        relatie = next(iter(zicht.relaties), None)
        organisatie_id = relatie.organisatie_id if relatie else None
        rollen = grants.roles.get((relatie.perm, organisatie_id), ()) if relatie else ()
        rows.append((pk, organisatie_id, min(rollen) if rollen else None))
    _insert(rows, user_id=user.pk, actie=actie, pagina=pagina)
    label = "leerlingen.Leerling"
    what = f"object={label}:{next(iter(zichten))}" if len(zichten) == 1 else f"objects={label} n={len(zichten)}"
    logger.info("access action=%s page=%s %s result=ok %s", actie, pagina, what, who or f"user={user.pk}")


def wie_zag(leerling):
    """Who saw this pupil: the read log, newest first, with organisation and role; one query."""
    Raadpleging = apps.get_model("leerlingen", "Raadpleging")
    return Raadpleging.objects.filter(leerling_id=leerling.pk).select_related("organisatie", "rol", "user")


def log_denied(request, status: int) -> None:
    """A refused request: 403 (page not for this role) or 404 (not found or out of scope)."""
    logger.warning("denied method=%s path=%s result=%s %s", request.method, request.path, status, _who(request))


def log_login(sender, request, user, **kwargs) -> None:
    if request is not None:
        logger.info("login result=ok %s", _who(request))


def log_login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    # The attempted e-mail address is not logged (it is personal data); django-axes keeps the failure count.
    logger.warning("login result=failed origin=%s", request.META.get("REMOTE_ADDR", "") if request else "")


def log_changes_in_bulk(*, created=(), updated=(), actor=None) -> int:
    """The change entries django-auditlog would write on save(), for rows written in bulk
    (`bulk_create`/`bulk_update` send no save signals). `created` holds saved instances (pk set);
    `updated` holds (before, after) pairs. The model's registration (masked and excluded fields)
    decides what an entry shows, as on save(); the actor is the user who confirmed the work, also
    when a worker writes it. One INSERT per 1,000 entries; returns the count."""
    from auditlog.cid import get_cid
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    cid = get_cid()
    actor_id = getattr(actor, "pk", None)
    actor_email = getattr(actor, "email", None) if actor_id else None
    entries = []

    def entry(instance, action, changes):
        model = type(instance)
        entries.append(
            LogEntry(
                content_type=ContentType.objects.get_for_model(model),
                object_pk=str(instance.pk),
                object_id=instance.pk if isinstance(instance.pk, int) else None,
                object_repr=audit_repr(model, instance.pk),
                action=action,
                changes=changes,
                actor_id=actor_id,
                actor_email=actor_email,
                cid=cid,
            )
        )

    for instance in created:
        # Only the row's own columns: a reverse one-to-one would cost a query per row and is
        # never part of a create entry.
        columns = [field.name for field in instance._meta.concrete_fields]
        entry(instance, LogEntry.Action.CREATE, model_instance_diff(None, instance, fields_to_check=columns))
    for before, after in updated:
        changes = model_instance_diff(before, after)
        if changes:
            entry(after, LogEntry.Action.UPDATE, changes)
    LogEntry.objects.bulk_create(entries, batch_size=1000)
    return len(entries)
