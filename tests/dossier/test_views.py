"""The start page (fixed query count, the next milestone) and the inzage download (who may export)."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests import factories as f


@pytest.mark.parametrize("role", ["decaan", "intaker", "consulent", "servicedesk", "mentor", "zorg"])
def test_dashboard_query_count_is_fixed(world, client, django_assert_max_num_queries, role):
    client.force_login(world[role])
    # The tiles cost one COUNT each (their lists' FilterSets; at most 7 for a role), whatever the rows.
    with django_assert_max_num_queries(22) as few:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(20):
        f.AanmeldingFactory(leerling=f.LeerlingFactory(school=world["school_a"]), opleiding=world["opleiding_a"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home"))


def test_dashboard_shows_next_milestone(world, client, settings):
    with time_machine.travel(datetime.datetime(2027, 3, 20, 12, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        client.force_login(world["decaan"])
        body = client.get(reverse("home")).content.decode()
    assert "1 april 2027" in body and "nog 12 dagen" in body


def test_only_the_decaan_of_the_school_may_export(world, client):
    url = reverse("inzage", kwargs={"pk": world["leerling_a"].pk})
    client.force_login(world["mentor"])
    assert client.get(url).status_code == 403
    client.force_login(world["decaan_b"])
    assert client.get(url).status_code == 404
    client.force_login(world["decaan"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="inzage-leerling-{world["leerling_a"].pk}.json"'
    assert json.loads(response.content)["leerling_id"] == world["leerling_a"].pk
