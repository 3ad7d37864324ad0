"""Meldingen to Leerplicht/RMC of the pupil's home municipality: risk pupils and mbo no-shows."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class MeldingSoort(models.TextChoices):
    RISICO = "risico", "risicoleerling"
    NIET_VERSCHENEN = "niet_verschenen", "niet verschenen op het mbo"


class MeldingStatus(models.TextChoices):
    OPEN = "open", "open"
    IN_BEHANDELING = "in_behandeling", "in behandeling"
    AFGESLOTEN = "afgesloten", "afgesloten"


class MeldingResultaat(models.TextChoices):
    """How a melding ended; the free-text `uitkomst` explains it (municipal data)."""

    ONDERWIJS = "onderwijs", "terug naar school of opleiding"
    WERK = "werk", "aan het werk"
    BEGELEIDING = "begeleiding", "doorverwezen naar begeleiding of zorg"
    GEEN_ACTIE = "geen_actie", "geen actie nodig"
    NIET_BEREIKT = "niet_bereikt", "niet bereikt"
    VERHUISD = "verhuisd", "verhuisd"
    ANDERS = "anders", "anders"


class MeldingQuerySet(models.QuerySet):
    def for_user(self, user):
        """The municipality where the pupil lives; the organisation that made the melding."""
        from voroc import policy

        return self.filter(policy.melding_q(user))


class Melding(models.Model):
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="meldingen")
    soort = models.CharField("soort", max_length=20, choices=MeldingSoort.choices)
    status = models.CharField("status", max_length=20, choices=MeldingStatus.choices, default=MeldingStatus.OPEN)
    reden = models.CharField("reden", max_length=200)
    toelichting = models.TextField("toelichting", blank=True)
    toestemming_besproken = models.BooleanField("melding besproken met leerling en ouders", default=False)
    aanmelding = models.ForeignKey(
        "aanmelding.Aanmelding", on_delete=models.SET_NULL, null=True, blank=True, related_name="meldingen"
    )
    melder_organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="gedane_meldingen"
    )
    melder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    behandelaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="toegewezen_meldingen"
    )
    uitkomst = models.TextField("uitkomst", blank=True)
    resultaat = models.CharField("resultaat", max_length=20, choices=MeldingResultaat.choices, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-aangemaakt", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="afgesloten") | ~Q(uitkomst=""), name="afgesloten_melding_has_uitkomst"
            ),
            # One open risk melding per pupil; one no-show melding per application.
            models.UniqueConstraint(
                fields=["leerling"],
                condition=Q(soort="risico") & ~Q(status="afgesloten"),
                name="one_open_risico_melding_per_leerling",
            ),
            models.UniqueConstraint(
                fields=["aanmelding"], condition=Q(soort="niet_verschenen"), name="one_noshow_melding_per_aanmelding"
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.leerling}"


class MeldingGebeurtenisSoort(models.TextChoices):
    ONTVANGEN = "ontvangen", "ontvangen"
    STATUS = "status", "status gewijzigd"
    TOEWIJZING = "toewijzing", "toegewezen"
    NOTITIE = "notitie", "notitie"


class MeldingGebeurtenisQuerySet(models.QuerySet):
    def for_user(self, user):
        """Municipal handling history: only the municipality where the pupil lives."""
        from voroc import policy

        return self.filter(policy.melding_gebeurtenis_q(user))


class MeldingGebeurtenis(models.Model):
    """One step in handling a melding (status, assignment, note). Appended, never rewritten."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="gebeurtenissen")
    soort = models.CharField("soort", max_length=20, choices=MeldingGebeurtenisSoort.choices)
    van_status = models.CharField("van status", max_length=20, choices=MeldingStatus.choices, blank=True)
    status = models.CharField("status", max_length=20, choices=MeldingStatus.choices, blank=True)
    tekst = models.TextField("tekst", blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True)

    objects = MeldingGebeurtenisQuerySet.as_manager()

    class Meta:
        verbose_name = "gebeurtenis bij een melding"
        verbose_name_plural = "gebeurtenissen bij meldingen"
        ordering = ["-tijdstip", "-pk"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.tekst[:60]}"


class GemeenteQuerySet(models.QuerySet):
    def for_user(self, user):
        """Guidance data: only the municipality where the pupil lives now (never the school or the mbo)."""
        from voroc import policy

        return self.filter(policy.gemeente_dossier_q(user))


class TrajectBestemming(models.TextChoices):
    MBO_VOROC = "mbo_voroc", "mbo-opleiding via VOROC"
    HAVO = "havo", "havo of ander vo-programma"
    VAVO = "vavo", "vavo"
    MBO_BUITEN = "mbo_buiten", "mbo buiten VOROC"
    WERK = "werk", "werk"
    DAGBESTEDING = "dagbesteding", "dagbesteding"
    BLIJFT = "blijft_op_school", "blijft op school (bijv. gezakt)"
    BUITENLAND = "buitenland", "verhuisd naar het buitenland"
    ONBEKEND = "onbekend", "onbekend"


class Traject(models.Model):
    """Guidance of one pupil by the municipality (De Overstap): from first talk to a destination."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="trajecten")
    gemeente = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="trajecten", verbose_name="gemeente"
    )
    begeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gestart_op = models.DateField("gestart op")
    afgesloten_op = models.DateField("afgesloten op", null=True, blank=True)
    bestemming = models.CharField("bestemming", max_length=20, choices=TrajectBestemming.choices, blank=True)
    toelichting = models.TextField("toelichting", blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = "traject"
        verbose_name_plural = "trajecten"
        ordering = ["-gestart_op", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["leerling"], condition=Q(afgesloten_op__isnull=True), name="one_open_traject_per_leerling"
            ),
            models.CheckConstraint(
                condition=Q(afgesloten_op__isnull=True) | ~Q(bestemming=""), name="afgesloten_traject_has_bestemming"
            ),
        ]

    def __str__(self):
        return f"Traject {self.leerling} ({self.gestart_op})"

    @property
    def open(self) -> bool:
        return self.afgesloten_op is None


class ContactSoort(models.TextChoices):
    GESPREK = "gesprek", "gesprek"
    TELEFOON = "telefoon", "telefonisch contact"
    HUISBEZOEK = "huisbezoek", "huisbezoek"
    EMAIL = "email", "e-mail of bericht"
    BRIEF = "brief", "brief (oproep)"
    OVERLEG = "overleg", "overleg met school of mbo"
    NIET_BEREIKT = "niet_bereikt", "poging, niet bereikt"
    ANDERS = "anders", "anders"


class Contactmoment(models.Model):
    """A contact with or about a pupil during guidance. Municipal data: the school and mbo never see it."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="contactmomenten")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="contactmomenten")
    datum = models.DateField("datum")
    soort = models.CharField("soort contact", max_length=20, choices=ContactSoort.choices)
    notitie = models.TextField("notitie")
    vervolgstap = models.CharField("vervolgstap", max_length=300, blank=True)
    vervolgdatum = models.DateField("vervolgdatum", null=True, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    gemeente = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = "contactmoment"
        verbose_name_plural = "contactmomenten"
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(vervolgdatum__isnull=True) | Q(vervolgdatum__gte=models.F("datum")),
                name="vervolgdatum_not_before_datum",
            ),
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.datum}"


class VerhuizingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Both the old and the new municipality see THAT the pupil moved (not the old one the file)."""
        from voroc import policy

        return self.filter(policy.verhuizing_q(user))


class Verhuizing(models.Model):
    """A change of home municipality. The record itself is all the old municipality keeps seeing."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="verhuizingen")
    van_gemeente = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    naar_gemeente = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    datum = models.DateField("datum verhuizing")
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = VerhuizingQuerySet.as_manager()

    class Meta:
        verbose_name = "verhuizing"
        verbose_name_plural = "verhuizingen"
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(van_gemeente=models.F("naar_gemeente")), name="verhuizing_changes"),
        ]

    def __str__(self):
        return f"Verhuizing {self.datum}"
