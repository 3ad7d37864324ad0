"""Permission matrix rows of the school area: pupil list export, import, diploma results, Elders, June check,
a pupil leaving the school."""

from tests.security.matrix import pk, row

SCHOOL_EDITORS = {"decaan": 200, "mentor": 200}

ROWS = [
    # The export follows the list: every role that sees pupils, scoped by the selector.
    row("leerlingen:export", servicedesk=403, monitor=403),
    # Diploma results and the June check: editors of pupil data at a school (mentor: own group).
    row("leerlingen:diploma", default=403, **SCHOOL_EDITORS),
    row("leerlingen:diploma", method="post", default=403, decaan=400, mentor=400),  # no class chosen
    row("leerlingen:diploma_import", method="post", default=403, decaan=400, mentor=400),  # no file
    row("leerlingen:juni_controle", default=403, **SCHOOL_EDITORS),
    # One pupil by hand: who may import (the decaan); a mentor may edit other things, not this.
    row("leerlingen:nieuw", default=403, decaan=200),
    row("leerlingen:mentor_toewijzen", default=403, decaan=200),
    row("leerlingen:bewerken", pk("leerling_a"), default=403, decaan=200),
    row("leerlingen:bewerken", pk("leerling_b"), default=403, decaan=404, mentor=404),
    row(
        "leerlingen:juni_controle_elders",
        method="post",
        data=lambda w: {"leerlingen": [w["leerling_a"].pk], "soort": "werk", "aanmeldingen_intrekken": "on"},
        default=403,
        decaan=302,
        mentor=302,
    ),
    # Elders: the school's editors and the municipality (home municipality) of the pupil.
    row("leerlingen:elders", pk("leerling_a"), default=403, decaan=200, mentor=200, consulent=200),
    row("leerlingen:elders", pk("leerling_b"), default=403, decaan=404, mentor=404, consulent=404),
    # Pupil A has a live application: the school confirms its withdrawal; the municipality may
    # not withdraw it, so its (allowed) POST shows the form again with the refusal.
    row(
        "leerlingen:elders",
        pk("leerling_a"),
        method="post",
        data=lambda w: {"soort": "werk", "aanmeldingen_intrekken": "on"},
        default=403,
        decaan=302,
        mentor=302,
        consulent=200,
    ),
    row(
        "leerlingen:elders",
        pk("leerling_b"),
        method="post",
        data=lambda w: {"soort": "werk"},
        default=403,
        decaan=404,
        mentor=404,
        consulent=404,
    ),
]

# Leaving the school: editors of pupil data at the pupil's school (mentor: own group); the
# municipality follows the pupil but does not record the departure.
VERTREK = lambda w: {"datum": "2026-11-02", "reden": "verhuisd"}  # noqa: E731
ROWS += [
    row("leerlingen:vertrek", pk("leerling_a"), default=403, **SCHOOL_EDITORS),
    row("leerlingen:vertrek", pk("leerling_b"), default=403, decaan=404, mentor=404),
    row("leerlingen:vertrek", pk("leerling_a"), method="post", data=VERTREK, default=403, decaan=302, mentor=302),
    row("leerlingen:vertrek", pk("leerling_b"), method="post", data=VERTREK, default=403, decaan=404, mentor=404),
    # Nothing to undo: refused with a message on the pupil's page (a redirect); foreign: 404.
    row("leerlingen:vertrek_ongedaan", pk("leerling_a"), method="post", default=403, decaan=302, mentor=302),
    row("leerlingen:vertrek_ongedaan", pk("leerling_b"), method="post", default=403, decaan=404, mentor=404),
]


def _import(school_key, status="gecontroleerd"):
    def build(w):
        from leerlingen.models import Leerlingimport

        imp = Leerlingimport.objects.create(
            schooljaar=w["schooljaar"],
            school=w[school_key],
            bestandsnaam="export.csv",
            formaat="csv",
            kolommen=["Leerlingnummer"],
            status=status,
        )
        return {"pk": imp.pk}

    return build


IMPORTERS = {"decaan": 200}  # edit and see all pupils at the school; a mentor or zorgcoördinator cannot

ROWS += [
    row("leerlingen:import_start", default=403, **IMPORTERS),
    row("leerlingen:import_start", method="post", default=403, decaan=400),  # no file: form error, nothing saved
    row("leerlingen:import_detail", _import("school_a"), default=403, **IMPORTERS),
    row("leerlingen:import_detail", _import("school_b"), default=403, decaan=404),
    row("leerlingen:import_koppelen", _import("school_a", "koppelen"), default=403, **IMPORTERS),
    row("leerlingen:import_koppelen", _import("school_b", "koppelen"), default=403, decaan=404),
    row("leerlingen:import_koppelen", _import("school_a", "koppelen"), method="post", default=403, decaan=400),
    row("leerlingen:import_koppelen", _import("school_b", "koppelen"), method="post", default=403, decaan=404),
    row("leerlingen:import_status", _import("school_a", "controleren"), default=403, **IMPORTERS),
    row("leerlingen:import_status", _import("school_b", "controleren"), default=403, decaan=404),
    # Not yet checked: the confirmation is refused with a message (redirect); foreign: 404.
    row("leerlingen:import_bevestigen", _import("school_a", "koppelen"), method="post", default=403, decaan=302),
    row("leerlingen:import_bevestigen", _import("school_b", "koppelen"), method="post", default=403, decaan=404),
]
