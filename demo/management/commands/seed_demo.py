"""`manage.py seed_demo`: fill an empty database with fictional demo data for RMC-region Haaglanden.

Reference data (municipalities, schools, institutions, programmes, the school
year, accounts) is created directly; everything that happens to a pupil goes
through the domain services, acting as a user who may do it, so that the
timeline, the audit trail and the meldingen are the real thing. Each step runs
at its own moment (time_machine, when installed), never after the demo's today
(HEDEN, end of November 2026): this year's forms, applications, intakes and
early decisions in October and November 2026. What only happens later in a year
(late applications after the 1 April deadline, exams, enrolment, start, no-show)
comes from last year's leavers (2025-2026, `vorig_schooljaar`): VOROC has been
in use since the autumn of 2025. The data itself is in demo/data.py; random
choices use a fixed seed.
"""

import datetime
import itertools
import logging
import random
from collections import Counter
from contextlib import contextmanager, nullcontext
from zoneinfo import ZoneInfo

from auditlog.context import set_actor
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.text import slugify

from aanmelding.models import Aanmelding, Opleiding
from aanmelding.services import (
    aanmelding_create,
    aanmelding_doorverwijzen,
    aanmelding_status_update,
    plaatsingsbesluit_record,
)
from aanmelding.services_mbo import intake_afronden, intake_plannen, opleiding_sluiten
from aanmelding.services_overdracht import documenten_vastleggen, warme_overdracht_gehouden, warme_overdracht_plannen
from aanmelding.status import AfwijzingsReden, Status
from demo import data as D
from demo.portaal import OUDER, demo_portaal_ouder
from demo.rapportage_history import rapportage_geschiedenis
from doorstroom.models import Doorstroomformulier
from doorstroom.services import formulier_definitief_maken, formulier_save, formulier_voor
from leerlingen.models import DiplomaResultaat, Elders, Leerling, Schooljaar
from leerlingen.services import diploma_resultaat_record, elders_record, leerling_verhuizen
from rmc.models import Melding, MeldingStatus
from rmc.services import contactmoment_record, melding_create_risico, melding_status_update, traject_starten
from terugkoppeling.models import Notificatie, Terugkoppeling
from voroc.accounts.models import Lidmaatschap, Locatie, Organisatie, Rol, User
from voroc.accounts.services import account_create_unchecked, lidmaatschap_toekennen_unchecked
from voroc.errors import DomainError
from voroc.validators import elfproef

TZ = ZoneInfo(settings.TIME_ZONE)
S = Status


def moment(year, month, day, hour=9, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


VORIG = D.SCHOOLJAAR - 1  # last school year, 2025-2026: VOROC's first year in the region
INRICHTING = moment(VORIG, 10, 6)  # servicedesk sets up organisations and accounts
VORIG_IMPORT = moment(VORIG, 10, 20, 8)  # VOROC opens; schools load last year's leavers
IMPORT = moment(2026, 10, 19, 8)  # the new school year opens; schools load this year's leavers
HEDEN = moment(2026, 11, 27, 16, 30)  # last working moment before the demo's today, Sunday 29 November 2026
VORIG_DIPLOMADAG = datetime.date(VORIG + 1, 6, 12)
VORIG_JUNI_CONTROLE = datetime.date(VORIG + 1, 6, 26)
VORIG_MBO_START = datetime.date(VORIG + 1, 9, 1)

PLAATSING = ("geplaatst", "voorwaardelijk_geplaatst", "wachtlijst", "uitgeloot", "afgewezen")
VROEG = ("intake_gepland", "intake_gehad", *PLAATSING, "ingetrokken", "doorverwezen")


def werkdag(dag: datetime.date) -> datetime.date:
    """The day itself, or the Monday after a weekend."""
    return dag + datetime.timedelta(days=max(0, 7 - dag.weekday())) if dag.weekday() >= 5 else dag


class Klok:
    """A pupil's own clock: every step a little later than the one before, in office hours."""

    def __init__(self, rng: random.Random, start: datetime.datetime, tempo: float = 1.0):
        self.rng, self.t, self.tempo = rng, start, tempo

    def _kantoortijd(self, dag: datetime.date) -> datetime.datetime:
        dag = werkdag(dag)
        return datetime.datetime.combine(dag, datetime.time(8, 30), tzinfo=TZ) + datetime.timedelta(
            minutes=self.rng.randint(0, 480)
        )

    def na(self, min_dagen: int, max_dagen: int, uiterlijk: datetime.datetime | None = HEDEN) -> datetime.datetime:
        dagen = self.rng.randint(min_dagen, max(min_dagen, round(max_dagen * self.tempo)))
        t = self._kantoortijd(self.t.date() + datetime.timedelta(days=dagen))
        if t <= self.t or (uiterlijk is not None and t > uiterlijk):
            t = self.t + datetime.timedelta(minutes=self.rng.randint(10, 60))
        self.t = t
        return t

    def tussen(self, begin: datetime.date, eind: datetime.date) -> datetime.datetime:
        t = self._kantoortijd(begin + datetime.timedelta(days=self.rng.randint(0, (eind - begin).days)))
        self.t = max(t, self.t + datetime.timedelta(minutes=10))
        return self.t


class Seeder:
    def __init__(self, stdout, time_machine, schaal: float = 1.0):
        self.out = stdout
        self.time_machine = time_machine
        self.schaal = schaal
        self.rng = random.Random(2026)
        self.bsns = (f"{n:09d}" for n in itertools.count(999990000) if elfproef(f"{n:09d}"))
        self.onderwijsnummers = (f"{n:09d}" for n in itertools.count(101000000) if elfproef(f"{n:09d}", remainder=5))
        self.medewerkernamen = iter(D.MEDEWERKERS)
        self.demo_users: list[tuple[User, Rol, Organisatie]] = []
        self.hulpaccounts = 0
        self.verhuisd = 0

    # --- helpers ---------------------------------------------------------------------------------------------

    @contextmanager
    def als(self, user, when: datetime.datetime):
        """Run a step as `user` (for the audit trail) at moment `when` (when time_machine is available)."""
        travel = self.time_machine.travel(when, tick=False) if self.time_machine else nullcontext()
        actor = set_actor(user) if user is not None else nullcontext()
        with travel, actor:
            yield

    @staticmethod
    def nieuw(model, **fields):
        obj = model(**fields)
        obj.full_clean()
        obj.save()
        return obj

    def account(self, email: str, naam: str, rol: Rol, organisatie: Organisatie, password: str | None = None) -> User:
        user = account_create_unchecked(email=email, naam=naam)
        if password:
            user.set_password(password)  # demo only: not run through the password validators
            user.save(update_fields=["password"])
        lidmaatschap_toekennen_unchecked(account=user, organisatie=organisatie, rol=rol)
        return user

    # --- reference data --------------------------------------------------------------------------------------

    def organisaties(self):
        self.gemeenten = {
            key: self.nieuw(
                Organisatie,
                soort="gemeente",
                naam=naam,
                cbs_code=cbs,
                rmc_regio=D.RMC_REGIO,
                plaats=plaats,
                email=f"leerplicht.{cbs}@{D.DEMO_DOMAIN}",
            )
            for key, (naam, cbs, plaats) in D.GEMEENTEN.items()
        }
        self.servicedesk = self.nieuw(
            Organisatie, soort="servicedesk", naam=D.SERVICEDESK_NAAM, email=f"servicedesk@{D.DEMO_DOMAIN}"
        )
        self.scholen = {}
        self.school_gemeente = {}
        for key, (naam, brin, vestiging, soort, gemeente, _, _) in D.SCHOLEN.items():
            self.scholen[key] = self.nieuw(
                Organisatie,
                soort="vo_school",
                naam=naam,
                brin=brin,
                vestiging=vestiging,
                schoolsoort=soort,
                gemeente=self.gemeenten[gemeente],
                rmc_regio=D.RMC_REGIO,
                plaats=self.gemeenten[gemeente].plaats,
            )
            self.school_gemeente[key] = gemeente
        self.instellingen, locaties = {}, {}
        for key, (naam, brin, plaats, locs) in D.INSTELLINGEN.items():
            instelling = self.nieuw(
                Organisatie,
                soort="mbo_instelling",
                naam=naam,
                brin=brin,
                plaats=plaats,
                email=f"aanmelden.{brin.lower()}@{D.DEMO_DOMAIN}",
            )
            self.instellingen[key] = instelling
            for loc_key, (loc_naam, loc_plaats) in locs.items():
                locaties[key, loc_key] = self.nieuw(
                    Locatie, instelling=instelling, naam=f"{naam} {loc_naam}", plaats=loc_plaats
                )
        self.opleidingen: dict[str, list[Opleiding]] = {key: [] for key in D.INSTELLINGEN}
        self.sector: dict[int, str] = {}
        for inst, loc, crebo, naam, niveau, leerweg, capaciteit, streng, sector in D.OPLEIDINGEN:
            opleiding = self.nieuw(
                Opleiding,
                instelling=self.instellingen[inst],
                locatie=locaties[inst, loc],
                crebo=crebo,
                naam=naam,
                niveau=niveau,
                leerweg=leerweg,
                startdatum=D.MBO_START,
                capaciteit=capaciteit,
                strenge_toelating=streng,
            )
            self.opleidingen[inst].append(opleiding)
            self.sector[opleiding.pk] = sector
        self.vorig_jaar = self.nieuw(Schooljaar, startjaar=VORIG, actief=False, **Schooljaar.defaults_for(VORIG))
        self.schooljaar = self.nieuw(
            Schooljaar, startjaar=D.SCHOOLJAAR, actief=True, **Schooljaar.defaults_for(D.SCHOOLJAAR)
        )

    def accounts(self):
        rollen = {rol.code: rol for rol in Rol.objects.all()}
        orgs = {
            "school": self.scholen,
            "instelling": self.instellingen,
            "gemeente": self.gemeenten,
            "servicedesk": {None: self.servicedesk},
        }
        self.users = {}
        for local, naam, rol_code, (soort, key) in D.DEMO_ACCOUNTS:
            organisatie = orgs[soort][key]
            user = self.account(
                f"{local}@{D.DEMO_DOMAIN}", naam, rollen[rol_code], organisatie, password=D.DEMO_PASSWORD
            )
            self.users[local] = user
            self.demo_users.append((user, rollen[rol_code], organisatie))
        # Who acts for each school and institution: the demo user, or a staff account that cannot log in.
        self.decaan = {"hofstad": self.users["decaan1"], "schie": self.users["decaan2"]}
        for key, school in self.scholen.items():
            if key not in self.decaan:
                email = f"decaan.{school.code.lower()}@{D.DEMO_DOMAIN}"
                self.decaan[key] = self.account(email, next(self.medewerkernamen), rollen["decaan"], school)
                self.hulpaccounts += 1
        self.intaker = {"mondriaan": self.users["intake1"], "lentiz": self.users["intake2"]}
        for key, instelling in self.instellingen.items():
            if key not in self.intaker:
                email = f"intake.{instelling.brin.lower()}@{D.DEMO_DOMAIN}"
                self.intaker[key] = self.account(email, next(self.medewerkernamen), rollen["intaker"], instelling)
                self.hulpaccounts += 1
        self.rmc = {"den_haag": self.users["rmc1"], "delft": self.users["rmc2"]}
        # Every class of the demo schools has a mentor: mentor1 for hofstad 4B, staff accounts for the rest.
        self.mentoren = {("hofstad", klas): self.users["mentor1"] for klas in D.MENTOR1_KLASSEN}
        namen = iter(D.MENTOREN)
        for key in D.DEMO_SCHOLEN:
            school = self.scholen[key]
            for klas in D.SCHOLEN[key][6]:
                if (key, klas) not in self.mentoren:
                    email = f"mentor.{klas.lower()}.{school.code.lower()}@{D.DEMO_DOMAIN}"
                    self.mentoren[key, klas] = self.account(email, next(namen), rollen["mentor"], school)
                    self.hulpaccounts += 1

    # --- pupils ----------------------------------------------------------------------------------------------

    def scenario_stapel(self, aantal: int) -> list[str]:
        stapel = [key for key, gewicht in D.SCENARIOS.items() for _ in range(gewicht)]
        stapel = stapel * (aantal // len(stapel) + 1)
        self.rng.shuffle(stapel)
        return stapel

    def maak_leerling(
        self, key: str, volgnummer: int, klas: str, leerweg: str, thuis: bool, schooljaar=None
    ) -> Leerling:
        rng = self.rng
        school = self.scholen[key]
        gemeente = self.school_gemeente[key]
        if not thuis and rng.random() < 0.2:
            gemeente = rng.choice(D.BUREN[gemeente])
        woonplaats, laag, hoog = rng.choice(D.WOONPLAATSEN[gemeente])
        letters = rng.choice(D.POSTCODE_LETTERS) + rng.choice(D.POSTCODE_LETTERS)
        voornaam = rng.choice(D.JONGENSNAMEN if rng.random() < 0.5 else D.MEISJESNAMEN)
        tussenvoegsel, achternaam = rng.choice(D.ACHTERNAMEN)
        if leerweg in ("BB", "KB", "GL"):
            profiel = rng.choice(list(D.PROFIELEN_BEROEPS))
        elif leerweg == "TL":
            profiel = rng.choice(list(D.PROFIELEN_TL))
        else:
            profiel = ""
        nieuwkomer = rng.random() < 0.04
        huisnummer = str(rng.randint(1, 240)) + (rng.choice(["A", "B", "-2"]) if rng.random() < 0.1 else "")
        email = ""
        if rng.random() < 0.6:
            naam = slugify(f"{tussenvoegsel} {achternaam}").replace("-", "")
            email = f"{slugify(voornaam)}.{naam}{volgnummer % 97}@leerling.{D.DEMO_DOMAIN}"
        return self.nieuw(
            Leerling,
            schooljaar=schooljaar or self.schooljaar,
            school=school,
            leerlingnummer=str(self.leerlingnummer_start[key] + volgnummer),
            klas=klas,
            leerweg=leerweg,
            profiel=profiel,
            mentor=self.mentoren.get((key, klas)),
            woongemeente=self.gemeenten[gemeente],
            voornaam=voornaam,
            tussenvoegsel=tussenvoegsel,
            achternaam=achternaam,
            geboortedatum=datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randint(0, 637)),
            bsn="" if nieuwkomer else next(self.bsns),
            onderwijsnummer=next(self.onderwijsnummers) if nieuwkomer else "",
            straat=rng.choice(D.STRATEN[gemeente]),
            huisnummer=huisnummer,
            postcode=f"{rng.randint(laag, hoog)} {letters}",
            woonplaats=woonplaats,
            email=email,
        )

    def sectoren(self, leerling: Leerling) -> tuple[str, ...]:
        if leerling.leerweg == "TL":
            return D.PROFIELEN_TL[leerling.profiel]
        if leerling.leerweg in ("PRO", "VSO"):
            return D.UITSTROOM_PRO_VSO[""]
        return D.PROFIELEN_BEROEPS[leerling.profiel]

    def kies_opleiding(
        self, inst: str, leerling: Leerling, *, niet=(), capaciteit=False, streng=None, afwijkend=False
    ) -> Opleiding:
        rng = self.rng
        alle = [o for o in self.opleidingen[inst] if o.pk not in niet]
        if capaciteit:
            alle = [o for o in alle if o.capaciteit] or alle
        if streng is not None:
            alle = [o for o in alle if o.strenge_toelating == streng] or alle
        niveaus = D.NIVEAUS[leerling.leerweg]
        if afwijkend:
            passend = [o for o in alle if o.niveau == max(niveaus) + 1]
        else:
            passend = [o for o in alle if o.niveau in niveaus]
        passend = passend or alle
        voorkeur = [o for o in passend if self.sector[o.pk] in self.sectoren(leerling)]
        return rng.choice(voorkeur if voorkeur and rng.random() < 0.8 else passend)

    def aantal_leerlingen(self, key: str, aantal: int) -> int:
        """The school's number of pupils at the chosen scale. A demo decaan's school keeps one pupil
        per scenario plus a few drawn from the stack (the moves in `verhuizingen` take those), so every
        state and every demo account's view exists at any scale."""
        minimum = len(D.SCENARIOS) + 4 if key in D.DEMO_SCHOLEN else 1
        return max(minimum, round(aantal * self.schaal))

    def leerlingen(self):
        stapel = self.scenario_stapel(sum(self.aantal_leerlingen(key, school[5]) for key, school in D.SCHOLEN.items()))
        self.leerlingnummer_start = {key: self.rng.randint(110, 189) * 1000 for key in D.SCHOLEN}
        self.plan = []
        for key, (_, _, _, _, gemeente, aantal, klassen) in D.SCHOLEN.items():
            klasnamen = list(klassen)
            # The demo decanen's schools get every scenario at least once, at the demo intaker's institution,
            # for pupils living in the school's municipality: every demo account sees every state.
            gegarandeerd = list(D.SCENARIOS) if key in D.DEMO_SCHOLEN else []
            with self.als(self.decaan[key], IMPORT):
                for i in range(self.aantal_leerlingen(key, aantal)):
                    klas = klasnamen[i % len(klasnamen)]
                    thuis = i < len(gegarandeerd)
                    leerling = self.maak_leerling(key, i, klas, klassen[klas], thuis)
                    if thuis:
                        scenario, inst = gegarandeerd[i], D.DEMO_SCHOLEN[key]
                    else:
                        scenario = stapel.pop()
                        keuze = D.INSTELLING_KEUZE_SCHOOL.get(key) or D.INSTELLING_KEUZE[gemeente]
                        inst = self.rng.choices(list(keuze), weights=list(keuze.values()))[0]
                    self.plan.append((key, leerling, scenario, inst))

    # --- the life of one pupil -------------------------------------------------------------------------------

    def formulier(
        self, leerling, key, klok, sector, inst, *, volledig: bool, definitief: bool, risico: bool, jaar=D.SCHOOLJAAR
    ):
        rng = self.rng
        decaan = self.decaan[key]
        invuller = leerling.mentor or decaan
        achternaam = " ".join(p for p in (leerling.tussenvoegsel, leerling.achternaam) if p)
        data = {
            "ouder_naam": f"{rng.choice(D.OUDERNAMEN)} {achternaam}",
            "ouder_email": f"ouders.{slugify(achternaam)}{leerling.leerlingnummer[-3:]}@{D.DEMO_DOMAIN}",
            "motivatie": D.MOTIVATIE[sector],
            "beroepswensen": D.BEROEPSWENS[sector],
        }
        if volledig:
            lw = leerling.leerweg
            if lw == "PRO":
                diploma, vakken = "Getuigschrift praktijkonderwijs met branchecertificaat", ""
            elif lw == "VSO":
                diploma, vakken = "VSO-getuigschrift, uitstroomprofiel arbeidsmarkt", ""
            else:
                diploma = f"vmbo-{lw.lower()}" + (f", profiel {leerling.profiel}" if leerling.profiel else "")
                vakken = f"Nederlands, Engels, wiskunde, {leerling.profiel.lower()}, maatschappijleer, LO"
            niveau = rng.choice(D.ADVIES_NIVEAU[lw])
            warm = rng.random() < 0.3
            data.update(
                keuze_voorbereiding="Gesprekken met mentor en decaan, open dagen en meeloopdagen.",
                sterke_punten=rng.choice(D.STERKE_PUNTEN),
                stage_werkervaring="Snuffelstage in klas 3; bijbaan in het weekend.",
                lob_activiteiten=rng.choice(D.LOB_ACTIVITEITEN).format(instelling=self.instellingen[inst].naam),
                lob_reflectie="Ik weet nu beter wat ik wil en wat bij mij past.",
                examenvakken=vakken,
                verwacht_diploma=diploma,
                verwachte_diplomadatum=datetime.date(jaar + 1, 7, 2),
                resultaten=rng.choice(D.RESULTATEN),
                advies_niveau=niveau,
                advies_toelichting=f"De school adviseert niveau {niveau}; dat past bij de resultaten en de interesses.",
                verzuim_samenvatting=D.VERZUIM_RISICO if risico else rng.choice(D.VERZUIM),
                contactpersoon_naam=decaan.naam,
                contactpersoon_email=decaan.email,
                warme_overdracht=warm,
                overdracht_notities="Graag een overdrachtsgesprek met de mentor voor de zomer." if warm else "",
            )
        with self.als(invuller, klok.na(0, 3)):
            formulier = formulier_voor(leerling=leerling)
            formulier = formulier_save(formulier=formulier, user=invuller, versie=formulier.versie, data=data)
        if volledig and rng.random() < 0.15:
            zorger = self.users["zorg1"] if key == "hofstad" else decaan
            gegeven, nodig, delen = rng.choice(D.ZORG)
            with self.als(zorger, klok.na(0, 4)):
                formulier = formulier_save(
                    formulier=formulier,
                    user=zorger,
                    versie=formulier.versie,
                    data={"zorg_gegeven": gegeven, "zorg_nodig": nodig, "zorg_delen_met_mbo": delen},
                )
        if definitief:
            with self.als(decaan, klok.na(0, 4)):
                formulier_definitief_maken(formulier=formulier, user=decaan)

    def mbo(self, aanmelding, naar, klok, intaker, bericht="", *, min_dagen=1, max_dagen=6, uiterlijk=HEDEN):
        with self.als(intaker, klok.na(min_dagen, max_dagen, uiterlijk)):
            return aanmelding_status_update(aanmelding=aanmelding, naar=naar, user=intaker, bericht=bericht)

    def besluit(self, aanmelding, uitkomst, klok, intaker, **kwargs):
        with self.als(intaker, klok.na(1, 6)):
            plaatsingsbesluit_record(aanmelding=aanmelding, uitkomst=uitkomst, user=intaker, **kwargs)
        return Aanmelding.objects.get(pk=aanmelding.pk)

    def tot_intake(self, aanmelding, klok, intaker, stappen: int):
        """Receive (1), plan the intake (2), hold it (3)."""
        if stappen >= 1:
            aanmelding = self.mbo(
                aanmelding,
                S.IN_BEHANDELING,
                klok,
                intaker,
                "Aanmelding ontvangen. U ontvangt binnen vier weken een uitnodiging voor het intakegesprek.",
            )
        if stappen >= 2:
            # An intake that has taken place was planned no later than today; an open one may be weeks away.
            when = klok.na(1, 6)
            datum = when.date() + datetime.timedelta(
                days=self.rng.randint(3, 10) if stappen >= 3 else self.rng.randint(10, 35)
            )
            datum = werkdag(datum)
            if stappen >= 3:
                datum = min(datum, HEDEN.date())
            gepland_om = datetime.datetime.combine(datum, datetime.time(self.rng.randint(9, 15)), tzinfo=TZ)
            with self.als(intaker, when):
                intake_plannen(
                    aanmelding=aanmelding,
                    datum=datum,
                    tijd=gepland_om.time(),
                    plaats=str(aanmelding.opleiding.locatie),
                    user=intaker,
                    bericht="Neem je LOB-paspoort en een identiteitsbewijs mee.",
                )
            aanmelding = Aanmelding.objects.get(pk=aanmelding.pk)
        if stappen >= 3:
            advies = self.rng.choice(["positief", "positief", "positief, met aandacht voor rekenen", "neutraal"])
            klok.t = max(gepland_om + datetime.timedelta(minutes=75), klok.t + datetime.timedelta(minutes=30))
            with self.als(intaker, klok.t):
                intake_afronden(aanmelding=aanmelding, user=intaker, studiekeuzeadvies=advies)
            aanmelding = Aanmelding.objects.get(pk=aanmelding.pk)
        return aanmelding

    def aanmelden(self, leerling, opleiding, klok, user, *, verzenden=True, when=None):
        with self.als(user, when or klok.na(1, 6)):
            return aanmelding_create(leerling=leerling, opleiding=opleiding, user=user, verzenden=verzenden)

    def risicomelding(self, leerling, key, klok, reden, *, when=None):
        decaan = self.decaan[key]
        if Melding.objects.filter(leerling=leerling, soort="risico").exclude(status=MeldingStatus.AFGESLOTEN).exists():
            return  # one open risk melding per pupil
        with self.als(decaan, when or klok.na(1, 5)):
            melding = melding_create_risico(
                leerling=leerling,
                user=decaan,
                reden=reden,
                toelichting="Besproken in het zorgoverleg; de leerling heeft hulp nodig bij de overstap.",
                toestemming_besproken=self.rng.random() < 0.8,
            )
        gemeente = next((k for k, g in self.gemeenten.items() if g.pk == leerling.woongemeente_id), None)
        consulent = self.rmc.get(gemeente)
        if consulent and self.rng.random() < 0.6:
            with self.als(consulent, klok.na(1, 7, uiterlijk=None if when else HEDEN)):
                melding_status_update(melding=melding, status=MeldingStatus.IN_BEHANDELING, user=consulent)

    def diploma(self, leerling, key, klok, resultaat, dag=VORIG_DIPLOMADAG):
        decaan = self.decaan[key]
        with self.als(decaan, klok.tussen(dag, dag)):
            diploma_resultaat_record(leerling=leerling, resultaat=resultaat, user=decaan)

    def elders(self, leerling, key, klok, soort, toelichting, *, when=None):
        decaan = self.decaan[key]
        # One destination per pupil: a pupil who still applied goes elsewhere after all, so the
        # decaan confirms that the application is withdrawn, as the page asks.
        with self.als(decaan, when or klok.na(1, 10)):
            elders_record(
                leerling=leerling, soort=soort, user=decaan, toelichting=toelichting, aanmeldingen_intrekken=True
            )

    def leven(self, key, leerling: Leerling, scenario: str, inst: str):
        rng = self.rng
        decaan, intaker = self.decaan[key], self.intaker[inst]
        aanmelder = leerling.mentor if leerling.mentor and rng.random() < 0.5 else decaan
        if scenario in VROEG:
            start = moment(2026, 10, 20) + datetime.timedelta(days=rng.randint(0, 14))
        elif scenario == "concept":
            start = moment(2026, 11, 2) + datetime.timedelta(days=rng.randint(0, 20))
        else:
            start = moment(2026, 10, 20) + datetime.timedelta(days=rng.randint(0, 30))
        klok = Klok(rng, start, tempo=0.6 if scenario in VROEG else 1.0)

        # The first choice.
        eerste = None
        if scenario in ("wachtlijst", "uitgeloot"):
            eerste = self.kies_opleiding(inst, leerling, capaciteit=True)
        elif scenario == "afgewezen":
            heeft_streng = any(o.strenge_toelating for o in self.opleidingen[inst])
            eerste = self.kies_opleiding(
                inst, leerling, streng=True if heeft_streng else None, afwijkend=not heeft_streng
            )
        elif scenario != "geen":
            eerste = self.kies_opleiding(inst, leerling, afwijkend=rng.random() < 0.04)
        sector = self.sector[eerste.pk] if eerste else rng.choice(self.sectoren(leerling))
        risico = scenario != "geen" and rng.random() < 0.05

        # The doorstroomformulier.
        if scenario == "geen":
            vorm = rng.choice(["geen", "concept"])
        elif scenario == "concept":
            vorm = rng.choice(["concept", "concept", "definitief"])
        elif scenario in PLAATSING:
            vorm = "definitief" if rng.random() < 0.9 else "concept"
        else:
            vorm = rng.choices(["definitief", "concept", "geen"], weights=[75, 20, 5])[0]
        if vorm != "geen":
            volledig = vorm == "definitief" or rng.random() < 0.4
            self.formulier(
                leerling, key, klok, sector, inst, volledig=volledig, definitief=vorm == "definitief", risico=risico
            )
        if risico:
            self.risicomelding(leerling, key, klok, rng.choice(D.RISICO_REDENEN[1:]))

        if scenario == "geen":
            if rng.random() < 0.6:
                soort, toelichting = {
                    "TL": D.ELDERS_ZONDER_AANMELDING[0],
                    "PRO": D.ELDERS_ZONDER_AANMELDING[1],
                    "VSO": D.ELDERS_ZONDER_AANMELDING[3],
                }.get(leerling.leerweg, rng.choice(D.ELDERS_ZONDER_AANMELDING[2:]))
                self.elders(leerling, key, klok, soort, toelichting)
            else:
                self.risicomelding(leerling, key, klok, D.RISICO_REDENEN[0])
            return

        if scenario == "concept":
            self.aanmelden(leerling, eerste, klok, aanmelder, verzenden=False)
            return

        aanmelding = self.aanmelden(leerling, eerste, klok, aanmelder)
        tweede = None
        if (eerste.strenge_toelating and rng.random() < 0.8) or rng.random() < 0.1:
            keuze = self.kies_opleiding(inst, leerling, niet={eerste.pk}, streng=False)
            tweede = self.aanmelden(leerling, keuze, klok, aanmelder, when=klok.na(0, 2))

        stappen = {"aangemeld": 0, "in_behandeling": 1, "intake_gepland": 2, "ingetrokken": rng.randint(0, 1)}
        aanmelding = self.tot_intake(aanmelding, klok, intaker, stappen.get(scenario, 3))
        if tweede is not None and scenario != "aangemeld":
            tweede = self.tot_intake(tweede, klok, intaker, rng.randint(1, 2))

        if scenario == "ingetrokken":
            with self.als(decaan, klok.na(2, 10)):
                aanmelding_status_update(
                    aanmelding=aanmelding,
                    naar=S.INGETROKKEN,
                    user=decaan,
                    bericht="De leerling trekt de aanmelding in na een gesprek met de decaan.",
                )
            vervolg = rng.random()
            if vervolg < 0.4:
                soort, toelichting = rng.choice([D.ELDERS_ZONDER_AANMELDING[0], D.ELDERS_ZONDER_AANMELDING[2]])
                self.elders(leerling, key, klok, soort, toelichting)
            elif vervolg < 0.8:
                niet = {eerste.pk} | ({tweede.opleiding_id} if tweede else set())
                self.aanmelden(leerling, self.kies_opleiding(inst, leerling, niet=niet), klok, aanmelder)
            return

        if scenario == "doorverwezen":
            niet = {eerste.pk} | ({tweede.opleiding_id} if tweede else set())
            lager = [o for o in self.opleidingen[inst] if o.pk not in niet and o.niveau == eerste.niveau - 1]
            naar = rng.choice(lager) if lager else self.kies_opleiding(inst, leerling, niet=niet)
            with self.als(intaker, klok.na(1, 5)):
                nieuw = aanmelding_doorverwijzen(
                    aanmelding=aanmelding,
                    naar_opleiding=naar,
                    user=intaker,
                    bericht="Na de intake past deze opleiding beter bij de leerling.",
                )
            if rng.random() < 0.6:
                self.mbo(nieuw, S.IN_BEHANDELING, klok, intaker, "Aanmelding na doorverwijzing ontvangen.")
            return

        if scenario in ("aangemeld", "in_behandeling", "intake_gepland", "intake_gehad"):
            return

        if scenario == "wachtlijst" or (scenario == "uitgeloot" and rng.random() < 0.5):
            aanmelding = self.besluit(
                aanmelding,
                S.WACHTLIJST,
                klok,
                intaker,
                toelichting=f"De opleiding is vol ({eerste.capaciteit} plaatsen); de leerling staat op de wachtlijst.",
            )
        if scenario == "uitgeloot":
            self.besluit(
                aanmelding,
                S.UITGELOOT,
                klok,
                intaker,
                toelichting="Er is geloot onder de aanmelders; de leerling is helaas uitgeloot.",
            )
        if scenario == "afgewezen":
            reden = AfwijzingsReden.AANVULLENDE_EISEN if eerste.strenge_toelating else AfwijzingsReden.VOOROPLEIDING
            self.besluit(
                aanmelding, S.AFGEWEZEN, klok, intaker, reden=reden, toelichting=D.AFWIJZING_TOELICHTING[reden]
            )
        if scenario in ("uitgeloot", "afgewezen"):
            if tweede is None:
                if rng.random() < 0.6:
                    nieuw = self.aanmelden(
                        leerling, self.kies_opleiding(inst, leerling, niet={eerste.pk}, streng=False), klok, aanmelder
                    )
                    self.tot_intake(nieuw, klok, intaker, 1)
                else:
                    self.risicomelding(leerling, key, klok, D.RISICO_GEEN_PLEK)
            return

        if scenario == "geplaatst":
            aanmelding = self.besluit(
                aanmelding, S.GEPLAATST, klok, intaker, toelichting="Welkom! De onderwijsovereenkomst volgt per e-mail."
            )
        elif scenario == "voorwaardelijk_geplaatst":
            aanmelding = self.besluit(
                aanmelding, S.VOORWAARDELIJK_GEPLAATST, klok, intaker, voorwaarde=rng.choice(D.VOORWAARDEN)
            )

    def verhuizingen(self):
        """Two pupils of decaan1's school move from 's-Gravenhage to Rijswijk: rmc1 no longer sees them."""
        kandidaten = [
            leerling
            for key, leerling, scenario, _ in self.plan[len(D.SCENARIOS) :]
            if key == "hofstad" and leerling.woongemeente_id == self.gemeenten["den_haag"].pk
        ][:2]
        decaan = self.decaan["hofstad"]
        for i, leerling in enumerate(kandidaten):
            with self.als(decaan, moment(2026, 11, 16 + i, 10)):
                leerling_verhuizen(
                    leerling=leerling,
                    woongemeente=self.gemeenten["rijswijk"],
                    user=decaan,
                    straat="Herenstraat",
                    huisnummer=str(10 + i),
                    postcode="2282 B" + "CD"[i],
                    woonplaats="Rijswijk",
                )
            self.verhuisd += 1

    def run(self):
        with self.als(None, INRICHTING):
            self.organisaties()
            self.accounts()
        self.leerlingen()
        self.vorig_schooljaar()
        for key, leerling, scenario, inst in self.plan:
            self.leven(key, leerling, scenario, inst)
        self.verhuizingen()
        self.begeleiding()
        self.warme_overdrachten()
        rapportage_geschiedenis(self, inrichting=INRICHTING)
        self.portaal_leerling()
        with self.als(None, HEDEN):
            demo_portaal_ouder(self.portaal_leerling_dossier, password=D.DEMO_PASSWORD)
        self.notificaties_dateren()

    def portaal_leerling(self):
        """The demo pupil's own portal account (app portaal): a pupil of a demo school with an
        application that was received, has an intake invitation and a placement decision; its
        file opened by the school and the mbo, so "wie heeft mijn dossier bekeken" has rows."""
        from portaal.models import Toegang
        from voroc import audit, policy

        aanmelding = (
            Aanmelding.objects.filter(
                leerling__school=self.scholen["hofstad"],
                leerling__schooljaar__actief=True,
                plaatsingsbesluit__isnull=False,
                intakes__isnull=False,
                terugkoppelingen__moment=1,
            )
            .select_related("leerling", "opleiding__instelling")
            .order_by("pk")
            .first()
        )
        if aanmelding is None:  # the year's scenarios made no decision yet: walk one application there
            aanmelding = (
                Aanmelding.objects.filter(
                    leerling__school=self.scholen["hofstad"], leerling__schooljaar__actief=True, status=S.AANGEMELD
                )
                .select_related("leerling", "opleiding__instelling")
                .order_by("pk")
                .first()
            )
            intaker = self.intaker[self.instelling_key(aanmelding.opleiding)]
            klok = Klok(self.rng, aanmelding.aangemeld_op)
            aanmelding = self.tot_intake(aanmelding, klok, intaker, stappen=3)
            aanmelding = self.besluit(aanmelding, S.GEPLAATST, klok, intaker)
        leerling = aanmelding.leerling
        with self.als(None, INRICHTING):
            user = User.objects.create_user(
                email=f"{D.DEMO_PORTAAL_LEERLING}@{D.DEMO_DOMAIN}",
                password=D.DEMO_PASSWORD,  # demo only: not run through the password validators
                naam=f"{leerling.voornaam} {leerling.achternaam}",
                portaal=True,
            )
        with self.als(self.decaan["hofstad"], HEDEN - datetime.timedelta(days=20)):
            Toegang.objects.create(
                user=user, leerling=leerling, relatie="leerling", verleend_door=self.decaan["hofstad"]
            )
        self.portaal_user = user
        self.portaal_leerling_dossier = leerling
        # Reads by the school and the mbo (a page each), as their pages would log them.
        intaker = self.intaker.get(self.instelling_key(aanmelding.opleiding))
        for lezer, pagina, dagen in ((self.decaan["hofstad"], "leerlingen:detail", 12), (intaker, "mbo:dossier", 5)):
            if lezer is None:
                continue
            with self.als(lezer, HEDEN - datetime.timedelta(days=dagen)):
                zicht = policy.zicht(lezer, leerling)
                audit.record_reads_for(lezer, {leerling.pk: zicht}, actie=audit.PAGINA, pagina=pagina)

    def notificaties_dateren(self):
        """A notification is written after its step commits, outside the step's moment: date it
        at its step (a reminder at the demo's today), so that nothing is dated after that day."""
        stap = Terugkoppeling.objects.filter(pk=OuterRef("terugkoppeling_id")).values("tijdstip")[:1]
        Notificatie.objects.filter(terugkoppeling__isnull=False).update(aangemaakt=Subquery(stap))
        Notificatie.objects.filter(aangemaakt__gt=HEDEN).update(aangemaakt=HEDEN)

    # --- last school year (2025-2026) ------------------------------------------------------------------------

    def cohort_opleiding(self, opleiding: Opleiding) -> Opleiding:
        """Last year's intake of a programme: the same programme, starting on 1 September 2026
        (a no-show or a start is recorded against its own start date). Closed once it started."""
        if opleiding.pk not in self.cohorten:
            with self.als(None, INRICHTING):
                self.cohorten[opleiding.pk] = self.nieuw(
                    Opleiding,
                    instelling=opleiding.instelling,
                    locatie=opleiding.locatie,
                    crebo=opleiding.crebo,
                    naam=opleiding.naam,
                    niveau=opleiding.niveau,
                    leerweg=opleiding.leerweg,
                    startdatum=VORIG_MBO_START,
                    capaciteit=opleiding.capaciteit,
                    strenge_toelating=opleiding.strenge_toelating,
                )
            self.sector[self.cohorten[opleiding.pk].pk] = self.sector[opleiding.pk]
        return self.cohorten[opleiding.pk]

    def vorig_schooljaar(self):
        """Last year's leavers of the demo schools (D.VORIG_SCENARIOS), each life lived in 2025-2026
        and ending before the demo's today. The open ones are still on this year's lists of the
        school (and the municipality); the settled ones only in the 2025-2026 view."""
        self.cohorten: dict[int, Opleiding] = {}
        self.vorig_plan = []
        for key, inst in D.DEMO_SCHOLEN.items():
            klassen = D.SCHOLEN[key][6]
            klasnamen = list(klassen)
            scenarios = [
                scenario
                for scenario, aantal in D.VORIG_SCENARIOS.items()
                for _ in range(max(1, round(aantal * self.schaal)))
            ]
            with self.als(self.decaan[key], VORIG_IMPORT):
                for i, scenario in enumerate(scenarios):
                    klas = klasnamen[i % len(klasnamen)]
                    leerling = self.maak_leerling(
                        key, 500 + i, klas, klassen[klas], thuis=True, schooljaar=self.vorig_jaar
                    )
                    self.vorig_plan.append((key, leerling, scenario, inst))
        for key, leerling, scenario, inst in self.vorig_plan:
            self.vorig_leven(key, leerling, scenario, inst)
        for cohort in self.cohorten.values():
            with self.als(self.intaker[self.instelling_key(cohort)], moment(VORIG + 1, 9, 15)):
                opleiding_sluiten(opleiding=cohort, user=self.intaker[self.instelling_key(cohort)])

    def instelling_key(self, opleiding: Opleiding) -> str:
        return next(key for key, org in self.instellingen.items() if org.pk == opleiding.instelling_id)

    def vorig_leven(self, key, leerling: Leerling, scenario: str, inst: str):
        rng = self.rng
        decaan, intaker = self.decaan[key], self.intaker[inst]
        klok = Klok(rng, moment(VORIG, 10, 27) + datetime.timedelta(days=rng.randint(0, 20)))
        eerste = self.cohort_opleiding(self.kies_opleiding(inst, leerling))
        sector = self.sector[eerste.pk]
        self.formulier(
            leerling,
            key,
            klok,
            sector,
            inst,
            volledig=True,
            definitief=scenario != "overgedragen",
            risico=scenario == "overgedragen",
            jaar=VORIG,
        )
        if scenario in ("elders", "overgedragen", "gezakt"):
            if scenario == "overgedragen":
                # No application at all: the school reports the risk; the municipality takes over.
                when = klok.tussen(datetime.date(VORIG + 1, 3, 2), datetime.date(VORIG + 1, 3, 20))
                self.risicomelding(leerling, key, klok, D.RISICO_REDENEN[0], when=when)
                self.diploma(leerling, key, klok, DiplomaResultaat.GESLAAGD)
                consulent = self.rmc[self.school_gemeente[key]]
                when = klok.tussen(datetime.date(VORIG + 1, 7, 1), datetime.date(VORIG + 1, 7, 10))
                with self.als(consulent, when):
                    traject_starten(
                        leerling=leerling,
                        user=consulent,
                        toelichting="Overgedragen door de school na de zomer zonder plek in het mbo.",
                    )
                return
            aanmelding = self.aanmelden(leerling, eerste, klok, decaan)
            self.tot_intake(aanmelding, klok, intaker, 1)
            if scenario == "elders":
                soort, toelichting = rng.choice([D.ELDERS_ZONDER_AANMELDING[0], D.ELDERS_ZONDER_AANMELDING[2]])
                self.diploma(leerling, key, klok, DiplomaResultaat.GESLAAGD)
                self.elders(
                    leerling, key, klok, soort, toelichting, when=klok.tussen(VORIG_JUNI_CONTROLE, VORIG_JUNI_CONTROLE)
                )
            else:  # failed the exams; the application lapsed, no destination yet: open work
                self.diploma(leerling, key, klok, DiplomaResultaat.GEZAKT)
                with self.als(decaan, klok.tussen(VORIG_JUNI_CONTROLE, VORIG_JUNI_CONTROLE)):
                    aanmelding_status_update(
                        aanmelding=aanmelding,
                        naar=S.INGETROKKEN,
                        user=decaan,
                        bericht="Gezakt voor het examen; de leerling zoekt een andere opleiding.",
                    )
            return

        if scenario == "te_laat":
            # Applied after the 1 April deadline; the intake is still to come.
            when = klok.tussen(datetime.date(VORIG + 1, 4, 7), datetime.date(VORIG + 1, 5, 20))
            aanmelding = self.aanmelden(leerling, eerste, klok, decaan, when=when)
            self.mbo(aanmelding, S.IN_BEHANDELING, klok, intaker, "Aanmelding ontvangen (na de aanmelddeadline).")
            self.diploma(leerling, key, klok, DiplomaResultaat.GESLAAGD)
            return

        # Placed, enrolled, and then started, or not (yet) seen at the mbo.
        aanmelding = self.aanmelden(leerling, eerste, klok, decaan)
        aanmelding = self.tot_intake(aanmelding, klok, intaker, 3)
        aanmelding = self.besluit(
            aanmelding, S.GEPLAATST, klok, intaker, toelichting="Welkom! De onderwijsovereenkomst volgt per e-mail."
        )
        if scenario == "gestart":
            with self.als(intaker, klok.tussen(datetime.date(VORIG + 1, 5, 11), datetime.date(VORIG + 1, 5, 29))):
                warme_overdracht_plannen(
                    aanmelding=aanmelding,
                    datum=werkdag(self.vorig_jaar.warme_overdracht_start + datetime.timedelta(days=rng.randint(0, 4))),
                    deelnemers=f"mentor, {intaker.naam} en de leerling",
                    user=intaker,
                )
        self.diploma(leerling, key, klok, DiplomaResultaat.GESLAAGD)
        if scenario == "gestart":
            overdracht = aanmelding.warme_overdracht
            held = datetime.datetime.combine(overdracht.datum, datetime.time(15, 30), tzinfo=TZ)
            mentor = leerling.mentor or decaan
            with self.als(mentor, held):
                warme_overdracht_gehouden(aanmelding=aanmelding, user=mentor)
        with self.als(intaker, klok.tussen(datetime.date(VORIG + 1, 6, 22), datetime.date(VORIG + 1, 7, 9))):
            aanmelding = aanmelding_status_update(
                aanmelding=aanmelding,
                naar=S.INGESCHREVEN,
                user=intaker,
                bericht="Onderwijsovereenkomst getekend; ingeschreven.",
            )
            soorten = ["uittreksel_brp", "identiteitsbewijs", "diploma"]
            documenten_vastleggen(
                aanmelding=aanmelding, soorten=soorten if scenario == "gestart" else soorten[:1], user=intaker
            )
        if scenario == "gestart":
            with self.als(intaker, klok.tussen(VORIG_MBO_START, VORIG_MBO_START + datetime.timedelta(days=2))):
                aanmelding_status_update(
                    aanmelding=aanmelding, naar=S.GESTART, user=intaker, bericht="De student is gestart."
                )
        elif scenario == "niet_verschenen":
            noshow = self.vorig_jaar.noshow_melden
            with self.als(intaker, klok.tussen(noshow, noshow + datetime.timedelta(days=2))):
                aanmelding_status_update(
                    aanmelding=aanmelding,
                    naar=S.NIET_VERSCHENEN,
                    user=intaker,
                    bericht="De student is in de eerste week niet verschenen en niet bereikbaar.",
                )

    # --- after the placement: this year's warm handovers and documents ----------------------------------------

    def warme_overdrachten(self):
        """Placed pupils of this year: for some the mbo or the school has planned the warm handover
        in the June week; for some the mbo ticked a document received at the intake. Planned in
        November, before the demo's today; the handover itself is still to come."""
        geplaatst = (
            Aanmelding.objects.filter(
                leerling__schooljaar=self.schooljaar, status__in=[S.GEPLAATST, S.VOORWAARDELIJK_GEPLAATST]
            )
            .select_related("leerling", "opleiding__instelling")
            .order_by("pk")
        )
        week = self.schooljaar.warme_overdracht_start
        for i, aanmelding in enumerate(geplaatst):
            leerling = aanmelding.leerling
            key = next(k for k, school in self.scholen.items() if school.pk == leerling.school_id)
            intaker = self.intaker[self.instelling_key(aanmelding.opleiding)]
            klok = Klok(self.rng, moment(2026, 11, 23))
            if i % 3 != 2:
                planner = intaker if i % 2 else (leerling.mentor or self.decaan[key])
                with self.als(planner, klok.na(0, 3)):
                    warme_overdracht_plannen(
                        aanmelding=aanmelding,
                        datum=week + datetime.timedelta(days=i % 5),
                        deelnemers="mentor, intaker en de leerling",
                        user=planner,
                    )
            if i % 2 == 0:
                with self.als(intaker, klok.na(0, 3)):
                    documenten_vastleggen(aanmelding=aanmelding, soorten=["identiteitsbewijs"], user=intaker)

    def begeleiding(self):
        """De Overstap: each demo municipality guides a few pupils (contact moments, a closed
        trajectory, a handled melding), all before the demo's today."""
        notities = [
            ("telefoon", "Moeder gebeld; leerling twijfelt tussen zorg en techniek.", "Gesprek op school plannen"),
            ("gesprek", "Gesprek met leerling en mentor; open dag ROC besproken.", "Aanmelding controleren"),
            ("huisbezoek", "Huisbezoek: leerling wil eerst werken; ouders zijn bezorgd.", "Terugbellen na open dag"),
        ]
        for gemeente_key, consulent in self.rmc.items():
            gemeente = self.gemeenten[gemeente_key]
            open_meldingen = list(
                Melding.objects.filter(leerling__woongemeente=gemeente, soort="risico")
                .exclude(status=MeldingStatus.AFGESLOTEN)
                .select_related("leerling")
                .order_by("pk")[:4]
            )
            for i, melding in enumerate(open_meldingen):
                klok = Klok(self.rng, moment(2026, 11, 9))
                for soort, notitie, vervolg in notities[: 1 + i % 3]:
                    when = klok.na(1, 4, uiterlijk=HEDEN)
                    with self.als(consulent, when):
                        contactmoment_record(
                            leerling=melding.leerling,
                            user=consulent,
                            datum=when.date(),
                            soort=soort,
                            notitie=notitie,
                            vervolgstap=vervolg,
                            vervolgdatum=werkdag(HEDEN.date() + datetime.timedelta(days=self.rng.randint(3, 14))),
                        )
                if i == 0:
                    with self.als(consulent, klok.na(0, 1, uiterlijk=HEDEN)):
                        if melding.status == MeldingStatus.OPEN:
                            melding_status_update(melding=melding, status=MeldingStatus.IN_BEHANDELING, user=consulent)
                        melding_status_update(
                            melding=melding,
                            status=MeldingStatus.AFGESLOTEN,
                            user=consulent,
                            resultaat="onderwijs",
                            uitkomst="Leerling heeft zich alsnog aangemeld; de school volgt de intake.",
                        )


class Command(BaseCommand):
    help = "Vul een lege database met fictieve demogegevens voor RMC-regio Haaglanden en toon de demo-logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schaal",
            type=float,
            default=1.0,
            help="Fractie van het aantal leerlingen per school (standaard 1: ongeveer 300 leerlingen). Elke "
            "status en elk demo-account blijft bestaan; de test van dit commando gebruikt 0,25.",
        )

    def handle(self, *args, **options):
        schaal = options["schaal"]
        # The demo runs its mails as eager Celery tasks: their INFO lines would bury the logins.
        logging.getLogger("celery").setLevel(logging.WARNING)
        if not 0 < schaal <= 1:
            raise CommandError("--schaal moet groter dan 0 en hoogstens 1 zijn.")
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("seed_demo draait niet in productie (VOROC_PRODUCTION=1).")
        demo_email = f"{D.DEMO_ACCOUNTS[0][0]}@{D.DEMO_DOMAIN}"
        if (
            Organisatie.objects.filter(soort="servicedesk", naam=D.SERVICEDESK_NAAM).exists()
            or User.objects.filter(email__iexact=demo_email).exists()
        ):
            self.stdout.write("De demogegevens staan al in de database; er is niets gewijzigd.")
            self.print_logins()
            return
        if Organisatie.objects.exists() or Schooljaar.objects.exists() or Leerling.objects.exists():
            raise CommandError("De database is niet leeg: seed_demo vult alleen een lege database.")
        try:
            import time_machine
        except ImportError:
            time_machine = None
            self.stdout.write(
                "Let op: time_machine is niet geïnstalleerd; alle stappen krijgen de huidige datum en tijd "
                "(geen late aanmeldingen, inschrijvingen en starts op hun eigen moment)."
            )
        seeder = Seeder(self.stdout, time_machine, schaal=schaal)
        # No mail leaves the seeding: the steps' mails are sent when the one transaction commits,
        # which would print them all to the demo's console (and to accounts made later in it).
        backend, settings.EMAIL_BACKEND = settings.EMAIL_BACKEND, "django.core.mail.backends.locmem.EmailBackend"
        try:
            with transaction.atomic():
                seeder.run()
        except DomainError as exc:
            raise CommandError(f"Demogegevens konden niet worden aangemaakt: {exc.message}") from exc
        finally:
            settings.EMAIL_BACKEND = backend
        self.rapport(seeder)

    def rapport(self, seeder: Seeder):
        statussen = Counter(Aanmelding.objects.values_list("status", flat=True))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demogegevens aangemaakt voor schooljaar {seeder.schooljaar}: "
                f"{len(seeder.gemeenten)} gemeenten, {len(seeder.scholen)} vo-scholen, "
                f"{len(seeder.instellingen)} mbo-instellingen, "
                f"{sum(len(v) for v in seeder.opleidingen.values())} opleidingen, "
                f"{Leerling.objects.count()} leerlingen, {sum(statussen.values())} aanmeldingen, "
                f"{Doorstroomformulier.objects.count()} doorstroomformulieren, {Melding.objects.count()} meldingen, "
                f"{Elders.objects.count()} Elders-bestemmingen, {seeder.verhuisd} verhuizingen."
            )
        )
        vorig = Leerling.objects.filter(schooljaar=seeder.vorig_jaar)
        open_vorig = vorig.werkvoorraad(seeder.schooljaar).count()
        self.stdout.write(
            f"Waarvan {vorig.count()} leerlingen uit {seeder.vorig_jaar} (de demoscholen); {open_vorig} daarvan "
            "zijn nog niet gestart of zonder bestemming en staan op de lijsten van dit schooljaar."
        )
        self.stdout.write("Aanmeldingen per status: " + ", ".join(f"{s.value} {statussen[s.value]}" for s in Status))
        self.print_logins()
        self.stdout.write(
            f"Daarnaast {seeder.hulpaccounts} medewerkersaccounts zonder wachtwoord (kunnen niet inloggen) "
            "voor de overige scholen en instellingen en de mentoren van de demoscholen."
        )

    def print_logins(self):
        """The demo accounts as stored, so a second run prints them too."""
        emails = [f"{code}@{D.DEMO_DOMAIN}" for code, *_ in [*D.DEMO_ACCOUNTS, D.DEMO_MONITOR]]
        lidmaatschappen = Lidmaatschap.objects.filter(user__email__in=emails).select_related(
            "user", "rol", "organisatie"
        )
        by_email = {lid.user.email: lid for lid in lidmaatschappen}
        rows = [
            (email, by_email[email].rol.naam, self._org_label(by_email[email].organisatie))
            for email in emails
            if email in by_email
        ]
        from portaal.models import Toegang  # a portal account has no membership: its access instead

        portaal = {f"{D.DEMO_PORTAAL_LEERLING}@{D.DEMO_DOMAIN}": "Leerling", f"{OUDER[0]}@{D.DEMO_DOMAIN}": "Ouder"}
        toegangen = Toegang.objects.filter(user__email__in=portaal, ingetrokken_op__isnull=True).select_related(
            "user", "leerling__school"
        )
        for toegang in sorted(toegangen, key=lambda t: list(portaal).index(t.user.email)):
            rol = f"{portaal[toegang.user.email]} (portaal /mijn/)"
            rows.append((toegang.user.email, rol, self._org_label(toegang.leerling.school)))
        widths = [max(len(row[i]) for row in [("e-mail", "rol", "organisatie"), *rows]) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Demo-logins:")
        for row in [("e-mail", "rol", "organisatie"), tuple("-" * w for w in widths), *rows]:
            self.stdout.write("  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(f"Wachtwoord voor alle demo-accounts: {D.DEMO_PASSWORD}")

    @staticmethod
    def _org_label(organisatie: Organisatie) -> str:
        return f"{organisatie.naam} ({organisatie.code})" if organisatie.code else organisatie.naam
