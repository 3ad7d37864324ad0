"""rmc's changes are in the audit trail, without the municipality's free text."""

import datetime

from auditlog.models import LogEntry

from leerlingen.services import leerling_verhuizen
from rmc.services import contactmoment_record, melding_notitie_create, melding_status_update


def test_guidance_melding_handling_and_moves_are_audited_without_free_text(world, risico):
    c = world["consulent"]
    cm = contactmoment_record(
        leerling=world["leerling_a"],
        user=c,
        datum=datetime.date.today(),
        soort="gesprek",
        notitie="GEHEIME-NOTITIE",
        vervolgstap="GEHEIME-STAP",
    )
    melding_notitie_create(melding=risico, tekst="GEHEIME-MELDINGNOTITIE", user=c)
    melding_status_update(melding=risico, status="in_behandeling", user=c)
    leerling_verhuizen(leerling=world["leerling_a"], woongemeente=world["gem_b"], user=c)
    for model in ("contactmoment", "traject", "meldinggebeurtenis", "verhuizing", "melding"):
        assert LogEntry.objects.filter(content_type__app_label="rmc", content_type__model=model).exists(), model
    assert LogEntry.objects.get_for_object(cm).filter(action=LogEntry.Action.CREATE).exists()
    text = " ".join(str(e.changes) for e in LogEntry.objects.filter(content_type__app_label="rmc"))
    for secret in ("GEHEIME-NOTITIE", "GEHEIME-STAP", "GEHEIME-MELDINGNOTITIE"):
        assert secret not in text
