"""Access rules of part A, the programme wishes, the parents and their view: the portal pages
under /mijn/<pk>/ (the pupil's account `leerling` and a parent's `ouder` of pupil A; pupil B is
404 for both; every staff role 403), "Code invoeren", the old URLs without the pupil (one pupil:
on to its page), and the school's portal page of a pupil (/leerlingen/<pk>/portaal/).

The world's pupil A is 16, so its own account manages the parents; a parent manages nothing.
"""

from tests import factories as f
from tests.security.matrix import row

STAFF_403 = {role: 403 for role in ("decaan", "mentor", "zorg", "intaker", "consulent", "servicedesk", "monitor")}
# The school's page: who sees the pupil through the school (the whole school or the mentor group).
SCHOOL_ONLY = {"intaker": 403, "consulent": 403, "servicedesk": 403, "monitor": 403, "leerling": 403, "ouder": 403}


def _ouder_toegang(key):
    """The old URL's kwargs: the access of a parent of pupil `key`."""

    def build(w):
        from portaal.models import Toegang

        if key == "leerling_a":
            return {"toegang": Toegang.objects.get(user=w["ouder"]).pk}
        ander = f.portaal_account(w["leerling_b"], relatie="ouder")
        return {"toegang": Toegang.objects.get(user=ander).pk}

    return build


def _eigen_toegang(leerling, ouder_van):
    """The page of pupil `leerling`, the access of a parent of pupil `ouder_van`."""

    def build(w):
        from portaal.models import Toegang

        if ouder_van == "leerling_a":
            toegang = Toegang.objects.get(user=w["ouder"])
        else:
            toegang = Toegang.objects.get(user=f.portaal_account(w["leerling_b"], relatie="ouder"))
        return {"pk": w[leerling].pk, "toegang": toegang.pk}

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
    # Part A: the pupil edits, a parent reads; every page carries the pupil (another one: 404).
    row("portaal:deel_a", _leerling("leerling_a"), leerling=200, ouder=200, **STAFF_403),
    row("portaal:deel_a", _leerling("leerling_b"), leerling=404, ouder=404, **STAFF_403),
    row(
        "portaal:deel_a",
        _leerling("leerling_a"),
        method="post",
        data=lambda w: {"versie": 1},
        leerling=302,
        ouder=403,
        **STAFF_403,
    ),
    # Programme wishes: the pupil chooses, a parent reads.
    row("portaal:wensen", _leerling("leerling_a"), leerling=200, ouder=200, **STAFF_403),
    row("portaal:wensen", _leerling("leerling_b"), leerling=404, ouder=404, **STAFF_403),
    row(
        "portaal:wensen",
        _leerling("leerling_a"),
        method="post",
        data=lambda w: {},
        leerling=302,
        ouder=403,
        **STAFF_403,
    ),
    # Parents: only the pupil's own account (16 or older manages them).
    row("portaal:ouders", _leerling("leerling_a"), leerling=200, ouder=403, **STAFF_403),
    row("portaal:ouders", _leerling("leerling_b"), leerling=404, ouder=404, **STAFF_403),
    row(
        "portaal:ouder_uitnodigen",
        _leerling("leerling_a"),
        method="post",
        data=EMAIL,
        leerling=302,
        ouder=403,
        **STAFF_403,
    ),
    row(
        "portaal:ouder_uitnodigen",
        _leerling("leerling_b"),
        method="post",
        data=EMAIL,
        leerling=404,
        ouder=404,
        **STAFF_403,
    ),
    row(
        "portaal:ouder_verwijderen",
        _eigen_toegang("leerling_a", "leerling_a"),
        method="post",
        leerling=302,
        ouder=403,
        **STAFF_403,
    ),
    row(
        "portaal:ouder_verwijderen",
        _eigen_toegang("leerling_a", "leerling_b"),
        method="post",
        leerling=404,
        ouder=403,
        **STAFF_403,
    ),
    row(
        "portaal:ouder_verwijderen",
        _eigen_toegang("leerling_b", "leerling_b"),
        method="post",
        leerling=404,
        ouder=404,
        **STAFF_403,
    ),
    # The parents' view: a parent writes, the pupil reads.
    row("portaal:zienswijze", _leerling("leerling_a"), leerling=200, ouder=200, **STAFF_403),
    row("portaal:zienswijze", _leerling("leerling_b"), leerling=404, ouder=404, **STAFF_403),
    row(
        "portaal:zienswijze",
        _leerling("leerling_a"),
        method="post",
        data=lambda w: {"tekst": "Matrix"},
        leerling=403,
        ouder=302,
        **STAFF_403,
    ),
    # A parent's choice of messages, per child.
    row("portaal:ouder_berichten", _leerling("leerling_a"), leerling=403, ouder=200, **STAFF_403),
    row("portaal:ouder_berichten", _leerling("leerling_b"), leerling=404, ouder=404, **STAFF_403),
    row(
        "portaal:ouder_berichten",
        _leerling("leerling_a"),
        method="post",
        data=lambda w: {},
        leerling=403,
        ouder=302,
        **STAFF_403,
    ),
    # "Code invoeren": any portal account (the service refuses a pupil's own account); an empty
    # form is a 400 and counts no failed attempt.
    row("portaal:code_invoeren", leerling=200, ouder=200, **STAFF_403),
    row("portaal:code_invoeren", method="post", data=lambda w: {}, leerling=400, ouder=400, **STAFF_403),
    # The URLs from before the pages carried the pupil: one pupil, on to its page (POST: 307).
    row("portaal:oud_deel_a", leerling=302, ouder=302, **STAFF_403),
    row("portaal:oud_wensen", leerling=302, ouder=302, **STAFF_403),
    row("portaal:oud_ouders", leerling=302, ouder=302, **STAFF_403),
    row("portaal:oud_ouder_uitnodigen", method="post", data=EMAIL, leerling=307, ouder=307, **STAFF_403),
    row(
        "portaal:oud_ouder_verwijderen",
        _ouder_toegang("leerling_a"),
        method="post",
        leerling=307,
        ouder=307,
        **STAFF_403,
    ),
    row("portaal:oud_zienswijze", leerling=302, ouder=302, **STAFF_403),
    row("portaal:oud_ouder_berichten", leerling=302, ouder=302, **STAFF_403),
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
