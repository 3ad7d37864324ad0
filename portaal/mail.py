"""The portal's mails. Like every VOROC mail (docs/adr/0007) they name only the kind of event and
a link: no pupil's name, school or programme. The invitation's link carries the activation code,
which alone opens nothing (the date of birth is asked too)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode


def _absolute(path: str) -> str:
    return settings.VOROC_BASE_URL.rstrip("/") + path


def activeren_url(code: str = "") -> str:
    path = reverse("portaal:activeren")
    return _absolute(path + ("?" + urlencode({"code": code}) if code else ""))


def uitnodiging_sturen(*, email: str, code: str, verloopt_op) -> None:
    """The e-mail invitation to activate a portal account."""
    context = {"link": activeren_url(code), "verloopt_op": verloopt_op}
    versturen(
        onderwerp="Uitnodiging: je eigen account in VOROC",
        template="portaal/uitnodiging_email.txt",
        context=context,
        aan=email,
    )


def ouder_uitnodiging_sturen(*, email: str, code: str, dagen: int) -> None:
    """The e-mail invitation of a parent (by the school or by the pupil): never the pupil's name."""
    context = {"link": activeren_url(code), "code": code, "dagen": dagen}
    versturen(
        onderwerp="Uitnodiging: uw eigen account in VOROC",
        template="portaal/ouder_uitnodiging_email.txt",
        context=context,
        aan=email,
    )


def versturen(*, onderwerp: str, template: str, context: dict, aan: str) -> None:
    """Plain text and the same as HTML (every VOROC mail has both), to one address."""
    body = render_to_string(template, context)
    message = EmailMultiAlternatives(onderwerp, body, to=[aan])
    message.attach_alternative(linebreaks_filter(urlize(body, autoescape=True)), "text/html")
    message.send()
