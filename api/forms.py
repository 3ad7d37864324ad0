from django import forms
from django.contrib.auth.models import Permission

from voroc.forms import Form

from .services import BEHEER


def _scope_choices():
    rows = Permission.objects.filter(content_type__app_label="accounts", content_type__model="organisatie").exclude(
        codename=BEHEER
    )
    return [
        (codename, f"{naam} ({codename})")
        for codename, naam in rows.order_by("codename").values_list("codename", "name")
    ]


class ApiClientForm(Form):
    organisatie = forms.ModelChoiceField(label="Organisatie", queryset=None, empty_label=None)
    naam = forms.CharField(label="Naam", max_length=100, help_text="Bijvoorbeeld het systeem dat de API aanroept.")
    scopes = forms.MultipleChoiceField(
        label="Rechten",
        widget=forms.CheckboxSelectMultiple,
        help_text="Alleen rechten die bij het soort organisatie horen.",
    )
    verloopt_op = forms.DateTimeField(
        label="Verloopt op", required=False, help_text="Leeg: over een jaar. Hooguit twee jaar vooruit."
    )

    def __init__(self, *args, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisatie"].queryset = organisaties
        self.fields["scopes"].choices = _scope_choices()


class WebhookForm(Form):
    webhook_url = forms.URLField(
        label="Webhook-URL",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Een https-adres van het systeem van de organisatie. Leeg: geen berichten.",
    )
    nieuw_geheim = forms.BooleanField(
        label="Nieuw geheim maken",
        required=False,
        help_text="Het oude geheim ondertekent dan niet meer. Bij een eerste URL komt er altijd een.",
    )
