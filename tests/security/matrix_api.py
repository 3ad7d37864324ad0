"""Matrix rows for the API and the servicedesk's API-client pages.

The API answers bearer tokens of API clients only: a signed-in user's session opens none of it
(401), whatever the role. What a client of each organisation kind may reach is tested in
tests/api. The schema and the docs page are public."""

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
    row("servicedesk:apiclients", **DESK_ONLY),
    row("servicedesk:apiclient_create", **DESK_ONLY),
    row("servicedesk:apiclient", _client, **DESK_ONLY),
    row("servicedesk:apiclient_rotate", _client, method="post", default=403, servicedesk=200),
    row("servicedesk:apiclient_revoke", _client, method="post", default=403, servicedesk=302),
]
