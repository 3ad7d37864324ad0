"""Access rules of the formulier area: the doorstroomformulier, its PDF and batches, applications (school side).

Own pupil: leerling_a (school A, the mentor's group, living in A, applied to mbo A).
Foreign pupil: leerling_b (school B, living in B, applied to mbo B).
"""

import datetime

from tests import factories as f
from tests.doorstroom import factories as ff
from tests.security.matrix import row


def _leerling(key):
    return lambda w: {"pk": w[key].pk}


def _formulier(key, **kw):
    def build(w):
        decaan = w["decaan"] if key == "leerling_a" else w["decaan_b"]
        return {"pk": ff.formulier(w[key], decaan, **kw).pk}

    return build


def _definitief_leerling(key):
    def build(w):
        decaan = w["decaan"] if key == "leerling_a" else w["decaan_b"]
        return {"pk": ff.formulier(w[key], decaan, definitief=True).leerling_id}

    return build


def _formulier_leeg(key):
    def build(w):
        from doorstroom.services import formulier_voor

        formulier_voor(leerling=w[key])
        return {"pk": w[key].pk}

    return build


def _lob(key):
    def build(w):
        decaan = w["decaan"] if key == "leerling_a" else w["decaan_b"]
        return {"pk": ff.formulier_met_lob(w[key], decaan).pk}

    return build


def _batch(klaar=False):
    return lambda w: {"pk": ff.batch(w["decaan"], w["school_a"], [w["leerling_a"]], klaar=klaar).pk}


def _nieuwe_opleiding(key):
    def build(w):
        mbo = w["mbo_a"] if key == "leerling_a" else w["mbo_b"]
        return {"pk": w[key].pk, "opleiding": f.OpleidingFactory(instelling=mbo).pk}

    return build


def _geplaatst(key, *, mentorgroep=True, gepland=False):
    """A new placed application of a pupil of `key`'s school (in the mentor's group or not), the
    warm handover planned or not."""

    def build(w):
        from aanmelding.models import WarmeOverdracht

        bron = w[key]
        leerling = f.LeerlingFactory(
            school=bron.school, mentor=bron.mentor if mentorgroep else None, schooljaar=bron.schooljaar
        )
        opleiding = w["opleiding_a"] if key == "leerling_a" else w["opleiding_b"]
        aanmelding = f.AanmeldingFactory(leerling=leerling, opleiding=opleiding, status="geplaatst")
        if gepland:
            WarmeOverdracht.objects.create(aanmelding=aanmelding, datum=MORGEN, deelnemers="mentor en intaker")
        return {"pk": aanmelding.pk}

    return build


MORGEN = datetime.date.today() + datetime.timedelta(days=1)


def _externe(key):
    return lambda w: {"pk": ff.externe(w[key], w["decaan"]).pk}


READ_ONLY_403 = {"servicedesk": 403, "monitor": 403}
SCHOOL_ONLY = {"zorg": 403, "intaker": 403, "consulent": 403, "servicedesk": 403, "monitor": 403}  # "aanmelden" holders
BEWERKEN_ONLY = {"intaker": 403, "consulent": 403, "servicedesk": 403, "monitor": 403}  # leerlingen_/zorg_bewerken
AFRONDEN_ONLY = {
    "zorg": 403,
    "intaker": 403,
    "consulent": 403,
    "servicedesk": 403,
    "monitor": 403,
}  # leerlingen_bewerken
SCHOOL_INZIEN = {"intaker": 403, "consulent": 403, "servicedesk": 403, "monitor": 403}

ROWS = [
    # The form page: the school and the municipality; the mbo only once final (and applied to it).
    row("doorstroom:formulier", _leerling("leerling_a"), intaker=404, **READ_ONLY_403),
    row("doorstroom:formulier", _formulier_leeg("leerling_a"), intaker=404, **READ_ONLY_403),
    row("doorstroom:formulier", _definitief_leerling("leerling_a"), **READ_ONLY_403),
    row("doorstroom:formulier", _leerling("leerling_b"), default=404, **READ_ONLY_403),
    row("doorstroom:formulier", _definitief_leerling("leerling_b"), default=404, **READ_ONLY_403),
    # Saving, finalising, reopening.
    row(
        "doorstroom:opslaan",
        _leerling("leerling_a"),
        method="post",
        default=302,
        data=lambda w: {"versie": 1, "motivatie": "Matrix"},
        **BEWERKEN_ONLY,
    ),
    row(
        "doorstroom:opslaan",
        _leerling("leerling_b"),
        method="post",
        default=404,
        data=lambda w: {"versie": 1, "motivatie": "Matrix"},
        **BEWERKEN_ONLY,
    ),
    row("doorstroom:definitief", _formulier_leeg("leerling_a"), method="post", default=302, **AFRONDEN_ONLY),
    row("doorstroom:definitief", _formulier_leeg("leerling_b"), method="post", default=404, **AFRONDEN_ONLY),
    row(
        "doorstroom:heropenen",
        _formulier_leeg("leerling_a"),
        method="post",
        default=302,
        data=lambda w: {"reden": "Matrix"},
        **AFRONDEN_ONLY,
    ),
    row(
        "doorstroom:heropenen",
        _formulier_leeg("leerling_b"),
        method="post",
        default=404,
        data=lambda w: {"reden": "Matrix"},
        **AFRONDEN_ONLY,
    ),
    # PDF of one form and the LOB-paspoort upload (scoped like the form itself).
    row("doorstroom:pdf", _formulier("leerling_a"), intaker=404, **READ_ONLY_403),
    row("doorstroom:pdf", _formulier("leerling_a", definitief=True), **READ_ONLY_403),
    row("doorstroom:pdf", _formulier("leerling_b", definitief=True), default=404, **READ_ONLY_403),
    row("doorstroom:lob_paspoort", _lob("leerling_a"), intaker=404, **READ_ONLY_403),
    row("doorstroom:lob_paspoort", _lob("leerling_b"), default=404, **READ_ONLY_403),
    # PDF batches: the school's readers; a batch belongs to the user who asked for it.
    row("doorstroom:batch_nieuw", **SCHOOL_INZIEN),
    row(
        "doorstroom:batch_nieuw",
        method="post",
        default=302,
        data=lambda w: {"leerling": [w["leerling_a"].pk]},
        **SCHOOL_INZIEN,
    ),
    # A foreign pupil is not a valid choice: the form is shown again with a message, nothing queued.
    row(
        "doorstroom:batch_nieuw",
        method="post",
        default=200,
        data=lambda w: {"leerling": [w["leerling_b"].pk]},
        **SCHOOL_INZIEN,
    ),
    row("doorstroom:batch_status", _batch(), mentor=404, zorg=404, **SCHOOL_INZIEN),
    row("doorstroom:batch_download", _batch(klaar=True), mentor=404, zorg=404, **SCHOOL_INZIEN),
    # Applications on the pupil's behalf: holders of "aanmelden" for their own pupils.
    row("aanmelden:zoeken", _leerling("leerling_a"), **SCHOOL_ONLY),
    row("aanmelden:zoeken", _leerling("leerling_b"), default=404, **SCHOOL_ONLY),
    row("aanmelden:bevestigen", lambda w: {"pk": w["leerling_a"].pk, "opleiding": w["opleiding_a"].pk}, **SCHOOL_ONLY),
    row(
        "aanmelden:bevestigen",
        lambda w: {"pk": w["leerling_b"].pk, "opleiding": w["opleiding_b"].pk},
        default=404,
        **SCHOOL_ONLY,
    ),
    row("aanmelden:aanmelden", _nieuwe_opleiding("leerling_a"), method="post", default=302, **SCHOOL_ONLY),
    row("aanmelden:aanmelden", _nieuwe_opleiding("leerling_b"), method="post", default=404, **SCHOOL_ONLY),
    row("aanmelden:intrekken", lambda w: {"pk": w["aanmelding_a"].pk}, **SCHOOL_ONLY),
    row("aanmelden:intrekken", lambda w: {"pk": w["aanmelding_a"].pk}, method="post", default=302, **SCHOOL_ONLY),
    row("aanmelden:intrekken", lambda w: {"pk": w["aanmelding_b"].pk}, method="post", default=404, **SCHOOL_ONLY),
    row("aanmelden:extern_nieuw", _leerling("leerling_a"), **SCHOOL_ONLY),
    row(
        "aanmelden:extern_nieuw",
        _leerling("leerling_a"),
        method="post",
        default=302,
        data=lambda w: {
            "instelling_naam": "Grafisch Lyceum",
            "opleiding_naam": "Mediavormgever",
            "uitkomst": "aangemeld",
        },
        **SCHOOL_ONLY,
    ),
    row("aanmelden:extern_nieuw", _leerling("leerling_b"), default=404, **SCHOOL_ONLY),
    row("aanmelden:extern_wijzigen", _externe("leerling_a"), **SCHOOL_ONLY),
    row("aanmelden:extern_wijzigen", _externe("leerling_b"), default=404, **SCHOOL_ONLY),
    # The warm handover from the school's side: "aanmelden" holders (the mentor: own group only).
    row("aanmelden:warme_overdracht", _geplaatst("leerling_a"), **SCHOOL_ONLY),
    row("aanmelden:warme_overdracht", _geplaatst("leerling_a", mentorgroep=False), mentor=404, **SCHOOL_ONLY),
    row("aanmelden:warme_overdracht", _geplaatst("leerling_b"), default=404, **SCHOOL_ONLY),
    row(
        "aanmelden:warme_overdracht",
        _geplaatst("leerling_a"),
        method="post",
        default=302,
        data=lambda w: {"datum": MORGEN.isoformat(), "deelnemers": "mentor en intaker"},
        **SCHOOL_ONLY,
    ),
    row(
        "aanmelden:warme_overdracht",
        _geplaatst("leerling_b"),
        method="post",
        default=404,
        data=lambda w: {"datum": MORGEN.isoformat(), "deelnemers": "mentor en intaker"},
        **SCHOOL_ONLY,
    ),
    row(
        "aanmelden:warme_overdracht_gehouden",
        _geplaatst("leerling_a", gepland=True),
        method="post",
        default=302,
        **SCHOOL_ONLY,
    ),
    row(
        "aanmelden:warme_overdracht_gehouden",
        _geplaatst("leerling_a", mentorgroep=False, gepland=True),
        method="post",
        default=302,
        mentor=404,
        **SCHOOL_ONLY,
    ),
    row(
        "aanmelden:warme_overdracht_gehouden",
        _geplaatst("leerling_b", gepland=True),
        method="post",
        default=404,
        **SCHOOL_ONLY,
    ),
]
