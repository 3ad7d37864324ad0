from django import forms

from leerlingen.models import Schooljaar
from voroc.accounts.forms import clean_text
from voroc.accounts.models import Identiteitsprovider, Organisatie, Protocol, Rol
from voroc.forms import Form, ModelForm

from .services import FIELDS_BY_SOORT, MILESTONES, OTHER_MILESTONES


class TextCleanMixin:
    """Refuses control characters and markup in every free-text field of the form."""

    text_fields: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()
        for name in self.text_fields:
            if data.get(name):
                try:
                    data[name] = clean_text(data[name])
                except forms.ValidationError as e:
                    self.add_error(name, e)
        return data


class OrganisatieForm(TextCleanMixin, ModelForm):
    text_fields = ("naam", "plaats", "rmc_regio")

    class Meta:
        model = Organisatie
        fields = [
            "naam",
            "brin",
            "vestiging",
            "schoolsoort",
            "gemeente",
            "cbs_code",
            "rmc_regio",
            "plaats",
            "email",
            "actief",
        ]

    def __init__(self, *args, soort, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in FIELDS_BY_SOORT[soort]:
                del self.fields[name]
        self.instance.soort = soort
        if "gemeente" in self.fields:
            self.fields["gemeente"].queryset = Organisatie.objects.gemeenten()
            self.fields["gemeente"].required = True
        for name in ("brin", "vestiging", "cbs_code"):
            if name in self.fields:
                self.fields[name].required = True
        if "schoolsoort" in self.fields:
            self.fields["schoolsoort"].required = True

    def clean_brin(self):
        return self.cleaned_data["brin"].strip().upper()


class LocatieForm(TextCleanMixin, Form):
    id_prefix = "locatie"  # on the organisation's page, under the organisation's own form
    text_fields = ("naam", "plaats", "adres")
    naam = forms.CharField(
        label="Naam locatie", max_length=200, error_messages={"required": "Vul de naam van de locatie in."}
    )
    plaats = forms.CharField(label="Plaats", max_length=100)
    adres = forms.CharField(label="Adres", max_length=200, required=False)


class SchooljaarForm(ModelForm):
    class Meta:
        model = Schooljaar
        fields = [
            "startjaar",
            *MILESTONES,
            *OTHER_MILESTONES,
            "noshow_termijn_dagen",
            "max_aanmeldingen",
            "een_instelling",
        ]
        widgets = {
            name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in MILESTONES + OTHER_MILESTONES
        }
        error_messages = {"max_aanmeldingen": {"required": "Vul het maximale aantal aanmeldingen per leerling in."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["startjaar"].min_value = 2000
        self.fields["startjaar"].max_value = 2100
        self.fields["noshow_termijn_dagen"].max_value = 90
        self.fields["max_aanmeldingen"].max_value = 10
        if self.instance.pk:
            self.fields["startjaar"].disabled = True

    def validate_unique(self):
        pass  # the service says it in Dutch


class SchooljaarNieuwForm(Form):
    startjaar = forms.IntegerField(
        label="Beginjaar",
        min_value=2000,
        max_value=2100,
        help_text="Bijvoorbeeld 2027 voor 2027-2028. De mijlpalen krijgen de gebruikelijke data; pas ze daarna aan.",
    )


class GrantForm(Form):
    organisatie = forms.ModelChoiceField(label="Organisatie", queryset=Organisatie.objects.filter(actief=True))
    rol = forms.ModelChoiceField(label="Rol", queryset=Rol.objects.all())


class IdentiteitsproviderForm(TextCleanMixin, ModelForm):
    """A single sign-on provider of an organisation, by OpenID Connect or SAML 2.0. The client
    secret is write-only: the form never shows it back, and left empty on a change it keeps the
    stored one. SAML metadata is XML (markup), so it is not one of the checked text fields: the
    model reads it with pysaml2 and says in Dutch what is missing."""

    text_fields = (
        "naam",
        "client_id",
        "scopes",
        "claim_identiteit",
        "claim_meerdere_factoren",
        "waarden_meerdere_factoren",
    )

    client_secret = forms.CharField(
        label="Client-secret",
        max_length=500,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    saml_metadata = forms.CharField(
        label="Metadata van de identity provider (XML)",
        help_text=Identiteitsprovider._meta.get_field("saml_metadata").help_text,
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )

    class Meta:
        model = Identiteitsprovider
        fields = [
            "naam",
            "protocol",
            "issuer",
            "client_id",
            "scopes",
            "saml_metadata",
            "claim_identiteit",
            "claim_meerdere_factoren",
            "waarden_meerdere_factoren",
            "actief",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not a model field of the form (the model would refuse it empty): the service sets it.
        order = list(self.fields)
        order.insert(order.index("client_id") + 1, order.pop(order.index("client_secret")))
        self.order_fields(order)
        self.fields["protocol"].required = False  # not chosen: OpenID Connect, as before there was a choice
        secret = self.fields["client_secret"]
        if self.instance.pk:
            secret.help_text = (
                f"Alleen bij OpenID Connect. Opgeslagen: {self.instance.secret_hint}. Laat leeg om het te houden."
            )
        else:
            secret.help_text = "Alleen bij OpenID Connect. Wordt na opslaan nooit meer getoond."

    def clean_protocol(self):
        return self.cleaned_data.get("protocol") or Protocol.OIDC

    def clean(self):
        data = super().clean()
        # The model's check per protocol (run by the form too) sees the secret typed here, else the stored one.
        if data.get("client_secret"):
            self.instance.client_secret = data["client_secret"]
        return data
