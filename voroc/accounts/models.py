"""Users, the organisations they act for, and their role there.

Roles are data (rows of `Rol`, shipped by a migration) with a set of
permissions on `Organisatie`; a membership (`Lidmaatschap`) grants those
permissions on one organisation. The memberships are stored once: django-guardian
holds a store derived from them (one group per organisation and role, see
voroc.accounts.groepen). Code asks for permissions (see voroc.policy), never for
role names.
"""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, Permission, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_otp.models import Device


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("e-mailadres", unique=True)
    naam = models.CharField("naam", max_length=150)
    is_active = models.BooleanField("actief", default=True)
    is_staff = models.BooleanField("toegang tot Django-beheer", default=False)
    # A pupil's or parent's own account (app portaal): no membership, only access to one file.
    portaal = models.BooleanField("account van een leerling of ouder", default=False)
    date_joined = models.DateTimeField("aangemaakt", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["naam"]

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"
        ordering = ["naam"]

    def __str__(self):
        return self.naam or self.email

    def get_full_name(self):
        return self.naam

    def get_short_name(self):
        return self.naam.split(" ")[0] if self.naam else self.email


class OrganisatieSoort(models.TextChoices):
    VO_SCHOOL = "vo_school", "VO-school"
    MBO_INSTELLING = "mbo_instelling", "MBO-instelling"
    GEMEENTE = "gemeente", "Gemeente"
    REGIO = "regio", "RMC-regio"
    SERVICEDESK = "servicedesk", "Servicedesk"


class Schoolsoort(models.TextChoices):
    VMBO = "vmbo", "vmbo"
    PRO = "pro", "praktijkonderwijs"
    VSO = "vso", "voortgezet speciaal onderwijs"


class OrganisatieQuerySet(models.QuerySet):
    def scholen(self):
        return self.filter(soort=OrganisatieSoort.VO_SCHOOL)

    def instellingen(self):
        return self.filter(soort=OrganisatieSoort.MBO_INSTELLING)

    def gemeenten(self):
        return self.filter(soort=OrganisatieSoort.GEMEENTE)


brin_validator = RegexValidator(
    r"^[0-9]{2}[A-Z]{2}$", "Een BRIN-nummer is twee cijfers en twee hoofdletters, bijvoorbeeld 12AB."
)
vestiging_validator = RegexValidator(r"^[0-9]{2}$", "Een vestigingsnummer is twee cijfers.")
cbs_validator = RegexValidator(r"^[0-9]{4}$", "Een CBS-gemeentecode is vier cijfers.")


class Organisatie(models.Model):
    """A VO-school location, an MBO-instelling, a Gemeente, the RMC-regio (its monitor) or the servicedesk."""

    soort = models.CharField("soort", max_length=20, choices=OrganisatieSoort.choices)
    naam = models.CharField("naam", max_length=200)
    brin = models.CharField("BRIN-nummer", max_length=4, blank=True, validators=[brin_validator])
    vestiging = models.CharField("vestiging", max_length=2, blank=True, validators=[vestiging_validator])
    schoolsoort = models.CharField("schoolsoort", max_length=4, choices=Schoolsoort.choices, blank=True)
    gemeente = models.ForeignKey(
        "self",
        verbose_name="gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scholen",
        limit_choices_to={"soort": OrganisatieSoort.GEMEENTE},
        help_text="De gemeente waarin de school staat.",
    )
    cbs_code = models.CharField("CBS-gemeentecode", max_length=4, blank=True, validators=[cbs_validator])
    rmc_regio = models.CharField("RMC-regio", max_length=100, blank=True)
    plaats = models.CharField("plaats", max_length=100, blank=True)
    email = models.EmailField("e-mailadres voor meldingen", blank=True)
    actief = models.BooleanField("actief", default=True)

    objects = OrganisatieQuerySet.as_manager()

    class Meta:
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        ordering = ["naam"]
        # Permissions a role holds *on an organisation*; voroc.policy turns them into scopes.
        permissions = [
            ("leerlingen_alle_inzien", "Alle leerlingen van de organisatie inzien"),
            ("leerlingen_mentorgroep_inzien", "Leerlingen van de eigen mentorgroep inzien"),
            ("leerlingen_bewerken", "Leerlinggegevens en doorstroomformulier bewerken"),
            ("zorg_inzien", "Zorgdeel van het doorstroomformulier inzien"),
            ("zorg_bewerken", "Zorgdeel van het doorstroomformulier bewerken"),
            ("aanmelden", "Aanmeldingen registreren namens de leerling"),
            ("risico_melden", "Risicoleerlingen melden bij de gemeente"),
            ("collegas_beheren", "Collega's van de eigen organisatie uitnodigen en deactiveren"),
            ("aanmeldingen_behandelen", "Aanmeldingen bij de eigen instelling behandelen"),
            ("opleidingen_beheren", "Opleidingen van de eigen instelling beheren"),
            ("woongemeente_inzien", "Leerlingen die in de gemeente wonen inzien en begeleiden"),
            ("meldingen_behandelen", "Meldingen van scholen en mbo afhandelen"),
            ("organisaties_beheren", "Organisaties, accounts en schooljaren beheren"),
            ("inzage_verstrekken", "Het volledige leerlingdossier exporteren voor een inzageverzoek (AVG)"),
            ("regio_monitoren", "Cijfers van de hele regio inzien, zonder persoonsgegevens"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["brin", "vestiging"], condition=Q(soort="vo_school"), name="unique_school_brin_vestiging"
            ),
            models.UniqueConstraint(
                fields=["brin"], condition=Q(soort="mbo_instelling"), name="unique_instelling_brin"
            ),
            models.UniqueConstraint(fields=["cbs_code"], condition=Q(soort="gemeente"), name="unique_gemeente_cbs"),
            models.CheckConstraint(
                condition=~Q(soort="vo_school") | (~Q(brin="") & ~Q(vestiging="") & Q(gemeente__isnull=False)),
                name="school_has_brin_vestiging_gemeente",
            ),
            models.CheckConstraint(condition=~Q(soort="mbo_instelling") | ~Q(brin=""), name="instelling_has_brin"),
            models.CheckConstraint(condition=~Q(soort="gemeente") | ~Q(cbs_code=""), name="gemeente_has_cbs_code"),
        ]

    def __str__(self):
        return self.naam

    @property
    def code(self) -> str:
        """The key the procedure uses: BRIN+vestiging, BRIN, or CBS code."""
        if self.soort == OrganisatieSoort.VO_SCHOOL:
            return f"{self.brin}{self.vestiging}"
        if self.soort == OrganisatieSoort.GEMEENTE:
            return self.cbs_code
        return self.brin


class Locatie(models.Model):
    """A location of an MBO-instelling where programmes are given."""

    instelling = models.ForeignKey(
        Organisatie,
        on_delete=models.CASCADE,
        related_name="locaties",
        limit_choices_to={"soort": OrganisatieSoort.MBO_INSTELLING},
    )
    naam = models.CharField("naam", max_length=200)
    plaats = models.CharField("plaats", max_length=100)
    adres = models.CharField("adres", max_length=200, blank=True)

    class Meta:
        verbose_name = "locatie"
        verbose_name_plural = "locaties"
        ordering = ["naam"]
        constraints = [models.UniqueConstraint(fields=["instelling", "naam"], name="unique_locatie_per_instelling")]

    def __str__(self):
        return f"{self.naam} ({self.plaats})"


class Rol(models.Model):
    """A role at an organisation of one kind, with the permissions it grants there."""

    code = models.SlugField("code", max_length=40, unique=True)
    naam = models.CharField("naam", max_length=100)
    organisatie_soort = models.CharField("soort organisatie", max_length=20, choices=OrganisatieSoort.choices)
    permissions = models.ManyToManyField(Permission, verbose_name="rechten", blank=True)

    class Meta:
        verbose_name = "rol"
        verbose_name_plural = "rollen"
        ordering = ["organisatie_soort", "naam"]

    def __str__(self):
        return self.naam


class Lidmaatschap(models.Model):
    """A user acts for an organisation in a role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="lidmaatschappen")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="lidmaatschappen")
    rol = models.ForeignKey(Rol, on_delete=models.PROTECT, related_name="lidmaatschappen")
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisatie", "rol"], name="unique_lidmaatschap"),
        ]

    def __str__(self):
        return f"{self.user} – {self.rol} bij {self.organisatie}"


class Rolgroep(models.Model):
    """The django-guardian group of one role at one organisation: its object permissions on the
    organisation are the role's permissions, its members the users with that membership.
    Derived from `Lidmaatschap` and `Rol` and kept in step by voroc.accounts.groepen."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="rolgroepen")
    rol = models.ForeignKey(Rol, on_delete=models.CASCADE, related_name="rolgroepen")
    groep = models.OneToOneField("auth.Group", on_delete=models.CASCADE, related_name="rolgroep")

    class Meta:
        verbose_name = "rolgroep"
        verbose_name_plural = "rolgroepen"
        constraints = [models.UniqueConstraint(fields=["organisatie", "rol"], name="unique_rolgroep")]

    def __str__(self):
        return f"{self.rol} bij {self.organisatie}"


class UitnodigingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class Uitnodiging(models.Model):
    """A one-time invitation link: only a hash of the token is stored; it expires and works once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="uitnodigingen")
    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="uitnodigingen")
    rol = models.ForeignKey(Rol, on_delete=models.PROTECT, related_name="uitnodigingen")
    token_hash = models.CharField(max_length=64, unique=True)
    uitgenodigd_door = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="uitgenodigd door"
    )
    created_at = models.DateTimeField("verstuurd", auto_now_add=True)
    expires_at = models.DateTimeField("verloopt")
    used_at = models.DateTimeField("gebruikt", null=True, blank=True)

    objects = UitnodigingQuerySet.as_manager()

    class Meta:
        verbose_name = "uitnodiging"
        verbose_name_plural = "uitnodigingen"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Uitnodiging {self.user} ({self.rol} bij {self.organisatie})"

    @property
    def is_open(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()


class EnrolmentLinkQuerySet(models.QuerySet):
    def open(self):
        return self.filter(used_at__isnull=True, expires_at__gt=timezone.now())


class EnrolmentLink(models.Model):
    """A one-time link to enrol a new authenticator after the servicedesk removed the old one.

    While an account has an unused link (open or expired), its password alone cannot enrol a
    device: only a session that opened the link can. Only a hash of the token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="aangemaakt door"
    )
    created_at = models.DateTimeField("verstuurd", auto_now_add=True)
    expires_at = models.DateTimeField("verloopt")
    used_at = models.DateTimeField("gebruikt", null=True, blank=True)

    objects = EnrolmentLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "link voor nieuwe tweestapsverificatie"
        verbose_name_plural = "links voor nieuwe tweestapsverificatie"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Link voor tweestapsverificatie van gebruiker {self.user_id}"


class Protocol(models.TextChoices):
    OIDC = "oidc", "OpenID Connect"
    SAML = "saml", "SAML 2.0"


class Identiteitsprovider(models.Model):
    """A single sign-on provider through which the staff of one organisation may sign in
    (Entree Federatie, SURFconext, a municipality's own provider), by OpenID Connect
    (voroc/accounts/oidc.py) or SAML 2.0 (voroc/accounts/saml.py). Configured per organisation
    by the servicedesk; a login through it only reaches accounts that were invited there."""

    organisatie = models.ForeignKey(Organisatie, on_delete=models.CASCADE, related_name="identiteitsproviders")
    naam = models.CharField("naam op de knop", max_length=100, help_text="Bijvoorbeeld: SURFconext.")
    protocol = models.CharField("protocol", max_length=4, choices=Protocol.choices, default=Protocol.OIDC)
    issuer = models.URLField(
        "issuer",
        max_length=300,
        blank=True,
        help_text="Alleen bij OpenID Connect. De issuer-URL van de provider; de configuratie staat op "
        "<issuer>/.well-known/openid-configuration.",
    )
    client_id = models.CharField("client-id", max_length=200, blank=True, help_text="Alleen bij OpenID Connect.")
    client_secret = models.CharField("client-secret", max_length=500, blank=True)
    scopes = models.CharField("scopes", max_length=200, default="openid email", help_text="Alleen bij OpenID Connect.")
    saml_metadata = models.TextField(
        "metadata van de identity provider (XML)",
        blank=True,
        help_text="Alleen bij SAML. Plak de metadata die de identity provider publiceert (een EntityDescriptor "
        "met een IDPSSODescriptor en het certificaat waarmee hij ondertekent).",
    )
    saml_entity_id = models.CharField(
        "entity-id van de identity provider",
        max_length=1024,
        blank=True,
        editable=False,
        help_text="Uit de metadata gehaald.",
    )
    claim_identiteit = models.CharField(
        "claim met het e-mailadres",
        max_length=100,
        default="email",
        help_text="De claim (OpenID Connect) of het attribuut (SAML, bijvoorbeeld urn:mace:dir:attribute-def:mail "
        "of mail) dat het e-mailadres van het uitgenodigde account bevat.",
    )
    claim_meerdere_factoren = models.CharField(
        "claim voor meerdere factoren",
        max_length=100,
        blank=True,
        help_text="Bijvoorbeeld acr of amr; bij SAML AuthnContextClassRef of een attribuut. Leeg: de "
        "tweestapsverificatie van VOROC volgt altijd.",
    )
    waarden_meerdere_factoren = models.CharField(
        "waarden die meerdere factoren betekenen",
        max_length=500,
        blank=True,
        help_text="Gescheiden door spaties, bijvoorbeeld: mfa otp http://schemas.example/loa3.",
    )
    actief = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "identiteitsprovider"
        verbose_name_plural = "identiteitsproviders"
        ordering = ["organisatie__naam", "naam"]
        constraints = [models.UniqueConstraint(fields=["organisatie", "naam"], name="unique_idp_naam_per_organisatie")]

    def __str__(self):
        return f"{self.naam} ({self.organisatie})"

    def clean(self):
        """The fields the chosen protocol needs; for SAML, metadata that a login can use (its
        entity id is taken from it)."""
        if self.protocol == Protocol.SAML:
            from .saml_metadata import MetadataFout, read_idp_metadata

            if not self.saml_metadata.strip():
                raise ValidationError({"saml_metadata": "Plak de metadata van de identity provider."})
            try:
                self.saml_entity_id = read_idp_metadata(self.saml_metadata).entity_id
            except MetadataFout as fout:
                raise ValidationError({"saml_metadata": fout.melding})
            return
        errors = {}
        if not self.issuer:
            errors["issuer"] = "Vul de issuer in."
        if not self.client_id.strip():
            errors["client_id"] = "Vul de client-id in."
        if not self.client_secret:
            errors["client_secret"] = "Vul het client-secret in."
        if errors:
            raise ValidationError(errors)

    @property
    def mfa_waarden(self) -> set[str]:
        return set(self.waarden_meerdere_factoren.split())

    @property
    def secret_hint(self) -> str:
        """Never the secret itself: its last four characters, enough to recognise a replacement."""
        return "••••" + self.client_secret[-4:] if len(self.client_secret) > 8 else "••••"


class SSOApparaat(Device):
    """The second factor a provider vouched for (its multi-factor claim): a django-otp device, so a
    login through such a provider makes the session verified exactly as a TOTP step does
    (`django_otp.login`). It never accepts a typed code (Device.verify_token answers False)."""

    identiteitsprovider = models.ForeignKey(Identiteitsprovider, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "tweede factor via identiteitsprovider"
        verbose_name_plural = "tweede factoren via identiteitsprovider"
        constraints = [
            models.UniqueConstraint(fields=["user", "identiteitsprovider"], name="unique_sso_apparaat"),
        ]
