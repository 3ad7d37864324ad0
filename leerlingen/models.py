"""Pupils, the school year they leave in, and their destination outside VOROC (Elders)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from voroc.validators import mask_number, validate_bsn, validate_onderwijsnummer, validate_postcode


class SchooljaarQuerySet(models.QuerySet):
    def actief(self):
        """The active school year, or None."""
        return self.filter(actief=True).first()


class Schooljaar(models.Model):
    """A school year with its milestone dates (docs/domain.md, "The year") and application rules."""

    startjaar = models.PositiveSmallIntegerField("beginjaar", unique=True)
    actief = models.BooleanField("actief", default=False)
    opent_op = models.DateField("VOROC open voor gebruikers")
    formulieren_gereed = models.DateField("doorstroomformulieren ingevuld")
    risico_melden = models.DateField("risicoleerlingen gemeld")
    aanmelddeadline = models.DateField("aanmelddeadline (toelatingsrecht)")
    terugkoppeling_gereed = models.DateField("terugkoppeling mbo gereed")
    diplomaresultaten = models.DateField("diplomaresultaten ingevoerd")
    juni_controle = models.DateField("controle aanmeldstatussen en Elders")
    mbo_start = models.DateField("start mbo-schooljaar")
    # The procedure's other milestones: no deadline of their own in VOROC, but on the timeline, and
    # the warme-overdracht week is reminded to the mbo. Empty: not on this year's timeline.
    lob_paspoort_start = models.DateField("start LOB-paspoort", null=True, blank=True)
    voorlichting = models.DateField("voorlichtingsmiddag mbo voor ouders en leerlingen", null=True, blank=True)
    overstap_start = models.DateField("start De Overstap (kennismaken met het mbo)", null=True, blank=True)
    warme_overdracht_start = models.DateField("week van de warme overdracht: begin", null=True, blank=True)
    warme_overdracht_eind = models.DateField("week van de warme overdracht: einde", null=True, blank=True)
    noshow_termijn_dagen = models.PositiveSmallIntegerField("termijn no-showmelding (dagen na start)", default=7)
    max_aanmeldingen = models.PositiveSmallIntegerField("maximaal aantal aanmeldingen per leerling", default=2)
    een_instelling = models.BooleanField("alle aanmeldingen bij één instelling", default=True)

    objects = SchooljaarQuerySet.as_manager()

    class Meta:
        verbose_name = "schooljaar"
        verbose_name_plural = "schooljaren"
        ordering = ["-startjaar"]
        constraints = [
            models.UniqueConstraint(fields=["actief"], condition=Q(actief=True), name="one_active_schooljaar"),
            models.CheckConstraint(condition=Q(max_aanmeldingen__gte=1), name="max_aanmeldingen_positive"),
            models.CheckConstraint(
                condition=Q(opent_op__lt=models.F("aanmelddeadline")), name="schooljaar_dates_ordered"
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def naam(self) -> str:
        return f"{self.startjaar}-{self.startjaar + 1}"

    @classmethod
    def defaults_for(cls, startjaar: int) -> dict:
        """Milestone dates after the 2022-2023 timeline, moved to the given year."""
        end = startjaar + 1
        return {
            "opent_op": datetime.date(startjaar, 10, 19),
            "lob_paspoort_start": datetime.date(startjaar, 10, 1),
            "voorlichting": datetime.date(startjaar, 10, 28),
            "overstap_start": datetime.date(end, 4, 13),
            "warme_overdracht_start": datetime.date(end, 6, 15),
            "warme_overdracht_eind": datetime.date(end, 6, 19),
            "formulieren_gereed": datetime.date(end, 2, 1),
            "risico_melden": datetime.date(end, 3, 1),
            "aanmelddeadline": datetime.date(end, 4, 1),
            "terugkoppeling_gereed": datetime.date(end, 6, 1),
            "diplomaresultaten": datetime.date(end, 6, 14),
            "juni_controle": datetime.date(end, 6, 26),
            "mbo_start": datetime.date(end, 9, 1),
        }

    @property
    def noshow_melden(self) -> datetime.date:
        return self.mbo_start + datetime.timedelta(days=self.noshow_termijn_dagen)

    def mijlpalen(self) -> list[tuple[str, str, datetime.date]]:
        """(code, label, date) of every milestone, in date order."""
        items = [
            ("opent_op", "VOROC gaat open; decanen en mentoren controleren leerlinggegevens", self.opent_op),
            (
                "formulieren_gereed",
                "Doorstroomformulieren ingevuld en besproken met de leerling",
                self.formulieren_gereed,
            ),
            ("risico_melden", "Risicoleerlingen gemeld bij de gemeente", self.risico_melden),
            (
                "aanmelddeadline",
                "Iedere leerling aangemeld bij een mbo-opleiding (toelatingsrecht)",
                self.aanmelddeadline,
            ),
            ("terugkoppeling_gereed", "Mbo heeft op iedere aanmelding teruggekoppeld", self.terugkoppeling_gereed),
            ("diplomaresultaten", "Diplomaresultaten ingevoerd", self.diplomaresultaten),
            (
                "juni_controle",
                "Aanmeldstatussen gecontroleerd, gezakte leerlingen en Elders vastgelegd",
                self.juni_controle,
            ),
            ("noshow_melden", "Mbo meldt leerlingen die niet verschenen zijn", self.noshow_melden),
            ("lob_paspoort_start", "Leerlingen beginnen aan hun LOB-paspoort", self.lob_paspoort_start),
            ("voorlichting", "Voorlichtingsmiddag over het mbo voor leerlingen en ouders", self.voorlichting),
            (
                "overstap_start",
                "De Overstap begint: leerlingen maken kennis met hun mbo-opleiding",
                self.overstap_start,
            ),
            (
                "warme_overdracht",
                "Week van de warme overdracht: mentor en mbo bespreken geplaatste leerlingen",
                self.warme_overdracht_start,
            ),
        ]
        return sorted((item for item in items if item[2]), key=lambda item: item[2])

    def volgende_mijlpaal(self, today: datetime.date):
        return next((m for m in self.mijlpalen() if m[2] >= today), None)


class Leerweg(models.TextChoices):
    BB = "BB", "vmbo basisberoepsgerichte leerweg"
    KB = "KB", "vmbo kaderberoepsgerichte leerweg"
    GL = "GL", "vmbo gemengde leerweg"
    TL = "TL", "vmbo theoretische leerweg"
    PRO = "PRO", "praktijkonderwijs"
    VSO = "VSO", "voortgezet speciaal onderwijs"


class DiplomaResultaat(models.TextChoices):
    ONBEKEND = "onbekend", "onbekend"
    GESLAAGD = "geslaagd", "geslaagd"
    GEZAKT = "gezakt", "gezakt"
    HEREXAMEN = "herexamen", "herexamen"


class VertrekReden(models.TextChoices):
    ANDERE_VO_SCHOOL = "andere_vo_school", "naar een andere vo-school"
    VERHUISD = "verhuisd", "verhuisd"
    ONDERWIJS_VERLATEN = "onderwijs_verlaten", "heeft het onderwijs verlaten"
    ANDERS = "anders", "anders"


class LeerlingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Pupils the user may see (voroc.policy). The only entry point for views."""
        from voroc import policy

        return self.filter(policy.leerling_q(user))

    def aanwezig(self):
        """Pupils who have not left the school (`Leerling.vertrokken_op`): the school's working lists."""
        return self.filter(vertrokken_op__isnull=True)

    def werkvoorraad(self, schooljaar, *, gemeente: bool = False):
        """The pupils a working list shows for `schooljaar`. An earlier year's pupils stay on the
        lists of the active year while their transfer is open: the school stays responsible after
        the summer until the pupil has started, has another destination (Elders) or has been
        handed to the municipality (a traject); the municipality follows them until they have
        started or have another destination. An inactive year, chosen on purpose, shows just
        that year. (Applications and trajecten are reached by relation name: their apps sit
        above this one.)"""
        if not schooljaar.actief:
            return self.filter(schooljaar=schooljaar)
        eerdere_jaren = Schooljaar.objects.filter(startjaar__lt=schooljaar.startjaar).values("pk")
        return self.filter(
            Q(schooljaar=schooljaar) | Q(schooljaar__in=eerdere_jaren) & overgang_lopend_q(gemeente=gemeente)
        )


def overgang_lopend_q(*, gemeente: bool = False) -> Q:
    """Pupils whose transfer is still open: not started at an mbo programme, no Elders destination,
    and (for the school, not for the municipality) not handed to the municipality (a traject)."""

    # NOT EXISTS straight on the applications, Elders and trajecten tables (reached by relation: their
    # apps sit above this one). A pupil IN (pupils JOIN applications) made PostgreSQL hash a scan of
    # every pupil in the country on each query, and a LEFT JOIN on Elders had the filter checked twice
    # (bench/RESULTS.md, the decaan's pupil list).
    def geen(relatie: str, **filters) -> Exists:
        model = Leerling._meta.get_field(relatie).related_model
        return ~Exists(model.objects.filter(leerling=OuterRef("pk"), **filters))

    lopend = Q(geen("elders")) & Q(geen("aanmeldingen", status="gestart"))
    if not gemeente:
        lopend &= Q(geen("trajecten"))
    return lopend


class Leerling(models.Model):
    """A pupil who leaves vmbo, pro or vso in a school year."""

    schooljaar = models.ForeignKey(Schooljaar, on_delete=models.PROTECT, related_name="leerlingen")
    school = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="leerlingen",
        limit_choices_to={"soort": "vo_school"},
    )
    leerlingnummer = models.CharField(
        "leerlingnummer", max_length=20, help_text="Nummer in de leerlingadministratie van de school."
    )
    klas = models.CharField("klas", max_length=20)
    leerweg = models.CharField("leerweg", max_length=3, choices=Leerweg.choices)
    profiel = models.CharField("profiel", max_length=100, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentorleerlingen"
    )
    woongemeente = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="inwoners",
        limit_choices_to={"soort": "gemeente"},
    )
    voornaam = models.CharField("voornaam", max_length=100)
    tussenvoegsel = models.CharField("tussenvoegsel", max_length=20, blank=True)
    achternaam = models.CharField("achternaam", max_length=100)
    geboortedatum = models.DateField("geboortedatum")
    bsn = models.CharField("BSN", max_length=9, blank=True, validators=[validate_bsn])
    onderwijsnummer = models.CharField(
        "onderwijsnummer", max_length=9, blank=True, validators=[validate_onderwijsnummer]
    )
    straat = models.CharField("straat", max_length=200, blank=True)
    huisnummer = models.CharField("huisnummer", max_length=20, blank=True)
    postcode = models.CharField("postcode", max_length=7, blank=True, validators=[validate_postcode])
    woonplaats = models.CharField("woonplaats", max_length=100, blank=True)
    telefoon = models.CharField("telefoon", max_length=20, blank=True)
    email = models.EmailField("e-mailadres", blank=True)
    diploma_resultaat = models.CharField(
        "diplomaresultaat", max_length=10, choices=DiplomaResultaat.choices, default=DiplomaResultaat.ONBEKEND
    )
    risico = models.BooleanField("risicoleerling", default=False)
    # A pupil who left the school before the transfer (another school, moved, left education): off
    # the school's working lists, still followed by the municipality. Empty: not left.
    vertrokken_op = models.DateField("vertrokken op", null=True, blank=True)
    vertrek_reden = models.CharField("reden van vertrek", max_length=20, choices=VertrekReden.choices, blank=True)
    vertrek_toelichting = models.TextField("toelichting bij vertrek", blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = LeerlingQuerySet.as_manager()

    class Meta:
        verbose_name = "leerling"
        verbose_name_plural = "leerlingen"
        ordering = ["achternaam", "voornaam", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schooljaar", "school", "leerlingnummer"], name="unique_leerlingnummer_per_school_jaar"
            ),
            models.CheckConstraint(
                condition=~Q(bsn="") | ~Q(onderwijsnummer=""), name="leerling_has_bsn_or_onderwijsnummer"
            ),
        ]
        # The lists filter on a school (or municipality, or a mentor's group) and a school year and
        # sort by name: these give a page of 50 from the index in order, whatever the country's
        # size. The name index stays for lists that span schools (an mbo's worklist by name).
        indexes = [
            models.Index(fields=["schooljaar", "school", "achternaam", "voornaam", "id"], name="leerling_school_naam"),
            models.Index(
                fields=["schooljaar", "woongemeente", "achternaam", "voornaam", "id"], name="leerling_gemeente_naam"
            ),
            models.Index(fields=["mentor", "schooljaar", "achternaam", "voornaam", "id"], name="leerling_mentor_naam"),
            models.Index(fields=["achternaam"]),
        ]

    def __str__(self):
        return self.volledige_naam

    @property
    def initialen(self) -> str:
        """ "S. de V.": what a page title says of the pupil (ADR 13), enough to tell tabs apart,
        too little to name the pupil to someone who reads the screen or the browser history."""
        tussen = f"{self.tussenvoegsel} " if self.tussenvoegsel else ""
        return f"{self.voornaam[:1].upper()}. {tussen}{self.achternaam[:1].upper()}."

    @property
    def volledige_naam(self) -> str:
        return " ".join(part for part in (self.voornaam, self.tussenvoegsel, self.achternaam) if part)

    @property
    def persoonsnummer_gemaskeerd(self) -> str:
        return mask_number(self.bsn or self.onderwijsnummer)

    @property
    def persoonsnummer_soort(self) -> str:
        return "BSN" if self.bsn else "onderwijsnummer"


class EldersSoort(models.TextChoices):
    HAVO = "havo", "havo of ander vo-programma"
    VAVO = "vavo", "vavo"
    MBO_BUITEN = "mbo_buiten", "mbo buiten VOROC"
    WERK = "werk", "werk"
    DAGBESTEDING = "dagbesteding", "dagbesteding"
    BLIJFT = "blijft_op_school", "blijft op school (bijv. gezakt)"
    BUITENLAND = "buitenland", "verhuisd naar het buitenland"
    ONBEKEND = "onbekend", "onbekend"


class Elders(models.Model):
    """The destination of a pupil who does not go to a VOROC mbo programme."""

    leerling = models.OneToOneField(Leerling, on_delete=models.CASCADE, related_name="elders")
    soort = models.CharField("bestemming", max_length=20, choices=EldersSoort.choices)
    toelichting = models.TextField("toelichting", blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Elders-bestemming"
        verbose_name_plural = "Elders-bestemmingen"

    def __str__(self):
        return self.get_soort_display()


class ImportStatus(models.TextChoices):
    KOPPELEN = "koppelen", "kolommen koppelen"
    CONTROLEREN = "controleren", "wordt gecontroleerd"
    GECONTROLEERD = "gecontroleerd", "gecontroleerd, wacht op bevestiging"
    VERWERKEN = "verwerken", "wordt verwerkt"
    KLAAR = "klaar", "verwerkt"
    MISLUKT = "mislukt", "mislukt"


class LeerlingimportQuerySet(models.QuerySet):
    def for_user(self, user):
        """Imports of schools where the user may import: edit and see all pupils there."""
        from voroc import policy

        return self.filter(policy.leerlingimport_q(user))


def import_upload_path(instance, filename):
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"leerlingimport/{instance.school_id}/{uuid.uuid4().hex}.{ext}"


class Leerlingimport(models.Model):
    """One upload of the school's administration export: mapping, check, confirmation, result.

    The uploaded file is kept only until the import is processed (then deleted). Nothing is
    written to pupils before the user confirms a preview without errors.
    """

    schooljaar = models.ForeignKey(Schooljaar, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="+", limit_choices_to={"soort": "vo_school"}
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    bevestigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)
    bestandsnaam = models.CharField("bestandsnaam", max_length=200)
    formaat = models.CharField("formaat", max_length=4)
    bestand = models.FileField("bestand", upload_to=import_upload_path, blank=True)
    kolommen = models.JSONField("kolommen in het bestand", default=list)
    koppeling = models.JSONField("koppeling veld → kolomnummer", default=dict)
    status = models.CharField("status", max_length=15, choices=ImportStatus.choices, default=ImportStatus.KOPPELEN)
    totaal = models.PositiveIntegerField("aantal rijen", default=0)
    verwerkt = models.PositiveIntegerField("rijen gecontroleerd", default=0)
    nieuw = models.PositiveIntegerField("nieuw", default=0)
    bijgewerkt = models.PositiveIntegerField("bijgewerkt", default=0)
    ongewijzigd = models.PositiveIntegerField("ongewijzigd", default=0)
    fouten = models.JSONField("fouten", default=list, blank=True)
    voorbeeld = models.JSONField("voorbeeld", default=list, blank=True)
    foutmelding = models.TextField("foutmelding", blank=True)

    objects = LeerlingimportQuerySet.as_manager()

    class Meta:
        verbose_name = "leerlingimport"
        verbose_name_plural = "leerlingimports"
        ordering = ["-aangemaakt", "-pk"]

    def __str__(self):
        return f"Import {self.pk} ({self.school_id}, {self.get_status_display()})"

    @property
    def bezig(self) -> bool:
        return self.status in (ImportStatus.CONTROLEREN, ImportStatus.VERWERKEN)

    @property
    def voortgang(self) -> int:
        """Percentage of rows checked (0-100)."""
        return min(100, self.verwerkt * 100 // self.totaal) if self.totaal else 0

    # The writes run in one transaction, invisible to other connections until the commit; their
    # progress goes through the cache (Redis in production). A cache outage only hides the bar.
    def _voortgang_key(self) -> str:
        return f"leerlingimport:{self.pk}:opgeslagen"

    def opslaan_voortgang_zetten(self, n: int | None) -> None:
        from django.core.cache import cache

        try:
            if n is None:
                cache.delete(self._voortgang_key())
            else:
                cache.set(self._voortgang_key(), n, timeout=3600)
        except Exception:  # noqa: BLE001, S110 - progress is a nicety; the import itself must go on
            pass

    @property
    def opslaan_voortgang(self) -> int | None:
        """Percentage of rows written, when known."""
        from django.core.cache import cache

        try:
            n = cache.get(self._voortgang_key())
        except Exception:  # noqa: BLE001
            return None
        return min(100, n * 100 // self.totaal) if (n is not None and self.totaal) else None


class RaadplegingActie(models.TextChoices):
    PAGINA = "pagina", "pagina bekeken"
    LIJST = "lijst", "in een lijst getoond"
    EXPORT = "export", "geëxporteerd (CSV/XLSX)"
    PDF = "pdf", "als pdf gemaakt"
    INZAGE = "inzage", "inzage-export gemaakt"


class Raadpleging(models.Model):
    """One pupil shown to one user, acting for an organisation in a role: on a page, in a list, an
    export, a PDF or an inzage export. Written in bulk by `voroc.audit.log_reads`; "who saw this
    pupil" is one query on (leerling, tijdstip).

    Append-only like the audit trail: on PostgreSQL the application's role may only INSERT and
    SELECT here (voroc/dbroles.py), and a trigger refuses UPDATE and DELETE. So the references are
    plain ids without a database constraint and nothing cascades into this table: when retention
    deletes a pupil, the purge function `voroc_raadpleging_purge` (migration 0005) removes the read
    log of pupils that no longer exist, and records it."""

    leerling = models.ForeignKey(
        Leerling, on_delete=models.DO_NOTHING, db_constraint=False, related_name="raadplegingen"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    organisatie = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        verbose_name="organisatie",
    )
    rol = models.ForeignKey(
        "accounts.Rol", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    actie = models.CharField("actie", max_length=10, choices=RaadplegingActie.choices)
    pagina = models.CharField("pagina", max_length=100)
    tijdstip = models.DateTimeField("tijdstip")

    class Meta:
        verbose_name = "raadpleging"
        verbose_name_plural = "raadplegingen"
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["leerling", "-tijdstip"], name="raadpleging_leerling_tijd")]

    def __str__(self):
        return f"{self.get_actie_display()} ({self.pagina})"
