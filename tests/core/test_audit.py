"""Every change and every read of a pupil's file is recorded; the BSN is masked in the audit trail."""

import logging

from auditlog.models import LogEntry
from django.urls import reverse

from leerlingen.models import Raadpleging
from leerlingen.services import elders_record
from tests import factories as f


def test_change_to_a_pupil_is_recorded_with_actor_and_before_after(world, client):
    leerling = world["leerling_a"]
    client.force_login(world["decaan"])
    # Through a request, so AuditlogMiddleware knows the actor; the service writes the change.
    from auditlog.context import set_actor

    f.aanmeldingen_afgewezen(leerling)
    with set_actor(world["decaan"]):
        elders_record(leerling=leerling, soort="werk", user=world["decaan"], toelichting="Bij een hovenier")
        leerling.klas = "4C"
        leerling.save()
    entry = LogEntry.objects.get_for_object(leerling).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == world["decaan"]
    assert entry.changes_dict["klas"] == ["4A", "4C"]
    assert LogEntry.objects.filter(content_type__model="elders", action=LogEntry.Action.CREATE).exists()


def test_bsn_is_masked_in_the_audit_trail(world):
    leerling = world["leerling_a"]
    old = leerling.bsn
    leerling.bsn = "111222333"
    leerling.save()
    entry = LogEntry.objects.get_for_object(leerling).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert old not in entry.changes and "111222333" not in entry.changes


def test_opening_a_pupil_page_records_an_access_entry(world, client, caplog):
    client.force_login(world["intaker"])
    with caplog.at_level(logging.INFO, logger="voroc.access"):
        response = client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}))
    assert response.status_code == 200
    entry = Raadpleging.objects.get(leerling=world["leerling_a"])
    assert (entry.user, entry.organisatie, entry.rol.code, entry.actie) == (
        world["intaker"],
        world["mbo_a"],
        "intaker",
        "pagina",
    )
    # The access log line names the object by key only: no name, no BSN.
    text = caplog.text
    assert f"leerlingen.Leerling:{world['leerling_a'].pk}" in text
    assert world["leerling_a"].achternaam not in text and world["leerling_a"].bsn not in text


def test_denied_read_is_not_logged_as_access(world, client):
    client.force_login(world["intaker_b"])
    response = client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}))
    assert response.status_code == 404
    assert not Raadpleging.objects.exists()
