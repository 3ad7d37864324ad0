"""Input forms of the rmc pages. Services enforce the rules; forms parse and give Dutch messages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leerlingen.models import EldersSoort
from voroc.accounts.models import Organisatie
from voroc.validators import normalize_postcode, validate_postcode

from .models import ContactSoort, MeldingResultaat, MeldingStatus, TrajectBestemming

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RisicomeldingForm(forms.Form):
    reden = forms.CharField(
        label=_("Reden van de melding"),
        max_length=200,
        help_text=_("Bijvoorbeeld: veel verzuim, geen aanmelding, dreigt zonder diploma te vertrekken."),
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea, max_length=4000)
    toestemming_besproken = forms.BooleanField(
        label=_("De melding is besproken met de leerling en de ouders/verzorgers"), required=False
    )


class MeldingStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nieuwe status"), choices=MeldingStatus.choices)
    resultaat = forms.ChoiceField(
        label=_("Resultaat (bij afsluiten)"), choices=[("", "—"), *MeldingResultaat.choices], required=False
    )
    uitkomst = forms.CharField(
        label=_("Uitkomst (bij afsluiten)"), required=False, widget=forms.Textarea, max_length=4000
    )
    notitie = forms.CharField(
        label=_("Notitie bij de statuswijziging"), required=False, widget=forms.Textarea, max_length=4000
    )


class MeldingToewijzenForm(forms.Form):
    behandelaar = forms.ModelChoiceField(label=_("Toewijzen aan"), queryset=None, empty_label=None)

    def __init__(self, *args, collegas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behandelaar"].queryset = collegas


class MeldingNotitieForm(forms.Form):
    tekst = forms.CharField(label=_("Notitie"), widget=forms.Textarea, max_length=4000)


class ContactmomentForm(forms.Form):
    datum = forms.DateField(label=_("Datum"), widget=DATE)
    soort = forms.ChoiceField(label=_("Soort contact"), choices=ContactSoort.choices)
    notitie = forms.CharField(label=_("Notitie"), widget=forms.Textarea, max_length=4000)
    vervolgstap = forms.CharField(label=_("Vervolgstap"), required=False, max_length=300)
    vervolgdatum = forms.DateField(label=_("Vervolgdatum"), required=False, widget=DATE)


class TrajectAfsluitenForm(forms.Form):
    bestemming = forms.ChoiceField(
        label=_("Bestemming"), choices=[("", _("— kies een bestemming —")), *TrajectBestemming.choices]
    )
    afgesloten_op = forms.DateField(label=_("Afgesloten op"), widget=DATE)
    toelichting = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea, max_length=4000)


class ContactgegevensForm(forms.Form):
    straat = forms.CharField(label=_("Straat"), required=False, max_length=200)
    huisnummer = forms.CharField(label=_("Huisnummer"), required=False, max_length=20)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    woonplaats = forms.CharField(label=_("Woonplaats"), required=False, max_length=100)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        value = normalize_postcode(value)
        validate_postcode(value)
        return value

    telefoon = forms.CharField(label=_("Telefoon"), required=False, max_length=20)
    email = forms.EmailField(label=_("E-mailadres"), required=False)


class EldersForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Bestemming Elders"), choices=[("", _("— kies een bestemming —")), *EldersSoort.choices]
    )
    toelichting = forms.CharField(label=_("Toelichting"), required=False, max_length=1000)


class VerhuizingForm(forms.Form):
    woongemeente = forms.ModelChoiceField(
        label=_("Nieuwe woongemeente"), queryset=Organisatie.objects.gemeenten().filter(actief=True), empty_label=None
    )
    datum = forms.DateField(label=_("Datum verhuizing"), widget=DATE)
    straat = forms.CharField(label=_("Straat"), required=False, max_length=200)
    huisnummer = forms.CharField(label=_("Huisnummer"), required=False, max_length=20)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=7)
    woonplaats = forms.CharField(label=_("Woonplaats"), required=False, max_length=100)
    # The home municipality the user saw: a move recorded meanwhile by someone else is not moved on from.
    van_gemeente_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError(_("Een verhuizing leggen we vast als zij heeft plaatsgevonden."))
        return datum

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        value = normalize_postcode(value)
        validate_postcode(value)
        return value
