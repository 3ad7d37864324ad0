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


class MeldingQuerySet(models.QuerySet):
    def for_user(self, user):
        """The municipality where the pupil lives; the organisation that made the melding."""
        from voroc import policy

        g = policy.grants_for(user)
        return self.filter(
            Q(leerling__woongemeente_id__in=g.orgs("meldingen_behandelen"))
            | Q(melder_organisatie_id__in=g.orgs("leerlingen_alle_inzien") | g.orgs("aanmeldingen_behandelen"))
            | Q(melder_organisatie_id__in=g.orgs("leerlingen_mentorgroep_inzien"), leerling__mentor_id=user.pk)
        )


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
        ]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.leerling}"
