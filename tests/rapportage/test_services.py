"""The daily snapshot: every count per dimension, idempotent per date, no personal data, kept
by the retention purge."""

import datetime

from django.core.management import call_command

from leerlingen.models import Leerling
from rapportage.models import Telling
from rapportage.services import momentopname_maken
from rapportage.tasks import momentopname_task

from .conftest import leerlingen_van

DAG = datetime.date(2026, 12, 1)


def _tellingen(datum=DAG):
    return {(t.dimensie, t.naam, t.categorie, t.waarde): t.aantal for t in Telling.objects.filter(datum=datum)}


def test_the_snapshot_counts_every_dimension(regio):
    w = regio
    momentopname_maken(datum=DAG)
    t = _tellingen()
    a, b = w["school_a"].naam, w["school_b"].naam
    assert t[("regio", "Regio", "totaal", "")] == 5
    assert t[("regio", "Regio", "zonder_bestemming", "")] == 3
    assert t[("regio", "Regio", "risico", "")] == 1
    assert t[("school", a, "totaal", "")] == 4
    assert t[("school", a, "toestand", "geplaatst")] == 1
    assert t[("school", a, "toestand", "elders")] == 1
    assert t[("school", a, "toestand", "aangemeld")] == 1
    assert t[("school", a, "toestand", "geen_aanmelding")] == 1
    assert t[("school", a, "zonder_bestemming", "")] == 2
    assert t[("school", a, "risico", "")] == 1
    assert t[("school", a, "bestemming", "werk")] == 1
    assert t[("school", b, "totaal", "")] == 1 and t[("school", b, "zonder_bestemming", "")] == 1
    assert ("school", b, "risico", "") in t and t[("school", b, "risico", "")] == 0
    assert t[("gemeente", w["gem_a"].naam, "totaal", "")] == 4
    assert t[("gemeente", w["gem_b"].naam, "zonder_bestemming", "")] == 1
    assert t[("leerweg", "vmbo basisberoepsgerichte leerweg", "totaal", "")] == 2
    assert t[("leerweg", "vmbo kaderberoepsgerichte leerweg", "totaal", "")] == 3
    assert t[("instelling", w["mbo_a"].naam, "aanmelding_status", "aangemeld")] == 1
    assert t[("instelling", w["mbo_a"].naam, "aanmelding_status", "geplaatst")] == 1
    assert t[("instelling", w["mbo_a"].naam, "totaal", "")] == 2
    assert t[("instelling", w["mbo_b"].naam, "aanmelding_status", "aangemeld")] == 1


def test_a_second_run_the_same_day_replaces_it(regio, django_assert_max_num_queries):
    n = momentopname_maken(datum=DAG)
    assert n == Telling.objects.filter(datum=DAG).count() > 0
    regio["p_risico"].delete()
    momentopname_maken(datum=DAG)
    assert _tellingen()[("regio", "Regio", "totaal", "")] == 4
    assert Telling.objects.filter(datum=DAG, dimensie="regio", categorie="totaal").count() == 1
    momentopname_maken(datum=DAG + datetime.timedelta(days=1))
    assert Telling.objects.filter(dimensie="regio", categorie="totaal").count() == 2


def test_the_snapshot_costs_the_same_queries_whatever_the_pupils(regio, django_assert_max_num_queries):
    from tests import factories as f

    # Counts (3), the lead times of the programmes and of the first contacts (2), the writes.
    with django_assert_max_num_queries(10):
        momentopname_maken(datum=DAG)
    # More pupils and applications, to programmes that are already counted: the snapshot's rows grow
    # with programmes and organisations, not with pupils (SQLite would also split a bigger insert).
    for _ in range(10):
        f.LeerlingFactory(school=regio["school_b"], schooljaar=regio["schooljaar"])
        leerling = f.LeerlingFactory(school=regio["school_a"], schooljaar=regio["schooljaar"])
        f.AanmeldingFactory(leerling=leerling, opleiding=regio["opleiding_a"])
    with django_assert_max_num_queries(10):
        momentopname_maken(datum=DAG)


def test_the_snapshot_holds_no_personal_data_and_survives_the_retention_purge(regio):
    momentopname_maken(datum=DAG)
    stored = " ".join(str(v) for row in Telling.objects.values_list() for v in row)
    for leerling in leerlingen_van(regio):
        assert leerling.achternaam not in stored and leerling.bsn not in stored
    before = Telling.objects.count()
    from voroc.retention import retention_purge

    retention_purge(today=datetime.date(2035, 1, 1))
    assert not Leerling.objects.exists(), "the purge removed the pupils"
    assert Telling.objects.count() == before


def test_the_beat_task_and_the_command_make_the_snapshot(regio, settings):
    assert "rapportage.tasks.momentopname_task" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    momentopname_task.delay()
    assert Telling.objects.filter(categorie="totaal", dimensie="regio").exists()
    call_command("rapportage_momentopname", "--date", "2026-11-01")
    assert (
        Telling.objects.filter(datum=datetime.date(2026, 11, 1), dimensie="regio", categorie="totaal").get().aantal == 5
    )
