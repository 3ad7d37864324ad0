"""Reads for the servicedesk section: organisations, school years, accounts.

Scoped like every selector: a user without `organisaties_beheren` gets nothing (the pages answer
403 before they get here; the scope is the second lock). The servicedesk never sees a pupil: only
the preview of a new school year counts pupils, per school, without naming one.
"""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Case, CharField, Count, Prefetch, Q, QuerySet, TextChoices, Value, When
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leerlingen.models import Leerling, Schooljaar, overgang_lopend_q
from voroc import policy
from voroc.accounts.models import (
    Identiteitsprovider,
    Lidmaatschap,
    Locatie,
    Organisatie,
    OrganisatieSoort,
    Rol,
    Uitnodiging,
    User,
)

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


def identiteitsproviders(*, user, organisatie) -> QuerySet:
    return _scoped(user, Identiteitsprovider.objects.filter(organisatie=organisatie).order_by("naam"))


def identiteitsprovider_get(*, user, pk) -> Identiteitsprovider:
    return get_object_or_404(_scoped(user, Identiteitsprovider.objects.select_related("organisatie")), pk=pk)


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
    per_status = account_status_tellingen(user=user)
    counts["accounts"] = per_status[AccountStatus.ACTIEF]
    counts["uitnodigingen"] = per_status[AccountStatus.UITGENODIGD]
    counts["inactief"] = per_status[AccountStatus.GEDEACTIVEERD]
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


class AccountStatus(TextChoices):
    ACTIEF = "actief", "actief"
    UITGENODIGD = "uitgenodigd", "uitgenodigd"
    GEDEACTIVEERD = "gedeactiveerd", "gedeactiveerd"


def met_account_status(qs: QuerySet) -> QuerySet:
    """Each account's one status, computed in the database: the single definition that the
    dashboard's counts and the account list's badges share. Invited: active but no password set
    yet (the invitation has not been accepted, whether or not its link is still open)."""
    return qs.annotate(
        account_status=Case(
            When(is_active=False, then=Value(AccountStatus.GEDEACTIVEERD.value)),
            When(password__startswith=UNUSABLE_PASSWORD_PREFIX, then=Value(AccountStatus.UITGENODIGD.value)),
            default=Value(AccountStatus.ACTIEF.value),
            output_field=CharField(),
        )
    )


def account_status_tellingen(*, user) -> dict[str, int]:
    """Accounts per status (every status present, zero included), one query."""
    rows = met_account_status(accounts_for_user(user)).order_by().values("account_status").annotate(n=Count("pk"))
    found = {row["account_status"]: row["n"] for row in rows}
    return {status: found.get(status, 0) for status in AccountStatus.values}


def account_list(*, user, zoek: str = "", soort: str = "") -> QuerySet:
    qs = met_account_status(accounts_for_user(user)).prefetch_related(
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


def schooljaar_overgang(*, user, nieuw: Schooljaar) -> dict:
    """What activating `nieuw` carries over from the active year, per school: its pupils, and how
    many of them stay on the school's lists because their transfer is still open (and on the
    municipality's, which also keeps those handed to it). Counts only; one query."""
    actief = Schooljaar.objects.actief()
    if actief is None or actief.pk == nieuw.pk or not policy.holds_any(user, BEHEER):
        return {"actief": actief, "scholen": [], "totaal": 0, "school": 0, "gemeente": 0}
    rows = list(
        Leerling.objects.filter(schooljaar=actief)
        .order_by()
        .values("school__naam")
        .annotate(
            totaal=Count("pk", distinct=True),
            school=Count("pk", filter=overgang_lopend_q(), distinct=True),
            gemeente=Count("pk", filter=overgang_lopend_q(gemeente=True), distinct=True),
        )
        .order_by("school__naam")
    )
    return {
        "actief": actief,
        "scholen": rows,
        "totaal": sum(r["totaal"] for r in rows),
        "school": sum(r["school"] for r in rows),
        "gemeente": sum(r["gemeente"] for r in rows),
    }
