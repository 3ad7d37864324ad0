"""The timeline of a pupil: every step is an appended event, never a rewrite.

An application's status change is a Terugkoppeling (feedback) that the school,
the home municipality and, for its own applications, the mbo see with time and
author. Other steps in the pupil's file (form made final, melding, move,
Elders, diploma result) are events of their own kind on the same timeline.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aanmelding.status import Feedbackmoment, Status


class Soort(models.TextChoices):
    AANMELDING = "aanmelding", _("aanmelding")
    FORMULIER = "formulier", _("doorstroomformulier")
    MELDING = "melding", _("melding")
    VERHUIZING = "verhuizing", _("verhuizing")
    ELDERS = "elders", _("Elders")
    DIPLOMA = "diploma", _("diplomaresultaat")
    LEERLING = "leerling", _("leerlinggegevens")


class TerugkoppelingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Events the user may see: all of pupils in the school or municipality scope;
        for an mbo, only the events of applications to its own institution."""
        from voroc import policy

        return self.filter(
            policy.leerling_school_gemeente_q(user, prefix="leerling__")
            | policy.aanmelding_mbo_q(user, prefix="aanmelding__")
        )


class Terugkoppeling(models.Model):
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="gebeurtenissen")
    aanmelding = models.ForeignKey(
        "aanmelding.Aanmelding", on_delete=models.CASCADE, null=True, blank=True, related_name="terugkoppelingen"
    )
    soort = models.CharField(_("soort"), max_length=20, choices=Soort.choices)
    van_status = models.CharField(_("van status"), max_length=30, choices=Status.choices, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, blank=True)
    moment = models.PositiveSmallIntegerField(
        _("feedbackmoment"), choices=Feedbackmoment.choices, null=True, blank=True
    )
    bericht = models.TextField(_("bericht"))
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField(_("tijdstip"), auto_now_add=True, db_index=True)

    objects = TerugkoppelingQuerySet.as_manager()

    class Meta:
        verbose_name = _("terugkoppeling")
        verbose_name_plural = _("terugkoppelingen")
        ordering = ["-tijdstip", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(soort="aanmelding") | (Q(aanmelding__isnull=False) & ~Q(status="")),
                name="aanmelding_event_has_aanmelding_and_status",
            ),
        ]
        indexes = [models.Index(fields=["aanmelding", "moment"])]

    def __str__(self):
        return f"{self.get_soort_display()}: {self.bericht[:60]}"
