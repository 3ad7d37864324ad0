"""The Cijfers page (dossier/cijfers.py): every figure against data built for it, every number's
link opens a list with exactly that many rows, a fixed query count, and no pupil on the page."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from dossier import cijfers
from leerlingen.models import Elders
from rapportage.models import Telling
from terugkoppeling.models import Terugkoppeling
from tests import factories as f


def _rij(response, code, label):
    blokken = [
        b for sectie in ("school", "mbo", "gemeente") for b in response.context.get(sectie, {}).get("blokken", [])
    ]
    blok = next(b for b in blokken if b.code == code)
    rij = next(r for r in blok.rijen if r[0] == label)
    return [c.waarde for c in rij[1:]]


@pytest.fixture
def cijferwereld(world):
    """School A's pupils besides leerling_a (klas 4A, KB, applied to opleiding A, aangemeld):
    X1/KB without application, a risk pupil; X1/KB placed at opleiding A; X2/BB in behandeling at
    opleiding A and afgewezen at another programme of mbo A; X2/BB Elders (werk). Opleiding A has
    capacity 3. All live in municipality A (school A's)."""
    w = world
    sj, opl = w["schooljaar"], w["opleiding_a"]
    opl.capaciteit = 3
    opl.save()
    ander = f.OpleidingFactory(instelling=w["mbo_a"], naam="Zzz opleiding")

    def leerling(klas, leerweg, **kw):
        return f.LeerlingFactory(school=w["school_a"], schooljaar=sj, klas=klas, leerweg=leerweg, **kw)

    w["p_geen"] = leerling("X1", "KB", risico=True)
    w["p_geplaatst"] = leerling("X1", "KB")
    w["a_geplaatst"] = f.AanmeldingFactory(leerling=w["p_geplaatst"], opleiding=opl, status="geplaatst")
    w["p_bezig"] = leerling("X2", "BB")
    w["a_bezig"] = f.AanmeldingFactory(leerling=w["p_bezig"], opleiding=opl, status="in_behandeling")
    f.AanmeldingFactory(leerling=w["p_bezig"], opleiding=ander, status="afgewezen", keuze=2)
    w["p_elders"] = leerling("X2", "BB")
    Elders.objects.create(leerling=w["p_elders"], soort="werk")
    return w


def _get(client, user):
    client.force_login(user)
    response = client.get(reverse("cijfers"))
    assert response.status_code == 200
    return response


def test_school_figures_per_state_leerweg_and_class(cijferwereld, client):
    r = _get(client, cijferwereld["decaan"])
    assert _rij(r, "levensloop", "nog geen aanmelding") == [2]  # p_geen, p_elders
    assert _rij(r, "levensloop", "aangemeld") == [1]  # leerling_a
    assert _rij(r, "levensloop", "in behandeling") == [1]
    assert _rij(r, "levensloop", "afgewezen") == [1]
    assert _rij(r, "levensloop", "geplaatst") == [1]
    # [pupils, without application, placed]
    assert _rij(r, "per-klas", "X1") == [2, 1, 1]
    assert _rij(r, "per-klas", "X2") == [2, 1, 0]
    assert _rij(r, "per-leerweg", "vmbo basisberoepsgerichte leerweg") == [2, 1, 0]
    assert _rij(r, "per-leerweg", "vmbo kaderberoepsgerichte leerweg") == [3, 1, 1]  # with leerling_a


def test_the_mentor_counts_only_the_group(cijferwereld, client):
    r = _get(client, cijferwereld["mentor"])
    assert r.context["school"]["totaal"] == 1  # leerling_a
    assert _rij(r, "per-klas", "4A") == [1, 0, 0]
    assert "X1" not in [rij[0] for b in r.context["school"]["blokken"] for rij in b.rijen]


def test_what_still_has_to_happen_before_the_next_milestone(cijferwereld):
    request = RequestFactory().get("/")
    request.user = cijferwereld["decaan"]
    sj = cijferwereld["schooljaar"]
    school = cijfers._school(request, sj, sj.aanmelddeadline - datetime.timedelta(days=3))
    m = school["mijlpaal"]
    assert (m.code, m.dagen) == ("aanmelddeadline", 3)
    # Without application and without Elders: p_geen only; no form started anywhere, none in concept.
    assert [(t.label, t.aantal) for t in m.taken] == [
        ("leerlingen nog zonder aanmelding en zonder Elders-bestemming", 1),
        ("doorstroomformulieren nog in concept", 0),
    ]
    school = cijfers._school(request, sj, sj.formulieren_gereed)
    assert [t.aantal for t in school["mijlpaal"].taken] == [5, 0]  # five pupils, no form started


def test_mbo_figures_per_programme_capacity_and_feedback_on_time(cijferwereld, client):
    w = cijferwereld
    sj = w["schooljaar"]
    # Moment 1 for two applications, one before the deadline and one after; moment 3 on time.
    for aanmelding, moment, wanneer in (
        (w["a_bezig"], 1, sj.terugkoppeling_gereed - datetime.timedelta(days=10)),
        (w["aanmelding_a"], 1, sj.terugkoppeling_gereed + datetime.timedelta(days=2)),
        (w["a_geplaatst"], 3, sj.terugkoppeling_gereed),
    ):
        with time_machine.travel(
            timezone.make_aware(datetime.datetime.combine(wanneer, datetime.time(12))), tick=False
        ):
            Terugkoppeling.objects.create(
                leerling=aanmelding.leerling,
                aanmelding=aanmelding,
                soort="aanmelding",
                status=aanmelding.status,
                moment=moment,
                bericht="x",
            )
    r = _get(client, w["intaker"])
    naam = w["opleiding_a"].naam
    blok = next(b for b in r.context["mbo"]["blokken"] if b.code == "per-opleiding")
    kolommen = blok.koppen[1:]
    per_status = dict(zip(kolommen, _rij(r, "per-opleiding", naam), strict=True))
    assert per_status == {"aangemeld": 1, "in behandeling": 1, "geplaatst": 1, "afgewezen": 0, "Totaal": 3}
    assert _rij(r, "per-opleiding", "Zzz opleiding")[kolommen.index("afgewezen")] == 1
    # [capacity, live, placed, places left]; the other programme has no capacity: not listed.
    assert _rij(r, "capaciteit", naam) == [3, 3, 1, 2]
    assert [b for b in r.context["mbo"]["blokken"] if b.code == "capaciteit"][0].rijen[1:] == []
    # [given, on time, on time %, still missing]
    # Still missing moment 1: the placed one and the rejected one at the other programme.
    assert _rij(r, "terugkoppeling", "1. na aanmelding") == [2, 1, 50, 2]
    assert _rij(r, "terugkoppeling", "3. na het plaatsingsbesluit")[:3] == [1, 1, 100]
    assert _rij(r, "terugkoppeling", "2. voorafgaand aan de intake")[:3] == [0, 0, None]


@time_machine.travel(datetime.datetime(2027, 4, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_municipality_figures_and_this_year_against_last(cijferwereld, client):
    w = cijferwereld
    sj = w["schooljaar"]
    vorig = f.SchooljaarFactory(startjaar=2025, actief=False)

    def telling(schooljaar, datum, gemeente, categorie, aantal):
        Telling.objects.create(
            datum=datum,
            schooljaar=schooljaar,
            dimensie="gemeente",
            sleutel=str(gemeente.pk),
            naam=gemeente.naam,
            categorie=categorie,
            aantal=aantal,
        )

    for gemeente, factor in ((w["gem_a"], 1), (w["gem_b"], 100)):  # B's counts must not show
        telling(sj, sj.risico_melden - datetime.timedelta(days=1), gemeente, "zonder_bestemming", 9 * factor)
        telling(sj, sj.risico_melden - datetime.timedelta(days=1), gemeente, "risico", 4 * factor)
        telling(vorig, vorig.risico_melden, gemeente, "zonder_bestemming", 7 * factor)
        telling(vorig, vorig.risico_melden, gemeente, "risico", 2 * factor)
        telling(vorig, datetime.date(2026, 4, 14), gemeente, "zonder_bestemming", 5 * factor)
        telling(vorig, datetime.date(2026, 4, 14), gemeente, "risico", 1 * factor)
    r = _get(client, w["consulent"])
    assert _rij(r, "toestanden", "geplaatst") == [1]
    assert _rij(r, "toestanden", "Elders") == [1]
    assert _rij(r, "toestanden", "aangemeld, wacht op besluit") == [2]  # leerling_a, p_bezig
    assert _rij(r, "toestanden", "zonder bestemming") == [3]  # leerling_a, p_geen, p_bezig
    assert _rij(r, "toestanden", "risicoleerlingen") == [1]
    assert _rij(r, "bestemmingen", "werk") == [1]
    # [date, zonder, risico, date last year, zonder last year, risico last year]
    assert _rij(r, "verloop", "doorstroomformulieren ingevuld")[1:] == [
        None,
        None,
        vorig.formulieren_gereed,
        None,
        None,
    ]
    assert _rij(r, "verloop", "risicoleerlingen gemeld")[1:] == [9, 4, vorig.risico_melden, 7, 2]
    assert _rij(r, "verloop", "aanmelddeadline (toelatingsrecht)")[1:] == [9, 4, vorig.aanmelddeadline, 7, 2]
    assert _rij(r, "verloop", "terugkoppeling mbo gereed")[1:3] == [None, None]  # still to come
    assert _rij(r, "verloop", "vandaag") == [datetime.date(2027, 4, 15), 3, 1, datetime.date(2026, 4, 15), 5, 1]
    verloop = next(b for b in r.context["gemeente"]["blokken"] if b.code == "verloop")
    labels = [rij[0] for rij in verloop.rijen]
    assert labels.index("vandaag") == labels.index("aanmelddeadline (toelatingsrecht)") + 1  # in date order


def _telling(schooljaar, datum, dimensie, organisatie, categorie, aantal, waarde="", onderdeel="", onderdeel_naam=""):
    Telling.objects.create(
        datum=datum,
        schooljaar=schooljaar,
        dimensie=dimensie,
        sleutel=str(organisatie.pk),
        naam=organisatie.naam,
        onderdeel=onderdeel,
        onderdeel_naam=onderdeel_naam,
        categorie=categorie,
        waarde=waarde,
        aantal=aantal,
    )


@time_machine.travel(datetime.datetime(2027, 4, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_school_and_mbo_this_year_against_last_year_at_the_same_date(cijferwereld, client):
    """This year: the latest snapshot on or before today (14 April; 1 April is older). Last year:
    the latest on or before 15 April 2026 (16 April 2026 is after the same day). Schools and
    institutions of the B side count a hundredfold and must not show."""
    w = cijferwereld
    sj = w["schooljaar"]
    vorig = f.SchooljaarFactory(startjaar=2025, actief=False)
    d = datetime.date
    for school, mbo, x in ((w["school_a"], w["mbo_a"], 1), (w["school_b"], w["mbo_b"], 100)):
        for jaar, datum, factor in (
            (sj, d(2027, 4, 1), 50),
            (sj, d(2027, 4, 14), 1),
            (vorig, d(2026, 3, 1), 70),
            (vorig, d(2026, 4, 15), 2),
            (vorig, d(2026, 4, 16), 90),
        ):
            n = x * factor
            _telling(jaar, datum, "school", school, "totaal", 10 * n)
            _telling(jaar, datum, "school", school, "toestand", 3 * n, "geplaatst")
            _telling(jaar, datum, "school", school, "toestand", 7 * n, "geen_aanmelding")
            _telling(jaar, datum, "school", school, "zonder_bestemming", 7 * n)
            _telling(jaar, datum, "school", school, "risico", n)
            _telling(jaar, datum, "instelling", mbo, "totaal", 6 * n)
            _telling(jaar, datum, "instelling", mbo, "aanmelding_status", 4 * n, "aangemeld")
            _telling(jaar, datum, "instelling", mbo, "aanmelding_status", 2 * n, "geplaatst")
            if jaar == vorig:
                _telling(jaar, datum, "instelling", mbo, "aanmelding_status", n, "afgewezen")
    # the same school's figures in another dimension do not count
    _telling(sj, d(2027, 4, 14), "gemeente", w["school_a"], "totaal", 999)

    r = _get(client, w["decaan"])
    blok = _blokken(r)["vergelijking-school"]
    assert blok.koppen == ["Stand van zaken", "Dit jaar (14-04-2027)", "Vorig jaar (15-04-2026)", "Verschil"]
    # [this year, last year, difference]
    assert _rij(r, "vergelijking-school", "leerlingen") == [10, 20, -10]
    assert _rij(r, "vergelijking-school", "geplaatst") == [3, 6, -3]
    assert _rij(r, "vergelijking-school", "nog geen aanmelding") == [7, 14, -7]
    assert _rij(r, "vergelijking-school", "zonder bestemming") == [7, 14, -7]
    assert _rij(r, "vergelijking-school", "risicoleerlingen") == [1, 2, -1]
    assert "Elders" not in [rij[0] for rij in blok.rijen]  # 0 both years: left out
    assert len(blok.grafiek.groepen) == len(blok.rijen)

    r = _get(client, w["intaker"])
    assert _blokken(r)["vergelijking-mbo"].koppen[1:3] == ["Dit jaar (14-04-2027)", "Vorig jaar (15-04-2026)"]
    assert _rij(r, "vergelijking-mbo", "aanmeldingen") == [6, 12, -6]
    assert _rij(r, "vergelijking-mbo", "aangemeld") == [4, 8, -4]
    assert _rij(r, "vergelijking-mbo", "geplaatst") == [2, 4, -2]
    assert _rij(r, "vergelijking-mbo", "afgewezen") == [0, 2, -2]

    # The mentor sees the own group only: no school-wide comparison.
    assert "vergelijking-school" not in _blokken(_get(client, w["mentor"]))
    # The download carries the same numbers.
    client.force_login(w["decaan"])
    regels = _csv(client.get(reverse("cijfers_export", kwargs={"tabel": "vergelijking-school"})))
    assert ["leerlingen", "10", "20", "-10"] in regels


@time_machine.travel(datetime.datetime(2027, 4, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_the_comparison_without_snapshots_shows_empty_cells(cijferwereld, client):
    w = cijferwereld
    _telling(w["schooljaar"], datetime.date(2027, 4, 14), "school", w["school_a"], "totaal", 4)
    r = _get(client, w["decaan"])
    blok = _blokken(r)["vergelijking-school"]
    assert blok.koppen[1:3] == ["Dit jaar (14-04-2027)", "Vorig jaar (geen momentopname)"]
    assert _rij(r, "vergelijking-school", "leerlingen") == [4, None, None]
    r = _get(client, w["intaker"])
    assert [[c.waarde for c in rij[1:]] for rij in _blokken(r)["vergelijking-mbo"].rijen] == [[None, None, None]]


def _links(response):
    """(number, url) of every linked number on the page: the tables' cells and the milestone's tasks."""
    result = []
    for sectie in ("school", "mbo", "gemeente"):
        data = response.context.get(sectie) or {}
        for blok in data.get("blokken", []):
            result += [(c.waarde, c.url) for rij in blok.rijen for c in rij[1:] if c.url]
        if data.get("mijlpaal"):
            result += [(t.aantal, t.url) for t in data["mijlpaal"].taken]
    return result


@pytest.mark.parametrize("role", ["decaan", "mentor", "zorg", "intaker", "consulent"])
def test_every_number_links_to_the_list_whose_rows_it_counts(cijferwereld, client, role):
    r = _get(client, cijferwereld[role])
    body = r.content.decode()
    links = _links(r)
    assert len(links) >= 5
    assert any(n for n, _ in links)
    for aantal, url in links:
        assert f'href="{url.replace("&", "&amp;")}"' in body
        lijst = client.get(url)
        assert lijst.status_code == 200, url
        assert lijst.context["page"].paginator.count == aantal, url


def test_the_chart_bars_link_to_the_same_lists(cijferwereld, client):
    r = _get(client, cijferwereld["decaan"])
    blok = next(b for b in r.context["school"]["blokken"] if b.code == "per-klas")
    balken = [b for g in blok.grafiek.groepen for b in g.balken]
    assert [b.url for b in balken] == [c.url for rij in blok.rijen for c in rij[1:]]
    assert [b.waarde for b in balken] == [c.waarde for rij in blok.rijen for c in rij[1:]]
    assert '<a href="/leerlingen/?klas=X1&amp;aanmelding=geen">' in r.content.decode()


def test_the_page_shows_no_pupil(cijferwereld, client):
    for role in ("decaan", "intaker", "consulent"):
        body = _get(client, cijferwereld[role]).content.decode()
        for key in ("leerling_a", "p_geen", "p_geplaatst", "p_bezig", "p_elders"):
            pupil = cijferwereld[key]
            assert pupil.achternaam not in body
            assert pupil.leerlingnummer not in body
            assert pupil.bsn not in body


@pytest.mark.parametrize("role", ["servicedesk", "monitor"])
def test_roles_without_a_list_get_403(world, client, role):
    client.force_login(world[role])
    assert client.get(reverse("cijfers")).status_code == 403


def _meer(w):
    sj = w["schooljaar"]
    opl = f.OpleidingFactory(instelling=w["mbo_a"], capaciteit=5)
    for i, status in enumerate(["aangemeld", "in_behandeling", "geplaatst", "afgewezen", None]):
        pupil = f.LeerlingFactory(school=w["school_a"], schooljaar=sj, klas=f"K{i}", leerweg="TL", risico=i % 2 == 0)
        if status:
            a = f.AanmeldingFactory(leerling=pupil, opleiding=opl, status=status)
            Terugkoppeling.objects.create(
                leerling=pupil, aanmelding=a, soort="aanmelding", status=status, moment=1, bericht="x"
            )
        else:
            Elders.objects.create(leerling=pupil, soort="school")


def test_the_page_costs_the_same_queries_whatever_the_rows(cijferwereld, client, django_assert_max_num_queries):
    w = cijferwereld
    _meer(w)
    from rapportage.services import momentopname_maken

    momentopname_maken()
    for role in ("decaan", "mentor", "intaker", "consulent"):
        client.force_login(w[role])
        client.get(reverse("cijfers"))
        with django_assert_max_num_queries(60) as before:
            client.get(reverse("cijfers"))
        for _ in range(10):
            _meer(w)
        momentopname_maken()  # more rows in today's snapshot too
        with django_assert_max_num_queries(len(before.captured_queries)):
            client.get(reverse("cijfers"))


def test_the_mbo_counts_the_worklist_of_the_active_year(cijferwereld, client):
    """An earlier year's application still open stays on the worklist; a finished one does not."""
    w = cijferwereld
    vorig = f.SchooljaarFactory(startjaar=2025, actief=False)
    for status in ("in_behandeling", "gestart"):
        f.AanmeldingFactory(
            leerling=f.LeerlingFactory(school=w["school_a"], schooljaar=vorig),
            opleiding=w["opleiding_a"],
            status=status,
        )
    r = _get(client, w["intaker"])
    blok = next(b for b in r.context["mbo"]["blokken"] if b.code == "per-opleiding")
    per_status = dict(zip(blok.koppen[1:], _rij(r, "per-opleiding", w["opleiding_a"].naam), strict=True))
    assert per_status["in behandeling"] == 2
    assert per_status.get("gestart", 0) == 0
    for aantal, url in _links(r):
        assert client.get(url).context["page"].paginator.count == aantal, url


# --- The tables as CSV and XLSX -----------------------------------------------------------------


def _blokken(response):
    return {
        b.code: b
        for sectie in ("school", "mbo", "gemeente")
        for b in (response.context.get(sectie) or {}).get("blokken", [])
    }


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    tekst = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    return [regel.split(";") for regel in tekst.strip("\r\n").split("\r\n")]


def _als_tekst(waarde) -> str:
    if waarde is None:
        return ""
    return waarde.isoformat() if isinstance(waarde, datetime.date) else str(waarde)


@pytest.mark.parametrize("role", ["decaan", "mentor", "intaker", "consulent"])
def test_every_table_downloads_with_the_numbers_of_the_page(cijferwereld, client, role):
    r = _get(client, cijferwereld[role])
    body = r.content.decode()
    blokken = _blokken(r)
    assert blokken
    for code, blok in blokken.items():
        url = reverse("cijfers_export", kwargs={"tabel": code})
        assert f'href="{url}?formaat=xlsx"' in body and f'href="{url}?formaat=csv"' in body
        regels = _csv(client.get(url))
        assert regels[0] == blok.koppen
        assert regels[1:] == [[rij[0], *(_als_tekst(c.waarde) for c in rij[1:])] for rij in blok.rijen] or (
            not blok.rijen and regels[1:] == []
        )
        xlsx = client.get(url, {"formaat": "xlsx"})
        assert xlsx.status_code == 200 and xlsx["Content-Disposition"].endswith('.xlsx"')
        assert b"".join(xlsx.streaming_content).startswith(b"PK")


def test_the_download_counts_what_the_page_counts(cijferwereld, client):
    client.force_login(cijferwereld["decaan"])
    regels = _csv(client.get(reverse("cijfers_export", kwargs={"tabel": "per-klas"})))
    assert regels[0] == ["Klas", "Leerlingen", "Nog geen aanmelding", "Geplaatst"]
    assert ["X1", "2", "1", "1"] in regels and ["X2", "2", "1", "0"] in regels
    client.force_login(cijferwereld["intaker"])
    regels = _csv(client.get(reverse("cijfers_export", kwargs={"tabel": "capaciteit"})))
    assert regels[1:] == [[cijferwereld["opleiding_a"].naam, "3", "3", "1", "2"]]


def test_another_organisation_downloads_only_its_own(cijferwereld, client):
    """School B's decaan, mbo B's intaker and municipality B's consulent: leerling_b and its one
    application only, none of A's figures."""
    w = cijferwereld

    def regels(role, tabel):
        client.force_login(w[role])
        return _csv(client.get(reverse("cijfers_export", kwargs={"tabel": tabel})))[1:]

    assert regels("decaan_b", "per-klas") == [[w["leerling_b"].klas, "1", "0", "0"]]
    assert dict(r[:2] for r in regels("decaan_b", "levensloop"))["aangemeld"] == "1"
    per_opleiding = regels("intaker_b", "per-opleiding")
    assert [r[0] for r in per_opleiding] == [w["opleiding_b"].naam] and per_opleiding[0][-1] == "1"
    toestanden = dict(r[:2] for r in regels("consulent_b", "toestanden"))
    assert toestanden["aangemeld, wacht op besluit"] == "1" and toestanden["geplaatst"] == "0"
    assert regels("consulent", "toestanden") != regels("consulent_b", "toestanden")


def test_a_table_the_page_does_not_show_the_role_is_not_found(cijferwereld, client):
    client.force_login(cijferwereld["intaker"])
    assert client.get(reverse("cijfers_export", kwargs={"tabel": "levensloop"})).status_code == 404
    assert client.get(reverse("cijfers_export", kwargs={"tabel": "onbekend"})).status_code == 404


def test_the_download_costs_the_same_queries_whatever_the_rows(cijferwereld, client, django_assert_max_num_queries):
    w = cijferwereld
    _meer(w)
    for role, tabel in (("decaan", "per-klas"), ("intaker", "per-opleiding"), ("consulent", "toestanden")):
        client.force_login(w[role])
        url = reverse("cijfers_export", kwargs={"tabel": tabel})
        _csv(client.get(url))
        with django_assert_max_num_queries(60) as before:
            _csv(client.get(url))
        for _ in range(10):
            _meer(w)
        with django_assert_max_num_queries(len(before.captured_queries)):
            _csv(client.get(url))


# --- Lead times and the school's leerwegen against last year at the same date ---------------------


def _doorloop(schooljaar, datum, dimensie, organisatie, stap, aantal, gemeten, dagen, mediaan2, binnen, norm, **deel):
    """One group's lead time in a snapshot, as `rapportage.selectors` stores it (median in half days)."""
    _telling(schooljaar, datum, dimensie, organisatie, "doorloop_aantal", aantal, **deel)
    for categorie, n in (
        ("doorloop_gemeten", gemeten),
        ("doorloop_dagen", dagen),
        ("doorloop_mediaan", mediaan2),
        ("doorloop_binnen_norm", binnen),
        ("doorloop_norm", norm),
    ):
        _telling(schooljaar, datum, dimensie, organisatie, categorie, n, stap, **deel)


@pytest.fixture
def doorloop_snapshots(cijferwereld):
    """This year's snapshot of 14 April 2027 (1 April is older) and last year's of 15 April 2026
    (16 April is after the same day), of A's and B's programmes and municipalities; B's figures
    count a hundredfold and must not show to A's users.

    Opleiding A, receipt: this year 4 applications, 2 measured, 12 days (mean 6), median 6, 1
    within the norm of 5 (50%); last year 3 applications, 3 measured, 9 days (mean 3), median 3.5,
    2 within 4 (67%). Municipality A, first contact: this year 2 meldingen, 2 with contact, 16
    days, median 8, 1 within 7 (50%); last year 1 melding, 1 with contact, 3 days, within 5 (100%)."""
    w = cijferwereld
    sj = w["schooljaar"]
    vorig = f.SchooljaarFactory(startjaar=2025, actief=False)
    d = datetime.date
    for x, mbo, opleiding, gemeente in (
        (1, w["mbo_a"], w["opleiding_a"], w["gem_a"]),
        (100, w["mbo_b"], w["opleiding_b"], w["gem_b"]),
    ):
        deel = {"onderdeel": str(opleiding.pk), "onderdeel_naam": opleiding.naam}
        for jaar, datum, ontvangst, contact in (
            (sj, d(2027, 4, 1), (9, 9, 99, 9, 1, 5), (9, 9, 99, 9, 1, 7)),
            (sj, d(2027, 4, 14), (4, 2, 12, 12, 1, 5), (2, 2, 16, 16, 1, 7)),
            (vorig, d(2026, 4, 15), (3, 3, 9, 7, 2, 4), (1, 1, 3, 6, 1, 5)),
            (vorig, d(2026, 4, 16), (9, 9, 99, 9, 1, 4), (9, 9, 99, 9, 1, 5)),
        ):
            aantal, gemeten, dagen, mediaan2, binnen, norm = ontvangst
            _doorloop(
                jaar,
                datum,
                "opleiding",
                mbo,
                "ontvangst",
                aantal * x,
                gemeten * x,
                dagen * x,
                mediaan2,
                binnen * x,
                norm,
                **deel,
            )
            aantal, gemeten, dagen, mediaan2, binnen, norm = contact
            _doorloop(
                jaar,
                datum,
                "gemeente",
                gemeente,
                "eerste_contact",
                aantal * x,
                gemeten * x,
                dagen * x,
                mediaan2,
                binnen * x,
                norm,
            )
    w["vorig"] = vorig
    return w


# [measured, mean, median, % within, norm] this year, then last year's.
ONTVANGST_A = [2, 6, 6, 50, 5, 3, 3, 3.5, 67, 4]
# [meldingen this year, last year], then [with contact, mean, median, % within, norm] per year.
CONTACT_A = [2, 1, 2, 8, 8, 50, 7, 1, 3, 3, 100, 5]


@time_machine.travel(datetime.datetime(2027, 4, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_the_mbo_lead_times_beside_last_year_at_the_same_date(doorloop_snapshots, client):
    w = doorloop_snapshots
    r = _get(client, w["intaker"])
    blok = _blokken(r)["doorlooptijden-mbo"]
    assert blok.koppen[2] == "Gemeten dit jaar (14-04-2027)" and blok.koppen[7] == "Gemeten vorig jaar (15-04-2026)"
    rijen = {(rij[0], rij[1].waarde): [c.waarde for c in rij[2:]] for rij in blok.rijen}
    naam = w["opleiding_a"].naam
    assert rijen[(naam, "ontvangst")] == ONTVANGST_A
    # No intake measured in either snapshot: nothing to average, no norm stored.
    assert rijen[(naam, "intake")] == [0, None, None, None, None, 0, None, None, None, None]
    assert {k[0] for k in rijen} == {naam}  # mbo B's programme is not shown
    assert [[b.waarde for b in g.balken] for g in blok.grafiek.groepen][0] == [50, 67]
    body = r.content.decode()
    assert '<td class="utrecht-table__cell">3,5</td>' in body and "Gemeten vorig jaar (15-04-2026)" in body
    client.force_login(w["intaker"])
    regels = _csv(client.get(reverse("cijfers_export", kwargs={"tabel": "doorlooptijden-mbo"})))
    assert [naam, "ontvangst", *(str(c) for c in ONTVANGST_A)] in regels
    xlsx = client.get(reverse("cijfers_export", kwargs={"tabel": "doorlooptijden-mbo"}), {"formaat": "xlsx"})
    from tests.security.test_field_visibility import _text

    assert ";".join([naam, "ontvangst", *(str(c) for c in ONTVANGST_A)]) in _text(xlsx)
    # mbo B's intaker: only B's programme, with its own figures.
    r = _get(client, w["intaker_b"])
    rijen = {(rij[0], rij[1].waarde): [c.waarde for c in rij[2:]] for rij in _blokken(r)["doorlooptijden-mbo"].rijen}
    assert rijen[(w["opleiding_b"].naam, "ontvangst")][:2] == [200, 6]


@time_machine.travel(datetime.datetime(2027, 4, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_the_municipality_first_contact_beside_last_year_at_the_same_date(doorloop_snapshots, client):
    w = doorloop_snapshots
    r = _get(client, w["consulent"])
    blok = _blokken(r)["doorlooptijden-gemeente"]
    assert blok.koppen[1:3] == ["Risicomeldingen dit jaar (14-04-2027)", "Risicomeldingen vorig jaar (15-04-2026)"]
    assert [[rij[0], *(c.waarde for c in rij[1:])] for rij in blok.rijen] == [[w["gem_a"].naam, *CONTACT_A]]
    assert [[b.waarde for b in g.balken] for g in blok.grafiek.groepen] == [[50, 100]]
    client.force_login(w["consulent"])
    regels = _csv(client.get(reverse("cijfers_export", kwargs={"tabel": "doorlooptijden-gemeente"})))
    assert regels[1:] == [[w["gem_a"].naam, *(str(c) for c in CONTACT_A)]]


@time_machine.travel(datetime.datetime(2027, 4, 15, 12, tzinfo=datetime.UTC), tick=False)
def test_the_mentor_compares_the_schools_leerwegen_of_the_group(cijferwereld, client):
    """The mentor's group (leerling_a, KB) is no snapshot key: the mentor sees school A's KB this
    year against last year at the same date, and says why; the decaan sees every leerweg of the
    school. School B counts a hundredfold and must not show."""
    w = cijferwereld
    sj = w["schooljaar"]
    vorig = f.SchooljaarFactory(startjaar=2025, actief=False)
    d = datetime.date
    for school, x in ((w["school_a"], 1), (w["school_b"], 100)):
        for jaar, datum, factor in ((sj, d(2027, 4, 14), 1), (vorig, d(2026, 4, 15), 2), (vorig, d(2026, 4, 16), 90)):
            for leerweg, extra in (("KB", 0), ("BB", 5)):
                deel = {"onderdeel": leerweg, "onderdeel_naam": leerweg}
                n = x * factor
                _telling(jaar, datum, "school_leerweg", school, "totaal", 10 * n + extra, **deel)
                _telling(jaar, datum, "school_leerweg", school, "toestand", 3 * n, "geplaatst", **deel)
                _telling(jaar, datum, "school_leerweg", school, "zonder_bestemming", 7 * n + extra, **deel)
                _telling(jaar, datum, "school_leerweg", school, "risico", n, **deel)
    kb = "vmbo kaderberoepsgerichte leerweg"
    r = _get(client, w["mentor"])
    blok = _blokken(r)["vergelijking-leerweg"]
    assert "vergelijking-school" not in _blokken(r)
    assert blok.koppen[2:4] == ["Dit jaar (14-04-2027)", "Vorig jaar (15-04-2026)"]
    rijen = {(rij[0], rij[1].waarde): [c.waarde for c in rij[2:]] for rij in blok.rijen}
    assert rijen == {
        (kb, "leerlingen"): [10, 20, -10],
        (kb, "geplaatst"): [3, 6, -3],
        (kb, "zonder bestemming"): [7, 14, -7],
        (kb, "risicoleerlingen"): [1, 2, -1],
    }
    body = r.content.decode()
    assert "Uw mentorgroep zelf is niet met vorig jaar te vergelijken" in body
    client.force_login(w["mentor"])
    regels = _csv(client.get(reverse("cijfers_export", kwargs={"tabel": "vergelijking-leerweg"})))
    assert [kb, "leerlingen", "10", "20", "-10"] in regels
    r = _get(client, w["decaan"])
    rijen = {(rij[0], rij[1].waarde): [c.waarde for c in rij[2:]] for rij in _blokken(r)["vergelijking-leerweg"].rijen}
    assert rijen[("vmbo basisberoepsgerichte leerweg", "leerlingen")] == [15, 25, -10]
    assert rijen[(kb, "zonder bestemming")] == [7, 14, -7]
    assert "Uw mentorgroep" not in r.content.decode()


def test_the_snapshot_keys_the_school_per_leerweg(cijferwereld):
    from rapportage.services import momentopname_maken

    momentopname_maken(datum=datetime.date(2027, 1, 5))
    t = {
        (r.sleutel, r.onderdeel, r.categorie, r.waarde): r.aantal
        for r in Telling.objects.filter(dimensie="school_leerweg")
    }
    a = str(cijferwereld["school_a"].pk)
    assert t[(a, "KB", "totaal", "")] == 3 and t[(a, "BB", "totaal", "")] == 2
    assert t[(a, "KB", "toestand", "geplaatst")] == 1 and t[(a, "BB", "zonder_bestemming", "")] == 1
    assert t[(a, "KB", "risico", "")] == 1
