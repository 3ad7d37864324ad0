"""`manage.py bench_seed --pupils N`: fill a database with the national picture, fast, for benchmarks.

Unlike seed_demo nothing goes through the services: every table is filled with bulk_create in
batches (no per-row save), so that 100,000 pupils load in minutes. The shape is the country's:
schools of 50 to 1,000 leavers, one big city where about 10% of the pupils live, one institution
that receives about 20% of the applications, every application state, forms, timeline events
(terugkoppelingen), meldingen, notifications and three school years. The notifications are the
ones the app writes for those events (terugkoppeling.notificaties.routering): a row per school user
and one per event for the municipality's team (ADR 0014), not one per consulent. The data rules are
the factories' (a BSN that passes the elfproef, a unique leerlingnummer per school and year). The
data is fictional and the accounts have no usable password (benchmarks sign in with force_login). Random choices
use a fixed seed, so two runs of the same size give the same picture.
"""

import datetime
import random
import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from aanmelding.models import Aanmelding, Opleiding
from aanmelding.status import Status
from doorstroom.models import Doorstroomformulier, FormulierStatus
from leerlingen.models import Elders, EldersSoort, Leerling, Schooljaar
from rmc.models import Melding, MeldingSoort, MeldingStatus
from terugkoppeling.models import MailStatus, Notificatie, Soort, Terugkoppeling
from terugkoppeling.notificaties import is_af_te_handelen, routering
from voroc import policy
from voroc.accounts.groepen import rolgroepen_sync
from voroc.accounts.models import Lidmaatschap, Locatie, Organisatie, Rol, User
from voroc.validators import elfproef

BATCH = 5_000
HUIDIG = 2026  # the active school year; the two before it are history
JAREN = (HUIDIG - 2, HUIDIG - 1, HUIDIG)
OPLEIDINGEN_PER_INSTELLING = 20
LEERWEGEN = ("BB", "KB", "GL", "TL")
# Shares of the pupils of the active year; earlier years are smaller (fewer pupils still on file).
JAAR_AANDEEL = {HUIDIG - 2: 0.2, HUIDIG - 1: 0.3, HUIDIG: 0.5}


def bsn_numbers(start: int):
    """Nine-digit numbers that pass the elfproef, as tests/factories.py hands them out."""
    n = start
    while True:
        n += 1
        s = f"{n:09d}"
        if elfproef(s):
            yield s


def school_sizes(total: int, rnd: random.Random) -> list[int]:
    """Leavers per school, 50 to 1,000, adding up to `total` (a smaller run gets one smaller school)."""
    sizes = []
    while total > 0:
        size = min(total, rnd.randint(50, 1000))
        sizes.append(size)
        total -= size
    return sizes


def school_brin(k: int) -> str:
    """The k-th bench school's BRIN (with vestiging k % 100): digits and a letter pair, "..X?"."""
    return f"{k // 100 % 100:02d}X{chr(65 + k // 10_000 % 26)}"


def instelling_brin(k: int) -> str:
    return f"{k % 100:02d}Y{chr(65 + k // 100 % 26)}"


class Command(BaseCommand):
    help = "Vul een (lege) database met een landelijk beeld voor benchmarks (bulk, fictief)."

    def add_arguments(self, parser):
        parser.add_argument("--pupils", type=int, default=100_000, help="aantal leerlingen (alle drie schooljaren)")
        parser.add_argument("--force", action="store_true", help="ook als er al leerlingen in de database staan")
        parser.add_argument("--seed", type=int, default=2026, help="startwaarde van de toevalsgenerator")

    def handle(self, *args, pupils: int, force: bool, seed: int, **options):
        if settings.PRODUCTION:
            raise CommandError("bench_seed draait niet in productie (VOROC_PRODUCTION=1).")
        if pupils < 1:
            raise CommandError("--pupils moet minstens 1 zijn.")
        if not force and Leerling.objects.exists():
            raise CommandError("De database bevat al leerlingen; gebruik --force om toch aan te vullen.")
        started = time.perf_counter()
        self.rnd = random.Random(seed)  # noqa: S311  fictional data
        # A run on a filled database (--force) gets its own prefix, so names and numbers stay unique.
        self.tag = f"b{Organisatie.objects.count()}"
        self.now = timezone.now()
        self._routes, self._users, self._teams = {}, {}, {}
        with transaction.atomic():
            self.reference(pupils)
            counts = Counter()
            for jaar in JAREN:
                # The active year takes the rest, so the total is exactly --pupils.
                n = pupils - counts["leerlingen"] if jaar == HUIDIG else round(pupils * JAAR_AANDEEL[jaar])
                self.year(jaar, n, counts)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        elapsed = time.perf_counter() - started
        self.report(counts, elapsed)

    # --- reference data ------------------------------------------------------------------------

    def reference(self, pupils: int):
        rnd, tag = self.rnd, self.tag
        per_year = max(1, round(pupils * JAAR_AANDEEL[HUIDIG]))
        n_gemeenten = max(2, min(340, pupils // 300))
        n_instellingen = max(2, min(60, pupils // 1500))
        # Codes continue after the organisations already there (--force), so they stay unique.
        base = Counter(Organisatie.objects.values_list("soort", flat=True))
        self.gemeenten = Organisatie.objects.bulk_create(
            [
                Organisatie(
                    soort="gemeente",
                    naam="Bench-Grootstad" if i == 0 else f"Bench-gemeente {tag}-{i}",
                    cbs_code=f"{(base['gemeente'] + i) % 10_000:04d}",
                    plaats="Grootstad" if i == 0 else f"Plaats {i}",
                )
                for i in range(n_gemeenten)
            ]
        )
        self.sizes = school_sizes(per_year, rnd)
        self.scholen = Organisatie.objects.bulk_create(
            [
                Organisatie(
                    soort="vo_school",
                    naam=f"Bench-vmbo {tag}-{i}",
                    brin=school_brin(base["vo_school"] + i),
                    vestiging=f"{(base['vo_school'] + i) % 100:02d}",
                    gemeente=self.gemeenten[i % n_gemeenten],
                )
                for i in range(len(self.sizes))
            ]
        )
        self.instellingen = Organisatie.objects.bulk_create(
            [
                Organisatie(
                    soort="mbo_instelling",
                    naam=f"Bench-ROC {tag}-{i}",
                    brin=instelling_brin(base["mbo_instelling"] + i),
                )
                for i in range(n_instellingen)
            ]
        )
        locaties = Locatie.objects.bulk_create(
            [Locatie(instelling=inst, naam=f"{inst.naam} centrum", plaats="Grootstad") for inst in self.instellingen]
        )
        self.opleidingen = Opleiding.objects.bulk_create(
            [
                Opleiding(
                    instelling=inst,
                    locatie=loc,
                    crebo=f"{25000 + k:05d}",
                    naam=f"Opleiding {k}",
                    niveau=1 + k % 4,
                    leerweg=("BOL", "BBL")[k % 2],
                    startdatum=datetime.date(HUIDIG + 1, 9, 1),
                )
                for inst, loc in zip(self.instellingen, locaties, strict=True)
                for k in range(OPLEIDINGEN_PER_INSTELLING)
            ]
        )
        self.schooljaren = {}
        actief = Schooljaar.objects.filter(actief=True).exists()
        for jaar in JAREN:
            self.schooljaren[jaar], _ = Schooljaar.objects.get_or_create(
                startjaar=jaar, defaults={"actief": jaar == HUIDIG and not actief, **Schooljaar.defaults_for(jaar)}
            )
        self.accounts()

    def accounts(self):
        """A decaan and a mentor per school, a consulent per municipality, an intaker per institution."""
        rollen = {rol.code: rol for rol in Rol.objects.all()}
        plan = (
            [(org, "decaan") for org in self.scholen]
            + [(org, "mentor") for org in self.scholen]
            + [(org, "consulent") for org in self.gemeenten]
            + [(org, "intaker") for org in self.instellingen]
        )
        users = User.objects.bulk_create(
            [
                User(email=f"{rol}.{org.pk}.{self.tag}@bench.voroc.nl", naam=f"Bench {rol} {org.pk}", password="!")
                for org, rol in plan
            ]
        )
        Lidmaatschap.objects.bulk_create(
            [Lidmaatschap(user=u, organisatie=org, rol=rollen[rol]) for u, (org, rol) in zip(users, plan, strict=True)]
        )
        rolgroepen_sync()  # bulk_create sends no signals: derive the guardian groups in one pass
        self.users = {(org.pk, rol): u for u, (org, rol) in zip(users, plan, strict=True)}

    # --- one school year -------------------------------------------------------------------------

    def year(self, jaar: int, n: int, counts: Counter):
        """`n` pupils of school year `jaar`, spread over the schools in proportion to their size."""
        if n <= 0:
            return
        total = sum(self.sizes)
        plan = []
        for school, size in zip(self.scholen, self.sizes, strict=True):
            plan += [school] * round(n * size / total)
        plan = (plan + self.scholen * (n // len(self.scholen) + 1))[:n]
        bsns = bsn_numbers(100_000_000 + 10_000_000 * (jaar - HUIDIG + 2))  # each year its own range
        for start in range(0, n, BATCH):
            self.batch(jaar, plan[start : start + BATCH], start, bsns, counts)

    def batch(self, jaar, scholen, offset, bsns, counts):
        rnd, now = self.rnd, self.now
        schooljaar = self.schooljaren[jaar]
        grootstad, overige = self.gemeenten[0], self.gemeenten[1:]
        leerlingen = Leerling.objects.bulk_create(
            [
                Leerling(
                    schooljaar=schooljaar,
                    school=school,
                    woongemeente=grootstad if rnd.random() < 0.1 else rnd.choice(overige),
                    leerlingnummer=f"{self.tag}{offset + i:07d}",  # unique within the run, so per school
                    klas=f"4{'ABCD'[i % 4]}",
                    leerweg=LEERWEGEN[i % 4],
                    mentor=self.users[school.pk, "mentor"],
                    voornaam=f"Voornaam{offset + i}",
                    achternaam=f"Achternaam{(offset + i) * 7919 % 100_003}",
                    geboortedatum=datetime.date(jaar - 16, 1 + i % 12, 1 + i % 28),
                    bsn=next(bsns),
                    risico=rnd.random() < 0.05,
                    diploma_resultaat=rnd.choice(["onbekend", "geslaagd", "geslaagd", "gezakt"]),
                )
                for i, school in enumerate(scholen)
            ]
        )
        counts["leerlingen"] += len(leerlingen)
        aanmeldingen, elders, formulieren = [], [], []
        alle_statussen = list(Status)
        groot = self.opleidingen[:OPLEIDINGEN_PER_INSTELLING]  # the big institution's programmes
        for leerling in leerlingen:
            r = rnd.random()
            if r < 0.85:
                keuzes = (1, 2) if rnd.random() < 0.3 else (1,)
                gekozen = rnd.sample(groot if rnd.random() < 0.2 else self.opleidingen, len(keuzes))
                for keuze, opleiding in zip(keuzes, gekozen, strict=True):
                    # The first applications cycle through every state, so every state is there at any size.
                    n = counts["aanmeldingen"] + len(aanmeldingen)
                    status = alle_statussen[n] if n < len(alle_statussen) else rnd.choice(alle_statussen)
                    aanmeldingen.append(
                        Aanmelding(
                            leerling=leerling,
                            opleiding=opleiding,
                            keuze=keuze,
                            status=status,
                            aangemeld_op=None if status == Status.CONCEPT else now,
                            op_tijd=rnd.random() < 0.95,
                        )
                    )
            elif r < 0.95:
                elders.append(Elders(leerling=leerling, soort=rnd.choice(list(EldersSoort))))
            if rnd.random() < 0.7:
                definitief = rnd.random() < 0.5
                formulieren.append(
                    Doorstroomformulier(
                        leerling=leerling,
                        status=FormulierStatus.DEFINITIEF if definitief else FormulierStatus.CONCEPT,
                        definitief_op=now if definitief else None,
                        motivatie="Wil graag praktisch aan de slag.",
                        advies_niveau=2 + rnd.randrange(3),
                    )
                )
        aanmeldingen = Aanmelding.objects.bulk_create(aanmeldingen)
        Elders.objects.bulk_create(elders)
        Doorstroomformulier.objects.bulk_create(formulieren)
        events = [
            Terugkoppeling(
                leerling=a.leerling,
                aanmelding=a,
                soort=Soort.AANMELDING,
                van_status=Status.AANGEMELD,
                status=a.status,
                moment=rnd.choice((None, 1, 2, 3)),
                bericht=f"Status: {a.get_status_display()}.",
                organisatie_id=a.opleiding.instelling_id,
            )
            for a in aanmeldingen
            if a.status not in (Status.CONCEPT, Status.AANGEMELD)
        ]
        events += [
            Terugkoppeling(leerling=f.leerling, soort=Soort.FORMULIER, bericht="Doorstroomformulier definitief.")
            for f in formulieren
            if f.status == FormulierStatus.DEFINITIEF
        ]
        events = Terugkoppeling.objects.bulk_create(events)
        notificaties = self.notificaties(events)
        meldingen = [
            self.melding(leerling, MeldingSoort.RISICO, None, rnd.choice(list(MeldingStatus)))
            for leerling in leerlingen
            if leerling.risico
        ]
        meldingen += [
            self.melding(a.leerling, MeldingSoort.NIET_VERSCHENEN, a, MeldingStatus.OPEN)
            for a in aanmeldingen
            if a.status == Status.NIET_VERSCHENEN
        ]
        Melding.objects.bulk_create(meldingen)
        counts["aanmeldingen"] += len(aanmeldingen)
        counts["elders"] += len(elders)
        counts["formulieren"] += len(formulieren)
        counts["terugkoppelingen"] += len(events)
        counts["meldingen"] += len(meldingen)
        counts["notificaties"] += len(notificaties)

    def notificaties(self, events) -> list[Notificatie]:
        """The notifications the app writes for these events (terugkoppeling.notificaties): the kind,
        the user recipients and the team inboxes from `routering`, one row per user and one per
        team (the home municipality) and event (ADR 0014), never one per consulent. `routering`
        runs once per combination of what it reads besides the home municipality (`self.route`),
        its user filter is evaluated once per combination too, and the rows are already mailed, so
        no outbox task picks them up; half are read, half the drop-backs handled."""
        rnd, now = self.rnd, self.now
        rows = []
        for e in events:
            route = self.route(e)
            if route is None:
                continue
            soort, user_ids, teams = route
            velden = {
                "soort": soort,
                "status": e.status,
                "leerling_id": e.leerling_id,
                "terugkoppeling": e,
                "afhandelen": is_af_te_handelen(soort, e.status),
                "mail_status": MailStatus.VERZONDEN,
                "mail_verzonden_op": now,
            }
            for user_id in user_ids:
                rows.append(Notificatie(user_id=user_id, **velden, **self.gelezen(rnd, velden, user_id)))
            for recht in teams:
                organisatie_id = e.leerling.woongemeente_id
                if lid := self.team(organisatie_id, recht):
                    team = {"organisatie_id": organisatie_id, "team_recht": recht}
                    rows.append(Notificatie(**team, **velden, **self.gelezen(rnd, velden, lid)))
        return Notificatie.objects.bulk_create(rows, batch_size=BATCH)

    def route(self, event):
        """(kind, user ids, team permissions at the home municipality) of `routering(event)`, or None.

        Cached on what routering reads, each part only where it decides (the kind by status, a late
        application by `op_tijd`, a withdrawal by someone else by the institution, a fail by the
        result), without the home municipality: the teams are the pupil's home municipality (checked
        here), filled in per event. The user filter depends on school, mentor and that institution
        (of a fail: the institution) only, and is evaluated once per combination of those."""
        leerling, aanmelding = event.leerling, event.aanmelding
        instelling = None if aanmelding is None else aanmelding.opleiding.instelling_id
        door_ander = event.status == Status.INGETROKKEN and event.organisatie_id != instelling
        ander = instelling if door_ander or event.soort == Soort.DIPLOMA else None
        wie = (leerling.school_id, leerling.mentor_id, ander, event.auteur_id)
        key = (
            event.soort,
            event.status,
            leerling.woongemeente_id is None,
            aanmelding is None,
            aanmelding.op_tijd if aanmelding is not None and event.status == Status.AANGEMELD else None,
            (leerling.diploma_resultaat, aanmelding.status, instelling) if event.soort == Soort.DIPLOMA else None,
            *wie,
        )
        if key not in self._routes:
            route = routering(event)
            if route is None:
                self._routes[key] = None
            else:
                assert all(org == leerling.woongemeente_id for org, _recht in route.teams), route.teams
                if route.ontvangers is None:
                    user_ids = []
                elif (route.soort, *wie) in self._users:
                    user_ids = self._users[route.soort, *wie]
                else:
                    users = User.objects.filter(route.ontvangers, is_active=True).exclude(pk=event.auteur_id or 0)
                    user_ids = self._users[route.soort, *wie] = sorted(users.values_list("pk", flat=True).distinct())
                self._routes[key] = (route.soort, user_ids, tuple(recht for _org, recht in route.teams))
        return self._routes[key]

    def team(self, organisatie_id: int, recht: str) -> int | None:
        """A member of the team (who may handle its rows), or None: a team without members gets no row."""
        if (organisatie_id, recht) not in self._teams:
            lid = policy.users_with_perm(recht, [organisatie_id]).order_by("pk").values_list("pk", flat=True).first()
            self._teams[organisatie_id, recht] = lid
        return self._teams[organisatie_id, recht]

    @staticmethod
    def gelezen(rnd, velden, door) -> dict:
        klaar = rnd.random() < 0.5
        handled = klaar and velden["afhandelen"]
        return {
            "gelezen_op": velden["mail_verzonden_op"] if klaar else None,
            "afgehandeld_op": velden["mail_verzonden_op"] if handled else None,
            "afgehandeld_door_id": door if handled else None,
        }

    def melding(self, leerling, soort, aanmelding, status):
        afgesloten = status == MeldingStatus.AFGESLOTEN
        return Melding(
            leerling=leerling,
            soort=soort,
            status=status,
            reden="Risico op uitval" if soort == MeldingSoort.RISICO else "Niet verschenen op de opleiding",
            aanmelding=aanmelding,
            melder_organisatie=leerling.school,
            uitkomst="Afgerond na gesprek." if afgesloten else "",
            resultaat="onderwijs" if afgesloten else "",
        )

    def report(self, counts: Counter, elapsed: float):
        out = self.stdout
        out.write(
            f"Scholen {len(self.scholen)}, gemeenten {len(self.gemeenten)}, instellingen {len(self.instellingen)}, "
            f"opleidingen {len(self.opleidingen)}, accounts {len(self.users)}"
        )
        for key in (
            "leerlingen",
            "aanmeldingen",
            "formulieren",
            "terugkoppelingen",
            "meldingen",
            "notificaties",
            "elders",
        ):
            out.write(f"{key:<18} {counts[key]:>9,}".replace(",", "."))
        out.write(f"Klaar in {elapsed:.1f} s.")
