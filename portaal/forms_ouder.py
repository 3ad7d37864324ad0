"""The portal's forms for part A, wishes, parents and the zienswijze (plain Dutch, "je")."""

from django import forms

from voroc.forms import Form

from .forms import CodeForm


class WensenForm(Form):
    eerste = forms.ModelChoiceField(
        label="Eerste wens",
        queryset=None,
        required=False,
        empty_label="(geen)",
        error_messages={"invalid_choice": "Deze opleiding kun je niet (meer) kiezen."},
    )
    tweede = forms.ModelChoiceField(
        label="Tweede wens",
        queryset=None,
        required=False,
        empty_label="(geen)",
        error_messages={"invalid_choice": "Deze opleiding kun je niet (meer) kiezen."},
    )

    def __init__(self, *args, opleidingen, **kwargs):
        super().__init__(*args, **kwargs)
        for naam in ("eerste", "tweede"):
            self.fields[naam].queryset = opleidingen
            self.fields[naam].label_from_instance = lambda o: f"{o.naam} (niveau {o.niveau}), {o.instelling.naam}"

    def opleidingen(self) -> list:
        return [o for o in (self.cleaned_data.get("eerste"), self.cleaned_data.get("tweede")) if o is not None]


class OuderUitnodigenForm(Form):
    id_prefix = "uitnodigen"

    email = forms.EmailField(
        label="E-mailadres van de ouder of verzorger",
        max_length=254,
        error_messages={"required": "Vul een e-mailadres in.", "invalid": "Dit is geen geldig e-mailadres."},
    )


class ZienswijzeForm(Form):
    id_prefix = "zienswijze"

    tekst = forms.CharField(
        label="Uw zienswijze",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Wat vindt u van de keuze en van wat de school schrijft? De school en later het mbo lezen dit.",
        error_messages={
            "required": "Schrijf eerst uw zienswijze op.",
            "max_length": "Een zienswijze is ten hoogste 4000 tekens.",
        },
    )


class MeldingenForm(Form):
    id_prefix = "meldingen"

    meldingen = forms.BooleanField(label="Ik wil dezelfde berichten krijgen als mijn kind", required=False)


class KindCodeForm(CodeForm):
    """ "Code invoeren": the code of a parent's invitation and the child's date of birth."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "De code uit de uitnodiging, bijvoorbeeld ACDE-FGHJ-KMNP."
        self.fields["geboortedatum"].label = "Geboortedatum van uw kind"
