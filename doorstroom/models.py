"""The doorstroomformulier: the transfer file from school to mbo, with the LOB-paspoort.

Three parts (docs/domain.md): the pupil's part, the school's part (mentor or decaan),
and the care part (zorgcoördinator, only when needed). Only the legal
categories pass to the mbo; the care part only when the school shares it.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from .validators import validate_pdf_upload


class FormulierStatus(models.TextChoices):
    CONCEPT = "concept", "concept"
    DEFINITIEF = "definitief", "definitief"


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
    status = models.CharField("status", max_length=12, choices=FormulierStatus.choices, default=FormulierStatus.CONCEPT)
    versie = models.PositiveIntegerField(
        "versie", default=1, help_text="Verhoogd bij iedere opslag; tegen stille overschrijving."
    )

    # Pupil's part
    ouder_naam = models.CharField("naam ouder/verzorger", max_length=200, blank=True)
    ouder_telefoon = models.CharField("telefoon ouder/verzorger", max_length=20, blank=True)
    ouder_email = models.EmailField("e-mail ouder/verzorger", blank=True)
    motivatie = models.TextField("motivatie voor de gekozen opleiding", blank=True)
    beroepswensen = models.TextField("beroepswensen", blank=True)
    keuze_voorbereiding = models.TextField("hoe de keuze is voorbereid", blank=True)
    sterke_punten = models.TextField("sterke punten", blank=True)
    stage_werkervaring = models.TextField("stages en werkervaring", blank=True)
    aandachtspunten = models.TextField("waar het mbo rekening mee moet houden", blank=True)

    # LOB-paspoort
    lob_activiteiten = models.TextField("LOB-activiteiten (open dagen, meeloopdagen, gesprekken)", blank=True)
    lob_reflectie = models.TextField("reflectie van de leerling", blank=True)
    lob_paspoort_pdf = models.FileField(
        "LOB-paspoort (pdf)",
        upload_to=lob_upload_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
    )
    lob_open_dagen = models.TextField("bezochte open dagen", blank=True)
    lob_meeloopdagen = models.TextField("meeloopdagen en proefstuderen", blank=True)

    # School's part
    examenvakken = models.CharField("examenvakken", max_length=300, blank=True)
    verwacht_diploma = models.CharField("verwacht diploma", max_length=100, blank=True)
    verwachte_diplomadatum = models.DateField("verwachte diplomadatum", null=True, blank=True)
    resultaten = models.TextField("resultaten", blank=True)
    advies_niveau = models.PositiveSmallIntegerField(
        "advies mbo-niveau", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    advies_toelichting = models.TextField("toelichting op het advies", blank=True)
    verzuim_samenvatting = models.TextField("verzuim en aanwezigheid", blank=True)
    verzuim_uren = models.PositiveIntegerField("ongeoorloofd verzuim dit schooljaar (uren)", null=True, blank=True)
    aanwezigheid_percentage = models.PositiveSmallIntegerField(
        "aanwezigheid (%)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    contactpersoon_naam = models.CharField("contactpersoon school", max_length=200, blank=True)
    contactpersoon_email = models.EmailField("e-mail contactpersoon", blank=True)
    contactpersoon_telefoon = models.CharField("telefoon contactpersoon", max_length=20, blank=True)
    warme_overdracht = models.BooleanField("warme overdracht gewenst", null=True, blank=True)
    # Only a note: the hand-over to the mbo needs no consent since 1 August 2020. What is a choice
    # is sharing the care part (zorg_delen_met_mbo).
    toestemming_overdracht = models.BooleanField(
        "overdracht besproken met leerling en ouders",
        null=True,
        blank=True,
        help_text=(
            "Alleen een notitie. Voor de overdracht naar het mbo is sinds 1 augustus 2020 geen toestemming "
            "nodig; alleen het delen van het zorgdeel is een keuze."
        ),
    )
    overdracht_notities = models.TextField("notities voor de overdracht", blank=True)

    # Care part: only decaan and zorgcoördinator; the mbo only when shared.
    zorg_gegeven = models.TextField("gegeven ondersteuning", blank=True)
    zorg_nodig = models.TextField("benodigde ondersteuning", blank=True)
    zorg_delen_met_mbo = models.BooleanField(
        "zorgdeel delen met het mbo",
        default=False,
        help_text="Een keuze: het mbo ziet het zorgdeel alleen als dit is aangevinkt. De rest van het formulier "
        "gaat zonder toestemming mee.",
    )

    # The pupil handed part A in from the portal ("Klaar, stuur naar school"); the school then
    # checks the form and finalises it as before.
    deel_a_ingeleverd_op = models.DateTimeField("deel A ingeleverd door de leerling op", null=True, blank=True)

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
        verbose_name = "doorstroomformulier"
        verbose_name_plural = "doorstroomformulieren"
        constraints = [
            models.CheckConstraint(
                condition=Q(status="concept") | Q(definitief_op__isnull=False), name="definitief_has_tijdstip"
            ),
        ]

    def __str__(self):
        return f"Doorstroomformulier {self.leerling_id}"


class PdfBatchStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", "in de wachtrij"
    BEZIG = "bezig", "wordt gemaakt"
    KLAAR = "klaar", "klaar"
    MISLUKT = "mislukt", "mislukt"


def batch_upload_path(instance, filename):
    return f"pdf-batches/{instance.pk}/doorstroomformulieren-{instance.pk}.pdf"


class PdfBatch(models.Model):
    """One PDF of the forms of a class or a selection, made by a Celery task.

    Only the user who asked for it may download it; the file never goes through MEDIA_URL.
    """

    aangevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    school = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="+")
    omschrijving = models.CharField("omschrijving", max_length=200)
    leerlingen = models.ManyToManyField("leerlingen.Leerling", related_name="+")
    status = models.CharField("status", max_length=10, choices=PdfBatchStatus.choices, default=PdfBatchStatus.WACHTRIJ)
    bestand = models.FileField(upload_to=batch_upload_path, blank=True)
    fout = models.CharField(max_length=300, blank=True)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gereed_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "pdf-bundel"
        verbose_name_plural = "pdf-bundels"
        ordering = ["-aangemaakt", "-pk"]

    def __str__(self):
        return f"Pdf-bundel {self.pk}"
