"""Access rules of part A, the programme wishes, the parents and their view: the portal pages
under /mijn/ (the pupil's account `leerling` and a parent's `ouder` of pupil A; every staff role
403) and the school's portal page of a pupil (/leerlingen/<pk>/portaal/).

The world's pupil A is 16, so its own account manages the parents; a parent manages nothing.
"""

from tests import factories as f
from tests.security.matrix import row

STAFF_403 = {role: 403 for role in ("decaan", "mentor", "zorg", "intaker", "consulent", "servicedesk", "monitor")}
# The school's page: who sees the pupil through the school (the whole school or the mentor group).
SCHOOL_ONLY = {"intaker": 403, "consulent": 403, "servicedesk": 403, "monitor": 403, "leerling": 403, "ouder": 403}


def _ouder_toegang(key):
    def build(w):
        from portaal.models import Toegang

        if key == "leerling_a":
            return {"pk": Toegang.objects.get(user=w["ouder"]).pk}
        ander = f.portaal_account(w["leerling_b"], relatie="ouder")
        return {"pk": Toegang.objects.get(user=ander).pk}

    return build


def _school_toegang(key):
    def build(w):
        from portaal.models import Toegang

        if key == "leerling_a":
            return {"pk": w["leerling_a"].pk, "toegang": Toegang.objects.get(user=w["ouder"]).pk}
        ander = f.portaal_account(w["leerling_b"], relatie="ouder")
        return {"pk": w["leerling_b"].pk, "toegang": Toegang.objects.get(user=ander).pk}

    return build


def _leerling(key):
    return lambda w: {"pk": w[key].pk}


EMAIL = lambda w: {"email": "matrix.ouder@example.nl"}  # noqa: E731 - a row's POST body

ROWS = [
    # Part A: the pupil edits, a parent reads.
    row("portaal:deel_a", leerling=200, ouder=200, **STAFF_403),
    row("portaal:deel_a", method="post", data=lambda w: {"versie": 1}, leerling=302, ouder=403, **STAFF_403),
    # Programme wishes: the pupil chooses, a parent reads.
    row("portaal:wensen", leerling=200, ouder=200, **STAFF_403),
    row("portaal:wensen", method="post", data=lambda w: {}, leerling=302, ouder=403, **STAFF_403),
    # Parents: only the pupil's own account (16 or older manages them).
    row("portaal:ouders", leerling=200, ouder=403, **STAFF_403),
    row("portaal:ouder_uitnodigen", method="post", data=EMAIL, leerling=302, ouder=403, **STAFF_403),
    row("portaal:ouder_verwijderen", _ouder_toegang("leerling_a"), method="post", leerling=302, ouder=403, **STAFF_403),
    row("portaal:ouder_verwijderen", _ouder_toegang("leerling_b"), method="post", leerling=404, ouder=403, **STAFF_403),
    # The parents' view: a parent writes, the pupil reads.
    row("portaal:zienswijze", leerling=200, ouder=200, **STAFF_403),
    row("portaal:zienswijze", method="post", data=lambda w: {"tekst": "Matrix"}, leerling=403, ouder=302, **STAFF_403),
    # A parent's choice of messages.
    row("portaal:ouder_berichten", leerling=403, ouder=200, **STAFF_403),
    row("portaal:ouder_berichten", method="post", data=lambda w: {}, leerling=403, ouder=302, **STAFF_403),
    # The school's portal page of a pupil: wishes, parents, views.
    row("portaal_school:leerling", _leerling("leerling_a"), **SCHOOL_ONLY),
    row("portaal_school:leerling", _leerling("leerling_b"), default=404, **SCHOOL_ONLY),
    # Turning wishes into applications: who applies for the pupil ("aanmelden").
    row("portaal_school:wensen_omzetten", _leerling("leerling_a"), method="post", default=302, zorg=403, **SCHOOL_ONLY),
    row("portaal_school:wensen_omzetten", _leerling("leerling_b"), method="post", default=404, **SCHOOL_ONLY),
    # Inviting and revoking parents: who edits the pupil ("leerlingen_bewerken").
    row(
        "portaal_school:ouder_uitnodigen",
        _leerling("leerling_a"),
        method="post",
        data=EMAIL,
        default=302,
        zorg=403,
        **SCHOOL_ONLY,
    ),
    row(
        "portaal_school:ouder_uitnodigen",
        _leerling("leerling_b"),
        method="post",
        data=EMAIL,
        default=404,
        **SCHOOL_ONLY,
    ),
    row(
        "portaal_school:ouder_intrekken",
        _school_toegang("leerling_a"),
        method="post",
        default=302,
        zorg=403,
        **SCHOOL_ONLY,
    ),
    row("portaal_school:ouder_intrekken", _school_toegang("leerling_b"), method="post", default=404, **SCHOOL_ONLY),
]
