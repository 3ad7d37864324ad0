from django import template

from aanmelding.selectors_school import externe_aanmeldingen_van

register = template.Library()


@register.simple_tag(takes_context=True)
def externe_aanmeldingen(context, leerling):
    """{% externe_aanmeldingen leerling as lijst %}: scoped to the request's user; one query."""
    return list(externe_aanmeldingen_van(user=context["request"].user, leerling=leerling))


@register.simple_tag
def intrekbaar(aanmeldingen):
    """The applications (already loaded) the school can still withdraw; no queries."""
    from aanmelding.status import Status, mag_overgaan

    return [a for a in aanmeldingen if mag_overgaan(a.status, Status.INGETROKKEN)]


@register.filter
def geplaatst(aanmelding) -> bool:
    """{% if a|geplaatst %}: the application holds a placement (a warm handover can be planned); no queries."""
    from aanmelding.status import POSITIEF

    return aanmelding.status in POSITIEF
