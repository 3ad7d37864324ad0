from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """E-mail and password; one message for unknown user and wrong password (no enumeration)."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters."),
        "inactive": _("Deze combinatie van e-mailadres en wachtwoord kennen we niet. Let op hoofdletters."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()
