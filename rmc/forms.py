"""Input forms of the rmc pages. Services enforce the rules; forms parse and give Dutch messages."""

from django import forms
from django.utils import timezone

from leerlingen.models import EldersSoort
from voroc.accounts.models import Organisatie
from voroc.forms import Form
from voroc.validators import normalize_postcode, validate_postcode

from .models import ContactSoort, MeldingResultaat, MeldingStatus, TrajectBestemming

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RisicomeldingForm(Form):
    reden = forms.CharField(
        label="Reden van de melding",
        max_length=200,
        help_text="Bijvoorbeeld: veel verzuim, geen aanmelding, dreigt zonder diploma te vertrekken.",
    )
    toelichting = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea, max_length=4000)
    toestemming_besproken = forms.BooleanField(
        label="De melding is besproken met de leerling en de ouders/verzorgers", required=False
    )


class MeldingStatusForm(Form):
    id_prefix = "status"  # shares its page with other forms

    status = forms.ChoiceField(label="Nieuwe status", choices=MeldingStatus.choices)
    resultaat = forms.ChoiceField(
        label="Resultaat (bij afsluiten)", choices=[("", "—"), *MeldingResultaat.choices], required=False
    )
    uitkomst = forms.CharField(label="Uitkomst (bij afsluiten)", required=False, widget=forms.Textarea, max_length=4000)
    notitie = forms.CharField(
        label="Notitie bij de statuswijziging", required=False, widget=forms.Textarea, max_length=4000
    )


class MeldingToewijzenForm(Form):
    id_prefix = "toewijzen"  # shares its page with other forms

    behandelaar = forms.ModelChoiceField(
        label="Toewijzen aan", queryset=None, empty_label=None, error_messages={"required": "Kies een collega."}
    )

    def __init__(self, *args, collegas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["behandelaar"].queryset = collegas


class MeldingNotitieForm(Form):
    id_prefix = "notitie"  # shares its page with other forms

    tekst = forms.CharField(label="Notitie", widget=forms.Textarea, max_length=4000)


class ContactmomentForm(Form):
    id_prefix = "contact"  # shares its page with other forms

    datum = forms.DateField(label="Datum", widget=DATE)
    soort = forms.ChoiceField(label="Soort contact", choices=ContactSoort.choices)
    notitie = forms.CharField(label="Notitie", widget=forms.Textarea, max_length=4000)
    vervolgstap = forms.CharField(label="Vervolgstap", required=False, max_length=300)
    vervolgdatum = forms.DateField(label="Vervolgdatum", required=False, widget=DATE)


class TrajectAfsluitenForm(Form):
    id_prefix = "afsluiten"  # shares its page with other forms

    bestemming = forms.ChoiceField(
        label="Bestemming", choices=[("", "— kies een bestemming —"), *TrajectBestemming.choices]
    )
    afgesloten_op = forms.DateField(
        label="Afgesloten op", widget=DATE, error_messages={"required": "Vul de datum van afsluiten in."}
    )
    toelichting = forms.CharField(label="Toelichting", required=False, widget=forms.Textarea, max_length=4000)


class ContactgegevensForm(Form):
    straat = forms.CharField(label="Straat", required=False, max_length=200)
    huisnummer = forms.CharField(label="Huisnummer", required=False, max_length=20)
    postcode = forms.CharField(label="Postcode", required=False, max_length=7)
    woonplaats = forms.CharField(label="Woonplaats", required=False, max_length=100)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        value = normalize_postcode(value)
        validate_postcode(value)
        return value

    telefoon = forms.CharField(label="Telefoon", required=False, max_length=20)
    email = forms.EmailField(label="E-mailadres", required=False)


class EldersForm(Form):
    id_prefix = "elders"  # shares its page with other forms

    soort = forms.ChoiceField(
        label="Bestemming Elders", choices=[("", "— kies een bestemming —"), *EldersSoort.choices]
    )
    toelichting = forms.CharField(label="Toelichting", required=False, max_length=1000)


class VerhuizingForm(Form):
    # Starts empty: a form submitted untouched must not move the pupil to the first municipality.
    woongemeente = forms.ModelChoiceField(
        label="Nieuwe woongemeente",
        queryset=Organisatie.objects.gemeenten().filter(actief=True),
        empty_label="Kies een gemeente",
        error_messages={"required": "Kies de nieuwe woongemeente."},
    )
    datum = forms.DateField(
        label="Datum verhuizing", widget=DATE, error_messages={"required": "Vul de datum van de verhuizing in."}
    )
    straat = forms.CharField(label="Straat", required=False, max_length=200)
    huisnummer = forms.CharField(label="Huisnummer", required=False, max_length=20)
    postcode = forms.CharField(label="Postcode", required=False, max_length=7)
    woonplaats = forms.CharField(label="Woonplaats", required=False, max_length=100)
    # The home municipality the user saw: a move recorded meanwhile by someone else is not moved on from.
    van_gemeente_id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        if datum > timezone.localdate():
            raise forms.ValidationError("Een verhuizing leggen we vast als zij heeft plaatsgevonden.")
        return datum

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        if not value.strip():
            return ""
        value = normalize_postcode(value)
        validate_postcode(value)
        return value
