from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExterneAanmelding, Leerweg


class OpleidingZoekForm(forms.Form):
    q = forms.CharField(label=_("Naam of opleidingscode (crebo)"), max_length=100, required=False)
    niveau = forms.TypedChoiceField(
        label=_("Niveau"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("alle niveaus"))] + [(n, f"niveau {n}") for n in range(1, 5)],
    )
    instelling = forms.ModelChoiceField(label=_("Instelling"), queryset=None, required=False, empty_label=_("alle"))
    plaats = forms.CharField(label=_("Locatie of plaats"), max_length=100, required=False)
    leerweg = forms.ChoiceField(label=_("Leerweg"), required=False, choices=[("", _("BOL en BBL")), *Leerweg.choices])

    def __init__(self, *args, instellingen, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instelling"].queryset = instellingen


class AanmeldenForm(forms.Form):
    bericht = forms.CharField(
        label=_("Bericht aan het mbo (optioneel)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IntrekkenForm(forms.Form):
    bericht = forms.CharField(
        label=_("Reden van intrekken (optioneel)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ExterneAanmeldingForm(forms.ModelForm):
    class Meta:
        model = ExterneAanmelding
        fields = ["instelling_naam", "opleiding_naam", "crebo", "niveau", "uitkomst", "toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}


class ExterneUitkomstForm(forms.ModelForm):
    class Meta:
        model = ExterneAanmelding
        fields = ["uitkomst", "toelichting"]
        widgets = {"toelichting": forms.Textarea(attrs={"rows": 3})}
