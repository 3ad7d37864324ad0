"""Access rows for the rmc area: the municipality's pages (only the consulent; the other
municipality's objects answer 404), the school's risk melding and the 'mijn meldingen' list."""

import datetime

from tests.security.matrix import row

GEMEENTE = {"default": 403, "consulent": 200}
GEMEENTE_POST = {"default": 403, "consulent": 302}
GEMEENTE_FOREIGN = {"default": 403, "consulent": 404}


def _melding(side):
    def build(w):
        from rmc.services import melding_create_risico

        if f"melding_{side}" not in w:  # other tests walk every row's kwargs on one world
            leerling, decaan = (w["leerling_a"], w["decaan"]) if side == "a" else (w["leerling_b"], w["decaan_b"])
            w[f"melding_{side}"] = melding_create_risico(leerling=leerling, user=decaan, reden="Veel verzuim")
        melding = w[f"melding_{side}"]
        return {"pk": melding.pk}

    return build


def _traject(side):
    def build(w):
        from rmc.services import traject_starten

        leerling, consulent = (w["leerling_a"], w["consulent"]) if side == "a" else (w["leerling_b"], w["consulent_b"])
        return {"pk": traject_starten(leerling=leerling, user=consulent).pk}

    return build


def _leerling(side):
    return lambda w: {"pk": w[f"leerling_{side}"].pk}


TODAY = datetime.date.today().isoformat()

CONTACT = lambda w: {"datum": TODAY, "soort": "telefoon", "notitie": "Gebeld, afspraak gemaakt."}  # noqa: E731
CONTACTGEGEVENS = lambda w: {"telefoon": "06 12345678", "email": "leerling@example.nl"}  # noqa: E731
VERHUIZING = lambda w: {"woongemeente": w["gem_b"].pk, "datum": TODAY}  # noqa: E731
# A VOROC programme as destination: pupil A's live application stays one destination (an Elders
# destination beside it would be refused, which is not what this row is about).
AFSLUITEN = lambda w: {"bestemming": "mbo_voroc", "afgesloten_op": TODAY}  # noqa: E731

ROWS = [
    # The municipality's overview, working list and export: only the consulent.
    row("rmc:overzicht", **GEMEENTE),
    row("rmc:zonder_bestemming", **GEMEENTE),
    row("rmc:overzicht_export", **GEMEENTE),
    row("rmc:verhuizingen", **GEMEENTE),
    # Meldingen inbox and handling: own municipality's melding; the other municipality's is 404.
    row("rmc:meldingen", **GEMEENTE),
    row("rmc:meldingen_export", **GEMEENTE),
    row("rmc:melding_detail", _melding("a"), **GEMEENTE),
    row("rmc:melding_detail", _melding("b"), **GEMEENTE_FOREIGN),
    row(
        "rmc:melding_status", _melding("a"), method="post", data=lambda w: {"status": "in_behandeling"}, **GEMEENTE_POST
    ),
    row(
        "rmc:melding_status",
        _melding("b"),
        method="post",
        data=lambda w: {"status": "in_behandeling"},
        **GEMEENTE_FOREIGN,
    ),
    row(
        "rmc:melding_toewijzen",
        _melding("a"),
        method="post",
        data=lambda w: {"behandelaar": w["consulent"].pk},
        **GEMEENTE_POST,
    ),
    row(
        "rmc:melding_toewijzen",
        _melding("b"),
        method="post",
        data=lambda w: {"behandelaar": w["consulent"].pk},
        **GEMEENTE_FOREIGN,
    ),
    row("rmc:melding_notitie", _melding("a"), method="post", data=lambda w: {"tekst": "Gebeld."}, **GEMEENTE_POST),
    row("rmc:melding_notitie", _melding("b"), method="post", data=lambda w: {"tekst": "Gebeld."}, **GEMEENTE_FOREIGN),
    # The school's and the mbo's list of meldingen they made.
    row("rmc:mijn_meldingen", default=403, decaan=200, mentor=200, intaker=200),
    # The school's risk melding: decaan and mentor (own mentor group); the foreign pupil is 404.
    row("rmc:risicomelding", _leerling("a"), default=403, decaan=200, mentor=200),
    row("rmc:risicomelding", _leerling("b"), default=403, decaan=404, mentor=404),
    row(
        "rmc:risicomelding",
        _leerling("a"),
        method="post",
        data=lambda w: {"reden": "Verzuim"},
        default=403,
        decaan=302,
        mentor=302,
    ),
    row(
        "rmc:risicomelding",
        _leerling("b"),
        method="post",
        data=lambda w: {"reden": "Verzuim"},
        default=403,
        decaan=404,
        mentor=404,
    ),
    # Guidance: only the municipality where the pupil lives.
    row("rmc:begeleiding", _leerling("a"), **GEMEENTE),
    row("rmc:begeleiding", _leerling("b"), **GEMEENTE_FOREIGN),
    # Inzage of what the municipality holds: its consulent (inzage_verstrekken at the municipality).
    row("rmc:inzage", _leerling("a"), **GEMEENTE),
    row("rmc:inzage", _leerling("b"), **GEMEENTE_FOREIGN),
    row("rmc:inzage_pdf", _leerling("a"), **GEMEENTE),
    row("rmc:inzage_pdf", _leerling("b"), **GEMEENTE_FOREIGN),
    row("rmc:contactmoment_create", _leerling("a"), method="post", data=CONTACT, **GEMEENTE_POST),
    row("rmc:contactmoment_create", _leerling("b"), method="post", data=CONTACT, **GEMEENTE_FOREIGN),
    row("rmc:traject_afsluiten", _traject("a"), method="post", data=AFSLUITEN, **GEMEENTE_POST),
    row("rmc:traject_afsluiten", _traject("b"), method="post", data=AFSLUITEN, **GEMEENTE_FOREIGN),
    # Pupil A has a live application, so the (allowed) POST is refused by the one-destination rule.
    row("rmc:elders", _leerling("a"), method="post", data=lambda w: {"soort": "werk"}, default=403, consulent=400),
    row("rmc:elders", _leerling("b"), method="post", data=lambda w: {"soort": "werk"}, **GEMEENTE_FOREIGN),
    row("rmc:contactgegevens", _leerling("a"), **GEMEENTE),
    row("rmc:contactgegevens", _leerling("b"), **GEMEENTE_FOREIGN),
    row("rmc:contactgegevens", _leerling("a"), method="post", data=CONTACTGEGEVENS, **GEMEENTE_POST),
    row("rmc:contactgegevens", _leerling("b"), method="post", data=CONTACTGEGEVENS, **GEMEENTE_FOREIGN),
    row("rmc:verhuizing", _leerling("a"), **GEMEENTE),
    row("rmc:verhuizing", _leerling("b"), **GEMEENTE_FOREIGN),
    row("rmc:verhuizing", _leerling("a"), method="post", data=VERHUIZING, **GEMEENTE_POST),
    row(
        "rmc:verhuizing",
        _leerling("b"),
        method="post",
        data=lambda w: {"woongemeente": w["gem_a"].pk, "datum": TODAY},
        **GEMEENTE_FOREIGN,
    ),
]
