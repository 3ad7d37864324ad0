"""A pupil's or parent's access to one pupil's file, and the one-time codes that grant it.

A portal account is a `User` of kind leerling or ouder with no membership of any organisation:
it holds no organisation permission, so every staff page refuses it. Its only relation to a
pupil is an active `Toegang` row, which voroc.policy reads as the `leerling` or `ouder` column of
the visibility table.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Relatie(models.TextChoices):
    LEERLING = "leerling", "leerling"
    OUDER = "ouder", "ouder of verzorger"


class Toegang(models.Model):
    """One portal account's access to one pupil's file; revoked, never deleted (audit)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="toegangen")
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="toegangen")
    relatie = models.CharField("relatie", max_length=10, choices=Relatie.choices)
    verleend_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verleend_op = models.DateTimeField("verleend op", default=timezone.now)
    ingetrokken_op = models.DateTimeField("ingetrokken op", null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A parent chooses whether to receive the pupil's notifications too (a pupil always does).
    meldingen = models.BooleanField("ontvangt dezelfde berichten als de leerling", default=True)

    class Meta:
        verbose_name = "toegang tot het portaal"
        verbose_name_plural = "toegangen tot het portaal"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "leerling"], condition=Q(ingetrokken_op__isnull=True), name="toegang_een_actieve"
            ),
            # a pupil has at most one own account
            models.UniqueConstraint(
                fields=["leerling"],
                condition=Q(ingetrokken_op__isnull=True, relatie="leerling"),
                name="toegang_een_leerlingaccount",
            ),
        ]
        indexes = [models.Index(fields=["user", "ingetrokken_op"], name="toegang_user_actief")]

    def __str__(self):
        return f"{self.get_relatie_display()} - leerling {self.leerling_id}"

    @property
    def actief(self) -> bool:
        return self.ingetrokken_op is None


class Activatiecode(models.Model):
    """A one-time code that lets its holder create a portal account for one pupil's file (the
    activation letter, or an e-mail invitation). Only a hash is kept; used once; expires."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="activatiecodes")
    relatie = models.CharField("voor", max_length=10, choices=Relatie.choices)
    code_hash = models.CharField(max_length=128, unique=True)
    email = models.EmailField("uitgenodigd e-mailadres", blank=True)  # an e-mail invitation; blank for a letter
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(default=timezone.now)
    verloopt_op = models.DateTimeField("verloopt op")
    gebruikt_op = models.DateTimeField("gebruikt op", null=True, blank=True)
    ingetrokken_op = models.DateTimeField("ingetrokken op", null=True, blank=True)

    class Meta:
        verbose_name = "activatiecode"
        verbose_name_plural = "activatiecodes"
        indexes = [models.Index(fields=["leerling", "relatie"], name="activatiecode_leerling")]

    def __str__(self):
        return f"activatiecode {self.pk} ({self.relatie})"

    def bruikbaar(self, nu=None) -> bool:
        nu = nu or timezone.now()
        return self.gebruikt_op is None and self.ingetrokken_op is None and nu < self.verloopt_op


class Opleidingswens(models.Model):
    """A programme the pupil wishes to apply for (at most two, at one institution, as the
    procedure allows); the decaan turns the wishes into applications (`omgezet_in`)."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="opleidingswensen")
    opleiding = models.ForeignKey("aanmelding.Opleiding", on_delete=models.PROTECT, related_name="+")
    volgorde = models.PositiveSmallIntegerField("volgorde")
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    omgezet_in = models.ForeignKey(
        "aanmelding.Aanmelding", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "opleidingswens"
        verbose_name_plural = "opleidingswensen"
        ordering = ["leerling", "volgorde"]
        constraints = [
            models.UniqueConstraint(fields=["leerling", "opleiding"], name="opleidingswens_een_per_opleiding"),
        ]

    def __str__(self):
        return f"opleidingswens {self.volgorde} - leerling {self.leerling_id}"


class Zienswijze(models.Model):
    """A parent's view on the transfer form, in their own words. Append-only: a later view is a
    new row, the earlier ones stay (what the school and the mbo read must not change after)."""

    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="zienswijzen")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    tekst = models.TextField("zienswijze", max_length=4000)
    aangemaakt_op = models.DateTimeField("geschreven op", default=timezone.now)

    class Meta:
        verbose_name = "zienswijze van ouder/verzorger"
        verbose_name_plural = "zienswijzen van ouders/verzorgers"
        ordering = ["leerling", "aangemaakt_op", "pk"]

    def __str__(self):
        return f"zienswijze {self.pk} - leerling {self.leerling_id}"
