"""`seed_demo`: realistic data, idempotent, and every demo account logs in and sees only its own scope.

The test seeds at a quarter of the demo's size (`--schaal 0.25`, the same code path): every
organisation, account, status and scope is there, with fewer pupils per school."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from aanmelding.models import Aanmelding
from aanmelding.status import Status
from demo import data as D
from demo.management.commands.seed_demo import Seeder
from doorstroom.models import Doorstroomformulier
from leerlingen.models import Elders, Leerling
from rmc.models import Melding
from voroc.accounts.models import Organisatie, User

SCHAAL = 0.25
PAIRS = [("decaan1", "decaan2"), ("intake1", "intake2"), ("rmc1", "rmc2")]


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("seed_demo", "--schaal", str(SCHAAL), stdout=out)
    return out.getvalue()


def user(code):
    return User.objects.get(email=f"{code}@demo.voroc.nl")


def visible(code):
    return set(Leerling.objects.for_user(user(code)).values_list("pk", flat=True))


def pupils_planned(schaal):
    seeder = Seeder(StringIO(), None, schaal=schaal)
    return {key: seeder.aantal_leerlingen(key, school[5]) for key, school in D.SCHOLEN.items()}


def test_the_full_demo_has_a_realistic_number_of_pupils_and_the_scale_keeps_every_school():
    assert 250 <= sum(pupils_planned(1).values()) <= 350
    small = pupils_planned(SCHAAL)
    assert all(small.values()) and sum(small.values()) < sum(pupils_planned(1).values()) / 2


def test_seed_demo_fills_every_state_is_idempotent_and_scoped(seeded, client):
    assert Organisatie.objects.gemeenten().count() == 9
    assert Organisatie.objects.instellingen().count() == 4
    assert Organisatie.objects.filter(soort="vo_school").count() == len(D.SCHOLEN)
    per_school = dict(Leerling.objects.values_list("school__naam").annotate(n=Count("pk")))
    assert per_school == {D.SCHOLEN[key][0]: n for key, n in pupils_planned(SCHAAL).items()}
    assert set(Aanmelding.objects.values_list("status", flat=True)) == set(Status.values)
    assert Doorstroomformulier.objects.filter(status="definitief").exists()
    assert Melding.objects.filter(soort="risico").exists() and Elders.objects.exists()
    assert "decaan1@demo.voroc.nl" in seeded and "voroc-demo" in seeded
    counts = (Leerling.objects.count(), Aanmelding.objects.count(), User.objects.count())
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert (Leerling.objects.count(), Aanmelding.objects.count(), User.objects.count()) == counts
    assert "decaan1@demo.voroc.nl" in again.getvalue()

    # Two users of one role at different organisations see disjoint, non-empty sets.
    for a, b in PAIRS:
        assert visible(a) and visible(b)
        assert not visible(a) & visible(b), f"{a} and {b} overlap"
    assert visible("mentor1") < visible("decaan1")
    assert visible("servicedesk1") == set()

    # Every demo account logs in with the demo password (seeding is slow: one test does both).
    for code in ("decaan1", "decaan2", "mentor1", "zorg1", "intake1", "intake2", "rmc1", "rmc2", "servicedesk1"):
        response = client.post(reverse("login"), {"username": f"{code}@demo.voroc.nl", "password": "voroc-demo"})
        assert response.status_code == 302, code
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))
