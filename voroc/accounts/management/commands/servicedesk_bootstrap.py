"""`manage.py servicedesk_bootstrap --email ... --naam ...`: the first servicedesk account of a new installation.

Every other account is invited from the servicedesk pages; this command exists because the first
one has nobody to invite it. It refuses when an active servicedesk account exists. It creates the
servicedesk organisation if there is none and the account without a password, and prints a link
(valid PASSWORD_RESET_TIMEOUT seconds) where that person chooses a password; at the first login
they set up two-factor authentication.
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from voroc.accounts.models import Lidmaatschap, Organisatie, Rol
from voroc.accounts.services import account_create_unchecked, lidmaatschap_toekennen_unchecked
from voroc.errors import DomainError


class Command(BaseCommand):
    help = "Maak het eerste servicedesk-account aan en toon de link waarmee die persoon een wachtwoord kiest."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--naam", required=True)
        parser.add_argument("--organisatie", default="VOROC Servicedesk", help="naam als er nog geen is")

    def handle(self, *args, email, naam, organisatie, **options):
        if Lidmaatschap.objects.filter(rol__code="servicedesk", user__is_active=True).exists():
            raise CommandError("Er is al een servicedesk-account. Nodig collega's uit via de servicedesk-pagina's.")
        try:
            with transaction.atomic():
                desk = Organisatie.objects.filter(soort="servicedesk").order_by("pk").first()
                if desk is None:
                    desk = Organisatie.objects.create(soort="servicedesk", naam=organisatie)
                user = account_create_unchecked(email=email, naam=naam)
                lidmaatschap_toekennen_unchecked(
                    account=user, organisatie=desk, rol=Rol.objects.get(code="servicedesk")
                )
        except DomainError as error:
            raise CommandError(error.message)
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        hours = settings.PASSWORD_RESET_TIMEOUT // 3600
        self.stdout.write(f"Account {user.email} is servicedesk van {desk.naam}.")
        self.stdout.write(f"Laat deze persoon binnen {hours} uur een wachtwoord kiezen via:")
        self.stdout.write(f"{settings.VOROC_BASE_URL.rstrip('/')}{path}")
