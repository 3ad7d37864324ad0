"""The school's endpoints: classes and mentors, diploma results (through the pupils' services,
all or nothing) and the reads of its own pupils' applications and timeline (the visibility
table's fields, the read log, a fixed number of queries)."""

import pytest

from aanmelding.services import plaatsingsbesluit_record
from aanmelding.services_mbo import aanmelding_ontvangen
from leerlingen.models import Leerling, Raadpleging
from terugkoppeling.models import Terugkoppeling
from tests import factories as f

from .conftest import SCHOOL, bearer

KLASSEN = "/api/v1/leerlingen/klassen/"
DIPLOMA = "/api/v1/leerlingen/diploma/"


def _post(client, url, token, data):
    return client.post(url, data, content_type="application/json", **bearer(token))


@pytest.fixture
def school(world, maak_client):
    return maak_client(world["school_a"], SCHOOL)


def test_classes_and_mentors_by_leerlingnummer(world, client, school):
    api_client, token = school
    leerling = world["leerling_a"]
    tweede = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], mentor=None)
    rijen = [
        {"leerlingnummer": leerling.leerlingnummer, "klas": "4B"},
        {"leerlingnummer": tweede.leerlingnummer, "mentor": world["mentor"].email.upper()},
    ]
    response = _post(client, KLASSEN, token, {"leerlingen": rijen})
    assert response.status_code == 200, response.content
    assert response.json() == {"klas_gewijzigd": 1, "mentor_gewijzigd": 1}
    leerling.refresh_from_db()
    tweede.refresh_from_db()
    assert leerling.klas == "4B" and leerling.mentor == world["mentor"]
    assert tweede.mentor == world["mentor"] and tweede.klas == "4A"
    assert Terugkoppeling.objects.filter(leerling=leerling, bericht="Klas: 4B (was 4A).").exists()
    # Sending the same again changes nothing.
    assert _post(client, KLASSEN, token, {"leerlingen": rijen}).json() == {"klas_gewijzigd": 0, "mentor_gewijzigd": 0}
    assert Terugkoppeling.objects.filter(auteur=api_client.gebruiker).count() == 2


def test_a_mentor_must_be_a_mentor_of_that_school_and_one_bad_row_writes_nothing(world, client, school):
    _, token = school
    leerling = world["leerling_a"]
    rijen = [
        {"leerlingnummer": leerling.leerlingnummer, "klas": "4C"},
        {"leerlingnummer": leerling.leerlingnummer + "9", "klas": "4C"},
        {"leerlingnummer": leerling.leerlingnummer, "mentor": world["decaan"].email},
    ]
    response = _post(client, KLASSEN, token, {"leerlingen": rijen})
    assert response.status_code == 400
    fouten = response.json()["fouten"]
    assert [(fout["rij"], fout["kolom"]) for fout in fouten] == [(2, "leerlingnummer"), (3, "leerlingnummer")]
    assert "onbekend bij deze school" in fouten[0]["melding"]
    response = _post(
        client,
        KLASSEN,
        token,
        {"leerlingen": [{"leerlingnummer": leerling.leerlingnummer, "klas": "4C", "mentor": world["decaan"].email}]},
    )
    assert response.status_code == 400
    assert (
        response.json()["fouten"][0]["melding"]
        == f"{world['decaan'].email} is geen mentor bij {world['school_a'].naam}."
    )
    # Another school's mentor is no mentor here either.
    anderen = f.user_with_role("mentor", world["school_b"])
    rij = {"leerlingnummer": leerling.leerlingnummer, "mentor": anderen.email}
    assert _post(client, KLASSEN, token, {"leerlingen": [rij]}).status_code == 400
    leerling.refresh_from_db()
    assert leerling.klas == "4A"


def test_a_class_too_long_is_the_import_rule(world, client, school):
    _, token = school
    rij = {"leerlingnummer": world["leerling_a"].leerlingnummer, "klas": "x" * 21}
    response = _post(client, KLASSEN, token, {"leerlingen": [rij]})
    assert response.status_code == 400
    assert response.json()["detail"] == "Klas is te lang (maximaal 20 tekens)."


def test_another_schools_pupil_is_unknown(world, client, school):
    _, token = school
    rij = {"leerlingnummer": world["leerling_b"].leerlingnummer, "klas": "1Z"}
    response = _post(client, KLASSEN, token, {"leerlingen": [rij]})
    assert response.status_code == 400
    assert Leerling.objects.get(pk=world["leerling_b"].pk).klas == "4A"


def test_diploma_results_with_the_rules_of_the_results_file(world, client, school):
    _, token = school
    leerling = world["leerling_a"]
    response = _post(
        client, DIPLOMA, token, {"resultaten": [{"leerlingnummer": leerling.leerlingnummer, "resultaat": "G"}]}
    )
    assert response.status_code == 200 and response.json() == {"gewijzigd": 1}
    leerling.refresh_from_db()
    assert leerling.diploma_resultaat == "geslaagd"
    response = _post(
        client,
        DIPLOMA,
        token,
        {
            "resultaten": [
                {"leerlingnummer": leerling.leerlingnummer, "resultaat": "gezakt"},
                {"leerlingnummer": leerling.leerlingnummer, "resultaat": "gezakt"},
                {"leerlingnummer": "000", "resultaat": "misschien"},
            ]
        },
    )
    assert response.status_code == 400
    meldingen = [(fout["rij"], fout["melding"]) for fout in response.json()["fouten"]]
    assert meldingen == [
        (2, f"Leerlingnummer {leerling.leerlingnummer} staat ook al in rij 1."),
        (3, "Leerlingnummer 000 is onbekend bij deze school in dit schooljaar."),
    ]
    leerling.refresh_from_db()
    assert leerling.diploma_resultaat == "geslaagd"


def test_a_client_without_the_edit_permission_gets_403(world, client, maak_client):
    _, token = maak_client(world["school_a"], ["leerlingen_alle_inzien"])
    rij = {"leerlingnummer": world["leerling_a"].leerlingnummer, "resultaat": "geslaagd"}
    assert _post(client, DIPLOMA, token, {"resultaten": [rij]}).status_code == 403


# --- reads --------------------------------------------------------------------------------------


def _decide(world):
    aanmelding_ontvangen(aanmelding=world["aanmelding_a"], user=world["intaker"])
    plaatsingsbesluit_record(
        aanmelding=world["aanmelding_a"],
        uitkomst="voorwaardelijk_geplaatst",
        voorwaarde="Diploma",
        user=world["intaker"],
    )


def test_school_reads_its_pupils_applications_with_decision_and_code(world, client, school):
    api_client, token = school
    _decide(world)
    rows = client.get("/api/v1/school/aanmeldingen/", **bearer(token)).json()["results"]
    assert [row["id"] for row in rows] == [world["aanmelding_a"].pk]
    row = rows[0]
    assert row["status"] == "voorwaardelijk_geplaatst" and row["landelijke_status"] == 2
    assert row["plaatsingsbesluit"]["voorwaarde"] == "Diploma"
    assert row["opleiding"]["instelling"] == world["mbo_a"].pk
    assert "bsn" not in row["leerling"]
    assert Raadpleging.objects.filter(user=api_client.gebruiker, leerling=world["leerling_a"]).exists()
    url = f"/api/v1/school/aanmeldingen/{world['aanmelding_a'].pk}/"
    assert client.get(url, **bearer(token)).json()["id"] == world["aanmelding_a"].pk
    assert client.get(f"/api/v1/school/aanmeldingen/{world['aanmelding_b'].pk}/", **bearer(token)).status_code == 404


def test_school_reads_the_timeline_of_its_pupils_only(world, client, school):
    _, token = school
    _decide(world)
    aanmelding_ontvangen(aanmelding=world["aanmelding_b"], user=world["intaker_b"])
    rows = client.get("/api/v1/school/terugkoppelingen/", **bearer(token)).json()["results"]
    assert {row["leerling"] for row in rows} == {world["leerling_a"].pk}
    besluit = [row for row in rows if row.get("status") == "voorwaardelijk_geplaatst"]
    assert besluit and besluit[0]["landelijke_status"] == 2 and "Voorwaarde: Diploma" in besluit[0]["bericht"]
    laatste = max(Terugkoppeling.objects.filter(leerling=world["leerling_a"]).values_list("tijdstip", flat=True))
    rows = client.get(
        "/api/v1/school/terugkoppelingen/", {"updated_since": laatste.isoformat()}, **bearer(token)
    ).json()["results"]
    assert [row["status"] for row in rows] == ["voorwaardelijk_geplaatst"]


def test_the_mbo_and_the_municipality_have_no_use_for_the_school_reads(world, client, maak_client):
    _, mbo = maak_client(world["mbo_a"], ["aanmeldingen_behandelen"])
    _, gemeente = maak_client(world["gem_a"], ["woongemeente_inzien"])
    for token in (mbo, gemeente):
        assert client.get("/api/v1/school/aanmeldingen/", **bearer(token)).status_code == 403
        assert client.get("/api/v1/school/terugkoppelingen/", **bearer(token)).status_code == 403


@pytest.mark.parametrize("n", [3, 30])
def test_school_reads_cost_a_fixed_number_of_queries(world, client, school, django_assert_max_num_queries, n):
    _, token = school
    for _ in range(n):
        leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
        aanmelding = f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"])
        aanmelding_ontvangen(aanmelding=aanmelding, user=world["intaker"])
    # The client and its first use, the page, the read log.
    for url in ("/api/v1/school/aanmeldingen/", "/api/v1/school/terugkoppelingen/"):
        with django_assert_max_num_queries(4):
            response = client.get(url, **bearer(token))
        assert response.status_code == 200 and len(response.json()["results"]) >= n
