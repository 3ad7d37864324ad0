"""django-guardian as a store derived from the memberships, kept in step so that it cannot drift.

`Lidmaatschap` (user, organisation, role) is the one source of truth. guardian holds, per
(organisation, role) pair in use, one `auth.Group` (a `Rolgroep`) whose object permissions on
that organisation are exactly the role's permissions; a membership is the user's place in that
group. So:

- granting or revoking a membership adds or removes one group member (signals on
  `Lidmaatschap`, in the same transaction as the membership row, whichever code writes it);
- changing a role's permissions changes the object permissions of that role's groups, and so
  of every member at once (`m2m_changed` on `Rol.permissions`, and `rolgroepen_sync` from
  `sync_rollen` after every migration);
- `rolgroepen_sync` reconciles everything from the memberships and roles (idempotent, a
  fixed number of queries), and `verschillen` reports what would change (a test keeps it empty).

Every function takes an app registry (`apps`) so that migrations can run it on historical models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps as global_apps


def group_name(organisatie_id: int, rol_code: str) -> str:
    return f"voroc:{organisatie_id}:{rol_code}"[:150]


def _models(apps):
    return {
        "Lidmaatschap": apps.get_model("accounts", "Lidmaatschap"),
        "Rol": apps.get_model("accounts", "Rol"),
        "Rolgroep": apps.get_model("accounts", "Rolgroep"),
        "Organisatie": apps.get_model("accounts", "Organisatie"),
        "Group": apps.get_model("auth", "Group"),
        "Permission": apps.get_model("auth", "Permission"),
        "ContentType": apps.get_model("contenttypes", "ContentType"),
        "GroupObjectPermission": apps.get_model("guardian", "GroupObjectPermission"),
        "UserGroups": apps.get_model("accounts", "User").groups.through,
    }


def _organisatie_ct(m):
    ct, _ = m["ContentType"].objects.get_or_create(app_label="accounts", model="organisatie")
    return ct


@dataclass
class Verschil:
    """What `rolgroepen_sync` would change; empty when the derived store matches."""

    ontbrekende_groepen: set = field(default_factory=set)  # (organisatie_id, rol_id)
    rechten_erbij: set = field(default_factory=set)  # (group_id, permission_id, organisatie_id)
    rechten_eraf: set = field(default_factory=set)  # GroupObjectPermission ids
    leden_erbij: set = field(default_factory=set)  # (user_id, group_id)
    leden_eraf: set = field(default_factory=set)  # through-table ids

    def __bool__(self) -> bool:
        return any((self.ontbrekende_groepen, self.rechten_erbij, self.rechten_eraf, self.leden_erbij, self.leden_eraf))


def _rolgroepen(m) -> dict[tuple[int, int], tuple[int, int]]:
    """{(organisatie_id, rol_id): (rolgroep id, group id)}."""
    return {
        (org, rol): (pk, groep)
        for pk, org, rol, groep in m["Rolgroep"].objects.values_list("pk", "organisatie_id", "rol_id", "groep_id")
    }


def _verschillen(m, rolgroepen: dict, *, rol_ids=None) -> Verschil:
    ct = _organisatie_ct(m)
    result = Verschil()
    in_gebruik = set(m["Lidmaatschap"].objects.values_list("organisatie_id", "rol_id").distinct())
    result.ontbrekende_groepen = in_gebruik - set(rolgroepen)

    scope = {key: value for key, value in rolgroepen.items() if rol_ids is None or key[1] in rol_ids}
    groep_ids = {groep for _pk, groep in scope.values()}
    role_perms: dict[int, set[int]] = {}
    for rol_id, perm_id in m["Rol"].permissions.through.objects.values_list("rol_id", "permission_id"):
        role_perms.setdefault(rol_id, set()).add(perm_id)
    wanted = {(groep, perm, org) for (org, rol), (_pk, groep) in scope.items() for perm in role_perms.get(rol, ())}
    have = {}
    for pk, groep, perm, object_pk, ct_id in (
        m["GroupObjectPermission"]
        .objects.filter(group_id__in=groep_ids)
        .values_list("pk", "group_id", "permission_id", "object_pk", "content_type_id")
    ):
        key = (groep, perm, int(object_pk)) if ct_id == ct.pk and object_pk.isdigit() else None
        if key is None or key not in wanted or key in have:
            result.rechten_eraf.add(pk)  # not for this group, or a duplicate
        else:
            have[key] = pk
    result.rechten_erbij = wanted - set(have)

    if rol_ids is None:
        leden_wanted = {
            (user, rolgroepen[(org, rol)][1])
            for user, org, rol in m["Lidmaatschap"].objects.values_list("user_id", "organisatie_id", "rol_id")
            if (org, rol) in rolgroepen
        }
        leden_have = {}
        for pk, user, groep in (
            m["UserGroups"].objects.filter(group_id__in=groep_ids).values_list("pk", "user_id", "group_id")
        ):
            if (user, groep) in leden_wanted:
                leden_have[(user, groep)] = pk
            else:
                result.leden_eraf.add(pk)
        result.leden_erbij = leden_wanted - set(leden_have)
    return result


def verschillen(apps=global_apps) -> Verschil:
    """Where the guardian store differs from the memberships and roles (it should not)."""
    m = _models(apps)
    return _verschillen(m, _rolgroepen(m))


def _maak_rolgroepen(m, paren: set[tuple[int, int]]) -> None:
    """Create the group and `Rolgroep` of each (organisatie_id, rol_id) pair."""
    if not paren:
        return
    codes = dict(m["Rol"].objects.filter(pk__in={rol for _org, rol in paren}).values_list("pk", "code"))
    names = {pair: group_name(pair[0], codes[pair[1]]) for pair in paren}
    existing = dict(m["Group"].objects.filter(name__in=names.values()).values_list("name", "pk"))
    m["Group"].objects.bulk_create([m["Group"](name=n) for n in names.values() if n not in existing])
    groups = dict(m["Group"].objects.filter(name__in=names.values()).values_list("name", "pk"))
    m["Rolgroep"].objects.bulk_create(
        [m["Rolgroep"](organisatie_id=org, rol_id=rol, groep_id=groups[names[(org, rol)]]) for org, rol in paren],
        ignore_conflicts=True,
    )


def _toepassen(m, verschil: Verschil, rolgroepen: dict) -> None:
    ct = _organisatie_ct(m)
    if verschil.rechten_eraf:
        m["GroupObjectPermission"].objects.filter(pk__in=verschil.rechten_eraf).delete()
    m["GroupObjectPermission"].objects.bulk_create(
        [
            m["GroupObjectPermission"](group_id=groep, permission_id=perm, content_type_id=ct.pk, object_pk=str(org))
            for groep, perm, org in sorted(verschil.rechten_erbij)
        ],
        ignore_conflicts=True,
    )
    if verschil.leden_eraf:
        m["UserGroups"].objects.filter(pk__in=verschil.leden_eraf).delete()
    m["UserGroups"].objects.bulk_create(
        [m["UserGroups"](user_id=user, group_id=groep) for user, groep in sorted(verschil.leden_erbij)],
        ignore_conflicts=True,
    )


def rolgroepen_sync(apps=global_apps, *, rol_ids=None) -> Verschil:
    """Make the guardian store match the memberships and roles; returns what was changed.

    With `rol_ids`, only the object permissions of those roles' groups are brought in step
    (what a change to a role's permission set needs); without, everything.
    """
    m = _models(apps)
    rolgroepen = _rolgroepen(m)
    verschil = _verschillen(m, rolgroepen, rol_ids=rol_ids)
    if verschil.ontbrekende_groepen:
        _maak_rolgroepen(m, verschil.ontbrekende_groepen)
        rolgroepen = _rolgroepen(m)
        verschil = _verschillen(m, rolgroepen, rol_ids=rol_ids)
    _toepassen(m, verschil, rolgroepen)
    return verschil


# --- One user's memberships (run by the signals in voroc.accounts.signals) -------------------


def gebruiker_sync(user_id: int) -> None:
    """Bring one user's group memberships in step with their `Lidmaatschap` rows; the groups of
    pairs not in use yet are created with their object permissions. A few queries."""
    m = _models(global_apps)
    paren = set(m["Lidmaatschap"].objects.filter(user_id=user_id).values_list("organisatie_id", "rol_id"))
    rolgroepen = _rolgroepen(m)
    nieuw = paren - set(rolgroepen)
    if nieuw:
        _maak_rolgroepen(m, nieuw)
        rolgroepen_sync(rol_ids={rol for _org, rol in nieuw})
        rolgroepen = _rolgroepen(m)
    wanted = {rolgroepen[pair][1] for pair in paren}
    have = dict(
        m["UserGroups"].objects.filter(user_id=user_id, group__rolgroep__isnull=False).values_list("group_id", "pk")
    )
    extra = [pk for groep, pk in have.items() if groep not in wanted]
    if extra:
        m["UserGroups"].objects.filter(pk__in=extra).delete()
    m["UserGroups"].objects.bulk_create(
        [m["UserGroups"](user_id=user_id, group_id=groep) for groep in sorted(wanted - set(have))],
        ignore_conflicts=True,
    )
