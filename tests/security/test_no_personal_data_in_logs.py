"""R13/R17: no BSN, names or care text in application logs; no BSN or care text in the audit tables."""

import logging

from auditlog.models import LogEntry
from django.urls import reverse

from doorstroom.services import formulier_opslaan, formulier_voor
from tests import factories as f

SENTINEL_NAME = "Sentinelia"
SENTINEL_BSN = "999990160"  # passes the 11-proef
SENTINEL_ZORG = "SENTINEL-ZORGTEKST dyslexie en faalangst"


def test_sentinels_stay_out_of_logs_and_audit_tables(world, client, caplog):
    caplog.set_level(logging.DEBUG)
    leerling = f.LeerlingFactory(
        school=world["school_a"], voornaam=SENTINEL_NAME, achternaam=SENTINEL_NAME, bsn=SENTINEL_BSN
    )
    formulier = formulier_voor(leerling=leerling)
    formulier_opslaan(
        formulier=formulier, user=world["zorg"], versie=formulier.versie, data={"zorg_nodig": SENTINEL_ZORG}
    )
    leerling.bsn = "999990172"  # a change of the BSN is audited, masked
    leerling.save()

    for role in ("decaan", "zorg", "consulent"):
        client.force_login(world[role])
        client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk}))
        client.get(reverse("leerlingen:list"), {"q": SENTINEL_NAME})
    client.force_login(world["intaker_b"])
    client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk}))  # a denial is logged too

    logged = caplog.text
    for sentinel in (SENTINEL_NAME, SENTINEL_BSN, SENTINEL_ZORG):
        assert sentinel not in logged
    audit = " ".join(str(e.changes) + str(e.changes_text) + str(e.object_repr) for e in LogEntry.objects.all())
    assert SENTINEL_BSN not in audit
    assert SENTINEL_ZORG not in audit
    assert LogEntry.objects.get_for_object(formulier).filter(changes__icontains="zorg_nodig").exists()
