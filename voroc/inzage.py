"""Inzage per controller (AVG art. 15): what one organisation holds about a pupil.

Each organisation that processes the pupil's data answers for its own part: the school for
what it holds and what others reported back to it (the mbo's feedback and decisions, the
state of its meldingen), the municipality for its own file (meldingen it handles, guidance,
contacts, moves), the mbo for the applications to it, their decisions and intakes, and the
form as it was shared with it. Never another controller's own records: what an organisation
holds is decided by the visibility table in voroc.policy, read for the organisation as a
whole (`policy.organisatie_viewer`) including the parts marked INZAGE (the full personal
number, the logbook).

The rows are found the way deletion finds them (every row that belongs to the pupil through a
cascading relation), then narrowed by the organisation's scope (`policy.SCOPES`) and, field by
field, by the part of the file each field belongs to (`policy.VELDEN`). The logbook holds the
audit entries of exactly those rows, showing only changes to exported fields, and the read
log of the organisation's own staff (organisation, role, date; no names).
"""

from __future__ import annotations

import datetime
import json

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpResponse
from django.utils import formats, timezone

from voroc import audit, policy
from voroc.pdf import render_to_pdf
from voroc.retention import _cascade

ANDERE_MEDEWERKER = "een medewerker van een andere organisatie"


def _waarde(obj, field_name: str):
    """A field's value as a reader (and JSON) wants it: labels for choices, names for relations."""
    field = obj._meta.get_field(field_name)
    if field.is_relation:
        related = getattr(obj, field_name)
        return str(related) if related is not None else None
    value = getattr(obj, field_name)
    if isinstance(field, models.FileField):
        return "bestand aanwezig" if value else None
    if field.choices and value not in (None, ""):
        return str(getattr(obj, f"get_{field_name}_display")())
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return value


def _wanneer(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y H:i")


def _label(model, field_name: str) -> str:
    return str(model._meta.get_field(field_name).verbose_name)


def inzage_export(*, leerling, organisatie) -> dict:
    """Everything `organisatie` holds about `leerling`, as a dict for JSON and for the PDF."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    v = policy.organisatie_viewer(organisatie)
    zicht = policy.zicht(v, leerling, inzage=True)
    export: dict = {
        "leerling_id": leerling.pk,
        "verantwoordelijke": {
            "organisatie": organisatie.naam,
            "soort": str(organisatie.get_soort_display()),
            "code": organisatie.code,
        },
        "gemaakt_op": timezone.now().isoformat(),
        "delen": [{"deel": d, "titel": policy.Deel.TITELS[d]} for d in policy.Deel.ALLE if d in zicht.delen],
        "gegevens": {},
        "raadplegingen": [],
        "logboek": [],
    }
    secties: dict[str, list] = {d: [] for d in policy.Deel.ALLE}
    exported: dict[type, dict[int, set[str]]] = {}
    rows = _cascade(type(leerling).objects.filter(pk=leerling.pk))
    for model, pks in sorted(rows.items(), key=lambda item: item[0]._meta.label):
        label = model._meta.label
        if label not in policy.VELDEN:
            continue  # not part of any organisation's file (a user's notification, a print job)
        objects = model._base_manager.filter(policy.SCOPES[label](v), pk__in=pks).order_by("pk")
        for obj in objects:
            fields = policy.velden_van(label, zicht.delen, obj)
            if not fields:
                continue
            exported.setdefault(model, {})[obj.pk] = set(fields)
            export["gegevens"].setdefault(label, []).append({"id": obj.pk, **{f: _waarde(obj, f) for f in fields}})
            for deel, names in policy.VELDEN[label].items():
                deel = policy.rij_deel(label, obj) if deel == policy.RIJ else deel
                shown = [n for n in names if n in fields]
                if shown:
                    secties[deel].append(
                        {
                            "soort": str(model._meta.verbose_name).capitalize(),
                            "velden": [(_label(model, n), _waarde(obj, n)) for n in shown],
                        }
                    )
    if leerling.pk in exported.get(type(leerling), {}):
        secties[policy.Deel.GEGEVENS].insert(
            0,
            {
                "soort": "Persoonsnummer",
                "velden": [(leerling.persoonsnummer_soort, leerling.persoonsnummer_gemaskeerd)],
            },
        )
    if policy.Deel.LOGBOEK in zicht.delen:
        medewerkers = set(
            apps.get_model("accounts", "Lidmaatschap")
            .objects.filter(organisatie=organisatie)
            .values_list("user_id", flat=True)
        )
        for model, fields_by_pk in exported.items():
            entries = LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model),
                object_pk__in=[str(pk) for pk in fields_by_pk],
            ).order_by("timestamp", "pk")
            for entry in entries:
                fields = fields_by_pk[int(entry.object_pk)]
                changes = {k: v for k, v in (entry.changes_dict or {}).items() if k in fields}
                if entry.action == LogEntry.Action.UPDATE and not changes:
                    continue
                door = None
                if entry.actor_id is not None:
                    door = str(entry.actor) if entry.actor_id in medewerkers else ANDERE_MEDEWERKER
                export["logboek"].append(
                    {
                        "object": f"{model._meta.label}:{entry.object_pk}",
                        "actie": str(entry.get_action_display()),
                        "tijdstip": entry.timestamp.isoformat(),
                        "wanneer": _wanneer(entry.timestamp),
                        "door": door,
                        "wijzigingen": changes,
                    }
                )
        export["logboek"].sort(key=lambda e: e["tijdstip"])
        reads = (
            apps.get_model("leerlingen", "Raadpleging")
            .objects.filter(leerling_id=leerling.pk, organisatie=organisatie)
            .select_related("rol")
            .order_by("tijdstip", "pk")
        )
        export["raadplegingen"] = [
            {
                "tijdstip": r.tijdstip.isoformat(),
                "wanneer": _wanneer(r.tijdstip),
                "organisatie": organisatie.naam,
                "rol": r.rol.naam if r.rol else None,
                "actie": str(r.get_actie_display()),
                "pagina": r.pagina,
            }
            for r in reads
        ]
    export["secties"] = [
        {"deel": d, "titel": policy.Deel.TITELS[d], "items": secties[d]}
        for d in policy.Deel.ALLE
        if d in zicht.delen and secties[d]
    ]
    return export


def inzage_response(request, *, leerling, organisatie, formaat: str = "json", naam: str = "") -> HttpResponse:
    """An inzage export of what `organisatie` holds about `leerling` (voroc.inzage), as JSON or as
    a readable PDF (voroc.pdf) for the pupil or parent; only for a user who may provide inzage
    for that organisation. Logged in the read log."""
    if organisatie is None or not policy.has_perm(request.user, "inzage_verstrekken", organisatie.pk):
        raise PermissionDenied
    export = inzage_export(leerling=leerling, organisatie=organisatie)
    audit.log_reads(request, [leerling], actie=audit.INZAGE)
    naam = naam or f"inzage-leerling-{leerling.pk}"
    if formaat == "pdf":
        context = {"export": export, "leerling": leerling, "organisatie": organisatie}
        response = HttpResponse(render_to_pdf("inzage/inzage_pdf.html", context), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{naam}.pdf"'
    else:
        data = {key: value for key, value in export.items() if key != "secties"}
        body = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{naam}.json"'
    response["Cache-Control"] = "no-store"
    return response
