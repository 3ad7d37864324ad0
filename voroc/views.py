from django.shortcuts import render

from voroc.audit import log_denied


def permission_denied(request, exception=None):
    log_denied(request, 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    log_denied(request, 404)
    return render(request, "404.html", status=404)


def toegankelijkheid(request):
    """The accessibility statement: public, so it can be read before logging in."""
    from voroc.toegankelijkheid import LAATSTE_AUDIT

    return render(request, "toegankelijkheid.html", {"audit": LAATSTE_AUDIT})
