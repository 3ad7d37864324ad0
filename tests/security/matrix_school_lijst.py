"""Permission matrix rows of the school area: pupil list export, import, diploma results, Elders, June check."""
from tests.security.matrix import pk, row

SCHOOL_EDITORS = {"decaan": 200, "mentor": 200}

ROWS = [
    # The export follows the list: every role that sees pupils, scoped by the selector.
    row("leerlingen:export", servicedesk=403),
    # Diploma results and the June check: editors of pupil data at a school (mentor: own group).
    row("leerlingen:diploma", default=403, **SCHOOL_EDITORS),
    row("leerlingen:diploma", method="post", default=403, decaan=400, mentor=400),  # no class chosen
    row("leerlingen:diploma_import", method="post", default=403, decaan=400, mentor=400),  # no file
    row("leerlingen:juni_controle", default=403, **SCHOOL_EDITORS),
    # Elders: the school's editors and the municipality (home municipality) of the pupil.
    row("leerlingen:elders", pk("leerling_a"), default=403, decaan=200, mentor=200, consulent=200),
    row("leerlingen:elders", pk("leerling_b"), default=403, decaan=404, mentor=404, consulent=404),
    row(
        "leerlingen:elders", pk("leerling_a"), method="post", data=lambda w: {"soort": "werk"},
        default=403, decaan=302, mentor=302, consulent=302,
    ),
    row(
        "leerlingen:elders", pk("leerling_b"), method="post", data=lambda w: {"soort": "werk"},
        default=403, decaan=404, mentor=404, consulent=404,
    ),
]  # fmt: skip
