from django import forms

from voroc.forms import Form

from .models import MailVoorkeur


class VoorkeurForm(Form):
    mail = forms.ChoiceField(
        label="E-mail over notificaties",
        choices=MailVoorkeur.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Kies hoe u e-mail wilt ontvangen.", "invalid_choice": "Kies een optie."},
    )
