"""Matrix rows for the API and the servicedesk's API-client pages.

The API answers bearer tokens of API clients only: a signed-in user's session opens none of it
(401), whatever the role. The schema and the docs page are public.

`CLIENT_ROWS` is the API's own matrix, walked by tests/security/test_permission_matrix_api.py
with a real token of a client of each organisation kind, of the own ("a") and of the foreign
("_b") side: URL name x client -> status. A kind with no use for an endpoint gets 403; a client
of another organisation asking for an object of the own side gets 404. `OK` is a status of an
endpoint the client may use: 200, or 400 for a POST whose (empty) body the service refuses."""

from tests.security.matrix import row

from .matrix_servicedesk import DESK_ONLY

API_ONLY = {"default": 401, "anonymous": 401}


def _client(w):
    import uuid

    from api.services import apiclient_create

    nieuw = apiclient_create(
        organisatie=w["mbo_a"],
        naam=f"Matrix {uuid.uuid4().hex[:8]}",
        scopes=["aanmeldingen_behandelen"],
        user=w["servicedesk"],
    )
    return {"pk": nieuw.client.pk}


ROWS = [
    row("api:schema", anonymous=200),
    row("api:docs", anonymous=200),
    row("api:aanmeldingen", **API_ONLY),
    row("api:aanmelding", lambda w: {"pk": w["aanmelding_a"].pk}, **API_ONLY),
    row("api:leerlingen", **API_ONLY),
    row("api:leerling", lambda w: {"pk": w["leerling_a"].pk}, **API_ONLY),
    row("api:leerlingen_bulk", method="post", **API_ONLY),
    *[
        row(f"api:{naam}", lambda w: {"pk": w["aanmelding_a"].pk}, method="post", **API_ONLY)
        for naam in (
            "aanmelding_ontvangst",
            "aanmelding_intake",
            "aanmelding_intake_gehad",
            "aanmelding_besluit",
            "aanmelding_inschrijving",
            "aanmelding_start",
            "aanmelding_niet_verschenen",
            "aanmelding_status",
        )
    ],
    row("api:leerlingen_klassen", method="post", **API_ONLY),
    row("api:leerlingen_diploma", method="post", **API_ONLY),
    row("api:school_aanmeldingen", **API_ONLY),
    row("api:school_aanmelding", lambda w: {"pk": w["aanmelding_a"].pk}, **API_ONLY),
    row("api:school_terugkoppelingen", **API_ONLY),
    row("servicedesk:apiclients", **DESK_ONLY),
    row("servicedesk:apiclient_create", **DESK_ONLY),
    row("servicedesk:apiclient", _client, **DESK_ONLY),
    row("servicedesk:apiclient_rotate", _client, method="post", default=403, servicedesk=200),
    row("servicedesk:apiclient_revoke", _client, method="post", default=403, servicedesk=302),
]


# --- The API's own matrix: one client per organisation kind, own side and foreign side ------------

OK = "ok"
KINDS = ("school", "mbo", "gemeente", "school_b", "mbo_b", "gemeente_b")
# The kind's organisation in the world, and the scopes its client holds (all it may have for the API).
CLIENT_KINDS = {
    "school": ("school_a", ["leerlingen_alle_inzien", "leerlingen_bewerken"]),
    "mbo": ("mbo_a", ["aanmeldingen_behandelen"]),
    "gemeente": ("gem_a", ["woongemeente_inzien"]),
    "school_b": ("school_b", ["leerlingen_alle_inzien", "leerlingen_bewerken"]),
    "mbo_b": ("mbo_b", ["aanmeldingen_behandelen"]),
    "gemeente_b": ("gem_b", ["woongemeente_inzien"]),
}


def client_row(name, kwargs=None, method="get", **per_kind):
    """Kinds not named get 403 (no use for it); `name` without the `api:` namespace."""
    return {"name": f"api:{name}", "kwargs": kwargs or (lambda w: {}), "method": method, "expect": per_kind}


def _eigen(key):
    return lambda w: {"pk": w[key].pk}


def _lijst(*kinds):
    """A list of the kind's own organisation: the foreign side sees its own (empty) list."""
    return {kind: 200 for kind in kinds} | {f"{kind}_b": 200 for kind in kinds}


def _eigen_object(kind, status=200):
    """An object of the own side: the kind's client reaches it, the foreign one gets 404."""
    return {kind: status, f"{kind}_b": 404}


def _bulk():
    return {"school": OK, "school_b": OK}


CLIENT_ROWS = [
    client_row("aanmeldingen", **_lijst("mbo")),
    client_row("aanmelding", _eigen("aanmelding_a"), **_eigen_object("mbo")),
    *[
        client_row(naam, _eigen("aanmelding_a"), method="post", **_eigen_object("mbo", OK))
        for naam in (
            "aanmelding_ontvangst",
            "aanmelding_intake",
            "aanmelding_intake_gehad",
            "aanmelding_besluit",
            "aanmelding_inschrijving",
            "aanmelding_start",
            "aanmelding_niet_verschenen",
            "aanmelding_status",
        )
    ],
    client_row("leerlingen", **_lijst("gemeente")),
    client_row("leerling", _eigen("leerling_a"), **_eigen_object("gemeente")),
    client_row("leerlingen_bulk", method="post", **_bulk()),
    client_row("leerlingen_klassen", method="post", **_bulk()),
    client_row("leerlingen_diploma", method="post", **_bulk()),
    client_row("school_aanmeldingen", **_lijst("school")),
    client_row("school_aanmelding", _eigen("aanmelding_a"), **_eigen_object("school")),
    client_row("school_terugkoppelingen", **_lijst("school")),
]
