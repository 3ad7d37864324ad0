"""A new school year never hides open work: an earlier year's pupils stay on the working lists of
the active year until they have started, have an Elders destination or (for the school) have been
handed to the municipality; the municipality follows them until started or Elders."""

import datetime

import pytest
from django.urls import reverse

from leerlingen.models import Elders, Leerling
from leerlingen.selectors import leerling_scope
from rmc.models import Traject
from tests import factories as f


@pytest.fixture
def vorig_jaar(world):
    """Four pupils of school A, living in municipality A, from last (inactive) year."""
    w = world
    vorig = f.SchooljaarFactory(startjaar=w["schooljaar"].startjaar - 1, actief=False)

    def leerling(naam):
        return f.LeerlingFactory(school=w["school_a"], woongemeente=w["gem_a"], schooljaar=vorig, achternaam=naam)

    open_ = leerling("Openstaand")
    gestart = leerling("Gestart")
    f.AanmeldingFactory(leerling=gestart, opleiding=w["opleiding_a"], status="gestart")
    elders = leerling("Elderswaarts")
    Elders.objects.create(leerling=elders, soort="werk")
    traject = leerling("Trajectvolger")
    Traject.objects.create(leerling=traject, gemeente=w["gem_a"], gestart_op=datetime.date(2026, 9, 20))
    return {"jaar": vorig, "open": open_, "gestart": gestart, "elders": elders, "traject": traject}


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_school_keeps_open_pupils_of_last_year(world, vorig_jaar):
    scope = leerling_scope(user=world["decaan"], schooljaar=world["schooljaar"])
    assert vorig_jaar["open"].pk in _ids(scope)
    for klaar in ("gestart", "elders", "traject"):
        assert vorig_jaar[klaar].pk not in _ids(scope), klaar
    assert world["leerling_a"].pk in _ids(scope)  # this year's pupils, of course


def test_municipality_follows_them_whatever_the_year(world, client, vorig_jaar):
    from rmc.selectors import gemeente_leerlingen

    ids = _ids(gemeente_leerlingen(user=world["consulent"], schooljaar=world["schooljaar"]))
    assert {vorig_jaar["open"].pk, vorig_jaar["traject"].pk} <= ids
    assert not {vorig_jaar["gestart"].pk, vorig_jaar["elders"].pk} & ids
    client.force_login(world["consulent"])
    body = client.get(reverse("rmc:overzicht")).content.decode()
    assert "Openstaand" in body and "Trajectvolger" in body and "Gestart" not in body


def test_pages_show_them(world, client, vorig_jaar):
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:list")).content.decode()
    assert "Openstaand" in body and "Trajectvolger" not in body and "Elderswaarts" not in body
    home = client.get(reverse("home")).context
    expected = Leerling.objects.filter(school=world["school_a"], schooljaar=world["schooljaar"]).count() + 1
    assert home["school"]["totaal"] == expected


def test_an_inactive_year_chosen_on_purpose_shows_just_that_year(world, vorig_jaar):
    scope = leerling_scope(user=world["decaan"], schooljaar=vorig_jaar["jaar"])
    assert _ids(scope) == {vorig_jaar[k].pk for k in ("open", "gestart", "elders", "traject")}


def test_no_query_per_pupil(world, client, vorig_jaar, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:list")
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for i in range(15):
        f.LeerlingFactory(school=world["school_a"], schooljaar=vorig_jaar["jaar"], achternaam=f"Oud{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_servicedesk_sees_what_carries_over_before_activating(world, client, vorig_jaar, django_assert_max_num_queries):
    """Activating a new year: the preview counts per school what stays on the lists, names no pupil."""
    from leerlingen.models import Schooljaar

    # Last year is the active one now; the world's year is the new one to activate.
    nieuw = world["schooljaar"]
    Schooljaar.objects.filter(pk=nieuw.pk).update(actief=False)
    Schooljaar.objects.filter(pk=vorig_jaar["jaar"].pk).update(actief=True)
    client.force_login(world["servicedesk"])
    url = reverse("servicedesk:schooljaar_activate", kwargs={"pk": nieuw.pk})
    with django_assert_max_num_queries(20):
        response = client.get(url)
    overgang = response.context["overgang"]
    assert (overgang["totaal"], overgang["school"], overgang["gemeente"]) == (4, 1, 2)
    body = response.content.decode()
    assert world["school_a"].naam in body and "Openstaand" not in body and "Trajectvolger" not in body
    assert client.post(url).status_code == 302
    nieuw.refresh_from_db()
    assert nieuw.actief
    # and the open pupil is on the school's list of the new year
    scope = leerling_scope(user=world["decaan"], schooljaar=nieuw)
    assert vorig_jaar["open"].pk in _ids(scope) and vorig_jaar["traject"].pk not in _ids(scope)


def test_lists_offer_the_year_choice(world, client, vorig_jaar, django_assert_max_num_queries):
    """Default: the active year (with last year's open transfers); `?schooljaar=` shows just that
    year; an unknown year falls back to the active one."""
    client.force_login(world["decaan"])
    url = reverse("leerlingen:list")
    body = client.get(url).content.decode()
    assert 'name="schooljaar"' in body and "Openstaand" in body and "Gestart" not in body
    vorig = client.get(url, {"schooljaar": vorig_jaar["jaar"].startjaar})
    names = {leerling.achternaam for leerling in vorig.context["page"]}
    assert names == {"Openstaand", "Gestart", "Elderswaarts", "Trajectvolger"}
    assert client.get(url, {"schooljaar": "1999"}).context["schooljaar"] == world["schooljaar"]
    assert client.get(url, {"schooljaar": "<script>"}).status_code == 200
    export = client.get(reverse("leerlingen:export"), {"schooljaar": vorig_jaar["jaar"].startjaar})
    assert b"Gestart" in export.getvalue()

    client.force_login(world["consulent"])
    rmc = client.get(reverse("rmc:overzicht"), {"schooljaar": vorig_jaar["jaar"].startjaar})
    assert {leerling.achternaam for leerling in rmc.context["page"]} == names
    with django_assert_max_num_queries(40):
        client.get(reverse("rmc:overzicht"), {"schooljaar": vorig_jaar["jaar"].startjaar})


# --- the school's other working lists: June check (and its bulk Elders), mentors, diploma ------


def _namen(response) -> set[str]:
    return {leerling.achternaam for leerling in response.context["page"]}


VORIG = {"Openstaand", "Gestart", "Elderswaarts", "Trajectvolger"}


def test_june_check_has_the_year_choice(world, client, vorig_jaar):
    """Default: this year's and last year's open pupils; last year chosen: only last year's pupils
    without a placement or Elders (the one handed to the municipality comes back)."""
    client.force_login(world["decaan"])
    url = reverse("leerlingen:juni_controle")
    standaard = client.get(url)
    assert 'name="schooljaar"' in standaard.content.decode()
    assert _namen(standaard) & VORIG == {"Openstaand"}
    assert world["leerling_a"].achternaam in _namen(standaard)
    vorig = client.get(url, {"schooljaar": vorig_jaar["jaar"].startjaar})
    assert _namen(vorig) == {"Openstaand", "Trajectvolger"}
    assert f"?schooljaar={vorig_jaar['jaar'].startjaar}" in vorig.content.decode()  # the bulk form keeps it


def test_june_check_bulk_elders_works_on_the_year_shown(world, client, vorig_jaar):
    """The bulk Elders offers the pupils of the year the page shows: last year's pupil handed to
    the municipality is no choice on the default list, and is one on last year's."""
    client.force_login(world["decaan"])
    data = {"leerlingen": [vorig_jaar["traject"].pk], "soort": "werk"}
    url = reverse("leerlingen:juni_controle_elders")
    refused = client.post(url, data)
    assert refused.status_code == 400 and "Kies leerlingen uit de lijst." in refused.content.decode()
    assert not Elders.objects.filter(leerling=vorig_jaar["traject"]).exists()
    jaar = vorig_jaar["jaar"].startjaar
    done = client.post(f"{url}?schooljaar={jaar}", data)
    assert done.status_code == 302 and done["Location"].endswith(f"?schooljaar={jaar}")
    assert Elders.objects.get(leerling=vorig_jaar["traject"]).soort == "werk"


def test_mentor_assignment_has_the_year_choice_and_the_lists_kit(world, client, vorig_jaar):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:mentor_toewijzen")
    standaard = client.get(url)
    body = standaard.content.decode()
    assert 'name="schooljaar"' in body and "aria-sort" in body and 'name="q"' in body
    assert _namen(standaard) & VORIG == {"Openstaand"}
    vorig = client.get(url, {"schooljaar": vorig_jaar["jaar"].startjaar})
    assert _namen(vorig) == VORIG
    # filters of the lists kit: without a mentor, search, sort
    assert _namen(client.get(url, {"mentor": "met"})) == {world["leerling_a"].achternaam}
    assert _namen(client.get(url, {"q": "Openstaand"})) == {"Openstaand"}
    assert client.get(url, {"sort": "-mentor"}).status_code == 200
    # the POST keeps the list's query string and assigns pupils of the year shown
    jaar = vorig_jaar["jaar"].startjaar
    response = client.post(
        f"{url}?schooljaar={jaar}&q=Trajectvolger",
        {"leerlingen": [vorig_jaar["traject"].pk], "mentor": world["mentor"].pk},
    )
    assert response.status_code == 302 and response["Location"] == f"{url}?schooljaar={jaar}&q=Trajectvolger"
    vorig_jaar["traject"].refresh_from_db()
    assert vorig_jaar["traject"].mentor == world["mentor"]


def test_mentor_assignment_refuses_a_pupil_of_another_year_than_shown(world, client, vorig_jaar):
    client.force_login(world["decaan"])
    response = client.post(
        reverse("leerlingen:mentor_toewijzen"), {"leerlingen": [vorig_jaar["traject"].pk], "mentor": world["mentor"].pk}
    )
    assert response.status_code == 400 and "data-error-summary" in response.content.decode()
    vorig_jaar["traject"].refresh_from_db()
    assert vorig_jaar["traject"].mentor is None


def test_diploma_results_have_the_year_choice(world, client, vorig_jaar):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:diploma")
    klas = {"school": world["school_a"].pk, "klas": "4A"}

    def namen(response):
        return {leerling.achternaam for leerling, _field in response.context["form"].rijen()}

    standaard = client.get(url, klas)
    assert 'name="schooljaar"' in standaard.content.decode()
    assert namen(standaard) & VORIG == {"Openstaand"} and world["leerling_a"].achternaam in namen(standaard)
    jaar = vorig_jaar["jaar"].startjaar
    vorig = client.get(url, {**klas, "schooljaar": jaar})
    assert namen(vorig) == VORIG
    assert f"schooljaar={jaar}" in vorig.content.decode()  # the class links and the forms keep the year
    gestart = vorig_jaar["gestart"]
    data = {f"r{leerling.pk}": "onbekend" for leerling, _f in vorig.context["form"].rijen()}
    data[f"r{gestart.pk}"] = "geslaagd"
    response = client.post(f"{url}?school={world['school_a'].pk}&klas=4A&schooljaar={jaar}", data)
    assert response.status_code == 302 and response["Location"].endswith(f"&schooljaar={jaar}")
    gestart.refresh_from_db()
    assert gestart.diploma_resultaat == "geslaagd"


def _oud_en_nieuw(world, jaar, n):
    """n pupils of this year and n open ones of last year at school A, class 4A."""
    for i in range(n):
        f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], achternaam=f"Nu{i}")
        f.LeerlingFactory(school=world["school_a"], schooljaar=jaar, achternaam=f"Toen{i}")


@pytest.mark.parametrize(
    "name, params",
    [
        ("leerlingen:juni_controle", {}),
        ("leerlingen:mentor_toewijzen", {"sort": "mentor"}),
        ("leerlingen:diploma", {"klas": "4A"}),
    ],
)
def test_school_lists_cost_the_same_for_ten_times_the_rows(
    world, client, vorig_jaar, django_assert_max_num_queries, name, params
):
    client.force_login(world["decaan"])
    url = reverse(name)
    if "klas" in params:
        params = {**params, "school": world["school_a"].pk}
    for jaar in ({}, {"schooljaar": vorig_jaar["jaar"].startjaar}):
        _oud_en_nieuw(world, vorig_jaar["jaar"], 3)
        with django_assert_max_num_queries(40) as few:
            assert client.get(url, {**params, **jaar}).status_code == 200
        _oud_en_nieuw(world, vorig_jaar["jaar"], 30)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(url, {**params, **jaar}).status_code == 200
