"""One pupil by hand: added and edited with the import's checks, duplicates refused, audit-logged."""

import datetime

import pytest
from auditlog.models import LogEntry

from leerlingen import services
from leerlingen.models import Leerling
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc.errors import DomainError


def _gegevens(world, **overrides):
    data = {
        "leerlingnummer": "900001",
        "voornaam": "Noor",
        "achternaam": "Handmatig",
        "geboortedatum": "17-05-2010",
        "bsn": f.next_bsn(),
        "klas": "4B",
        "leerweg": "KB",
        "gemeente": world["gem_a"].naam,
    }
    return {**data, **overrides}


def test_decaan_adds_one_pupil_with_the_imports_checks(world):
    with pytest.raises(DomainError, match="elfproef"):
        services.leerling_create(
            school=world["school_a"],
            schooljaar=world["schooljaar"],
            gegevens=_gegevens(world, bsn="123456788"),
            user=world["decaan"],
        )
    with pytest.raises(DomainError, match="Achternaam ontbreekt"):
        services.leerling_create(
            school=world["school_a"],
            schooljaar=world["schooljaar"],
            gegevens=_gegevens(world, achternaam=""),
            user=world["decaan"],
        )
    leerling = services.leerling_create(
        school=world["school_a"], schooljaar=world["schooljaar"], gegevens=_gegevens(world), user=world["decaan"]
    )
    assert leerling.geboortedatum == datetime.date(2010, 5, 17) and leerling.woongemeente == world["gem_a"]
    assert LogEntry.objects.get_for_object(leerling).filter(action=LogEntry.Action.CREATE).exists()
    assert Terugkoppeling.objects.filter(leerling=leerling, bericht__contains="met de hand").exists()


def test_duplicates_are_refused_with_a_clear_message(world):
    bestaand = world["leerling_a"]
    with pytest.raises(DomainError, match=f"Leerlingnummer {bestaand.leerlingnummer} bestaat al"):
        services.leerling_create(
            school=world["school_a"],
            schooljaar=world["schooljaar"],
            gegevens=_gegevens(world, leerlingnummer=bestaand.leerlingnummer),
            user=world["decaan"],
        )
    with pytest.raises(DomainError, match="al een leerling met dit BSN"):
        services.leerling_create(
            school=world["school_a"],
            schooljaar=world["schooljaar"],
            gegevens=_gegevens(world, bsn=world["leerling_b"].bsn),
            user=world["decaan"],  # at another school
        )
    assert Leerling.objects.count() == 2


def test_only_who_may_import_adds_or_edits(world):
    for user in (world["mentor"], world["decaan_b"], world["consulent"]):
        with pytest.raises(DomainError):
            services.leerling_create(
                school=world["school_a"], schooljaar=world["schooljaar"], gegevens=_gegevens(world), user=user
            )
        with pytest.raises(DomainError):
            services.leerling_update(leerling=world["leerling_a"], gegevens=_gegevens(world), user=user)
    assert Leerling.objects.count() == 2


def test_decaan_edits_a_pupil_with_the_same_checks(world):
    leerling = world["leerling_a"]
    gegevens = _gegevens(world, leerlingnummer=leerling.leerlingnummer, bsn=leerling.bsn, klas="4C")
    with pytest.raises(DomainError, match="al een leerling met dit BSN"):
        services.leerling_update(
            leerling=leerling, gegevens={**gegevens, "bsn": world["leerling_b"].bsn}, user=world["decaan"]
        )
    services.leerling_update(leerling=leerling, gegevens=gegevens, user=world["decaan"])
    leerling.refresh_from_db()
    assert leerling.klas == "4C" and leerling.achternaam == "Handmatig"
    entry = LogEntry.objects.get_for_object(leerling).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.changes_dict["klas"] == ["4A", "4C"]
    assert Terugkoppeling.objects.filter(leerling=leerling, bericht__contains="met de hand gewijzigd").exists()


def test_add_and_edit_pages(world, client):
    from django.urls import reverse

    client.force_login(world["decaan"])
    response = client.post(reverse("leerlingen:nieuw"), _gegevens(world, bsn="123456788"))
    assert response.status_code == 400 and "elfproef" in response.content.decode()
    response = client.post(reverse("leerlingen:nieuw"), _gegevens(world))
    leerling = Leerling.objects.get(leerlingnummer="900001")
    assert response["Location"] == reverse("leerlingen:detail", kwargs={"pk": leerling.pk})

    url = reverse("leerlingen:bewerken", kwargs={"pk": leerling.pk})
    body = client.get(url).content.decode()
    assert leerling.bsn not in body, "the edit page never shows the full BSN"
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(url, {**data, "klas": "4D"})
    assert response["Location"] == reverse("leerlingen:detail", kwargs={"pk": leerling.pk})
    leerling.refresh_from_db()
    assert leerling.klas == "4D" and leerling.bsn, "the BSN left empty is kept"
    client.force_login(world["mentor"])
    assert client.get(reverse("leerlingen:bewerken", kwargs={"pk": world["leerling_a"].pk})).status_code == 403


def test_decaan_assigns_a_mentor_to_several_pupils_at_once(world, client, django_assert_max_num_queries):
    from django.urls import reverse

    klas = [f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], klas="4Z") for _ in range(3)]
    mentor_b = f.user_with_role("mentor", world["school_b"])
    client.force_login(world["decaan"])
    url = reverse("leerlingen:mentor_toewijzen")
    with django_assert_max_num_queries(20) as few:
        client.get(url, {"klas": "4Z"})
    for _ in range(10):
        f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], klas="4Z")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url, {"klas": "4Z"}).content.decode()
    assert world["mentor"].naam in body and mentor_b.naam not in body  # only mentors of the own school
    # A pupil of another school cannot be chosen; a mentor of another school neither: nothing changes.
    response = client.post(url, {"leerlingen": [klas[0].pk, world["leerling_b"].pk], "mentor": world["mentor"].pk})
    assert response.status_code == 400 and "Kies leerlingen uit de lijst." in response.content.decode()
    with pytest.raises(DomainError, match="geen mentor bij"):
        services.mentor_toewijzen(leerlingen=klas, mentor=mentor_b, user=world["decaan"])
    response = client.post(url + "?klas=4Z", {"leerlingen": [p.pk for p in klas], "mentor": world["mentor"].pk})
    assert response["Location"] == url + "?klas=4Z"
    assert set(Leerling.objects.filter(pk__in=[p.pk for p in klas]).values_list("mentor_id", flat=True)) == {
        world["mentor"].pk
    }
    assert LogEntry.objects.filter(content_type__model="leerling", object_pk=str(klas[0].pk)).exists()


def test_only_the_decaan_assigns_mentors(world):
    with pytest.raises(DomainError, match="niet wijzigen"):
        services.mentor_toewijzen(leerlingen=[world["leerling_a"]], mentor=world["mentor"], user=world["mentor"])
    with pytest.raises(DomainError):
        services.mentor_toewijzen(leerlingen=[world["leerling_a"]], mentor=world["mentor"], user=world["decaan_b"])


# --- Classes ------------------------------------------------------------------------------------


def test_klassen_toewijzen_changes_the_class_on_the_timeline_all_or_nothing(world):
    leerling, decaan = world["leerling_a"], world["decaan"]
    tweede = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], klas="4B")
    assert services.klassen_toewijzen(toewijzingen=[(leerling, " 4C "), (tweede, "4B")], user=decaan) == 1
    leerling.refresh_from_db()
    assert leerling.klas == "4C"
    assert Terugkoppeling.objects.filter(leerling=leerling, bericht="Klas: 4C (was 4A).").exists()
    assert not Terugkoppeling.objects.filter(leerling=tweede).exists()  # unchanged: nothing recorded
    with pytest.raises(DomainError, match="Klas is te lang"):
        services.klassen_toewijzen(toewijzingen=[(tweede, "4D"), (leerling, "x" * 21)], user=decaan)
    with pytest.raises(DomainError, match="Klas ontbreekt"):
        services.klassen_toewijzen(toewijzingen=[(leerling, "")], user=decaan)
    tweede.refresh_from_db()
    assert tweede.klas == "4B"


@pytest.mark.parametrize("role", ["mentor", "decaan_b", "intaker"])
def test_klassen_toewijzen_is_for_who_may_import_at_the_pupils_school(world, role):
    with pytest.raises(DomainError, match="klas van deze leerling niet wijzigen"):
        services.klassen_toewijzen(toewijzingen=[(world["leerling_a"], "4Z")], user=world[role])
    assert Leerling.objects.get(pk=world["leerling_a"].pk).klas == "4A"
