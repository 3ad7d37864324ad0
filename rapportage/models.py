"""The daily snapshot of counts: per date, school year, dimension and key, one count per category
and value. No row names or identifies a pupil (counts of the region's schools, institutions,
municipalities and leerwegen), so it survives the retention purge and gives next year its
"last year at the same date"."""

from django.db import models


class Dimensie(models.TextChoices):
    REGIO = "regio", "regio"
    SCHOOL = "school", "school"
    INSTELLING = "instelling", "mbo-instelling"
    GEMEENTE = "gemeente", "gemeente"
    LEERWEG = "leerweg", "leerweg"


class Categorie(models.TextChoices):
    TOTAAL = "totaal", "leerlingen"
    TOESTAND = "toestand", "leerlingen per toestand"
    BESTEMMING = "bestemming", "bestemming Elders per soort"
    ZONDER_BESTEMMING = "zonder_bestemming", "zonder bestemming"
    RISICO = "risico", "risicoleerlingen"
    AANMELDING_STATUS = "aanmelding_status", "aanmeldingen per status"


class Telling(models.Model):
    """One count of one day's snapshot. `sleutel` is the organisation's id or the leerweg's code
    ("" for the region); `naam` is its name on that day, so that the history reads the same after
    a rename or the organisation's removal."""

    datum = models.DateField("datum")
    schooljaar = models.ForeignKey("leerlingen.Schooljaar", on_delete=models.CASCADE, related_name="+")
    dimensie = models.CharField("dimensie", max_length=20, choices=Dimensie.choices)
    sleutel = models.CharField("sleutel", max_length=20, blank=True)
    naam = models.CharField("naam", max_length=200, blank=True)
    categorie = models.CharField("categorie", max_length=30, choices=Categorie.choices)
    waarde = models.CharField("waarde", max_length=40, blank=True)
    aantal = models.PositiveIntegerField("aantal")

    class Meta:
        verbose_name = "telling"
        verbose_name_plural = "tellingen"
        constraints = [
            models.UniqueConstraint(
                fields=["datum", "schooljaar", "dimensie", "sleutel", "categorie", "waarde"],
                name="unique_telling_per_dag",
            )
        ]
        indexes = [models.Index(fields=["schooljaar", "dimensie", "datum"], name="telling_jaar_dimensie_datum")]

    def __str__(self):
        return f"{self.datum} {self.dimensie} {self.naam} {self.categorie} {self.waarde}: {self.aantal}"
