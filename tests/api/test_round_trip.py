"""The round trip of the three kinds of connected systems, through the API only (but for the
applications themselves, which the API does not create: the school registers those in VOROC).

A school's administration upserts 1,000 pupils; the mbo's student system pages through the
applications to its institution and records decisions on some (by step and by national code); the
municipality's case system reads what changed since it last asked (`updated_since`) and sees
exactly those pupils in their new state. Every page costs the same fixed number of queries.
"""

import pytest
from django.utils import timezone

from aanmelding.models import Aanmelding
from api.throttling import ApiClientThrottle
from leerlingen.models import Leerling

from .conftest import GEMEENTE, MBO, SCHOOL, bearer
from .test_bulk import _rijen

N = 1000
BESLOTEN = 20


def _get_pages(client, url, token, params, django_assert_max_num_queries, max_queries):
    """Every row of a cursor-paged list; each page within `max_queries`."""
    rows, pages = [], 0
    while url:
        with django_assert_max_num_queries(max_queries):
            response = client.get(url, params, **bearer(token))
        assert response.status_code == 200, response.content
        data = response.json()
        rows += data["results"]
        url, params, pages = data["next"], {}, pages + 1
    return rows, pages


@pytest.mark.postgresql
def test_school_mbo_and_municipality_round_trip(world, client, maak_client, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(ApiClientThrottle, "THROTTLE_RATES", {"api_client": "1000000/min"})
    _, school = maak_client(world["school_a"], SCHOOL)
    _, mbo = maak_client(world["mbo_a"], MBO)
    _, gemeente = maak_client(world["gem_a"], GEMEENTE)

    # 1. The school system upserts 1,000 pupils in one call.
    response = client.post(
        "/api/v1/leerlingen/bulk/", {"leerlingen": _rijen(world, N)}, content_type="application/json", **bearer(school)
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"nieuw": N, "bijgewerkt": 0, "ongewijzigd": 0}
    leerlingen = list(Leerling.objects.filter(leerlingnummer__startswith="API").order_by("leerlingnummer"))
    assert len(leerlingen) == N

    # Each applies to the mbo (registered in VOROC by the school; the API has no application create).
    nu = timezone.now()
    Aanmelding.objects.bulk_create(
        Aanmelding(
            leerling=leerling,
            opleiding=world["opleiding_a"],
            keuze=1,
            status="aangemeld",
            aangemeld_op=nu,
            op_tijd=True,
            toelatingsrecht=True,
        )
        for leerling in leerlingen
    )

    # 2. The mbo system reads every application, 250 a page: the client, the page, the read log.
    rows, pages = _get_pages(client, "/api/v1/aanmeldingen/", mbo, {"page_size": 250}, django_assert_max_num_queries, 4)
    assert len(rows) == N + 1 and pages == 5  # with the world's own application
    assert all(row["landelijke_status"] == 0 for row in rows)

    # The municipality's system has read everything up to now.
    sinds = timezone.now().isoformat()

    # ... and the mbo records decisions on some: receipt, then a placement or a rejection by code.
    besloten = [row for row in rows if row["leerling"]["leerlingnummer"].startswith("API")][:BESLOTEN]
    for i, row in enumerate(besloten):
        base = f"/api/v1/aanmeldingen/{row['id']}"
        assert client.post(f"{base}/ontvangst/", {}, content_type="application/json", **bearer(mbo)).status_code == 200
        if i % 2:
            body, url = {"status": 3, "reden": "vooropleiding"}, f"{base}/status/"
        else:
            body, url = {"uitkomst": "geplaatst"}, f"{base}/besluit/"
        response = client.post(url, body, content_type="application/json", **bearer(mbo))
        assert response.status_code == 200, response.content
        assert response.json()["landelijke_status"] == (3 if i % 2 else 2)

    # 3. The municipality reads what changed since: exactly the decided pupils, in their new state.
    rows, _ = _get_pages(
        client,
        "/api/v1/leerlingen/",
        gemeente,
        {"updated_since": sinds, "page_size": 5},
        django_assert_max_num_queries,
        5,
    )
    verwacht = {row["leerling"]["id"]: "afgewezen" if i % 2 else "geplaatst" for i, row in enumerate(besloten)}
    assert {row["id"]: row["toestand"] for row in rows} == verwacht
    assert all(row["laatst_gewijzigd"] >= sinds.replace("+00:00", "Z")[:19] for row in rows)

    # ... and everything, 250 a page, in the same fixed number of queries per page.
    rows, pages = _get_pages(
        client, "/api/v1/leerlingen/", gemeente, {"page_size": 250}, django_assert_max_num_queries, 5
    )
    assert len(rows) == N + 1 and pages == 5
    assert sum(row["toestand"] == "aangemeld" for row in rows) == N + 1 - BESLOTEN
