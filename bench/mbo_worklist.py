"""Benchmark: the mbo worklist at 20,000 applications of one institution.

Builds a throw-away database (SQLite in a temporary folder unless DATABASE_URL is set: then
that database is used and MUST be a scratch one), generates N applications to one institution
with bulk_create, runs ANALYZE (PostgreSQL), signs in as an intaker with a verified second
factor and prints, for each worklist request, the number of queries and p50/p95 of the time,
beside a floor (the same rows read in one bare query; bench/common.py). It measures and prints.

    .venv/bin/python bench/mbo_worklist.py            # 20,000 applications
    .venv/bin/python bench/mbo_worklist.py 100000     # any other number
"""

import datetime
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_tmp = tempfile.mkdtemp(prefix="voroc-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{_tmp}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")  # the access log of every request would drown the figures

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

_ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(_ARGS[0]) if _ARGS else 20_000
# --land=M: M more applications of pupils elsewhere to another institution (the rest of the
# country), whose names and dates interleave with the institution's own: a plan that walks a
# global index shows here, not in an installation that holds one institution only.
LAND = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--land=")), 0)
BATCH = 2_000


def build(n: int):
    from aanmelding.models import Aanmelding
    from leerlingen.models import Leerling
    from terugkoppeling.models import Terugkoppeling
    from tests import factories as f

    schooljaar = f.SchooljaarFactory()
    gemeente = f.GemeenteFactory()
    scholen = [f.SchoolFactory(gemeente=gemeente) for _ in range(20)]
    mbo = f.InstellingFactory()
    intaker = f.user_with_role("intaker", mbo)
    opleidingen = [f.OpleidingFactory(instelling=mbo, niveau=1 + i % 4) for i in range(40)]
    statussen = ["aangemeld", "in_behandeling", "intake_gepland", "intake_gehad", "geplaatst", "ingeschreven"]
    now = timezone.now()
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        leerlingen = Leerling.objects.bulk_create(
            [
                Leerling(
                    schooljaar=schooljaar,
                    school=scholen[i % 20],
                    woongemeente=gemeente,
                    leerlingnummer=f"L{i}",
                    klas="4A",
                    leerweg="KB",
                    voornaam=f"Voornaam{i}",
                    achternaam=f"Achternaam{2 * i:07d}",
                    geboortedatum=datetime.date(2010, 1, 1),
                    bsn=f.next_bsn(),
                )
                for i in range(start, start + size)
            ]
        )
        aanmeldingen = Aanmelding.objects.bulk_create(
            [
                Aanmelding(
                    leerling=ll,
                    opleiding=opleidingen[i % 40],
                    status=statussen[i % len(statussen)],
                    aangemeld_op=now - datetime.timedelta(days=i % 120),
                    op_tijd=i % 7 != 0,
                )
                for i, ll in zip(range(start, start + size), leerlingen, strict=True)
            ]
        )
        Terugkoppeling.objects.bulk_create(
            [
                Terugkoppeling(
                    leerling_id=a.leerling_id,
                    aanmelding=a,
                    soort="aanmelding",
                    status=a.status,
                    moment=1,
                    bericht="Ontvangen.",
                    organisatie=mbo,
                )
                for a in aanmeldingen
                if a.status != "aangemeld"
            ]
        )
    land(LAND, schooljaar, now)
    return intaker


def land(m: int, schooljaar, now):
    from aanmelding.models import Aanmelding
    from leerlingen.models import Leerling
    from tests import factories as f

    if not m:
        return
    gemeente = f.GemeenteFactory()
    scholen = [f.SchoolFactory(gemeente=gemeente) for _ in range(20)]
    opleidingen = [f.OpleidingFactory(instelling=f.InstellingFactory()) for _ in range(40)]
    for start in range(0, m, BATCH):
        size = min(BATCH, m - start)
        leerlingen = Leerling.objects.bulk_create(
            [
                Leerling(
                    schooljaar=schooljaar,
                    school=scholen[i % 20],
                    woongemeente=gemeente,
                    leerlingnummer=f"M{i}",
                    klas="4A",
                    leerweg="KB",
                    voornaam=f"Voornaam{i}",
                    achternaam=f"Achternaam{2 * i + 1:07d}",
                    geboortedatum=datetime.date(2010, 1, 1),
                    bsn=f.next_bsn(),
                )
                for i in range(start, start + size)
            ]
        )
        Aanmelding.objects.bulk_create(
            [
                Aanmelding(
                    leerling=ll,
                    opleiding=opleidingen[i % 40],
                    status="aangemeld",
                    aangemeld_op=now - datetime.timedelta(days=i % 120, minutes=1),
                    op_tijd=True,
                )
                for i, ll in zip(range(start, start + size), leerlingen, strict=True)
            ]
        )


def floors(mbo_id):
    """The same rows as the pages, each in one bare query without scope, policy or template."""
    from aanmelding.models import Aanmelding

    rows = Aanmelding.objects.filter(opleiding__instelling_id=mbo_id).exclude(status="concept")
    velden = ("pk", "leerling__achternaam", "leerling__voornaam", "opleiding__naam", "status", "aangemeld_op")

    def page(*order):
        return lambda: list(rows.order_by(*order).values_list(*velden)[:50])

    return {
        "first": page("-aangemeld_op", "-pk"),
        "naam": page("leerling__achternaam", "leerling__voornaam", "pk"),
        "all": lambda: list(rows.order_by("-aangemeld_op", "-pk").values_list(*velden)),
    }


def main():
    from bench.common import analyze, measure, verified_client

    print(f"database: {connection.settings_dict['ENGINE']} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    intaker = build(N)
    print(
        f"generated {N} applications of one institution and {LAND} elsewhere in {time.perf_counter() - started:.1f} s"
    )
    analyze()
    client = verified_client(intaker)
    floor = floors(intaker.lidmaatschappen.get().organisatie_id)
    url = reverse("mbo:werklijst")
    measure(client, "worklist, first page", url, floor=floor["first"])
    measure(client, "worklist, page 200", url, {"page": 200})
    measure(client, "worklist, sorted by name", url, {"sort": "naam"}, floor=floor["naam"])
    measure(client, "worklist, new only", url, {"status": "nieuw"})
    measure(client, "worklist, late + form not final", url, {"te_laat": "on", "formulier": "niet_definitief"})
    measure(client, "worklist, waiting > 14 days, by feedback", url, {"wacht_dagen": 14, "sort": "terugkoppeling"})
    measure(client, "feedback deadline screen", reverse("mbo:terugkoppeling"))
    measure(client, "no-show screen", reverse("mbo:noshow"))
    export = reverse("mbo:werklijst_export")
    measure(
        client,
        "CSV export (all rows)",
        reverse("mbo:werklijst_export"),
        {"formaat": "csv"},
        floor=floor["all"],
        repeat=3,
    )
    measure(client, "XLSX export (all rows)", export, {"formaat": "xlsx"}, repeat=3)


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(_tmp, ignore_errors=True)
