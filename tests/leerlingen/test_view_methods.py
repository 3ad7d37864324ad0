"""HTTP method rules of the pupil views: writes are POST only, reads refuse POST, extra fields change nothing."""

import pytest
from django.urls import reverse

from tests import factories as f


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("leerlingen:diploma_import", {}),
        ("leerlingen:import_bevestigen", {"pk": 1}),
        ("leerlingen:vertrek_ongedaan", {"pk": 1}),
    ],
)
def test_get_on_a_mutating_view_is_405(world, client, name, kwargs):
    client.force_login(world["decaan"])
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 405


@pytest.mark.parametrize("name", ["leerlingen:list", "leerlingen:juni_controle", "leerlingen:export"])
def test_post_on_a_read_view_is_405(world, client, name):
    client.force_login(world["decaan"])
    assert client.post(reverse(name)).status_code == 405


def test_elders_post_with_extra_fields_changes_nothing_else(world, client):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:elders", kwargs={"pk": world["leerling_a"].pk})
    f.aanmeldingen_afgewezen(world["leerling_a"])
    client.post(
        url,
        {
            "soort": "werk",
            "leerling": world["leerling_b"].pk,
            "vastgelegd_door": world["decaan_b"].pk,
            "school": world["school_b"].pk,
        },
    )
    world["leerling_a"].refresh_from_db()
    assert world["leerling_a"].elders.vastgelegd_door == world["decaan"]
    assert world["leerling_a"].school == world["school_a"]
    assert (
        not hasattr(world["leerling_b"], "elders")
        or not world["leerling_b"].__class__.objects.filter(pk=world["leerling_b"].pk, elders__isnull=False).exists()
    )


def test_vertrek_post_with_extra_fields_changes_nothing_else(world, client):
    client.force_login(world["decaan"])
    leerling = world["leerling_a"]
    url = reverse("leerlingen:vertrek", kwargs={"pk": leerling.pk})
    data = {"datum": "2026-11-02", "reden": "verhuisd", "klas": "9Z", "risico": "on", "school": world["school_b"].pk}
    assert client.post(url, data).status_code == 302
    leerling.refresh_from_db()
    assert leerling.vertrek_reden == "verhuisd"
    assert leerling.school_id == world["school_a"].pk and leerling.klas != "9Z" and not leerling.risico
