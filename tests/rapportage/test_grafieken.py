"""The server-side charts: bars scaled to the largest value, a number on every bar, series told
apart by pattern, a text alternative with every number."""

from rapportage.grafieken import BALK_BREEDTE, staafdiagram


def test_bars_are_scaled_and_numbered_and_a_missing_value_draws_no_bar():
    g = staafdiagram("g", "Titel", ["a", "b"], [("Dit jaar", [10, 5]), ("Vorig jaar", ["", 0])])
    (a1, a2), (b1, b2) = ([b for b in groep.balken] for groep in g.groepen)
    assert a1.breedte == BALK_BREEDTE and b1.breedte == BALK_BREEDTE // 2
    assert a2.breedte == 0 and a2.tekst == "–" and b2.breedte == 0 and b2.tekst == "0"
    assert [r.soort for r in g.reeksen] == ["vol", "arcering"]
    assert a1.vulling == g.reeksen[0].kleur and a2.vulling == "url(#g-arcering)"
    assert g.beschrijving == "a: dit jaar 10, vorig jaar –; b: dit jaar 5, vorig jaar 0"


def test_an_empty_chart_has_a_height_and_no_groups():
    g = staafdiagram("g", "Titel", [], [("Dit jaar", [])])
    assert g.groepen == [] and g.hoogte > 0


def test_three_series_have_three_patterns():
    g = staafdiagram("d", "T", ["a"], [("Tot ontvangst", [50]), ("Tot intake", [100]), ("Tot besluit", [None])])
    assert [r.soort for r in g.reeksen] == ["vol", "arcering", "stippen"]
    assert len({r.vulling for r in g.reeksen}) == 3


def test_a_bar_may_link_to_the_list_behind_it():
    g = staafdiagram("g", "t", ["a", "b"], [("Nu", [1, 2]), ("Toen", [3, 4])], [["/a", ""], ["/c", "/d"]])
    assert [[b.url for b in groep.balken] for groep in g.groepen] == [["/a", "/c"], ["", "/d"]]
    assert g.met_links  # drawn as a group: an image may hold no links (axe: nested-interactive)
    assert not staafdiagram("h", "t", ["a"], [("Nu", [1])]).met_links
    assert all(b.url == "" for groep in staafdiagram("h", "t", ["a"], [("Nu", [1])]).groepen for b in groep.balken)
