"""A pupil leaving the school: the service's rules, undo, the timeline and audit trail, the
school's working lists against the municipality's, the page and its query count."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from leerlingen import services
from leerlingen.models import Leerling
from leerlingen.selectors import bewerkbare_leerlingen, leerling_scope
from terugkoppeling.herinneringen import REGEL
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc import policy
from voroc.errors import DomainError

pytestmark = pytest.mark.django_db
LIJST = reverse("leerlingen:list")


def _vertrek(world, leerling=None, **kwargs):
    args = {
        "leerling": leerling or world["leerling_a"],
        "datum": timezone.localdate() - datetime.timedelta(days=3),
        "reden": "andere_vo_school",
        "toelichting": "Naar het Stedelijk College",
        "user": world["decaan"],
    }
    return services.leerling_vertrek_record(**{**args, **kwargs})


def test_decaan_records_a_departure_on_the_timeline(world):
    leerling = _vertrek(world)
    leerling.refresh_from_db()
    assert leerling.vertrokken_op == timezone.localdate() - datetime.timedelta(days=3)
    assert leerling.vertrek_reden == "andere_vo_school"
    assert leerling.vertrek_toelichting == "Naar het Stedelijk College"
    event = Terugkoppeling.objects.get(leerling=leerling, soort="vertrek")
    assert "naar een andere vo-school" in event.bericht
    assert "Stedelijk" not in event.bericht  # the free text stays on the pupil
    # The municipality of the pupil sees the event (part GEGEVENS).
    assert Terugkoppeling.objects.for_user(world["consulent"]).filter(pk=event.pk).exists()
    assert policy.GEBEURTENIS_DEEL["vertrek"] == policy.Deel.GEGEVENS


def test_the_free_text_is_masked_in_the_audit_trail(world):
    leerling = _vertrek(world)
    changes = LogEntry.objects.get_for_object(leerling).filter(action=LogEntry.Action.UPDATE).latest("pk").changes
    changes = changes if isinstance(changes, dict) else __import__("json").loads(changes)
    assert "Stedelijk" not in str(changes)
    assert changes["vertrek_toelichting"][1] == "[afgeschermd]"
    assert changes["vertrek_reden"][1] == "andere_vo_school"


@pytest.mark.parametrize(
    "kwargs, fout",
    [
        ({"reden": "weggelopen"}, "Kies een reden"),
        ({"reden": "anders", "toelichting": "  "}, "Licht de reden"),
        ({"datum": None}, "Vul de datum"),
        ({"datum": datetime.date.today() + datetime.timedelta(days=30)}, "toekomst"),
        ({"toelichting": "x" * 1001}, "ten hoogste 1000"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(world, kwargs, fout):
    with pytest.raises(DomainError, match=fout):
        _vertrek(world, **kwargs)
    world["leerling_a"].refresh_from_db()
    assert world["leerling_a"].vertrokken_op is None
    assert not Terugkoppeling.objects.filter(soort="vertrek").exists()


@pytest.mark.parametrize("rol", ["consulent", "intaker", "zorg", "decaan_b"])
def test_only_editors_at_the_pupils_school_may_record_it(world, rol):
    with pytest.raises(DomainError, match="niet vastleggen"):
        _vertrek(world, user=world[rol])
    assert Leerling.objects.get(pk=world["leerling_a"].pk).vertrokken_op is None


def test_twice_is_refused_and_undo_puts_the_pupil_back(world):
    _vertrek(world)
    with pytest.raises(DomainError, match="al vastgelegd"):
        _vertrek(world)
    with pytest.raises(DomainError, match="niet ongedaan"):
        services.leerling_vertrek_undo(leerling=world["leerling_a"], user=world["consulent"])
    services.leerling_vertrek_undo(leerling=world["leerling_a"], user=world["decaan"])
    leerling = Leerling.objects.get(pk=world["leerling_a"].pk)
    assert (leerling.vertrokken_op, leerling.vertrek_reden, leerling.vertrek_toelichting) == (None, "", "")
    assert Terugkoppeling.objects.filter(leerling=leerling, soort="vertrek").count() == 2
    with pytest.raises(DomainError, match="geen vertrek"):
        services.leerling_vertrek_undo(leerling=leerling, user=world["decaan"])


def _ids(response):
    return {leerling.pk for leerling in response.context["page"]}


def test_a_left_pupil_is_off_the_schools_lists_and_on_the_municipalitys(world, client):
    blijft = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], mentor=world["mentor"])
    _vertrek(world)
    weg, sj = world["leerling_a"].pk, world["schooljaar"]
    client.force_login(world["decaan"])
    assert _ids(client.get(LIJST)) == {blijft.pk}
    assert _ids(client.get(LIJST, {"vertrokken": "ja"})) == {weg}
    assert _ids(client.get(LIJST, {"vertrokken": "alle"})) == {weg, blijft.pk}
    assert weg not in set(bewerkbare_leerlingen(user=world["mentor"], schooljaar=sj).values_list("pk", flat=True))
    assert weg not in _ids(client.get(reverse("leerlingen:juni_controle")))
    # Reminders: the school's rules leave the pupil out, the municipality's keep it.
    for mijlpaal in ("formulieren_gereed", "aanmelddeadline", "diplomaresultaten", "juni_controle"):
        assert not REGEL[mijlpaal].werk(sj).filter(pk=weg).exists(), mijlpaal
    assert REGEL["juni_controle_gemeente"].werk(sj).filter(pk=weg).exists()
    # The municipality follows the pupil: on its pupil list by default.
    client.force_login(world["consulent"])
    assert weg in _ids(client.get(LIJST))
    assert leerling_scope(user=world["consulent"], schooljaar=sj).filter(pk=weg).exists()


def test_the_page_records_the_departure_and_the_file_shows_it(world, client):
    client.force_login(world["decaan"])
    url = reverse("leerlingen:vertrek", args=[world["leerling_a"].pk])
    detail = reverse("leerlingen:detail", args=[world["leerling_a"].pk])
    assert url in client.get(detail).content.decode()
    response = client.post(url, {"datum": "", "reden": "anders"})
    assert response.status_code == 400
    assert "Vul de datum van vertrek in." in response.content.decode()
    response = client.post(url, {"datum": "2026-11-02", "reden": "anders", "toelichting": ""})
    assert response.status_code == 400 and "Licht de reden" in response.content.decode()
    response = client.post(url, {"datum": "2026-11-02", "reden": "verhuisd"})
    assert response.status_code == 302
    page = client.get(detail).content.decode()
    assert "Vertrokken van school" in page and "2 november 2026" in page
    assert reverse("leerlingen:vertrek_ongedaan", args=[world["leerling_a"].pk]) in page
    assert client.post(reverse("leerlingen:vertrek_ongedaan", args=[world["leerling_a"].pk])).status_code == 302
    assert Leerling.objects.get(pk=world["leerling_a"].pk).vertrokken_op is None


def test_the_pupil_list_query_count_stays_fixed_with_the_filter(world, client, django_assert_max_num_queries):
    _vertrek(world)
    client.force_login(world["decaan"])
    with django_assert_max_num_queries(30) as few:
        client.get(LIJST, {"vertrokken": "ja"})
    for _ in range(29):
        leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
        _vertrek(world, leerling=leerling)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIJST, {"vertrokken": "ja"})
    assert response.context["page"].paginator.count == 30


def test_the_page_query_count_is_fixed(world, client, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    with django_assert_max_num_queries(20):
        assert client.get(reverse("leerlingen:vertrek", args=[world["leerling_a"].pk])).status_code == 200
