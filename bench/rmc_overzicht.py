"""Benchmark: the municipality's overview with 10,000 pupils living in one municipality.

Generates the data in a throw-away SQLite database (or the database in DATABASE_URL, which
must be an empty scratch database), then requests the overview pages as a consulent and prints
the number of queries and the time of each. A script that measures and prints; not a test.

    .venv/bin/python bench/rmc_overzicht.py            # 10,000 pupils
    .venv/bin/python bench/rmc_overzicht.py 2000       # another size
    .venv/bin/python bench/rmc_overzicht.py --export   # include the CSV export (logs every pupil)
    --verbose prints the three slowest queries of each page; --explain (PostgreSQL) the plan of the counts.
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
# The pages are measured, not the login: without this every request is the redirect to the second factor.
os.environ["VOROC_REQUIRE_2FA"] = "0"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
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
    Aanmelding.objects.bulk_create(aanmeldingen, batch_size=1000)
    Elders.objects.bulk_create(elders, batch_size=1000)
    user = User.objects.create_user(email="consulent@bench.example", naam="Bench Consulent", password=None)
    lidmaatschap_toekennen_unchecked(account=user, organisatie=gemeente, rol=Rol.objects.get(code="consulent"))
    return user, Leerling.objects.filter(woongemeente=gemeente).count(), len(aanmeldingen), scholen[0].pk


def measure(client, label, url):
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
    print(f"{label:<42} status {response.status_code}  queries {len(queries):>3}  time {elapsed * 1000:8.1f} ms")
    if "--verbose" in sys.argv:
        for q in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:3]:
            print(f"    {float(q['time']) * 1000:8.1f} ms  {q['sql'][:160]}")
    return response


def main():
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
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would have in production
    client = Client()
    client.force_login(user)
    measure(client, "overview, first page", "/rmc/")
    measure(client, "overview, last page", "/rmc/?page=last")
    measure(client, "overview, state filter + school", f"/rmc/?toestand=aangemeld&school={school_pk}")
    measure(client, "overview, search", "/rmc/?q=Achternaam12")
    measure(client, "zonder bestemming", "/rmc/zonder-bestemming/")
    measure(client, "meldingen inbox", "/rmc/meldingen/")
    if "--export" in sys.argv:
        measure(client, "CSV export (zonder bestemming)", "/rmc/export/?zonder_bestemming=1&formaat=csv")
    if "--explain" in sys.argv and connection.vendor == "postgresql":
        from django.db.models import Count

        from leerlingen.models import Schooljaar
        from rmc import selectors

        base = selectors.met_toestand(selectors.gemeente_leerlingen(user=user, schooljaar=Schooljaar.objects.actief()))
        print(base.order_by().values("toestand").annotate(n=Count("pk")).explain(analyze=True))
    if SCRATCH is not None:
        connection.close()
        os.unlink(SCRATCH.name)


if __name__ == "__main__":
    main()
