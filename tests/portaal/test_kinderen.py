"""A parent (any portal account) with several children: /mijn/ asks to choose, every page carries
the child in its URL (another pupil: 404), and an old URL without the child goes on only when
there is exactly one."""

import pytest
from django.urls import reverse
from django.utils import timezone

from leerlingen.models import Raadpleging
from portaal.models import Toegang
from portaal.ouders import zienswijze_toevoegen
from tests import factories as f
from tests.doorstroom import factories as ff
from voroc import audit

pytestmark = pytest.mark.django_db

PAGINAS = ("leerling", "wie_zag", "deel_a", "wensen", "ouders", "zienswijze", "ouder_berichten")


@pytest.fixture
def tweede(world):
    """A second child of the world's parent, at the same school."""
    kind = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], voornaam="Tweedekind")
    Toegang.objects.create(user=world["ouder"], leerling=kind, relatie="ouder")
    return kind


def _url(naam, leerling, **kwargs):
    return reverse(f"portaal:{naam}", kwargs={"pk": leerling.pk, **kwargs})


def test_the_parent_of_two_children_chooses_on_mijn(world, client, tweede):
    client.force_login(world["ouder"])
    response = client.get(reverse("portaal:home"))
    body = response.content.decode()
    assert response.status_code == 200 and "Kies het kind" in body
    for kind in (world["leerling_a"], tweede):
        assert f'href="{_url("leerling", kind)}"' in body and kind.achternaam in body
    assert world["leerling_b"].achternaam not in body and body.count("data-kind=") == 2
    gelezen = set(
        Raadpleging.objects.filter(user=world["ouder"], actie=audit.LIJST).values_list("leerling_id", flat=True)
    )
    assert gelezen == {world["leerling_a"].pk, tweede.pk}


def test_a_pupil_never_gets_a_chooser(world, client, tweede):
    client.force_login(world["leerling"])
    response = client.get(reverse("portaal:home"))
    assert response.status_code == 302 and response["Location"] == _url("leerling", world["leerling_a"])
    assert client.get(_url("leerling", tweede)).status_code == 404


def test_each_page_shows_the_right_childs_data(world, client, tweede):
    a = world["leerling_a"]
    ff.formulier(a, world["decaan"], motivatie="MOTIVATIE-VAN-A")
    ff.formulier(tweede, world["decaan"], motivatie="MOTIVATIE-VAN-TWEEDE")
    zienswijze_toevoegen(leerling=a, user=world["ouder"], tekst="ZIENSWIJZE-OVER-A")
    client.force_login(world["ouder"])
    client.post(_url("zienswijze", tweede), {"tekst": "ZIENSWIJZE-OVER-TWEEDE"})
    for kind, eigen, ander in ((a, "A", "TWEEDE"), (tweede, "TWEEDE", "A")):
        formulier = client.get(_url("deel_a", kind)).content.decode()
        assert f"MOTIVATIE-VAN-{eigen}" in formulier and f"MOTIVATIE-VAN-{ander}" not in formulier
        assert kind.voornaam in formulier
        zienswijze = client.get(_url("zienswijze", kind)).content.decode()
        assert f"ZIENSWIJZE-OVER-{eigen}" in zienswijze and f"ZIENSWIJZE-OVER-{ander}" not in zienswijze
        pagina = client.get(_url("leerling", kind)).content.decode()
        assert kind.achternaam in pagina and _url("deel_a", kind) in pagina and _url("ouder_berichten", kind) in pagina
    # The choice of messages is per child.
    assert client.post(_url("ouder_berichten", tweede), {}).status_code == 302
    keuzes = dict(Toegang.objects.filter(user=world["ouder"]).values_list("leerling_id", "meldingen"))
    assert keuzes == {a.pk: True, tweede.pk: False}
    # Every page logged the read of its own child only.
    assert set(Raadpleging.objects.filter(user=world["ouder"]).values_list("leerling_id", flat=True)) == {
        a.pk,
        tweede.pk,
    }


@pytest.mark.parametrize("naam", PAGINAS)
def test_a_pupil_the_parent_has_no_access_to_is_not_found(world, client, tweede, naam):
    ingetrokken = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    Toegang.objects.create(user=world["ouder"], leerling=ingetrokken, relatie="ouder", ingetrokken_op=timezone.now())
    client.force_login(world["ouder"])
    for leerling in (world["leerling_b"], ingetrokken):
        assert client.get(_url(naam, leerling)).status_code == 404
    assert client.post(_url("zienswijze", world["leerling_b"]), {"tekst": "x"}).status_code == 404
    assert not Raadpleging.objects.filter(leerling__in=[world["leerling_b"], ingetrokken]).exists()


def test_old_urls_go_on_with_one_child_and_choose_with_two(world, client, tweede):
    client.force_login(world["leerling"])
    response = client.get("/mijn/formulier/")
    assert response.status_code == 302 and response["Location"] == _url("deel_a", world["leerling_a"])
    # A POST keeps its form (307), and the page checks it again.
    response = client.post("/mijn/ouders/uitnodigen/", {"email": "oud@example.nl"})
    assert response.status_code == 307 and response["Location"] == _url("ouder_uitnodigen", world["leerling_a"])

    client.force_login(world["ouder"])
    response = client.get("/mijn/formulier/")
    assert response.status_code == 302 and response["Location"] == reverse("portaal:home") + "?naar=deel_a"
    body = client.get(response["Location"]).content.decode()
    assert _url("deel_a", world["leerling_a"]) in body and _url("deel_a", tweede) in body
    # With two children an old POST changes nothing: the parent chooses first.
    response = client.post("/mijn/berichten/", {})
    assert response.status_code == 302 and response["Location"] == reverse("portaal:home") + "?naar=ouder_berichten"
    assert all(Toegang.objects.filter(user=world["ouder"]).values_list("meldingen", flat=True))


def test_the_chooser_ignores_an_unknown_page(world, client, tweede):
    client.force_login(world["ouder"])
    body = client.get(reverse("portaal:home") + "?naar=admin").content.decode()
    assert _url("leerling", tweede) in body


def test_the_chooser_has_a_fixed_query_count(world, client, tweede, django_assert_max_num_queries):
    client.force_login(world["ouder"])
    url = reverse("portaal:home")
    client.get(url)  # session, caches
    with django_assert_max_num_queries(20) as twee:
        assert client.get(url).status_code == 200
    for _ in range(3):
        kind = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
        Toegang.objects.create(user=world["ouder"], leerling=kind, relatie="ouder")
    with django_assert_max_num_queries(len(twee.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("data-kind=") == 5


@pytest.mark.parametrize("naam", ("leerling", "deel_a", "zienswijze", "ouder_berichten"))
def test_a_childs_page_costs_the_same_with_more_children(world, client, naam, django_assert_max_num_queries):
    client.force_login(world["ouder"])
    url = _url(naam, world["leerling_a"])
    client.get(url)
    with django_assert_max_num_queries(30) as een:
        assert client.get(url).status_code == 200
    for _ in range(3):
        kind = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
        Toegang.objects.create(user=world["ouder"], leerling=kind, relatie="ouder")
    with django_assert_max_num_queries(len(een.captured_queries)):
        assert client.get(url).status_code == 200
