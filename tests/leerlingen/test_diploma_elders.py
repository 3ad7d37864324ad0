"""Diploma results (per class, CSV), the notice to the mbo on a fail, Elders and the June check."""

import pytest
from django.urls import reverse

from aanmelding import selectors_school
from leerlingen import services
from leerlingen.models import Elders, Leerling
from leerlingen.signals import diploma_gezakt
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc.errors import DomainError

from .conftest import upload


@pytest.fixture
def received():
    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    diploma_gezakt.connect(receiver)
    yield calls
    diploma_gezakt.disconnect(receiver)


def test_fail_with_conditional_placement_notifies_the_mbo(world, received, django_capture_on_commit_callbacks):
    aanmelding = world["aanmelding_a"]
    aanmelding.status = "voorwaardelijk_geplaatst"
    aanmelding.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.diploma_resultaat_record(leerling=world["leerling_a"], resultaat="gezakt", user=world["decaan"])
    event = Terugkoppeling.objects.get(aanmelding=aanmelding, soort="diploma")
    assert "gezakt" in event.bericht and event.organisatie == world["school_a"]
    assert Terugkoppeling.objects.for_user(world["intaker"]).filter(pk=event.pk).exists()  # the mbo sees it
    assert (
        len(received) == 1 and received[0]["leerling"] == world["leerling_a"] and received[0]["user"] == world["decaan"]
    )


@pytest.mark.parametrize(("status", "resultaat"), [("geplaatst", "gezakt"), ("voorwaardelijk_geplaatst", "geslaagd")])
def test_no_notice_otherwise(world, received, django_capture_on_commit_callbacks, status, resultaat):
    world["aanmelding_a"].status = status
    world["aanmelding_a"].save()
    with django_capture_on_commit_callbacks(execute=True):
        services.diploma_resultaat_record(leerling=world["leerling_a"], resultaat=resultaat, user=world["decaan"])
    assert not Terugkoppeling.objects.filter(aanmelding=world["aanmelding_a"], soort="diploma").exists()
    # The hook is sent for every fail; only a conditional placement makes the mbo's receiver write.
    assert len(received) == (1 if resultaat == "gezakt" else 0)


def test_diploma_service_refuses_roles_and_bad_values(world):
    for user in (world["zorg"], world["consulent"], world["decaan_b"], world["intaker"]):
        with pytest.raises(DomainError):
            services.diploma_resultaat_record(leerling=world["leerling_a"], resultaat="geslaagd", user=user)
    with pytest.raises(DomainError):
        services.diploma_resultaat_record(leerling=world["leerling_a"], resultaat="cum laude", user=world["decaan"])


def test_class_screen_saves_results(world, client):
    other = f.LeerlingFactory(school=world["school_a"], klas="4A", schooljaar=world["schooljaar"])
    f.LeerlingFactory(school=world["school_a"], klas="4B", schooljaar=world["schooljaar"])
    client.force_login(world["decaan"])
    url = reverse("leerlingen:diploma")
    body = client.get(url).content.decode()
    assert "4A" in body and "4B" in body and "2 leerlingen, 2 onbekend" in body
    query = f"?school={world['school_a'].pk}&klas=4A"
    response = client.get(url + query)
    assert set(response.context["form"].leerlingen) == {world["leerling_a"], other}
    data = {f"r{world['leerling_a'].pk}": "geslaagd", f"r{other.pk}": "herexamen"}
    response = client.post(url + query, data, follow=True)
    assert "Diplomaresultaten van klas 4A opgeslagen (2 gewijzigd)" in response.content.decode()
    assert Leerling.objects.get(pk=other.pk).diploma_resultaat == "herexamen"


def test_class_screen_bad_value_writes_nothing(world, client):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:diploma") + f"?school={world['school_a'].pk}&klas=4A"
    response = client.post(url, {f"r{world['leerling_a'].pk}": "misschien"})
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert Leerling.objects.get(pk=world["leerling_a"].pk).diploma_resultaat == "onbekend"


def test_mentor_gets_only_own_group_and_foreign_class_is_not_offered(world, client):
    f.LeerlingFactory(school=world["school_a"], klas="4Z", schooljaar=world["schooljaar"])
    client.force_login(world["mentor"])
    body = client.get(reverse("leerlingen:diploma")).content.decode()
    assert "4A" in body and "4Z" not in body
    response = client.get(reverse("leerlingen:diploma"), {"school": world["school_b"].pk, "klas": "4A"})
    assert response.context["form"] is None


def test_csv_import_of_results(world, client):
    other = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    client.force_login(world["decaan"])
    nummer = world["leerling_a"].leerlingnummer
    content = f"leerlingnummer;resultaat\n{nummer};geslaagd\n{other.leerlingnummer};Gezakt\n"
    response = client.post(
        reverse("leerlingen:diploma_import"), {"bestand": upload("r.csv", content.encode())}, follow=True
    )
    assert "2 diplomaresultaten ingelezen, 2 gewijzigd" in response.content.decode()
    assert Leerling.objects.get(pk=other.pk).diploma_resultaat == "gezakt"


def test_csv_import_with_errors_writes_nothing(world, client):
    client.force_login(world["decaan"])
    content = (
        f"{world['leerling_a'].leerlingnummer};geslaagd\n"
        f"{world['leerling_b'].leerlingnummer};geslaagd\n"  # pupil of another school
        f"{world['leerling_a'].leerlingnummer};gezakt\n"
        "999;misschien\n"
    )
    response = client.post(reverse("leerlingen:diploma_import"), {"bestand": upload("r.csv", content.encode())})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Rij 2: leerlingnummer" in body and "onbekend bij deze school" in body
    assert "staat ook al in rij 1" in body
    assert Leerling.objects.get(pk=world["leerling_a"].pk).diploma_resultaat == "onbekend"
    response = client.post(reverse("leerlingen:diploma_import"), {"bestand": upload("r.pdf", b"%PDF")})
    assert response.status_code == 400 and "CSV of Excel" in response.content.decode()


def test_elders_service_rules(world):
    leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    with pytest.raises(DomainError):
        services.elders_record(leerling=leerling, soort="werk", user=world["zorg"])
    with pytest.raises(DomainError):
        services.elders_record(leerling=leerling, soort="maan", user=world["decaan"])
    services.elders_record(leerling=leerling, soort="werk", user=world["decaan"])
    services.elders_record(leerling=leerling, soort="vavo", user=world["decaan"])
    assert Elders.objects.get(leerling=leerling).soort == "vavo"


def test_elders_beside_a_live_application_is_refused_unless_it_is_withdrawn(world):
    leerling, aanmelding = world["leerling_a"], world["aanmelding_a"]  # applied, waiting for the mbo
    with pytest.raises(DomainError, match="lopende aanmelding") as refused:
        services.elders_record(leerling=leerling, soort="havo", user=world["decaan"])
    assert refused.value.field == "aanmeldingen_intrekken"
    assert not Elders.objects.filter(leerling=leerling).exists()
    aanmelding.refresh_from_db()
    assert aanmelding.status == "aangemeld"
    # Confirmed: the destination is recorded and the application withdrawn, in one step.
    services.elders_record(leerling=leerling, soort="havo", user=world["decaan"], aanmeldingen_intrekken=True)
    aanmelding.refresh_from_db()
    assert aanmelding.status == "ingetrokken" and Elders.objects.get(leerling=leerling).soort == "havo"


def test_elders_is_not_recorded_when_the_withdrawal_fails(world):
    """A municipality may record Elders but not withdraw a school's application: nothing changes."""
    with pytest.raises(DomainError):
        services.elders_record(
            leerling=world["leerling_a"], soort="werk", user=world["consulent"], aanmeldingen_intrekken=True
        )
    assert not Elders.objects.exists()
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == "aangemeld"


def test_elders_form(world, client):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:elders", kwargs={"pk": world["leerling_a"].pk})
    response = client.post(url, {"soort": ""})
    assert response.status_code == 200 and "Kies een bestemming." in response.content.decode()
    assert not Elders.objects.exists()
    assert "Lopende aanmeldingen" in response.content.decode()  # pupil A has applied
    response = client.post(url, {"soort": "mbo_buiten", "toelichting": "ROC elders"})
    assert response.status_code == 200 and "nog een lopende aanmelding" in response.content.decode()
    assert not Elders.objects.exists()
    response = client.post(url, {"soort": "mbo_buiten", "toelichting": "ROC elders", "aanmeldingen_intrekken": "on"})
    assert response["Location"] == reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})
    response = client.post(url, {"soort": "werk", "terug": "juni"})
    assert response["Location"] == reverse("leerlingen:juni_controle")
    body = client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    assert "Bestemming Elders vastleggen" in body


def test_june_check_lists_pupils_without_placement_or_elders(world, client):
    positief = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    f.AanmeldingFactory(leerling=positief, opleiding=world["opleiding_a"], status="voorwaardelijk_geplaatst")
    afgewezen = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    f.AanmeldingFactory(leerling=afgewezen, opleiding=world["opleiding_a"], status="afgewezen")
    open_ = set(selectors_school.juni_controle_open(user=world["decaan"], schooljaar=world["schooljaar"]))
    assert open_ == {world["leerling_a"], afgewezen}
    assert world["leerling_b"] not in set(
        selectors_school.juni_controle_open(user=world["decaan"], schooljaar=world["schooljaar"])
    )
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:juni_controle"))
    assert response.context["page"].paginator.count == 2
    services.elders_record(leerling=afgewezen, soort="werk", user=world["decaan"])
    services.elders_record(
        leerling=world["leerling_a"], soort="havo", user=world["decaan"], aanmeldingen_intrekken=True
    )
    response = client.get(reverse("leerlingen:juni_controle"))
    assert response.context["page"].paginator.count == 0
    assert "Klaar: iedere leerling" in response.content.decode()


def test_june_check_query_count_is_fixed(world, client, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:juni_controle")
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(30):
        f.AanmeldingFactory(leerling=f.LeerlingFactory(school=world["school_a"]), opleiding=world["opleiding_a"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 31


def test_class_screen_query_count_is_fixed(world, client, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:diploma") + f"?school={world['school_a'].pk}&klas=4A"
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    for _ in range(30):
        f.LeerlingFactory(school=world["school_a"], klas="4A")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["form"].leerlingen) == 31


def test_june_check_points_out_failed_pupils_with_a_conditional_placement(world, client):
    world["aanmelding_a"].status = "voorwaardelijk_geplaatst"
    world["aanmelding_a"].save()
    services.diploma_resultaat_record(leerling=world["leerling_a"], resultaat="gezakt", user=world["decaan"])
    client.force_login(world["decaan"])
    response = client.get(reverse("leerlingen:juni_controle"))
    assert response.context["page"].paginator.count == 0  # by the rule: a positive placement
    assert list(response.context["gezakt"]) == [world["leerling_a"]]
    assert "gezakt, maar voorwaardelijk geplaatst" in response.content.decode()


def test_june_check_bulk_records_elders_for_the_chosen_pupils_in_one_step(world, client):
    zonder = [f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"]) for _ in range(2)]
    gekozen = [*zonder, world["leerling_a"]]  # pupil A still has a live application
    client.force_login(world["decaan"])
    url = reverse("leerlingen:juni_controle_elders")
    data = {"leerlingen": [leerling.pk for leerling in gekozen], "soort": "werk", "toelichting": "Baan gevonden"}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 400
    assert world["leerling_a"].volledige_naam in body and "Er is niets vastgelegd" in body
    assert not Elders.objects.exists(), "one refusal undoes the whole step"
    response = client.post(url, {**data, "aanmeldingen_intrekken": "on"})
    assert response["Location"] == reverse("leerlingen:juni_controle")
    assert set(Elders.objects.values_list("leerling_id", flat=True)) == {leerling.pk for leerling in gekozen}
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == "ingetrokken"
    assert client.get(reverse("leerlingen:juni_controle")).context["page"].paginator.count == 0


def test_june_check_bulk_needs_a_choice_and_only_takes_the_users_own_pupils(world, client):
    andere_klas = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])  # not the mentor's
    client.force_login(world["mentor"])
    url = reverse("leerlingen:juni_controle_elders")
    response = client.post(url, {"soort": "werk"})
    assert response.status_code == 400 and "Kies een of meer leerlingen." in response.content.decode()
    response = client.post(url, {"leerlingen": [andere_klas.pk, world["leerling_b"].pk], "soort": "werk"})
    assert response.status_code == 400 and "Kies leerlingen uit de lijst." in response.content.decode()
    assert not Elders.objects.exists()


def test_june_check_bulk_service_checks_the_permission_per_pupil(world):
    eigen = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    vreemd = f.LeerlingFactory(school=world["school_b"], schooljaar=world["schooljaar"])
    with pytest.raises(DomainError, match="geen bestemming vastleggen"):
        services.elders_record_bulk(leerlingen=[eigen, vreemd], soort="werk", user=world["decaan"])
    assert not Elders.objects.exists()
    assert services.elders_record_bulk(leerlingen=[eigen], soort="werk", user=world["decaan"]) == 1
