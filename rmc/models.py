"""Meldingen to Leerplicht/RMC of the pupil's home municipality: risk pupils and mbo no-shows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeldingSoort(models.TextChoices):
    RISICO = "risico", _("risicoleerling")
    NIET_VERSCHENEN = "niet_verschenen", _("niet verschenen op het mbo")


class MeldingStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_BEHANDELING = "in_behandeling", _("in behandeling")
    AFGESLOTEN = "afgesloten", _("afgesloten")


class MeldingResultaat(models.TextChoices):
    """How a melding ended; the free-text `uitkomst` explains it (municipal data)."""

    ONDERWIJS = "onderwijs", _("terug naar school of opleiding")
    WERK = "werk", _("aan het werk")
    BEGELEIDING = "begeleiding", _("doorverwezen naar begeleiding of zorg")
    GEEN_ACTIE = "geen_actie", _("geen actie nodig")
    NIET_BEREIKT = "niet_bereikt", _("niet bereikt")
    VERHUISD = "verhuisd", _("verhuisd")
    ANDERS = "anders", _("anders")


class MeldingQuerySet(models.QuerySet):
    def for_user(self, user):
        """The municipality where the pupil lives; the organisation that made the melding."""
        from voroc import policy

        return self.filter(policy.melding_q(user))


class Melding(models.Model):
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="meldingen")
    soort = models.CharField(_("soort"), max_length=20, choices=MeldingSoort.choices)
    status = models.CharField(_("status"), max_length=20, choices=MeldingStatus.choices, default=MeldingStatus.OPEN)
    reden = models.CharField(_("reden"), max_length=200)
    toelichting = models.TextField(_("toelichting"), blank=True)
    toestemming_besproken = models.BooleanField(_("melding besproken met leerling en ouders"), default=False)
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
    uitkomst = models.TextField(_("uitkomst"), blank=True)
    resultaat = models.CharField(_("resultaat"), max_length=20, choices=MeldingResultaat.choices, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
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
    ONTVANGEN = "ontvangen", _("ontvangen")
    STATUS = "status", _("status gewijzigd")
    TOEWIJZING = "toewijzing", _("toegewezen")
    NOTITIE = "notitie", _("notitie")


class MeldingGebeurtenisQuerySet(models.QuerySet):
    def for_user(self, user):
        """Municipal handling history: only the municipality where the pupil lives."""
        from voroc import policy

        return self.filter(policy.melding_gebeurtenis_q(user))


class MeldingGebeurtenis(models.Model):
    """One step in handling a melding (status, assignment, note). Appended, never rewritten."""

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="gebeurtenissen")
    soort = models.CharField(_("soort"), max_length=20, choices=MeldingGebeurtenisSoort.choices)
    van_status = models.CharField(_("van status"), max_length=20, choices=MeldingStatus.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeldingStatus.choices, blank=True)
    tekst = models.TextField(_("tekst"), blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True)

    objects = MeldingGebeurtenisQuerySet.as_manager()

    class Meta:
        verbose_name = _("gebeurtenis bij een melding")
        verbose_name_plural = _("gebeurtenissen bij meldingen")
        ordering = ["-tijdstip", "-pk"]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.tekst[:60]}"


class GemeenteQuerySet(models.QuerySet):
    def for_user(self, user):
        """Guidance data: only the municipality where the pupil lives now (never the school or the mbo)."""
        from voroc import policy

        return self.filter(policy.gemeente_dossier_q(user))


class TrajectBestemming(models.TextChoices):
    MBO_VOROC = "mbo_voroc", _("mbo-opleiding via VOROC")
    HAVO = "havo", _("havo of ander vo-programma")
    VAVO = "vavo", _("vavo")
    MBO_BUITEN = "mbo_buiten", _("mbo buiten VOROC")
    WERK = "werk", _("werk")
    DAGBESTEDING = "dagbesteding", _("dagbesteding")
    BLIJFT = "blijft_op_school", _("blijft op school (bijv. gezakt)")
    BUITENLAND = "buitenland", _("verhuisd naar het buitenland")
    ONBEKEND = "onbekend", _("onbekend")


class Traject(models.Model):
    """Guidance of one pupil by the municipality (De Overstap): from first talk to a destination."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="trajecten")
    gemeente = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.PROTECT, related_name="trajecten", verbose_name=_("gemeente")
    )
    begeleider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gestart_op = models.DateField(_("gestart op"))
    afgesloten_op = models.DateField(_("afgesloten op"), null=True, blank=True)
    bestemming = models.CharField(_("bestemming"), max_length=20, choices=TrajectBestemming.choices, blank=True)
    toelichting = models.TextField(_("toelichting"), blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
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
    GESPREK = "gesprek", _("gesprek")
    TELEFOON = "telefoon", _("telefonisch contact")
    HUISBEZOEK = "huisbezoek", _("huisbezoek")
    EMAIL = "email", _("e-mail of bericht")
    BRIEF = "brief", _("brief (oproep)")
    OVERLEG = "overleg", _("overleg met school of mbo")
    NIET_BEREIKT = "niet_bereikt", _("poging, niet bereikt")
    ANDERS = "anders", _("anders")


class Contactmoment(models.Model):
    """A contact with or about a pupil during guidance. Municipal data: the school and mbo never see it."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="contactmomenten")
    traject = models.ForeignKey(Traject, on_delete=models.CASCADE, related_name="contactmomenten")
    datum = models.DateField(_("datum"))
    soort = models.CharField(_("soort contact"), max_length=20, choices=ContactSoort.choices)
    notitie = models.TextField(_("notitie"))
    vervolgstap = models.CharField(_("vervolgstap"), max_length=300, blank=True)
    vervolgdatum = models.DateField(_("vervolgdatum"), null=True, blank=True)
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    gemeente = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="+")
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactmoment")
        verbose_name_plural = _("contactmomenten")
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
    datum = models.DateField(_("datum verhuizing"))
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)

    objects = VerhuizingQuerySet.as_manager()

    class Meta:
        verbose_name = _("verhuizing")
        verbose_name_plural = _("verhuizingen")
        ordering = ["-datum", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(van_gemeente=models.F("naar_gemeente")), name="verhuizing_changes"),
        ]

    def __str__(self):
        return f"Verhuizing {self.datum}"
