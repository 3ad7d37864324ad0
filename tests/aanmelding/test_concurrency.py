"""Two placement decisions at once, or one on a stale page: the second never silently overwrites
the first. It gets a conflict message and the first decision stands.

Planted-bug check: with the `van_status` check removed from plaatsingsbesluit_record both
decisions succeed (wachtlijst -> voorwaardelijk geplaatst -> geplaatst) and both tests fail.
"""

import pytest
from django.urls import reverse

from aanmelding.models import Aanmelding, Plaatsingsbesluit
from aanmelding.services import plaatsingsbesluit_record
from tests.concurrency import run_together
from voroc.errors import DomainError

from .conftest import maak_aanmelding


def test_a_decision_on_a_stale_page_is_refused(world, client):
    aanmelding = maak_aanmelding(world, status="wachtlijst")
    client.force_login(world["intaker"])
    url = reverse("mbo:besluit", kwargs={"pk": aanmelding.pk})
    page = client.get(reverse("mbo:dossier", kwargs={"pk": aanmelding.pk})).content.decode()
    assert 'name="van_status" value="wachtlijst"' in page
    # A colleague decides first; this user still has the page from before.
    plaatsingsbesluit_record(
        aanmelding=aanmelding, uitkomst="voorwaardelijk_geplaatst", voorwaarde="Taaltoets", user=world["intaker"]
    )
    response = client.post(url, {"uitkomst": "geplaatst", "van_status": "wachtlijst"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Een collega heeft deze aanmelding intussen gewijzigd" in body
    assert 'name="van_status" value="voorwaardelijk_geplaatst"' in body  # the next try decides on the new state
    aanmelding.refresh_from_db()
    assert aanmelding.status == "voorwaardelijk_geplaatst"
    assert Plaatsingsbesluit.objects.get(aanmelding=aanmelding).voorwaarde == "Taaltoets"
    # Deciding again on what is there now works.
    ok = client.post(url, {"uitkomst": "geplaatst", "van_status": "voorwaardelijk_geplaatst"})
    assert ok.status_code == 302
    aanmelding.refresh_from_db()
    assert aanmelding.status == "geplaatst"


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_one_wins_one_gets_a_conflict(world):
    aanmelding = maak_aanmelding(world, status="wachtlijst")
    intaker = world["intaker"]
    results = run_together(
        lambda: plaatsingsbesluit_record(
            aanmelding=aanmelding,
            uitkomst="voorwaardelijk_geplaatst",
            voorwaarde="Taaltoets",
            user=intaker,
            van_status="wachtlijst",
        ),
        lambda: plaatsingsbesluit_record(
            aanmelding=aanmelding, uitkomst="geplaatst", user=intaker, van_status="wachtlijst"
        ),
    )
    assert sorted(r == "ok" for r in results) == [False, True], results
    refused = next(r for r in results if r != "ok")
    assert isinstance(refused, DomainError) and "intussen gewijzigd" in refused.message
    winner = ["voorwaardelijk_geplaatst", "geplaatst"][results.index("ok")]
    assert Aanmelding.objects.get(pk=aanmelding.pk).status == winner
    assert Plaatsingsbesluit.objects.get(aanmelding=aanmelding).uitkomst == winner
