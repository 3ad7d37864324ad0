"""Writes to accounts and memberships. The django-guardian store follows every membership
change in the same transaction (signals in voroc.accounts.signals, see voroc.accounts.groepen).

Two kinds of function, told apart by their names:

- `<entity>_<verb>(*, ..., user)`: `user` is the actor; the function checks that the actor may
  do this and raises DomainError if not. Views call only these.
- `<entity>_<verb>_unchecked(*, ...)`: no permission check and no actor; the account acted on is
  called `account`. For the checked services in this module, management commands, the demo and tests.
  A view or form never imports one (a test walks their imports).
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from voroc import policy
from voroc.errors import DomainError

from .models import EnrolmentLink, Lidmaatschap, Organisatie, Rol, Uitnodiging, User


@transaction.atomic
def lidmaatschap_toekennen_unchecked(*, account: User, organisatie: Organisatie, rol: Rol) -> Lidmaatschap:
    """Let `account` act for `organisatie` in role `rol` (unchecked: see the module docstring)."""
    if rol.organisatie_soort != organisatie.soort:
        raise DomainError(
            f"De rol {rol.naam} hoort bij een {rol.get_organisatie_soort_display()}, "
            f"niet bij een {organisatie.get_soort_display()}."
        )
    lidmaatschap, _ = Lidmaatschap.objects.get_or_create(user=account, organisatie=organisatie, rol=rol)
    policy.forget_grants(account)
    return lidmaatschap


@transaction.atomic
def lidmaatschap_intrekken_unchecked(*, lidmaatschap: Lidmaatschap) -> None:
    """End a membership (unchecked: see the module docstring)."""
    account = lidmaatschap.user
    lidmaatschap.delete()
    policy.forget_grants(account)


@transaction.atomic
def account_create_unchecked(*, email: str, naam: str, password: str | None = None) -> User:
    """A new account, without a password unless one is given (unchecked: see the module docstring)."""
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError("Er bestaat al een account met dit e-mailadres.")
    user = User.objects.create_user(email=email, naam=naam.strip(), password=password)
    if password is None:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def account_deactivate_unchecked(*, account: User) -> None:
    """Deactivate an account and end its sessions on the server (unchecked: see the module docstring)."""
    account.is_active = False
    account.save(update_fields=["is_active"])
    sessions_end(user=account)
    policy.forget_grants(account)


def sessions_end(*, user: User, keep: str | None = None) -> int:
    """End every server-side session of `user` (except the session key `keep`); returns the count."""
    from django.contrib.sessions.models import Session

    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key != keep and session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


# --- Account life cycle with an actor (servicedesk, or a decaan for colleagues) -------------------

BEHEER = "organisaties_beheren"  # the servicedesk: every organisation and account
COLLEGAS = "collegas_beheren"  # a decaan: colleagues of own school
# A colleague manager may not hand out (or take from others) the power to manage accounts.
ESCALATING = (BEHEER, COLLEGAS)


def _is_beheer(user) -> bool:
    return policy.has_perm(user, BEHEER)


def _rol_escalates(rol: Rol) -> bool:
    return rol.permissions.filter(codename__in=ESCALATING).exists()


def may_invite(user, *, organisatie: Organisatie, rol: Rol) -> bool:
    if _is_beheer(user):
        return True
    return policy.has_perm(user, COLLEGAS, organisatie.pk) and not _rol_escalates(rol)


def escalating_rol_ids() -> set[int]:
    return set(Rol.objects.filter(permissions__codename__in=ESCALATING).values_list("pk", flat=True))


def may_manage_account(user, account: User, *, escalating: set[int] | None = None) -> bool:
    """Servicedesk: anyone but itself. Colleague manager: accounts whose every membership is at an
    organisation where the manager holds `collegas_beheren`, in a role that does not escalate.
    `escalating` (from escalating_rol_ids()) saves a query per account on list pages."""
    if account.pk == user.pk or account.is_superuser:
        return False
    if _is_beheer(user):
        return True
    orgs = policy.organisaties(user, COLLEGAS)
    memberships = list(account.lidmaatschappen.all()) or list(account.uitnodigingen.all())
    if not orgs or not memberships:
        return False
    escalating = escalating_rol_ids() if escalating is None else escalating
    return all(m.organisatie_id in orgs and m.rol_id not in escalating for m in memberships)


def _require(ok: bool) -> None:
    if not ok:
        raise DomainError("U heeft geen rechten voor deze actie.")


def _require_beheer_of(user: User, account: User) -> None:
    """The servicedesk acts on other accounts, never on its own and never on a superuser's (the
    superusers manage each other in the Django admin)."""
    _require(_is_beheer(user) and account.pk != user.pk)
    if account.is_superuser:
        raise DomainError("Een beheerdersaccount (superuser) beheert u niet via de servicedesk.")


def _audit_account_action(*, account: User, user: User, actie: str) -> None:
    """An audit entry on the account for an action that changes no field of it (2FA reset, unlock)."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        account,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"beveiliging": ["", actie]},
        actor=user,
        additional_data={"actie": actie},
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def uitnodiging_create(
    *, email: str, naam: str, organisatie: Organisatie, rol: Rol, base_url: str, user: User
) -> tuple[Uitnodiging, str]:
    """Invite someone by e-mail to act for `organisatie` in `rol`. Returns the invitation and its
    token; only the token's hash is stored. A new invitation to the same address replaces open ones."""
    _require(may_invite(user, organisatie=organisatie, rol=rol))
    if not organisatie.actief:
        raise DomainError("Deze organisatie is niet actief.")
    if rol.organisatie_soort != organisatie.soort:
        raise DomainError(
            f"De rol {rol.naam} hoort bij een {rol.get_organisatie_soort_display()}, "
            f"niet bij een {organisatie.get_soort_display()}.",
            field="rol",
        )
    email = email.strip().lower()
    account = User.objects.filter(email__iexact=email).first()
    if account is None:
        account = account_create_unchecked(email=email, naam=naam)
    elif account.has_usable_password() or not account.is_active:
        raise DomainError(
            "Er bestaat al een account met dit e-mailadres. Geef die persoon een rol via het account.", field="email"
        )
    Uitnodiging.objects.filter(user=account, used_at__isnull=True).update(expires_at=timezone.now())
    token = secrets.token_urlsafe(32)
    uitnodiging = Uitnodiging.objects.create(
        user=account,
        organisatie=organisatie,
        rol=rol,
        token_hash=_token_hash(token),
        uitgenodigd_door=user,
        expires_at=timezone.now() + timedelta(days=settings.VOROC_INVITE_DAYS),
    )
    link = base_url.rstrip("/") + f"/account/uitnodiging/{token}/"
    body = render_to_string(
        "accounts/uitnodiging_email.txt",
        {"uitnodiging": uitnodiging, "link": link, "dagen": settings.VOROC_INVITE_DAYS},
    )
    transaction.on_commit(lambda: send_mail("Uitnodiging voor VOROC", body, None, [account.email], fail_silently=True))
    return uitnodiging, token


def uitnodiging_find(token: str) -> Uitnodiging | None:
    """The open invitation for `token`, or None (unknown, used or expired: one answer for all)."""
    if not token or len(token) > 100:
        return None
    return (
        Uitnodiging.objects.open()
        .select_related("user", "organisatie", "rol")
        .filter(token_hash=_token_hash(token))
        .first()
    )


@transaction.atomic
def uitnodiging_accept(*, token: str, password: str) -> User:
    """Set the password (validators apply), grant the role, spend the invitation."""
    uitnodiging = uitnodiging_find(token)
    if uitnodiging is not None:
        uitnodiging = Uitnodiging.objects.select_for_update().filter(pk=uitnodiging.pk, used_at__isnull=True).first()
    if uitnodiging is None:
        raise DomainError("Deze uitnodiging is verlopen of al gebruikt. Vraag een nieuwe uitnodiging aan.")
    account = uitnodiging.user
    try:
        validate_password(password, account)
    except ValidationError as e:
        raise DomainError(" ".join(e.messages), field="password1")
    account.set_password(password)
    account.is_active = True
    account.save(update_fields=["password", "is_active"])
    uitnodiging.used_at = timezone.now()
    uitnodiging.save(update_fields=["used_at"])
    lidmaatschap_toekennen_unchecked(account=account, organisatie=uitnodiging.organisatie, rol=uitnodiging.rol)
    return account


@transaction.atomic
def uitnodiging_accept_sso(*, account: User, organisatie: Organisatie) -> Uitnodiging | None:
    """Someone invited at `organisatie` signs in through that organisation's identity provider,
    which vouched for the invited address: the open invitation is spent and its role granted, as
    the link in the mail would (no password is set; the account keeps signing in through the
    provider). None when there is no open invitation for the account there."""
    uitnodiging = (
        Uitnodiging.objects.open()
        .select_for_update(of=("self",))
        .filter(user=account, organisatie=organisatie)
        .select_related("rol")
        .order_by("-pk")
        .first()
    )
    if uitnodiging is None:
        return None
    uitnodiging.used_at = timezone.now()
    uitnodiging.save(update_fields=["used_at"])
    lidmaatschap_toekennen_unchecked(account=account, organisatie=organisatie, rol=uitnodiging.rol)
    return uitnodiging


@transaction.atomic
def lidmaatschap_toekennen(*, account: User, organisatie: Organisatie, rol: Rol, user: User) -> Lidmaatschap:
    _require_beheer_of(user, account)
    return lidmaatschap_toekennen_unchecked(account=account, organisatie=organisatie, rol=rol)


@transaction.atomic
def lidmaatschap_intrekken(*, lidmaatschap: Lidmaatschap, user: User) -> None:
    _require_beheer_of(user, lidmaatschap.user)
    lidmaatschap_intrekken_unchecked(lidmaatschap=lidmaatschap)


@transaction.atomic
def account_deactivate(*, account: User, user: User) -> None:
    if account.is_superuser:
        raise DomainError("Een beheerdersaccount (superuser) beheert u niet via de servicedesk.")
    _require(may_manage_account(user, account))
    if not account.is_active:
        raise DomainError("Dit account is al gedeactiveerd.")
    Uitnodiging.objects.filter(user=account, used_at__isnull=True).update(expires_at=timezone.now())
    account_deactivate_unchecked(account=account)


@transaction.atomic
def account_reactivate(*, account: User, user: User) -> None:
    _require_beheer_of(user, account)
    account.is_active = True
    account.save(update_fields=["is_active"])


def _enrolment_link_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + f"/account/tweestaps/nieuw/{token}/"


@transaction.atomic
def account_reset_2fa(*, account: User, user: User, base_url: str | None = None) -> EnrolmentLink:
    """Remove the account's second factors and end its sessions. The user gets a notice by e-mail
    with a one-time link: only a session that opened it may enrol a new device (the password
    alone no longer can). Audited."""
    from . import otp

    _require_beheer_of(user, account)
    otp.delete_devices(account)
    sessions_end(user=account)
    EnrolmentLink.objects.filter(user=account, used_at__isnull=True).update(expires_at=timezone.now())
    token = secrets.token_urlsafe(32)
    link = EnrolmentLink.objects.create(
        user=account,
        token_hash=_token_hash(token),
        created_by=user,
        expires_at=timezone.now() + timedelta(hours=settings.VOROC_ENROLMENT_LINK_HOURS),
    )
    _audit_account_action(account=account, user=user, actie="tweestapsverificatie gereset")
    body = render_to_string(
        "accounts/tweestaps_reset_email.txt",
        {
            "account": account,
            "link": _enrolment_link_url(base_url or settings.VOROC_BASE_URL, token),
            "uren": settings.VOROC_ENROLMENT_LINK_HOURS,
        },
    )
    transaction.on_commit(
        lambda: send_mail(
            "Uw tweestapsverificatie voor VOROC is gereset", body, None, [account.email], fail_silently=True
        )
    )
    return link


def enrolment_link_find(token: str) -> EnrolmentLink | None:
    """The open enrolment link for `token`, or None (unknown, used or expired: one answer for all)."""
    if not token or len(token) > 100:
        return None
    return EnrolmentLink.objects.open().filter(token_hash=_token_hash(token)).select_related("user").first()


def enrolment_needs_link(account: User) -> bool:
    """True while a servicedesk reset of the account's second factor is not yet followed by a new one."""
    return EnrolmentLink.objects.filter(user=account, used_at__isnull=True).exists()


def enrolment_link_use(*, link_id: int, account: User) -> None:
    EnrolmentLink.objects.filter(pk=link_id, user=account, used_at__isnull=True).update(used_at=timezone.now())


def account_unlock(*, account: User, user: User) -> int:
    """Lift a lock-out (django-axes) for the account's e-mail address; returns the removed attempts. Audited."""
    from axes.utils import reset

    _require_beheer_of(user, account)
    with transaction.atomic():
        _audit_account_action(account=account, user=user, actie="blokkade opgeheven")
        return reset(username=account.email.lower())


def account_is_locked(account: User) -> bool:
    from .lockout import account_is_locked as locked

    return locked(account.email)
