"""Reads of doorstroomformulieren, scoped by voroc.policy through `for_user`."""

import datetime

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats

from leerlingen.models import Leerling
from voroc import policy

from .models import Doorstroomformulier, FormulierStatus, PdfBatch
from .sections import SECTIES, compleetheid

# Pupil data shown (read-only) beside a section: it lives on the Leerling, not on the form.
LEERLING_INFO = {
    "contact": (
        ("Telefoon leerling", lambda leerling: leerling.telefoon),
        ("E-mail leerling", lambda leerling: leerling.email),
        (
            "Adres",
            lambda leerling: " ".join(
                p for p in (leerling.straat, leerling.huisnummer, leerling.postcode, leerling.woonplaats) if p
            ),
        ),
    ),
    "vooropleiding": (
        ("Leerweg", lambda leerling: leerling.get_leerweg_display()),
        ("Profiel", lambda leerling: leerling.profiel),
        ("Klas", lambda leerling: leerling.klas),
    ),
    "contactpersoon": (("Mentor", lambda leerling: str(leerling.mentor) if leerling.mentor else ""),),
}


def leerling_get(*, user, pk: int) -> Leerling:
    return get_object_or_404(
        Leerling.objects.for_user(user).select_related("school", "mentor", "schooljaar", "woongemeente"), pk=pk
    )


def _ziet_via_school_of_gemeente(user, leerling) -> bool:
    return Leerling.objects.filter(policy.leerling_school_gemeente_q(user), pk=leerling.pk).exists()


def formulier_voor_gebruiker(*, user, leerling: Leerling) -> Doorstroomformulier:
    """The pupil's form as this user may see it; an unsaved empty one when not started yet.

    The mbo only sees a final form (Doorstroomformulier.objects.for_user); otherwise 404.
    """
    formulier = Doorstroomformulier.objects.for_user(user).filter(leerling=leerling).first()
    if formulier is not None:
        formulier.leerling = leerling
        return formulier
    if _ziet_via_school_of_gemeente(user, leerling):
        return Doorstroomformulier(leerling=leerling)
    raise Http404


def formulier_get(*, user, pk: int) -> Doorstroomformulier:
    return get_object_or_404(
        Doorstroomformulier.objects.for_user(user).select_related(
            "leerling__school", "leerling__mentor", "leerling__schooljaar", "definitief_door"
        ),
        pk=pk,
    )


def zorg_zichtbaar(*, user, formulier: Doorstroomformulier) -> bool:
    """The care section, as the visibility table in voroc.policy says (the school with zorg_inzien;
    the mbo only from a final form the school shares with it; never the municipality)."""
    return policy.zicht(user, formulier.leerling, formulier=formulier).zorg


_STORED = object()


def weergave(formulier: Doorstroomformulier, veld: str, waarde=_STORED) -> str:
    """A field's value as text for the read-only page, the conflict page and the PDF."""
    field = Doorstroomformulier._meta.get_field(veld)
    value = getattr(formulier, veld) if waarde is _STORED else waarde
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if veld == "lob_paspoort_pdf":
        return "pdf toegevoegd" if getattr(value, "name", value) else "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def secties_weergave(*, formulier: Doorstroomformulier, user, form=None, zorg: bool | None = None) -> list[dict]:
    """The sections as the page (or PDF) shows them: completeness, and per field either the bound
    form field (editable) or the stored value. The care section is left out entirely when the
    user may not see it, so none of its fields reach the HTML."""
    if zorg is None:
        zorg = zorg_zichtbaar(user=user, formulier=formulier)
    leerling = formulier.leerling
    telling = {s.code: (gevuld, totaal) for s, gevuld, totaal in compleetheid(formulier)}
    result = []
    for sectie in SECTIES:
        if sectie.zorg and not zorg:
            continue
        gevuld, totaal = telling[sectie.code]
        velden = []
        for naam in sectie.velden:
            velden.append(
                {
                    "naam": naam,
                    "label": Doorstroomformulier._meta.get_field(naam).verbose_name,
                    "bf": form[naam] if form is not None and naam in form.fields else None,
                    "waarde": weergave(formulier, naam),
                }
            )
        result.append(
            {
                "sectie": sectie,
                "gevuld": gevuld,
                "totaal": totaal,
                "compleet": gevuld == totaal,
                "velden": velden,
                "info": [(label, fn(leerling) or "—") for label, fn in LEERLING_INFO.get(sectie.code, ())],
            }
        )
    return result


def compleetheid_samenvatting(formulier: Doorstroomformulier | None) -> dict:
    """Required fields filled over all sections (for the pupil page); no queries."""
    if formulier is None:
        return {"gevuld": 0, "totaal": sum(len(s.verplicht) for s in SECTIES), "secties_open": len(SECTIES)}
    rows = compleetheid(formulier)
    return {
        "gevuld": sum(g for _, g, _ in rows),
        "totaal": sum(t for _, _, t in rows),
        "secties_open": sum(1 for _, g, t in rows if g < t),
    }


def bewerkbare_velden(*, user, leerling) -> set[str]:
    """The fields this user may change on this pupil's form."""
    velden: set[str] = set()
    if policy.has_perm(user, "leerlingen_bewerken", leerling.school_id):
        velden |= {f for s in SECTIES if not s.zorg for f in s.velden}
    if policy.has_perm(user, "zorg_bewerken", leerling.school_id):
        velden |= {f for s in SECTIES if s.zorg for f in s.velden}
    return velden


def bewerkbaar(*, user, formulier: Doorstroomformulier) -> set[str]:
    if formulier.status == FormulierStatus.DEFINITIEF:
        return set()
    return bewerkbare_velden(user=user, leerling=formulier.leerling)


def pdf_batches_van(*, user) -> QuerySet[PdfBatch]:
    """A user's own PDF batches: nobody else's, whatever their role."""
    return PdfBatch.objects.filter(aangevraagd_door_id=user.pk)


def klassen_voor(*, user, schooljaar) -> list[str]:
    qs = Leerling.objects.for_user(user).filter(policy.leerling_school_gemeente_q(user))
    if schooljaar is not None:
        qs = qs.filter(schooljaar=schooljaar)
    return list(qs.order_by("klas").values_list("klas", flat=True).distinct())
