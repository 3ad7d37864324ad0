"""The parents' views (zienswijze) on the school's and the mbo's form page and in the form PDF.

A tag, so that the form's pages (app doorstroom, a lower layer) show the portal's rows without
importing the portal: the rows are scoped by `policy.deel_a_q`, so the mbo sees them only with a
final form, as part A. One query; the page has already logged the read of the pupil."""

from django import template

from portaal.ouders import zienswijzen_van

register = template.Library()


@register.inclusion_tag("portaal/zienswijze_lijst.html")
def zienswijzen(leerling, kijker, pdf=False):
    rijen = list(zienswijzen_van(user=kijker, leerling=leerling)) if kijker is not None else []
    return {"zienswijzen": rijen, "pdf": pdf}
