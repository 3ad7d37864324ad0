"""Reads for the servicedesk section: organisations, school years, accounts.

Scoped like every selector: a user without `organisaties_beheren` gets nothing (the pages answer
403 before they get here; the scope is the second lock). The servicedesk never sees pupils, so
nothing here reaches a Leerling.
"""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leerlingen.models import Schooljaar
from voroc import policy
from voroc.accounts.models import Lidmaatschap, Locatie, Organisatie, OrganisatieSoort, Rol, Uitnodiging, User

BEHEER = "organisaties_beheren"


def _scoped(user, qs: QuerySet) -> QuerySet:
    return qs if policy.holds_any(user, BEHEER) else qs.none()


# --- organisations ------------------------------------------------------------------------------


def organisaties_for_user(user) -> QuerySet:
    """Every organisation but the servicedesk itself (it is not managed from these pages)."""
    return _scoped(user, Organisatie.objects.exclude(soort=OrganisatieSoort.SERVICEDESK))


def organisatie_list(*, user, soort: str = "", zoek: str = "") -> QuerySet:
    qs = organisaties_for_user(user).select_related("gemeente")
    if soort:
        qs = qs.filter(soort=soort)
    if zoek:
        qs = qs.filter(Q(naam__icontains=zoek) | Q(brin__iexact=zoek) | Q(cbs_code=zoek))
    return qs.annotate(n_accounts=Count("lidmaatschappen__user", distinct=True)).order_by("soort", "naam")


def organisatie_get(*, user, pk) -> Organisatie:
    return get_object_or_404(organisaties_for_user(user), pk=pk)


def instelling_get(*, user, pk) -> Organisatie:
    return get_object_or_404(organisaties_for_user(user).instellingen(), pk=pk)


def locatie_get(*, user, pk) -> Locatie:
    return get_object_or_404(_scoped(user, Locatie.objects.all()), pk=pk)


def organisatie_lidmaatschappen(*, user, organisatie) -> QuerySet:
    return _scoped(user, Lidmaatschap.objects.filter(organisatie=organisatie).select_related("user", "rol"))


def organisaties_actief(*, user) -> QuerySet:
    """The organisations an account can be invited to or given a role at."""
    return _scoped(user, Organisatie.objects.filter(actief=True)).order_by("soort", "naam")


def dashboard_tellingen(*, user) -> dict:
    counts = organisaties_for_user(user).aggregate(
        scholen=Count("pk", filter=Q(soort=OrganisatieSoort.VO_SCHOOL)),
        instellingen=Count("pk", filter=Q(soort=OrganisatieSoort.MBO_INSTELLING)),
        gemeenten=Count("pk", filter=Q(soort=OrganisatieSoort.GEMEENTE)),
    )
    counts.update(
        accounts_for_user(user).aggregate(
            accounts=Count("pk", filter=Q(is_active=True)), inactief=Count("pk", filter=Q(is_active=False))
        )
    )
    counts["uitnodigingen"] = _scoped(user, Uitnodiging.objects.open()).count()
    return counts


# --- school years and reference data ------------------------------------------------------------


def schooljaren(*, user) -> QuerySet:
    return _scoped(user, Schooljaar.objects.all())


def schooljaar_get(*, user, pk) -> Schooljaar:
    return get_object_or_404(schooljaren(user=user), pk=pk)


def rollen(*, user) -> QuerySet:
    return _scoped(user, Rol.objects.all())


# --- accounts -----------------------------------------------------------------------------------


def accounts_for_user(user) -> QuerySet:
    # An API client's service account is no person's account: it is managed on the API-client pages.
    return _scoped(user, User.objects.filter(api_client__isnull=True))


def account_list(*, user, zoek: str = "", soort: str = "") -> QuerySet:
    qs = accounts_for_user(user).prefetch_related(
        Prefetch("lidmaatschappen", queryset=Lidmaatschap.objects.select_related("organisatie", "rol"))
    )
    if zoek:
        qs = qs.filter(Q(naam__icontains=zoek) | Q(email__icontains=zoek))
    if soort:
        qs = qs.filter(lidmaatschappen__organisatie__soort=soort).distinct()
    return qs.order_by("naam")


def account_get(*, user, pk) -> User:
    return get_object_or_404(accounts_for_user(user), pk=pk)


def lidmaatschap_get(*, user, account_pk, pk) -> Lidmaatschap:
    qs = _scoped(user, Lidmaatschap.objects.select_related("rol", "organisatie"))
    return get_object_or_404(qs, pk=pk, user_id=account_pk)


def account_lidmaatschappen(*, user, account) -> QuerySet:
    return _scoped(user, Lidmaatschap.objects.filter(user=account).select_related("organisatie", "rol"))


def account_uitnodigingen(*, user, account) -> QuerySet:
    return _scoped(user, Uitnodiging.objects.filter(user=account).select_related("organisatie", "rol"))[:10]


def account_tweestaps(*, user, account) -> tuple[bool, int]:
    """Whether the account has a confirmed authenticator app, and how many backup codes are left."""
    totp = _scoped(user, TOTPDevice.objects.filter(user=account, confirmed=True)).exists()
    codes_left = _scoped(user, StaticToken.objects.filter(device__user=account)).count()
    return totp, codes_left
