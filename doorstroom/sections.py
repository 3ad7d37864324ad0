"""The sections of the doorstroomformulier: which fields, which are required, who may see them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sectie:
    code: str
    titel: str
    velden: tuple[str, ...]
    verplicht: tuple[str, ...] = ()
    zorg: bool = False  # only for holders of zorg_inzien / zorg_bewerken


SECTIES = (
    Sectie(
        "contact", "Leerling en ouders/verzorgers", ("ouder_naam", "ouder_telefoon", "ouder_email"), ("ouder_naam",)
    ),
    Sectie(
        "vooropleiding",
        "Vooropleiding",
        ("examenvakken", "verwacht_diploma", "verwachte_diplomadatum"),
        ("verwacht_diploma",),
    ),
    Sectie(
        "advies",
        "Resultaten en advies van de school",
        ("resultaten", "advies_niveau", "advies_toelichting"),
        ("advies_niveau",),
    ),
    Sectie(
        "verzuim",
        "Aanwezigheid en verzuim",
        ("aanwezigheid_percentage", "verzuim_uren", "verzuim_samenvatting"),
        ("verzuim_samenvatting",),
    ),
    Sectie(
        "motivatie",
        "Motivatie en beroepswensen",
        ("motivatie", "beroepswensen", "keuze_voorbereiding", "sterke_punten", "stage_werkervaring", "aandachtspunten"),
        ("motivatie",),
    ),
    Sectie(
        "lob",
        "LOB-paspoort",
        ("lob_activiteiten", "lob_open_dagen", "lob_meeloopdagen", "lob_reflectie", "lob_paspoort_pdf"),
        ("lob_activiteiten",),
    ),
    Sectie(
        "contactpersoon",
        "Contactpersoon op school",
        ("contactpersoon_naam", "contactpersoon_email", "contactpersoon_telefoon"),
        ("contactpersoon_naam", "contactpersoon_email"),
    ),
    Sectie(
        "overdracht",
        "Overdracht",
        ("toestemming_overdracht", "warme_overdracht", "overdracht_notities"),
    ),
    Sectie("zorg", "Ondersteuning en zorg", ("zorg_gegeven", "zorg_nodig", "zorg_delen_met_mbo"), zorg=True),
)


def _filled(value) -> bool:
    return value not in (None, "") and bool(getattr(value, "name", True))


def compleetheid(formulier) -> list[tuple[Sectie, int, int]]:
    """Per section: (section, required fields filled, required fields)."""
    return [(s, sum(_filled(getattr(formulier, f)) for f in s.verplicht), len(s.verplicht)) for s in SECTIES]


def ontbrekende_velden(formulier) -> list[str]:
    return [f for s in SECTIES for f in s.verplicht if not _filled(getattr(formulier, f))]
