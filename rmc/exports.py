"""CSV and XLSX exports of the municipality's overview. Kept small on purpose; cells that a
spreadsheet would read as a formula are neutralised (SECURITY.md, OWASP CSV injection)."""

import csv
import io
import logging

from django.http import HttpResponse
from django.utils import timezone

access_logger = logging.getLogger("voroc.access")

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

KOLOMMEN = (
    "Achternaam",
    "Tussenvoegsel",
    "Voornaam",
    "Persoonsnummer (gemaskeerd)",
    "Geboortedatum",
    "School",
    "Klas",
    "Leerweg",
    "Toestand",
    "Aanmeldingen",
    "Elders",
    "Diplomaresultaat",
    "Risicoleerling",
    "Adres",
    "Postcode",
    "Woonplaats",
    "Telefoon",
    "E-mail",
)


def safe_cell(value) -> str:
    """Text for one cell; a leading formula character gets a leading apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def overzicht_rij(leerling, toestand_labels: dict) -> list[str]:
    aanmeldingen = "; ".join(
        f"{a.keuze}. {a.opleiding.naam} ({a.opleiding.instelling.naam}): {a.get_status_display()}"
        for a in getattr(leerling, "verzonden_aanmeldingen", [])
    )
    elders = getattr(leerling, "elders", None)
    values = [
        leerling.achternaam,
        leerling.tussenvoegsel,
        leerling.voornaam,
        leerling.persoonsnummer_gemaskeerd,
        leerling.geboortedatum.isoformat(),
        leerling.school.naam,
        leerling.klas,
        leerling.leerweg,
        toestand_labels.get(leerling.toestand, leerling.toestand),
        aanmeldingen,
        elders.get_soort_display() if elders else "",
        leerling.get_diploma_resultaat_display(),
        "ja" if leerling.risico else "nee",
        f"{leerling.straat} {leerling.huisnummer}".strip(),
        leerling.postcode,
        leerling.woonplaats,
        leerling.telefoon,
        leerling.email,
    ]
    return [safe_cell(v) for v in values]


def _filename(stem: str, ext: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{ext}"


def csv_response(rows, *, stem: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 correctly with a BOM
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(KOLOMMEN)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "csv")}"'
    return response


def xlsx_response(rows, *, stem: str, title: str) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append(list(KOLOMMEN))
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(stem, "xlsx")}"'
    return response


def log_export_access(request, leerlingen, *, action: str) -> None:
    """`voroc.audit.log_access` for every exported pupil, written in bulk: one auditlog ACCESS entry
    and one `voroc.access` line per pupil (R12), without a database round trip per row."""
    from auditlog.cid import get_cid
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    from voroc import policy
    from voroc.audit import audit_repr

    if not leerlingen:
        return
    content_type = ContentType.objects.get_for_model(leerlingen[0].__class__)
    user = request.user
    remote_addr = request.META.get("REMOTE_ADDR") or None
    cid = get_cid()
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(leerling.pk),
                object_id=leerling.pk,
                object_repr=audit_repr(leerling.__class__, leerling.pk),  # no name in the trail
                action=LogEntry.Action.ACCESS,
                actor=user,
                remote_addr=remote_addr,
                cid=cid,
            )
            for leerling in leerlingen
        ],
        batch_size=500,
    )
    orgs = ",".join(str(pk) for pk in sorted(policy.grants_for(user).all_orgs))
    for leerling in leerlingen:
        access_logger.info(
            "access action=%s object=%s:%s user=%s orgs=%s", action, leerling._meta.label, leerling.pk, user.pk, orgs
        )
