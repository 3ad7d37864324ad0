"""The portal's rows on the pages of lower apps: the parents' views (zienswijze) on the form page
and in the form PDF, the pupil's programme wishes on the pupil's page.

Tags, so that those pages (apps doorstroom and leerlingen, lower layers) show the portal's rows
without importing the portal: the rows are scoped by `policy.deel_a_q`, so the mbo sees them only
with a final form, as part A. One query each; the page has already logged the read of the pupil."""

from django import template

from portaal.deel_a import opleidingswensen_van
from portaal.ouders import zienswijzen_van
from voroc import policy

register = template.Library()


@register.inclusion_tag("portaal/zienswijze_lijst.html")
def zienswijzen(leerling, kijker, pdf=False):
    rijen = list(zienswijzen_van(user=kijker, leerling=leerling)) if kijker is not None else []
    return {"zienswijzen": rijen, "pdf": pdf}


@register.inclusion_tag("portaal/deel_a_wensen_lijst.html")
def opleidingswensen(leerling, kijker):
    wensen = list(opleidingswensen_van(user=kijker, leerling=leerling))
    return {
        "leerling": leerling,
        "wensen": wensen,
        "open": any(not w.omgezet_in_id for w in wensen),
        "mag_omzetten": policy.has_perm(kijker, "aanmelden", leerling.school_id),
    }
