"""Forms of the portal: the school's activation choices and the pupil's activation steps."""

from django import forms

from voroc.forms import Form

BRIEF, EMAIL = "brief", "email"
MANIEREN = [(BRIEF, "Brief om te printen (pdf)"), (EMAIL, "Uitnodiging per e-mail")]
KLAS, SCHOOLVERLATERS = "klas", "schoolverlaters"


class ActiverenLeerlingForm(Form):
    """One pupil: a letter, or an invitation to an e-mail address."""

    manier = forms.ChoiceField(label="Hoe krijgt de leerling de code?", choices=MANIEREN, widget=forms.RadioSelect)
    email = forms.EmailField(
        label="E-mailadres van de leerling",
        required=False,
        help_text="Alleen voor een uitnodiging per e-mail.",
    )

    def clean(self):
        data = super().clean()
        if data.get("manier") == EMAIL and not data.get("email"):
            self.add_error("email", "Vul het e-mailadres in waar de uitnodiging heen gaat.")
        return data


class ActiverenGroepForm(Form):
    """A class, or all leavers of the school in the active school year."""

    wie = forms.ChoiceField(
        label="Voor wie?",
        choices=[(KLAS, "Eén klas"), (SCHOOLVERLATERS, "Alle schoolverlaters")],
        widget=forms.RadioSelect,
    )
    klas = forms.ChoiceField(label="Klas", required=False, choices=[])
    manier = forms.ChoiceField(label="Hoe krijgen de leerlingen de code?", choices=MANIEREN, widget=forms.RadioSelect)

    def __init__(self, *args, klassen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["klas"].choices = [("", "Kies een klas"), *((k, k) for k in klassen)]

    def clean(self):
        data = super().clean()
        if data.get("wie") == KLAS and not data.get("klas"):
            self.add_error("klas", "Kies een klas.")
        return data


class CodeForm(Form):
    """Step 1 of the pupil's activation: the code from the letter or mail, and the date of birth."""

    code = forms.CharField(
        label="Activatiecode",
        max_length=40,
        help_text="De code uit je brief of e-mail, bijvoorbeeld ACDE-FGHJ-KMNP.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    geboortedatum = forms.DateField(
        label="Geboortedatum",
        help_text="Bijvoorbeeld 14-03-2011.",
        input_formats=["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"autocomplete": "bday"}),
    )


class AccountForm(Form):
    """Step 2: the e-mail address and a password for the new account."""

    email = forms.EmailField(
        label="E-mailadres", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    wachtwoord = forms.CharField(
        label="Wachtwoord",
        help_text="Minstens 12 tekens. Kies iets wat niet makkelijk te raden is.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    wachtwoord2 = forms.CharField(
        label="Wachtwoord nog een keer", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("wachtwoord") and data.get("wachtwoord2") and data["wachtwoord"] != data["wachtwoord2"]:
            self.add_error("wachtwoord2", "De twee wachtwoorden zijn niet hetzelfde.")
        return data
