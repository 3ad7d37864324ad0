from django.conf import settings

from voroc.navigation import menu_for


def navigation(request):
    context = {"VOROC_DEMO": settings.VOROC_DEMO, "SERVICEDESK": servicedesk()}
    if getattr(request, "user", None) and request.user.is_authenticated:
        context["menu"] = menu_for(request)
    return context


def servicedesk() -> dict:
    """The servicedesk's contact details as the footer and the accessibility statement show them."""
    telefoon = settings.VOROC_SERVICEDESK_TELEFOON
    return {
        "email": settings.VOROC_SERVICEDESK_EMAIL,
        "telefoon": telefoon,
        # A tel: link wants digits only; a leading + (international number) stays.
        "telefoon_href": ("+" if telefoon.strip().startswith("+") else "")
        + "".join(c for c in telefoon if c.isdigit()),
        "bereikbaar": settings.VOROC_SERVICEDESK_BEREIKBAAR,
    }
