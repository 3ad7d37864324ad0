"""The school's bulk upsert: the import's checks, all or nothing, idempotent."""

import datetime

from django.utils import timezone

from leerlingen.models import Leerling, Leerlingimport
from terugkoppeling.models import Terugkoppeling
from tests import factories as f

from .conftest import SCHOOL, bearer

URL = "/api/v1/leerlingen/bulk/"


def _rijen(world, n, start=0):
    bsns = [f.next_bsn() for _ in range(n)]
    return [
        {
            "leerlingnummer": f"API{start + i:05d}",
            "voornaam": f"Voornaam{i}",
            "achternaam": f"Achternaam{i}",
            "geboortedatum": "17-05-2010",
            "bsn": bsns[i],
            "klas": "4B",
            "leerweg": "KB",
            "gemeente": world["gem_a"].cbs_code,
        }
        for i in range(n)
    ]


def _post(client, token, rijen):
    return client.post(URL, {"leerlingen": rijen}, content_type="application/json", **bearer(token))


def test_bulk_upsert_of_200_pupils_twice_is_idempotent(world, client, maak_client):
    _, token = maak_client(world["school_a"], SCHOOL)
    rijen = _rijen(world, 200)
    before = Leerling.objects.count()
    first = _post(client, token, rijen)
    assert first.status_code == 200, first.content
    assert first.json() == {"nieuw": 200, "bijgewerkt": 0, "ongewijzigd": 0}
    assert Leerling.objects.count() == before + 200
    events = Terugkoppeling.objects.count()
    second = _post(client, token, rijen)
    assert second.json() == {"nieuw": 0, "bijgewerkt": 0, "ongewijzigd": 200}
    assert Leerling.objects.count() == before + 200
    assert Terugkoppeling.objects.count() == events  # nothing changed, nothing recorded
    assert set(Leerling.objects.filter(leerlingnummer__startswith="API").values_list("school_id", flat=True)) == {
        world["school_a"].pk
    }


def test_bulk_updates_by_leerlingnummer(world, client, maak_client):
    _, token = maak_client(world["school_a"], SCHOOL)
    rijen = _rijen(world, 3)
    _post(client, token, rijen)
    rijen[1]["klas"] = "4C"
    response = _post(client, token, rijen)
    assert response.json() == {"nieuw": 0, "bijgewerkt": 1, "ongewijzigd": 2}
    assert Leerling.objects.get(school=world["school_a"], leerlingnummer=rijen[1]["leerlingnummer"]).klas == "4C"


def test_a_bad_row_gives_400_and_writes_nothing(world, client, maak_client):
    _, token = maak_client(world["school_a"], SCHOOL)
    rijen = _rijen(world, 5)
    rijen[3]["geboortedatum"] = "31-02-2010"
    rijen[4]["bsn"] = "123456789"
    before = (Leerling.objects.count(), Leerlingimport.objects.count(), Terugkoppeling.objects.count())
    response = _post(client, token, rijen)
    assert response.status_code == 400
    body = response.json()
    assert "niets opgeslagen" in body["detail"]
    assert {(fout["rij"], fout["kolom"]) for fout in body["fouten"]} == {(4, "Geboortedatum"), (5, "BSN")}
    assert all(fout["melding"] for fout in body["fouten"])
    assert (Leerling.objects.count(), Leerlingimport.objects.count(), Terugkoppeling.objects.count()) == before


def test_duplicate_numbers_name_the_row_from_one(world, client, maak_client):
    _, token = maak_client(world["school_a"], SCHOOL)
    rijen = _rijen(world, 2)
    rijen[1]["leerlingnummer"] = rijen[0]["leerlingnummer"]
    fouten = _post(client, token, rijen).json()["fouten"]
    assert fouten == [
        {
            "rij": 2,
            "kolom": "Leerlingnummer",
            "melding": f"Leerlingnummer {rijen[0]['leerlingnummer']} staat ook al in rij 1.",
        }
    ]


def test_malformed_bodies_are_400_in_dutch(world, client, maak_client):
    _, token = maak_client(world["school_a"], SCHOOL)
    for body in ('{"leerlingen": []}', '{"leerlingen": "x"}', "[]", "{niet json"):
        response = client.post(URL, body, content_type="application/json", **bearer(token))
        assert response.status_code == 400, body
    assert Leerling.objects.count() == 2  # the world's own


def test_the_bulk_is_recorded_as_an_import_of_the_school(world, client, maak_client):
    api_client, token = maak_client(world["school_a"], SCHOOL, naam="Magister")
    _post(client, token, _rijen(world, 2))
    record = Leerlingimport.objects.get()
    assert record.school_id == world["school_a"].pk
    assert record.bestandsnaam == "API: Magister" and record.nieuw == 2
    assert record.aangemaakt_door == api_client.gebruiker
    assert timezone.now() - record.aangemaakt < datetime.timedelta(minutes=1)


def test_the_audit_trail_names_the_clients_service_account(world, client, maak_client):
    from auditlog.models import LogEntry

    api_client, token = maak_client(world["school_a"], SCHOOL)
    _post(client, token, _rijen(world, 1))
    leerling = Leerling.objects.get(leerlingnummer="API00000")
    entry = LogEntry.objects.get_for_object(leerling).get()
    assert entry.actor_id == api_client.gebruiker.pk


def test_the_school_sees_the_api_import_on_its_import_pages(world, client, maak_client):
    from django.urls import reverse

    _, token = maak_client(world["school_a"], SCHOOL, naam="Somtoday")
    _post(client, token, _rijen(world, 2))
    record = Leerlingimport.objects.get()
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:import_detail", kwargs={"pk": record.pk}))
    assert response.status_code == 200
    assert "API: Somtoday" in response.content.decode()
    client.force_login(world["decaan_b"])
    assert client.get(reverse("leerlingen:import_detail", kwargs={"pk": record.pk})).status_code == 404
