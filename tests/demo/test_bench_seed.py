"""`bench_seed`: the national picture in bulk, with valid data, every state, and pages that open on it."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count
from django.urls import reverse

from aanmelding.models import Aanmelding
from aanmelding.status import Status
from doorstroom.models import Doorstroomformulier
from leerlingen.models import Leerling, Schooljaar
from rmc.models import Melding
from terugkoppeling.models import Notificatie, Terugkoppeling
from terugkoppeling.notificaties import notificaties_voor_terugkoppeling
from tests.otp import verified_login
from voroc.accounts.models import Lidmaatschap
from voroc.validators import elfproef

PUPILS = 300


@pytest.fixture
def seeded(db):
    out = StringIO()
    call_command("bench_seed", "--pupils", str(PUPILS), stdout=out)
    return out.getvalue()


def test_counts_states_and_valid_data(seeded):
    assert Leerling.objects.count() == PUPILS
    assert "leerlingen" in seeded and "Klaar in" in seeded
    # Three school years, one of them active, each with pupils.
    per_jaar = dict(Leerling.objects.values_list("schooljaar__startjaar").annotate(n=Count("pk")))
    assert sorted(per_jaar) == [2024, 2025, 2026]
    assert all(n > 0 for n in per_jaar.values())
    assert Schooljaar.objects.filter(actief=True).get().startjaar == 2026
    # Every application state, forms (both states), timeline events and meldingen.
    assert set(Aanmelding.objects.values_list("status", flat=True)) == set(Status.values)
    assert set(Doorstroomformulier.objects.values_list("status", flat=True)) == {"concept", "definitief"}
    assert Terugkoppeling.objects.filter(soort="aanmelding").exists()
    assert Melding.objects.filter(soort="risico").exists()
    # The factories' rules: every BSN passes the elfproef; the leerlingnummer is unique per school and year.
    assert all(elfproef(bsn) for bsn in Leerling.objects.values_list("bsn", flat=True))
    dubbel = Leerling.objects.values("schooljaar", "school", "leerlingnummer").annotate(n=Count("pk")).filter(n__gt=1)
    assert not dubbel.exists()
    # The printed counts are the database's.
    printed = dict(line.rsplit(maxsplit=1) for line in seeded.splitlines() if line[:1].islower())
    assert int(printed["aanmeldingen"].replace(".", "")) == Aanmelding.objects.count()
    assert int(printed["leerlingen"].replace(".", "")) == PUPILS


FIELDS = ("terugkoppeling", "user", "organisatie", "team_recht", "soort", "status", "leerling", "afhandelen")


def test_notifications_are_the_ones_the_app_writes(seeded):
    """The bench rows are exactly what terugkoppeling.notificaties writes for the same events:
    a row per school user, one per event for the municipality's team, none per consulent."""
    seeded_rows = set(Notificatie.objects.values_list(*FIELDS))
    team = Notificatie.objects.filter(organisatie__isnull=False)
    assert team.exists() and Notificatie.objects.filter(user__isnull=False).exists()
    assert set(team.values_list("organisatie__soort", flat=True)) == {"gemeente"}
    consulenten = Lidmaatschap.objects.filter(rol__code="consulent").values("user")
    assert not Notificatie.objects.filter(user__in=consulenten).exists()
    # One team row per event, whatever the size of the team.
    assert not team.values("terugkoppeling").annotate(n=Count("pk")).filter(n__gt=1).exists()
    # Drop-backs to handle, some handled, some read: the inbox and "Af te handelen" have content.
    assert Notificatie.objects.filter(afhandelen=True, afgehandeld_op__isnull=True).exists()
    assert Notificatie.objects.filter(afgehandeld_op__isnull=False).exists()
    assert Notificatie.objects.filter(gelezen_op__isnull=True).exists()
    assert not Notificatie.objects.exclude(mail_status="verzonden").exists()  # no outbox work

    Notificatie.objects.all().delete()
    for event in Terugkoppeling.objects.select_related("leerling", "aanmelding__opleiding"):
        notificaties_voor_terugkoppeling(terugkoppeling=event)
    assert set(Notificatie.objects.values_list(*FIELDS)) == seeded_rows


def test_big_city_and_big_institution(seeded):
    stad = Leerling.objects.filter(woongemeente__naam="Bench-Grootstad").count()
    assert 0.04 * PUPILS < stad < 0.2 * PUPILS
    per_instelling = Aanmelding.objects.values("opleiding__instelling").annotate(n=Count("pk")).order_by("-n")
    totaal = Aanmelding.objects.count()
    assert per_instelling[0]["n"] > 0.2 * totaal


def test_refuses_a_database_with_pupils_unless_forced(seeded):
    with pytest.raises(CommandError, match="al leerlingen"):
        call_command("bench_seed", "--pupils", "10", stdout=StringIO())
    call_command("bench_seed", "--pupils", "10", "--force", stdout=StringIO())
    assert Leerling.objects.count() == PUPILS + 10


def test_refuses_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="productie"):
        call_command("bench_seed", "--pupils", "10", stdout=StringIO())
    assert not Leerling.objects.exists()


PAGES = {
    "decaan": ["home", "leerlingen:list", "terugkoppeling:list"],
    "mentor": ["home", "leerlingen:list"],
    "consulent": ["home", "rmc:overzicht"],
    "intaker": ["home", "mbo:werklijst"],
}


@pytest.mark.parametrize("rol", sorted(PAGES))
def test_pages_of_each_role_open(seeded, client, rol):
    user = Lidmaatschap.objects.filter(rol__code=rol).select_related("user").first().user
    verified_login(client, user)
    for name in PAGES[rol]:
        response = client.get(reverse(name))
        assert response.status_code == 200, (rol, name)
