"""The demo's report history (demo/rapportage_history.py): the region with its monitor, and last
year's snapshots, so that the demo's report compares this year with last year."""

import datetime
from io import StringIO

from demo import data as D
from demo.management.commands.seed_demo import Seeder
from demo.rapportage_history import rapportage_geschiedenis
from rapportage.models import Telling
from rapportage.rapport import rapport_maken
from voroc import policy


def test_last_years_history_and_the_monitor(world):
    seeder = Seeder(StringIO(), None)
    n = rapportage_geschiedenis(seeder)
    monitor = seeder.demo_users[-1][0]
    assert monitor.email == f"{D.DEMO_MONITOR[0]}@{D.DEMO_DOMAIN}" and policy.has_perm(monitor, "regio_monitoren")
    vorig = Telling.objects.filter(schooljaar__startjaar=D.SCHOOLJAAR - 1)
    assert n == vorig.count() > 0
    # Every day's region adds up: the states make the total, and the schools make the region.
    for datum in vorig.values_list("datum", flat=True).distinct():
        dag = vorig.filter(datum=datum)
        regio = dag.get(dimensie="regio", categorie="totaal").aantal
        assert sum(dag.filter(dimensie="regio", categorie="toestand").values_list("aantal", flat=True)) == regio
        assert sum(dag.filter(dimensie="school", categorie="totaal").values_list("aantal", flat=True)) == regio
    # Later in the year fewer pupils are without destination.
    reeks = list(
        vorig.filter(dimensie="regio", categorie="zonder_bestemming").order_by("datum").values_list("aantal", flat=True)
    )
    assert reeks[-1] < reeks[0]
    rapport = rapport_maken(user=monitor, schooljaar=world["schooljaar"], vandaag=datetime.date(2026, 12, 3))
    assert rapport.momentopname_vorig is not None and rapport.momentopname_vorig <= datetime.date(2025, 12, 3)
    totaal = next(r for r in rapport.tabel("regio").rijen if r[0] == "totaal")
    assert totaal[1] == 2 and totaal[2] != ""


def test_last_years_history_holds_lead_times_and_the_schools_leerwegen(world):
    seeder = Seeder(StringIO(), None)
    rapportage_geschiedenis(seeder)
    monitor = seeder.demo_users[-1][0]
    vorig = Telling.objects.filter(schooljaar__startjaar=D.SCHOOLJAAR - 1)
    assert vorig.filter(dimensie="school_leerweg", categorie="totaal").exists()
    # Never more within the norm than measured, never more measured than applications.
    for dag in vorig.filter(dimensie="opleiding").values_list("datum", flat=True).distinct()[:5]:
        t = {(r.onderdeel, r.categorie, r.waarde): r.aantal for r in vorig.filter(datum=dag, dimensie="opleiding")}
        for (deel, categorie, stap), n in t.items():
            if categorie == "doorloop_binnen_norm":
                assert n <= t[(deel, "doorloop_gemeten", stap)] <= t[(deel, "doorloop_aantal", "")]
    rapport = rapport_maken(user=monitor, schooljaar=world["schooljaar"], vandaag=datetime.date(2026, 12, 3))
    doorloop = rapport.tabel("doorlooptijden")
    # Last year's columns (applications, measured, ..., norm) are filled for the world's programmes.
    rij = next(r for r in doorloop.rijen if r[1] == world["opleiding_a"].naam and r[2] == "ontvangst")
    assert rij[9] > 0 and rij[10] > 0 and rij[13] != "" and rij[14] == rapport.normen["ontvangst"]
    contact = rapport.tabel("eerste_contact")
    assert contact.rijen and all(r[6] > 0 for r in contact.rijen)
    assert [s.naam for s in contact.grafiek.reeksen] == ["Dit jaar", "Vorig jaar"]
