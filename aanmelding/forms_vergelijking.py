"""The upload form of the reconciliation with the national statuses."""

from django import forms

from voroc.accounts.models import Organisatie
from voroc.forms import Form


class LandelijkBestandForm(Form):
    organisatie = forms.ModelChoiceField(label="Voor", queryset=Organisatie.objects.none())
    bestand = forms.FileField(
        label="Landelijk statusbestand",
        required=False,
        help_text=(
            "CSV of Excel (.xlsx) met de kolommen bsn, status, instelling (BRIN of naam), crebo en eventueel datum."
        ),
    )

    def __init__(self, *args, organisatie_ids, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisatie"]
        field.queryset = Organisatie.objects.filter(pk__in=organisatie_ids).order_by("naam")
        if len(organisatie_ids) == 1:
            field.initial = next(iter(organisatie_ids))
            field.empty_label = None
