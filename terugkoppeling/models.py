"""The timeline of a pupil: every step is an appended event, never a rewrite.

An application's status change is a Terugkoppeling (feedback) that the school,
the home municipality and, for its own applications, the mbo see with time and
author. Other steps in the pupil's file (form made final, melding, move,
Elders, diploma result) are events of their own kind on the same timeline.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from aanmelding.status import Feedbackmoment, Status


class Soort(models.TextChoices):
    AANMELDING = "aanmelding", "aanmelding"
    FORMULIER = "formulier", "doorstroomformulier"
    MELDING = "melding", "melding"
    VERHUIZING = "verhuizing", "verhuizing"
    ELDERS = "elders", "Elders"
    DIPLOMA = "diploma", "diplomaresultaat"
    LEERLING = "leerling", "leerlinggegevens"
    VERTREK = "vertrek", "vertrek van school"


class TerugkoppelingQuerySet(models.QuerySet):
    def for_user(self, user):
        """Events the user may see: all of pupils in the school or municipality scope;
        for an mbo, only the events of applications to its own institution."""
        from voroc import policy

        return self.filter(policy.terugkoppeling_q(user))


class Terugkoppeling(models.Model):
    leerling = models.ForeignKey("leerlingen.Leerling", on_delete=models.CASCADE, related_name="terugkoppelingen")
    aanmelding = models.ForeignKey(
        "aanmelding.Aanmelding", on_delete=models.CASCADE, null=True, blank=True, related_name="terugkoppelingen"
    )
    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    van_status = models.CharField("van status", max_length=30, choices=Status.choices, blank=True)
    status = models.CharField("status", max_length=30, choices=Status.choices, blank=True)
    moment = models.PositiveSmallIntegerField("feedbackmoment", choices=Feedbackmoment.choices, null=True, blank=True)
    bericht = models.TextField("bericht")
    auteur = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.SET_NULL, null=True, related_name="+")
    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)

    objects = TerugkoppelingQuerySet.as_manager()

    class Meta:
        verbose_name = "terugkoppeling"
        verbose_name_plural = "terugkoppelingen"
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


# --- Notifications ------------------------------------------------------------------------
#
# A Notificatie is one message for one user, or for a municipal team (`organisatie` with
# `team_recht`, `user` empty: one row per event however many consulenten the team has, read and
# handled once for the whole team; docs/adr/0014-notificaties-per-team.md). In-app (the
# notification centre) and, per each user's preference, by e-mail now or in the daily digest.
# The rows are the outbox: a mail still due has `mail_status = wacht` or `digest`, so work that
# could not be queued (broker down) is picked up by the periodic outbox task; a team row's mail
# is fanned out to the team's members when it is sent, and its digest share is tracked per user
# by `DigestStand`. A notification stores no pupil name, BSN or
# free text: the pupil is a foreign key, shown only while the pupil is still in the user's
# scope (see selectors.py and docs/adr/0007-notificaties-zonder-persoonsgegevens-in-mail.md).


class NotificatieSoort(models.TextChoices):
    TERUGKOPPELING = "terugkoppeling", "terugkoppeling op een aanmelding"
    TERUGVAL = "terugval", "aanmelding afgewezen, uitgeloot, op de wachtlijst, niet verschenen of ingetrokken"
    TE_LAAT = "te_laat", "aanmelding na de aanmelddeadline"
    GEZAKT = "gezakt", "gezakt bij voorwaardelijke plaatsing"
    MELDING = "melding", "nieuwe melding"
    VERHUIZING = "verhuizing", "leerling verhuisd naar uw gemeente"
    HERINNERING = "herinnering", "herinnering aan een mijlpaal"
    TEST = "test", "testbericht"


class MailStatus(models.TextChoices):
    WACHT = "wacht", "wacht op verzending"
    DIGEST = "digest", "in het dagelijks overzicht"
    VERZONDEN = "verzonden", "verzonden"
    GEEN = "geen", "geen e-mail"


class MailVoorkeur(models.TextChoices):
    DIRECT = "direct", "direct een e-mail per notificatie"
    DAGELIJKS = "dagelijks", "één dagelijks overzicht per e-mail"
    GEEN = "geen", "geen e-mail, alleen in VOROC"


class Mijlpaal(models.TextChoices):
    """The reminders of the school year; some milestones have a second, later reminder."""

    FORMULIEREN_GEREED = "formulieren_gereed", "doorstroomformulieren nog niet definitief"
    RISICO_MELDEN = "risico_melden", "risicoleerlingen melden bij de gemeente"
    AANMELDDEADLINE = "aanmelddeadline", "leerlingen zonder aanmelding vóór de aanmelddeadline"
    AANMELDDEADLINE_GEMEENTE = "aanmelddeadline_gemeente", "inwoners zonder aanmelding na de aanmelddeadline"
    TERUGKOPPELING_GEREED = "terugkoppeling_gereed", "aanmeldingen zonder alle drie terugkoppelmomenten"
    DIPLOMARESULTATEN = "diplomaresultaten", "diplomaresultaten ontbreken"
    JUNI_CONTROLE = "juni_controle", "leerlingen zonder plaatsing of Elders-bestemming"
    JUNI_CONTROLE_GEMEENTE = "juni_controle_gemeente", "inwoners zonder plaatsing of Elders-bestemming"
    WARME_OVERDRACHT = "warme_overdracht", "geplaatste leerlingen zonder geplande warme overdracht"
    NOSHOW_MELDEN = "noshow_melden", "ingeschreven studenten: start of niet verschenen melden"


class NotificatieVoorkeur(models.Model):
    """How a user wants to be mailed. No row: the default of the user's role (roles.MAIL_STANDAARD,
    the daily digest for the high-volume roles), else the setting VOROC_NOTIFICATIE_MAIL_STANDAARD."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notificatievoorkeur")
    mail = models.CharField("e-mail", max_length=10, choices=MailVoorkeur.choices, default=MailVoorkeur.DAGELIJKS)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "notificatievoorkeur"
        verbose_name_plural = "notificatievoorkeuren"

    def __str__(self):
        return self.get_mail_display()


class Herinnering(models.Model):
    """The log of deadline reminders: at most one per user, school year and milestone.

    The reminder run inserts these rows first and sends only for the rows it inserted itself
    (`run`), so a second run, a retry or a concurrent run sends nothing twice.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    schooljaar = models.ForeignKey("leerlingen.Schooljaar", on_delete=models.CASCADE, related_name="+")
    mijlpaal = models.CharField("mijlpaal", max_length=30, choices=Mijlpaal.choices)
    organisatie = models.ForeignKey("accounts.Organisatie", on_delete=models.CASCADE, null=True, related_name="+")
    aantal = models.PositiveIntegerField("aantal")
    run = models.UUIDField("run", db_index=True)
    aangemaakt = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "herinnering"
        verbose_name_plural = "herinneringen"
        constraints = [
            models.UniqueConstraint(fields=["user", "schooljaar", "mijlpaal"], name="herinnering_once_per_user"),
        ]

    def __str__(self):
        return f"{self.get_mijlpaal_display()} ({self.aantal})"


class DigestStand(models.Model):
    """Up to when a user's daily digest has covered the team notifications (rows without a user):
    one row per user, locked while the digest is sent, so a retried digest mails nothing twice."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tot = models.DateTimeField("team-notificaties gemaild tot en met")

    class Meta:
        verbose_name = "stand dagelijks overzicht"
        verbose_name_plural = "standen dagelijks overzicht"

    def __str__(self):
        return f"tot {self.tot:%Y-%m-%d %H:%M}"


class NotificatieQuerySet(models.QuerySet):
    def for_user(self, user):
        """The user's own notifications and those of the teams the user belongs to (voroc.policy)."""
        from voroc import policy

        return self.filter(policy.notificatie_q(user))

    def ongelezen(self):
        return self.filter(gelezen_op__isnull=True)

    def open_terugval(self):
        """Drop-backs still to be handled ("Af te handelen"), read or not."""
        return self.filter(afhandelen=True, afgehandeld_op__isnull=True)


class Notificatie(models.Model):
    # One of the two: a user, or a team (an organisation and the permission its members hold).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notificaties"
    )
    # No index of its own: the unique (organisatie, terugkoppeling) and the unread index lead with it.
    organisatie = models.ForeignKey(
        "accounts.Organisatie", on_delete=models.CASCADE, null=True, blank=True, related_name="+", db_index=False
    )
    team_recht = models.CharField("recht van het team", max_length=50, blank=True)
    soort = models.CharField("soort", max_length=20, choices=NotificatieSoort.choices)
    status = models.CharField("status aanmelding", max_length=30, choices=Status.choices, blank=True)
    leerling = models.ForeignKey(
        "leerlingen.Leerling", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    terugkoppeling = models.ForeignKey(
        Terugkoppeling, on_delete=models.CASCADE, null=True, blank=True, related_name="notificaties"
    )
    herinnering = models.OneToOneField(
        Herinnering, on_delete=models.CASCADE, null=True, blank=True, related_name="notificatie"
    )
    aantal = models.PositiveIntegerField("aantal", null=True, blank=True)
    aangemaakt = models.DateTimeField("aangemaakt", default=timezone.now, db_index=True)
    gelezen_op = models.DateTimeField("gelezen op", null=True, blank=True)
    mail_status = models.CharField("e-mail", max_length=10, choices=MailStatus.choices, default=MailStatus.WACHT)
    mail_verzonden_op = models.DateTimeField("e-mail verzonden op", null=True, blank=True)
    # A drop-back (afgewezen, uitgeloot, wachtlijst, niet verschenen, gezakt) stays on "Af te
    # handelen" until someone marks it handled; reading it does not.
    afhandelen = models.BooleanField("af te handelen", default=False)
    afgehandeld_op = models.DateTimeField("afgehandeld op", null=True, blank=True)
    afgehandeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = NotificatieQuerySet.as_manager()

    class Meta:
        verbose_name = "notificatie"
        verbose_name_plural = "notificaties"
        ordering = ["-aangemaakt", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "terugkoppeling"],
                condition=Q(terugkoppeling__isnull=False),
                name="notificatie_once_per_event",
            ),
            models.UniqueConstraint(
                fields=["organisatie", "terugkoppeling"],
                condition=Q(terugkoppeling__isnull=False, organisatie__isnull=False),
                name="team_notificatie_once_per_event",
            ),
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(organisatie__isnull=True) & Q(team_recht=""))
                | (Q(user__isnull=True) & Q(organisatie__isnull=False) & ~Q(team_recht="")),
                name="notificatie_user_or_team",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "gelezen_op"], name="notificatie_user_gelezen"),
            # The header's unread count, team side of `for_user`: only the unread team rows, so it
            # stays small however many a team has read (the user side: notificatie_user_gelezen).
            models.Index(
                fields=["organisatie", "team_recht"],
                condition=Q(organisatie__isnull=False, gelezen_op__isnull=True),
                name="notificatie_team_ongelezen",
            ),
            models.Index(fields=["mail_status", "aangemaakt"], name="notificatie_outbox"),
        ]

    def __str__(self):
        return self.get_soort_display()

    @property
    def is_team(self) -> bool:
        return self.user_id is None

    @property
    def open(self) -> bool:
        """A drop-back nobody has handled yet."""
        return self.afhandelen and self.afgehandeld_op is None

    @property
    def mijlpaal(self) -> str:
        return self.herinnering.mijlpaal if self.herinnering_id else ""

    @property
    def titel(self) -> str:
        """A one-line Dutch title without personal data: used in the centre and in mail."""
        if self.soort == NotificatieSoort.HERINNERING and self.herinnering_id:
            return f"Herinnering: {self.herinnering.get_mijlpaal_display()} ({self.aantal})"
        if self.soort == NotificatieSoort.TERUGKOPPELING and self.status:
            return f"Terugkoppeling op een aanmelding: {self.get_status_display()}"
        if self.soort == NotificatieSoort.TERUGVAL and self.status:
            return f"Aanmelding valt terug: {self.get_status_display()}"
        return str(self.get_soort_display()).capitalize()
