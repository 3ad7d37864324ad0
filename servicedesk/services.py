"""The servicedesk's writes: organisations, their locations and single sign-on providers, school years.

Accounts and memberships live in voroc.accounts.services. Every function checks that the
actor holds `organisaties_beheren` (the servicedesk role) and runs in one transaction.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from leerlingen.models import Schooljaar
from voroc import policy
from voroc.accounts.models import Identiteitsprovider, Locatie, Organisatie, OrganisatieSoort, Protocol
from voroc.accounts.saml_metadata import read_idp_metadata
from voroc.errors import DomainError

BEHEER = "organisaties_beheren"

# Field sets per organisation kind (the codes the procedure keys on).
FIELDS_BY_SOORT = {
    OrganisatieSoort.VO_SCHOOL: ["naam", "brin", "vestiging", "schoolsoort", "gemeente", "plaats", "email", "actief"],
    OrganisatieSoort.MBO_INSTELLING: ["naam", "brin", "plaats", "email", "actief"],
    OrganisatieSoort.GEMEENTE: ["naam", "cbs_code", "rmc_regio", "email", "actief"],
    OrganisatieSoort.REGIO: ["naam", "rmc_regio", "email", "actief"],
}


def _require(user) -> None:
    if not policy.has_perm(user, BEHEER):
        raise DomainError("Alleen de servicedesk mag dit doen.")


def _full_clean(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as e:
        field, messages = next(iter(e.message_dict.items()))
        raise DomainError(" ".join(messages), field=None if field == "__all__" else field)


@transaction.atomic
def organisatie_create(*, soort: str, data: dict, user) -> Organisatie:
    _require(user)
    if soort not in FIELDS_BY_SOORT:
        raise DomainError("Onbekende soort organisatie.", field="soort")
    organisatie = Organisatie(soort=soort, **{k: v for k, v in data.items() if k in FIELDS_BY_SOORT[soort]})
    _full_clean(organisatie)
    organisatie.save()
    return organisatie


@transaction.atomic
def organisatie_update(*, organisatie: Organisatie, data: dict, user) -> Organisatie:
    _require(user)
    organisatie = Organisatie.objects.select_for_update().get(pk=organisatie.pk)
    for key, value in data.items():
        if key in FIELDS_BY_SOORT.get(organisatie.soort, []):
            setattr(organisatie, key, value)
    _full_clean(organisatie)
    organisatie.save()
    return organisatie


@transaction.atomic
def locatie_create(*, instelling: Organisatie, naam: str, plaats: str, adres: str = "", user) -> Locatie:
    _require(user)
    if instelling.soort != OrganisatieSoort.MBO_INSTELLING:
        raise DomainError("Alleen een mbo-instelling heeft locaties.")
    locatie = Locatie(instelling=instelling, naam=naam.strip(), plaats=plaats.strip(), adres=adres.strip())
    _full_clean(locatie)
    locatie.save()
    return locatie


@transaction.atomic
def locatie_delete(*, locatie: Locatie, user) -> None:
    _require(user)
    from django.db.models import ProtectedError

    try:
        locatie.delete()
    except ProtectedError:
        raise DomainError("Deze locatie is nog in gebruik bij opleidingen en kan niet worden verwijderd.")


MILESTONES = [
    "opent_op",
    "formulieren_gereed",
    "risico_melden",
    "aanmelddeadline",
    "terugkoppeling_gereed",
    "diplomaresultaten",
    "juni_controle",
    "mbo_start",
]


# Milestones outside the ordered deadlines: each must fall inside the school year.
OTHER_MILESTONES = [
    "lob_paspoort_start",
    "voorlichting",
    "overstap_start",
    "warme_overdracht_start",
    "warme_overdracht_eind",
]


def _check_dates(schooljaar: Schooljaar) -> None:
    dates = [(name, getattr(schooljaar, name)) for name in MILESTONES]
    for (name_a, a), (name_b, b) in zip(dates, dates[1:], strict=False):
        if a and b and a > b:
            label_a = Schooljaar._meta.get_field(name_a).verbose_name
            label_b = Schooljaar._meta.get_field(name_b).verbose_name
            raise DomainError(
                f"De datum '{label_b}' ligt vóór '{label_a}'. Zet de mijlpalen op volgorde.", field=name_b
            )
    start = schooljaar.startjaar
    if schooljaar.opent_op and not (start <= schooljaar.opent_op.year <= start + 1):
        raise DomainError(f"VOROC moet in {start} of {start + 1} opengaan.", field="opent_op")
    begin, eind = datetime.date(start, 8, 1), datetime.date(start + 1, 7, 31)
    for name in OTHER_MILESTONES:
        value = getattr(schooljaar, name)
        if value and not begin <= value <= eind:
            label = Schooljaar._meta.get_field(name).verbose_name
            raise DomainError(
                f"De datum '{label}' moet in het schooljaar {start}-{start + 1} liggen (1 augustus tot 1 augustus).",
                field=name,
            )
    van, tot = schooljaar.warme_overdracht_start, schooljaar.warme_overdracht_eind
    if (van is None) != (tot is None):
        raise DomainError(
            "Vul van de week van de warme overdracht zowel het begin als het einde in.", field="warme_overdracht_eind"
        )
    if van and tot and tot < van:
        raise DomainError(
            "Het einde van de week van de warme overdracht ligt vóór het begin.", field="warme_overdracht_eind"
        )


@transaction.atomic
def schooljaar_create(*, startjaar: int, data: dict | None = None, user) -> Schooljaar:
    """A new school year with the standard timeline moved to `startjaar`, unless dates are given."""
    _require(user)
    if Schooljaar.objects.filter(startjaar=startjaar).exists():
        raise DomainError(f"Het schooljaar {startjaar}-{startjaar + 1} bestaat al.", field="startjaar")
    values = Schooljaar.defaults_for(startjaar)
    values.update({k: v for k, v in (data or {}).items() if v is not None and k != "actief"})
    schooljaar = Schooljaar(startjaar=startjaar, actief=False, **values)
    _check_dates(schooljaar)
    _full_clean(schooljaar)
    schooljaar.save()
    return schooljaar


@transaction.atomic
def schooljaar_update(*, schooljaar: Schooljaar, data: dict, user) -> Schooljaar:
    _require(user)
    schooljaar = Schooljaar.objects.select_for_update().get(pk=schooljaar.pk)
    for key, value in data.items():
        if key not in ("pk", "id", "startjaar", "actief"):
            setattr(schooljaar, key, value)
    _check_dates(schooljaar)
    _full_clean(schooljaar)
    schooljaar.save()
    return schooljaar


@transaction.atomic
def schooljaar_activate(*, schooljaar: Schooljaar, user) -> Schooljaar:
    """Make this the one active school year (the others become inactive in the same transaction)."""
    _require(user)
    for other in Schooljaar.objects.select_for_update().filter(actief=True).exclude(pk=schooljaar.pk):
        other.actief = False
        other.save(update_fields=["actief"])  # through save(): the audit trail records it
    schooljaar = Schooljaar.objects.select_for_update().get(pk=schooljaar.pk)
    if not schooljaar.actief:
        schooljaar.actief = True
        schooljaar.save(update_fields=["actief"])
    return schooljaar


# --- Single sign-on providers (voroc/accounts/oidc.py, voroc/accounts/saml.py) ---------------------

IDP_FIELDS = (
    "naam",
    "protocol",
    "issuer",
    "client_id",
    "scopes",
    "saml_metadata",
    "claim_identiteit",
    "claim_meerdere_factoren",
    "waarden_meerdere_factoren",
    "actief",
)


def _idp_check(provider: Identiteitsprovider) -> None:
    """The rules the model cannot know: https in production, the openid scope, values with the
    multi-factor claim. The model checks the fields per protocol and reads SAML metadata."""
    if provider.protocol == Protocol.SAML:
        _full_clean(provider)  # reads the metadata (and takes the entity id from it)
        sso = read_idp_metadata(provider.saml_metadata).sso.values()
        if settings.PRODUCTION and not all(location.startswith("https://") for location in sso):
            raise DomainError("De SingleSignOnService in de metadata moet een https-adres zijn.", field="saml_metadata")
    else:
        if settings.PRODUCTION and not provider.issuer.startswith("https://"):
            raise DomainError("De issuer moet een https-adres zijn.", field="issuer")
        if "openid" not in provider.scopes.split():
            provider.scopes = " ".join(["openid", *provider.scopes.split()])
    if provider.claim_meerdere_factoren and not provider.waarden_meerdere_factoren.strip():
        raise DomainError(
            "Noem de waarden die meerdere factoren betekenen, of laat de claim leeg.",
            field="waarden_meerdere_factoren",
        )
    _full_clean(provider)


@transaction.atomic
def identiteitsprovider_create(*, organisatie: Organisatie, data: dict, user) -> Identiteitsprovider:
    _require(user)
    if organisatie.soort == OrganisatieSoort.SERVICEDESK:
        raise DomainError("De servicedesk logt in met wachtwoord en authenticator-app.")
    if data.get("protocol", Protocol.OIDC) == Protocol.OIDC and not data.get("client_secret"):
        raise DomainError("Vul het client-secret in.", field="client_secret")
    provider = Identiteitsprovider(
        organisatie=organisatie,
        client_secret=data.get("client_secret") or "",
        **{k: v for k, v in data.items() if k in IDP_FIELDS},
    )
    _idp_check(provider)
    provider.save()
    return provider


@transaction.atomic
def identiteitsprovider_update(*, provider: Identiteitsprovider, data: dict, user) -> Identiteitsprovider:
    """Change a provider; an empty client secret keeps the stored one (it is never shown back)."""
    _require(user)
    provider = Identiteitsprovider.objects.select_for_update().get(pk=provider.pk)
    for key, value in data.items():
        if key in IDP_FIELDS:
            setattr(provider, key, value)
    if data.get("client_secret"):
        provider.client_secret = data["client_secret"]
    _idp_check(provider)
    provider.save()
    return provider
