"""The notification centre: own notifications only, unread count in the header, mark read,
mail preference. Fixed query counts."""

import pytest
from django.urls import reverse

from terugkoppeling.models import Notificatie, NotificatieVoorkeur
from tests import factories as f

from .factories import NotificatieFactory

pytestmark = pytest.mark.django_db


def test_list_shows_own_notifications_only(world, client):
    own = NotificatieFactory(user=world["decaan"], leerling=world["leerling_a"])
    NotificatieFactory(user=world["decaan_b"], leerling=world["leerling_b"])
    client.force_login(world["decaan"])
    response = client.get(reverse("terugkoppeling:list"))
    assert list(response.context["page"]) == [own]
    body = response.content.decode()
    assert world["leerling_a"].achternaam in body and world["leerling_b"].achternaam not in body


def test_pupil_name_is_hidden_once_the_pupil_is_out_of_scope(world, client):
    """The consulent was notified, then the pupil moved away: the name no longer shows."""
    n = NotificatieFactory(user=world["consulent"], leerling=world["leerling_a"])
    leerling = world["leerling_a"]
    leerling.woongemeente = world["gem_b"]
    leerling.save()
    client.force_login(world["consulent"])
    for url in (reverse("terugkoppeling:list"), reverse("terugkoppeling:detail", args=[n.pk])):
        body = client.get(url).content.decode()
        assert leerling.achternaam not in body and "niet meer in uw overzicht" in body


def test_header_shows_the_unread_count(world, client):
    NotificatieFactory.create_batch(3, user=world["decaan"])
    NotificatieFactory(user=world["decaan"], gelezen_op="2027-01-01T10:00+01:00")
    NotificatieFactory.create_batch(5, user=world["decaan_b"])
    client.force_login(world["decaan"])
    body = client.get(reverse("home")).content.decode()
    assert 'class="badge badge-warn">3<' in body


def test_header_count_stops_at_99_plus(world, client):
    """Counting stops at 100: 99 shows as 99, 249 as "99+"."""
    NotificatieFactory.create_batch(99, user=world["decaan"])
    client.force_login(world["decaan"])
    assert 'class="badge badge-warn">99<' in client.get(reverse("home")).content.decode()
    NotificatieFactory.create_batch(150, user=world["decaan"])
    body = client.get(reverse("home")).content.decode()
    assert 'class="badge badge-warn">99+<' in body and ">249<" not in body


def test_header_shows_no_count_without_unread(world, client):
    client.force_login(world["decaan"])
    body = client.get(reverse("home")).content.decode()
    assert "Notificaties" in body and "ongelezen" not in body


def test_another_users_notification_is_404_for_every_action(world, client):
    foreign = NotificatieFactory(user=world["decaan_b"])
    client.force_login(world["decaan"])
    assert client.get(reverse("terugkoppeling:detail", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("terugkoppeling:gelezen", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.gelezen_op is None


def test_mark_read_and_all_read(world, client):
    a, b, c = NotificatieFactory.create_batch(3, user=world["decaan"])
    other = NotificatieFactory(user=world["mentor"])
    client.force_login(world["decaan"])
    response = client.post(reverse("terugkoppeling:gelezen", args=[a.pk]), follow=True)
    assert "gemarkeerd als gelezen" in response.content.decode()
    assert Notificatie.objects.ongelezen().filter(user=world["decaan"]).count() == 2
    response = client.post(reverse("terugkoppeling:alle_gelezen"), follow=True)
    assert "2 notificatie(s) gemarkeerd als gelezen" in response.content.decode()
    assert not Notificatie.objects.ongelezen().filter(user=world["decaan"]).exists()
    other.refresh_from_db()
    assert other.gelezen_op is None


def test_mark_all_read_is_one_update_of_own_notifications(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    NotificatieFactory.create_batch(5, user=world["decaan"])
    other = NotificatieFactory(user=world["mentor"])
    client.force_login(world["decaan"])
    assert "Alles als gelezen markeren" in client.get(reverse("terugkoppeling:list")).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("terugkoppeling:alle_gelezen")).status_code == 302
    updates = [q["sql"] for q in queries.captured_queries if "terugkoppeling_notificatie" in q["sql"]]
    updates = [sql for sql in updates if sql.lstrip().upper().startswith("UPDATE")]
    assert len(updates) == 1
    assert not Notificatie.objects.ongelezen().filter(user=world["decaan"]).exists()
    other.refresh_from_db()
    assert other.gelezen_op is None


@pytest.mark.parametrize("name", ["terugkoppeling:gelezen", "terugkoppeling:alle_gelezen", "terugkoppeling:testmail"])
def test_state_changes_need_post(world, client, name):
    n = NotificatieFactory(user=world["decaan"])
    client.force_login(world["decaan"])
    url = reverse(name, args=[n.pk]) if name == "terugkoppeling:gelezen" else reverse(name)
    assert client.get(url).status_code == 405
    n.refresh_from_db()
    assert n.gelezen_op is None and Notificatie.objects.count() == 1


def test_unread_filter(world, client):
    NotificatieFactory(user=world["decaan"], gelezen_op="2027-01-01T10:00+01:00")
    unread = NotificatieFactory(user=world["decaan"])
    client.force_login(world["decaan"])
    response = client.get(reverse("terugkoppeling:list"), {"filter": "ongelezen"})
    assert list(response.context["page"]) == [unread]


def test_detail_shows_the_event_when_still_visible(world, client, django_capture_on_commit_callbacks):
    from aanmelding.services import aanmelding_status_update

    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_status_update(
            aanmelding=world["aanmelding_a"], naar="in_behandeling", user=world["intaker"], bericht="We bellen u."
        )
    n = Notificatie.objects.get(user=world["decaan"])
    client.force_login(world["decaan"])
    body = client.get(reverse("terugkoppeling:detail", args=[n.pk])).content.decode()
    assert "We bellen u." in body and world["leerling_a"].achternaam in body
    assert reverse("leerlingen:detail", args=[world["leerling_a"].pk]) in body


def test_reminder_detail_lists_the_remaining_work_in_scope(world, client):
    from terugkoppeling.herinneringen import REGEL, herinnering_versturen

    herinnering_versturen(regel=REGEL["formulieren_gereed"], schooljaar=world["schooljaar"])
    n = Notificatie.objects.get(user=world["mentor"])
    client.force_login(world["mentor"])
    body = client.get(reverse("terugkoppeling:detail", args=[n.pk])).content.decode()
    assert world["leerling_a"].achternaam in body and world["leerling_b"].achternaam not in body
    assert "Nog 1 te doen" in body


def test_preferences_save_and_bad_input_writes_nothing(world, client):
    client.force_login(world["decaan"])
    url = reverse("terugkoppeling:voorkeuren")
    assert client.get(url).status_code == 200
    response = client.post(url, {"mail": "per-duif"})
    assert response.status_code == 200 and "Kies een optie." in response.content.decode()
    assert not NotificatieVoorkeur.objects.exists()
    response = client.post(url, {"mail": "direct"}, follow=True)
    assert "Uw voorkeur is opgeslagen." in response.content.decode()
    assert NotificatieVoorkeur.objects.get(user=world["decaan"]).mail == "direct"


def test_choosing_no_mail_drops_the_pending_digest(world, client):
    waiting = NotificatieFactory(user=world["decaan"], mail_status="digest")
    client.force_login(world["decaan"])
    client.post(reverse("terugkoppeling:voorkeuren"), {"mail": "geen"})
    waiting.refresh_from_db()
    assert waiting.mail_status == "geen"


def test_testmail_sends_a_mail(world, client, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(world["decaan"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("terugkoppeling:testmail"))
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[world["decaan"].email]]
    assert Notificatie.objects.get(user=world["decaan"]).mail_status == "verzonden"


def test_list_query_count_is_fixed(world, client, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    url = reverse("terugkoppeling:list")
    NotificatieFactory(user=world["decaan"], leerling=world["leerling_a"])
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    from terugkoppeling.herinneringen import REGEL, herinnering_versturen

    herinnering_versturen(regel=REGEL["formulieren_gereed"], schooljaar=world["schooljaar"])
    for _ in range(30):
        NotificatieFactory(user=world["decaan"], leerling=f.LeerlingFactory(school=world["school_a"]))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].paginator.count == 32


def test_empty_post_to_preferences_is_refused_with_a_dutch_message(world, client):
    client.force_login(world["decaan"])
    response = client.post(reverse("terugkoppeling:voorkeuren"), {})
    assert response.status_code == 200 and "Kies hoe u e-mail wilt ontvangen." in response.content.decode()
    assert not NotificatieVoorkeur.objects.exists()
