"""Template helpers on top of voroc.policy (display only: views and services enforce)."""

from django import template

from voroc import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, perm: str, organisatie_id=None) -> bool:
    """{% can "aanmelden" leerling.school_id as kan_aanmelden %}"""
    return policy.has_perm(context["request"].user, perm, organisatie_id)
