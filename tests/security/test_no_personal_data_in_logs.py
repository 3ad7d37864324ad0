"""No BSN, names, contact details or free text in the application's logs or in the audit tables.

Sentinel values go into every kind of personal field (a pupil's name and address, BSN, care text,
a risk melding's reason and explanation, an Elders note, a placement decision's explanation, an
intake, the municipality's contact note) and through the pages; then every log line and every
column of every audit entry is searched for them.

Planted-bug checks (each run once): with auditlog's own half-mask (`mask_callable` removed in
voroc/accounts/audit.py) the last half of the BSN and the names show; without the pre_save hook
the pupil's name is in `object_repr`; without the StripQueryStrings filter the searched-for name
is in the development server's request line.
"""

import datetime
import logging

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record
from doorstroom.services import formulier_save, formulier_voor
from leerlingen.services import elders_record, leerling_contact_update
from rmc.services import contactmoment_record, melding_create_risico
from tests import factories as f

SENTINELS = {
    "voornaam": "Sentinelia",
    "achternaam": "Zwartekousvanger",
    "bsn": "999990160",  # passes the 11-proef
    "straat": "Geheimestraatlaan",
    "telefoon": "06 98765432",
    "email": "sentinelia@thuis.example",
    "zorg": "SENTINEL-ZORGTEKST dyslexie en faalangst",
    "reden": "SENTINEL-REDEN thuissituatie",
    "toelichting": "SENTINEL-TOELICHTING vader ziek",
    "elders": "SENTINEL-ELDERS bij oom in de zaak",
    "besluit": "SENTINEL-BESLUIT gesprek met moeder",
    "contact": "SENTINEL-CONTACT notitie gesprek",
}


@pytest.fixture
def leerling(world):
    leerling = f.LeerlingFactory(
        school=world["school_a"],
        mentor=world["mentor"],
        schooljaar=world["schooljaar"],
        voornaam=SENTINELS["voornaam"],
        achternaam=SENTINELS["achternaam"],
        bsn=SENTINELS["bsn"],
    )
    return leerling


def _write_everything(world, leerling):
    leerling_contact_update(
        leerling=leerling,
        user=world["decaan"],
        straat=SENTINELS["straat"],
        huisnummer="1",
        postcode="2511 AA",
        woonplaats="Den Haag",
        telefoon=SENTINELS["telefoon"],
        email=SENTINELS["email"],
    )
    leerling.refresh_from_db()
    leerling.achternaam = SENTINELS["achternaam"] + "-Tweede"  # a change of the name is audited, masked
    leerling.bsn = "999990172"
    leerling.save()
    formulier = formulier_voor(leerling=leerling)
    formulier_save(
        formulier=formulier, user=world["zorg"], versie=formulier.versie, data={"zorg_nodig": SENTINELS["zorg"]}
    )
    melding_create_risico(
        leerling=leerling, user=world["decaan"], reden=SENTINELS["reden"], toelichting=SENTINELS["toelichting"]
    )
    elders_record(leerling=leerling, soort="werk", user=world["decaan"], toelichting=SENTINELS["elders"])
    aanmelding = f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"])
    aanmelding_status_update(aanmelding=aanmelding, naar="in_behandeling", user=world["intaker"])
    plaatsingsbesluit_record(
        aanmelding=aanmelding, uitkomst="geplaatst", user=world["intaker"], toelichting=SENTINELS["besluit"]
    )
    contactmoment_record(
        leerling=leerling,
        user=world["consulent"],
        datum=datetime.date.today(),
        soort="gesprek",
        notitie=SENTINELS["contact"],
    )
    return formulier


def test_sentinels_stay_out_of_logs_and_audit_tables(world, client, caplog, leerling):
    caplog.set_level(logging.DEBUG)
    formulier = _write_everything(world, leerling)
    for role in ("decaan", "zorg", "consulent"):
        client.force_login(world[role])
        client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk}))
        client.get(reverse("leerlingen:list"), {"q": SENTINELS["voornaam"]})
    client.force_login(world["intaker_b"])
    client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk}))  # a denial is logged too

    logged = caplog.text
    for kind, sentinel in SENTINELS.items():
        assert sentinel not in logged, f"{kind} in the log"
    entries = list(LogEntry.objects.all())
    assert len(entries) > 10
    columns = ("changes", "changes_text", "object_repr", "additional_data", "serialized_data", "actor_email")
    audit = " ".join(str(getattr(e, c, "")) for e in entries for c in columns)
    for kind, sentinel in SENTINELS.items():
        assert sentinel not in audit, f"{kind} in the audit trail"
        assert sentinel[len(sentinel) // 2 :] not in audit, f"half of {kind} in the audit trail"
    # What the trail still says: which fields changed, on which object (by id), by whom.
    change = LogEntry.objects.get_for_object(leerling).filter(changes__icontains="achternaam").latest("timestamp")
    assert change.changes_dict["achternaam"] == ["[afgeschermd]", "[afgeschermd]"]
    assert change.object_repr == f"leerling {leerling.pk}"
    assert LogEntry.objects.get_for_object(formulier).filter(changes__icontains="zorg_nodig").exists()


def test_no_query_string_in_any_log_line(world, client):
    """What Django's development server and request logger write goes through the same filter as
    every other line: the path stays, the query (a searched-for name) goes."""
    line = f'"GET /leerlingen/?q={SENTINELS["voornaam"]}&klas=4A HTTP/1.1" 200 5120'
    written = []
    for name in ("django.server", "django.request", "voroc.access", "gunicorn.access"):
        logger = logging.getLogger(name)
        # The handlers the settings configured (pytest adds its own capturing ones beside them).
        handlers = [h for h in logger.handlers or logging.getLogger().handlers if "pytest" not in type(h).__module__]
        assert handlers, name
        for handler in handlers:
            record = logger.makeRecord(name, logging.INFO, __file__, 1, "%s", (line,), None)
            if handler.filter(record):
                written.append(handler.format(record))
    assert written and all("/leerlingen/" in w and SENTINELS["voornaam"] not in w for w in written)
