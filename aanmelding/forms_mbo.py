"""Forms of the mbo side: worklist filters, steps, bulk actions, programmes and imports."""

from django import forms

from voroc.errors import DomainError
from voroc.forms import Form, ModelForm
from voroc.tabular import check_upload
from voroc.validators import parse_id

from .forms_overdracht import WarmeOverdrachtForm  # noqa: F401 - the mbo's file uses it too
from .models import DocumentSoort, Opleiding
from .services_mbo import BULK_ACTIES
from .status import PLAATSINGSBESLUITEN, AfwijzingsReden, Status

MAX_UPLOAD = 2 * 1024 * 1024


class IntakeForm(Form):
    id_prefix = "intake"

    datum = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    tijd = forms.TimeField(label="Tijd", widget=forms.TimeInput(attrs={"type": "time"}))
    plaats = forms.CharField(label="Plaats", max_length=200)
    bericht = forms.CharField(
        label="Bericht aan leerling en school",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BulkForm(Form):
    id_prefix = "bulk"

    actie = forms.ChoiceField(label="Actie", choices=[("", "—")] + list(BULK_ACTIES.items()))
    aanmelding = forms.TypedMultipleChoiceField(label="Selectie", coerce=int, required=False)
    datum = forms.DateField(label="Intakedatum", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tijd = forms.TimeField(label="Tijd", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    plaats = forms.CharField(label="Plaats", required=False, max_length=200)
    bericht = forms.CharField(label="Bericht", required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any integer is accepted here; scope is checked against the selector.
        self.fields["aanmelding"].choices = [(v, v) for v in self.data.getlist("aanmelding") if parse_id(v)]

    def clean(self):
        d = super().clean()
        if d.get("actie") == "intake":
            for name in ("datum", "tijd", "plaats"):
                if not d.get(name):
                    self.add_error(name, "Vul dit in om een intake te plannen.")
        if not d.get("aanmelding"):
            raise forms.ValidationError("Selecteer eerst een of meer aanmeldingen.")
        return d


class StatusForm(Form):
    """A step without details: received, enrolled, started, not shown up, withdrawn."""

    NAAR = (Status.IN_BEHANDELING, Status.INGESCHREVEN, Status.GESTART, Status.NIET_VERSCHENEN, Status.INGETROKKEN)
    naar = forms.ChoiceField(choices=[(s.value, s.label) for s in NAAR])
    bericht = forms.CharField(label="Toelichting", required=False, max_length=2000)


class IntakeGehadForm(Form):
    id_prefix = "gehad"

    studiekeuzeadvies = forms.CharField(
        label="Studiekeuzeadvies (optioneel)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BesluitForm(Form):
    id_prefix = "besluit"

    # Starts empty: a form submitted untouched must not place the pupil.
    uitkomst = forms.ChoiceField(
        label="Uitkomst",
        choices=[("", "Kies een besluit"), *((s.value, s.label) for s in PLAATSINGSBESLUITEN)],
        error_messages={"required": "Kies een besluit."},
    )
    reden = forms.ChoiceField(
        label="Reden van afwijzing", choices=[("", "—")] + list(AfwijzingsReden.choices), required=False
    )
    voorwaarde = forms.CharField(label="Voorwaarde (bij voorwaardelijk geplaatst)", required=False, max_length=300)
    toelichting = forms.CharField(
        label="Toelichting", required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The state the user decided on: a colleague's decision in between is not overwritten.
    van_status = forms.ChoiceField(choices=Status.choices, required=False, widget=forms.HiddenInput)


class DoorverwijzenForm(Form):
    id_prefix = "door"

    naar_opleiding = forms.ModelChoiceField(
        label="Naar opleiding",
        queryset=Opleiding.objects.none(),
        error_messages={"required": "Kies de opleiding waarnaar u doorverwijst."},
    )
    bericht = forms.CharField(label="Toelichting", required=False, max_length=2000)

    def __init__(self, *args, opleidingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar_opleiding"].queryset = opleidingen
        self.fields["naar_opleiding"].empty_label = "—"


class OpleidingForm(ModelForm):
    class Meta:
        model = Opleiding
        fields = [
            "crebo",
            "naam",
            "niveau",
            "leerweg",
            "locatie",
            "startdatum",
            "capaciteit",
            "strenge_toelating",
            "actief",
        ]
        widgets = {"startdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    instelling = forms.ModelChoiceField(label="Instelling", queryset=None)

    def __init__(self, *args, instellingen, locaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instelling"].queryset = instellingen
        self.fields["locatie"].queryset = locaties
        self.order_fields(["instelling"])
        if self.instance.pk:
            del self.fields["instelling"]
        elif len(instellingen) == 1:
            self.fields["instelling"].initial = instellingen[0].pk
            self.fields["instelling"].empty_label = None

    def _post_clean(self):
        # Validation of the model belongs to the service (opleiding_create/update), which
        # knows the institution; the form only checks input structure.
        pass


class CsvUploadForm(Form):
    bestand = forms.FileField(label="CSV-bestand", required=False)
    inhoud = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_bestand(self):
        """Kind, size and first bytes checked by the one upload reader (voroc.tabular)."""
        f = self.cleaned_data.get("bestand")
        if f:
            try:
                check_upload(f, max_bytes=MAX_UPLOAD, kinds=("csv",))
            except DomainError as error:
                raise forms.ValidationError(error.message)
        return f

    def data_bytes(self) -> bytes | str | None:
        """The uploaded file, or the text of the file sent back with the confirm step."""
        if self.cleaned_data.get("bestand"):
            return self.cleaned_data["bestand"].read()
        return self.cleaned_data.get("inhoud") or None


class OpleidingImportForm(CsvUploadForm):
    instelling = forms.ModelChoiceField(label="Instelling", queryset=None)

    def __init__(self, *args, instellingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instelling"].queryset = instellingen
        if len(instellingen) == 1:
            self.fields["instelling"].initial = instellingen[0].pk
            self.fields["instelling"].empty_label = None


class DocumentenForm(Form):
    id_prefix = "documenten"

    soorten = forms.MultipleChoiceField(
        label="Ontvangen documenten",
        choices=DocumentSoort.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
