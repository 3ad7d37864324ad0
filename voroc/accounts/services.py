"""Writes to accounts and memberships. Each keeps guardian's object permissions in step."""

from django.contrib.auth.models import Permission
from django.db import transaction
from guardian.models import UserObjectPermission

from voroc import policy
from voroc.errors import DomainError

from .models import Lidmaatschap, Organisatie, Rol, User


def _sync_object_permissions(*, user: User, organisatie: Organisatie) -> None:
    """Make the user's guardian permissions on the organisation the union of its roles there."""
    wanted = set(
        Permission.objects.filter(
            rol__lidmaatschappen__user=user, rol__lidmaatschappen__organisatie=organisatie
        ).values_list("pk", flat=True)
    )
    existing = UserObjectPermission.objects.filter(
        user=user, object_pk=str(organisatie.pk), content_type__model="organisatie", content_type__app_label="accounts"
    )
    existing.exclude(permission_id__in=wanted).delete()
    have = set(existing.values_list("permission_id", flat=True))
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Organisatie)
    UserObjectPermission.objects.bulk_create(
        [
            UserObjectPermission(user=user, permission_id=pk, content_type=ct, object_pk=str(organisatie.pk))
            for pk in sorted(wanted - have)
        ]
    )
    policy.forget_grants(user)


@transaction.atomic
def lidmaatschap_grant(*, user: User, organisatie: Organisatie, rol: Rol) -> Lidmaatschap:
    """Let `user` act for `organisatie` in role `rol`."""
    if rol.organisatie_soort != organisatie.soort:
        raise DomainError(
            f"De rol {rol.naam} hoort bij een {rol.get_organisatie_soort_display()}, "
            f"niet bij een {organisatie.get_soort_display()}."
        )
    lidmaatschap, _ = Lidmaatschap.objects.get_or_create(user=user, organisatie=organisatie, rol=rol)
    _sync_object_permissions(user=user, organisatie=organisatie)
    return lidmaatschap


@transaction.atomic
def lidmaatschap_revoke(*, lidmaatschap: Lidmaatschap) -> None:
    user, organisatie = lidmaatschap.user, lidmaatschap.organisatie
    lidmaatschap.delete()
    _sync_object_permissions(user=user, organisatie=organisatie)


@transaction.atomic
def user_create(*, email: str, naam: str, password: str | None = None) -> User:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("Er bestaat al een account met dit e-mailadres.")
    user = User.objects.create_user(email=email, naam=naam.strip(), password=password)
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def user_deactivate(*, user: User) -> None:
    """Deactivate an account and end its sessions on the server."""
    from django.contrib.sessions.models import Session

    user.is_active = False
    user.save(update_fields=["is_active"])
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
    policy.forget_grants(user)
