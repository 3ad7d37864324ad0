"""Retention (docs/domain.md, "Retention"): pupil data is kept only as long as allowed.

Periods are settings per data kind (VOROC_RETENTION_DAYS), counted from the end of the
pupil's school year (31 July). The core knows no app: each app registers the rule for the data
it owns in its AppConfig.ready (`register_rule`), and an app whose data must keep another app's
rows alive registers a hold (`register_hold`). Today:
- `aanmelding` (aanmelding/retention.py): applications, their placement decisions and
  terugkoppelingen;
- `leerling_dossier` (leerlingen/retention.py): the whole pupil file (form, Elders,
  terugkoppelingen, meldingen ...), unless
- `melding` (rmc/retention.py, a hold): the pupil had a melding to Leerplicht/RMC less than this
  long ago; then the file is kept until that period ends too (the municipality's file outlives
  the school's).

Deletion cascades through the models that belong to a pupil or an application, and the
audit entries of every deleted row go with them. On PostgreSQL the application's role may not
delete audit rows: the purge function voroc_audit_purge (accounts/migrations/0007) does, for
objects that are gone, and records each purge; the read log of deleted pupils goes the same way
(voroc_raadpleging_purge). On SQLite the ORM deletes them. The deletion itself is not
written to the audit log: that would copy the deleted data into it. The run is idempotent:
a second run on the same day deletes nothing.
"""

import datetime
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

logger = logging.getLogger("voroc.retention")
BATCH = 500


@dataclass(frozen=True)
class RetentionRule:
    """Rows of one data kind past their period: `expired(today=, days=)` returns a queryset.
    Rules run in `order`, so a narrower kind (applications) goes before the file that holds it."""

    kind: str
    order: int
    expired: Callable[..., object]


@dataclass(frozen=True)
class RetentionHold:
    """Rows of `kind` that must stay although expired: `keep(today=, days=)` returns their pks."""

    kind: str
    keep: Callable[..., object]


_rules: dict[str, RetentionRule] = {}
_holds: dict[str, list[RetentionHold]] = defaultdict(list)


def register_rule(rule: RetentionRule) -> None:
    if rule.kind not in settings.VOROC_RETENTION_DAYS:
        raise ValueError(f"retention kind {rule.kind!r} has no period in VOROC_RETENTION_DAYS")
    _rules[rule.kind] = rule


def register_hold(hold: RetentionHold) -> None:
    if hold not in _holds[hold.kind]:
        _holds[hold.kind].append(hold)


def schooljaar_cutoff(days: int, today: datetime.date) -> int:
    """The last start year whose school year (ending 31 July) ended at least `days` ago."""
    last_end = today - datetime.timedelta(days=days)
    return last_end.year - 1 if (last_end.month, last_end.day) >= (7, 31) else last_end.year - 2


def _cascade(queryset) -> dict:
    """Every row the deletion of `queryset` removes, as {model: {pk, ...}}."""
    collector = Collector(using=queryset.db)
    collector.collect(queryset)
    rows = defaultdict(set)
    for model, instances in collector.data.items():
        rows[model] |= {obj.pk for obj in instances}
    for qs in collector.fast_deletes:
        rows[qs.model] |= set(qs.values_list("pk", flat=True))
    return rows


def _purge_audit(content_type, pks: list[str]) -> int:
    """The audit entries of deleted objects (called after the deletion, in its transaction)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT voroc_audit_purge(%s, %s)", [content_type.pk, pks])
            return cursor.fetchone()[0]
    return LogEntry.objects.filter(content_type=content_type, object_pk__in=pks).delete()[0]


def _purge_read_log(leerling_ids: list[int]) -> int:
    """The read log of deleted pupils. Nothing cascades into it (the application may only add to
    it): on PostgreSQL the purge function voroc_raadpleging_purge (leerlingen/migrations/0005)
    deletes it for pupils that are gone; on SQLite the ORM does."""
    Raadpleging = apps.get_model("leerlingen", "Raadpleging")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT voroc_raadpleging_purge(%s)", [leerling_ids])
            return cursor.fetchone()[0]
    return Raadpleging.objects.filter(leerling_id__in=leerling_ids).delete()[0]


def _purge(queryset, counts: Counter, dry_run: bool, seen: dict) -> None:
    """Delete `queryset` in batches, with the audit entries of everything the deletion removes.

    `seen` ({model: {pk, ...}}) holds what a dry run has counted already: a dry run deletes
    nothing, so a later rule's cascade reaches rows an earlier rule counted (a pupil's file
    includes their applications), and each row must be counted once, as a real run would."""
    pks = list(queryset.values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        batch = queryset.model.objects.filter(pk__in=pks[start : start + BATCH])
        with transaction.atomic():
            rows = _cascade(batch)
            if dry_run:
                rows = {model: ids - seen[model] for model, ids in rows.items()}
                for model, ids in rows.items():
                    seen[model] |= ids
            rows = {model: ids for model, ids in rows.items() if ids}
            leerling_ids = sorted(rows.get(apps.get_model("leerlingen", "Leerling"), ()))
            for model, ids in rows.items():
                counts[model._meta.label] += len(ids)
            if leerling_ids:
                read_log = apps.get_model("leerlingen", "Raadpleging").objects.filter(leerling_id__in=leerling_ids)
                counts["leerlingen.Raadpleging"] += read_log.count()
            if dry_run:
                continue
            with disable_auditlog():
                batch.delete()
            for model, ids in rows.items():
                if auditlog.contains(model):  # only audited models have entries (not m2m link tables)
                    _purge_audit(ContentType.objects.get_for_model(model), [str(pk) for pk in ids])
            if leerling_ids:
                _purge_read_log(leerling_ids)


def retention_purge(*, today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Delete what has passed its retention period; returns the number of rows per model."""
    today = today or timezone.localdate()
    days = settings.VOROC_RETENTION_DAYS
    counts: Counter = Counter()
    seen: dict = defaultdict(set)
    for rule in sorted(_rules.values(), key=lambda r: r.order):
        queryset = rule.expired(today=today, days=days)
        for hold in _holds[rule.kind]:
            queryset = queryset.exclude(pk__in=hold.keep(today=today, days=days))
        _purge(queryset, counts, dry_run, seen)
    logger.info("retention purge %s: %s", "dry run" if dry_run else "done", dict(counts) or "nothing to delete")
    return dict(counts)


@shared_task(acks_late=True)
def retention_purge_task() -> dict[str, int]:
    return retention_purge()
