"""A municipality's notifications are one row per event for its team: every member
sees it, reading and handling it counts for the whole team, another municipality sees nothing,
and the mail reaches each member per their own preference (fanned out when sent, no row per
member), the digest included, once."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from terugkoppeling import tasks
from terugkoppeling.context_processors import notificaties as header
from terugkoppeling.models import MailStatus, Notificatie, NotificatieVoorkeur
from terugkoppeling.services import terugkoppeling_record
from terugkoppeling.services_notificaties import notificatie_mark_read
from tests import factories as f

from .factories import NotificatieFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world):
    """The consulent of municipality A and four colleagues: a team of five."""
    return [world["consulent"], *(f.user_with_role("consulent", world["gem_a"]) for _ in range(4))]


def _afwijzing(w, capture):
    """A rejection of the pupil of A (living in A), recorded by the intaker; notifications written."""
    with capture(execute=True):
        terugkoppeling = terugkoppeling_record(
            leerling=w["leerling_a"],
            aanmelding=w["aanmelding_a"],
            soort="aanmelding",
            status="afgewezen",
            bericht="Afgewezen.",
            user=w["intaker"],
        )
    return terugkoppeling


def test_one_row_for_a_team_of_five_that_each_member_sees(world, team, client, django_capture_on_commit_callbacks):
    _afwijzing(world, django_capture_on_commit_callbacks)
    team_rows = Notificatie.objects.filter(user__isnull=True)
    assert team_rows.count() == 1
    row = team_rows.get()
    assert (row.organisatie_id, row.team_recht) == (world["gem_a"].pk, "woongemeente_inzien")
    assert not Notificatie.objects.filter(user__in=team).exists()  # no row per consulent
    for member in team:
        client.force_login(member)
        assert [n.pk for n in client.get(reverse("terugkoppeling:list")).context["page"]] == [row.pk]
        assert client.get(reverse("terugkoppeling:detail", args=[row.pk])).status_code == 200


def test_rows_grow_with_events_not_with_staff(world, team, django_capture_on_commit_callbacks):
    _afwijzing(world, django_capture_on_commit_callbacks)
    voor = Notificatie.objects.filter(user__isnull=True).count()
    for _ in range(10):
        f.user_with_role("consulent", world["gem_a"])
    leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    aanmelding = f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"])
    with django_capture_on_commit_callbacks(execute=True):
        terugkoppeling_record(
            leerling=leerling,
            aanmelding=aanmelding,
            soort="aanmelding",
            status="in_behandeling",
            bericht="In behandeling.",
            user=world["intaker"],
        )
    assert Notificatie.objects.filter(user__isnull=True).count() == voor + 1


def test_another_municipality_does_not_see_the_team_row(world, team, client, django_capture_on_commit_callbacks):
    _afwijzing(world, django_capture_on_commit_callbacks)
    row = Notificatie.objects.get(user__isnull=True)
    client.force_login(world["consulent_b"])
    assert list(client.get(reverse("terugkoppeling:list")).context["page"]) == []
    assert client.get(reverse("terugkoppeling:detail", args=[row.pk])).status_code == 404
    assert client.post(reverse("terugkoppeling:afgehandeld", args=[row.pk])).status_code == 404
    assert client.post(reverse("terugkoppeling:gelezen", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.gelezen_op is None and row.afgehandeld_op is None
    # Nor a school user of A, who has rows of their own for the same event.
    assert not Notificatie.objects.for_user(world["decaan"]).filter(pk=row.pk).exists()


def test_read_and_handled_are_shared_and_show_who(world, team, client, django_capture_on_commit_callbacks):
    _afwijzing(world, django_capture_on_commit_callbacks)
    row = Notificatie.objects.get(user__isnull=True)
    assert row.afhandelen
    notificatie_mark_read(notificatie=row, user=team[1])
    assert not Notificatie.objects.for_user(team[2]).ongelezen().exists()
    client.force_login(team[3])
    assert client.post(reverse("terugkoppeling:afgehandeld", args=[row.pk])).status_code == 302
    row.refresh_from_db()
    assert row.afgehandeld_door == team[3]
    for member in (team[0], team[4]):
        assert not Notificatie.objects.for_user(member).open_terugval().exists()
    client.force_login(team[0])
    page = client.get(reverse("terugkoppeling:detail", args=[row.pk])).content.decode()
    assert "afgehandeld" in page and team[3].naam in page


def test_mail_reaches_each_member_per_preference_and_is_sent_once(world, team, django_capture_on_commit_callbacks):
    direct_1, direct_2, dagelijks, geen, zonder = team
    for user, keuze in ((direct_1, "direct"), (direct_2, "direct"), (dagelijks, "dagelijks"), (geen, "geen")):
        NotificatieVoorkeur.objects.create(user=user, mail=keuze)
    NotificatieVoorkeur.objects.create(user=world["consulent_b"], mail="direct")
    _afwijzing(world, django_capture_on_commit_callbacks)
    row = Notificatie.objects.get(user__isnull=True)
    assert row.mail_status == MailStatus.VERZONDEN
    assert sorted(m.to[0] for m in mail.outbox) == sorted([direct_1.email, direct_2.email])
    for message in mail.outbox:
        assert f"/notificaties/{row.pk}/" in message.body
        assert world["leerling_a"].achternaam not in message.body + message.subject  # ADR 0007
    assert tasks.notificatie_mail_verzenden.delay(row.pk).get() is False  # a retry sends nothing
    assert len(mail.outbox) == 2

    mail.outbox.clear()
    # The daily digest: the member who chose it and the one on the role's default (dagelijks);
    # not the members who chose direct or no mail, nor another municipality's consulent.
    tasks.digests_verzenden.delay().get()
    leden = {u.email for u in (*team, world["consulent_b"])}
    digests = [m for m in mail.outbox if m.to[0] in leden]
    assert sorted(m.to[0] for m in digests) == sorted([dagelijks.email, zonder.email])
    assert all(m.subject == "VOROC: 1 nieuwe notificatie" for m in digests)
    mail.outbox.clear()
    tasks.digests_verzenden.delay().get()
    assert mail.outbox == []  # a second run mails nothing again


def test_digest_includes_a_team_row_once_beside_own_rows(world, team, django_capture_on_commit_callbacks):
    NotificatieFactory.create_batch(2, user=world["consulent"], mail_status="digest")
    _afwijzing(world, django_capture_on_commit_callbacks)
    from terugkoppeling.mail import digest_verzenden

    assert digest_verzenden(user_pk=world["consulent"].pk) == 3
    assert digest_verzenden(user_pk=world["consulent"].pk) == 0
    assert [m.subject for m in mail.outbox if m.to == [world["consulent"].email]] == ["VOROC: 3 nieuwe notificaties"]


def test_the_outbox_fans_out_a_team_row_that_was_never_sent(world, team, settings):
    NotificatieVoorkeur.objects.create(user=team[0], mail="direct")
    row = NotificatieFactory(
        user=None, organisatie=world["gem_a"], team_recht="woongemeente_inzien", mail_status="wacht"
    )
    Notificatie.objects.filter(pk=row.pk).update(aangemaakt=row.aangemaakt - datetime.timedelta(hours=1))
    assert tasks.notificaties_outbox_verwerken.delay().get() == 1
    assert [m.to for m in mail.outbox] == [[team[0].email]]
    assert tasks.notificaties_outbox_verwerken.delay().get() == 0


def test_header_count_includes_team_rows_in_one_bounded_query(world, team, rf, django_assert_num_queries):
    NotificatieFactory.create_batch(3, user=world["consulent"])
    NotificatieFactory.create_batch(
        120, user=None, organisatie=world["gem_a"], team_recht="woongemeente_inzien", mail_status="geen"
    )
    NotificatieFactory.create_batch(5, user=None, organisatie=world["gem_b"], team_recht="woongemeente_inzien")
    request = rf.get("/")
    request.user = world["consulent_b"]
    from voroc import policy

    policy.grants_for(request.user)
    with django_assert_num_queries(1):
        assert str(header(request)["notificaties_ongelezen"]) == "5"
    request.user = world["consulent"]
    policy.grants_for(request.user)
    with django_assert_num_queries(1):
        assert str(header(request)["notificaties_ongelezen"]) == "99+"


@pytest.mark.postgresql
def test_header_count_query_uses_the_team_index(world, team):
    """The team side of the unread count has an index that matches it (PostgreSQL plan)."""
    # A national-like spread: many rows of other users and other teams, few of this consulent's.
    # Most of them read, the team's own included.
    anderen = [f.GemeenteFactory() for _ in range(20)]
    gelezen = {"gelezen_op": timezone.now(), "soort": "terugkoppeling"}
    team_a = {"user": None, "organisatie": world["gem_a"], "team_recht": "woongemeente_inzien"}
    rows = [
        Notificatie(user=None, organisatie=org, team_recht="woongemeente_inzien", **gelezen)
        for org in anderen
        for _ in range(100)
    ]
    rows += [Notificatie(user=world["decaan_b"], **gelezen) for _ in range(2000)]
    rows += [Notificatie(**team_a, **gelezen) for _ in range(1000)]
    rows += [Notificatie(user=world["consulent"], **gelezen) for _ in range(1000)]
    rows += [Notificatie(**team_a, soort="terugval"), Notificatie(user=world["consulent"], soort="herinnering")]
    Notificatie.objects.bulk_create(rows)
    qs = Notificatie.objects.for_user(world["consulent"]).ongelezen().order_by()[:100]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE terugkoppeling_notificatie")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "notificatie_team_ongelezen" in plan, plan
    assert "notificatie_user_gelezen" in plan, plan


def test_switching_to_the_digest_does_not_mail_a_team_row_again(world, team, django_capture_on_commit_callbacks):
    from terugkoppeling.mail import digest_verzenden
    from terugkoppeling.services_notificaties import notificatievoorkeur_save

    NotificatieVoorkeur.objects.create(user=team[0], mail="direct")
    _afwijzing(world, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox if m.to == [team[0].email]] == [[team[0].email]]
    notificatievoorkeur_save(user=team[0], mail="dagelijks")
    assert digest_verzenden(user_pk=team[0].pk) == 0  # mailed already, under the old choice
