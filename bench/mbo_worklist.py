"""Benchmark: the mbo worklist at 20,000 applications of one institution.

Builds a throw-away database (SQLite in a temporary folder unless DATABASE_URL is set: then
that database is used and MUST be a scratch one), generates N applications to one institution
with bulk_create, and prints, for each worklist request, the number of queries and the time.
It measures and prints; it asserts nothing.

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
# The pages are measured, not the login: without this every request is the redirect to the second factor.
os.environ["VOROC_REQUIRE_2FA"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
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
                    achternaam=f"Achternaam{i:06d}",
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
    return intaker


def measure(client, label, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        response = client.get(url, params or {})
        elapsed = time.perf_counter() - started
    queries = len(ctx.captured_queries)
    print(f"{label:<48} status {response.status_code}  queries {queries:>3}  {elapsed * 1000:8.1f} ms")


def main():
    print(f"database: {connection.settings_dict['ENGINE']} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    intaker = build(N)
    print(f"generated {N} applications of one institution in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production
    client = Client()
    client.force_login(intaker)
    url = reverse("mbo:werklijst")
    measure(client, "worklist, first page", url)
    measure(client, "worklist, page 200", url, {"page": 200})
    measure(client, "worklist, sorted by name", url, {"sort": "naam"})
    measure(client, "worklist, new only", url, {"status": "nieuw"})
    measure(client, "worklist, late + form not final", url, {"te_laat": "on", "formulier": "niet_definitief"})
    measure(client, "worklist, waiting > 14 days, by feedback", url, {"wacht_dagen": 14, "sort": "terugkoppeling"})
    measure(client, "feedback deadline screen", reverse("mbo:terugkoppeling"))
    measure(client, "no-show screen", reverse("mbo:noshow"))
    measure(client, "CSV export (all rows)", reverse("mbo:werklijst_export"), {"formaat": "csv"})


if __name__ == "__main__":
    try:
        main()
    finally:
        import shutil

        shutil.rmtree(_tmp, ignore_errors=True)
