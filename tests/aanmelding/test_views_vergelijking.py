"""The decaan's and the intaker's page of the reconciliation with the national statuses."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aanmelding.models import ExterneAanmelding, Statusvergelijking, Verschil
from leerlingen.models import Raadpleging
from tests import factories as f


def _bestand(regels):
    body = "bsn;status;instelling;crebo\n" + "\n".join(regels) + "\n"
    return SimpleUploadedFile("landelijk.csv", body.encode())


def _buiten_voroc(leerlingen):
    return [f"{ll.bsn};1;Grafisch Lyceum;25999" for ll in leerlingen]


@pytest.fixture
def dc(client, world):
    client.force_login(world["decaan"])
    return client


@pytest.fixture
def ic(client, world):
    client.force_login(world["intaker"])
    return client


def _upload(client, url, world, organisatie, regels):
    return client.post(reverse(url), {"organisatie": world[organisatie].pk, "bestand": _bestand(regels)})


def test_the_decaan_uploads_and_sees_the_differences_of_own_pupils_only(dc, world):
    own, foreign = world["leerling_a"], world["leerling_b"]
    response = _upload(dc, "aanmelden:vergelijking", world, "school_a", _buiten_voroc([own, foreign]))
    assert response.status_code == 302
    response = dc.get(reverse("aanmelden:vergelijking"))
    text = response.content.decode()
    assert own.achternaam in text and foreign.achternaam not in text and foreign.bsn not in text
    assert own.bsn not in text, "the BSN is never shown"
    assert "Niet gevonden</dt><dd>1 " in text
    assert (
        reverse(
            "aanmelden:vergelijking_extern",
            args=[Statusvergelijking.objects.get().regels.get(soort=Verschil.BUITEN_VOROC).pk],
        )
        in text
    )
    assert Raadpleging.objects.filter(leerling=own, actie="lijst").exists()
    assert not Raadpleging.objects.filter(leerling=foreign).exists()


def test_a_bad_file_shows_a_dutch_message_and_writes_nothing(dc, world):
    response = _upload(dc, "aanmelden:vergelijking", world, "school_a", ["123456789;1;25MB;25001"])
    assert response.status_code == 400
    assert "Regel 2: het BSN is niet geldig" in response.content.decode()
    assert "Er is iets niet goed ingevuld" in response.content.decode()
    assert not Statusvergelijking.objects.exists()


def test_without_a_file_the_form_says_so(dc, world):
    response = dc.post(reverse("aanmelden:vergelijking"), {"organisatie": world["school_a"].pk})
    assert response.status_code == 400
    assert "Kies een bestand (CSV of Excel)." in response.content.decode()


def test_another_schools_organisation_is_not_a_choice(dc, world):
    response = _upload(dc, "aanmelden:vergelijking", world, "school_b", _buiten_voroc([world["leerling_a"]]))
    assert response.status_code == 400
    assert not Statusvergelijking.objects.exists()


def test_filter_by_kind_of_difference(dc, world):
    a = world["aanmelding_a"]
    regels = [f"{a.leerling.bsn};2;{world['mbo_a'].brin};{a.opleiding.crebo}"]
    anderen = [f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"]) for _ in range(2)]
    _upload(dc, "aanmelden:vergelijking", world, "school_a", regels + _buiten_voroc(anderen))
    response = dc.get(reverse("aanmelden:vergelijking"), {"soort": Verschil.STATUS})
    page = response.context["page"]
    assert [r.soort for r in page] == [Verschil.STATUS]
    response = dc.get(reverse("aanmelden:vergelijking"), {"soort": Verschil.BUITEN_VOROC, "sort": "-naam"})
    assert {r.leerling for r in response.context["page"]} == set(anderen)


def test_the_action_records_an_application_outside_voroc(dc, world):
    _upload(dc, "aanmelden:vergelijking", world, "school_a", _buiten_voroc([world["leerling_a"]]))
    regel = Statusvergelijking.objects.get().regels.get(soort=Verschil.BUITEN_VOROC)
    response = dc.post(reverse("aanmelden:vergelijking_extern", args=[regel.pk]))
    assert response.status_code == 302
    assert ExterneAanmelding.objects.filter(leerling=world["leerling_a"], crebo="25999").exists()
    response = dc.post(reverse("aanmelden:vergelijking_extern", args=[regel.pk]), follow=True)
    assert "Dit verschil is al afgehandeld." in response.content.decode()
    assert ExterneAanmelding.objects.count() == 1


def test_the_intaker_sees_own_applications_with_a_link_to_the_dossier(ic, world):
    a = world["aanmelding_a"]
    regels = [f"{a.leerling.bsn};2;{world['mbo_a'].brin};{a.opleiding.crebo}", *_buiten_voroc([world["leerling_b"]])]
    assert _upload(ic, "mbo:vergelijking", world, "mbo_a", regels).status_code == 302
    text = ic.get(reverse("mbo:vergelijking")).content.decode()
    assert reverse("mbo:dossier", args=[a.pk]) in text
    assert world["leerling_b"].achternaam not in text
    assert "vergelijking_extern" not in text and "Vastleggen buiten VOROC" not in text


def test_the_mentor_and_the_zorgcoordinator_have_no_use_for_the_page(client, world):
    for role in ("mentor", "zorg"):
        client.force_login(world[role])
        assert client.get(reverse("aanmelden:vergelijking")).status_code == 403


@pytest.mark.parametrize("n", [3, 40])
def test_the_worklist_costs_a_fixed_number_of_queries(dc, world, n, django_assert_max_num_queries):
    leerlingen = [f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"]) for _ in range(n)]
    for ll in leerlingen:
        f.AanmeldingFactory(leerling=ll, opleiding=world["opleiding_a"])
    _upload(dc, "aanmelden:vergelijking", world, "school_a", _buiten_voroc(leerlingen))
    assert Statusvergelijking.objects.get().regels.count() >= 2 * n
    with django_assert_max_num_queries(13):
        response = dc.get(reverse("aanmelden:vergelijking"))
    assert response.status_code == 200
    assert len(response.context["page"]) == min(2 * n + 1, 50)


def test_the_mbo_worklist_costs_the_same_queries_with_tenfold_rows(ic, world, django_assert_max_num_queries):
    from tests.lists import check_tenfold

    def add(k):
        leerlingen = [f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"]) for _ in range(k)]
        regels = []
        for ll in leerlingen:
            a = f.AanmeldingFactory(leerling=ll, opleiding=world["opleiding_a"])
            regels.append(f"{ll.bsn};2;{world['mbo_a'].brin};{a.opleiding.crebo}")
        assert _upload(ic, "mbo:vergelijking", world, "mbo_a", regels).status_code == 302

    check_tenfold(ic, reverse("mbo:vergelijking"), add, django_assert_max_num_queries, n=3)
