"""Benchmark: the main pages of every role on the national picture of `manage.py bench_seed`.

Signs in (with a verified second factor) as the decaan of the largest school, a mentor there,
the intaker of the institution with the most applications and a consulent of the municipality
with the most residents, and prints for each list, detail, dashboard, export and PDF page the
status, queries, p50 and p95, beside a floor where one applies: the same rows read in one bare
query and rendered by a minimal template (lists), or read in one query (exports).

    make bench-seed                                   # once: DATABASE_URL=...voroc_bench...
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/voroc_bench .venv/bin/python bench/paginas.py

It only reads (and writes the read log, as the pages do). This is a script, not a timed test.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")  # the access log of every request would drown the figures

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.urls import reverse  # noqa: E402

from bench.common import analyze, measure, verified_client  # noqa: E402

ROWS = Template(
    "<table>{% for r in rows %}<tr>{% for v in r.values %}<td>{{ v }}</td>{% endfor %}</tr>{% endfor %}</table>"
)


def list_floor(queryset, *fields):
    """One bare query of a page of 50 rows, rendered by a minimal template."""
    return lambda: ROWS.render(Context({"rows": list(queryset.values(*fields)[:50])}))


def export_floor(queryset, *fields):
    """The export's rows in one bare query, without any formatting."""
    return lambda: sum(1 for _ in queryset.values_list(*fields).iterator(chunk_size=2000))


def member(rol: str, organisatie):
    from voroc.accounts.models import Lidmaatschap

    lid = Lidmaatschap.objects.filter(rol__code=rol, organisatie=organisatie, user__is_active=True).first()
    if lid is None:
        raise SystemExit(f"No {rol} at {organisatie}: run bench_seed first.")
    return lid.user


def central_member(rol: str, soort: str):
    """The servicedesk or the region's monitor: bench_seed makes neither, so one is added here
    (the only rows this script writes besides the read log)."""
    from voroc.accounts.models import Lidmaatschap, Organisatie, Rol
    from voroc.accounts.services import account_create_unchecked, lidmaatschap_toekennen_unchecked

    organisatie, _ = Organisatie.objects.get_or_create(soort=soort, naam=f"Bench {soort}")
    lid = Lidmaatschap.objects.filter(rol__code=rol, organisatie=organisatie).first()
    if lid is not None:
        return lid.user
    user = account_create_unchecked(email=f"{rol}@bench.voroc.nl", naam=f"Bench {rol}")
    lidmaatschap_toekennen_unchecked(account=user, organisatie=organisatie, rol=Rol.objects.get(code=rol))
    return user


def main():
    from aanmelding.models import Aanmelding
    from leerlingen.models import Leerling, Schooljaar
    from rmc.models import Melding
    from voroc.accounts.models import Organisatie

    if "bench" not in str(settings.DATABASES["default"]["NAME"]):
        raise SystemExit("Run against a bench_seed database (its name contains 'bench').")
    jaar = Schooljaar.objects.get(actief=True)
    pupils = Leerling.objects.filter(schooljaar=jaar)
    school = Organisatie.objects.get(pk=pupils.values("school").annotate(n=Count("pk")).order_by("-n")[0]["school"])
    gemeente = Organisatie.objects.get(
        pk=Leerling.objects.values("woongemeente").annotate(n=Count("pk")).order_by("-n")[0]["woongemeente"]
    )
    instelling = Organisatie.objects.get(
        pk=Aanmelding.objects.values("opleiding__instelling")
        .annotate(n=Count("pk"))
        .order_by("-n")[0]["opleiding__instelling"]
    )
    analyze()
    own = pupils.filter(school=school).order_by("achternaam", "voornaam")
    leerling = own.filter(doorstroomformulier__isnull=False).first() or own.first()
    applications = Aanmelding.objects.filter(opleiding__instelling=instelling).exclude(status="concept")
    aanmelding = applications.order_by("-aangemeld_op").first()
    residents = Leerling.objects.filter(woongemeente=gemeente)
    melding = Melding.objects.filter(leerling__woongemeente=gemeente).first()
    print(
        f"school {school} ({own.count():,} leavers), institution {instelling} ({applications.count():,} "
        f"applications), municipality {gemeente} ({residents.count():,} residents)",
        flush=True,
    )

    print("\n# decaan", flush=True)
    client = verified_client(member("decaan", school))
    measure(client, "home", reverse("home"))
    measure(client, "pupil list", reverse("leerlingen:list"), floor=list_floor(own, "achternaam", "klas", "leerweg"))
    measure(client, "pupil list, no application", reverse("leerlingen:list"), {"aanmelding": "geen"})
    measure(
        client,
        "pupil list export CSV",
        reverse("leerlingen:export"),
        {"formaat": "csv"},
        repeat=3,
        floor=export_floor(own, "achternaam", "klas", "leerweg", "bsn"),
    )
    measure(client, "pupil list export XLSX", reverse("leerlingen:export"), {"formaat": "xlsx"}, repeat=3)
    measure(client, "pupil page", reverse("leerlingen:detail", kwargs={"pk": leerling.pk}))
    measure(client, "doorstroomformulier", reverse("doorstroom:formulier", kwargs={"pk": leerling.pk}))
    formulier = getattr(leerling, "doorstroomformulier", None)
    if formulier is not None:
        measure(client, "form PDF", reverse("doorstroom:pdf", kwargs={"pk": formulier.pk}), repeat=3)
    measure(client, "June check", reverse("leerlingen:juni_controle"))
    measure(client, "mentor assignment", reverse("leerlingen:mentor_toewijzen"))
    measure(client, "notifications", reverse("terugkoppeling:list"))

    print("\n# mentor", flush=True)
    client = verified_client(member("mentor", school))
    measure(client, "pupil list (own group)", reverse("leerlingen:list"))

    print("\n# intaker", flush=True)
    client = verified_client(member("intaker", instelling))
    measure(client, "home", reverse("home"))
    measure(
        client,
        "worklist",
        reverse("mbo:werklijst"),
        floor=list_floor(applications.order_by("-aangemeld_op"), "leerling__achternaam", "status", "aangemeld_op"),
    )
    measure(
        client,
        "worklist, waiting > 14 days, sorted",
        reverse("mbo:werklijst"),
        {"wacht_dagen": 14, "sort": "terugkoppeling"},
    )
    measure(client, "feedback deadlines", reverse("mbo:terugkoppeling"))
    measure(client, "no-shows", reverse("mbo:noshow"))
    measure(client, "dossier", reverse("mbo:dossier", kwargs={"pk": aanmelding.pk}))
    measure(
        client,
        "worklist export CSV",
        reverse("mbo:werklijst_export"),
        {"formaat": "csv"},
        repeat=3,
        floor=export_floor(applications, "leerling__achternaam", "status", "aangemeld_op", "opleiding__naam"),
    )
    measure(client, "worklist export XLSX", reverse("mbo:werklijst_export"), {"formaat": "xlsx"}, repeat=3)
    measure(client, "notifications", reverse("terugkoppeling:list"))

    print("\n# consulent", flush=True)
    client = verified_client(member("consulent", gemeente))
    measure(client, "home", reverse("home"))
    measure(
        client,
        "overview",
        reverse("rmc:overzicht"),
        floor=list_floor(residents.order_by("achternaam", "voornaam"), "achternaam", "klas", "school__naam"),
    )
    measure(client, "zonder bestemming", reverse("rmc:zonder_bestemming"))
    measure(client, "meldingen", reverse("rmc:meldingen"))
    if melding is not None:
        measure(client, "melding", reverse("rmc:melding_detail", kwargs={"pk": melding.pk}))
    measure(
        client,
        "overview export CSV",
        reverse("rmc:overzicht_export"),
        {"formaat": "csv"},
        repeat=3,
        floor=export_floor(residents, "achternaam", "klas", "school__naam", "bsn"),
    )
    measure(client, "overview export XLSX", reverse("rmc:overzicht_export"), {"formaat": "xlsx"}, repeat=3)
    measure(client, "notifications", reverse("terugkoppeling:list"))

    print("\n# servicedesk", flush=True)
    from voroc.accounts.models import User

    client = verified_client(central_member("servicedesk", "servicedesk"))
    measure(client, "home", reverse("servicedesk:dashboard"))
    measure(
        client,
        "organisations",
        reverse("servicedesk:organisaties"),
        floor=list_floor(Organisatie.objects.order_by("naam"), "naam", "soort", "plaats"),
    )
    measure(
        client,
        "accounts",
        reverse("servicedesk:accounts"),
        floor=list_floor(User.objects.order_by("naam"), "naam", "email", "is_active"),
    )
    measure(client, "account", reverse("servicedesk:account", kwargs={"pk": member("decaan", school).pk}))
    measure(client, "organisation (the largest school)", reverse("servicedesk:organisatie", kwargs={"pk": school.pk}))

    print("\n# monitor", flush=True)
    client = verified_client(central_member("monitor", "regio"))
    measure(client, "region figures", reverse("rapportage:regio"))


if __name__ == "__main__":
    main()
