"""Checks on the LOB-paspoort upload: a real PDF (magic bytes, not only the name) of at most 5 MB."""

from django.core.exceptions import ValidationError

MAX_PDF_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def validate_pdf_upload(value) -> None:
    """Refuse anything that is not a PDF or is larger than MAX_PDF_BYTES.

    Only a new upload is read; a file already stored passed this check when it came in.
    """
    if not value or getattr(value, "_committed", False):
        return
    size = getattr(value, "size", None)
    if size is not None and size > MAX_PDF_BYTES:
        raise ValidationError(
            "Het bestand is te groot (%(mb).1f MB); het maximum is 5 MB.", params={"mb": size / 1024 / 1024}
        )
    name = str(getattr(value, "name", "")).lower()
    if not name.endswith(".pdf"):
        raise ValidationError("Alleen een pdf-bestand is toegestaan.")
    value.seek(0)
    head = value.read(len(PDF_MAGIC))
    value.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError("Dit bestand is geen geldig pdf-bestand.")
