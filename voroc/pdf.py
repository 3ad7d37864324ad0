"""The one PDF helper: render a template to a tagged PDF with WeasyPrint, and name the file.

WeasyPrint is imported inside the function: it is heavy and only the PDF views and tasks need it.
The renderer fetches nothing: PDF templates carry their own CSS and no external resources, so a
pupil's text can never make the server fetch a URL.

Every PDF is PDF/UA-1 (tagged: headings, tables and reading order for a screen reader), with the
document title from the template's <title> and the language from <html lang>, so that a PDF is as
accessible as the page it comes from.
"""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

PDF_VARIANT = "pdf/ua-1"


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"PDF rendering fetches no resources ({url[:40]})")


def render_to_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf(pdf_variant=PDF_VARIANT)


def pdf_filename(*parts, day: datetime.date | None = None) -> str:
    """A readable file name: the parts as a slug and the date, e.g.
    `doorstroomformulier-sanne-de-vries-2026-12-03.pdf`. Never a database id, which says nothing to
    whoever saved the file, and never a personal number."""
    day = day or timezone.localdate()
    slug = "-".join(filter(None, (slugify(str(part)) for part in parts)))
    return f"{slug[:80].strip('-')}-{day.isoformat()}.pdf"
