"""The one PDF helper: render a template to PDF bytes with WeasyPrint.

WeasyPrint is imported inside the function: it is heavy and only the PDF views and tasks need it.
The renderer fetches nothing: PDF templates carry their own CSS and no external resources, so a
pupil's text can never make the server fetch a URL.
"""

from django.template.loader import render_to_string


def _no_fetch(url, *args, **kwargs):
    raise ValueError(f"PDF rendering fetches no resources ({url[:40]})")


def render_to_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()
