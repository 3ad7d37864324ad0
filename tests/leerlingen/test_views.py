import pytest
from django.urls import reverse

from aanmelding.services import aanmelding_status_update
from tests import factories as f


def test_list_shows_own_pupils_and_not_others(world, client):
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:list"))
    assert world["leerling_a"].achternaam in response.content.decode()
    assert world["leerling_b"].achternaam not in response.content.decode()


def test_search_filters_the_list(world, client):
    other = f.LeerlingFactory(school=world["school_a"], achternaam="Zwanenburg")
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:list"), {"q": "zwanen"}).content.decode()
    assert other.achternaam in body and world["leerling_a"].achternaam not in body


def test_htmx_search_returns_only_the_rows(world, client):
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:list"), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in body and world["leerling_a"].achternaam in body


def test_detail_shows_masked_bsn_and_timeline(world, client):
    aanmelding_status_update(
        aanmelding=world["aanmelding_a"],
        naar="in_behandeling",
        user=world["intaker"],
        bericht="Aanmelding ontvangen, we nemen contact op.",
    )
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}))
    body = response.content.decode()
    assert world["leerling_a"].bsn not in body
    assert world["leerling_a"].bsn[-3:] in body
    assert "Aanmelding ontvangen, we nemen contact op." in body
    assert response["Cache-Control"].startswith("no-store")


def test_mbo_sees_only_the_timeline_of_its_own_applications(world, client):
    from terugkoppeling.services import terugkoppeling_record

    terugkoppeling_record(
        leerling=world["leerling_a"], soort="melding", bericht="Risicomelding: vertrouwelijk", user=world["decaan"]
    )
    client.force_login(world["intaker"])
    body = client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    assert "Risicomelding: vertrouwelijk" not in body


@pytest.mark.parametrize("role", ["decaan", "mentor", "intaker", "consulent"])
def test_list_query_count_is_fixed(world, client, django_assert_max_num_queries, role):
    client.force_login(world[role])
    url = reverse("leerlingen:list")
    # The list has a grouped count query per filter (leerlingen/filters.py): fixed, not per row.
    with django_assert_max_num_queries(25) as few:
        client.get(url)
    for _ in range(30):
        leerling = f.LeerlingFactory(school=world["school_a"], mentor=world["mentor"])
        f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 31


def test_mentor_assignment_costs_the_same_queries_with_tenfold_rows(world, client, django_assert_max_num_queries):
    from tests.lists import check_tenfold

    def add(k):
        for _ in range(k):
            f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], klas="4Z")

    client.force_login(world["decaan"])
    url = reverse("leerlingen:mentor_toewijzen")
    check_tenfold(client, url, add, django_assert_max_num_queries, params={"klas": "4Z"})


def test_the_applications_table_follows_the_visibility_table(world, client, monkeypatch):
    from voroc import policy

    client.force_login(world["decaan"])
    url = reverse("leerlingen:detail", args=[world["leerling_a"].pk])
    naam = world["opleiding_a"].naam
    body = client.get(url).content.decode()
    assert 'data-deel="aanmeldingen"' in body and naam in body
    cellen = {**policy.ZICHTBAARHEID[policy.Deel.AANMELDINGEN], policy.Relatie.SCHOOL: policy.NEE}
    monkeypatch.setitem(policy.ZICHTBAARHEID, policy.Deel.AANMELDINGEN, cellen)
    body = client.get(url).content.decode()
    assert 'data-deel="aanmeldingen"' not in body and naam not in body
