"""The regional monitor's report: every figure against data built for it (this year, last year at
the same date, the milestones, the lead times), no personal data in the page, the exports or the
PDF, and a fixed number of queries whatever the pupils."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from aanmelding.models import Intake, Plaatsingsbesluit
from leerlingen.models import Leerling
from rapportage.rapport import rapport_maken
from rapportage.services import momentopname_maken
from rmc.models import Contactmoment, Melding, Traject
from terugkoppeling.models import Terugkoppeling
from tests import factories as f

from .conftest import leerlingen_van

TZ = ZoneInfo("Europe/Amsterdam")
VANDAAG = datetime.date(2026, 12, 3)


def _om(d: datetime.date, uur=10) -> datetime.datetime:
    return datetime.datetime(d.year, d.month, d.day, uur, tzinfo=TZ)


@pytest.fixture
def vorig_jaar(regio):
    """Last year (2025-2026) with two pupils of school A on 3 December 2025 (one a risk pupil,
    both without destination), and three on the 10th (after the same date: not read)."""
    w = regio
    sj = f.SchooljaarFactory(startjaar=2025, actief=False)
    p1 = f.LeerlingFactory(school=w["school_a"], schooljaar=sj, risico=True)
    f.LeerlingFactory(school=w["school_a"], schooljaar=sj)
    momentopname_maken(datum=datetime.date(2025, 12, 3), schooljaar=sj)
    f.LeerlingFactory(school=w["school_b"], schooljaar=sj)
    momentopname_maken(datum=datetime.date(2025, 12, 10), schooljaar=sj)
    # On last year's first milestone (formulieren gereed, 1 February 2026): two without destination.
    p1.delete()
    momentopname_maken(datum=datetime.date(2026, 2, 1), schooljaar=sj)
    Leerling.objects.filter(schooljaar=sj).delete()  # the retention purge took them: the snapshots stay
    w["vorig"] = sj
    return w


def _rij(tabel, naam):
    return next(r for r in tabel.rijen if r[0] == naam)


def test_this_year_against_last_year_at_the_same_date(vorig_jaar):
    w = vorig_jaar
    rapport = rapport_maken(user=w["monitor"], schooljaar=w["schooljaar"], vandaag=VANDAAG)
    assert rapport.live and rapport.momentopname_vorig == datetime.date(2025, 12, 3)
    regio = rapport.tabel("regio")
    # (label, this year, last year, difference)
    assert _rij(regio, "totaal")[1:] == [5, 2, 3]
    assert _rij(regio, "zonder bestemming")[1:] == [3, 2, 1]
    assert _rij(regio, "risicoleerlingen")[1:] == [1, 1, 0]
    assert _rij(regio, "geplaatst")[1:] == [1, 0, 1]
    assert _rij(regio, "Elders")[1:] == [1, 0, 1]
    assert _rij(regio, "nog geen aanmelding")[1:] == [1, 2, -1]
    scholen = rapport.tabel("scholen")
    # School, 6 states, zonder bestemming, risico, totaal, totaal vorig jaar, zonder bestemming vorig jaar
    assert _rij(scholen, w["school_a"].naam)[1:] == [1, 0, 1, 1, 0, 1, 2, 1, 4, 2, 2]
    assert _rij(scholen, w["school_b"].naam)[1:] == [0, 0, 0, 1, 0, 0, 1, 0, 1, "", ""] or _rij(
        scholen, w["school_b"].naam
    )[1:] == [0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0]
    gemeenten = rapport.tabel("gemeenten")
    assert _rij(gemeenten, w["gem_a"].naam)[-5:] == [2, 1, 4, 2, 2]
    leerwegen = rapport.tabel("leerwegen")
    assert _rij(leerwegen, "vmbo basisberoepsgerichte leerweg")[-5:-2] == [1, 1, 2]
    instellingen = rapport.tabel("instellingen")
    kop = instellingen.koppen
    rij_a = _rij(instellingen, w["mbo_a"].naam)
    assert rij_a[kop.index("aangemeld")] == 1 and rij_a[kop.index("geplaatst")] == 1 and rij_a[-2] == 2
    assert rij_a[-1] == 0  # no application last year


def test_school_b_has_no_row_last_year_so_it_reads_zero(vorig_jaar):
    w = vorig_jaar
    rapport = rapport_maken(user=w["monitor"], schooljaar=w["schooljaar"], vandaag=VANDAAG)
    assert _rij(rapport.tabel("scholen"), w["school_b"].naam)[-2:] == [0, 0]


def test_without_last_years_snapshot_the_comparison_is_empty(regio):
    rapport = rapport_maken(user=regio["monitor"], schooljaar=regio["schooljaar"], vandaag=VANDAAG)
    assert rapport.momentopname_vorig is None
    assert _rij(rapport.tabel("regio"), "totaal")[1:] == [5, "", ""]


def test_zonder_bestemming_on_each_milestone_date(vorig_jaar):
    w = vorig_jaar
    sj = w["schooljaar"]
    momentopname_maken(datum=datetime.date(2027, 1, 31), schooljaar=sj)  # the last before 1 February
    f.LeerlingFactory(school=w["school_b"], schooljaar=sj)
    momentopname_maken(datum=datetime.date(2027, 2, 2), schooljaar=sj)  # after it: not read
    with time_machine.travel(_om(datetime.date(2027, 2, 20)), tick=False):
        rapport = rapport_maken(user=w["monitor"], schooljaar=sj)
    mijlpalen = rapport.tabel("mijlpalen")
    eerste = mijlpalen.rijen[0]
    assert eerste[0] == "doorstroomformulieren ingevuld"
    assert eerste[1:] == [datetime.date(2027, 2, 1), 3, datetime.date(2026, 2, 1), 2]
    # The deadline of 1 April is still to come this year; last year it read the latest snapshot before it.
    assert mijlpalen.rijen[2][2] == "" and mijlpalen.rijen[2][4] == 2


def _aanmelding_met_tijden(w, *, ontvangst, intake, besluit, schooljaar=None, t0=None):
    leerling = f.LeerlingFactory(school=w["school_a"], schooljaar=schooljaar or w["schooljaar"])
    t0 = t0 or _om(datetime.date(2027, 3, 1))
    aanmelding = f.AanmeldingFactory(leerling=leerling, opleiding=w["opleiding_a"], aangemeld_op=t0)
    if ontvangst is not None:
        e = Terugkoppeling.objects.create(
            leerling=leerling, aanmelding=aanmelding, soort="aanmelding", status="in_behandeling", bericht="x"
        )
        Terugkoppeling.objects.filter(pk=e.pk).update(tijdstip=t0 + datetime.timedelta(days=ontvangst))
    if intake is not None:
        Intake.objects.create(
            aanmelding=aanmelding,
            datum=(t0 + datetime.timedelta(days=intake)).date(),
            tijd=datetime.time(10),
            plaats="Delft",
            gehad_op=t0 + datetime.timedelta(days=intake),
        )
    if besluit is not None:
        b = Plaatsingsbesluit.objects.create(aanmelding=aanmelding, uitkomst="geplaatst")
        Plaatsingsbesluit.objects.filter(pk=b.pk).update(besloten_op=t0 + datetime.timedelta(days=besluit))
    return aanmelding


def test_lead_times_per_programme_and_the_share_within_the_norm(regio, settings):
    settings.VOROC_RAPPORTAGE_NORMEN = {"ontvangst": 5, "intake": 30, "besluit": 40, "eerste_contact": 7}
    w = regio
    _aanmelding_met_tijden(w, ontvangst=3, intake=20, besluit=30)
    _aanmelding_met_tijden(w, ontvangst=9, intake=40, besluit=None)
    tabel = rapport_maken(user=w["monitor"], schooljaar=w["schooljaar"], vandaag=VANDAAG).tabel("doorlooptijden")
    rijen = {r[2]: r for r in tabel.rijen if r[0] == w["mbo_a"].naam}
    assert all(r[1] == w["opleiding_a"].naam for r in rijen.values())
    # [norm, applications, measured, mean, median, % within the norm]. The world's application
    # and the placed one have no times: 4 applications, 2 with times. No snapshot last year.
    assert rijen["ontvangst"][3:] == [5, 4, 2, 6, 6, 50] + [""] * 6
    assert rijen["intake"][3:9] == [30, 4, 2, 30, 30, 50]
    assert rijen["plaatsingsbesluit"][3:9] == [40, 4, 1, 30, 30, 100]
    assert tabel.koppen[3] == "Norm (dagen)" and tabel.koppen[8] == "Binnen norm (%)"


def test_days_from_risk_melding_to_first_contact_per_municipality(regio, settings):
    settings.VOROC_RAPPORTAGE_NORMEN = {"ontvangst": 5, "intake": 30, "besluit": 40, "eerste_contact": 7}
    w = regio
    d0 = datetime.date(2027, 1, 10)
    for leerling, contact_na in ((w["p_risico"], 4), (w["leerling_a"], 12), (w["p_elders"], None)):
        m = Melding.objects.create(leerling=leerling, soort="risico", reden="verzuim", melder_organisatie=w["school_a"])
        Melding.objects.filter(pk=m.pk).update(aangemaakt=_om(d0))
        if contact_na is not None:
            traject = Traject.objects.create(leerling=leerling, gemeente=w["gem_a"], gestart_op=d0)
            Contactmoment.objects.create(
                leerling=leerling,
                traject=traject,
                gemeente=w["gem_a"],
                soort="gesprek",
                notitie="-",
                datum=d0 - datetime.timedelta(days=3),  # before the melding: not its first contact
            )
            Contactmoment.objects.create(
                leerling=leerling,
                traject=traject,
                gemeente=w["gem_a"],
                soort="gesprek",
                notitie="-",
                datum=d0 + datetime.timedelta(days=contact_na),
            )
    tabel = rapport_maken(user=w["monitor"], schooljaar=w["schooljaar"], vandaag=VANDAAG).tabel("eerste_contact")
    assert tabel.rijen == [[w["gem_a"].naam, 3, 2, 8, 8, 50, "", "", "", "", "", ""]]


def test_nobody_but_the_monitor_counts_anything(regio):
    for role in ("decaan", "consulent", "intaker", "servicedesk"):
        rapport = rapport_maken(user=regio[role], schooljaar=regio["schooljaar"], vandaag=VANDAAG)
        assert _rij(rapport.tabel("regio"), "totaal")[1] == 0, role
        assert rapport.tabel("scholen").rijen == [] and rapport.tabel("doorlooptijden").rijen == []


def _body(response):
    from tests.security.test_field_visibility import _text

    return _text(response)


def test_the_monitor_sees_no_personal_data_in_page_exports_and_pdf(vorig_jaar, client):
    from rapportage.rapport import TABELLEN

    w = vorig_jaar
    client.force_login(w["monitor"])
    responses = [client.get(reverse("rapportage:regio")), client.get(reverse("rapportage:pdf"))]
    for tabel in TABELLEN:
        for formaat in ("csv", "xlsx"):
            responses.append(client.get(reverse("rapportage:export", kwargs={"tabel": tabel}), {"formaat": formaat}))
    for response in responses:
        assert response.status_code == 200
        text = _body(response)
        for leerling in leerlingen_van(w):
            assert leerling.achternaam not in text and leerling.voornaam not in text and leerling.bsn not in text
    page, pdf = _body(responses[0]), _body(responses[1])
    assert w["school_a"].naam in page and w["school_a"].naam in pdf
    assert "Leerlingen per toestand" in page and "<svg" in responses[0].content.decode()


def test_the_page_shows_the_figures_with_charts_and_tables(vorig_jaar, client):
    w = vorig_jaar
    client.force_login(w["monitor"])
    with time_machine.travel(_om(VANDAAG), tick=False):
        body = client.get(reverse("rapportage:regio")).content.decode()
    assert "<title>Rapportage · VOROC</title>" in body
    assert 'role="img"' in body and "<desc" in body and 'patternTransform="rotate(45)"' in body
    assert "3 december 2025" in body  # last year's snapshot
    assert '<th scope="row">totaal</th><td>5</td><td>2</td><td>3</td>' in body
    assert reverse("rapportage:export", kwargs={"tabel": "scholen"}) + "?formaat=csv" in body


def test_a_long_table_shows_its_first_rows_and_the_download_holds_them_all(vorig_jaar, client, monkeypatch):
    w = vorig_jaar
    monkeypatch.setattr("rapportage.views.PAGINA_RIJEN", 1)  # the fixture's region has two schools
    client.force_login(w["monitor"])
    with time_machine.travel(_om(VANDAAG), tick=False):
        body = client.get(reverse("rapportage:regio")).content.decode()
        export = _body(client.get(reverse("rapportage:export", kwargs={"tabel": "scholen"}), {"formaat": "csv"}))
    scholen = body[body.index('id="kop-scholen"') : body.index('id="kop-gemeenten"')]
    shown = [s.naam for s in (w["school_a"], w["school_b"]) if s.naam in scholen]
    assert len(shown) == 1
    assert "Hier staan 1 van de 2 rijen; de download hieronder bevat ze allemaal." in scholen
    assert "<svg" not in scholen  # no chart of a table cut short
    assert w["school_a"].naam in export and w["school_b"].naam in export


def test_an_export_holds_the_table(vorig_jaar, client):
    w = vorig_jaar
    client.force_login(w["monitor"])
    with time_machine.travel(_om(VANDAAG), tick=False):
        response = client.get(reverse("rapportage:export", kwargs={"tabel": "regio"}), {"formaat": "csv"})
    text = _body(response)
    assert response["Content-Disposition"] == 'attachment; filename="rapportage-regio-2026-2026-12-03.csv"'
    assert "Toestand;Dit jaar;Vorig jaar;Verschil" in text and "totaal;5;2;3" in text
    with time_machine.travel(_om(VANDAAG), tick=False):
        xlsx = client.get(reverse("rapportage:export", kwargs={"tabel": "regio"}), {"formaat": "xlsx"})
    assert "totaal;5;2;3" in _body(xlsx)


def test_the_pdf_is_tagged_and_holds_the_charts(vorig_jaar, client):
    w = vorig_jaar
    client.force_login(w["monitor"])
    response = client.get(reverse("rapportage:pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="rapportage-2026-2027-')
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(response.content))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    text = _body(response)
    assert "Leerlingen per toestand" in text  # the chart's caption
    # The chart itself: its legend and its bar labels are text in the PDF, beside the table's.
    assert text.count("nog geen aanmelding") >= 2, text[:2000]


def test_the_page_costs_the_same_queries_whatever_the_pupils(vorig_jaar, client, django_assert_max_num_queries):
    w = vorig_jaar
    client.force_login(w["monitor"])
    url = reverse("rapportage:regio")
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    for i in range(50):
        leerling = f.LeerlingFactory(school=w["school_a" if i % 2 else "school_b"], schooljaar=w["schooljaar"])
        f.AanmeldingFactory(leerling=leerling, opleiding=w["opleiding_a" if i % 3 else "opleiding_b"])
        Melding.objects.create(leerling=leerling, soort="risico", reden="x", melder_organisatie=w["school_a"])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("rapportage:export", kwargs={"tabel": "scholen"})).status_code == 200


def test_an_earlier_year_reads_its_snapshot_on_the_same_calendar_day(vorig_jaar):
    w = vorig_jaar
    rapport = rapport_maken(user=w["monitor"], schooljaar=w["vorig"], vandaag=VANDAAG)
    assert not rapport.live and rapport.peildatum == datetime.date(2025, 12, 3)
    assert rapport.momentopname_vorig is None  # no year before it
    assert _rij(rapport.tabel("regio"), "totaal")[1:] == [2, "", ""]
    assert _rij(rapport.tabel("scholen"), w["school_a"].naam)[-3] == 2


def test_the_lead_time_charts_show_the_share_within_the_norm(regio, settings):
    settings.VOROC_RAPPORTAGE_NORMEN = {"ontvangst": 5, "intake": 30, "besluit": 40, "eerste_contact": 7}
    w = regio
    _aanmelding_met_tijden(w, ontvangst=3, intake=20, besluit=30)
    _aanmelding_met_tijden(w, ontvangst=9, intake=40, besluit=None)
    g = rapport_maken(user=w["monitor"], schooljaar=w["schooljaar"], vandaag=VANDAAG).tabel("doorlooptijden").grafiek
    groepen = {groep.label: [b.waarde for b in groep.balken] for groep in g.groepen}
    a = f"{w['opleiding_a'].naam} ({w['mbo_a'].naam})"
    assert [groepen[f"Tot {stap}: {a}"] for stap in ("ontvangst", "intake", "plaatsingsbesluit")] == [[50], [50], [100]]
    assert groepen[f"Tot intake: {w['opleiding_b'].naam} ({w['mbo_b'].naam})"] == [None]  # nothing measured
    assert [r.naam for r in g.reeksen] == ["Dit jaar"]  # no snapshot last year: no series for it


# --- Lead times against last year's at the same date --------------------------------------------

NORMEN = {"ontvangst": 5, "intake": 30, "besluit": 40, "eerste_contact": 7}


def _risicomelding(w, leerling, dag, contact_na):
    m = Melding.objects.create(leerling=leerling, soort="risico", reden="verzuim", melder_organisatie=w["school_a"])
    Melding.objects.filter(pk=m.pk).update(aangemaakt=_om(dag))
    if contact_na is not None:
        traject = Traject.objects.create(leerling=leerling, gemeente=w["gem_a"], gestart_op=dag)
        Contactmoment.objects.create(
            leerling=leerling,
            traject=traject,
            gemeente=w["gem_a"],
            soort="gesprek",
            notitie="-",
            datum=dag + datetime.timedelta(days=contact_na),
        )


@pytest.fixture
def doorloop(regio, settings):
    """This year (live): opleiding A at mbo A with two timed applications (ontvangst 3 and 9 days,
    intake 20 and 40, one decision after 30 days) besides the world's two untimed ones; two risk
    meldingen in municipality A, first contact after 4 and 12 days.

    Last year (2025-2026), the snapshot of 3 December 2025 under norms 4/25/35/5: opleiding A two
    applications, ontvangst after 2 and 5 days (mean 3.5, median 3.5, within 4 days 1 = 50%),
    one intake after 10 days, one decision after 21 days; one risk melding, contact after 3 days
    (within 5: 100%); opleiding B had an application without any step. A snapshot of 10 December
    (after the same date) has other figures, and the purge took last year's records."""
    w = regio
    settings.VOROC_RAPPORTAGE_NORMEN = {"ontvangst": 4, "intake": 25, "besluit": 35, "eerste_contact": 5}
    vorig = f.SchooljaarFactory(startjaar=2025, actief=False)
    t0 = _om(datetime.date(2025, 11, 3))
    _aanmelding_met_tijden(w, ontvangst=2, intake=10, besluit=21, schooljaar=vorig, t0=t0)
    _aanmelding_met_tijden(w, ontvangst=5, intake=None, besluit=None, schooljaar=vorig, t0=t0)
    f.AanmeldingFactory(
        leerling=f.LeerlingFactory(school=w["school_b"], schooljaar=vorig), opleiding=w["opleiding_b"], aangemeld_op=t0
    )
    oud = f.LeerlingFactory(school=w["school_a"], schooljaar=vorig, woongemeente=w["gem_a"])
    _risicomelding(w, oud, datetime.date(2025, 11, 20), 3)
    momentopname_maken(datum=datetime.date(2025, 12, 3), schooljaar=vorig)
    _aanmelding_met_tijden(w, ontvangst=60, intake=90, besluit=99, schooljaar=vorig, t0=t0)
    momentopname_maken(datum=datetime.date(2025, 12, 10), schooljaar=vorig)
    Leerling.objects.filter(schooljaar=vorig).delete()  # the purge: the snapshots stay
    assert not Melding.objects.filter(leerling__schooljaar=vorig).exists()

    settings.VOROC_RAPPORTAGE_NORMEN = NORMEN
    _aanmelding_met_tijden(w, ontvangst=3, intake=20, besluit=30)
    _aanmelding_met_tijden(w, ontvangst=9, intake=40, besluit=None)
    d0 = datetime.date(2026, 11, 10)
    for leerling, contact_na in ((w["p_risico"], 4), (w["leerling_a"], 12)):
        _risicomelding(w, leerling, d0, contact_na)
    w["vorig"] = vorig
    return w


# Per step of opleiding A: [norm, applications, measured, mean, median, % within the norm] this
# year, then [applications, measured, mean, median, % within the norm, norm] last year.
OPLEIDING_A = {
    "ontvangst": [5, 4, 2, 6, 6, 50, 2, 2, 3.5, 3.5, 50, 4],
    "intake": [30, 4, 2, 30, 30, 50, 2, 1, 10, 10, 100, 25],
    "plaatsingsbesluit": [40, 4, 1, 30, 30, 100, 2, 1, 21, 21, 100, 35],
}
# Municipality A: [meldingen, with contact, mean, median, % within] this year, then last year's and its norm.
GEMEENTE_A = [2, 2, 8, 8, 50, 1, 1, 3, 3, 100, 5]


def test_lead_times_this_year_beside_last_year_at_the_same_date(doorloop):
    w = doorloop
    rapport = rapport_maken(user=w["monitor"], schooljaar=w["schooljaar"], vandaag=VANDAAG)
    assert rapport.momentopname_vorig == datetime.date(2025, 12, 3)
    tabel = rapport.tabel("doorlooptijden")
    for stap, verwacht in OPLEIDING_A.items():
        rij = next(r for r in tabel.rijen if r[1] == w["opleiding_a"].naam and r[2] == stap)
        assert rij[0] == w["mbo_a"].naam and rij[3:] == verwacht, stap
    # Opleiding B: this year the world's untimed application; last year one without any step.
    rij_b = next(r for r in tabel.rijen if r[1] == w["opleiding_b"].naam and r[2] == "ontvangst")
    assert rij_b[3:] == [5, 1, 0, "", "", "", 1, 0, "", "", "", 4]
    contact = rapport.tabel("eerste_contact")
    assert contact.rijen == [[w["gem_a"].naam, *GEMEENTE_A]]
    # The charts: this year and last year's share within the norm.
    g = {groep.label: [b.waarde for b in groep.balken] for groep in tabel.grafiek.groepen}
    assert g[f"Tot ontvangst: {w['opleiding_a'].naam} ({w['mbo_a'].naam})"] == [50, 50]
    assert g[f"Tot intake: {w['opleiding_a'].naam} ({w['mbo_a'].naam})"] == [50, 100]
    assert [r.naam for r in tabel.grafiek.reeksen] == ["Dit jaar", "Vorig jaar"]
    assert [[b.waarde for b in gr.balken] for gr in contact.grafiek.groepen] == [[50, 100]]


def test_an_earlier_year_reads_its_lead_times_from_its_snapshot(doorloop):
    """Last year's report, its records purged: its own lead times from its snapshot of the same day."""
    w = doorloop
    rapport = rapport_maken(user=w["monitor"], schooljaar=w["vorig"], vandaag=VANDAAG)
    assert not rapport.live
    rij = next(
        r for r in rapport.tabel("doorlooptijden").rijen if r[1] == w["opleiding_a"].naam and r[2] == "ontvangst"
    )
    assert rij[3:9] == [5, 2, 2, 3.5, 3.5, 50]  # the measures of then (the norm column: today's)
    assert rapport.tabel("eerste_contact").rijen[0][1:6] == [1, 1, 3, 3, 100]


def _nl(cel) -> str:
    """A cell as the page and the PDF write it: a decimal comma."""
    return str(cel).replace(".", ",")


def test_the_lead_times_of_both_years_on_the_page_in_the_exports_and_the_pdf(doorloop, client):
    w = doorloop
    client.force_login(w["monitor"])
    with time_machine.travel(_om(VANDAAG), tick=False):
        page = client.get(reverse("rapportage:regio")).content.decode()
        pdf = "".join(_body(client.get(reverse("rapportage:pdf"))).split())  # a PDF breaks lines anywhere
        exports = {
            (tabel, formaat): _body(
                client.get(reverse("rapportage:export", kwargs={"tabel": tabel}), {"formaat": formaat})
            )
            for tabel in ("doorlooptijden", "eerste_contact")
            for formaat in ("csv", "xlsx")
        }
    rijen = [
        ("doorlooptijden", [w["mbo_a"].naam, w["opleiding_a"].naam, stap, *verwacht])
        for stap, verwacht in OPLEIDING_A.items()
    ]
    rijen.append(("eerste_contact", [w["gem_a"].naam, *GEMEENTE_A]))
    for tabel, cellen in rijen:
        assert f'<th scope="row">{escape(cellen[0])}</th>' + "".join(f"<td>{_nl(c)}</td>" for c in cellen[1:]) in page
        assert ";".join(str(c) for c in cellen) in exports[(tabel, "csv")]
        assert ";".join(str(c) for c in cellen) in exports[(tabel, "xlsx")]
        assert "".join("".join(_nl(c).split()) for c in cellen) in pdf, cellen
    assert "Binnen norm vorig jaar (%)" in page and "Binnennormvorigjaar(%)" in pdf


def test_the_snapshot_keeps_the_lead_times_without_personal_data(doorloop):
    from rapportage.models import Telling

    rijen = Telling.objects.filter(datum=datetime.date(2025, 12, 3), dimensie="opleiding")
    t = {(r.onderdeel_naam, r.categorie, r.waarde): r.aantal for r in rijen}
    opleiding = doorloop["opleiding_a"].naam
    assert t[(opleiding, "doorloop_aantal", "")] == 2
    assert t[(opleiding, "doorloop_gemeten", "ontvangst")] == 2
    assert t[(opleiding, "doorloop_dagen", "ontvangst")] == 7
    assert t[(opleiding, "doorloop_mediaan", "ontvangst")] == 7  # 3.5 days, in half days
    assert t[(opleiding, "doorloop_binnen_norm", "ontvangst")] == 1
    assert t[(opleiding, "doorloop_norm", "ontvangst")] == 4
    assert {r.sleutel for r in rijen} == {str(doorloop["mbo_a"].pk), str(doorloop["mbo_b"].pk)}
