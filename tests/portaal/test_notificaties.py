"""The pupil with a portal account hears of the mbo's feedback moments by a mail without data."""

import datetime

from django.core import mail
from django.utils import timezone

from aanmelding.services_mbo import aanmelding_ontvangen, intake_plannen
from portaal.models import Toegang


def test_receipt_and_intake_mail_the_pupil_without_any_data(world, django_capture_on_commit_callbacks):
    aanmelding, intaker, leerling = world["aanmelding_a"], world["intaker"], world["leerling_a"]
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_ontvangen(aanmelding=aanmelding, user=intaker)
    with django_capture_on_commit_callbacks(execute=True):
        intake_plannen(
            aanmelding=aanmelding,
            datum=timezone.localdate() + datetime.timedelta(days=2),
            tijd=datetime.time(9, 0),
            plaats="Lokaal X9",
            user=intaker,
        )
    mails = [m for m in mail.outbox if m.to == [world["leerling"].email]]
    assert [m.subject for m in mails] == [
        "VOROC: je aanmelding is ontvangen",
        "VOROC: je bent uitgenodigd voor een intake",
    ]
    for m in mails:
        tekst = m.subject + m.body
        for data in (leerling.voornaam, leerling.achternaam, world["opleiding_a"].naam, world["mbo_a"].naam, "X9"):
            assert data not in tekst
        assert "/mijn/" in m.body
    # A parent gets the same messages unless the parent chose otherwise.
    assert [m.subject for m in mail.outbox if m.to == [world["ouder"].email]] == [m.subject for m in mails]


def test_a_parent_who_chose_no_messages_gets_none(world, django_capture_on_commit_callbacks):
    Toegang.objects.filter(user=world["ouder"]).update(meldingen=False)
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_ontvangen(aanmelding=world["aanmelding_a"], user=world["intaker"])
    assert [m.to for m in mail.outbox] == [[world["leerling"].email]]


def test_no_mail_without_an_active_account(world, django_capture_on_commit_callbacks):
    Toegang.objects.filter(user=world["leerling"]).update(ingetrokken_op=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        aanmelding_ontvangen(aanmelding=world["aanmelding_a"], user=world["intaker"])
    assert not [m for m in mail.outbox if m.to == [world["leerling"].email]]


def test_the_recipients_are_those_with_access_when_the_step_commits(world, django_capture_on_commit_callbacks):
    """The rule (docs/portaal.md): who has an active access when the step's transaction commits,
    as for the staff notifications. An access revoked later in the same transaction gets no mail;
    one granted later in it does."""
    from django.db import transaction

    from tests import factories as f

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            aanmelding_ontvangen(aanmelding=world["aanmelding_a"], user=world["intaker"])
            Toegang.objects.filter(user=world["ouder"]).update(ingetrokken_op=timezone.now())
            later = f.portaal_account(world["leerling_a"], relatie="ouder", email="later@example.nl")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world["leerling"].email, later.email])
