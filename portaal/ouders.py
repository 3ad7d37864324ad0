"""Parents in the portal: invited by the school or by a pupil of 16 or older (an e-mail with an
activation code), activated into a `Toegang(relatie=ouder)`, removed by revoking that access, their
choice of notifications, and their view on the transfer form (`Zienswijze`, append-only)."""

import datetime

from django.db import transaction
from django.utils import timezone

from leerlingen.models import Leerling
from voroc import policy
from voroc.errors import DomainError

from .mail import ouder_uitnodiging_sturen
from .models import Activatiecode, Relatie, Toegang, Zienswijze
from .services import (
    activatiecode_vastzetten,
    activatiecode_zoeken,
    code_hash,
    code_tonen,
    nieuwe_code,
    toegang_maken,
)

CODE_DAGEN = 14  # an invitation is valid two weeks
ZELF_BEHEREN_VANAF = 16  # a pupil of this age manages the parents' access to the own file


def leeftijd(leerling: Leerling, op: datetime.date | None = None) -> int:
    op = op or timezone.localdate()
    geboren = leerling.geboortedatum
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def mag_ouders_beheren(user, leerling: Leerling) -> bool:
    """The school (whoever manages the pupil's portal access, policy part TOEGANG, through the
    school) always; the pupil's own account from 16; a parent never."""
    relatie = policy.eigen_relatie(user, leerling.pk)
    if relatie == Relatie.LEERLING:
        return leeftijd(leerling) >= ZELF_BEHEREN_VANAF
    if relatie is not None:
        return False
    return policy.has_perm(user, "leerlingen_bewerken", leerling.school_id)


def _require_beheer(user, leerling: Leerling) -> None:
    if not mag_ouders_beheren(user, leerling):
        if policy.eigen_relatie(user, leerling.pk) == Relatie.LEERLING:
            raise DomainError(
                f"Vanaf {ZELF_BEHEREN_VANAF} jaar kun je zelf ouders uitnodigen of verwijderen. Vraag het je mentor."
            )
        raise DomainError("U mag de ouders van deze leerling niet uitnodigen of verwijderen.")


@transaction.atomic
def ouder_uitnodigen(*, leerling: Leerling, email: str, user) -> Activatiecode:
    """An e-mail invitation of a parent: a one-time code (only its hash is kept), valid two weeks.
    The mail (portaal/mail.py, after the commit) names only the kind of event and a link
    (docs/adr/0007): never the pupil."""
    _require_beheer(user, leerling)
    email = email.strip().lower()
    if not email:
        raise DomainError("Vul een e-mailadres in.", field="email")
    # A new invitation to the same address replaces an unused earlier one.
    Activatiecode.objects.filter(
        leerling=leerling, relatie=Relatie.OUDER, email__iexact=email, gebruikt_op__isnull=True
    ).update(ingetrokken_op=timezone.now())
    code = code_tonen(nieuwe_code())
    activatiecode = Activatiecode.objects.create(
        leerling=leerling,
        relatie=Relatie.OUDER,
        code_hash=code_hash(code),
        email=email,
        aangemaakt_door=user,
        verloopt_op=timezone.now() + datetime.timedelta(days=CODE_DAGEN),
    )
    # After the commit: a rolled-back invitation sends no code that never existed; a failing mail
    # server does not undo the invitation (it is listed, and can be sent again).
    transaction.on_commit(
        lambda: ouder_uitnodiging_sturen(email=email, code=code, dagen=CODE_DAGEN),
        robust=True,
    )
    activatiecode.code = code  # for the caller's tests and the browser test; never stored
    return activatiecode


@transaction.atomic
def toegang_voor_code(*, code: str, geboortedatum: datetime.date, user, sleutels=(), nu=None) -> Toegang:
    """A signed-in portal account adds a child ("Code invoeren"): a parent's code becomes the
    account's access to that pupil's file, through the same core as the activation page (the
    code with the child's date of birth, failures counted per `sleutels`, single use under the
    row lock, expiry and revocation). A code for a pupil's own account is refused here (a pupil
    has one account, made on the activation page), and so is a pupil's account (it is for one
    pupil only) and a staff account."""
    if not getattr(user, "portaal", False):
        raise DomainError("Met een schoolaccount kun je geen activatiecode gebruiken.")
    if policy.viewer(user).grants.eigen(Relatie.LEERLING):
        raise DomainError(
            "Dit is je eigen leerlingaccount. Daarmee kun je geen kind toevoegen. "
            "Maak als ouder een eigen account met de code."
        )
    gevonden = activatiecode_zoeken(code=code, geboortedatum=geboortedatum, sleutels=sleutels, nu=nu)
    activatiecode = activatiecode_vastzetten(code_id=gevonden.pk, nu=nu)
    if activatiecode.relatie != Relatie.OUDER:
        raise DomainError(
            "Deze code is voor de leerling zelf. De leerling maakt er een eigen account mee op de pagina "
            "Account activeren.",
            field="code",
        )
    if Toegang.objects.filter(user=user, leerling_id=activatiecode.leerling_id, ingetrokken_op__isnull=True).exists():
        raise DomainError("Je hebt al toegang tot het dossier van dit kind.", field="code")
    return toegang_maken(activatiecode=activatiecode, user=user, nu=nu)


@transaction.atomic
def ouder_verwijderen(*, toegang: Toegang, user) -> Toegang:
    """Revoke a parent's access (never deleted: the audit trail keeps who had it and until when)."""
    toegang = Toegang.objects.select_for_update().select_related("leerling").get(pk=toegang.pk)
    _require_beheer(user, toegang.leerling)
    if toegang.relatie != Relatie.OUDER:
        raise DomainError("Alleen de toegang van een ouder of verzorger kan hier worden ingetrokken.")
    if toegang.ingetrokken_op is not None:
        raise DomainError("Deze ouder heeft al geen toegang meer.")
    toegang.ingetrokken_op = timezone.now()
    toegang.ingetrokken_door = user
    toegang.save(update_fields=["ingetrokken_op", "ingetrokken_door"])
    return toegang


@transaction.atomic
def ouder_meldingen_kiezen(*, user, leerling: Leerling, meldingen: bool) -> Toegang:
    """A parent's choice to receive the same messages as the pupil (stored on the access)."""
    toegang = (
        Toegang.objects.select_for_update()
        .filter(user=user, leerling=leerling, relatie=Relatie.OUDER, ingetrokken_op__isnull=True)
        .first()
    )
    if toegang is None:
        raise DomainError("Alleen een ouder of verzorger kan dit kiezen.")
    toegang.meldingen = meldingen
    toegang.save(update_fields=["meldingen"])
    return toegang


@transaction.atomic
def zienswijze_toevoegen(*, leerling: Leerling, user, tekst: str) -> Zienswijze:
    """A parent's view on the form: added, never changed or removed."""
    if policy.eigen_relatie(user, leerling.pk) != Relatie.OUDER:
        raise DomainError("Alleen een ouder of verzorger kan een zienswijze geven.")
    tekst = tekst.strip()
    if not tekst:
        raise DomainError("Schrijf eerst uw zienswijze op.", field="tekst")
    if len(tekst) > 4000:
        raise DomainError("Een zienswijze is ten hoogste 4000 tekens.", field="tekst")
    return Zienswijze.objects.create(leerling=leerling, auteur=user, tekst=tekst)


def ouders_van(*, user, leerling: Leerling):
    """The parents' accesses (active and revoked) and open invitations of the pupil, as the user
    may see them (policy.toegang_q / activatiecode_q)."""
    toegangen = (
        Toegang.objects.filter(policy.toegang_q(user), leerling=leerling, relatie=Relatie.OUDER)
        .select_related("user")
        .order_by("-verleend_op", "-pk")
    )
    uitnodigingen = Activatiecode.objects.filter(
        policy.activatiecode_q(user),
        leerling=leerling,
        relatie=Relatie.OUDER,
        gebruikt_op__isnull=True,
        ingetrokken_op__isnull=True,
        verloopt_op__gt=timezone.now(),
    ).order_by("-aangemaakt_op")
    return toegangen, uitnodigingen


def zienswijzen_van(*, user, leerling: Leerling):
    return (
        Zienswijze.objects.filter(policy.deel_a_q(user), leerling=leerling)
        .select_related("auteur")
        .order_by("aangemaakt_op", "pk")
    )
