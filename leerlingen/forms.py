from django import forms

from voroc.accounts.models import Organisatie
from voroc.forms import Form

from .models import DiplomaResultaat, EldersSoort, VertrekReden


class EldersForm(Form):
    soort = forms.ChoiceField(label="Bestemming", choices=[("", "---------"), *EldersSoort.choices])
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    aanmeldingen_intrekken = forms.BooleanField(
        label="Trek de lopende aanmelding(en) van deze leerling in",
        required=False,
        help_text="Een leerling heeft één bestemming: met een bestemming Elders vervallen de aanmeldingen.",
    )
    terug = forms.ChoiceField(choices=[("", ""), ("juni", "juni")], required=False, widget=forms.HiddenInput)


class VertrekForm(Form):
    datum = forms.DateField(
        label="Datum van vertrek",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de datum van vertrek in.", "invalid": "Vul een geldige datum in."},
    )
    reden = forms.ChoiceField(
        label="Reden",
        choices=[("", "Kies een reden"), *VertrekReden.choices],
        error_messages={"required": "Kies een reden van vertrek."},
    )
    toelichting = forms.CharField(
        label="Toelichting",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld de nieuwe school. Verplicht bij de reden 'anders'.",
    )


class JuniEldersForm(Form):
    """The June check's bulk action: the chosen pupils (limited to those the user may edit) get one
    Elders destination."""

    leerlingen = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Leerlingen",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies een of meer leerlingen.", "invalid_choice": "Kies leerlingen uit de lijst."},
    )
    soort = forms.ChoiceField(
        label="Bestemming",
        choices=[("", "Kies een bestemming"), *EldersSoort.choices],
        error_messages={"required": "Kies een bestemming."},
    )
    toelichting = forms.CharField(label="Toelichting", required=False, max_length=1000)
    aanmeldingen_intrekken = forms.BooleanField(
        label="Trek lopende aanmeldingen van deze leerlingen in", required=False
    )

    def __init__(self, *args, leerlingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerlingen"].queryset = leerlingen


class SchoolKeuzeMixin:
    """A `school` field limited to the given schools; hidden when there is only one."""

    def _school_field(self, scholen):
        field = forms.ModelChoiceField(label="School", queryset=scholen, empty_label=None)
        self.fields["school"] = field
        scholen = list(field.queryset)
        if len(scholen) == 1:
            field.widget = forms.HiddenInput()
            field.initial = scholen[0].pk
            field.required = False
            self._enige_school = scholen[0]

    def clean_school(self):
        school = self.cleaned_data.get("school")
        return school or getattr(self, "_enige_school", None)


class LeerlingGegevensForm(SchoolKeuzeMixin, Form):
    """One pupil's data by hand: the import's fields (leerlingen.importeren.VELDEN) as text; the
    service checks them the way the import does."""

    def __init__(self, *args, scholen=None, bewerken: bool = False, **kwargs):
        from .importeren import VELDEN

        super().__init__(*args, **kwargs)
        if scholen is not None:
            self._school_field(scholen)
        for veld in VELDEN:
            self.fields[veld.key] = forms.CharField(
                label=veld.label, required=veld.verplicht, max_length=veld.max_length or 100
            )
        self.fields["geboortedatum"].help_text = "dd-mm-jjjj"
        self.fields["bsn"].required = self.fields["onderwijsnummer"].required = False
        if bewerken:
            for nummer in ("bsn", "onderwijsnummer"):
                self.fields[
                    nummer
                ].help_text = "Leeg laten: het vastgelegde nummer blijft (het wordt hier niet getoond)."

    def gegevens(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k != "school"}

    @staticmethod
    def initial_van(leerling) -> dict[str, str]:
        """The form's values for an existing pupil, without the full BSN or onderwijsnummer."""
        return {
            "leerlingnummer": leerling.leerlingnummer,
            "voornaam": leerling.voornaam,
            "tussenvoegsel": leerling.tussenvoegsel,
            "achternaam": leerling.achternaam,
            "geboortedatum": leerling.geboortedatum.strftime("%d-%m-%Y"),
            "klas": leerling.klas,
            "leerweg": leerling.leerweg,
            "profiel": leerling.profiel,
            "straat": leerling.straat,
            "huisnummer": leerling.huisnummer,
            "postcode": leerling.postcode,
            "woonplaats": leerling.woonplaats,
            "gemeente": leerling.woongemeente.cbs_code,
            "mentor": leerling.mentor.email if leerling.mentor else "",
        }


class MentorToewijzenForm(Form):
    leerlingen = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies een of meer leerlingen.", "invalid_choice": "Kies leerlingen uit de lijst."},
    )
    mentor = forms.ModelChoiceField(
        queryset=None, label="Mentor", empty_label="Kies een mentor", error_messages={"required": "Kies een mentor."}
    )

    def __init__(self, *args, leerlingen, mentoren, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leerlingen"].queryset = leerlingen
        self.fields["mentor"].queryset = mentoren


class DiplomaKlasForm(Form):
    """One result per pupil of a class: fields `r<pk>`."""

    def __init__(self, *args, leerlingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.leerlingen = list(leerlingen)
        for leerling in self.leerlingen:
            self.fields[f"r{leerling.pk}"] = forms.ChoiceField(
                label=f"Diplomaresultaat van {leerling.volledige_naam}",
                choices=DiplomaResultaat.choices,
                initial=leerling.diploma_resultaat,
            )

    def rijen(self):
        return [(leerling, self[f"r{leerling.pk}"]) for leerling in self.leerlingen]

    def resultaten(self):
        return [(leerling, self.cleaned_data[f"r{leerling.pk}"]) for leerling in self.leerlingen]


class DiplomaImportForm(SchoolKeuzeMixin, Form):
    bestand = forms.FileField(
        label="CSV-bestand met leerlingnummer;resultaat",
        error_messages={"required": "Kies het CSV-bestand met de diplomaresultaten."},
        help_text=(
            "Eén regel per leerling, bijvoorbeeld 123456;geslaagd. Resultaten: geslaagd, gezakt, herexamen, onbekend."
        ),
    )

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self._school_field(scholen)


class LeerlingimportUploadForm(SchoolKeuzeMixin, Form):
    bestand = forms.FileField(
        label="Exportbestand uit de leerlingadministratie (CSV of Excel)",
        error_messages={"required": "Kies het exportbestand uit de leerlingadministratie."},
        help_text="Uit Magister, Somtoday, Eduarte of een ander systeem; maximaal 10 MB.",
    )

    def __init__(self, *args, scholen, **kwargs):
        super().__init__(*args, **kwargs)
        self._school_field(scholen)


def school_queryset(ids) -> "forms.QuerySet":
    return Organisatie.objects.filter(pk__in=ids).order_by("naam")


class KoppelingForm(Form):
    """Per field of VOROC, the column of the file that feeds it (proposed from the headers)."""

    def __init__(self, *args, leerlingimport, **kwargs):
        from .importeren import VELDEN

        super().__init__(*args, **kwargs)
        choices = [("", "— niet gebruiken —")] + [(str(i), k) for i, k in enumerate(leerlingimport.kolommen)]
        for veld in VELDEN:
            current = leerlingimport.koppeling.get(veld.key)
            self.fields[f"kol_{veld.key}"] = forms.ChoiceField(
                label=veld.label + (" *" if veld.verplicht else ""),
                choices=choices,
                required=False,
                initial="" if current is None else str(current),
            )

    def koppeling(self) -> dict[str, int]:
        data = self.cleaned_data
        return {name.removeprefix("kol_"): int(value) for name, value in data.items() if value not in ("", None)}
