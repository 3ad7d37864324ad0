"""Drop-backs stand out and stay until handled ("Af te handelen", the Afgehandeld action), and
"mark all read" acts on the list's current filter (a kind) in one UPDATE."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terugkoppeling.models import Notificatie, NotificatieSoort
from terugkoppeling.notificaties import notificaties_voor_terugkoppeling
from terugkoppeling.services import terugkoppeling_record
from terugkoppeling.services_notificaties import notificatie_mark_handled, notificaties_mark_all_read
from tests import factories as f
from voroc.errors import DomainError

from .factories import NotificatieFactory

pytestmark = pytest.mark.django_db
LIST = reverse("terugkoppeling:list")


def _terugval(user, **kwargs):
    return NotificatieFactory(user=user, soort="terugval", status="afgewezen", afhandelen=True, **kwargs)


def _event(w, status, **kwargs):
    return terugkoppeling_record(
        leerling=w["leerling_a"],
        aanmelding=w["aanmelding_a"],
        soort="aanmelding",
        status=status,
        bericht="Besluit.",
        user=w["intaker"],
        **kwargs,
    )


@pytest.mark.parametrize(
    ("status", "soort", "afhandelen"),
    [
        ("afgewezen", NotificatieSoort.TERUGVAL, True),
        ("uitgeloot", NotificatieSoort.TERUGVAL, True),
        ("wachtlijst", NotificatieSoort.TERUGVAL, True),
        ("niet_verschenen", NotificatieSoort.TERUGVAL, True),
        ("ingetrokken", NotificatieSoort.TERUGVAL, False),  # the school's own choice
        ("in_behandeling", NotificatieSoort.TERUGKOPPELING, False),
    ],
)
def test_drop_backs_are_marked_to_be_handled(world, status, soort, afhandelen):
    rows = notificaties_voor_terugkoppeling(terugkoppeling=_event(world, status))
    assert rows
    assert {(n.soort, n.afhandelen) for n in rows} == {(soort, afhandelen)}


def test_a_failed_exam_with_conditional_placement_is_to_be_handled(world, django_capture_on_commit_callbacks):
    from aanmelding import services as aanmelding_services
    from leerlingen import services as leerling_services

    w = world
    aanmelding_services.aanmelding_status_update(aanmelding=w["aanmelding_a"], naar="in_behandeling", user=w["intaker"])
    aanmelding_services.plaatsingsbesluit_record(
        aanmelding=w["aanmelding_a"], uitkomst="voorwaardelijk_geplaatst", voorwaarde="Diploma", user=w["intaker"]
    )
    Notificatie.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        leerling_services.diploma_resultaat_record(leerling=w["leerling_a"], resultaat="gezakt", user=w["decaan"])
    n = Notificatie.objects.get(user=w["intaker"])
    assert n.soort == NotificatieSoort.GEZAKT and n.open


def test_open_drop_backs_come_first_with_a_label_and_survive_mark_all_read(world, client):
    gewoon = NotificatieFactory(user=world["decaan"])
    terugval = _terugval(world["decaan"], leerling=world["leerling_a"])
    client.force_login(world["decaan"])
    page = client.get(LIST)
    assert [n.pk for n in page.context["af_te_handelen"]] == [terugval.pk]
    html = page.content.decode()
    assert html.index("Af te handelen") < html.index("Alle notificaties")
    assert '<span class="badge badge-bad">Terugval</span>' in html  # a label, not colour alone
    client.post(reverse("terugkoppeling:alle_gelezen"))
    assert not Notificatie.objects.filter(pk__in=[gewoon.pk, terugval.pk], gelezen_op__isnull=True).exists()
    assert [n.pk for n in client.get(LIST).context["af_te_handelen"]] == [terugval.pk]  # still open


def test_afgehandeld_service_marks_handled_read_and_audits(world):
    n = _terugval(world["decaan"])
    notificatie_mark_handled(notificatie=n, user=world["decaan"])
    n.refresh_from_db()
    assert n.afgehandeld_op and n.afgehandeld_door == world["decaan"] and n.gelezen_op
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Notificatie), object_pk=str(n.pk))
    assert entry.actor == world["decaan"] and "afgehandeld_op" in entry.changes_dict
    with pytest.raises(DomainError, match="al afgehandeld"):
        notificatie_mark_handled(notificatie=n, user=world["decaan"])
    gewoon = NotificatieFactory(user=world["decaan"])
    with pytest.raises(DomainError, match="hoeft niet"):
        notificatie_mark_handled(notificatie=gewoon, user=world["decaan"])
    foreign = _terugval(world["decaan_b"])
    with pytest.raises(DomainError):
        notificatie_mark_handled(notificatie=foreign, user=world["decaan"])
    foreign.refresh_from_db()
    assert foreign.afgehandeld_op is None


def test_afgehandeld_view_and_its_refusals(world, client):
    n = _terugval(world["decaan"])
    client.force_login(world["decaan"])
    url = reverse("terugkoppeling:afgehandeld", args=[n.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    assert "gemarkeerd als afgehandeld" in response.content.decode()
    assert client.get(LIST).context["af_te_handelen"] == []
    again = client.post(url, follow=True).content.decode()
    assert "al afgehandeld" in again  # a Dutch message, no error page
    foreign = _terugval(world["decaan_b"])
    assert client.post(reverse("terugkoppeling:afgehandeld", args=[foreign.pk])).status_code == 404
    team_b = _terugval(None, organisatie=world["gem_b"], team_recht="woongemeente_inzien")
    client.force_login(world["consulent"])
    assert client.post(reverse("terugkoppeling:afgehandeld", args=[team_b.pk])).status_code == 404
    team_b.refresh_from_db()
    assert team_b.afgehandeld_op is None


def test_open_drop_back_filter(world, client):
    open_ = _terugval(world["decaan"])
    klaar = _terugval(world["decaan"])
    notificatie_mark_handled(notificatie=klaar, user=world["decaan"])
    NotificatieFactory(user=world["decaan"])
    client.force_login(world["decaan"])
    assert [n.pk for n in client.get(LIST, {"afhandeling": "open"}).context["page"]] == [open_.pk]
    assert [n.pk for n in client.get(LIST, {"afhandeling": "afgehandeld"}).context["page"]] == [klaar.pk]


def test_mark_a_kind_read_touches_only_that_kind_and_own_rows_in_one_update(world, client):
    melding = NotificatieFactory.create_batch(3, user=world["consulent"], soort="melding")
    verhuizing = NotificatieFactory(user=world["consulent"], soort="verhuizing")
    team = NotificatieFactory(user=None, organisatie=world["gem_a"], team_recht="woongemeente_inzien", soort="melding")
    team_b = NotificatieFactory(
        user=None, organisatie=world["gem_b"], team_recht="woongemeente_inzien", soort="melding"
    )
    other = NotificatieFactory(user=world["decaan"], soort="melding")
    client.force_login(world["consulent"])
    assert "Gefilterde als gelezen markeren" in client.get(LIST, {"soort": "melding"}).content.decode()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("terugkoppeling:alle_gelezen"), {"soort": "melding"})
    assert response.status_code == 302 and response["Location"].endswith("?soort=melding")
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("UPDATE")]
    assert len([sql for sql in updates if "terugkoppeling_notificatie" in sql]) == 1
    gelezen = set(Notificatie.objects.filter(gelezen_op__isnull=False).values_list("pk", flat=True))
    assert gelezen == {n.pk for n in melding} | {team.pk}
    for unread in (verhuizing, team_b, other):
        unread.refresh_from_db()
        assert unread.gelezen_op is None


def test_mark_read_follows_a_combined_filter(world):
    from terugkoppeling.filters import NotificatieFilterSet
    from terugkoppeling.selectors_notificaties import notificatie_list

    oud = NotificatieFactory(user=world["decaan"], soort="melding")
    Notificatie.objects.filter(pk=oud.pk).update(aangemaakt="2026-01-05T10:00:00+01:00")
    nieuw = NotificatieFactory(user=world["decaan"], soort="melding")
    filterset = NotificatieFilterSet(
        {"soort": "melding", "van": "1-12-2026"}, queryset=notificatie_list(user=world["decaan"])
    )
    assert notificaties_mark_all_read(user=world["decaan"], notificaties=filterset.qs) == 1
    oud.refresh_from_db()
    nieuw.refresh_from_db()
    assert nieuw.gelezen_op and oud.gelezen_op is None


def test_list_with_open_drop_backs_and_team_rows_has_a_fixed_query_count(world, client, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            leerling = f.LeerlingFactory(school=world["school_a"])
            _terugval(world["consulent"], leerling=leerling)
            _terugval(None, organisatie=world["gem_a"], team_recht="woongemeente_inzien", leerling=leerling)
            NotificatieFactory(user=None, organisatie=world["gem_a"], team_recht="meldingen_behandelen")

    add(3)
    client.force_login(world["consulent"])
    client.get(LIST)
    with django_assert_max_num_queries(14) as few:
        client.get(LIST, {"soort": "terugval", "van": "1-1-2026"})
    add(27)  # ten times the rows
    Notificatie.objects.filter(pk__in=Notificatie.objects.values("pk")[:5]).update(
        afgehandeld_op="2026-12-01T10:00:00+01:00", afgehandeld_door=world["consulent"]
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST, {"soort": "terugval", "van": "1-1-2026"})
    assert response.context["af_te_handelen_aantal"] > 20
