"""The doorstroomformulier: the transfer file from school to mbo, with the LOB-paspoort.

Three parts (docs/domain.md): the pupil's part, the school's part (mentor or decaan),
and the care part (zorgcoördinator, only when needed). Only the legal
categories pass to the mbo; the care part only when the school shares it.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .validators import validate_pdf_upload


class FormulierStatus(models.TextChoices):
    CONCEPT = "concept", _("concept")
    DEFINITIEF = "definitief", _("definitief")


class DoorstroomformulierQuerySet(models.QuerySet):
    def for_user(self, user):
        """School and municipality see the form of pupils in scope; the mbo only a final form
        of a pupil who applied to its institution."""
        from voroc import policy

        return self.filter(policy.doorstroomformulier_q(user))


def lob_upload_path(instance, filename):
    """Never the uploaded name (it may hold the pupil's name): a random one per upload."""
    import uuid

    return f"lob-paspoort/{instance.leerling_id}/{uuid.uuid4().hex}.pdf"


class Doorstroomformulier(models.Model):
    leerling = models.OneToOneField("leerlingen.Leerling", on_delete=models.CASCADE, related_name="doorstroomformulier")
    status = models.CharField(
        _("status"), max_length=12, choices=FormulierStatus.choices, default=FormulierStatus.CONCEPT
    )
    versie = models.PositiveIntegerField(
        _("versie"), default=1, help_text=_("Verhoogd bij iedere opslag; tegen stille overschrijving.")
    )

    # Pupil's part
    ouder_naam = models.CharField(_("naam ouder/verzorger"), max_length=200, blank=True)
    ouder_telefoon = models.CharField(_("telefoon ouder/verzorger"), max_length=20, blank=True)
    ouder_email = models.EmailField(_("e-mail ouder/verzorger"), blank=True)
    motivatie = models.TextField(_("motivatie voor de gekozen opleiding"), blank=True)
    beroepswensen = models.TextField(_("beroepswensen"), blank=True)
    keuze_voorbereiding = models.TextField(_("hoe de keuze is voorbereid"), blank=True)
    sterke_punten = models.TextField(_("sterke punten"), blank=True)
    stage_werkervaring = models.TextField(_("stages en werkervaring"), blank=True)
    aandachtspunten = models.TextField(_("waar het mbo rekening mee moet houden"), blank=True)

    # LOB-paspoort
    lob_activiteiten = models.TextField(_("LOB-activiteiten (open dagen, meeloopdagen, gesprekken)"), blank=True)
    lob_reflectie = models.TextField(_("reflectie van de leerling"), blank=True)
    lob_paspoort_pdf = models.FileField(
        _("LOB-paspoort (pdf)"),
        upload_to=lob_upload_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
    )
    lob_open_dagen = models.TextField(_("bezochte open dagen"), blank=True)
    lob_meeloopdagen = models.TextField(_("meeloopdagen en proefstuderen"), blank=True)

    # School's part
    examenvakken = models.CharField(_("examenvakken"), max_length=300, blank=True)
    verwacht_diploma = models.CharField(_("verwacht diploma"), max_length=100, blank=True)
    verwachte_diplomadatum = models.DateField(_("verwachte diplomadatum"), null=True, blank=True)
    resultaten = models.TextField(_("resultaten"), blank=True)
    advies_niveau = models.PositiveSmallIntegerField(
        _("advies mbo-niveau"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    advies_toelichting = models.TextField(_("toelichting op het advies"), blank=True)
    verzuim_samenvatting = models.TextField(_("verzuim en aanwezigheid"), blank=True)
    verzuim_uren = models.PositiveIntegerField(_("ongeoorloofd verzuim dit schooljaar (uren)"), null=True, blank=True)
    aanwezigheid_percentage = models.PositiveSmallIntegerField(
        _("aanwezigheid (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    contactpersoon_naam = models.CharField(_("contactpersoon school"), max_length=200, blank=True)
    contactpersoon_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contactpersoon_telefoon = models.CharField(_("telefoon contactpersoon"), max_length=20, blank=True)
    warme_overdracht = models.BooleanField(_("warme overdracht gewenst"), null=True, blank=True)
    toestemming_overdracht = models.BooleanField(
        _("toestemming leerling/ouders voor de overdracht"), null=True, blank=True
    )
    overdracht_notities = models.TextField(_("notities voor de overdracht"), blank=True)

    # Care part: only decaan and zorgcoördinator; the mbo only when shared.
    zorg_gegeven = models.TextField(_("gegeven ondersteuning"), blank=True)
    zorg_nodig = models.TextField(_("benodigde ondersteuning"), blank=True)
    zorg_delen_met_mbo = models.BooleanField(_("zorgdeel delen met het mbo"), default=False)

    definitief_op = models.DateTimeField(null=True, blank=True)
    definitief_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    gewijzigd = models.DateTimeField(auto_now=True)
    gewijzigd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = DoorstroomformulierQuerySet.as_manager()

    class Meta:
        verbose_name = _("doorstroomformulier")
        verbose_name_plural = _("doorstroomformulieren")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="concept") | Q(definitief_op__isnull=False), name="definitief_has_tijdstip"
            ),
        ]

    def __str__(self):
        return f"Doorstroomformulier {self.leerling_id}"


class PdfBatchStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", _("in de wachtrij")
    BEZIG = "bezig", _("wordt gemaakt")
    KLAAR = "klaar", _("klaar")
    MISLUKT = "mislukt", _("mislukt")


def batch_upload_path(instance, filename):
    return f"pdf-batches/{instance.pk}/doorstroomformulieren-{instance.pk}.pdf"


class PdfBatch(models.Model):
    """One PDF of the forms of a class or a selection, made by a Celery task.

    Only the user who asked for it may download it; the file never goes through MEDIA_URL.
    """

    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="+")
    omschrijving = models.CharField(_("omschrijving"), max_length=200)
    leerlingen = models.ManyToManyField("leerlingen.Leerling", related_name="+")
    status = models.CharField(
        _("status"), max_length=10, choices=PdfBatchStatus.choices, default=PdfBatchStatus.WACHTRIJ
    )
    bestand = models.FileField(upload_to=batch_upload_path, blank=True)
    fout = models.CharField(max_length=300, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gereed_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pdf-bundel")
        verbose_name_plural = _("pdf-bundels")
        ordering = ["-aangemaakt", "-pk"]

    def __str__(self):
        return f"Pdf-bundel {self.pk}"
