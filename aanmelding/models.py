"""Programmes (opleidingen) of mbo institutions, applications and placement decisions."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from .status import LANDELIJKE_STATUS, VERVALLEN, AfwijzingsReden, LandelijkeStatus, Status


class Leerweg(models.TextChoices):
    BOL = "BOL", "BOL (beroepsopleidende leerweg)"
    BBL = "BBL", "BBL (beroepsbegeleidende leerweg)"


class OpleidingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(actief=True)


class Opleiding(models.Model):
    """A first-year mbo programme at one location of an institution."""

    instelling = models.ForeignKey(
        "accounts.Organisatie",
        on_delete=models.PROTECT,
        related_name="opleidingen",
        limit_choices_to={"soort": "mbo_instelling"},
    )
    locatie = models.ForeignKey("accounts.Locatie", on_delete=models.PROTECT, related_name="opleidingen")
    crebo = models.CharField(
        "opleidingscode (crebo)",
        max_length=5,
        validators=[RegexValidator(r"^[0-9]{5}$", "Een opleidingscode is vijf cijfers.")],
    )
    naam = models.CharField("naam", max_length=200)
    niveau = models.PositiveSmallIntegerField("niveau", validators=[MinValueValidator(1), MaxValueValidator(4)])
    leerweg = models.CharField("leerweg", max_length=3, choices=Leerweg.choices, default=Leerweg.BOL)
    startdatum = models.DateField("startdatum")
    capaciteit = models.PositiveIntegerField("capaciteit", null=True, blank=True, help_text="Leeg: geen numerus fixus.")
    strenge_toelating = models.BooleanField(
        "aanvullende toelatingseisen",
        default=False,
        help_text="Bijvoorbeeld Veiligheid of Sport en Bewegen: een tweede aanmelding is dan raadzaam.",
    )
    actief = models.BooleanField("open voor aanmelding", default=True)

    objects = OpleidingQuerySet.as_manager()

    class Meta:
        verbose_name = "opleiding"
        verbose_name_plural = "opleidingen"
        ordering = ["naam", "niveau"]
        constraints = [
            models.CheckConstraint(condition=Q(niveau__gte=1, niveau__lte=4), name="opleiding_niveau_1_4"),
            models.UniqueConstraint(
                fields=["instelling", "locatie", "crebo", "leerweg", "startdatum"],
                name="unique_opleiding_per_locatie_start",
            ),
        ]

    def __str__(self):
        return f"{self.naam} (niveau {self.niveau}, {self.leerweg})"


class AanmeldingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Applications the user may see (voroc.policy)."""
        from voroc import policy

        return self.filter(policy.aanmelding_q(user))

    def geldig(self):
        """Applications that hold one of the pupil's places (not withdrawn, rejected, referred...)."""
        return self.exclude(status__in=VERVALLEN)

    def levend(self):
        """Sent applications that hold one of the pupil's places: a concept is not sent yet."""
        return self.geldig().exclude(status=Status.CONCEPT)


class Aanmelding(models.Model):
    """An application of a pupil to a programme. Its status changes only through aanmelding.services."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="aanmeldingen")
    opleiding = models.ForeignKey(Opleiding, on_delete=models.PROTECT, related_name="aanmeldingen")
    keuze = models.PositiveSmallIntegerField("keuze", default=1, help_text="1 = eerste keuze, 2 = tweede keuze")
    status = models.CharField("status", max_length=30, choices=Status.choices, default=Status.CONCEPT)
    aangemeld_op = models.DateTimeField("aangemeld op", null=True, blank=True)
    op_tijd = models.BooleanField("op tijd (uiterlijk de aanmelddeadline)", null=True)
    toelatingsrecht = models.BooleanField("toelatingsrecht", default=False)
    doorverwezen_van = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="doorverwijzingen"
    )
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    aangemaakt = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = AanmeldingQuerySet.as_manager()

    class Meta:
        verbose_name = "aanmelding"
        verbose_name_plural = "aanmeldingen"
        ordering = ["leerling", "keuze", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(keuze__gte=1), name="aanmelding_keuze_positive"),
            # One live application per choice and per programme; the cap itself is a school-year
            # setting checked in the service under a row lock.
            models.UniqueConstraint(
                fields=["leerling", "keuze"], condition=~Q(status__in=VERVALLEN), name="unique_geldige_keuze"
            ),
            models.UniqueConstraint(
                fields=["leerling", "opleiding"], condition=~Q(status__in=VERVALLEN), name="unique_geldige_opleiding"
            ),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(aangemeld_op__isnull=False), name="verzonden_aanmelding_has_tijd"
            ),
        ]
        # A programme's applications by date (the worklist filtered on a programme). The date index
        # stays for the worklist of a whole institution, which spans its programmes.
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["aangemeld_op"]),
            models.Index(fields=["opleiding", "aangemeld_op", "id"], name="aanmelding_opleiding_datum"),
        ]

    def __str__(self):
        return f"{self.leerling} → {self.opleiding}"

    @property
    def landelijke_status(self) -> int | None:
        return LANDELIJKE_STATUS[self.status]

    @property
    def te_laat(self) -> bool:
        return self.op_tijd is False


class Plaatsingsbesluit(models.Model):
    """The mbo's placement decision on an application (one per application, the latest counts)."""

    aanmelding = models.OneToOneField(Aanmelding, on_delete=models.CASCADE, related_name="plaatsingsbesluit")
    uitkomst = models.CharField(
        "uitkomst",
        max_length=30,
        choices=[
            (s.value, s.label)
            for s in (
                Status.GEPLAATST,
                Status.VOORWAARDELIJK_GEPLAATST,
                Status.WACHTLIJST,
                Status.UITGELOOT,
                Status.AFGEWEZEN,
            )
        ],
    )
    reden = models.CharField("reden van afwijzing", max_length=30, choices=AfwijzingsReden.choices, blank=True)
    voorwaarde = models.CharField("voorwaarde", max_length=300, blank=True)
    toelichting = models.TextField("toelichting", blank=True)
    besloten_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    besloten_op = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "plaatsingsbesluit"
        verbose_name_plural = "plaatsingsbesluiten"
        constraints = [
            models.CheckConstraint(condition=~Q(uitkomst="afgewezen") | ~Q(reden=""), name="afwijzing_has_reden"),
            models.CheckConstraint(condition=Q(uitkomst="afgewezen") | Q(reden=""), name="reden_only_on_afwijzing"),
            models.CheckConstraint(
                condition=~Q(uitkomst="voorwaardelijk_geplaatst") | ~Q(voorwaarde=""),
                name="voorwaardelijk_has_voorwaarde",
            ),
        ]

    def __str__(self):
        return self.get_uitkomst_display()


class ExterneUitkomst(models.TextChoices):
    AANGEMELD = "aangemeld", "aangemeld, nog geen uitkomst"
    GEPLAATST = "geplaatst", "geplaatst"
    AFGEWEZEN = "afgewezen", "afgewezen"
    INGETROKKEN = "ingetrokken", "ingetrokken"
    ONBEKEND = "onbekend", "onbekend"


class ExterneAanmeldingQuerySet(models.QuerySet):
    def for_user(self, user):
        """School and home municipality see them; an mbo inside VOROC has no business with them."""
        from voroc import policy

        return self.filter(policy.externe_aanmelding_q(user))


class ExterneAanmelding(models.Model):
    """An application to an mbo outside VOROC, recorded by hand by the school with its outcome.

    It does not count toward the cap of `schooljaar.max_aanmeldingen` applications at one
    institution: that cap is a VOROC agreement between the region's schools and mbo
    institutions, enforced so that VOROC institutions can plan their intake. An institution
    outside the region is not bound by it and VOROC cannot see or steer its intake; the record
    only exists so that school and municipality know where the pupil is heading (and the June
    check does not lose the pupil).
    """

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="externe_aanmeldingen")
    instelling_naam = models.CharField("mbo-instelling", max_length=200)
    opleiding_naam = models.CharField("opleiding", max_length=200)
    crebo = models.CharField(
        "opleidingscode (crebo)",
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{5}$", "Een opleidingscode is vijf cijfers.")],
    )
    niveau = models.PositiveSmallIntegerField(
        "niveau", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    uitkomst = models.CharField(
        "status/uitkomst", max_length=20, choices=ExterneUitkomst.choices, default=ExterneUitkomst.AANGEMELD
    )
    toelichting = models.TextField("toelichting", blank=True)
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    vastgelegd_op = models.DateTimeField(auto_now_add=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    objects = ExterneAanmeldingQuerySet.as_manager()

    class Meta:
        verbose_name = "aanmelding buiten VOROC"
        verbose_name_plural = "aanmeldingen buiten VOROC"
        ordering = ["leerling", "vastgelegd_op", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(niveau__isnull=True) | Q(niveau__gte=1, niveau__lte=4), name="externe_niveau_1_4"
            ),
        ]

    def __str__(self):
        return f"{self.opleiding_naam} ({self.instelling_naam})"


class Intake(models.Model):
    """An intake appointment the mbo planned for an application (a new row per (re)planning)."""

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="intakes")
    datum = models.DateField("datum")
    tijd = models.TimeField("tijd")
    plaats = models.CharField("plaats", max_length=200)
    bericht = models.TextField("bericht aan leerling en school", blank=True)
    gepland_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    gepland_op = models.DateTimeField(auto_now_add=True)
    gehad_op = models.DateTimeField("intake gehad op", null=True, blank=True)
    studiekeuzeadvies = models.TextField("studiekeuzeadvies", blank=True)

    class Meta:
        verbose_name = "intake"
        verbose_name_plural = "intakes"
        ordering = ["-gepland_op", "-pk"]

    def __str__(self):
        return f"Intake {self.datum:%d-%m-%Y} {self.tijd:%H:%M}, {self.plaats}"


class WarmeOverdracht(models.Model):
    """The warm handover of a placed pupil: the vo mentor and the mbo talk the pupil through before
    the start, in the week the school year names. Planned and recorded by either side."""

    aanmelding = models.OneToOneField(Aanmelding, on_delete=models.CASCADE, related_name="warme_overdracht")
    datum = models.DateField("datum")
    deelnemers = models.CharField(
        "wie zijn erbij", max_length=200, help_text="Bijvoorbeeld: mentor, intaker en leerling."
    )
    gepland_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    gepland_op = models.DateTimeField(auto_now_add=True)
    gehouden_op = models.DateTimeField("gehouden op", null=True, blank=True)
    gehouden_vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "warme overdracht"
        verbose_name_plural = "warme overdrachten"

    def __str__(self):
        return f"Warme overdracht {self.datum:%d-%m-%Y}"


class DocumentSoort(models.TextChoices):
    """What a pupil brings to the mbo on enrolment."""

    UITTREKSEL_BRP = "uittreksel_brp", "uittreksel uit de Basisregistratie Personen"
    IDENTITEITSBEWIJS = "identiteitsbewijs", "geldig identiteitsbewijs"
    DIPLOMA = "diploma", "diploma (of kopie)"
    CIJFERLIJST = "cijferlijst", "cijferlijst"


class Document(models.Model):
    """A document the mbo has received for an application (the checklist's ticked items)."""

    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, related_name="documenten")
    soort = models.CharField("document", max_length=20, choices=DocumentSoort.choices)
    ontvangen_op = models.DateTimeField(auto_now_add=True)
    afgevinkt_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = "ontvangen document"
        verbose_name_plural = "ontvangen documenten"
        ordering = ["aanmelding", "soort"]
        constraints = [models.UniqueConstraint(fields=["aanmelding", "soort"], name="document_once_per_aanmelding")]

    def __str__(self):
        return self.get_soort_display()


class Verschil(models.TextChoices):
    """How a row of the national status file differs from VOROC's own state."""

    STATUS = "status", "status verschilt"
    BUITEN_VOROC = "buiten_voroc", "aanmelding onbekend in VOROC (buiten VOROC gedaan)"
    ONTBREEKT_LANDELIJK = "ontbreekt_landelijk", "VOROC-aanmelding ontbreekt landelijk"


class Statusvergelijking(models.Model):
    """One upload of the status file a school or institution received from the national exchange,
    compared with VOROC's own state (aanmelding/services_vergelijking.py). Only the differences of
    pupils in the uploader's scope are kept (`Vergelijkingsregel`); rows of other pupils are counted."""

    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, related_name="+")
    bestandsnaam = models.CharField("bestand", max_length=200)
    geupload_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    geupload_op = models.DateTimeField("geüpload op", auto_now_add=True)
    aantal_regels = models.PositiveIntegerField("regels in het bestand", default=0)
    aantal_gelijk = models.PositiveIntegerField("regels gelijk aan VOROC", default=0)
    niet_gevonden = models.PositiveIntegerField("leerlingen niet gevonden", default=0)

    class Meta:
        verbose_name = "vergelijking met de landelijke statussen"
        verbose_name_plural = "vergelijkingen met de landelijke statussen"
        ordering = ["-geupload_op", "-pk"]
        indexes = [models.Index(fields=["organisatie", "geupload_op"], name="vergelijking_org_datum")]

    def __str__(self):
        return f"Vergelijking {self.bestandsnaam}"


class VergelijkingsregelQuerySet(models.QuerySet):
    def for_user(self, user):
        """Rows of uploads of the user's own organisation, of pupils the user may see (voroc.policy)."""
        from voroc import policy

        return self.filter(policy.vergelijkingsregel_q(user))


class Vergelijkingsregel(models.Model):
    """A difference between the national status file and VOROC for one pupil in the uploader's scope."""

    vergelijking = models.ForeignKey(Statusvergelijking, on_delete=models.CASCADE, related_name="regels")
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="+")
    aanmelding = models.ForeignKey(Aanmelding, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    soort = models.CharField("verschil", max_length=20, choices=Verschil.choices)
    landelijke_status = models.PositiveSmallIntegerField(
        "landelijke status", null=True, blank=True, choices=LandelijkeStatus.choices
    )
    instelling = models.CharField("instelling (landelijk)", max_length=200, blank=True)
    crebo = models.CharField("opleidingscode (landelijk)", max_length=5, blank=True)
    datum = models.DateField("datum (landelijk)", null=True, blank=True)
    afgehandeld_op = models.DateTimeField("afgehandeld op", null=True, blank=True)

    objects = VergelijkingsregelQuerySet.as_manager()

    class Meta:
        verbose_name = "verschil met de landelijke status"
        verbose_name_plural = "verschillen met de landelijke status"
        ordering = ["vergelijking", "pk"]

    def __str__(self):
        return self.get_soort_display()
