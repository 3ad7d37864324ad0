from django import template

from doorstroom.selectors import compleetheid_samenvatting

register = template.Library()


@register.simple_tag
def formulier_compleetheid(formulier):
    """{% formulier_compleetheid formulier as c %}: required fields filled; no queries."""
    return compleetheid_samenvatting(formulier or None)
