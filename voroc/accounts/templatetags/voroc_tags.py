"""Template helpers on top of voroc.policy (display only: views and services enforce)."""

from django import template
from django.utils.html import format_html

from voroc import policy
from voroc.abbreviations import ABBREVIATIONS

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, perm: str, organisatie_id=None) -> bool:
    """{% can "aanmelden" leerling.school_id as kan_aanmelden %}"""
    return policy.has_perm(context["request"].user, perm, organisatie_id)


@register.filter
def afkorting(code):
    """{{ leerling.leerweg|afkorting }}: the abbreviation in <abbr> with its meaning as title, so a
    screen reader and a mouse user can learn what KB or BBL means; unknown text passes as is."""
    betekenis = ABBREVIATIONS.get(str(code))
    if not betekenis:
        return code
    return format_html('<abbr title="{}">{}</abbr>', betekenis, code)
