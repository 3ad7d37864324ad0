"""The field-visibility matrix: what each role sees INSIDE the pages,
lists, exports, PDFs, notifications and inzage exports it may open.

One pupil gets a record of every kind, each carrying its own marker text: the form (with the
care part shared with the mbo, or not), a risk melding with the municipality's notes and
outcome, an Elders destination with a note, municipal guidance with contacts, applications to
the own and to another institution with decisions and reasons, an application outside VOROC,
an intake with advice, and a diploma result. Then every role fetches every output, and this
module's own written expectation (`SEES`, independent of voroc.policy) says which markers must
be absent and which present.

Run against the code before the visibility table existed, it failed for the school's inzage
export (it held the municipality's contact notes, guidance and melding notes) and for the
intaker's pupil page (risicoleerling badge, the Elders destination and note), and for the
intaker's export columns and risk filter. A planted change to the table (the mbo sees risk
meldingen, the school the municipality's file) fails it as well.
"""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Plaatsingsbesluit
from aanmelding.services import externe_aanmelding_record, plaatsingsbesluit_record
from aanmelding.services_mbo import aanmelding_ontvangen, intake_afronden, intake_plannen
from aanmelding.services_vergelijking import statusvergelijking_create
from doorstroom.models import PdfBatch
from doorstroom.pdf_batches import pdf_batch_maken_uitvoeren
from doorstroom.services import formulier_definitief_maken, formulier_save, formulier_voor
from leerlingen.models import Elders
from leerlingen.services import diploma_resultaat_record
from rmc.services import (
    contactmoment_record,
    melding_create_risico,
    melding_notitie_create,
    melding_status_update,
    traject_starten,
)
from terugkoppeling.models import Notificatie
from tests import factories as f

# The parts of a pupil's file, as this test names them.
GEGEVENS, PERSOONSNUMMER, CONTACT, FORMULIER, ZORG = "gegevens", "persoonsnummer", "contact", "formulier", "zorg"
RISICO, ELDERS, GEMEENTE, DIPLOMA = "risico", "elders", "gemeente", "diploma"
AANMELDINGEN, BESLUITEN, ANDERE = "aanmeldingen", "besluiten", "andere_aanmeldingen"
ALL = {GEGEVENS, CONTACT, FORMULIER, ZORG, RISICO, ELDERS, GEMEENTE, DIPLOMA, AANMELDINGEN, BESLUITEN, ANDERE}


def SEES(role: str, gedeeld: bool) -> set[str]:  # noqa: N802 - the written rule set
    """What each role may see of the pupil (the person-number only in the school's inzage)."""
    return {
        "decaan": ALL - {GEMEENTE},
        "zorg": ALL - {GEMEENTE},
        "mentor": ALL - {GEMEENTE, ZORG},
        "intaker": {GEGEVENS, CONTACT, FORMULIER, DIPLOMA, AANMELDINGEN, BESLUITEN} | ({ZORG} if gedeeld else set()),
        "consulent": ALL - {ZORG},
        "servicedesk": set(),
        "monitor": set(),  # the regional monitor: aggregates only, no pupil's data anywhere
        "decaan_b": set(),  # another school: the pupil does not exist for it
    }[role]


# What each controller's inzage export holds.
INZAGE = {
    "school": (ALL - {GEMEENTE}) | {PERSOONSNUMMER},
    "gemeente": ALL - {ZORG},
    "mbo": lambda gedeeld: (
        {GEGEVENS, CONTACT, FORMULIER, DIPLOMA, AANMELDINGEN, BESLUITEN} | ({ZORG} if gedeeld else set())
    ),
}

MARKERS = {
    GEGEVENS: ["ZNAAMSENTINEL"],
    CONTACT: ["ZCONTACTSTRAAT"],
    FORMULIER: ["ZFORMULIERMOTIVATIE"],
    ZORG: ["ZZORGGEGEVEN"],
    RISICO: ["ZRISICOREDEN", "ZRISICOTOELICHTING", 'data-deel="risico"', "risicoleerling"],
    ELDERS: ["ZELDERSTOELICHTING", 'data-deel="elders"'],
    GEMEENTE: ["ZMELDINGNOTITIE", "ZMELDINGUITKOMST", "ZCONTACTNOTITIE", "ZVERVOLGSTAP", "ZTRAJECTTOELICHTING"],
    DIPLOMA: [],
    AANMELDINGEN: ["ZEIGENOPLEIDING", "ZINTAKEBERICHT"],
    BESLUITEN: ["ZBESLUITVOORWAARDE", "ZBESLUITTOELICHTING", "ZSTUDIEKEUZEADVIES"],
    ANDERE: ["ZANDEREOPLEIDING", "ZANDEREBESLUIT", "ZEXTERNEOPLEIDING"],
}
# Export headers of a part (CSV/XLSX), as markers of that part.
HEADERS = {RISICO: "Risicoleerling", ELDERS: "Elders"}
# Markers that name a part rather than this pupil's data (a column, a filter, a badge word): a
# role may show them for its own pupils, so they count against what the role may see at all.
GENERIC = {"risicoleerling", 'data-deel="risico"', 'data-deel="elders"'}
ROLE_OF = {"decaan_b": "decaan"}  # another school's decaan: the same role, not this pupil


def _build(world, *, gedeeld: bool):
    """The pupil with a record of every kind, made through the services (as the roles would)."""
    w = world
    leerling, decaan, consulent, intaker = w["leerling_a"], w["decaan"], w["consulent"], w["intaker"]
    leerling.achternaam = "ZNAAMSENTINEL"
    leerling.straat = "ZCONTACTSTRAAT"
    leerling.save()
    w["opleiding_a"].naam = "ZEIGENOPLEIDING"
    w["opleiding_a"].save()
    formulier = formulier_voor(leerling=leerling)
    formulier = formulier_save(
        formulier=formulier,
        user=decaan,
        versie=formulier.versie,
        data={
            "ouder_naam": "J. Ouder",
            "verwacht_diploma": "vmbo KB",
            "advies_niveau": 2,
            "verzuim_samenvatting": "weinig",
            "motivatie": "ZFORMULIERMOTIVATIE",
            "lob_activiteiten": "open dag",
            "contactpersoon_naam": "Mevr. Decaan",
            "contactpersoon_email": "decaan@school.example",
            "zorg_gegeven": "ZZORGGEGEVEN",
            "zorg_delen_met_mbo": gedeeld,
        },
    )
    formulier_definitief_maken(formulier=formulier, user=decaan)

    melding = melding_create_risico(
        leerling=leerling, user=decaan, reden="ZRISICOREDEN", toelichting="ZRISICOTOELICHTING"
    )
    melding_status_update(melding=melding, status="in_behandeling", notitie="ZMELDINGNOTITIE", user=consulent)
    melding_notitie_create(melding=melding, tekst="ZMELDINGNOTITIE opnieuw", user=consulent)
    melding_status_update(
        melding=melding, status="afgesloten", resultaat="onderwijs", uitkomst="ZMELDINGUITKOMST", user=consulent
    )
    # Written directly: this pupil holds every part of a file at once, an Elders destination beside
    # a live application included, which elders_record refuses (one destination per pupil).
    Elders.objects.create(leerling=leerling, soort="werk", toelichting="ZELDERSTOELICHTING", vastgelegd_door=decaan)
    traject_starten(leerling=leerling, user=consulent, toelichting="ZTRAJECTTOELICHTING")
    contactmoment_record(
        leerling=leerling,
        user=consulent,
        datum=timezone.localdate(),
        soort="gesprek",
        notitie="ZCONTACTNOTITIE",
        vervolgstap="ZVERVOLGSTAP",
    )

    aanmelding = w["aanmelding_a"]
    aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    intake_plannen(
        aanmelding=aanmelding,
        user=intaker,
        datum=timezone.localdate() + datetime.timedelta(days=3),
        tijd=datetime.time(10, 0),
        plaats="Lokaal 1",
        bericht="ZINTAKEBERICHT",
    )
    intake_afronden(aanmelding=aanmelding, user=intaker, studiekeuzeadvies="ZSTUDIEKEUZEADVIES")
    plaatsingsbesluit_record(
        aanmelding=aanmelding,
        user=intaker,
        uitkomst="voorwaardelijk_geplaatst",
        voorwaarde="ZBESLUITVOORWAARDE",
        toelichting="ZBESLUITTOELICHTING",
    )
    andere = f.AanmeldingFactory(
        leerling=leerling, opleiding=f.OpleidingFactory(instelling=w["mbo_b"], naam="ZANDEREOPLEIDING"), keuze=2
    )
    Plaatsingsbesluit.objects.create(
        aanmelding=andere, uitkomst="afgewezen", reden="vooropleiding", toelichting="ZANDEREBESLUIT"
    )
    externe_aanmelding_record(
        leerling=leerling, instelling_naam="Elders College", opleiding_naam="ZEXTERNEOPLEIDING", user=decaan
    )
    diploma_resultaat_record(leerling=leerling, resultaat="gezakt", user=decaan)
    # The national status file, uploaded by the school and by mbo A: both applications differ.
    landelijk = "bsn;status;instelling;crebo\n" + "".join(
        f"{leerling.bsn};{code};{a.opleiding.instelling.brin};{a.opleiding.crebo}\n"
        for a, code in ((aanmelding, 1), (andere, 3))
    )
    for organisatie, user in ((w["school_a"], decaan), (w["mbo_a"], intaker)):
        bestand = SimpleUploadedFile("landelijk.csv", landelijk.encode())
        statusvergelijking_create(organisatie=organisatie, bestand=bestand, user=user)
    leerling.refresh_from_db()
    return leerling, formulier, melding, aanmelding


def _text(response) -> str:
    """A response as text: HTML, JSON, CSV, XLSX (rows as lines) or PDF."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in content_type and body.startswith(b"%PDF"):
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    elif "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(body)).active
        text = "\n".join(";".join(str(c) for c in row if c is not None) for row in sheet.iter_rows(values_only=True))
    else:
        text = body.decode("utf-8-sig", errors="replace")
    return text


def _present(text: str, marker: str) -> bool:
    """Whitespace-blind and case-blind (a PDF may break a line anywhere)."""
    return "".join(marker.split()).lower() in "".join(text.split()).lower()


# Markers each output shows of the pupil when the role may see their part (checked present).
NAAM, STRAAT, RISK, ELD = "ZNAAMSENTINEL", "ZCONTACTSTRAAT", 'data-deel="risico"', "ZELDERSTOELICHTING"
EIGEN = ("ZEIGENOPLEIDING",)
TIJDLIJN = ("ZINTAKEBERICHT", "ZBESLUITVOORWAARDE", "ZBESLUITTOELICHTING", "ZSTUDIEKEUZEADVIES")
FORM = ("ZFORMULIERMOTIVATIE", "ZZORGGEGEVEN")


def _outputs(w, leerling, formulier, melding, aanmelding):
    """(name, url, markers shown when visible) for every output about the pupil; an inzage
    export names its controller instead."""
    pk = leerling.pk
    klas = f"?school={leerling.school_id}&klas={leerling.klas}"
    zoek = "?formaat=csv"  # not a search: a search box would echo the name back
    return [
        (
            "pupil page",
            reverse("leerlingen:detail", args=[pk]),
            (
                NAAM,
                STRAAT,
                RISK,
                "ZRISICOREDEN",
                'data-deel="elders"',
                ELD,
                *EIGEN,
                *TIJDLIJN,
                "ZANDEREOPLEIDING",
                "ZEXTERNEOPLEIDING",
            ),
        ),
        ("form page", reverse("doorstroom:formulier", args=[pk]), FORM),
        ("form pdf", reverse("doorstroom:pdf", args=[formulier.pk]), FORM),
        ("mbo file", reverse("mbo:dossier", args=[aanmelding.pk]), (NAAM, *FORM, *EIGEN, *TIJDLIJN)),
        ("mbo form pdf", reverse("mbo:formulier_pdf", args=[aanmelding.pk]), FORM),
        (
            "guidance",
            reverse("rmc:begeleiding", args=[pk]),
            (STRAAT, "ZCONTACTNOTITIE", "ZVERVOLGSTAP", "ZTRAJECTTOELICHTING"),
        ),
        (
            "melding",
            reverse("rmc:melding_detail", args=[melding.pk]),
            ("ZRISICOREDEN", "ZRISICOTOELICHTING", "ZMELDINGNOTITIE", "ZMELDINGUITKOMST"),
        ),
        ("pupil list", reverse("leerlingen:list"), (NAAM, RISK, *EIGEN)),
        ("pupil list, risk filter", reverse("leerlingen:list") + "?risico=ja", (RISK,)),
        ("pupil export csv", reverse("leerlingen:export") + zoek, (NAAM, *EIGEN, "risicoleerling")),
        ("pupil export xlsx", reverse("leerlingen:export") + "?formaat=xlsx", (NAAM, *EIGEN, "risicoleerling")),
        ("pupil export, risk filter", reverse("leerlingen:export") + "?risico=ja", ()),
        ("June check", reverse("leerlingen:juni_controle"), ()),
        ("diploma class", reverse("leerlingen:diploma") + klas, (NAAM,)),
        ("worklist", reverse("mbo:werklijst"), (NAAM, *EIGEN)),
        ("worklist csv", reverse("mbo:werklijst_export"), (NAAM, *EIGEN)),
        ("worklist xlsx", reverse("mbo:werklijst_export") + "?formaat=xlsx", (NAAM, *EIGEN)),
        ("feedback deadline", reverse("mbo:terugkoppeling"), ()),
        ("no-shows", reverse("mbo:noshow"), ()),
        ("national statuses, school", reverse("aanmelden:vergelijking"), (NAAM, *EIGEN, "ZANDEREOPLEIDING")),
        ("national statuses, mbo", reverse("mbo:vergelijking"), (NAAM, *EIGEN)),
        ("municipal overview", reverse("rmc:overzicht"), (NAAM, RISK, *EIGEN)),
        ("municipal export csv", reverse("rmc:overzicht_export"), (NAAM, STRAAT, *EIGEN, "risicoleerling")),
        (
            "municipal export xlsx",
            reverse("rmc:overzicht_export") + "?formaat=xlsx",
            (NAAM, STRAAT, *EIGEN, "risicoleerling"),
        ),
        ("zonder bestemming", reverse("rmc:zonder_bestemming"), ()),
        ("meldingen inbox", reverse("rmc:meldingen") + "?status=alle", (NAAM,)),
        ("own meldingen", reverse("rmc:mijn_meldingen"), ("ZRISICOREDEN",)),
        ("notifications", reverse("terugkoppeling:list"), ()),
        ("school inzage json", reverse("inzage", args=[pk]), "school"),
        ("school inzage pdf", reverse("inzage_pdf", args=[pk]), "school"),
        ("municipal inzage json", reverse("rmc:inzage", args=[pk]), "gemeente"),
        ("municipal inzage pdf", reverse("rmc:inzage_pdf", args=[pk]), "gemeente"),
        ("mbo inzage json", reverse("mbo:inzage", args=[aanmelding.pk]), "mbo"),
        ("mbo inzage pdf", reverse("mbo:inzage_pdf", args=[aanmelding.pk]), "mbo"),
    ]


DEEL_VAN = {marker: deel for deel, markers in MARKERS.items() for marker in markers}


INZAGE_OUTPUTS = {
    "school inzage json": "decaan",
    "school inzage pdf": "decaan",
    "municipal inzage json": "consulent",
    "municipal inzage pdf": "consulent",
    "mbo inzage json": "intaker",
    "mbo inzage pdf": "intaker",
}
ROLES = ("decaan", "mentor", "zorg", "intaker", "consulent", "servicedesk", "monitor", "decaan_b")


def _check(
    name,
    role,
    text,
    allowed: set[str],
    shown,
    *,
    bsn: str,
    bsn_allowed: bool,
    problems: list,
    role_parts: set[str] | None = None,
):
    """Markers of parts not allowed must be absent; `shown` markers of allowed parts present."""
    for deel, markers in MARKERS.items():
        for marker in markers:
            limit = role_parts if marker in GENERIC and role_parts is not None else allowed
            if deel not in limit and _present(text, marker):
                problems.append(f"{role} / {name}: shows {deel} ({marker})")
    for marker in shown:
        if DEEL_VAN[marker] in allowed and not _present(text, marker):
            problems.append(f"{role} / {name}: misses {DEEL_VAN[marker]} ({marker})")
    if _present(text, bsn) and not bsn_allowed:
        problems.append(f"{role} / {name}: shows the whole personal number")
    if bsn_allowed and not _present(text, bsn):
        problems.append(f"{role} / {name}: misses the whole personal number")


@pytest.mark.parametrize("gedeeld", [False, True], ids=["care not shared", "care shared"])
def test_every_role_sees_only_its_parts_in_every_output(
    world, client, settings, gedeeld, django_capture_on_commit_callbacks
):
    settings.VOROC_NOTIFICATIE_MAIL_STANDAARD = "direct"
    with django_capture_on_commit_callbacks(execute=True):
        leerling, formulier, melding, aanmelding = _build(world, gedeeld=gedeeld)
    assert Notificatie.objects.exists(), "the records notified someone (checked below)"
    outputs = _outputs(world, leerling, formulier, melding, aanmelding)
    problems: list[str] = []
    seen_ok: set[tuple[str, str]] = set()
    for role in ROLES:
        user = world[role]
        client.force_login(user)
        allowed = SEES(role, gedeeld)
        role_parts = SEES(ROLE_OF.get(role, role), gedeeld)
        for name, url, shown in outputs:
            response = client.get(url)
            text = _text(response)
            if name in INZAGE_OUTPUTS:
                if INZAGE_OUTPUTS[name] != role:
                    assert response.status_code in (403, 404), f"{role} / {name}: {response.status_code}"
                    continue
                assert response.status_code == 200, f"{role} / {name}: {response.status_code}"
                holds = INZAGE["mbo"](gedeeld) if shown == "mbo" else INZAGE[shown]
                every_text_marker = [m for d in holds if d in MARKERS for m in MARKERS[d] if m.startswith("Z")]
                _check(
                    name,
                    role,
                    text,
                    holds - {PERSOONSNUMMER},
                    every_text_marker,
                    bsn=leerling.bsn,
                    bsn_allowed=PERSOONSNUMMER in holds,
                    problems=problems,
                )
                seen_ok.add((role, name))
                continue
            if response.status_code == 200:
                seen_ok.add((role, name))
            elif response.status_code not in (302, 403, 404):
                problems.append(f"{role} / {name}: status {response.status_code}")
            if "risk filter" in name and RISICO not in role_parts:
                # Not offered, and what it returns does not depend on the pupil's risk.
                tegendeel = _text(client.get(url.replace("risico=ja", "risico=nee")))
                if _present(text, leerling.achternaam) != _present(tegendeel, leerling.achternaam):
                    problems.append(f"{role} / {name}: the risk filter tells risk pupils apart")
                if 'name="risico"' in text:
                    problems.append(f"{role} / {name}: offers the risk filter")
            if "export" in name and response.status_code == 200:
                header = text.splitlines()[0] if text else ""
                for deel, kop in HEADERS.items():
                    if deel not in role_parts and kop.lower() in header.lower():
                        problems.append(f"{role} / {name}: has the column {kop}")
            _check(
                name,
                role,
                text,
                allowed,
                shown if response.status_code == 200 else (),
                bsn=leerling.bsn,
                bsn_allowed=False,
                problems=problems,
                role_parts=role_parts,
            )
        # Each notification the role received, and the PDF bundle of the school's forms.
        for notificatie in Notificatie.objects.for_user(user):
            response = client.get(reverse("terugkoppeling:detail", args=[notificatie.pk]))
            _check(
                f"notification {notificatie.soort}",
                role,
                _text(response),
                allowed,
                (),
                bsn=leerling.bsn,
                bsn_allowed=False,
                problems=problems,
            )
        response = client.post(reverse("doorstroom:batch_nieuw"), {"leerling": [leerling.pk], "omschrijving": "t"})
        batch = PdfBatch.objects.filter(aangevraagd_door=user).first()
        if batch is not None:
            pdf_batch_maken_uitvoeren(batch_id=batch.pk)
            response = client.get(reverse("doorstroom:batch_download", args=[batch.pk]))
            assert response.status_code == 200
            _check(
                "pdf bundle",
                role,
                _text(response),
                allowed,
                FORM,
                bsn=leerling.bsn,
                bsn_allowed=False,
                problems=problems,
            )
            seen_ok.add((role, "pdf bundle"))
    # Mail carries no pupil data at all (ADR 7), whoever receives it.
    assert mail.outbox, "immediate mails were sent"
    for message in mail.outbox:
        body = "".join((message.subject + message.body + "".join(a[0] for a in message.alternatives)).split())
        for deel, markers in MARKERS.items():
            for marker in markers:
                if marker.startswith("Z") and marker in body:
                    problems.append(f"mail to {message.to}: shows {deel} ({marker})")
    assert not problems, "\n".join(problems)
    # The matrix reached what it should: every role its own pages, lists, exports and PDFs.
    for expected in [
        ("decaan", "pupil page"),
        ("mentor", "pupil page"),
        ("zorg", "form pdf"),
        ("intaker", "pupil page"),
        ("intaker", "mbo file"),
        ("intaker", "mbo form pdf"),
        ("intaker", "worklist xlsx"),
        ("intaker", "pupil export csv"),
        ("consulent", "guidance"),
        ("consulent", "municipal export xlsx"),
        ("consulent", "melding"),
        ("decaan", "pdf bundle"),
        ("mentor", "pupil export xlsx"),
        ("decaan", "school inzage pdf"),
        ("consulent", "municipal inzage pdf"),
        ("intaker", "mbo inzage pdf"),
    ]:
        assert expected in seen_ok, f"not reached: {expected}"


def test_the_school_inzage_json_is_per_model_and_holds_nothing_of_the_municipality(world, client):
    leerling, _formulier, _melding, _aanmelding = _build(world, gedeeld=False)
    client.force_login(world["decaan"])
    data = json.loads(client.get(reverse("inzage", args=[leerling.pk])).content)
    assert data["verantwoordelijke"]["organisatie"] == world["school_a"].naam
    assert data["gegevens"]["leerlingen.Leerling"][0]["bsn"] == leerling.bsn
    assert not {"rmc.Traject", "rmc.Contactmoment", "rmc.MeldingGebeurtenis"} & set(data["gegevens"])
    melding = data["gegevens"]["rmc.Melding"][0]
    assert melding["reden"] == "ZRISICOREDEN" and melding["resultaat"] and "uitkomst" not in melding
    assert "terugkoppeling.Notificatie" not in data["gegevens"] and "doorstroom.PdfBatch" not in data["gegevens"]
    assert all("ZMELDINGUITKOMST" not in json.dumps(e) for e in data["logboek"])


def test_the_other_institution_sees_its_own_application_not_the_first_ones(world, client):
    """The pupil also applied to mbo B: its intaker sees that application, nothing of mbo A's."""
    leerling, _formulier, _melding, aanmelding = _build(world, gedeeld=True)
    client.force_login(world["intaker_b"])
    text = _text(client.get(reverse("leerlingen:detail", args=[leerling.pk])))
    assert _present(text, "ZANDEREOPLEIDING")
    for marker in (
        "ZEIGENOPLEIDING",
        "ZINTAKEBERICHT",
        "ZSTUDIEKEUZEADVIES",
        "ZBESLUITVOORWAARDE",
        "ZBESLUITTOELICHTING",
        "ZEXTERNEOPLEIDING",
        "ZRISICOREDEN",
        "ZELDERSTOELICHTING",
    ):
        assert not _present(text, marker), marker
    assert client.get(reverse("mbo:dossier", args=[aanmelding.pk])).status_code == 404


# --- The API: a client of each organisation kind, every API output about the pupil -------------

API_SCOPES = {
    "school": ("school_a", ["leerlingen_alle_inzien", "leerlingen_bewerken"]),
    "mbo": ("mbo_a", ["aanmeldingen_behandelen"]),
    "gemeente": ("gem_a", ["woongemeente_inzien"]),
    "school_b": ("school_b", ["leerlingen_alle_inzien", "leerlingen_bewerken"]),
}
# What a client may see of the pupil: its organisation's column of the table, without the
# permission-bound care part (a client holds no zorg_inzien); another school nothing.
API_SEES = {
    "school": ALL - {GEMEENTE, ZORG},
    "mbo": {GEGEVENS, CONTACT, FORMULIER, DIPLOMA, AANMELDINGEN, BESLUITEN},
    "gemeente": ALL - {ZORG},
    "school_b": set(),
}


def _api_outputs(leerling, aanmelding):
    """(name, url, markers shown when visible) for every API output about the pupil."""
    besluit = ("ZBESLUITVOORWAARDE", "ZBESLUITTOELICHTING")
    return [
        ("api mbo applications", "/api/v1/aanmeldingen/", (NAAM, STRAAT, *EIGEN, *besluit)),
        ("api mbo application", f"/api/v1/aanmeldingen/{aanmelding.pk}/", (NAAM, STRAAT, *EIGEN, *besluit)),
        ("api municipality pupils", "/api/v1/leerlingen/", (NAAM, STRAAT)),
        ("api municipality pupil", f"/api/v1/leerlingen/{leerling.pk}/", (NAAM, STRAAT)),
        (
            "api school applications",
            "/api/v1/school/aanmeldingen/",
            (NAAM, STRAAT, *EIGEN, *besluit, "ZANDEREOPLEIDING", "ZANDEREBESLUIT"),
        ),
        ("api school application", f"/api/v1/school/aanmeldingen/{aanmelding.pk}/", (NAAM, *EIGEN, *besluit)),
        ("api school timeline", "/api/v1/school/terugkoppelingen/", (*TIJDLIJN, "ZEXTERNEOPLEIDING")),
    ]


@pytest.mark.parametrize("gedeeld", [False, True], ids=["care not shared", "care shared"])
def test_every_api_client_sees_only_its_parts(world, client, gedeeld):
    from django.core.cache import cache

    from api.services import apiclient_create

    cache.clear()  # the rate limit
    leerling, _formulier, _melding, aanmelding = _build(world, gedeeld=gedeeld)
    problems: list[str] = []
    reached: set[tuple[str, str]] = set()
    for kind, (organisatie, scopes) in API_SCOPES.items():
        token = apiclient_create(
            organisatie=world[organisatie], naam=f"Zicht {kind}", scopes=scopes, user=world["servicedesk"]
        ).token
        allowed = API_SEES[kind]
        for name, url, shown in _api_outputs(leerling, aanmelding):
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            if response.status_code == 200:
                reached.add((kind, name))
            elif response.status_code not in (403, 404):
                problems.append(f"{kind} / {name}: status {response.status_code}")
            _check(
                name,
                kind,
                _text(response),
                allowed,
                shown if response.status_code == 200 else (),
                bsn=leerling.bsn,
                bsn_allowed=False,
                problems=problems,
                role_parts=allowed,
            )
    assert not problems, "\n".join(problems)
    assert reached == {
        ("mbo", "api mbo applications"),
        ("mbo", "api mbo application"),
        ("gemeente", "api municipality pupils"),
        ("gemeente", "api municipality pupil"),
        ("school", "api school applications"),
        ("school", "api school application"),
        ("school", "api school timeline"),
        ("school_b", "api school applications"),  # its own list, without this pupil
        ("school_b", "api school timeline"),
    }
