"""View tests: status codes, messages, bad input (a Dutch message, nothing written), exports,
field absence for the school and the mbo, and fixed query counts."""

import csv
import datetime
import io
import logging

import pytest
from django.urls import reverse

from leerlingen.models import Elders, Raadpleging
from rmc.models import Contactmoment, Melding, MeldingGebeurtenis, Traject, Verhuizing
from rmc.services import contactmoment_record, melding_notitie_create, melding_status_update, traject_starten
from tests import factories as f

TODAY = datetime.date.today()


def _body(response):
    return response.content.decode()


# --- Overview and exports -----------------------------------------------------------------------


def test_overview_shows_own_pupils_with_counts_and_masked_bsn(world, client):
    client.force_login(world["consulent"])
    response = client.get(reverse("rmc:overzicht"))
    body = _body(response)
    leerling = world["leerling_a"]
    assert leerling.achternaam in body and world["leerling_b"].achternaam not in body
    assert leerling.bsn not in body and leerling.persoonsnummer_gemaskeerd in body
    assert response.context["tellingen"].totaal == 1
    assert response["Cache-Control"].startswith("no-store")


def test_overview_filter_by_state(world, client):
    niets = f.LeerlingFactory(school=world["school_a"], achternaam="Zonderaanmelding")
    client.force_login(world["consulent"])
    body = _body(client.get(reverse("rmc:overzicht"), {"toestand": "geen_aanmelding"}))
    assert niets.achternaam in body and world["leerling_a"].achternaam not in body


def test_zonder_bestemming_page(world, client):
    met_elders = f.LeerlingFactory(school=world["school_a"], achternaam="Metelders")
    Elders.objects.create(leerling=met_elders, soort="werk")
    client.force_login(world["consulent"])
    body = _body(client.get(reverse("rmc:zonder_bestemming")))
    assert world["leerling_a"].achternaam in body and "Metelders" not in body


def test_overview_bad_filters_do_not_error(world, client):
    client.force_login(world["consulent"])
    response = client.get(reverse("rmc:overzicht"), {"school": "x' OR 1=1", "toestand": "<b>", "page": "zz"})
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["decaan", "mentor", "zorg", "intaker", "servicedesk"])
def test_overview_is_forbidden_for_other_roles(world, client, role):
    client.force_login(world[role])
    assert client.get(reverse("rmc:overzicht")).status_code == 403
    assert client.get(reverse("rmc:overzicht_export")).status_code == 403


def test_csv_export_neutralises_formulas_masks_bsn_and_logs_access(world, client, caplog):
    leerling = world["leerling_a"]
    leerling.achternaam = '=HYPERLINK("http://evil")'
    leerling.voornaam = "+31"
    leerling.telefoon = "-1"
    leerling.email = "@x"
    leerling.save()
    client.force_login(world["consulent"])
    with caplog.at_level(logging.INFO, logger="voroc.access"):
        response = client.get(reverse("rmc:overzicht_export"), {"formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Achternaam" and len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Achternaam"].startswith("'=")
    assert row["Voornaam"] == "'+31" and row["Telefoon"] == "'-1" and row["E-mail"] == "'@x"
    assert leerling.bsn not in text and row["Persoonsnummer (gemaskeerd)"] == leerling.persoonsnummer_gemaskeerd
    assert world["leerling_b"].achternaam not in text
    assert any("action=export page=rmc:overzicht_export" in r.getMessage() for r in caplog.records)
    assert Raadpleging.objects.filter(leerling=leerling, actie="export", organisatie=world["gem_a"]).exists()


def test_xlsx_export_of_the_zonder_bestemming_list(world, client):
    from openpyxl import load_workbook

    geplaatst = f.LeerlingFactory(school=world["school_a"], achternaam="Geplaatst")
    f.AanmeldingFactory(leerling=geplaatst, opleiding=world["opleiding_a"], status="geplaatst")
    world["leerling_a"].achternaam = "@SUM(A1)"
    world["leerling_a"].save()
    client.force_login(world["consulent"])
    response = client.get(reverse("rmc:overzicht_export"), {"formaat": "xlsx", "zonder_bestemming": "1"})
    assert response.status_code == 200
    assert "zonder-bestemming" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    assert len(values) == 2
    assert values[1][0] == "'@SUM(A1)"
    assert world["leerling_a"].bsn not in str(values)


# --- Meldingen ----------------------------------------------------------------------------------


def test_inbox_lists_meldingen_of_own_municipality(world, client, risico, noshow):
    client.force_login(world["consulent"])
    body = _body(client.get(reverse("rmc:meldingen")))
    assert "Veel verzuim" in body and "Niet verschenen bij" in body
    client.force_login(world["consulent_b"])
    assert "Veel verzuim" not in _body(client.get(reverse("rmc:meldingen")))


def test_melding_detail_and_status_change(world, client, risico):
    client.force_login(world["consulent"])
    assert client.get(reverse("rmc:melding_detail", kwargs={"pk": risico.pk})).status_code == 200
    url = reverse("rmc:melding_status", kwargs={"pk": risico.pk})
    response = client.post(url, {"status": "in_behandeling", "notitie": "Opgepakt"}, follow=True)
    assert "De status van de melding is gewijzigd." in _body(response)
    response = client.post(
        url, {"status": "afgesloten", "resultaat": "onderwijs", "uitkomst": "Terug naar school."}, follow=True
    )
    risico.refresh_from_db()
    assert risico.status == "afgesloten" and risico.resultaat == "onderwijs"


def test_closing_without_outcome_shows_a_dutch_message_and_writes_nothing(world, client, risico):
    melding_status_update(melding=risico, status="in_behandeling", user=world["consulent"])
    client.force_login(world["consulent"])
    count = MeldingGebeurtenis.objects.count()
    response = client.post(
        reverse("rmc:melding_status", kwargs={"pk": risico.pk}), {"status": "afgesloten", "resultaat": "werk"}
    )
    assert response.status_code == 400
    assert "Vermeld de uitkomst om de melding af te sluiten." in _body(response)
    risico.refresh_from_db()
    assert risico.status == "in_behandeling" and MeldingGebeurtenis.objects.count() == count


def test_skipping_a_state_is_refused_with_a_message(world, client, risico):
    client.force_login(world["consulent"])
    response = client.post(
        reverse("rmc:melding_status", kwargs={"pk": risico.pk}),
        {"status": "afgesloten", "resultaat": "werk", "uitkomst": "x"},
    )
    assert response.status_code == 400 and "kan niet naar" in _body(response)


def test_assign_and_note_through_the_views(world, client, risico, collega):
    client.force_login(world["consulent"])
    response = client.post(
        reverse("rmc:melding_toewijzen", kwargs={"pk": risico.pk}), {"behandelaar": collega.pk}, follow=True
    )
    assert "De melding is toegewezen." in _body(response)
    risico.refresh_from_db()
    assert risico.behandelaar == collega
    response = client.post(
        reverse("rmc:melding_notitie", kwargs={"pk": risico.pk}), {"tekst": "Moeder gebeld."}, follow=True
    )
    assert "Moeder gebeld." in _body(response)


def test_assign_to_a_foreign_user_is_refused(world, client, risico):
    client.force_login(world["consulent"])
    response = client.post(
        reverse("rmc:melding_toewijzen", kwargs={"pk": risico.pk}), {"behandelaar": world["consulent_b"].pk}
    )
    assert response.status_code == 400
    risico.refresh_from_db()
    assert risico.behandelaar is None


def test_empty_note_is_refused(world, client, risico):
    client.force_login(world["consulent"])
    response = client.post(reverse("rmc:melding_notitie", kwargs={"pk": risico.pk}), {"tekst": ""})
    assert response.status_code == 400 and "Vul de notitie in." in _body(response)


@pytest.mark.parametrize("name", ["rmc:melding_status", "rmc:melding_toewijzen", "rmc:melding_notitie"])
def test_get_on_mutating_views_is_405(world, client, risico, name):
    client.force_login(world["consulent"])
    assert client.get(reverse(name, kwargs={"pk": risico.pk})).status_code == 405


@pytest.mark.parametrize("name", ["rmc:contactmoment_create", "rmc:elders"])
def test_get_on_mutating_pupil_views_is_405(world, client, name):
    client.force_login(world["consulent"])
    assert client.get(reverse(name, kwargs={"pk": world["leerling_a"].pk})).status_code == 405


# --- The school's and the mbo's side ------------------------------------------------------------


def test_school_makes_a_risk_melding_in_the_browser_form(world, client):
    client.force_login(world["mentor"])
    url = reverse("rmc:risicomelding", kwargs={"pk": world["leerling_a"].pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"reden": "Dreigt uit te vallen", "toelichting": "Zie verzuim.", "toestemming_besproken": "on"},
        follow=True,
    )
    assert "De risicomelding is verstuurd naar de gemeente." in _body(response)
    melding = Melding.objects.get()
    assert melding.toestemming_besproken and melding.melder == world["mentor"]


def test_risk_melding_without_reason_writes_nothing(world, client):
    client.force_login(world["decaan"])
    response = client.post(reverse("rmc:risicomelding", kwargs={"pk": world["leerling_a"].pk}), {"reden": " "})
    assert response.status_code == 400 and "Vul de reden van de melding in." in _body(response)
    assert not Melding.objects.exists()


def test_school_sees_the_state_not_the_notes(world, client, risico):
    c = world["consulent"]
    melding_status_update(melding=risico, status="in_behandeling", user=c, notitie="Vertrouwelijke notitie")
    melding_notitie_create(melding=risico, tekst="Nog een geheime notitie", user=c)
    melding_status_update(melding=risico, status="afgesloten", resultaat="werk", uitkomst="Geheime uitkomst", user=c)
    client.force_login(world["decaan"])
    for url in (reverse("rmc:mijn_meldingen"), reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})):
        body = _body(client.get(url))
        assert "afgesloten" in body
        for secret in ("Vertrouwelijke notitie", "Nog een geheime notitie", "Geheime uitkomst"):
            assert secret not in body, (url, secret)


def test_mbo_sees_its_noshow_melding_state(world, client, noshow):
    client.force_login(world["intaker"])
    body = _body(client.get(reverse("rmc:mijn_meldingen")))
    assert "niet verschenen op het mbo" in body and "open" in body
    client.force_login(world["intaker_b"])
    assert "niet verschenen op het mbo" not in _body(client.get(reverse("rmc:mijn_meldingen")))


def test_pupil_page_action_slot(world, client):
    url = reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})
    client.force_login(world["decaan"])
    body = _body(client.get(url))
    assert "Risicomelding aan de gemeente" in body and "Begeleiding" not in body
    client.force_login(world["consulent"])
    body = _body(client.get(url))
    assert "Verhuizing vastleggen" in body and "Risicomelding aan de gemeente" not in body


# --- Guidance -----------------------------------------------------------------------------------


def test_contact_moment_through_the_view(world, client):
    client.force_login(world["consulent"])
    url = reverse("rmc:contactmoment_create", kwargs={"pk": world["leerling_a"].pk})
    response = client.post(
        url,
        {
            "datum": TODAY.isoformat(),
            "soort": "huisbezoek",
            "notitie": "Thuis gesproken.",
            "vervolgstap": "Open dag",
            "vervolgdatum": (TODAY + datetime.timedelta(days=5)).isoformat(),
        },
        follow=True,
    )
    body = _body(response)
    assert "Het contactmoment is vastgelegd." in body and "Thuis gesproken." in body and "Open dag" in body


def test_move_form_starts_without_a_municipality(world, client):
    client.force_login(world["consulent"])
    body = _body(client.get(reverse("rmc:verhuizing", kwargs={"pk": world["leerling_a"].pk})))
    assert '<option value="" selected>Kies een gemeente</option>' in body


@pytest.mark.parametrize(
    "data,message",
    [
        ({"datum": "31-02-2027", "soort": "gesprek", "notitie": "x"}, "Voer een geldige datum in."),
        (
            {"datum": (TODAY + datetime.timedelta(days=2)).isoformat(), "soort": "gesprek", "notitie": "x"},
            "kan niet in de toekomst liggen",
        ),
        ({"datum": TODAY.isoformat(), "soort": "gesprek", "notitie": ""}, "Vul de notitie in."),
        (
            {
                "datum": TODAY.isoformat(),
                "soort": "gesprek",
                "notitie": "x",
                "vervolgdatum": (TODAY - datetime.timedelta(days=1)).isoformat(),
            },
            "De vervolgdatum ligt voor de datum",
        ),
    ],
)
def test_bad_contact_moment_gives_a_dutch_message_and_writes_nothing(world, client, data, message):
    client.force_login(world["consulent"])
    response = client.post(reverse("rmc:contactmoment_create", kwargs={"pk": world["leerling_a"].pk}), data)
    assert response.status_code == 400 and message in _body(response)
    assert not Contactmoment.objects.exists() and not Traject.objects.exists()


def test_close_trajectory_through_the_view(world, client):
    traject = traject_starten(leerling=world["leerling_a"], user=world["consulent"])
    f.aanmeldingen_afgewezen(world["leerling_a"])
    client.force_login(world["consulent"])
    response = client.post(
        reverse("rmc:traject_afsluiten", kwargs={"pk": traject.pk}),
        {"bestemming": "vavo", "afgesloten_op": TODAY.isoformat(), "toelichting": "Start bij het vavo."},
        follow=True,
    )
    assert "Het traject is afgesloten met de bestemming." in _body(response)
    assert Elders.objects.get(leerling=world["leerling_a"]).soort == "vavo"


def test_elders_through_the_view(world, client):
    client.force_login(world["consulent"])
    response = client.post(reverse("rmc:elders", kwargs={"pk": world["leerling_a"].pk}), {"soort": "werk"})
    assert response.status_code == 400 and "nog een lopende aanmelding" in _body(response)
    f.aanmeldingen_afgewezen(world["leerling_a"])
    url = reverse("rmc:elders", kwargs={"pk": world["leerling_a"].pk})
    assert client.post(url, {"soort": "maan"}).status_code == 400
    assert not Elders.objects.exists()
    response = client.post(url, {"soort": "werk", "toelichting": "Bij een garage"}, follow=True)
    assert "De bestemming Elders is vastgelegd." in _body(response)


def test_contact_data_through_the_view(world, client):
    client.force_login(world["consulent"])
    url = reverse("rmc:contactgegevens", kwargs={"pk": world["leerling_a"].pk})
    response = client.post(url, {"postcode": "0000 AA", "telefoon": "0612345678"})
    assert response.status_code == 400 and "Vul een Nederlandse postcode in" in _body(response)
    world["leerling_a"].refresh_from_db()
    assert world["leerling_a"].telefoon == ""
    response = client.post(url, {"postcode": "2511 BT", "telefoon": "0612345678", "email": "a@b.nl"}, follow=True)
    assert "De contactgegevens zijn opgeslagen." in _body(response)
    world["leerling_a"].refresh_from_db()
    assert world["leerling_a"].telefoon == "0612345678"


@pytest.mark.parametrize("role", ["decaan", "mentor", "zorg", "intaker"])
def test_guidance_notes_are_not_shown_to_school_or_mbo(world, client, role):
    contactmoment_record(
        leerling=world["leerling_a"],
        user=world["consulent"],
        datum=TODAY,
        soort="gesprek",
        notitie="Gevoelige begeleidingsnotitie",
        vervolgstap="Geheime vervolgstap",
    )
    client.force_login(world[role])
    body = _body(client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})))
    assert "Gevoelige begeleidingsnotitie" not in body and "Geheime vervolgstap" not in body
    assert client.get(reverse("rmc:begeleiding", kwargs={"pk": world["leerling_a"].pk})).status_code == 403


def test_guidance_page_shows_notes_to_the_municipality(world, client):
    contactmoment_record(
        leerling=world["leerling_a"],
        user=world["consulent"],
        datum=TODAY,
        soort="gesprek",
        notitie="Gevoelige begeleidingsnotitie",
    )
    client.force_login(world["consulent"])
    assert "Gevoelige begeleidingsnotitie" in _body(
        client.get(reverse("rmc:begeleiding", kwargs={"pk": world["leerling_a"].pk}))
    )


# --- Moves --------------------------------------------------------------------------------------


def test_consulent_records_a_move_from_the_pupil_page(world, client):
    client.force_login(world["consulent"])
    url = reverse("rmc:verhuizing", kwargs={"pk": world["leerling_a"].pk})
    response = client.post(
        url,
        {"woongemeente": world["gem_b"].pk, "datum": TODAY.isoformat(), "postcode": "2611 AA", "woonplaats": "Delft"},
        follow=True,
    )
    body = _body(response)
    assert "De verhuizing naar Delft is vastgelegd." in body
    # The old municipality keeps the note but no longer opens the file.
    assert world["leerling_a"].achternaam in body and "vertrokken" in body
    assert client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})).status_code == 404
    assert client.get(reverse("rmc:begeleiding", kwargs={"pk": world["leerling_a"].pk})).status_code == 404
    client.force_login(world["consulent_b"])
    assert client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})).status_code == 200
    body = _body(client.get(reverse("rmc:verhuizingen")))
    assert reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk}) in body


@pytest.mark.parametrize(
    "data,message",
    [
        (
            lambda w: {"woongemeente": w["gem_b"].pk, "datum": (TODAY + datetime.timedelta(days=3)).isoformat()},
            "Een verhuizing leggen we vast als zij heeft plaatsgevonden.",
        ),
        (lambda w: {"datum": TODAY.isoformat()}, "Kies de nieuwe woongemeente."),
        (lambda w: {"woongemeente": w["gem_a"].pk, "datum": TODAY.isoformat()}, "Selecteer een geldige keuze."),
        (lambda w: {"woongemeente": w["school_b"].pk, "datum": TODAY.isoformat()}, "Selecteer een geldige keuze."),
        (
            lambda w: {"woongemeente": w["gem_b"].pk, "datum": TODAY.isoformat(), "postcode": "abc"},
            "Vul een Nederlandse postcode in",
        ),
    ],
)
def test_bad_move_gives_a_dutch_message_and_writes_nothing(world, client, data, message):
    client.force_login(world["consulent"])
    response = client.post(reverse("rmc:verhuizing", kwargs={"pk": world["leerling_a"].pk}), data(world))
    assert response.status_code == 400 and message in _body(response)
    assert not Verhuizing.objects.exists()
    world["leerling_a"].refresh_from_db()
    assert world["leerling_a"].woongemeente == world["gem_a"]


# --- Fixed query counts -------------------------------------------------------------------------


def _add_pupils(world, n):
    for i in range(n):
        leerling = f.LeerlingFactory(school=world["school_a"], risico=i % 3 == 0)
        if i % 2:
            f.AanmeldingFactory(leerling=leerling, opleiding=world["opleiding_a"], status="geplaatst")
        if i % 5 == 0:
            Elders.objects.create(leerling=leerling, soort="werk")


@pytest.mark.parametrize("name", ["rmc:overzicht", "rmc:zonder_bestemming"])
def test_overview_query_count_does_not_grow(world, client, django_assert_max_num_queries, name):
    client.force_login(world["consulent"])
    _add_pupils(world, 20)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse(name)).status_code == 200
    _add_pupils(world, 180)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(name))
    assert response.context["page"].paginator.count > 50  # more than one page of rows is rendered


def test_inbox_and_mijn_meldingen_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    from rmc.services import melding_create_risico

    def meldingen(n):
        for _ in range(n):
            melding_create_risico(
                leerling=f.LeerlingFactory(school=world["school_a"]), user=world["decaan"], reden="Verzuim"
            )

    meldingen(3)
    counts = {}
    for role, name in (("consulent", "rmc:meldingen"), ("decaan", "rmc:mijn_meldingen")):
        client.force_login(world[role])
        with django_assert_max_num_queries(20) as few:
            client.get(reverse(name))
        counts[name] = len(few.captured_queries)
    meldingen(30)
    for role, name in (("consulent", "rmc:meldingen"), ("decaan", "rmc:mijn_meldingen")):
        client.force_login(world[role])
        with django_assert_max_num_queries(counts[name]):
            client.get(reverse(name))


def test_guidance_page_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    client.force_login(world["consulent"])
    url = reverse("rmc:begeleiding", kwargs={"pk": world["leerling_a"].pk})
    contactmoment_record(
        leerling=world["leerling_a"], user=world["consulent"], datum=TODAY, soort="gesprek", notitie="1"
    )
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for i in range(15):
        contactmoment_record(
            leerling=world["leerling_a"], user=world["consulent"], datum=TODAY, soort="gesprek", notitie=str(i)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_extra_post_fields_change_nothing_that_drives_access(world, client):
    """A user cannot change what drives access: the contact data form cannot move the pupil or change its school."""
    client.force_login(world["consulent"])
    client.post(
        reverse("rmc:contactgegevens", kwargs={"pk": world["leerling_a"].pk}),
        {"telefoon": "0612345678", "woongemeente": world["gem_b"].pk, "school": world["school_b"].pk, "risico": "on"},
    )
    leerling = world["leerling_a"]
    leerling.refresh_from_db()
    assert (leerling.woongemeente, leerling.school, leerling.telefoon) == (
        world["gem_a"],
        world["school_a"],
        "0612345678",
    )
    assert not Verhuizing.objects.exists()


def test_status_form_offers_only_the_next_steps(world, client, risico):
    client.force_login(world["consulent"])
    form = client.get(reverse("rmc:melding_detail", kwargs={"pk": risico.pk})).context["status_form"]
    assert [v for v, _ in form.fields["status"].choices] == ["in_behandeling"]


def test_overview_lists_follow_ups_due(world, client):
    contactmoment_record(
        leerling=world["leerling_a"],
        user=world["consulent"],
        datum=TODAY,
        soort="gesprek",
        notitie="x",
        vervolgstap="Bellen over open dag",
        vervolgdatum=TODAY,
    )
    client.force_login(world["consulent"])
    assert "Bellen over open dag" in _body(client.get(reverse("rmc:overzicht")))
    client.force_login(world["consulent_b"])
    assert "Bellen over open dag" not in _body(client.get(reverse("rmc:overzicht")))


def test_dashboard_counts_match_the_overview(world, client):
    both = f.LeerlingFactory(school=world["school_a"])
    f.AanmeldingFactory(leerling=both, opleiding=world["opleiding_a"], status="geplaatst")
    Elders.objects.create(leerling=both, soort="werk")  # placed and Elders: counted once, as placed
    f.LeerlingFactory(school=world["school_a"])
    client.force_login(world["consulent"])
    gemeente = client.get(reverse("home")).context["gemeente"]
    overzicht = client.get(reverse("rmc:zonder_bestemming")).context
    assert gemeente["zonder_bestemming"] == overzicht["page"].paginator.count == 2
    assert gemeente["totaal"] == 3


# --- the school year --------------------------------------------------------------------------


@pytest.fixture
def vorig_jaar(world):
    """Last (inactive) year's pupils of school A living in municipality A: an open melding, a
    closed one; a move of a pupil still followed, one of a pupil who went Elders."""
    jaar = f.SchooljaarFactory(startjaar=world["schooljaar"].startjaar - 1, actief=False)

    def leerling(naam, **kwargs):
        return f.LeerlingFactory(school=world["school_a"], schooljaar=jaar, achternaam=naam, **kwargs)

    from rmc.services import melding_create_risico

    open_ = melding_create_risico(leerling=leerling("Meldingopen"), user=world["decaan"], reden="Verzuim")
    dicht = melding_create_risico(leerling=leerling("Meldingdicht"), user=world["decaan"], reden="Verzuim")
    Melding.objects.filter(pk=dicht.pk).update(status="afgesloten", uitkomst="Weer naar school")
    gevolgd = leerling("Verhuisdvolgen")
    elders = leerling("Verhuisdelders")
    Elders.objects.create(leerling=elders, soort="werk")
    for pupil in (gevolgd, elders):
        Verhuizing.objects.create(
            leerling=pupil, van_gemeente=world["gem_b"], naar_gemeente=world["gem_a"], datum=datetime.date(2026, 3, 1)
        )
    return {"jaar": jaar, "open": open_, "dicht": dicht}


def _namen(response):
    return {rij.leerling.achternaam for rij in response.context["page"]}


def test_meldingen_inbox_and_export_have_the_year_choice(world, client, vorig_jaar):
    """Default: this year's meldingen and last year's not yet closed; last year chosen: last year's,
    the closed one included; the counts follow the year."""
    from rmc.services import melding_create_risico

    melding_create_risico(leerling=world["leerling_a"], user=world["decaan"], reden="Verzuim")
    client.force_login(world["consulent"])
    url = reverse("rmc:meldingen")
    standaard = client.get(url, {"status": "alle"})
    assert 'name="schooljaar"' in standaard.content.decode()
    assert _namen(standaard) == {world["leerling_a"].achternaam, "Meldingopen"}
    assert standaard.context["tellingen"]["afgesloten"] == 0
    jaar = {"schooljaar": vorig_jaar["jaar"].startjaar}
    vorig = client.get(url, {"status": "alle", **jaar})
    assert _namen(vorig) == {"Meldingopen", "Meldingdicht"} and vorig.context["tellingen"]["afgesloten"] == 1
    assert f"?status=open&amp;schooljaar={jaar['schooljaar']}" in vorig.content.decode()  # the facets keep it
    export = client.get(reverse("rmc:meldingen_export"), {"formaat": "csv", "status": "alle"}).getvalue().decode()
    assert "Meldingopen" in export and "Meldingdicht" not in export
    export = client.get(reverse("rmc:meldingen_export"), {"formaat": "csv", "status": "alle", **jaar})
    body = export.getvalue().decode()
    assert "Meldingdicht" in body and world["leerling_a"].achternaam not in body


def test_mijn_meldingen_have_the_year_choice(world, client, vorig_jaar):
    client.force_login(world["decaan"])
    url = reverse("rmc:mijn_meldingen")
    assert _namen(client.get(url)) == {"Meldingopen"}
    assert _namen(client.get(url, {"schooljaar": vorig_jaar["jaar"].startjaar})) == {"Meldingopen", "Meldingdicht"}


def test_moves_have_the_year_choice(world, client, vorig_jaar):
    nu = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"], achternaam="Verhuisdnu")
    Verhuizing.objects.create(
        leerling=nu, van_gemeente=world["gem_b"], naar_gemeente=world["gem_a"], datum=datetime.date(2027, 3, 1)
    )
    client.force_login(world["consulent"])
    url = reverse("rmc:verhuizingen")
    assert _namen(client.get(url)) == {"Verhuisdnu", "Verhuisdvolgen"}
    assert _namen(client.get(url, {"schooljaar": vorig_jaar["jaar"].startjaar})) == {
        "Verhuisdvolgen",
        "Verhuisdelders",
    }


def test_zonder_bestemming_has_the_year_choice(world, client, vorig_jaar):
    client.force_login(world["consulent"])
    url = reverse("rmc:zonder_bestemming")
    standaard = {leerling.achternaam for leerling in client.get(url).context["page"]}
    assert {"Meldingopen", "Verhuisdvolgen"} <= standaard and "Verhuisdelders" not in standaard
    vorig = client.get(url, {"schooljaar": vorig_jaar["jaar"].startjaar})
    namen = {leerling.achternaam for leerling in vorig.context["page"]}
    assert world["leerling_a"].achternaam not in namen and "Verhuisdvolgen" in namen
    assert 'name="schooljaar"' in vorig.content.decode()


@pytest.mark.parametrize(
    "role, name",
    [
        ("consulent", "rmc:meldingen"),
        ("decaan", "rmc:mijn_meldingen"),
        ("consulent", "rmc:verhuizingen"),
        ("consulent", "rmc:zonder_bestemming"),
    ],
)
def test_municipal_lists_cost_the_same_for_ten_times_the_rows_in_either_year(
    world, client, vorig_jaar, django_assert_max_num_queries, role, name
):
    from rmc.services import melding_create_risico

    def rijen(n):  # n pupils with a melding and a move, of this year and of last year
        for jaar in (world["schooljaar"], vorig_jaar["jaar"]):
            for _ in range(n):
                leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=jaar)
                melding_create_risico(leerling=leerling, user=world["decaan"], reden="Verzuim")
                Verhuizing.objects.create(
                    leerling=leerling,
                    van_gemeente=world["gem_b"],
                    naar_gemeente=world["gem_a"],
                    datum=datetime.date(2026, 3, 1),
                )

    client.force_login(world[role])
    for jaar in ({}, {"schooljaar": vorig_jaar["jaar"].startjaar}):
        rijen(2)
        with django_assert_max_num_queries(40) as few:
            assert client.get(reverse(name), jaar).status_code == 200
        rijen(20)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(reverse(name), jaar).status_code == 200
