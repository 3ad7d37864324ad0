from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MailVoorkeur


class VoorkeurForm(forms.Form):
    mail = forms.ChoiceField(
        label=_("E-mail over notificaties"),
        choices=MailVoorkeur.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies hoe u e-mail wilt ontvangen."), "invalid_choice": _("Kies een optie.")},
    )
