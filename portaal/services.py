"""Writes of the portal: activation codes made by the school, and the account a pupil makes with one.

A code is shown once (on the letter or in the invitation mail) and only its hash is kept: whoever
reads the database cannot use it. It is valid `GELDIGHEID` and works once; a new code for the
same pupil and relation revokes the earlier unused one. Every change is audit-logged through
django-auditlog (portaal/apps.py); the code's hash never reaches the trail.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model, password_validation
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from voroc import policy
from voroc.errors import DomainError

from .mail import uitnodiging_sturen
from .models import Activatiecode, Relatie, Toegang

GELDIGHEID = datetime.timedelta(days=30)
# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code typed over from paper must not be misread.
ALFABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTE = 12  # 25^12 ~ 6e16 codes; with the attempt limit per address, guessing is hopeless


def _normalise(code: str) -> str:
    """As the pupil may type it: lower case, with spaces or dashes between the groups."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """The stored form of a code. The code has ~56 bits of randomness, so a plain hash (no slow
    password hash) is enough: it is looked up by its hash."""
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def code_tonen(code: str) -> str:
    """In groups of four for the letter: ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def nieuwe_code() -> str:
    return "".join(secrets.choice(ALFABET) for _ in range(LENGTE))


def mag_activeren(user, leerling) -> bool:
    """The school's editors who see all its pupils (the decaan) activate a pupil's portal."""
    return leerling.school_id in policy.organisaties(user, "leerlingen_bewerken", "leerlingen_alle_inzien")


def activatiecode_aanmaken(
    *, leerling, user, relatie: str = Relatie.LEERLING, email: str = "", nu: datetime.datetime | None = None
) -> tuple[Activatiecode, str]:
    """A new code for one pupil: returns the row and the code itself (shown once, never stored).
    An earlier unused code for the same pupil and relation is revoked."""
    if not mag_activeren(user, leerling):
        raise DomainError("U mag het portaal voor deze leerling niet activeren.")
    if relatie not in Relatie.values:
        raise DomainError("Kies voor wie de code is.", field="relatie")
    nu = nu or timezone.now()
    Activatiecode.objects.filter(
        leerling=leerling, relatie=relatie, gebruikt_op__isnull=True, ingetrokken_op__isnull=True
    ).update(ingetrokken_op=nu)
    code = nieuwe_code()
    rij = Activatiecode.objects.create(
        leerling=leerling,
        relatie=relatie,
        code_hash=code_hash(code),
        email=email,
        aangemaakt_door=user,
        aangemaakt_op=nu,
        verloopt_op=nu + GELDIGHEID,
    )
    if email:
        # After the commit: a rolled-back activation sends no mail with a code that never existed.
        transaction.on_commit(lambda: uitnodiging_sturen(email=email, code=code, verloopt_op=rij.verloopt_op))
    return rij, code


def activatiecodes_aanmaken(*, leerlingen, user, email: bool = False) -> list[tuple[object, Activatiecode, str]]:
    """Codes for several pupils at once (a class, all leavers) in one transaction: (pupil, row,
    code) per pupil. With `email`, for pupils with a recorded e-mail address only."""
    result = []
    for leerling in leerlingen:
        if email and not leerling.email:
            continue
        rij, code = activatiecode_aanmaken(leerling=leerling, user=user, email=leerling.email if email else "")
        result.append((leerling, rij, code))
    if not result:
        raise DomainError("Er is geen leerling om een code voor te maken." if not email else NIEMAND_MET_EMAIL)
    return result


NIEMAND_MET_EMAIL = "Van geen van deze leerlingen is een e-mailadres bekend. Kies een brief."


# Redeeming a code: the one core behind both ways in, the activation page (a new account,
# `account_activeren`) and "Code invoeren" (a signed-in portal account adds a child,
# `portaal.ouders.toegang_voor_code`): the lookup with the pupil's date of birth, counted per
# client address (and account); the row lock, the checks of use, revocation and expiry; the
# access with the code's relation; the code marked used.

POGINGEN = 5  # failures per key within WACHTTIJD; then every try is refused for the rest of it
WACHTTIJD = 15 * 60  # seconds
GEBLOKKEERD = (
    "Er is te vaak een verkeerde code of geboortedatum ingevuld. Wacht een kwartier en probeer het "
    "dan opnieuw. Lukt het niet? Vraag de decaan van de school om hulp."
)
KLOPT_NIET = "Deze code of geboortedatum klopt niet. Kijk goed en probeer het opnieuw."
WERKT_NIET_MEER = (
    "Deze code werkt niet meer: hij is al gebruikt of te oud. Vraag de decaan van de school om een nieuwe code."
)


class Geblokkeerd(DomainError):
    """Too many failures for one of the keys: the page answers 429 with `GEBLOKKEERD`."""

    def __init__(self):
        super().__init__(GEBLOKKEERD)


def _cache_sleutel(sleutel: str) -> str:
    return f"portaal-activeren:{sleutel}"


def geblokkeerd(sleutels) -> bool:
    """`POGINGEN` failures within `WACHTTIJD` for any key (a client address, an account)."""
    return any((cache.get(_cache_sleutel(sleutel)) or 0) >= POGINGEN for sleutel in sleutels)


def mislukt(sleutels) -> None:
    """Count one failure for every key (in the cache: a rolled-back transaction keeps the count)."""
    for sleutel in sleutels:
        key = _cache_sleutel(sleutel)
        if cache.add(key, 1, WACHTTIJD):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WACHTTIJD)


def activatiecode_zoeken(*, code: str, geboortedatum: datetime.date, sleutels=(), nu=None) -> Activatiecode:
    """The usable code with this text for a pupil with this date of birth; else a DomainError
    that does not say which of the two was wrong. Every failure counts for `sleutels`; once they
    are blocked, even the right code is refused (`Geblokkeerd`)."""
    if geblokkeerd(sleutels):
        raise Geblokkeerd()
    rij = (
        Activatiecode.objects.select_related("leerling")
        .filter(code_hash=code_hash(code), leerling__geboortedatum=geboortedatum)
        .first()
    )
    if rij is None or not rij.bruikbaar(nu):
        mislukt(sleutels)
        raise DomainError(KLOPT_NIET if rij is None else WERKT_NIET_MEER)
    return rij


def activatiecode_vastzetten(*, code_id: int, nu=None) -> Activatiecode:
    """The code's row under a row lock (in the caller's transaction), still unused, unrevoked
    and unexpired: single use, also when two tries race."""
    rij = Activatiecode.objects.select_for_update().filter(pk=code_id).first()  # only this row locked
    if rij is None or not rij.bruikbaar(nu):
        raise DomainError(WERKT_NIET_MEER)
    return rij


def toegang_maken(*, activatiecode: Activatiecode, user, nu=None) -> Toegang:
    """The locked code (`activatiecode_vastzetten`) becomes the account's access to the pupil's
    file with the code's relation, granted by whoever made the code; the code is used."""
    nu = nu or timezone.now()
    try:
        with transaction.atomic():
            toegang = Toegang.objects.create(
                user=user,
                leerling_id=activatiecode.leerling_id,
                relatie=activatiecode.relatie,
                verleend_door=activatiecode.aangemaakt_door,
                verleend_op=nu,
            )
    except IntegrityError as error:  # the pupil has an own account already, or this account access
        if activatiecode.relatie == Relatie.LEERLING:
            raise DomainError("Er is al een account van deze leerling. Log in met dat account.") from error
        raise DomainError("Je hebt al toegang tot dit dossier.", field="code") from error
    activatiecode.gebruikt_op = nu
    activatiecode.save(update_fields=["gebruikt_op"])
    policy.forget_grants(user)
    return toegang


@transaction.atomic
def account_activeren(*, code_id: int, email: str, wachtwoord: str, naam: str = "", nu=None):
    """Make the portal account with a usable code (step 2 of the activation page, after
    `activatiecode_zoeken`): the user (`portaal=True`), its access to the pupil's file (relation
    from the code), and the code used. Single use under the code's row lock."""
    nu = nu or timezone.now()
    rij = activatiecode_vastzetten(code_id=code_id, nu=nu)
    User = get_user_model()
    email = User.objects.normalize_email(email).lower()
    bestaat = DomainError("Dit e-mailadres hoort al bij een account. Kies een ander e-mailadres.", field="email")
    if User.objects.filter(email__iexact=email).exists():
        raise bestaat
    leerling = rij.leerling
    if not naam and rij.relatie == Relatie.OUDER:
        naam = f"Ouder/verzorger van {leerling.voornaam}"  # the parent's own name is not known here
    elif not naam:
        naam = " ".join(filter(None, (leerling.voornaam, leerling.tussenvoegsel, leerling.achternaam)))
    user = User(email=email, naam=naam, portaal=True)
    try:
        password_validation.validate_password(wachtwoord, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="wachtwoord") from error
    user.set_password(wachtwoord)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as error:  # the same address, saved in between
        raise bestaat from error
    toegang_maken(activatiecode=rij, user=user, nu=nu)  # a DomainError rolls the user back too
    return user
