"""API clients: a system of one organisation (a school's administration, an mbo's student
system, a municipality's case system) that calls the open API with a bearer token.

Only a SHA-256 of the token is stored; the token itself is shown once, when it is made. A client
acts as its own service account (`gebruiker`: no password, no membership) holding only the
client's scopes at its organisation (api.authentication), so every scope, selector and
visibility rule of voroc.policy applies to it unchanged, and the read log and the audit trail
name it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiClientQuerySet(models.QuerySet):
    def geldig(self, now=None):
        """Clients whose token is accepted: not revoked, not expired, organisation active."""
        now = now or timezone.now()
        return self.filter(ingetrokken_op__isnull=True, verloopt_op__gt=now, organisatie__actief=True)


class ApiClient(models.Model):
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.PROTECT, related_name="api_clients")
    naam = models.CharField("naam", max_length=100)
    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_vernieuwd_op = models.DateTimeField("token vernieuwd op", null=True, blank=True, editable=False)
    scopes = models.JSONField("rechten", default=list)
    aangemaakt = models.DateTimeField("aangemaakt", auto_now_add=True)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    verloopt_op = models.DateTimeField("verloopt op")
    ingetrokken_op = models.DateTimeField("ingetrokken op", null=True, blank=True)
    laatst_gebruikt_op = models.DateTimeField("laatst gebruikt op", null=True, blank=True)
    # Outbound notices (api/webhooks.py): optional. The secret signs every notice (HMAC-SHA256);
    # it is shown once when the servicedesk makes it and kept to sign with.
    webhook_url = models.URLField("webhook-URL", max_length=500, blank=True)
    webhook_geheim = models.CharField(max_length=64, blank=True, editable=False)

    objects = ApiClientQuerySet.as_manager()

    class Meta:
        verbose_name = "API-client"
        verbose_name_plural = "API-clients"
        ordering = ["organisatie__naam", "naam", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisatie", "naam"], name="unique_api_client_naam"),
        ]

    def __str__(self):
        return f"API-client {self.pk}"

    @property
    def ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None

    @property
    def verlopen(self) -> bool:
        return self.verloopt_op <= timezone.now()


class AfleveringStatus(models.TextChoices):
    WACHTRIJ = "wachtrij", "in de wachtrij"
    AFGELEVERD = "afgeleverd", "afgeleverd"
    MISLUKT = "mislukt", "mislukt"
    VERVALLEN = "vervallen", "vervallen (geen webhook meer)"


class WebhookAflevering(models.Model):
    """One outbound notice of a status change to one client, with how its delivery went.

    It names the event and the application by id only: the notice itself is built when it is
    sent, from what the client's organisation may see then (api/webhooks.py)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="afleveringen")
    gebeurtenis_id = models.PositiveBigIntegerField("gebeurtenis")
    aanmelding_id = models.PositiveBigIntegerField("aanmelding")
    status = models.CharField(
        "status", max_length=20, choices=AfleveringStatus.choices, default=AfleveringStatus.WACHTRIJ
    )
    pogingen = models.PositiveSmallIntegerField("pogingen", default=0)
    http_status = models.PositiveSmallIntegerField("laatste HTTP-status", null=True, blank=True)
    fout = models.CharField("laatste fout", max_length=200, blank=True)
    aangemaakt = models.DateTimeField("aangemaakt", auto_now_add=True)
    laatste_poging_op = models.DateTimeField("laatste poging", null=True, blank=True)
    afgeleverd_op = models.DateTimeField("afgeleverd op", null=True, blank=True)

    class Meta:
        verbose_name = "webhook-aflevering"
        verbose_name_plural = "webhook-afleveringen"
        ordering = ["-aangemaakt", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["client", "gebeurtenis_id"], name="webhook_once_per_event"),
        ]
        indexes = [models.Index(fields=["client", "aangemaakt"], name="webhook_client_datum")]

    def __str__(self):
        return f"Webhook-aflevering {self.pk}"
