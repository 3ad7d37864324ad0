from django import forms

from .models import ExterneAanmelding


class AanmeldenForm(forms.Form):
    bericht = forms.CharField(
        label="Bericht aan het mbo (optioneel)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IntrekkenForm(forms.Form):
    bericht = forms.CharField(
        label="Reden van intrekken (optioneel)",
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
