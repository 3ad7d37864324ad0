from django import forms

from voroc.forms import Form, ModelForm

from .models import ExterneAanmelding


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
