"""Who may see what: the one place that answers it (docs/adr/0002 and 0009).

1. Grants. A user's memberships (`Lidmaatschap`) are stored once; django-guardian holds a
   store derived from them: one group per organisation and role, whose object permissions
   on the organisation are the role's permissions (voroc.accounts.groepen). `grants_for(user)`
   reads them in one query and caches them on the user object for the request.
2. Scopes: WHICH rows a user sees. One `<entity>_q(who)` per entity turns the grants into a
   query filter; every `for_user()` and selector of every app takes its filter from here.
3. Visibility: WHAT a user sees of a pupil inside an allowed page. The table `ZICHTBAARHEID`
   (parts of the file x the ways a user relates to a pupil), the field map `VELDEN`, and
   `zicht()` / `zicht_lijst()` / `deel_q()` that pages, lists, filters, exports, PDFs,
   notifications and inzage read.

Code checks permissions here, never role names; the relation to a pupil is derived from the
permissions held at the pupil's school, home municipality or an institution it applied to.
This module imports no app: app tables are reached by relation paths or `apps.get_model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Q


@dataclass(frozen=True)
class Grants:
    """For one user: per permission codename, the ids of the organisations where it holds;
    and per (permission, organisation) the roles that grant it (for the read log)."""

    by_perm: dict[str, frozenset[int]] = field(default_factory=dict)
    roles: dict[tuple[str, int], frozenset[int]] = field(default_factory=dict)
    # A portal account (pupil or parent): per relation (`Relatie.LEERLING`/`OUDER`), the ids of
    # the pupils whose file it may open. Such an account holds no organisation permission.
    leerlingen: dict[str, frozenset[int]] = field(default_factory=dict)

    def eigen(self, relatie: str) -> frozenset[int]:
        return self.leerlingen.get(relatie, frozenset())

    @property
    def eigen_leerlingen(self) -> frozenset[int]:
        return frozenset().union(*self.leerlingen.values()) if self.leerlingen else frozenset()

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


def _portaal_grants(user) -> Grants:
    """A portal account's active accesses to pupils' files (app portaal); one query."""
    from django.apps import apps

    rows = (
        apps.get_model("portaal", "Toegang")
        .objects.filter(user=user.pk, ingetrokken_op__isnull=True)
        .values_list("relatie", "leerling_id")
    )
    leerlingen: dict[str, set[int]] = {}
    for relatie, leerling_id in rows:
        leerlingen.setdefault(relatie, set()).add(leerling_id)
    return Grants(leerlingen={relatie: frozenset(ids) for relatie, ids in leerlingen.items()})


def grants_for(user) -> Grants:
    """The user's permissions per organisation (or a portal account's pupils); one query, cached
    on the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_GRANTS
    cached = getattr(user, "_voroc_grants", None)
    if cached is not None:
        return cached
    if getattr(user, "portaal", False):
        user._voroc_grants = _portaal_grants(user)
        return user._voroc_grants
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


@dataclass(frozen=True)
class Viewer:
    """Whose eyes a scope is built for: a signed-in user's grants, or (for an organisation's
    inzage export) the grants of an organisation as a whole, without a user."""

    grants: Grants
    user_id: int | None = None


def viewer(who) -> Viewer:
    """`who` is a user or already a Viewer."""
    if isinstance(who, Viewer):
        return who
    return Viewer(grants_for(who), getattr(who, "pk", None))


def organisatie_viewer(organisatie) -> Viewer:
    """An organisation as a whole: every permission a role of its kind holds, at that organisation
    only. What the organisation holds about a pupil is what this viewer sees (inzage)."""
    from django.contrib.auth.models import Permission

    codenames = (
        Permission.objects.filter(
            content_type__app_label="accounts",
            content_type__model="organisatie",
            rol__organisatie_soort=organisatie.soort,
        )
        .values_list("codename", flat=True)
        .distinct()
    )
    ids = frozenset({organisatie.pk}) if organisatie.actief else frozenset()
    return Viewer(Grants({codename: ids for codename in codenames}))


def has_perm(who, perm: str, organisatie_id: int | None = None) -> bool:
    return viewer(who).grants.has(perm, organisatie_id)


def holds_any(who, *perms: str) -> bool:
    """Holds at least one of `perms` at some organisation (whole pages, menu items)."""
    grants = viewer(who).grants
    return any(grants.orgs(perm) for perm in perms)


def organisaties(who, *perms: str) -> frozenset[int]:
    """Ids of the organisations where the user holds every one of `perms` (choice lists, checks)."""
    grants = viewer(who).grants
    ids: frozenset[int] | None = None
    for perm in perms:
        ids = grants.orgs(perm) if ids is None else ids & grants.orgs(perm)
    return ids or frozenset()


# --- Scopes: which rows a user may see ----------------------------------------------------------
#
# One function per entity, `<entity>_q(who, prefix="")`, returning a filter for that entity's
# queryset (`prefix` reaches the entity through a relation, e.g. "leerling__"). Every
# `for_user()` and every selector takes its filter from here. The core imports no app: rows of
# other entities are reached by relation paths, or by `apps.get_model` where a subquery is needed.


def _never() -> Q:
    return Q(pk__in=[])


def _any(parts: list[Q]) -> Q:
    result = _never()
    for part in parts:
        result |= part
    return result


def _in(field_path: str, ids) -> Q:
    return Q(**{f"{field_path}__in": ids}) if ids else _never()


def bij_organisatie_q(who, perm: str, field_path: str = "pk") -> Q:
    """Rows whose organisation (`field_path`) is one where the user holds `perm`: the
    institutions, programmes and locations an mbo user works with, the schools one may import for."""
    return _in(field_path, viewer(who).grants.orgs(perm))


def leerling_school_q(who, prefix: str = "") -> Q:
    """Pupils seen through the school: all of it, or the user's own mentor group."""
    v = viewer(who)
    parts = [_in(f"{prefix}school_id", v.grants.orgs("leerlingen_alle_inzien"))]
    mentorgroep = v.grants.orgs("leerlingen_mentorgroep_inzien")
    if mentorgroep and v.user_id is not None:
        parts.append(Q(**{f"{prefix}school_id__in": mentorgroep, f"{prefix}mentor_id": v.user_id}))
    return _any(parts)


def leerling_gemeente_q(who, prefix: str = "") -> Q:
    """Pupils living in a municipality where the user works (its current home municipality)."""
    return _in(f"{prefix}woongemeente_id", viewer(who).grants.orgs("woongemeente_inzien"))


def leerling_school_gemeente_q(who, prefix: str = "") -> Q:
    """Pupils seen through the school (all, or the mentor group) or through the home municipality."""
    return leerling_school_q(who, prefix) | leerling_gemeente_q(who, prefix)


def aanmelding_mbo_q(who, prefix: str = "") -> Q:
    """Applications an mbo sees: sent (not concept) to a programme of its own institution."""
    instellingen = viewer(who).grants.orgs("aanmeldingen_behandelen")
    if not instellingen:
        return _never()
    return Q(**{f"{prefix}opleiding__instelling_id__in": instellingen}) & ~Q(**{f"{prefix}status": "concept"})


def leerling_mbo_q(who, prefix: str = "") -> Q:
    """Pupils with a sent application to the user's own institution."""
    if not viewer(who).grants.orgs("aanmeldingen_behandelen"):
        return _never()
    from django.apps import apps

    aanmeldingen = apps.get_model("aanmelding", "Aanmelding").objects.filter(aanmelding_mbo_q(who))
    return Q(**{f"{prefix}pk__in": aanmeldingen.values("leerling_id")})


def leerling_q(who, prefix: str = "") -> Q:
    """Every pupil the user may see: school, home municipality, or an application to own institution."""
    return leerling_school_gemeente_q(who, prefix) | leerling_mbo_q(who, prefix)


def aanmelding_q(who, prefix: str = "") -> Q:
    """Applications: all of pupils seen through school or municipality; the mbo's own."""
    return leerling_school_gemeente_q(who, f"{prefix}leerling__") | aanmelding_mbo_q(who, prefix)


def externe_aanmelding_q(who, prefix: str = "") -> Q:
    """Applications outside VOROC: school and home municipality; an mbo inside VOROC has no business with them."""
    return leerling_school_gemeente_q(who, f"{prefix}leerling__")


def vergelijkingsregel_q(who, prefix: str = "") -> Q:
    """Differences with the national status file: of uploads by the user's own school (where it
    applies for pupils) or institution, and only of pupils the user may see."""
    g = viewer(who).grants
    eigen = organisaties(who, "aanmelden", "leerlingen_alle_inzien") | g.orgs("aanmeldingen_behandelen")
    return _in(f"{prefix}vergelijking__organisatie_id", eigen) & leerling_q(who, f"{prefix}leerling__")


def doorstroomformulier_q(who, prefix: str = "") -> Q:
    """School and municipality see the form of pupils in scope; the mbo only a final form of a
    pupil who applied to its institution."""
    return leerling_school_gemeente_q(who, f"{prefix}leerling__") | (
        Q(**{f"{prefix}status": "definitief"}) & leerling_mbo_q(who, f"{prefix}leerling__")
    )


def terugkoppeling_q(who, prefix: str = "") -> Q:
    """Timeline events: all of pupils in the school or municipality scope; for an mbo, only the
    events of applications to its own institution."""
    return leerling_school_gemeente_q(who, f"{prefix}leerling__") | aanmelding_mbo_q(who, f"{prefix}aanmelding__")


# The permissions a team inbox can be addressed to (Notificatie.team_recht): a municipality's
# notifications are one row for the holders of the permission there, not one row per consulent.
TEAM_RECHTEN = ("woongemeente_inzien", "meldingen_behandelen")


def notificatie_q(who) -> Q:
    """A notification of the user's own, or of a team the user belongs to: the team row's
    organisation is one where the user holds the row's `team_recht`."""
    v = viewer(who)
    if v.user_id is None:
        return _never()
    q = Q(user_id=v.user_id)
    for recht in TEAM_RECHTEN:
        orgs = v.grants.orgs(recht)
        if orgs:
            q |= Q(user__isnull=True, team_recht=recht, organisatie_id__in=orgs)
    return q


def melding_inbox_q(who, prefix: str = "") -> Q:
    """Meldingen the user handles: about pupils living in the user's municipality."""
    return _in(f"{prefix}leerling__woongemeente_id", viewer(who).grants.orgs("meldingen_behandelen"))


def melding_eigen_q(who, prefix: str = "") -> Q:
    """Meldingen made by the user's own school(s) or institution(s)."""
    g = viewer(who).grants
    return _in(f"{prefix}melder_organisatie_id", g.orgs("risico_melden") | g.orgs("aanmeldingen_behandelen"))


def melding_q(who, prefix: str = "") -> Q:
    """The municipality where the pupil lives; the organisation that made the melding (a mentor:
    for own mentor pupils)."""
    v = viewer(who)
    g = v.grants
    parts = [
        melding_inbox_q(v, prefix),
        _in(f"{prefix}melder_organisatie_id", g.orgs("leerlingen_alle_inzien") | g.orgs("aanmeldingen_behandelen")),
    ]
    if g.orgs("leerlingen_mentorgroep_inzien") and v.user_id is not None:
        parts.append(
            Q(
                **{
                    f"{prefix}melder_organisatie_id__in": g.orgs("leerlingen_mentorgroep_inzien"),
                    f"{prefix}leerling__mentor_id": v.user_id,
                }
            )
        )
    return _any(parts)


def melding_gebeurtenis_q(who, prefix: str = "") -> Q:
    """The municipality's handling of a melding: only the municipality where the pupil lives."""
    return melding_inbox_q(who, f"{prefix}melding__")


def gemeente_dossier_q(who, prefix: str = "") -> Q:
    """Guidance (trajecten, contactmomenten): only the municipality where the pupil lives now
    (never the school or the mbo)."""
    return leerling_gemeente_q(who, f"{prefix}leerling__")


def verhuizing_q(who, prefix: str = "") -> Q:
    """Both the old and the new municipality see THAT the pupil moved (not the old one the file)."""
    gemeenten = viewer(who).grants.orgs("woongemeente_inzien")
    return _in(f"{prefix}van_gemeente_id", gemeenten) | _in(f"{prefix}naar_gemeente_id", gemeenten)


def leerlingimport_q(who, prefix: str = "") -> Q:
    """Imports of schools where the user may import: edit and see all pupils there."""
    return _in(f"{prefix}school_id", organisaties(who, "leerlingen_bewerken", "leerlingen_alle_inzien"))


def regio_cijfers_q(who, prefix: str = "") -> Q:
    """Rows counted in the region's aggregates (rapportage): every row of the installation (one
    VOROC is one RMC region) for a holder of `regio_monitoren`, none for anyone else. Only for
    counts: no page, list, export or PDF shows a pupil through it, and the monitor has no relation
    to any pupil (every `for_user` returns none, the visibility table shows it nothing)."""
    return Q(**{f"{prefix}pk__isnull": False}) if viewer(who).grants.orgs("regio_monitoren") else _never()


def eigen_leerling_q(who, prefix: str = "", relatie: str | None = None) -> Q:
    """The pupils whose file a portal account opens (its own, or its child's; `relatie` narrows
    to one kind). Staff scopes never include these: a portal account reaches a pupil only here."""
    grants = viewer(who).grants
    ids = grants.eigen(relatie) if relatie else grants.eigen_leerlingen
    return _in(f"{prefix}pk", ids)


def toegang_q(who, prefix: str = "") -> Q:
    """Portal accesses: the school manages its pupils' (whoever sees the pupil through the school);
    a portal account sees the accesses to its own file as a pupil (its parents)."""
    return leerling_school_q(who, f"{prefix}leerling__") | eigen_leerling_q(who, f"{prefix}leerling__", "leerling")


def activatiecode_q(who, prefix: str = "") -> Q:
    """Activation codes: the school's, for pupils it sees; a pupil's own invitations of a parent."""
    return leerling_school_q(who, f"{prefix}leerling__") | eigen_leerling_q(who, f"{prefix}leerling__", "leerling")


def eigen_relatie(who, leerling_id) -> str | None:
    """How a portal account relates to this pupil (`Relatie.LEERLING` or `OUDER`), or None: the
    portal's pages decide with it who may change part A (the pupil) or write a view (a parent)."""
    grants = viewer(who).grants
    for soort in Relatie.PORTAAL:
        if leerling_id in grants.eigen(soort):
            return soort
    return None


def deel_a_q(who, prefix: str = "") -> Q:
    """Rows of part A that live beside the form (the pupil's programme wishes, a parent's view):
    whoever sees part A of the pupil in the visibility table (the mbo once the form is final)."""
    return deel_q(who, Deel.DEEL_A, f"{prefix}leerling__")


# The scope of every model that holds a pupil's data, by model label (inzage collects with it).
SCOPES = {
    "leerlingen.Leerling": leerling_q,
    "leerlingen.Elders": lambda who: leerling_q(who, "leerling__"),
    "doorstroom.Doorstroomformulier": doorstroomformulier_q,
    "aanmelding.Aanmelding": aanmelding_q,
    "aanmelding.Plaatsingsbesluit": lambda who: aanmelding_q(who, "aanmelding__"),
    "aanmelding.Intake": lambda who: aanmelding_q(who, "aanmelding__"),
    "aanmelding.ExterneAanmelding": externe_aanmelding_q,
    "aanmelding.WarmeOverdracht": lambda who: aanmelding_q(who, "aanmelding__"),
    "aanmelding.Document": lambda who: aanmelding_q(who, "aanmelding__"),
    "aanmelding.Vergelijkingsregel": vergelijkingsregel_q,
    "terugkoppeling.Terugkoppeling": terugkoppeling_q,
    "rmc.Melding": melding_q,
    "rmc.MeldingGebeurtenis": melding_gebeurtenis_q,
    "rmc.Traject": gemeente_dossier_q,
    "rmc.Contactmoment": gemeente_dossier_q,
    "rmc.Verhuizing": verhuizing_q,
    "portaal.Toegang": toegang_q,
    "portaal.Activatiecode": activatiecode_q,
    "portaal.Opleidingswens": deel_a_q,
    "portaal.Zienswijze": deel_a_q,
}


def can_edit_leerling(who, leerling) -> bool:
    """Edit rights on a pupil already in scope: the school's editors, or the municipality (contact data)."""
    g = viewer(who).grants
    return g.has("leerlingen_bewerken", leerling.school_id) or g.has("woongemeente_inzien", leerling.woongemeente_id)


# --- What a user sees of a pupil: the visibility table ------------------------------------------
#
# The scopes above decide WHICH pupils (and rows) a user sees; this table decides WHAT of a
# pupil's file they see. Pages, list columns and filters, exports, PDFs, notifications and the
# inzage exports all read it, through `zicht()` (one pupil) or `zicht_lijst()` (a list, without
# a query per row), `deel_q()` (a filter on a part, e.g. "risicoleerling") and `VELDEN` (which
# field belongs to which part).


class Deel:
    """The parts of a pupil's file (the rows of the table)."""

    GEGEVENS = "gegevens"  # name, date of birth, school, class, leerweg, mentor, home municipality,
    #                        school year, the personal number masked
    PERSOONSNUMMER = "persoonsnummer"  # BSN or onderwijsnummer in full
    CONTACT = "contact"  # address, phone, e-mail
    FORMULIER = "formulier"  # doorstroomformulier: the pupil's and the school's part, LOB-paspoort
    ZORG = "zorg"  # the care part of the form (support given and needed)
    RISICO = "risico"  # "risicoleerling", risk meldingen: reason, explanation, status, result
    ELDERS = "elders"  # the Elders destination and its note
    GEMEENTE = "gemeente"  # the municipality's own file: contacts, guidance, melding handling and
    #                        outcome text, moves (ADR 8)
    DIPLOMA = "diploma"  # diploma result
    AANMELDINGEN = "aanmeldingen"  # applications to VOROC programmes, status, feedback, intakes,
    #                                a no-show melding of the mbo, the warm handover, the documents
    #                                received
    BESLUITEN = "besluiten"  # placement decisions: outcome, reason, condition, explanation;
    #                          the study choice advice of an intake
    ANDERE_AANMELDINGEN = "andere_aanmeldingen"  # applications to another institution than the
    #                                              user's own (inside VOROC: scope; outside VOROC)
    LOGBOEK = "logboek"  # the audit trail and the read log of the file
    DEEL_A = "deel_a"  # the pupil's own part of the form (wishes, motivation, LOB) and the
    #                    programme wishes; the parent's view (zienswijze)
    TOEGANG = "toegang"  # the portal accounts of the pupil and parents, activation codes
    WIE_ZAG = "wie_zag"  # who opened the file: organisation, role and date, no staff names

    ALLE = (
        GEGEVENS,
        PERSOONSNUMMER,
        CONTACT,
        FORMULIER,
        ZORG,
        RISICO,
        ELDERS,
        GEMEENTE,
        DIPLOMA,
        AANMELDINGEN,
        BESLUITEN,
        ANDERE_AANMELDINGEN,
        LOGBOEK,
        DEEL_A,
        TOEGANG,
        WIE_ZAG,
    )
    TITELS = {
        GEGEVENS: "Basisgegevens",
        PERSOONSNUMMER: "Burgerservicenummer of onderwijsnummer",
        CONTACT: "Contactgegevens",
        FORMULIER: "Doorstroomformulier",
        ZORG: "Zorgdeel van het doorstroomformulier",
        RISICO: "Risicomelding",
        ELDERS: "Bestemming Elders",
        GEMEENTE: "Dossier van de gemeente (begeleiding, contacten, afhandeling van meldingen)",
        DIPLOMA: "Diplomaresultaat",
        AANMELDINGEN: "Aanmeldingen bij mbo-opleidingen",
        BESLUITEN: "Plaatsingsbesluiten",
        ANDERE_AANMELDINGEN: "Aanmeldingen bij andere instellingen",
        LOGBOEK: "Logboek: wie wat heeft gewijzigd of ingezien",
        DEEL_A: "Deel A: wensen, motivatie en LOB van de leerling, zienswijze van ouders",
        TOEGANG: "Toegang van leerling en ouders tot het portaal",
        WIE_ZAG: "Wie het dossier inzag (organisatie, rol en datum)",
    }


class Relatie:
    """The ways a user can relate to a pupil (the columns), each derived from a permission held at
    the pupil's organisation, never from a role name. One user may have several."""

    SCHOOL = "school"  # leerlingen_alle_inzien at the pupil's school (decaan, zorgcoördinator)
    MENTOR = "mentor"  # leerlingen_mentorgroep_inzien at the school, and the pupil's mentor
    MBO = "mbo"  # aanmeldingen_behandelen at an institution the pupil sent an application to
    GEMEENTE = "gemeente"  # woongemeente_inzien at the pupil's home municipality
    # The servicedesk (organisaties_beheren) and the regional monitor (regio_monitoren) have no
    # relation to any pupil, so they see none; the monitor counts through `regio_cijfers_q` only.
    LEERLING = "leerling"  # the pupil's own portal account (an active portaal.Toegang)
    OUDER = "ouder"  # a parent's portal account (an active portaal.Toegang)

    ALLE = (SCHOOL, MENTOR, MBO, GEMEENTE)  # staff: each from a permission at an organisation
    PORTAAL = (LEERLING, OUDER)  # portal accounts: from `Grants.leerlingen`, never a permission
    PERM = {
        SCHOOL: "leerlingen_alle_inzien",
        MENTOR: "leerlingen_mentorgroep_inzien",
        MBO: "aanmeldingen_behandelen",
        GEMEENTE: "woongemeente_inzien",
    }


@dataclass(frozen=True)
class Cel:
    """One cell of the table: when a relation sees a part."""

    code: str
    perm: str = ""  # MET: only where the user also holds this permission at that organisation

    def __repr__(self) -> str:
        return self.code if not self.perm else f"MET({self.perm})"


JA = Cel("JA")  # always
NEE = Cel("NEE")  # never
DEFINITIEF = Cel("DEFINITIEF")  # only once the school has made the form final
GEDEELD = Cel("GEDEELD")  # only from a final form whose care part the school shares with the mbo
INZAGE = Cel("INZAGE")  # on no page: only in the organisation's own inzage export


def MET(perm: str) -> Cel:  # noqa: N802 - a cell constructor, written as the table reads
    return Cel("MET", perm)


MET_ZORG = MET("zorg_inzien")

D, R = Deel, Relatie
KOLOMMEN = (R.SCHOOL, R.MENTOR, R.MBO, R.GEMEENTE, R.LEERLING, R.OUDER)
ZICHTBAARHEID: dict[str, dict[str, Cel]] = {
    deel: dict(zip(KOLOMMEN, cellen, strict=True))
    for deel, cellen in {
        #                      school    mentor    mbo         gemeente  leerling    ouder
        D.GEGEVENS: (JA, JA, JA, JA, JA, JA),
        D.PERSOONSNUMMER: (INZAGE, NEE, NEE, NEE, NEE, NEE),
        D.CONTACT: (JA, JA, JA, JA, JA, JA),
        D.FORMULIER: (JA, JA, DEFINITIEF, JA, DEFINITIEF, DEFINITIEF),
        D.ZORG: (MET_ZORG, MET_ZORG, GEDEELD, NEE, NEE, NEE),
        D.RISICO: (JA, JA, NEE, JA, NEE, NEE),
        D.ELDERS: (JA, JA, NEE, JA, JA, JA),
        D.GEMEENTE: (NEE, NEE, NEE, JA, NEE, NEE),
        D.DIPLOMA: (JA, JA, JA, JA, JA, JA),
        D.AANMELDINGEN: (JA, JA, JA, JA, JA, JA),
        D.BESLUITEN: (JA, JA, JA, JA, JA, JA),
        D.ANDERE_AANMELDINGEN: (JA, JA, NEE, JA, JA, JA),
        D.LOGBOEK: (INZAGE, NEE, INZAGE, INZAGE, NEE, NEE),
        D.DEEL_A: (JA, JA, DEFINITIEF, JA, JA, JA),
        D.TOEGANG: (JA, JA, NEE, NEE, JA, NEE),
        D.WIE_ZAG: (NEE, NEE, NEE, NEE, JA, JA),
    }.items()
}
# The pupil and the parent never see the care part, risk meldingen or the municipality's file;
# the school's own part of the form only once it is final; who opened the file only as
# organisation, role and date (`WIE_ZAG`; staff have the full `LOGBOEK` in their inzage).
# Which rows a relation sees inside a part is the scope's business (an mbo: its own applications).

# Which part of the file each field of each model holds (every concrete field but the key and the
# pupil itself; a test keeps this complete). RIJ: the part of the row, by its kind (`rij_deel`).
RIJ = "rij"
VELDEN: dict[str, dict[str, tuple[str, ...]]] = {
    "leerlingen.Leerling": {
        D.GEGEVENS: (
            "schooljaar",
            "school",
            "leerlingnummer",
            "klas",
            "leerweg",
            "profiel",
            "mentor",
            "woongemeente",
            "voornaam",
            "tussenvoegsel",
            "achternaam",
            "geboortedatum",
            "vertrokken_op",
            "vertrek_reden",
            "vertrek_toelichting",
            "aangemaakt",
            "gewijzigd",
        ),
        D.PERSOONSNUMMER: ("bsn", "onderwijsnummer"),
        D.CONTACT: ("straat", "huisnummer", "postcode", "woonplaats", "telefoon", "email"),
        D.DIPLOMA: ("diploma_resultaat",),
        D.RISICO: ("risico",),
    },
    "leerlingen.Elders": {D.ELDERS: ("soort", "toelichting", "vastgelegd_door", "vastgelegd_op")},
    "doorstroom.Doorstroomformulier": {
        D.FORMULIER: (
            "status",
            "versie",
            "ouder_naam",
            "ouder_telefoon",
            "ouder_email",
            "aandachtspunten",
            "examenvakken",
            "verwacht_diploma",
            "verwachte_diplomadatum",
            "resultaten",
            "advies_niveau",
            "advies_toelichting",
            "verzuim_samenvatting",
            "verzuim_uren",
            "aanwezigheid_percentage",
            "contactpersoon_naam",
            "contactpersoon_email",
            "contactpersoon_telefoon",
            "warme_overdracht",
            "toestemming_overdracht",
            "overdracht_notities",
            "definitief_op",
            "definitief_door",
            "gewijzigd",
            "gewijzigd_door",
        ),
        D.ZORG: ("zorg_gegeven", "zorg_nodig", "zorg_delen_met_mbo"),
        D.DEEL_A: (
            "motivatie",
            "beroepswensen",
            "keuze_voorbereiding",
            "sterke_punten",
            "stage_werkervaring",
            "lob_activiteiten",
            "lob_reflectie",
            "lob_paspoort_pdf",
            "lob_open_dagen",
            "lob_meeloopdagen",
            "deel_a_ingeleverd_op",
        ),
    },
    "aanmelding.Aanmelding": {
        D.AANMELDINGEN: (
            "opleiding",
            "keuze",
            "status",
            "aangemeld_op",
            "op_tijd",
            "toelatingsrecht",
            "doorverwezen_van",
            "aangemaakt_door",
            "aangemaakt",
            "gewijzigd",
        ),
    },
    "aanmelding.Intake": {
        D.AANMELDINGEN: ("aanmelding", "datum", "tijd", "plaats", "bericht", "gepland_door", "gepland_op", "gehad_op"),
        D.BESLUITEN: ("studiekeuzeadvies",),
    },
    "aanmelding.Plaatsingsbesluit": {
        D.BESLUITEN: ("aanmelding", "uitkomst", "reden", "voorwaarde", "toelichting", "besloten_door", "besloten_op"),
    },
    "aanmelding.WarmeOverdracht": {
        D.AANMELDINGEN: (
            "aanmelding",
            "datum",
            "deelnemers",
            "gepland_door",
            "gepland_op",
            "gehouden_op",
            "gehouden_vastgelegd_door",
        ),
    },
    "aanmelding.Document": {D.AANMELDINGEN: ("aanmelding", "soort", "ontvangen_op", "afgevinkt_door")},
    "aanmelding.Vergelijkingsregel": {
        D.AANMELDINGEN: (
            "vergelijking",
            "aanmelding",
            "soort",
            "landelijke_status",
            "instelling",
            "crebo",
            "datum",
            "afgehandeld_op",
        ),
    },
    "aanmelding.ExterneAanmelding": {
        D.ANDERE_AANMELDINGEN: (
            "instelling_naam",
            "opleiding_naam",
            "crebo",
            "niveau",
            "uitkomst",
            "toelichting",
            "vastgelegd_door",
            "vastgelegd_op",
            "gewijzigd",
        ),
    },
    "terugkoppeling.Terugkoppeling": {
        RIJ: ("aanmelding", "soort", "van_status", "status", "moment", "bericht", "auteur", "organisatie", "tijdstip"),
    },
    "rmc.Melding": {
        RIJ: (
            "soort",
            "status",
            "reden",
            "toelichting",
            "toestemming_besproken",
            "aanmelding",
            "melder_organisatie",
            "melder",
            "resultaat",
            "aangemaakt",
            "gewijzigd",
        ),
        D.GEMEENTE: ("behandelaar", "uitkomst"),
    },
    "rmc.MeldingGebeurtenis": {
        D.GEMEENTE: ("melding", "soort", "van_status", "status", "tekst", "auteur", "tijdstip"),
    },
    "rmc.Traject": {
        D.GEMEENTE: (
            "gemeente",
            "begeleider",
            "gestart_op",
            "afgesloten_op",
            "bestemming",
            "toelichting",
            "aangemaakt",
        ),
    },
    "rmc.Contactmoment": {
        D.GEMEENTE: (
            "traject",
            "datum",
            "soort",
            "notitie",
            "vervolgstap",
            "vervolgdatum",
            "auteur",
            "gemeente",
            "aangemaakt",
        ),
    },
    "rmc.Verhuizing": {D.GEMEENTE: ("van_gemeente", "naar_gemeente", "datum", "vastgelegd_door", "aangemaakt")},
    "portaal.Toegang": {
        D.TOEGANG: (
            "user",
            "relatie",
            "verleend_door",
            "verleend_op",
            "ingetrokken_op",
            "ingetrokken_door",
            "meldingen",
        ),
    },
    "portaal.Opleidingswens": {D.DEEL_A: ("opleiding", "volgorde", "aangemaakt_op", "omgezet_in")},
    "portaal.Zienswijze": {D.DEEL_A: ("auteur", "tekst", "aangemaakt_op")},
    "portaal.Activatiecode": {
        D.TOEGANG: (
            "relatie",
            "code_hash",
            "email",
            "aangemaakt_door",
            "aangemaakt_op",
            "verloopt_op",
            "gebruikt_op",
            "ingetrokken_op",
        ),
    },
}

# The part of a timeline event, by its kind (terugkoppeling.models.Soort); a melding event with an
# application is the mbo's no-show melding, without one a risk melding.
GEBEURTENIS_DEEL = {
    "aanmelding": D.AANMELDINGEN,
    "formulier": D.FORMULIER,
    "verhuizing": D.GEGEVENS,
    "vertrek": D.GEGEVENS,
    "elders": D.ELDERS,
    "diploma": D.DIPLOMA,
    "leerling": D.CONTACT,
}
del D, R


def rij_deel(label: str, row) -> str:
    """The part of a row whose fields are marked RIJ: a timeline event or a melding, by its kind."""
    if label == "rmc.Melding":
        return Deel.AANMELDINGEN if row.soort == "niet_verschenen" else Deel.RISICO
    if row.soort == "melding":
        return Deel.AANMELDINGEN if row.aanmelding_id else Deel.RISICO
    return GEBEURTENIS_DEEL.get(row.soort, Deel.GEGEVENS)


def velden_van(label: str, delen, row=None) -> list[str]:
    """The fields of a row of `label` that belong to one of `delen`."""
    names = []
    for deel, fields in VELDEN.get(label, {}).items():
        if deel == RIJ:
            deel = rij_deel(label, row)
        if deel in delen:
            names += fields
    return names


@dataclass(frozen=True)
class PupilRelation:
    """How one user relates to one pupil: the kind, at which organisation, by which permission
    (a portal account's relation has neither)."""

    soort: str
    organisatie_id: int | None

    @property
    def perm(self) -> str:
        return Relatie.PERM.get(self.soort, "")


def _formulier_cached(leerling):
    """The pupil's form if it was loaded with the pupil (select_related), without a query."""
    cache = leerling._state.fields_cache
    return cache.get("doorstroomformulier") if "doorstroomformulier" in cache else _NOT_LOADED


_NOT_LOADED = object()


def _cel_geldt(cel: Cel, relatie: PupilRelation, grants: Grants, formulier, *, inzage: bool) -> bool:
    if cel is JA:
        return True
    if cel is INZAGE:
        return inzage
    if cel.code == "MET":
        return grants.has(cel.perm, relatie.organisatie_id)
    definitief = formulier is not None and formulier is not _NOT_LOADED and formulier.status == "definitief"
    if cel is DEFINITIEF:
        return definitief
    if cel is GEDEELD:
        return definitief and formulier.zorg_delen_met_mbo
    return False


def _relaties(v: Viewer, leerling, mbo_instellingen) -> tuple[PupilRelation, ...]:
    g = v.grants
    result = []
    if g.has(Relatie.PERM[Relatie.SCHOOL], leerling.school_id):
        result.append(PupilRelation(Relatie.SCHOOL, leerling.school_id))
    elif (
        g.has(Relatie.PERM[Relatie.MENTOR], leerling.school_id)
        and v.user_id is not None
        and leerling.mentor_id == v.user_id
    ):
        result.append(PupilRelation(Relatie.MENTOR, leerling.school_id))
    if g.has(Relatie.PERM[Relatie.GEMEENTE], leerling.woongemeente_id):
        result.append(PupilRelation(Relatie.GEMEENTE, leerling.woongemeente_id))
    for instelling in sorted(set(mbo_instellingen or ()) & g.orgs(Relatie.PERM[Relatie.MBO])):
        result.append(PupilRelation(Relatie.MBO, instelling))
    for soort in Relatie.PORTAAL:
        if getattr(leerling, "pk", None) in g.eigen(soort):
            result.append(PupilRelation(soort, None))
    return tuple(result)


@dataclass(frozen=True)
class Zicht:
    """What one user sees of one pupil: the parts, and the relations they come from.

    In templates: `{% if zicht.risico %}`; `zicht.toont_terugkoppeling(e)` and `zicht.toont_melding(m)`
    for rows whose part depends on their kind."""

    delen: frozenset[str]
    relaties: tuple[PupilRelation, ...] = ()

    def __getattr__(self, name: str) -> bool:
        if name in Deel.ALLE:
            return name in self.delen
        raise AttributeError(name)

    def __contains__(self, deel: str) -> bool:
        return deel in self.delen

    def toont_terugkoppeling(self, terugkoppeling) -> bool:
        return rij_deel("terugkoppeling.Terugkoppeling", terugkoppeling) in self.delen

    def toont_melding(self, melding) -> bool:
        return rij_deel("rmc.Melding", melding) in self.delen


def _formulier_staat(formulier) -> tuple:
    if formulier is None or formulier is _NOT_LOADED:
        return (None, False)
    return (formulier.status, bool(formulier.zorg_delen_met_mbo))


def _zicht(v: Viewer, leerling, mbo_instellingen, formulier, *, inzage: bool = False, cache=None) -> Zicht:
    relaties = _relaties(v, leerling, mbo_instellingen)
    key = (relaties, _formulier_staat(formulier), inzage)
    if cache is not None and key in cache:
        return cache[key]  # a list: many pupils share the same relations and form state
    delen = {
        deel
        for deel, cellen in ZICHTBAARHEID.items()
        for relatie in relaties
        if _cel_geldt(cellen[relatie.soort], relatie, v.grants, formulier, inzage=inzage)
    }
    result = Zicht(frozenset(delen), relaties)
    if cache is not None:
        cache[key] = result
    return result


def _mbo_instellingen(v: Viewer, leerling_ids) -> dict[int, set[int]]:
    """{pupil id: institutions of the user's with a sent application of the pupil}; one query."""
    if not v.grants.orgs(Relatie.PERM[Relatie.MBO]) or (isinstance(leerling_ids, list | tuple) and not leerling_ids):
        return {}  # (a subquery is not tested for emptiness: that would run it)
    from django.apps import apps

    rows = (
        apps.get_model("aanmelding", "Aanmelding")
        .objects.filter(aanmelding_mbo_q(v), leerling_id__in=leerling_ids)
        .values_list("leerling_id", "opleiding__instelling_id")
    )
    result: dict[int, set[int]] = {}
    for leerling_id, instelling_id in rows:
        result.setdefault(leerling_id, set()).add(instelling_id)
    return result


def mbo_instellingen(who, leerling_ids) -> dict[int, set[int]]:
    """{pupil id: the user's institutions with a sent application of the pupil}; one query, none
    for a user without an mbo permission. `leerling_ids` may be a subquery (an export)."""
    return _mbo_instellingen(viewer(who), leerling_ids)


def zicht(who, leerling, *, formulier=_NOT_LOADED, mbo_instellingen=None, inzage: bool = False) -> Zicht:
    """Which parts of this pupil's file the user sees (at most two queries: the mbo relation and
    the form, each only when needed and not given). `mbo_instellingen`: the institutions through
    which the user sees the pupil, when the page knows them. `inzage`: for the organisation's own
    inzage export."""
    v = viewer(who)
    if formulier is _NOT_LOADED:
        formulier = _formulier_cached(leerling)
    if formulier is _NOT_LOADED:
        from django.apps import apps

        formulier = apps.get_model("doorstroom", "Doorstroomformulier").objects.filter(leerling_id=leerling.pk).first()
    if mbo_instellingen is None:
        mbo_instellingen = _mbo_instellingen(v, [leerling.pk]).get(leerling.pk)
    return _zicht(v, leerling, mbo_instellingen, formulier, inzage=inzage)


def zicht_lijst(who, leerlingen, *, mbo_instellingen: dict[int, set[int]] | None = None) -> dict[int, Zicht]:
    """`zicht()` for every pupil of a list, without a query per row: at most one query (the mbo
    relation, only for a user with an mbo permission, unless `mbo_instellingen` is given). The
    form counts only where it was loaded with the pupil (select_related); otherwise the parts that
    depend on it stay hidden. Each pupil also gets the result as `leerling.zicht` (templates)."""
    v = viewer(who)
    leerlingen = list(leerlingen)
    if mbo_instellingen is None:
        mbo_instellingen = _mbo_instellingen(v, [leerling.pk for leerling in leerlingen])
    result: dict[int, Zicht] = {}
    zichten = Zichten(v)
    for leerling in leerlingen:
        if leerling.pk not in result:
            result[leerling.pk] = zichten.voor(leerling, mbo_instellingen.get(leerling.pk))
        leerling.zicht = result[leerling.pk]
    return result


class Zichten:
    """`zicht()` for pupils one at a time without a query (a stream of 20,000 export rows): the
    caller names the institutions of the mbo relation; equal cases are computed once."""

    def __init__(self, who):
        self.viewer = viewer(who)
        self.cache: dict = {}

    def voor(self, leerling, mbo_instellingen=None) -> Zicht:
        return _zicht(self.viewer, leerling, mbo_instellingen, _formulier_cached(leerling), cache=self.cache)

    def voor_waarden(self, waarden: LeerlingWaarden, mbo_instellingen=None) -> Zicht:
        """The same from a pupil's plain values (an export reads `values()` rows, not models)."""
        formulier = None if waarden.formulier_status is None else waarden
        return _zicht(self.viewer, waarden, mbo_instellingen, formulier, cache=self.cache)


class LeerlingWaarden(NamedTuple):
    """What the visibility table reads of a pupil and its form, as plain values (`WAARDEN_VELDEN`
    names them relative to the pupil)."""

    school_id: int
    mentor_id: int | None
    woongemeente_id: int
    formulier_status: str | None
    zorg_delen_met_mbo: bool | None

    @property
    def status(self):  # read as the form's status by _zicht
        return self.formulier_status


WAARDEN_VELDEN = (
    "school_id",
    "mentor_id",
    "woongemeente_id",
    "doorstroomformulier__status",
    "doorstroomformulier__zorg_delen_met_mbo",
)


def deel_q(who, deel: str, prefix: str = "") -> Q:
    """Pupils of whom the user sees `deel` on a page: a filter, for list filters on a part (the
    "risicoleerling" filter shows no pupil whose risk the user may not see)."""
    v = viewer(who)
    g = v.grants
    parts = []
    for soort in Relatie.PORTAAL:
        cel = ZICHTBAARHEID[deel][soort]
        if cel not in (NEE, INZAGE) and g.eigen(soort):
            q = _in(f"{prefix}pk", g.eigen(soort))
            if cel is DEFINITIEF:
                q &= Q(**{f"{prefix}doorstroomformulier__status": "definitief"})
            parts.append(q)
    for soort in Relatie.ALLE:
        cel = ZICHTBAARHEID[deel][soort]
        if cel in (NEE, INZAGE):
            continue
        orgs = g.orgs(Relatie.PERM[soort])
        if cel.code == "MET":
            orgs = orgs & g.orgs(cel.perm)
        if not orgs:
            continue
        if soort == Relatie.SCHOOL:
            q = Q(**{f"{prefix}school_id__in": orgs})
        elif soort == Relatie.MENTOR:
            if v.user_id is None:
                continue
            q = Q(**{f"{prefix}school_id__in": orgs, f"{prefix}mentor_id": v.user_id})
        elif soort == Relatie.GEMEENTE:
            q = Q(**{f"{prefix}woongemeente_id__in": orgs})
        else:
            from django.apps import apps

            aanmeldingen = apps.get_model("aanmelding", "Aanmelding").objects.filter(
                aanmelding_mbo_q(v), opleiding__instelling_id__in=orgs
            )
            q = Q(**{f"{prefix}pk__in": aanmeldingen.values("leerling_id")})
        if cel in (DEFINITIEF, GEDEELD):
            q &= Q(**{f"{prefix}doorstroomformulier__status": "definitief"})
        if cel is GEDEELD:
            q &= Q(**{f"{prefix}doorstroomformulier__zorg_delen_met_mbo": True})
        parts.append(q)
    return _any(parts)


def _soorten(who) -> list[str]:
    """The kinds of relation the user can have to some pupil (by the permissions held)."""
    g = viewer(who).grants
    return [soort for soort in Relatie.ALLE if g.orgs(Relatie.PERM[soort])] + [
        soort for soort in Relatie.PORTAAL if g.eigen(soort)
    ]


def ziet_ergens(who, deel: str) -> bool:
    """Whether the user sees `deel` of any pupil at all (a list column or filter is offered)."""
    return any(ZICHTBAARHEID[deel][soort] not in (NEE, INZAGE) for soort in _soorten(who))


def ziet_altijd(who, deel: str) -> bool:
    """Whether the user sees `deel` of every pupil in scope (no per-pupil filter is needed)."""
    return all(ZICHTBAARHEID[deel][soort] is JA for soort in _soorten(who))


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
