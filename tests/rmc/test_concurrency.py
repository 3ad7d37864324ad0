"""Two people at once on one pupil: a risk melding, a move, a first contact moment.
Real threads on PostgreSQL; `slow` widens the window between check and write so that without the
pupil's row lock both would pass their checks.

Planted-bug checks (run once, on PostgreSQL): without the pupil's row lock and the IntegrityError
fallback in melding_create_risico the second melding ends in an IntegrityError (a 500); without
the lock in contactmoment_record the second first contact starts a second trajectory and ends in
an IntegrityError, its note lost; without the `van_gemeente_id` check the second move is either
recorded as well or refused with the wrong message.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from leerlingen.models import Leerling
from leerlingen.services import leerling_verhuizen
from rmc import services
from rmc.models import Contactmoment, Melding, Traject, Verhuizing
from tests import factories as f
from tests.concurrency import run_together, slow
from voroc.errors import DomainError


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_risk_meldingen_at_once_make_one(world, monkeypatch):
    slow(monkeypatch, Melding.objects, "create")
    leerling = world["leerling_a"]

    def melden(user):
        return lambda: services.melding_create_risico(leerling=leerling, user=user, reden="Verzuim")

    tweede_decaan = f.user_with_role("decaan", world["school_a"])
    results = run_together(melden(world["decaan"]), melden(tweede_decaan))
    assert sorted(r == "ok" for r in results) == [False, True], results
    refused = next(r for r in results if r != "ok")
    assert isinstance(refused, DomainError) and "loopt al een risicomelding" in refused.message
    assert Melding.objects.filter(leerling=leerling, soort="risico").count() == 1


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_moves_at_once_the_second_gets_a_conflict(world):
    leerling = world["leerling_a"]
    gem_c = f.GemeenteFactory(naam="Zoetermeer")
    start = leerling.woongemeente_id
    results = run_together(
        lambda: leerling_verhuizen(
            leerling=leerling, woongemeente=world["gem_b"], user=world["decaan"], van_gemeente_id=start
        ),
        lambda: leerling_verhuizen(
            leerling=leerling, woongemeente=gem_c, user=world["consulent"], van_gemeente_id=start
        ),
    )
    assert sorted(r == "ok" for r in results) == [False, True], results
    refused = next(r for r in results if r != "ok")
    assert isinstance(refused, DomainError) and "Intussen is een verhuizing" in refused.message
    assert Verhuizing.objects.filter(leerling=leerling).count() == 1
    winner = [world["gem_b"].pk, gem_c.pk][results.index("ok")]
    assert Leerling.objects.get(pk=leerling.pk).woongemeente_id == winner


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_first_contact_moments_at_once_keep_both_notes(world, monkeypatch):
    slow(monkeypatch, Traject.objects, "create")
    leerling = world["leerling_a"]
    collega = f.user_with_role("consulent", world["gem_a"])

    def contact(user, notitie):
        return lambda: services.contactmoment_record(
            leerling=leerling, user=user, datum=timezone.localdate(), soort="telefoon", notitie=notitie
        )

    results = run_together(contact(world["consulent"], "Eerste notitie"), contact(collega, "Tweede notitie"))
    assert results == ["ok", "ok"], results
    assert Traject.objects.filter(leerling=leerling).count() == 1
    assert sorted(Contactmoment.objects.filter(leerling=leerling).values_list("notitie", flat=True)) == [
        "Eerste notitie",
        "Tweede notitie",
    ]


def test_the_database_keeps_one_open_risk_melding_per_pupil(world):
    """The partial unique constraint itself (also on SQLite): a second open one cannot be written."""
    leerling = world["leerling_a"]
    services.melding_create_risico(leerling=leerling, user=world["decaan"], reden="Verzuim")
    with pytest.raises(IntegrityError), transaction.atomic():
        Melding.objects.create(leerling=leerling, soort="risico", reden="Nog een", melder_organisatie=world["school_a"])
    # A closed one does not count: after closing, a new melding can be made.
    melding = Melding.objects.get(leerling=leerling)
    Melding.objects.filter(pk=melding.pk).update(status="afgesloten", uitkomst="Opgelost")
    services.melding_create_risico(leerling=leerling, user=world["decaan"], reden="Weer verzuim")
    assert Melding.objects.filter(leerling=leerling, soort="risico").count() == 2


def test_reopening_a_closed_melding_next_to_a_new_one_is_refused(world):
    leerling = world["leerling_a"]
    oud = services.melding_create_risico(leerling=leerling, user=world["decaan"], reden="Verzuim")
    c = world["consulent"]
    services.melding_status_update(melding=oud, status="in_behandeling", user=c)
    services.melding_status_update(melding=oud, status="afgesloten", resultaat="onderwijs", uitkomst="Ok", user=c)
    services.melding_create_risico(leerling=leerling, user=world["decaan"], reden="Weer verzuim")
    with pytest.raises(DomainError, match="nieuwe risicomelding"):
        services.melding_status_update(melding=oud, status="in_behandeling", user=c)


def test_a_move_from_a_stale_page_changes_nothing(world, client):
    """The municipality's page is stale once someone else moved the pupil: the pupil is out of its
    scope then (404), and the service would refuse the old municipality anyway."""
    from django.urls import reverse

    leerling = world["leerling_a"]
    client.force_login(world["consulent"])
    page = client.get(reverse("rmc:verhuizing", kwargs={"pk": leerling.pk})).content.decode()
    assert f'name="van_gemeente_id" value="{leerling.woongemeente_id}"' in page
    gem_c = f.GemeenteFactory(naam="Zoetermeer")
    leerling_verhuizen(leerling=leerling, woongemeente=gem_c, user=world["decaan"])
    response = client.post(
        reverse("rmc:verhuizing", kwargs={"pk": leerling.pk}),
        {
            "woongemeente": world["gem_b"].pk,
            "datum": datetime.date.today().isoformat(),
            "van_gemeente_id": world["gem_a"].pk,
        },
    )
    assert response.status_code == 404
    with pytest.raises(DomainError, match="Intussen is een verhuizing"):
        leerling_verhuizen(
            leerling=leerling, woongemeente=world["gem_b"], user=world["decaan"], van_gemeente_id=world["gem_a"].pk
        )
    leerling.refresh_from_db()
    assert leerling.woongemeente_id == gem_c.pk
    assert Verhuizing.objects.filter(leerling=leerling).count() == 1
