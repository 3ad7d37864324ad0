"""Benchmark: the deadline-reminder run over a national-scale school year.

Generates N pupils (default 100,000) at 1,000 schools in 40 municipalities with mentors,
applications to 40 mbo institutions, feedback events and Elders destinations, then runs every
milestone's reminder once and prints, per milestone, the recipients, the number of SQL queries
and the time. The query count must not depend on N (no query per pupil); compare
`--pupils 1000` with `--pupils 100000`.

    .venv/bin/python bench/herinneringen.py                      # fresh SQLite file in var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/voroc_bench .venv/bin/python bench/herinneringen.py

It refuses any database whose name does not contain "bench": it flushes it first.
This is a script, not a timed test.
"""

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=1_000)
    args = parser.parse_args()

    sqlite_file = BASE_DIR / "var" / "bench_herinneringen.sqlite3"
    if "DATABASE_URL" not in os.environ:
        sqlite_file.parent.mkdir(exist_ok=True)
        sqlite_file.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_file}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
    os.environ["EMAIL_URL"] = "dummymail://"
    os.environ.pop("REDIS_URL", None)  # eager tasks, no broker needed

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        sys.exit(f"Refusing to flush database {name!r}: its name must contain 'bench'.")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)

    started = time.monotonic()
    sj = generate(args.pupils, args.schools)
    print(f"generated {args.pupils:,} pupils at {args.schools:,} schools in {time.monotonic() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum keeps them in production

    from terugkoppeling.herinneringen import REGELS, herinnering_versturen

    print(f"{'milestone':28} {'recipients':>10} {'queries':>8} {'seconds':>8}")
    for regel in REGELS:
        connection.queries_log.clear()  # the generator filled the log; count from zero
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.monotonic()
            sent = herinnering_versturen(regel=regel, schooljaar=sj)
            elapsed = time.monotonic() - t0
        print(f"{regel.mijlpaal:28} {len(sent):>10,} {len(ctx.captured_queries):>8} {elapsed:>8.2f}")


def generate(n_pupils: int, n_schools: int):
    """Bulk-insert a school year; users get their roles through the ordinary service."""
    import datetime
    import random

    from django.utils import timezone

    from aanmelding.models import Aanmelding, Opleiding
    from leerlingen.models import Elders, Leerling, Schooljaar
    from terugkoppeling.models import Terugkoppeling
    from voroc.accounts.models import Locatie, Organisatie, Rol, User
    from voroc.accounts.services import lidmaatschap_toekennen_unchecked

    rnd = random.Random(6)
    sj = Schooljaar.objects.create(startjaar=2026, actief=True, **Schooljaar.defaults_for(2026))
    gemeenten = Organisatie.objects.bulk_create(
        [Organisatie(soort="gemeente", naam=f"Gemeente {i}", cbs_code=f"{i:04d}") for i in range(40)]
    )
    scholen = Organisatie.objects.bulk_create(
        [
            Organisatie(
                soort="vo_school",
                naam=f"School {i}",
                brin=f"{i // 100 % 100:02d}AA",
                vestiging=f"{i % 100:02d}",
                gemeente=gemeenten[i % 40],
            )
            for i in range(n_schools)
        ]
    )
    instellingen = Organisatie.objects.bulk_create(
        [Organisatie(soort="mbo_instelling", naam=f"ROC {i}", brin=f"{i:02d}MB") for i in range(40)]
    )
    opleidingen = []
    for inst in instellingen:
        loc = Locatie.objects.create(instelling=inst, naam=f"Locatie {inst.pk}", plaats="Den Haag")
        opleidingen += [
            Opleiding(
                instelling=inst,
                locatie=loc,
                crebo=f"{25000 + k}",
                naam=f"Opleiding {k}",
                niveau=2,
                startdatum=datetime.date(2027, 9, 1),
            )
            for k in range(5)
        ]
    opleidingen = Opleiding.objects.bulk_create(opleidingen)

    rollen = {r.code: r for r in Rol.objects.all()}
    users = User.objects.bulk_create(
        [User(email=f"bench{i}@example.nl", naam=f"Bench {i}", password="!") for i in range(n_schools * 3 + 40 * 4)]
    )
    it = iter(users)
    mentoren: dict[int, list[int]] = {}
    for school in scholen:
        lidmaatschap_toekennen_unchecked(account=next(it), organisatie=school, rol=rollen["decaan"])
        mentoren[school.pk] = []
        for _ in range(2):
            mentor = next(it)
            lidmaatschap_toekennen_unchecked(account=mentor, organisatie=school, rol=rollen["mentor"])
            mentoren[school.pk].append(mentor.pk)
    for org in gemeenten:
        for _ in range(2):
            lidmaatschap_toekennen_unchecked(account=next(it), organisatie=org, rol=rollen["consulent"])
    for org in instellingen:
        for _ in range(2):
            lidmaatschap_toekennen_unchecked(account=next(it), organisatie=org, rol=rollen["intaker"])

    batch = 5_000
    now = timezone.now()
    for start in range(0, n_pupils, batch):
        leerlingen = []
        for i in range(start, min(start + batch, n_pupils)):
            school = scholen[i % n_schools]
            leerlingen.append(
                Leerling(
                    schooljaar=sj,
                    school=school,
                    woongemeente=gemeenten[rnd.randrange(40)],
                    leerlingnummer=str(i),
                    klas="4A",
                    leerweg="KB",
                    mentor_id=rnd.choice(mentoren[school.pk]),
                    voornaam="V",
                    achternaam="A",
                    geboortedatum=datetime.date(2010, 1, 1),
                    bsn=f"{i:09d}",
                    diploma_resultaat=rnd.choice(["onbekend", "geslaagd"]),
                )
            )
        leerlingen = Leerling.objects.bulk_create(leerlingen)
        aanmeldingen, elders = [], []
        for leerling in leerlingen:
            r = rnd.random()
            if r < 0.75:
                aanmeldingen.append(
                    Aanmelding(
                        leerling=leerling,
                        opleiding=rnd.choice(opleidingen),
                        status=rnd.choice(
                            ["aangemeld", "in_behandeling", "intake_gepland", "geplaatst", "ingeschreven"]
                        ),
                        aangemeld_op=now,
                        op_tijd=True,
                    )
                )
            elif r < 0.80:
                elders.append(Elders(leerling=leerling, soort="havo"))
        aanmeldingen = Aanmelding.objects.bulk_create(aanmeldingen)
        Elders.objects.bulk_create(elders)
        Terugkoppeling.objects.bulk_create(
            [
                Terugkoppeling(
                    leerling_id=a.leerling_id,
                    aanmelding=a,
                    soort="aanmelding",
                    status="in_behandeling",
                    moment=m,
                    bericht="bench",
                )
                for a in aanmeldingen
                if a.status != "aangemeld"
                for m in (1, 2, 3)[: rnd.randint(1, 3)]
            ]
        )
    return sj


if __name__ == "__main__":
    main()
