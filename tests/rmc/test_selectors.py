"""Selector tests: the overview's states and counts, and scope (own vs foreign organisation)."""

import datetime

import pytest

from leerlingen.models import Elders, EldersSoort, Leerling
from leerlingen.services import leerling_verhuizen
from rmc import selectors
from rmc.models import Contactmoment
from rmc.selectors import OverzichtFilters, Toestand
from rmc.services import contactmoment_record, melding_notitie_create
from terugkoppeling.models import Terugkoppeling
from tests import factories as f


def _leerling(world, status=None, elders=None, **kwargs):
    leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], **kwargs)
    if status:
        f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"], status=status)
    if elders:
        Elders.objects.create(leerling=leerling, soort=elders)
    return leerling


def _toestand(world, leerling):
    rows = selectors.overzicht_rows(user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters())
    return rows.get(pk=leerling.pk).toestand


@pytest.mark.parametrize(
    "status,elders,expected",
    [
        (None, None, Toestand.GEEN_AANMELDING),
        ("aangemeld", None, Toestand.AANGEMELD),
        ("intake_gehad", None, Toestand.AANGEMELD),
        ("geplaatst", None, Toestand.GEPLAATST),
        ("ingeschreven", None, Toestand.GEPLAATST),
        ("gestart", None, Toestand.GEPLAATST),
        ("voorwaardelijk_geplaatst", None, Toestand.VOORWAARDELIJK),
        ("afgewezen", None, Toestand.AFGEWEZEN),
        ("wachtlijst", None, Toestand.AFGEWEZEN),
        ("uitgeloot", None, Toestand.AFGEWEZEN),
        ("niet_verschenen", None, Toestand.AFGEWEZEN),
        ("afgewezen", "havo", Toestand.ELDERS),
        (None, "werk", Toestand.ELDERS),
        ("geplaatst", "werk", Toestand.GEPLAATST),
        ("concept", None, Toestand.GEEN_AANMELDING),
        ("ingetrokken", None, Toestand.GEEN_AANMELDING),
    ],
)
def test_each_pupil_gets_one_state(world, status, elders, expected):
    assert _toestand(world, _leerling(world, status, elders)) == expected


def test_placement_wins_over_a_rejection(world):
    leerling = _leerling(world, "afgewezen")
    f.AanmeldingFactory(
        leerling=leerling, opleiding=f.OpleidingFactory(instelling=world["mbo_a"]), status="geplaatst", keuze=2
    )
    assert _toestand(world, leerling) == Toestand.GEPLAATST


def test_counts_flags_and_zonder_bestemming(world):
    _leerling(world, "geplaatst")
    _leerling(world, "voorwaardelijk_geplaatst", diploma_resultaat="gezakt")
    _leerling(world, None, "werk")
    _leerling(world, None, "werk")
    _leerling(world, "afgewezen", risico=True)
    _leerling(world, None, diploma_resultaat="gezakt")
    t = selectors.overzicht_tellingen(
        user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters()
    )
    # leerling_a of the world: applied (aangemeld), living in A.
    assert t.totaal == 7
    assert t.per_toestand == {
        "geplaatst": 1,
        "voorwaardelijk": 1,
        "elders": 2,
        "afgewezen": 1,
        "geen_aanmelding": 1,
        "aangemeld": 1,
    }
    assert t.zonder_bestemming == 3 and t.risico == 1 and t.geen_diploma == 2
    assert t.elders_per_soort == [("werk", "werk", 2)]


# An independent statement of the precedence, written per pupil in Python (not from the selector's table).
def _expected_state(statussen: set[str], elders: bool) -> str:
    if statussen & {"geplaatst", "ingeschreven", "gestart"}:
        return "geplaatst"
    if "voorwaardelijk_geplaatst" in statussen:
        return "voorwaardelijk"
    if elders:
        return "elders"
    if statussen & {"aangemeld", "in_behandeling", "intake_gepland", "intake_gehad"}:
        return "aangemeld"
    if statussen & {"afgewezen", "uitgeloot", "wachtlijst", "niet_verschenen"}:
        return "afgewezen"
    return "geen_aanmelding"


def test_states_and_counts_match_an_independent_computation(world, django_assert_max_num_queries):
    """Pupils with every status, pairs of statuses, with and without Elders, risk and a failed
    diploma: the state per pupil and every count of the page equal a computation in Python."""
    from aanmelding.status import Status

    statussen = [s.value for s in Status]
    combinaties = [(), *((s,) for s in statussen), *zip(statussen, statussen[3:] + statussen[:3], strict=True)]
    opleiding_2 = f.OpleidingFactory(instelling=world["mbo_b"])
    soorten = ["havo", "werk", "vavo"]
    for i, combinatie in enumerate(combinaties):
        for elders in (None, soorten[i % 3]):
            leerling = _leerling(
                world, None, elders, risico=i % 2 == 0, diploma_resultaat="gezakt" if i % 5 else "onbekend"
            )
            for keuze, (status, opleiding) in enumerate(zip(combinatie, (world["opleiding_a"], opleiding_2)), start=1):
                f.AanmeldingFactory(leerling=leerling, opleiding=opleiding, status=status, keuze=keuze)

    pupils = Leerling.objects.filter(woongemeente=world["gem_a"], schooljaar=world["schooljaar"])
    expected = {
        p.pk: _expected_state({a.status for a in p.aanmeldingen.all()}, hasattr(p, "elders"))
        for p in pupils.prefetch_related("aanmeldingen").select_related("elders")
    }
    rows = selectors.overzicht_rows(user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters())
    assert {p.pk: p.toestand for p in rows} == expected
    assert set(expected.values()) == set(Toestand.values)  # every state is there

    with django_assert_max_num_queries(1):  # every count of the page in one query
        t = selectors.overzicht_tellingen(
            user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters()
        )
    assert t.totaal == len(expected)
    assert t.per_toestand == {s: n for s in Toestand.values if (n := list(expected.values()).count(s))}
    assert t.risico == pupils.filter(risico=True).count()
    assert t.geen_diploma == pupils.filter(diploma_resultaat="gezakt").count()
    met_bestemming = {"geplaatst", "voorwaardelijk", "elders"}
    assert t.zonder_bestemming == sum(1 for s in expected.values() if s not in met_bestemming)
    # One destination per pupil: only pupils whose state is Elders count per Elders kind.
    in_elders = [pk for pk, s in expected.items() if s == "elders"]
    elders = Elders.objects.filter(leerling__in=in_elders)
    assert t.elders_per_soort == [
        (s.value, s.label, n) for s in EldersSoort if (n := elders.filter(soort=s.value).count())
    ]
    for state in Toestand.values:  # the state filter and the zonder-bestemming list agree as well
        filtered = selectors.overzicht_rows(
            user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters(toestand=state)
        )
        assert sorted(p.pk for p in filtered) == sorted(pk for pk, s in expected.items() if s == state)
    zonder = selectors.overzicht_rows(
        user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters(zonder_bestemming=True)
    )
    assert sorted(p.pk for p in zonder) == sorted(pk for pk, s in expected.items() if s not in met_bestemming)
    assert zonder.count() == t.zonder_bestemming


def test_a_pupil_with_two_destinations_counts_once(world):
    """Placed and Elders as well (recorded before the rule, or the placement came later): the
    pupil counts as placed only, and the Elders kinds add up to the Elders state."""
    _leerling(world, "geplaatst", "werk")
    _leerling(world, None, "werk")
    t = selectors.overzicht_tellingen(
        user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters()
    )
    assert t.per_toestand["geplaatst"] == 1 and t.per_toestand["elders"] == 1
    assert t.elders_per_soort == [("werk", "werk", 1)]
    assert sum(n for _, _, n in t.elders_per_soort) == t.per_toestand["elders"]
    assert sum(t.per_toestand.values()) == t.totaal == 3


def test_zonder_bestemming_list(world):
    geplaatst = _leerling(world, "geplaatst")
    voorwaardelijk = _leerling(world, "voorwaardelijk_geplaatst")
    elders = _leerling(world, None, "vavo")
    afgewezen = _leerling(world, "afgewezen")
    niets = _leerling(world)
    rows = selectors.overzicht_rows(
        user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters(zonder_bestemming=True)
    )
    pks = set(rows.values_list("pk", flat=True))
    assert pks == {afgewezen.pk, niets.pk, world["leerling_a"].pk}
    assert not pks & {geplaatst.pk, voorwaardelijk.pk, elders.pk}


def test_filters(world):
    risk = _leerling(world, risico=True, leerweg="BB", achternaam="Zwanenburg")
    other_school = f.LeerlingFactory(
        school=world["school_b"], woongemeente=world["gem_a"], schooljaar=world["schooljaar"]
    )

    def pks(**kw):
        rows = selectors.overzicht_rows(
            user=world["consulent"], schooljaar=world["schooljaar"], filters=OverzichtFilters(**kw)
        )
        return set(rows.values_list("pk", flat=True))

    assert pks(risico=True) == {risk.pk}
    assert pks(leerweg="BB") == {risk.pk}
    assert pks(zoek="zwanen") == {risk.pk}
    assert pks(school=world["school_b"].pk) == {other_school.pk}
    assert pks(toestand="aangemeld") == {world["leerling_a"].pk}


def test_overview_scope_is_the_home_municipality_whatever_the_school(world):
    """A pupil of school B living in A is in A's overview; a pupil of school A living in B is not."""
    b_school_a_gem = f.LeerlingFactory(
        school=world["school_b"], woongemeente=world["gem_a"], schooljaar=world["schooljaar"]
    )
    a_school_b_gem = f.LeerlingFactory(
        school=world["school_a"], woongemeente=world["gem_b"], schooljaar=world["schooljaar"]
    )
    pks = set(
        selectors.gemeente_leerlingen(user=world["consulent"], schooljaar=world["schooljaar"]).values_list(
            "pk", flat=True
        )
    )
    assert pks == {world["leerling_a"].pk, b_school_a_gem.pk}
    assert a_school_b_gem.pk not in pks and world["leerling_b"].pk not in pks


def test_overview_is_the_active_year_plus_earlier_open_transfers(world):
    """An earlier year's pupil stays while the transfer is open; one with a destination does not
    (the rule itself: tests/leerlingen/test_werkvoorraad.py)."""
    from leerlingen.models import Elders

    old = f.SchooljaarFactory(startjaar=2020, actief=False)
    open_ = f.LeerlingFactory(school=world["school_a"], schooljaar=old)
    klaar = f.LeerlingFactory(school=world["school_a"], schooljaar=old)
    Elders.objects.create(leerling=klaar, soort="werk")
    qs = selectors.gemeente_leerlingen(user=world["consulent"], schooljaar=world["schooljaar"])
    assert set(qs.values_list("pk", flat=True)) == {world["leerling_a"].pk, open_.pk}
    assert selectors.gemeente_leerlingen(user=world["consulent"], schooljaar=None).count() == 0


@pytest.mark.parametrize("role", ["decaan", "mentor", "intaker", "servicedesk"])
def test_overview_is_empty_for_other_roles(world, role):
    assert not selectors.gemeente_leerlingen(user=world[role], schooljaar=world["schooljaar"]).exists()


def test_inbox_scope_and_filters(world, risico, noshow, collega):
    foreign = selectors.meldingen_inbox(user=world["consulent_b"], filters=selectors.MeldingFilters())
    assert not foreign.exists()
    own = selectors.meldingen_inbox(user=world["consulent"], filters=selectors.MeldingFilters())
    assert set(own) == {risico, noshow}
    only_noshow = selectors.meldingen_inbox(
        user=world["consulent"], filters=selectors.MeldingFilters(soort="niet_verschenen")
    )
    assert list(only_noshow) == [noshow]
    from rmc.services import melding_toewijzen

    melding_toewijzen(melding=risico, behandelaar=collega, user=world["consulent"])
    assert list(selectors.meldingen_inbox(user=collega, filters=selectors.MeldingFilters(behandelaar="mij"))) == [
        risico
    ]
    assert list(selectors.meldingen_inbox(user=collega, filters=selectors.MeldingFilters(behandelaar="niemand"))) == [
        noshow
    ]
    # A school does not see the municipality's inbox even for the melding it made.
    assert not selectors.meldingen_inbox(user=world["decaan"], filters=selectors.MeldingFilters()).exists()


def test_mijn_meldingen_scope(world, risico, noshow):
    assert list(selectors.mijn_meldingen(user=world["decaan"])) == [risico]
    assert list(selectors.mijn_meldingen(user=world["mentor"])) == [risico]
    assert list(selectors.mijn_meldingen(user=world["intaker"])) == [noshow]
    for role in ("decaan_b", "intaker_b", "zorg", "consulent"):
        assert not selectors.mijn_meldingen(user=world[role]).exists(), role


def test_handling_notes_only_for_the_municipality(world, risico):
    melding_notitie_create(melding=risico, tekst="Vertrouwelijk", user=world["consulent"])
    assert selectors.melding_gebeurtenissen(user=world["consulent"], melding=risico).filter(tekst="Vertrouwelijk")
    for role in ("decaan", "mentor", "consulent_b", "intaker"):
        assert not selectors.melding_gebeurtenissen(user=world[role], melding=risico).exists(), role


def test_guidance_scope(world):
    contactmoment_record(
        leerling=world["leerling_a"],
        user=world["consulent"],
        datum=datetime.date.today(),
        soort="gesprek",
        notitie="Geheim gesprek",
    )
    assert Contactmoment.objects.for_user(world["consulent"]).filter(leerling=world["leerling_a"]).count() == 1
    for role in ("decaan", "mentor", "zorg", "intaker", "consulent_b", "servicedesk"):
        assert not Contactmoment.objects.for_user(world[role]).filter(leerling=world["leerling_a"]).exists(), role
        assert not selectors.leerling_trajecten(user=world[role], leerling=world["leerling_a"]).exists(), role


def test_move_rule_both_ways(world, risico):
    """After the move the new municipality sees the pupil, its meldingen and guidance history;
    the old one no longer does, but both see the note of the move."""
    leerling = world["leerling_a"]
    contactmoment_record(
        leerling=leerling,
        user=world["consulent"],
        datum=datetime.date.today(),
        soort="gesprek",
        notitie="Voor de verhuizing",
    )
    old, new = world["consulent"], world["consulent_b"]
    assert Leerling.objects.for_user(old).filter(pk=leerling.pk).exists()
    assert not Leerling.objects.for_user(new).filter(pk=leerling.pk).exists()

    leerling_verhuizen(leerling=leerling, woongemeente=world["gem_b"], user=old, datum=datetime.date.today())

    assert not Leerling.objects.for_user(old).filter(pk=leerling.pk).exists()
    assert Leerling.objects.for_user(new).filter(pk=leerling.pk).exists()
    assert not Contactmoment.objects.for_user(old).filter(leerling=leerling).exists()
    assert Contactmoment.objects.for_user(new).filter(leerling=leerling).count() == 1
    assert not selectors.meldingen_inbox(user=old, filters=selectors.MeldingFilters()).exists()
    assert list(selectors.meldingen_inbox(user=new, filters=selectors.MeldingFilters())) == [risico]
    assert not Terugkoppeling.objects.for_user(old).filter(leerling=leerling).exists()
    assert Terugkoppeling.objects.for_user(new).filter(leerling=leerling).exists()
    # Both see the note; only the new municipality may open the file from it.
    old_note = selectors.verhuizingen(user=old).get()
    new_note = selectors.verhuizingen(user=new).get()
    assert old_note.pk == new_note.pk
    assert old_note.dossier_zichtbaar is False and new_note.dossier_zichtbaar is True
    # And the way back: moving home again restores the old municipality's view.
    leerling_verhuizen(leerling=leerling, woongemeente=world["gem_a"], user=new)
    assert Leerling.objects.for_user(old).filter(pk=leerling.pk).exists()
    assert not Leerling.objects.for_user(new).filter(pk=leerling.pk).exists()
    assert selectors.verhuizingen(user=new).count() == 2


def test_verhuizingen_invisible_to_third_municipality_and_schools(world):
    leerling_verhuizen(leerling=world["leerling_a"], woongemeente=world["gem_b"], user=world["consulent"])
    derde = f.user_with_role("consulent", f.GemeenteFactory())
    for user in (derde, world["decaan"], world["intaker"]):
        assert not selectors.verhuizingen(user=user).exists()


def test_vervolgafspraken_latest_contact_of_open_trajectories_only(world):
    today = datetime.date.today()
    c = world["consulent"]
    week = today + datetime.timedelta(days=7)
    other = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    # Pupil A: an older follow-up replaced by a newer contact with its own follow-up.
    contactmoment_record(
        leerling=world["leerling_a"],
        user=c,
        datum=today - datetime.timedelta(days=3),
        soort="gesprek",
        notitie="1",
        vervolgstap="Oud",
        vervolgdatum=today,
    )
    nieuw = contactmoment_record(
        leerling=world["leerling_a"],
        user=c,
        datum=today,
        soort="telefoon",
        notitie="2",
        vervolgstap="Nieuw",
        vervolgdatum=today + datetime.timedelta(days=2),
    )
    # Another pupil: follow-up too far ahead.
    contactmoment_record(
        leerling=other,
        user=c,
        datum=today,
        soort="gesprek",
        notitie="3",
        vervolgdatum=today + datetime.timedelta(days=30),
    )
    assert selectors.vervolgafspraken(user=c, tot=week) == [nieuw]
    assert selectors.vervolgafspraken(user=world["consulent_b"], tot=week) == []
    assert selectors.vervolgafspraken(user=world["decaan"], tot=week) == []
    from rmc.services import traject_afsluiten

    f.aanmeldingen_afgewezen(nieuw.traject.leerling)
    traject_afsluiten(traject=nieuw.traject, user=c, bestemming="werk")
    assert selectors.vervolgafspraken(user=c, tot=week) == []
