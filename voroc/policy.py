"""Who may see what: the one place that answers it (ARCHITECTURE.md).

A user's memberships (`Lidmaatschap`) are stored once; django-guardian holds a
store derived from them: one group per organisation and role, whose object
permissions on the organisation are the role's permissions (voroc.accounts.groepen).
`grants_for(user)` reads them in one query and caches them on the user object for
the request; the `*_q` functions turn them into query filters that the
`for_user()` selectors of every app use. Code checks permissions here, never role
names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

ORGANISATIE_PERMS = (
    "leerlingen_alle_inzien",
    "leerlingen_mentorgroep_inzien",
    "leerlingen_bewerken",
    "zorg_inzien",
    "zorg_bewerken",
    "aanmelden",
    "risico_melden",
    "collegas_beheren",
    "aanmeldingen_behandelen",
    "opleidingen_beheren",
    "woongemeente_inzien",
    "meldingen_behandelen",
    "organisaties_beheren",
    "inzage_verstrekken",
)


@dataclass(frozen=True)
class Grants:
    """For one user: per permission codename, the ids of the organisations where it holds;
    and per (permission, organisation) the roles that grant it (for the read log)."""

    by_perm: dict[str, frozenset[int]] = field(default_factory=dict)
    roles: dict[tuple[str, int], frozenset[int]] = field(default_factory=dict)

    def orgs(self, perm: str) -> frozenset[int]:
        return self.by_perm.get(perm, frozenset())

    def has(self, perm: str, organisatie_id: int | None = None) -> bool:
        orgs = self.orgs(perm)
        return bool(orgs) if organisatie_id is None else organisatie_id in orgs

    @property
    def all_orgs(self) -> frozenset[int]:
        return frozenset().union(*self.by_perm.values()) if self.by_perm else frozenset()


NO_GRANTS = Grants()


def _organisatie_grant_rows():
    """guardian's object permissions on active organisations, held by the groups of a
    (organisation, role) pair; a lazy queryset."""
    from guardian.models import GroupObjectPermission

    return GroupObjectPermission.objects.filter(
        content_type__app_label="accounts",
        content_type__model="organisatie",
        group__rolgroep__organisatie__actief=True,  # an inactive organisation grants nothing
    )


def grants_for(user) -> Grants:
    """The user's permissions per organisation; one query, cached on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_GRANTS
    cached = getattr(user, "_voroc_grants", None)
    if cached is not None:
        return cached
    rows = (
        _organisatie_grant_rows()
        .filter(group__user=user.pk)
        .values_list("permission__codename", "object_pk", "group__rolgroep__rol_id")
    )
    by_perm: dict[str, set[int]] = {}
    roles: dict[tuple[str, int], set[int]] = {}
    for codename, object_pk, rol_id in rows:
        by_perm.setdefault(codename, set()).add(int(object_pk))
        roles.setdefault((codename, int(object_pk)), set()).add(rol_id)
    grants = Grants(
        {perm: frozenset(ids) for perm, ids in by_perm.items()},
        {key: frozenset(ids) for key, ids in roles.items()},
    )
    user._voroc_grants = grants
    return grants


def forget_grants(user) -> None:
    """Drop the cached grants after a membership change."""
    if hasattr(user, "_voroc_grants"):
        del user._voroc_grants


def has_perm(user, perm: str, organisatie_id: int | None = None) -> bool:
    return grants_for(user).has(perm, organisatie_id)


def _never() -> Q:
    return Q(pk__in=[])


def _any(parts: list[Q]) -> Q:
    result = _never()
    for part in parts:
        result |= part
    return result


def leerling_school_gemeente_q(user, prefix: str = "") -> Q:
    """Pupils seen through the school (all, or the mentor group) or through the home municipality."""
    g = grants_for(user)
    parts = []
    if g.orgs("leerlingen_alle_inzien"):
        parts.append(Q(**{f"{prefix}school_id__in": g.orgs("leerlingen_alle_inzien")}))
    if g.orgs("leerlingen_mentorgroep_inzien"):
        parts.append(
            Q(**{f"{prefix}school_id__in": g.orgs("leerlingen_mentorgroep_inzien"), f"{prefix}mentor_id": user.pk})
        )
    if g.orgs("woongemeente_inzien"):
        parts.append(Q(**{f"{prefix}woongemeente_id__in": g.orgs("woongemeente_inzien")}))
    return _any(parts)


def aanmelding_mbo_q(user, prefix: str = "") -> Q:
    """Applications an mbo sees: sent (not concept) to a programme of its own institution."""
    g = grants_for(user)
    instellingen = g.orgs("aanmeldingen_behandelen")
    if not instellingen:
        return _never()
    return Q(**{f"{prefix}opleiding__instelling_id__in": instellingen}) & ~Q(**{f"{prefix}status": "concept"})


def leerling_q(user) -> Q:
    """Every pupil the user may see: school, home municipality, or an application to own institution."""
    q = leerling_school_gemeente_q(user)
    if grants_for(user).orgs("aanmeldingen_behandelen"):
        from aanmelding.models import Aanmelding

        q |= Q(pk__in=Aanmelding.objects.filter(aanmelding_mbo_q(user)).values("leerling_id"))
    return q


def aanmelding_q(user) -> Q:
    return leerling_school_gemeente_q(user, prefix="leerling__") | aanmelding_mbo_q(user)


def can_edit_leerling(user, leerling) -> bool:
    """Edit rights on a pupil already in scope: the school's editors, or the municipality (contact data)."""
    g = grants_for(user)
    return g.has("leerlingen_bewerken", leerling.school_id) or g.has("woongemeente_inzien", leerling.woongemeente_id)


def can_see_zorg(user, leerling) -> bool:
    return grants_for(user).has("zorg_inzien", leerling.school_id)


def _grant_rows(perm: str, organisatie_ids):
    """guardian rows granting `perm` on one of the (active) organisations; a lazy queryset."""
    return _organisatie_grant_rows().filter(
        permission__codename=perm, group__rolgroep__organisatie_id__in=organisatie_ids
    )


def _member_rows(perm: str, organisatie_ids):
    """Group memberships of active users that carry `perm` at one of the organisations."""
    from django.contrib.auth import get_user_model

    return get_user_model().groups.through.objects.filter(
        group_id__in=_grant_rows(perm, organisatie_ids).values("group_id"), user__is_active=True
    )


def users_with_perm(perm: str, organisatie_ids):
    """Active users holding `perm` at one of the organisations: one query when evaluated
    (the grants are a subquery), whatever the number of users or organisations."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk__in=_member_rows(perm, organisatie_ids).values("user_id"))


def perm_holders(perm: str, organisatie_ids) -> dict[int, set[int]]:
    """{organisation id: ids of the active users holding `perm` there}; one query."""
    holders: dict[int, set[int]] = {}
    rows = _member_rows(perm, organisatie_ids).values_list("group__rolgroep__organisatie_id", "user_id")
    for organisatie_id, user_id in rows:
        holders.setdefault(organisatie_id, set()).add(user_id)
    return holders
