"""Password rules in Dutch (Django's Dutch catalogue lacks the current minimum-length message)."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                _("Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.")
                % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return _("Uw wachtwoord moet minstens %(min_length)d tekens lang zijn.") % {"min_length": self.min_length}
