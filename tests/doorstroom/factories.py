"""Helpers for the doorstroom tests and the security tests that need forms (on top of tests/factories.py and the
`world` fixture)."""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from aanmelding.models import ExterneAanmelding
from doorstroom.models import Doorstroomformulier, PdfBatch, PdfBatchStatus
from doorstroom.services import formulier_definitief_maken, formulier_save, formulier_voor

COMPLEET = {
    "ouder_naam": "J. de Vries",
    "verwacht_diploma": "vmbo KB",
    "advies_niveau": 3,
    "verzuim_samenvatting": "Weinig verzuim",
    "motivatie": "Wil graag in de zorg werken",
    "lob_activiteiten": "Open dag ROC",
    "contactpersoon_naam": "Mevr. Bakker",
    "contactpersoon_email": "bakker@school.nl",
}


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name="paspoort.pdf", content=PDF_BYTES, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def formulier(leerling, user, *, definitief=False, **extra) -> Doorstroomformulier:
    """A complete form saved through the services (final when asked)."""
    f = formulier_voor(leerling=leerling)
    if f.status == "definitief":
        return f  # idempotent: security tests walk every matrix row on one world
    f = formulier_save(formulier=f, user=user, versie=f.versie, data={**COMPLEET, **extra})
    if definitief:
        f = formulier_definitief_maken(formulier=f, user=user)
    return f


def formulier_met_lob(leerling, user) -> Doorstroomformulier:
    f = formulier_voor(leerling=leerling)
    if f.lob_paspoort_pdf or f.status == "definitief":
        return f  # idempotent: security tests walk every matrix row on one world
    return formulier_save(formulier=f, user=user, versie=f.versie, data={"lob_paspoort_pdf": pdf_upload()})


def batch(user, school, leerlingen=(), *, klaar=False) -> PdfBatch:
    b = PdfBatch.objects.create(aangevraagd_door=user, school=school, omschrijving="Klas 4A")
    b.leerlingen.set(leerlingen)
    if klaar:
        b.bestand.save(f"doorstroomformulieren-{b.pk}.pdf", ContentFile(PDF_BYTES), save=False)
        b.status = PdfBatchStatus.KLAAR
        b.save()
    return b


def externe(leerling, user) -> ExterneAanmelding:
    return ExterneAanmelding.objects.create(
        leerling=leerling,
        instelling_naam="Grafisch Lyceum Rotterdam",
        opleiding_naam="Mediavormgever",
        niveau=4,
        vastgelegd_door=user,
    )
