"""The pupil's portal (/mijn/) and the school's activation pages.

A portal page: the own pupil 200 (pupil and parent), another pupil 404, staff 403 (a portal page
is not for them, as a staff page is not for a portal account), anonymous to the login. The
activation pages are public. The school's activation: the decaan (edits and sees all pupils of
the school) 200 for an own pupil and 404 for another school's; every other role 403."""

from .matrix import STAFF_ROLES, pk, row

STAFF_403 = {role: 403 for role in STAFF_ROLES}
PORTAAL = {"leerling": 200, "ouder": 200}

ROWS = [
    # One pupil: the home page goes straight to its page.
    row("portaal:home", **STAFF_403, leerling=302, ouder=302),
    row("portaal:leerling", pk("leerling_a"), **STAFF_403, **PORTAAL),
    row("portaal:leerling", pk("leerling_b"), **STAFF_403, leerling=404, ouder=404),
    row("portaal:wie_zag", pk("leerling_a"), **STAFF_403, **PORTAAL),
    row("portaal:wie_zag", pk("leerling_b"), **STAFF_403, leerling=404, ouder=404),
    # Public: a signed-in user may open them too (they show nothing of anyone).
    row("portaal:activeren", anonymous=200, leerling=200, ouder=200),
    row("portaal:activeren_account", anonymous=200, leerling=200, ouder=200),
    # The second factor by e-mail: portal accounts only; staff keep the authenticator app.
    row("otp_email_setup", **STAFF_403, **PORTAAL),
    # The school activates.
    row("portaal_activatie:groep_activeren", default=403, decaan=200),
    row("portaal_activatie:leerling_activeren", pk("leerling_a"), default=403, decaan=200),
    row("portaal_activatie:leerling_activeren", pk("leerling_b"), default=403, decaan=404),
]
