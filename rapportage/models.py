"""The daily snapshot of counts: per date, school year, dimension and key, one count per category
and value. No row names or identifies a pupil (counts of the region's schools, institutions,
municipalities and leerwegen, and the lead times of an institution's programmes and a
municipality as counts and sums of days), so it survives the retention purge and gives next year
its "last year at the same date"."""

from django.db import models


class Dimensie(models.TextChoices):
    REGIO = "regio", "regio"
    SCHOOL = "school", "school"
    INSTELLING = "instelling", "mbo-instelling"
    GEMEENTE = "gemeente", "gemeente"
    LEERWEG = "leerweg", "leerweg"
    # A part of an organisation: `sleutel` is the organisation, `onderdeel` the part.
    OPLEIDING = "opleiding", "opleiding van een mbo-instelling"
    SCHOOL_LEERWEG = "school_leerweg", "leerweg van een school"


class Categorie(models.TextChoices):
    TOTAAL = "totaal", "leerlingen"
    TOESTAND = "toestand", "leerlingen per toestand"
    BESTEMMING = "bestemming", "bestemming Elders per soort"
    ZONDER_BESTEMMING = "zonder_bestemming", "zonder bestemming"
    RISICO = "risico", "risicoleerlingen"
    AANMELDING_STATUS = "aanmelding_status", "aanmeldingen per status"
    # Lead times as of that day, per step (`waarde`: "ontvangst", "intake", "besluit",
    # "eerste_contact"): enough to give the measured ones, the mean, the median and the share
    # within the norm again without the records, which the retention purge removes.
    DOORLOOP_AANTAL = "doorloop_aantal", "aanmeldingen of risicomeldingen (doorlooptijden)"
    DOORLOOP_GEMETEN = "doorloop_gemeten", "doorlooptijden gemeten"
    DOORLOOP_DAGEN = "doorloop_dagen", "doorlooptijden: som van de dagen"
    DOORLOOP_MEDIAAN = "doorloop_mediaan", "doorlooptijden: mediaan in halve dagen"
    DOORLOOP_BINNEN_NORM = "doorloop_binnen_norm", "doorlooptijden binnen de norm"
    DOORLOOP_NORM = "doorloop_norm", "de norm van die dag (dagen)"


class Telling(models.Model):
    """One count of one day's snapshot. `sleutel` is the organisation's id or the leerweg's code
    ("" for the region); `naam` is its name on that day, so that the history reads the same after
    a rename or the organisation's removal. A part of an organisation (a programme of an
    institution, a leerweg of a school) is `onderdeel` with its own `onderdeel_naam`; "" for the
    whole organisation."""

    datum = models.DateField("datum")
    schooljaar = models.ForeignKey("leerlingen.Schooljaar", on_delete=models.CASCADE, related_name="+")
    dimensie = models.CharField("dimensie", max_length=20, choices=Dimensie.choices)
    sleutel = models.CharField("sleutel", max_length=20, blank=True)
    naam = models.CharField("naam", max_length=200, blank=True)
    onderdeel = models.CharField("onderdeel", max_length=20, blank=True, default="")
    onderdeel_naam = models.CharField("naam van het onderdeel", max_length=200, blank=True, default="")
    categorie = models.CharField("categorie", max_length=30, choices=Categorie.choices)
    waarde = models.CharField("waarde", max_length=40, blank=True)
    aantal = models.PositiveIntegerField("aantal")

    class Meta:
        verbose_name = "telling"
        verbose_name_plural = "tellingen"
        constraints = [
            models.UniqueConstraint(
                fields=["datum", "schooljaar", "dimensie", "sleutel", "onderdeel", "categorie", "waarde"],
                name="unique_telling_per_dag_onderdeel",
            )
        ]
        indexes = [models.Index(fields=["schooljaar", "dimensie", "datum"], name="telling_jaar_dimensie_datum")]

    def __str__(self):
        return f"{self.datum} {self.dimensie} {self.naam} {self.categorie} {self.waarde}: {self.aantal}"
