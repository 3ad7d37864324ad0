"""Forms of the mbo side: worklist filters, steps, bulk actions, programmes and imports."""

from django import forms

from voroc.errors import DomainError
from voroc.tabular import check_upload
from voroc.validators import parse_id

from .models import Opleiding
from .services_mbo import BULK_ACTIES
from .status import PLAATSINGSBESLUITEN, AfwijzingsReden, Status

MAX_UPLOAD = 2 * 1024 * 1024


class _OwnIds:
    """Forms that share one page get their own id prefix, so every label points at one input."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class WerklijstFilterForm(forms.Form):
    zoek = forms.CharField(label="Zoek op naam", required=False, max_length=100)
    opleiding = forms.ModelChoiceField(label="Opleiding", queryset=Opleiding.objects.none(), required=False)
    locatie = forms.ModelChoiceField(label="Locatie", queryset=None, required=False)
    niveau = forms.TypedChoiceField(
        label="Niveau",
        choices=[("", "—")] + [(n, n) for n in range(1, 5)],
        coerce=int,
        required=False,
        empty_value=None,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "—"), ("nieuw", "nieuw (aangemeld)")]
        + [(s.value, s.label) for s in Status if s != Status.CONCEPT],
        required=False,
    )
    te_laat = forms.BooleanField(label="Alleen na de aanmelddeadline", required=False)
    formulier = forms.ChoiceField(
        label="Doorstroomformulier",
        choices=[("", "—"), ("definitief", "definitief"), ("niet_definitief", "niet definitief")],
        required=False,
    )
    wacht_dagen = forms.IntegerField(
        label="Wacht langer dan (dagen) op terugkoppeling", min_value=0, max_value=365, required=False
    )
    sortering = forms.ChoiceField(
        label="Sorteren",
        choices=[
            ("-aangemeld", "nieuwste aanmelding eerst"),
            ("aangemeld", "oudste aanmelding eerst"),
            ("naam", "naam A-Z"),
            ("-naam", "naam Z-A"),
            ("opleiding", "opleiding A-Z"),
            ("-opleiding", "opleiding Z-A"),
            ("status", "status"),
            ("-status", "status (omgekeerd)"),
            ("terugkoppeling", "langst zonder terugkoppeling"),
            ("-terugkoppeling", "recentste terugkoppeling"),
        ],
        required=False,
    )

    def __init__(self, *args, opleidingen, locaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opleiding"].queryset = opleidingen
        self.fields["locatie"].queryset = locaties
        self.fields["opleiding"].empty_label = self.fields["locatie"].empty_label = "—"

    def huidige_sortering(self) -> str:
        return (self.cleaned_data.get("sortering") if self.is_valid() else "") or "-aangemeld"

    def selector_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "zoek": d.get("zoek") or "",
            "opleiding": d.get("opleiding"),
            "locatie": d.get("locatie"),
            "niveau": d.get("niveau"),
            "status": "" if d.get("status") == "nieuw" else (d.get("status") or ""),
            "nieuw": d.get("status") == "nieuw",
            "te_laat": bool(d.get("te_laat")),
            "formulier": d.get("formulier") or "",
            "wacht_dagen": d.get("wacht_dagen"),
            "sortering": d.get("sortering") or "-aangemeld",
        }


class IntakeForm(_OwnIds, forms.Form):
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


class BulkForm(_OwnIds, forms.Form):
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


class StatusForm(forms.Form):
    """A step without details: received, enrolled, started, not shown up, withdrawn."""

    NAAR = (Status.IN_BEHANDELING, Status.INGESCHREVEN, Status.GESTART, Status.NIET_VERSCHENEN, Status.INGETROKKEN)
    naar = forms.ChoiceField(choices=[(s.value, s.label) for s in NAAR])
    bericht = forms.CharField(label="Toelichting", required=False, max_length=2000)


class IntakeGehadForm(_OwnIds, forms.Form):
    id_prefix = "gehad"

    studiekeuzeadvies = forms.CharField(
        label="Studiekeuzeadvies (optioneel)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BesluitForm(_OwnIds, forms.Form):
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


class DoorverwijzenForm(_OwnIds, forms.Form):
    id_prefix = "door"

    naar_opleiding = forms.ModelChoiceField(label="Naar opleiding", queryset=Opleiding.objects.none())
    bericht = forms.CharField(label="Toelichting", required=False, max_length=2000)

    def __init__(self, *args, opleidingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["naar_opleiding"].queryset = opleidingen
        self.fields["naar_opleiding"].empty_label = "—"


class OpleidingForm(forms.ModelForm):
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


class CsvUploadForm(forms.Form):
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
