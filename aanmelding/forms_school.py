from django import forms

from voroc.forms import Form, ModelForm

from .models import ExterneAanmelding, Leerweg


class OpleidingZoekForm(Form):
    q = forms.CharField(label="Naam of opleidingscode (crebo)", max_length=100, required=False)
    niveau = forms.TypedChoiceField(
        label="Niveau",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "alle niveaus")] + [(n, f"niveau {n}") for n in range(1, 5)],
    )
    instelling = forms.ModelChoiceField(label="Instelling", queryset=None, required=False, empty_label="alle")
    plaats = forms.CharField(label="Locatie of plaats", max_length=100, required=False)
    leerweg = forms.ChoiceField(label="Leerweg", required=False, choices=[("", "BOL en BBL"), *Leerweg.choices])

    def __init__(self, *args, instellingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instelling"].queryset = instellingen


class AanmeldenForm(Form):
    bericht = forms.CharField(
        label="Bericht aan het mbo (optioneel)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IntrekkenForm(Form):
    bericht = forms.CharField(
        label="Reden van intrekken (optioneel)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExterneAanmeldingForm(ModelForm):
    class Meta:
        model = ExterneAanmelding
        fields = ["instelling_naam", "opleiding_naam", "crebo", "niveau", "uitkomst", "toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"uitkomst": {"required": "Kies de status of uitkomst."}}


class ExterneUitkomstForm(ModelForm):
    class Meta:
        model = ExterneAanmelding
        fields = ["uitkomst", "toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"uitkomst": {"required": "Kies de status of uitkomst."}}
