"""PDF of one form and batch PDFs made by a Celery task (eager in tests)."""

import logging
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from doorstroom.models import PdfBatch, PdfBatchStatus
from doorstroom.pdf_batches import pdf_batch_maken_uitvoeren
from doorstroom.services import pdf_batch_request
from leerlingen.models import Raadpleging
from tests import factories as f
from tests.doorstroom import factories as ff
from voroc.errors import DomainError

ZORG = "Zorgtekst-PDF-4410"


@pytest.fixture
def formulier(world, leerling):
    return ff.formulier(leerling, world["decaan"], zorg_nodig=ZORG)


def test_pdf_has_content_type_file_name_and_text(world, client, leerling, formulier, caplog):
    client.force_login(world["decaan"])
    with caplog.at_level(logging.INFO, logger="voroc.access"):
        response = client.get(reverse("doorstroom:pdf", kwargs={"pk": formulier.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    today = timezone.localdate().isoformat()
    assert disposition == f'attachment; filename="doorstroomformulier-{slugify(leerling.volledige_naam)}-{today}.pdf"'
    assert leerling.bsn not in disposition  # readable, and never the personal number
    assert response.content.startswith(b"%PDF")
    text = ff.pdf_text(response.content)
    assert leerling.achternaam in text and "Wil graag in de zorg werken" in text and "CONCEPT" in text
    assert ZORG in text  # the decaan holds zorg_inzien
    assert leerling.bsn not in text  # masked
    assert f"action=pdf page=doorstroom:pdf object=leerlingen.Leerling:{formulier.leerling_id}" in caplog.text


def test_pdf_leaves_out_care_for_the_mentor(world, client, formulier):
    client.force_login(world["mentor"])
    text = ff.pdf_text(client.get(reverse("doorstroom:pdf", kwargs={"pk": formulier.pk})).content)
    assert "Wil graag in de zorg werken" in text and ZORG not in text and "Ondersteuning en zorg" not in text


def test_batch_for_a_class_is_made_after_commit_and_downloaded_by_the_requester_only(
    world, client, leerling, formulier, django_capture_on_commit_callbacks, caplog
):
    klasgenoot = f.LeerlingFactory(school=world["school_a"], klas=leerling.klas, schooljaar=world["schooljaar"])
    anders = f.LeerlingFactory(school=world["school_a"], klas="4Z", schooljaar=world["schooljaar"])
    client.force_login(world["decaan"])
    page = client.get(reverse("doorstroom:batch_nieuw"), {"klas": leerling.klas}).content.decode()
    assert klasgenoot.achternaam in page and anders.achternaam not in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("doorstroom:batch_nieuw"), {"klas": leerling.klas, "leerling": [leerling.pk, klasgenoot.pk]}
        )
    assert response.status_code == 302 and len(callbacks) == 1
    batch = PdfBatch.objects.get()
    assert batch.status == PdfBatchStatus.KLAAR and batch.omschrijving == f"Klas {leerling.klas}"

    status = client.get(response["Location"])
    assert "Pdf-bundel downloaden" in status.content.decode()
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "hx-trigger" not in partial  # finished: polling stops

    with caplog.at_level(logging.INFO, logger="voroc.access"):
        download = client.get(reverse("doorstroom:batch_download", kwargs={"pk": batch.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    today = timezone.localdate().isoformat()
    assert (
        f'filename="doorstroomformulieren-klas-{slugify(leerling.klas)}-{today}.pdf"' in download["Content-Disposition"]
    )
    text = ff.pdf_text(b"".join(download.streaming_content))
    assert leerling.achternaam in text and klasgenoot.achternaam in text and anders.achternaam not in text
    assert "Nog niet gestart" in text  # the classmate has no form yet
    assert "action=pdf page=doorstroom:batch_download objects=leerlingen.Leerling n=2" in caplog.text
    gelezen = set(Raadpleging.objects.filter(pagina="doorstroom:batch_download").values_list("leerling_id", flat=True))
    assert gelezen == {leerling.pk, klasgenoot.pk}

    # Another user of the same school does not get it.
    client.force_login(world["zorg"])
    assert client.get(reverse("doorstroom:batch_download", kwargs={"pk": batch.pk})).status_code == 404
    assert client.get(reverse("doorstroom:batch_status", kwargs={"pk": batch.pk})).status_code == 404


def test_batch_status_page_polls_while_queued(world, client):
    batch = ff.batch(world["decaan"], world["school_a"], [world["leerling_a"]])
    client.force_login(world["decaan"])
    body = client.get(reverse("doorstroom:batch_status", kwargs={"pk": batch.pk})).content.decode()
    assert 'hx-trigger="every 2s"' in body and "Pdf-bundel downloaden" not in body
    assert client.get(reverse("doorstroom:batch_download", kwargs={"pk": batch.pk})).status_code == 404


def test_batch_task_is_idempotent(world, formulier):
    batch = ff.batch(world["decaan"], world["school_a"], [world["leerling_a"]])
    first = pdf_batch_maken_uitvoeren(batch_id=batch.pk)
    name = first.bestand.name
    second = pdf_batch_maken_uitvoeren(batch_id=batch.pk)
    assert second.status == PdfBatchStatus.KLAAR and second.bestand.name == name


def test_batch_pdf_applies_the_requesters_care_rights(world, formulier):
    batch = ff.batch(world["mentor"], world["school_a"], [world["leerling_a"]])
    batch = pdf_batch_maken_uitvoeren(batch_id=batch.pk)
    text = ff.pdf_text(batch.bestand.read())
    assert "Wil graag in de zorg werken" in text and ZORG not in text


def test_batch_request_rules(world):
    with pytest.raises(DomainError, match="ten minste één leerling"):
        pdf_batch_request(leerlingen=[], omschrijving="x", user=world["decaan"])
    with pytest.raises(DomainError, match="één school"):
        pdf_batch_request(leerlingen=[world["leerling_a"], world["leerling_b"]], omschrijving="x", user=world["decaan"])
    with pytest.raises(DomainError, match="geen pdf-bundel"):
        pdf_batch_request(leerlingen=[world["leerling_b"]], omschrijving="x", user=world["decaan"])
    assert not PdfBatch.objects.exists()


def test_batch_form_without_pupils_gives_a_message(world, client):
    client.force_login(world["decaan"])
    response = client.post(reverse("doorstroom:batch_nieuw"), {"klas": "4A"})
    assert response.status_code == 200 and "Kies ten minste één leerling." in response.content.decode()
    assert not PdfBatch.objects.exists()


def test_old_batches_are_removed_with_their_files(world):
    import datetime

    from doorstroom.pdf_batches import pdf_batches_opruimen

    oud = ff.batch(world["decaan"], world["school_a"], [world["leerling_a"]], klaar=True)
    nieuw = ff.batch(world["decaan"], world["school_a"], [world["leerling_a"]], klaar=True)
    PdfBatch.objects.filter(pk=oud.pk).update(aangemaakt=timezone.now() - datetime.timedelta(days=8))
    storage, naam = oud.bestand.storage, oud.bestand.name
    assert storage.exists(naam)
    assert pdf_batches_opruimen() == 1
    assert not storage.exists(naam) and list(PdfBatch.objects.all()) == [nieuw]
    assert pdf_batches_opruimen() == 0  # idempotent


def _pdfinfo(content: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "formulier.pdf"
    path.write_bytes(content)
    output = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout  # noqa: S603,S607
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in output.splitlines())}


def test_form_pdf_is_tagged_with_title_and_lists_the_applications(world, client, leerling, formulier, tmp_path):
    """A tagged PDF (PDF/UA) that a screen reader can follow, titled, and saying where the pupil
    applied: programme, level, institution and status."""
    aanmelding = world["aanmelding_a"]
    assert aanmelding.leerling == leerling
    client.force_login(world["decaan"])
    content = client.get(reverse("doorstroom:pdf", kwargs={"pk": formulier.pk})).content
    info = _pdfinfo(content, tmp_path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Doorstroomformulier {leerling.volledige_naam}"
    text = ff.pdf_text(content)
    opleiding = aanmelding.opleiding
    assert opleiding.naam in text and opleiding.crebo in text and opleiding.instelling.naam in text
    assert aanmelding.get_status_display() in text


def test_form_pdf_without_applications_says_so(world, client, formulier):
    world["aanmelding_a"].delete()
    client.force_login(world["decaan"])
    text = ff.pdf_text(client.get(reverse("doorstroom:pdf", kwargs={"pk": formulier.pk})).content)
    assert "Nog geen aanmelding" in text


def test_batch_pdf_lists_each_pupils_applications(world, leerling, formulier, tmp_path):
    aanmelding = world["aanmelding_a"]
    batch = pdf_batch_maken_uitvoeren(batch_id=ff.batch(world["decaan"], world["school_a"], [leerling]).pk)
    content = batch.bestand.read()
    assert _pdfinfo(content, tmp_path)["Tagged"] == "yes"
    assert aanmelding.opleiding.naam in ff.pdf_text(content)
