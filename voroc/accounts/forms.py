from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

from voroc.forms import Form, FormMixin


class LoginForm(FormMixin, AuthenticationForm):
    """E-mail and password; one message for unknown user and wrong password (no enumeration)."""

    username = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters.",
        "inactive": "Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class OTPTokenForm(Form):
    token = forms.CharField(
        label="Code",
        max_length=20,
        help_text="De zescijferige code uit uw authenticator-app, of een herstelcode.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_token(self):
        value = "".join(self.cleaned_data["token"].split())
        if not value.replace("-", "").isalnum():
            raise forms.ValidationError("Een code bestaat uit cijfers en letters.")
        return value


class ReauthForm(Form):
    password = forms.CharField(
        label="Wachtwoord",
        required=False,
        max_length=4096,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    token = forms.CharField(
        label="Of: code uit uw authenticator-app",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("password") and not data.get("token"):
            raise forms.ValidationError("Vul uw wachtwoord of een code in.")
        return data


class InviteAcceptForm(Form):
    password1 = forms.CharField(
        label="Nieuw wachtwoord",
        error_messages={"required": "Kies een nieuw wachtwoord."},
        strip=False,
        max_length=4096,
        help_text="Minstens 12 tekens. Een zin van een paar woorden is sterk en goed te onthouden.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Herhaal het wachtwoord",
        error_messages={"required": "Herhaal het nieuwe wachtwoord."},
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "De twee wachtwoorden zijn niet gelijk.")
        return data


def clean_text(value: str, *, label: str = "") -> str:
    """Refuse control characters and markup in a short free-text field (names and the like)."""
    import re

    value = (value or "").strip()
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise forms.ValidationError("Dit veld mag geen stuurtekens bevatten.")
    if "<" in value or ">" in value:
        raise forms.ValidationError("Dit veld mag geen < of > bevatten.")
    return value


class InviteForm(Form):
    naam = forms.CharField(label="Naam", max_length=150)
    email = forms.EmailField(label="E-mailadres", max_length=254)
    rol = forms.ModelChoiceField(label="Rol", queryset=None, empty_label=None)
    organisatie = forms.ModelChoiceField(label="Organisatie", queryset=None, empty_label=None)

    def __init__(self, *args, rollen, organisaties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rol"].queryset = rollen
        self.fields["organisatie"].queryset = organisaties

    def clean_naam(self):
        return clean_text(self.cleaned_data["naam"])

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


# Django's own account forms, with the project's messages for empty fields.
class WachtwoordKiezenForm(FormMixin, SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Kies een nieuw wachtwoord."
        self.fields["new_password2"].error_messages["required"] = "Herhaal het nieuwe wachtwoord."


class WachtwoordWijzigenForm(FormMixin, PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].error_messages["required"] = "Vul uw huidige wachtwoord in."
        self.fields["new_password1"].error_messages["required"] = "Kies een nieuw wachtwoord."
        self.fields["new_password2"].error_messages["required"] = "Herhaal het nieuwe wachtwoord."


class WachtwoordVergetenForm(FormMixin, PasswordResetForm):
    pass
