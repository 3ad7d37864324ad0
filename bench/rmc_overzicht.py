"""Benchmark: the municipality's overview with 10,000 pupils living in one municipality.

Generates the data in a throw-away SQLite database (or the database in DATABASE_URL, which
must be an empty scratch database), runs ANALYZE (PostgreSQL), signs in as a consulent with a
verified second factor, requests the overview pages and prints the number of queries and
p50/p95 of each beside a floor (the same rows in one bare query; bench/common.py). A script
that measures and prints; not a test.

    .venv/bin/python bench/rmc_overzicht.py            # 10,000 pupils
    .venv/bin/python bench/rmc_overzicht.py 2000       # another size
    .venv/bin/python bench/rmc_overzicht.py --export   # include the CSV export (logs every pupil)
    --land=M adds M pupils with applications elsewhere (the rest of the country).
    --explain (PostgreSQL) prints EXPLAIN ANALYZE of the two slowest queries of the first page.
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SCRATCH = None
if "DATABASE_URL" not in os.environ:
    SCRATCH = tempfile.NamedTemporaryFile(suffix=".sqlite3", delete=False)
    os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH.name}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")  # the access log of every request would drown the figures

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def bsn_numbers():
    from voroc.validators import elfproef

    n = 100000000
    while True:
        n += 1
        s = f"{n:09d}"
        if elfproef(s):
            yield s


def generate(n_pupils: int):
    import datetime

    from aanmelding.models import Aanmelding, Opleiding
    from leerlingen.models import Elders, Leerling, Schooljaar
    from voroc.accounts.models import Locatie, Organisatie, Rol, User
    from voroc.accounts.services import lidmaatschap_toekennen_unchecked

    rnd = random.Random(42)  # noqa: S311  fictional data
    schooljaar = Schooljaar.objects.create(startjaar=2026, actief=True, **Schooljaar.defaults_for(2026))
    gemeente = Organisatie.objects.create(soort="gemeente", naam="Benchstad", cbs_code="9001")
    andere = Organisatie.objects.create(soort="gemeente", naam="Buurdorp", cbs_code="9002")
    scholen = [
        Organisatie.objects.create(
            soort="vo_school", naam=f"Bench-vmbo {i}", brin=f"{i:02d}BE", vestiging="00", gemeente=gemeente
        )
        for i in range(20)
    ]
    instelling = Organisatie.objects.create(soort="mbo_instelling", naam="ROC Bench", brin="99BE")
    locatie = Locatie.objects.create(instelling=instelling, naam="Centrum", plaats="Benchstad")
    opleidingen = [
        Opleiding.objects.create(
            instelling=instelling,
            locatie=locatie,
            crebo=f"{25000 + i:05d}",
            naam=f"Opleiding {i}",
            niveau=2 + i % 3,
            startdatum=datetime.date(2027, 9, 1),
        )
        for i in range(30)
    ]
    bsns = bsn_numbers()
    leerlingen = [
        Leerling(
            schooljaar=schooljaar,
            school=scholen[i % len(scholen)],
            woongemeente=gemeente if i % 10 else andere,  # one in ten lives elsewhere
            leerlingnummer=f"{100000 + i}",
            klas=f"4{'ABCD'[i % 4]}",
            leerweg=rnd.choice(["BB", "KB", "GL", "TL"]),
            voornaam=f"Voornaam{i}",
            achternaam=f"Achternaam{i}",
            geboortedatum=datetime.date(2010, 1 + i % 12, 1 + i % 28),
            bsn=next(bsns),
            risico=rnd.random() < 0.05,
            diploma_resultaat=rnd.choice(["onbekend", "geslaagd", "geslaagd", "gezakt"]),
        )
        for i in range(int(n_pupils / 0.9))
    ]
    Leerling.objects.bulk_create(leerlingen, batch_size=1000)
    leerlingen = list(Leerling.objects.only("pk"))
    statussen = [
        "aangemeld",
        "in_behandeling",
        "intake_gehad",
        "geplaatst",
        "voorwaardelijk_geplaatst",
        "afgewezen",
        "wachtlijst",
        "ingeschreven",
    ]
    now = timezone.now()
    aanmeldingen, elders = [], []
    for leerling in leerlingen:
        r = rnd.random()
        if r < 0.75:
            for keuze in (1, 2) if rnd.random() < 0.3 else (1,):
                aanmeldingen.append(
                    Aanmelding(
                        leerling_id=leerling.pk,
                        opleiding=opleidingen[(leerling.pk + keuze) % len(opleidingen)],
                        keuze=keuze,
                        status=rnd.choice(statussen),
                        aangemeld_op=now,
                        op_tijd=True,
                    )
                )
        elif r < 0.85:
            elders.append(Elders(leerling_id=leerling.pk, soort=rnd.choice(["havo", "werk", "vavo", "mbo_buiten"])))
    land = next((int(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--land=")), 0)
    if land:  # --land=M: M more pupils of other municipalities (the rest of the country), applied
        elders_school = scholen[0]  # schools serve several municipalities; the names interleave
        buiten = Organisatie.objects.create(soort="gemeente", naam="Landelijk", cbs_code="9003")
        ver = [
            Leerling(
                schooljaar=schooljaar,
                school=elders_school,
                woongemeente=buiten,
                leerlingnummer=f"L{i}",
                klas="4A",
                leerweg="KB",
                voornaam=f"Voornaam{i}",
                achternaam=f"Achternaam{i}x",
                geboortedatum=datetime.date(2010, 1, 1),
                bsn=next(bsns),
            )
            for i in range(land)
        ]
        for leerling in Leerling.objects.bulk_create(ver, batch_size=1000):
            aanmeldingen.append(
                Aanmelding(
                    leerling_id=leerling.pk,
                    opleiding=opleidingen[leerling.pk % len(opleidingen)],
                    keuze=1,
                    status=rnd.choice(statussen),
                    aangemeld_op=now,
                    op_tijd=True,
                )
            )
    Aanmelding.objects.bulk_create(aanmeldingen, batch_size=1000)
    Elders.objects.bulk_create(elders, batch_size=1000)
    user = User.objects.create_user(email="consulent@bench.example", naam="Bench Consulent", password=None)
    lidmaatschap_toekennen_unchecked(account=user, organisatie=gemeente, rol=Rol.objects.get(code="consulent"))
    return user, Leerling.objects.filter(woongemeente=gemeente).count(), len(aanmeldingen), scholen[0].pk


def floors(gemeente_id):
    """The same rows as the pages, each in one bare query without scope, state or template."""
    from leerlingen.models import Leerling, Schooljaar

    rows = Leerling.objects.filter(schooljaar=Schooljaar.objects.actief(), woongemeente_id=gemeente_id)
    velden = ("pk", "achternaam", "voornaam", "school__naam", "klas", "risico")
    return {
        "first": lambda: list(rows.order_by("achternaam", "voornaam", "pk").values_list(*velden)[:50]),
        "all": lambda: list(rows.order_by("achternaam", "voornaam", "pk").values_list(*velden)),
    }


def explain_slowest(client, url, n=2):
    """EXPLAIN ANALYZE of the `n` slowest queries of a page (the plans in bench/RESULTS.md)."""

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:n]:
        print(f"--- {float(q['time']) * 1000:.1f} ms: {q['sql'][:200]}")
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + q["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))


def main():
    from bench.common import analyze, measure, verified_client

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n_pupils = int(args[0]) if args else 10_000
    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL'].split('@')[-1]})")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    user, in_gemeente, n_aanmeldingen, school_pk = generate(n_pupils)
    print(
        f"generated {in_gemeente} pupils in the municipality, {n_aanmeldingen} applications "
        f"in {time.perf_counter() - start:.1f} s"
    )
    analyze()
    client = verified_client(user)
    floor = floors(user.lidmaatschappen.get().organisatie_id)
    measure(client, "overview, first page", "/rmc/", floor=floor["first"])
    measure(client, "overview, last page", "/rmc/?page=last")
    measure(client, "overview, state filter + school", f"/rmc/?toestand=aangemeld&school={school_pk}")
    measure(client, "overview, search", "/rmc/?q=Achternaam12")
    measure(client, "zonder bestemming", "/rmc/zonder-bestemming/")
    measure(client, "meldingen inbox", "/rmc/meldingen/")
    if "--export" in sys.argv:
        measure(client, "CSV export (all pupils)", "/rmc/export/?formaat=csv", floor=floor["all"], repeat=3)
        measure(client, "XLSX export (all pupils)", "/rmc/export/?formaat=xlsx", repeat=3)
    if "--explain" in sys.argv and connection.vendor == "postgresql":
        explain_slowest(client, "/rmc/")
    if SCRATCH is not None:
        connection.close()
        os.unlink(SCRATCH.name)


if __name__ == "__main__":
    main()
