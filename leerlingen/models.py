"""Pupils, the school year they leave in, and their destination outside VOROC (Elders)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from voroc.validators import mask_number, validate_bsn, validate_onderwijsnummer, validate_postcode


class SchooljaarQuerySet(models.QuerySet):
    def actief(self):
        """The active school year, or None."""
        return self.filter(actief=True).first()


class Schooljaar(models.Model):
    """A school year with its milestone dates (DOMAIN.md timeline) and application rules."""

    startjaar = models.PositiveSmallIntegerField(_("beginjaar"), unique=True)
    actief = models.BooleanField(_("actief"), default=False)
    opent_op = models.DateField(_("VOROC open voor gebruikers"))
    formulieren_gereed = models.DateField(_("doorstroomformulieren ingevuld"))
    risico_melden = models.DateField(_("risicoleerlingen gemeld"))
    aanmelddeadline = models.DateField(_("aanmelddeadline (toelatingsrecht)"))
    terugkoppeling_gereed = models.DateField(_("terugkoppeling mbo gereed"))
    diplomaresultaten = models.DateField(_("diplomaresultaten ingevoerd"))
    juni_controle = models.DateField(_("controle aanmeldstatussen en Elders"))
    mbo_start = models.DateField(_("start mbo-schooljaar"))
    noshow_termijn_dagen = models.PositiveSmallIntegerField(_("termijn no-showmelding (dagen na start)"), default=7)
    max_aanmeldingen = models.PositiveSmallIntegerField(_("maximaal aantal aanmeldingen per leerling"), default=2)
    een_instelling = models.BooleanField(_("alle aanmeldingen bij één instelling"), default=True)

    objects = SchooljaarQuerySet.as_manager()

    class Meta:
        verbose_name = _("schooljaar")
        verbose_name_plural = _("schooljaren")
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
            ("opent_op", _("VOROC gaat open; decanen en mentoren controleren leerlinggegevens"), self.opent_op),
            (
                "formulieren_gereed",
                _("Doorstroomformulieren ingevuld en besproken met de leerling"),
                self.formulieren_gereed,
            ),
            ("risico_melden", _("Risicoleerlingen gemeld bij de gemeente"), self.risico_melden),
            (
                "aanmelddeadline",
                _("Iedere leerling aangemeld bij een mbo-opleiding (toelatingsrecht)"),
                self.aanmelddeadline,
            ),
            ("terugkoppeling_gereed", _("Mbo heeft op iedere aanmelding teruggekoppeld"), self.terugkoppeling_gereed),
            ("diplomaresultaten", _("Diplomaresultaten ingevoerd"), self.diplomaresultaten),
            (
                "juni_controle",
                _("Aanmeldstatussen gecontroleerd, gezakte leerlingen en Elders vastgelegd"),
                self.juni_controle,
            ),
            ("noshow_melden", _("Mbo meldt leerlingen die niet verschenen zijn"), self.noshow_melden),
        ]
        return sorted(items, key=lambda item: item[2])

    def volgende_mijlpaal(self, today: datetime.date):
        return next((m for m in self.mijlpalen() if m[2] >= today), None)


class Leerweg(models.TextChoices):
    BB = "BB", _("vmbo basisberoepsgerichte leerweg")
    KB = "KB", _("vmbo kaderberoepsgerichte leerweg")
    GL = "GL", _("vmbo gemengde leerweg")
    TL = "TL", _("vmbo theoretische leerweg")
    PRO = "PRO", _("praktijkonderwijs")
    VSO = "VSO", _("voortgezet speciaal onderwijs")


class DiplomaResultaat(models.TextChoices):
    ONBEKEND = "onbekend", _("onbekend")
    GESLAAGD = "geslaagd", _("geslaagd")
    GEZAKT = "gezakt", _("gezakt")
    HEREXAMEN = "herexamen", _("herexamen")


class LeerlingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Pupils the user may see (voroc.policy). The only entry point for views."""
        from voroc import policy

        return self.filter(policy.leerling_q(user))


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
        _("leerlingnummer"), max_length=20, help_text=_("Nummer in de leerlingadministratie van de school.")
    )
    klas = models.CharField(_("klas"), max_length=20)
    leerweg = models.CharField(_("leerweg"), max_length=3, choices=Leerweg.choices)
    profiel = models.CharField(_("profiel"), max_length=100, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="mentorleerlingen"
    )
    woongemeente = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="inwoners",
        limit_choices_to={"soort": "gemeente"},
    )
    voornaam = models.CharField(_("voornaam"), max_length=100)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=100)
    geboortedatum = models.DateField(_("geboortedatum"))
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, validators=[validate_bsn])
    onderwijsnummer = models.CharField(
        _("onderwijsnummer"), max_length=9, blank=True, validators=[validate_onderwijsnummer]
    )
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.CharField(_("huisnummer"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True, validators=[validate_postcode])
    woonplaats = models.CharField(_("woonplaats"), max_length=100, blank=True)
    telefoon = models.CharField(_("telefoon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    diploma_resultaat = models.CharField(
        _("diplomaresultaat"), max_length=10, choices=DiplomaResultaat.choices, default=DiplomaResultaat.ONBEKEND
    )
    risico = models.BooleanField(_("risicoleerling"), default=False)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = LeerlingQuerySet.as_manager()

    class Meta:
        verbose_name = _("leerling")
        verbose_name_plural = _("leerlingen")
        ordering = ["achternaam", "voornaam", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["schooljaar", "school", "leerlingnummer"], name="unique_leerlingnummer_per_school_jaar"
            ),
            models.CheckConstraint(
                condition=~Q(bsn="") | ~Q(onderwijsnummer=""), name="leerling_has_bsn_or_onderwijsnummer"
            ),
        ]
        indexes = [
            models.Index(fields=["schooljaar", "school"]),
            models.Index(fields=["schooljaar", "woongemeente"]),
            models.Index(fields=["achternaam"]),
        ]

    def __str__(self):
        return self.volledige_naam

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
    HAVO = "havo", _("havo of ander vo-programma")
    VAVO = "vavo", _("vavo")
    MBO_BUITEN = "mbo_buiten", _("mbo buiten VOROC")
    WERK = "werk", _("werk")
    DAGBESTEDING = "dagbesteding", _("dagbesteding")
    BLIJFT = "blijft_op_school", _("blijft op school (bijv. gezakt)")
    BUITENLAND = "buitenland", _("verhuisd naar het buitenland")
    ONBEKEND = "onbekend", _("onbekend")


class Elders(models.Model):
    """The destination of a pupil who does not go to a VOROC mbo programme."""

    leerling = models.OneToOneField(Leerling, on_delete=models.CASCADE, related_name="elders")
    soort = models.CharField(_("bestemming"), max_length=20, choices=EldersSoort.choices)
    toelichting = models.TextField(_("toelichting"), blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Elders-bestemming")
        verbose_name_plural = _("Elders-bestemmingen")

    def __str__(self):
        return self.get_soort_display()


class ImportStatus(models.TextChoices):
    KOPPELEN = "koppelen", _("kolommen koppelen")
    CONTROLEREN = "controleren", _("wordt gecontroleerd")
    GECONTROLEERD = "gecontroleerd", _("gecontroleerd, wacht op bevestiging")
    VERWERKEN = "verwerken", _("wordt verwerkt")
    KLAAR = "klaar", _("verwerkt")
    MISLUKT = "mislukt", _("mislukt")


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
    bestandsnaam = models.CharField(_("bestandsnaam"), max_length=200)
    formaat = models.CharField(_("formaat"), max_length=4)
    bestand = models.FileField(_("bestand"), upload_to=import_upload_path, blank=True)
    kolommen = models.JSONField(_("kolommen in het bestand"), default=list)
    koppeling = models.JSONField(_("koppeling veld → kolomnummer"), default=dict)
    status = models.CharField(_("status"), max_length=15, choices=ImportStatus.choices, default=ImportStatus.KOPPELEN)
    totaal = models.PositiveIntegerField(_("aantal rijen"), default=0)
    verwerkt = models.PositiveIntegerField(_("rijen gecontroleerd"), default=0)
    nieuw = models.PositiveIntegerField(_("nieuw"), default=0)
    bijgewerkt = models.PositiveIntegerField(_("bijgewerkt"), default=0)
    ongewijzigd = models.PositiveIntegerField(_("ongewijzigd"), default=0)
    fouten = models.JSONField(_("fouten"), default=list, blank=True)
    voorbeeld = models.JSONField(_("voorbeeld"), default=list, blank=True)
    foutmelding = models.TextField(_("foutmelding"), blank=True)

    objects = LeerlingimportQuerySet.as_manager()

    class Meta:
        verbose_name = _("leerlingimport")
        verbose_name_plural = _("leerlingimports")
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
    PAGINA = "pagina", _("pagina bekeken")
    LIJST = "lijst", _("in een lijst getoond")
    EXPORT = "export", _("geëxporteerd (CSV/XLSX)")
    PDF = "pdf", _("als pdf gemaakt")
    INZAGE = "inzage", _("inzage-export gemaakt")


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
        verbose_name=_("organisatie"),
    )
    rol = models.ForeignKey(
        "accounts.Rol", on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    actie = models.CharField(_("actie"), max_length=10, choices=RaadplegingActie.choices)
    pagina = models.CharField(_("pagina"), max_length=100)
    tijdstip = models.DateTimeField(_("tijdstip"))

    class Meta:
        verbose_name = _("raadpleging")
        verbose_name_plural = _("raadplegingen")
        ordering = ["-tijdstip", "-pk"]
        indexes = [models.Index(fields=["leerling", "-tijdstip"], name="raadpleging_leerling_tijd")]

    def __str__(self):
        return f"{self.get_actie_display()} ({self.pagina})"
