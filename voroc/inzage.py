"""Inzage (SECURITY.md R16, AVG art. 15): everything VOROC holds about one pupil, nothing of others.

The rows are found the way deletion finds them: every row that belongs to the pupil through
a cascading relation (the form, applications and their decisions, timeline events,
meldingen, Elders, and whatever later models hang off a pupil or an application), plus the
audit entries of each of those rows (who changed or viewed what, when).
"""

from django.core import serializers

from voroc.retention import _cascade


def inzage_export(*, leerling) -> dict:
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    rows = _cascade(type(leerling).objects.filter(pk=leerling.pk))
    export: dict = {"leerling_id": leerling.pk, "gegevens": {}, "logboek": []}
    for model, pks in sorted(rows.items(), key=lambda item: item[0]._meta.label):
        objects = model._base_manager.filter(pk__in=pks).order_by("pk")
        export["gegevens"][model._meta.label] = [
            {"id": item["pk"], **item["fields"]} for item in serializers.serialize("python", objects)
        ]
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_pk__in=[str(pk) for pk in pks]
        ).select_related("actor")
        export["logboek"] += [
            {
                "object": f"{model._meta.label}:{entry.object_pk}",
                "actie": entry.get_action_display(),
                "tijdstip": entry.timestamp.isoformat(),
                "door": str(entry.actor) if entry.actor else None,
                "wijzigingen": entry.changes_dict,
            }
            for entry in entries
        ]
    return export
