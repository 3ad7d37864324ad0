"""The abbreviations the procedure uses, written out once. Pages show them in <abbr> through the
`afkorting` filter (voroc_tags) and the help page lists them all."""

ABBREVIATIONS: dict[str, str] = {
    "BB": "vmbo basisberoepsgerichte leerweg",
    "KB": "vmbo kaderberoepsgerichte leerweg",
    "GL": "vmbo gemengde leerweg",
    "TL": "vmbo theoretische leerweg",
    "PRO": "praktijkonderwijs",
    "VSO": "voortgezet speciaal onderwijs",
    "BOL": "beroepsopleidende leerweg: vooral op school, met stages",
    "BBL": "beroepsbegeleidende leerweg: werken bij een leerbedrijf en één dag per week naar school",
    "crebo": "Centraal Register Beroepsopleidingen: de landelijke code van een mbo-opleiding",
    "LOB": "loopbaanoriëntatie en -begeleiding",
    "RMC": "Regionale Meld- en Coördinatiefunctie voortijdig schoolverlaten",
    "BSN": "burgerservicenummer",
    "vmbo": "voorbereidend middelbaar beroepsonderwijs",
    "mbo": "middelbaar beroepsonderwijs",
    "roc": "regionaal opleidingencentrum",
    "VOROC": "voortgezet onderwijs naar roc: dit systeem",
}
