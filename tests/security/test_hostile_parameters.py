"""Hostile query parameters on every page never give a 500 (SECURITY.md R10/R18)."""
import pytest
from django.urls import reverse

from .matrix import MATRIX

GET_ROWS = [r for r in MATRIX if r["method"] == "get"]
HOSTILE = {
    "q": "a\x00b",
    "page": "-1",
    "sort": "'; DROP TABLE leerlingen_leerling; --",
    "status": "<script>alert(1)</script>",
    "x" * 50: "y" * 5000,
}


@pytest.mark.parametrize("role", ["decaan", "intaker", "consulent", "servicedesk"])
def test_hostile_query_parameters_never_give_a_server_error(world, client, role):
    client.force_login(world[role])
    for r in GET_ROWS:
        url = reverse(r["name"], kwargs=r["kwargs"](world))
        response = client.get(url, HOSTILE)
        assert response.status_code < 500, f"{role} GET {url} -> {response.status_code}"
        if response.status_code == 400:
            assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()


def test_nul_byte_in_search_is_refused_with_a_clear_page(world, client):
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:list"), {"q": "a\x00b"})
    assert response.status_code == 400
    assert "Dit verzoek kunnen we niet verwerken" in response.content.decode()
