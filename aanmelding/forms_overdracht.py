"""The warm handover form, shared by both sides of it (the mbo's file and the school's page)."""

from django import forms

from voroc.forms import Form


class WarmeOverdrachtForm(Form):
    id_prefix = "overdracht"

    datum = forms.DateField(
        label="Datum", widget=forms.DateInput(attrs={"type": "date"}), error_messages={"required": "Kies een datum."}
    )
    deelnemers = forms.CharField(
        label="Wie zijn erbij",
        max_length=200,
        help_text="Bijvoorbeeld: mentor, intaker en leerling.",
        error_messages={"required": "Vul in wie erbij zijn."},
    )
