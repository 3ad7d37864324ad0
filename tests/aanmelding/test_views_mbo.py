"""The mbo pages: status codes, messages, bad input, exports, access logging, fixed query counts."""

import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from aanmelding.models import Aanmelding, Intake, Opleiding, Plaatsingsbesluit
from aanmelding.status import Status
from doorstroom.models import Doorstroomformulier
from leerlingen.models import Raadpleging
from rmc.models import Melding
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from tests.doorstroom.factories import pdf_text

from .conftest import bulk_aanmeldingen, maak_aanmelding

MORGEN = datetime.date.today() + datetime.timedelta(days=1)


@pytest.fixture
def ic(client, world):
    client.force_login(world["intaker"])
    return client


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- worklist -------------------------------------------------------------------------------


def test_worklist_shows_own_applications_marks_new_and_hides_foreign(ic, world):
    body = ic.get(reverse("mbo:werklijst")).content.decode()
    assert world["leerling_a"].achternaam in body and world["leerling_b"].achternaam not in body
    assert "nieuw" in body and world["leerling_a"].bsn not in body


def test_worklist_filter_by_programme(ic, world):
    other = f.OpleidingFactory(instelling=world["mbo_a"])
    a = maak_aanmelding(world, opleiding=other)
    body = ic.get(reverse("mbo:werklijst"), {"opleiding": other.pk}).content.decode()
    assert a.leerling.achternaam in body and world["leerling_a"].achternaam not in body


def test_worklist_ignores_a_foreign_programme_filter(ic, world):
    response = ic.get(reverse("mbo:werklijst"), {"opleiding": world["opleiding_b"].pk})
    assert response.status_code == 200 and world["leerling_b"].achternaam not in response.content.decode()


def test_worklist_column_headers_sort_and_toggle(ic, world):
    maak_aanmelding(world).leerling.__class__.objects.filter(pk=world["leerling_a"].pk).update(achternaam="Zzz")
    body = ic.get(reverse("mbo:werklijst"), {"sort": "naam"}).content.decode()
    assert 'aria-sort="ascending"' in body and "sort=-naam" in body
    assert body.index("Zzz") > body.index("Achternaam")
    body = ic.get(reverse("mbo:werklijst"), {"sort": "-naam"}).content.decode()
    assert 'aria-sort="descending"' in body and body.index("Zzz") < body.index("Achternaam")


def test_worklist_paginates(ic, world):
    bulk_aanmeldingen(world, 60)
    body = ic.get(reverse("mbo:werklijst"), {"sort": "naam", "page": 2}).content.decode()
    assert "Pagina 2 van 2" in body


def test_worklist_marks_late_by_the_school_years_deadline(ic, world, django_assert_max_num_queries):
    world["schooljaar"].aanmelddeadline = datetime.date(2027, 3, 15)
    world["schooljaar"].save()
    maak_aanmelding(world, op_tijd=False, toelatingsrecht=False)
    with django_assert_max_num_queries(15) as one:
        body = ic.get(reverse("mbo:werklijst")).content.decode()
    assert "na 15 maart" in body and "na 1 april" not in body
    for _ in range(5):
        maak_aanmelding(world, op_tijd=False, toelatingsrecht=False)
    with django_assert_max_num_queries(len(one.captured_queries)):  # the deadline costs no query per row
        assert ic.get(reverse("mbo:werklijst")).content.decode().count("na 15 maart") == 6


def test_worklist_query_count_does_not_grow(ic, world, django_assert_max_num_queries):
    url = reverse("mbo:werklijst")
    params = {"wacht_dagen": "0", "formulier": "niet_definitief", "sort": "terugkoppeling"}
    bulk_aanmeldingen(world, 30)
    with django_assert_max_num_queries(15) as small:
        ic.get(url, params)
    bulk_aanmeldingen(world, 300)
    with django_assert_max_num_queries(len(small.captured_queries)):
        ic.get(url, params)
    with django_assert_max_num_queries(len(small.captured_queries)):
        ic.get(url)


@pytest.mark.parametrize("name", ["mbo:terugkoppeling", "mbo:noshow", "mbo:opleidingen"])
def test_other_lists_query_count_does_not_grow(ic, world, django_assert_max_num_queries, name):
    bulk_aanmeldingen(world, 5)
    Aanmelding.objects.update(status=Status.INGESCHREVEN)
    Opleiding.objects.update(startdatum=datetime.date(2020, 9, 1))
    with django_assert_max_num_queries(20) as small:
        ic.get(reverse(name))
    gestart = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date(2020, 9, 1))
    bulk_aanmeldingen(world, 80, opleiding=gestart)
    Aanmelding.objects.update(status=Status.INGESCHREVEN)
    for _ in range(5):
        f.OpleidingFactory(instelling=world["mbo_a"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        ic.get(reverse(name))


# --- export ---------------------------------------------------------------------------------


def test_csv_export_has_the_national_code_and_neutralises_formulas(ic, world):
    leerling = world["leerling_a"]
    leerling.achternaam = '=HYPERLINK("http://evil")'
    leerling.save()
    response = ic.get(reverse("mbo:werklijst_export"), {"formaat": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert len(data) == 1 and data[0][0] == str(world["aanmelding_a"].pk)
    assert data[0][header.index("Landelijke statuscode")] == "0"
    assert data[0][header.index("Achternaam")].startswith("'=")
    assert leerling.bsn not in response.getvalue().decode()
    assert Raadpleging.objects.filter(
        leerling=leerling, user=world["intaker"], actie="export", organisatie=world["mbo_a"]
    ).exists()


def test_xlsx_export(ic, world):
    from openpyxl import load_workbook

    world["leerling_a"].voornaam = "+31 6 kwaad"
    world["leerling_a"].save()
    response = ic.get(reverse("mbo:werklijst_export"), {"formaat": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == world["aanmelding_a"].pk
    assert rows[1][3] == "'+31 6 kwaad"
    assert rows[1][rows[0].index("Landelijke statuscode")] == 0


def test_export_respects_the_filters(ic, world):
    a = maak_aanmelding(world, op_tijd=False)
    body = ic.get(reverse("mbo:werklijst_export"), {"formaat": "csv", "te_laat": "on"}).getvalue().decode("utf-8-sig")
    assert a.leerling.achternaam in body and world["leerling_a"].achternaam not in body


# --- bulk -----------------------------------------------------------------------------------


def test_bulk_receive(ic, world):
    items = [world["aanmelding_a"], maak_aanmelding(world)]
    response = ic.post(reverse("mbo:bulk"), {"actie": "ontvangen", "aanmelding": [a.pk for a in items]})
    assert response.status_code == 302
    assert "2 aanmelding(en) bijgewerkt." in _messages(response)
    assert Aanmelding.objects.filter(status=Status.IN_BEHANDELING).count() == 2


def test_bulk_refusal_lists_names_and_writes_nothing(ic, world):
    """A refusal comes back in the form's error summary on the worklist, naming the refused pupil;
    the selection stays ticked and nothing is recorded."""
    fout = maak_aanmelding(world, status=Status.GESTART)
    response = ic.post(
        reverse("mbo:bulk"), {"actie": "ontvangen", "aanmelding": [world["aanmelding_a"].pk, fout.pk], "query": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400 and "data-error-summary" in body
    [fouten] = response.context["bulk_form"].non_field_errors()
    assert "niets vastgelegd" in fouten and fout.leerling.volledige_naam in fouten
    assert world["leerling_a"].volledige_naam not in fouten
    assert f'id="sel-{world["aanmelding_a"].pk}" checked' in body
    assert not Terugkoppeling.objects.exists()


def test_bulk_no_show_before_the_start_is_refused_in_the_summary(ic, world):
    begonnen = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date.today() - datetime.timedelta(3))
    goed = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=begonnen)
    te_vroeg = maak_aanmelding(
        world, status=Status.INGESCHREVEN, opleiding=f.OpleidingFactory(instelling=world["mbo_a"], startdatum=MORGEN)
    )
    response = ic.post(
        reverse("mbo:bulk"),
        {"actie": "niet_verschenen", "aanmelding": [goed.pk, te_vroeg.pk], "query": "status=ingeschreven"},
    )
    assert response.status_code == 400 and "data-error-summary" in response.content.decode()
    [fouten] = response.context["bulk_form"].non_field_errors()
    assert te_vroeg.leerling.volledige_naam in fouten and "pas worden vastgelegd" in fouten
    assert response.context["lijst"].filterset.data["status"] == "ingeschreven"
    assert set(Aanmelding.objects.filter(pk__in=[goed.pk, te_vroeg.pk]).values_list("status", flat=True)) == {
        Status.INGESCHREVEN
    }
    assert not Melding.objects.exists()
    # without the early one the batch goes through, each with its melding
    response = ic.post(reverse("mbo:bulk"), {"actie": "niet_verschenen", "aanmelding": [goed.pk]})
    assert response.status_code == 302 and Melding.objects.get().leerling_id == goed.leerling_id


@pytest.mark.parametrize(
    "actie, van, naar",
    [
        ("intake_gehad", Status.INTAKE_GEPLAND, Status.INTAKE_GEHAD),
        ("ingeschreven", Status.GEPLAATST, Status.INGESCHREVEN),
        ("gestart", Status.INGESCHREVEN, Status.GESTART),
    ],
)
def test_bulk_steps_through_the_worklist(ic, world, actie, van, naar):
    items = [maak_aanmelding(world, status=van) for _ in range(2)]
    assert f'value="{actie}"' in ic.get(reverse("mbo:werklijst")).content.decode()  # offered in the choice
    response = ic.post(reverse("mbo:bulk"), {"actie": actie, "aanmelding": [a.pk for a in items]})
    assert response.status_code == 302 and "2 aanmelding(en) bijgewerkt." in _messages(response)
    assert set(Aanmelding.objects.filter(pk__in=[a.pk for a in items]).values_list("status", flat=True)) == {naar}


def test_bulk_intake_needs_date_time_place(ic, world):
    world["aanmelding_a"].status = Status.IN_BEHANDELING
    world["aanmelding_a"].save()
    response = ic.post(
        reverse("mbo:bulk"), {"actie": "intake", "aanmelding": [world["aanmelding_a"].pk], "query": "zoek=x"}
    )
    # The worklist again (as filtered) with the error summary, nothing recorded.
    body = response.content.decode()
    assert response.status_code == 400 and "data-error-summary" in body
    assert "Vul dit in om een intake te plannen." in body and response.context["lijst"].filterset.data["zoek"] == "x"
    assert not Intake.objects.exists()
    response = ic.post(
        reverse("mbo:bulk"),
        {
            "actie": "intake",
            "aanmelding": [world["aanmelding_a"].pk],
            "datum": MORGEN.isoformat(),
            "tijd": "09:00",
            "plaats": "Delft",
        },
    )
    assert Intake.objects.count() == 1


def test_bulk_returns_to_the_filtered_list_safely(ic, world):
    response = ic.post(
        reverse("mbo:bulk"),
        {"actie": "ontvangen", "aanmelding": [world["aanmelding_a"].pk], "query": "status=nieuw&x=%0d%0aSet-Cookie:a"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mbo:werklijst") + "?status=nieuw")
    assert "\n" not in response["Location"]


def test_bulk_without_selection(ic):
    response = ic.post(reverse("mbo:bulk"), {"actie": "ontvangen"})
    assert response.status_code == 400 and "Selecteer eerst" in response.content.decode()


@pytest.mark.parametrize("name", ["mbo:bulk"])
def test_get_on_a_mutating_view_is_405(ic, name):
    assert ic.get(reverse(name)).status_code == 405


STAPPEN = ["mbo:stap", "mbo:intake_plannen", "mbo:intake_gehad", "mbo:besluit", "mbo:doorverwijzen"]


@pytest.mark.parametrize("name", STAPPEN)
def test_get_on_a_step_is_405(ic, world, name):
    assert ic.get(reverse(name, kwargs={"pk": world["aanmelding_a"].pk})).status_code == 405


@pytest.mark.parametrize("name", ["mbo:opleiding_sluiten", "mbo:opleiding_verwijderen"])
def test_get_on_a_programme_action_is_405(ic, world, name):
    assert ic.get(reverse(name, kwargs={"pk": world["opleiding_a"].pk})).status_code == 405
    assert Opleiding.objects.get(pk=world["opleiding_a"].pk).actief


def test_lob_paspoort_download_is_logged(ic, world):
    from django.core.files.base import ContentFile

    formulier = Doorstroomformulier(leerling=world["leerling_a"], status="definitief", definitief_op=timezone.now())
    formulier.lob_paspoort_pdf.save("lob.pdf", ContentFile(b"%PDF-1.4 paspoort"), save=False)
    formulier.save()
    response = ic.get(reverse("mbo:lob_paspoort", kwargs={"pk": world["aanmelding_a"].pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert Raadpleging.objects.filter(leerling=world["leerling_a"], pagina="mbo:lob_paspoort", actie="pdf").exists()


def test_lob_paspoort_of_a_concept_form_is_not_found(ic, world):
    from django.core.files.base import ContentFile

    formulier = Doorstroomformulier(leerling=world["leerling_a"])
    formulier.lob_paspoort_pdf.save("lob.pdf", ContentFile(b"%PDF-1.4 paspoort"), save=False)
    formulier.save()
    assert ic.get(reverse("mbo:lob_paspoort", kwargs={"pk": world["aanmelding_a"].pk})).status_code == 404


def test_late_feedback_is_visible_to_the_school(client, world):
    import time_machine

    from aanmelding.services_mbo import aanmelding_ontvangen

    deadline = world["schooljaar"].terugkoppeling_gereed
    moment = datetime.datetime.combine(deadline + datetime.timedelta(days=2), datetime.time(9))
    with time_machine.travel(timezone.make_aware(moment), tick=False):
        aanmelding_ontvangen(aanmelding=world["aanmelding_a"], user=world["intaker"])
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})).content.decode()
    assert "Te late terugkoppeling: na de termijn van 1 juni" in body


# --- the pupil's file -----------------------------------------------------------------------


def test_file_shows_final_form_without_care_and_logs_access(ic, world):
    leerling = world["leerling_a"]
    Doorstroomformulier.objects.create(
        leerling=leerling,
        status="definitief",
        definitief_op=timezone.now(),
        motivatie="Ik wil de zorg in.",
        lob_activiteiten="Open dag ROC",
        zorg_gegeven="GEHEIM-ZORG",
    )
    other = maak_aanmelding(world)
    other.leerling = leerling
    other.keuze = 2
    other.opleiding = f.OpleidingFactory(instelling=world["mbo_a"], naam="Tweede keus")
    other.save()
    response = ic.get(reverse("mbo:dossier", kwargs={"pk": world["aanmelding_a"].pk}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ik wil de zorg in." in body and "Open dag ROC" in body and "LOB-paspoort" in body
    assert "GEHEIM-ZORG" not in body
    assert "Tweede keus" in body
    assert leerling.bsn not in body
    assert Raadpleging.objects.filter(leerling=leerling, pagina="mbo:dossier", organisatie=world["mbo_a"]).exists()


def test_file_shows_care_only_when_shared(ic, world):
    Doorstroomformulier.objects.create(
        leerling=world["leerling_a"],
        status="definitief",
        definitief_op=timezone.now(),
        zorg_gegeven="Gedeelde zorg",
        zorg_delen_met_mbo=True,
    )
    body = ic.get(reverse("mbo:dossier", kwargs={"pk": world["aanmelding_a"].pk})).content.decode()
    assert "Gedeelde zorg" in body


def test_file_does_not_show_a_concept_form(ic, world):
    Doorstroomformulier.objects.create(leerling=world["leerling_a"], motivatie="Nog niet af")
    body = ic.get(reverse("mbo:dossier", kwargs={"pk": world["aanmelding_a"].pk})).content.decode()
    assert "Nog niet af" not in body and "nog niet definitief" in body


def test_file_shows_only_own_timeline(ic, world):
    from terugkoppeling.services import terugkoppeling_record

    terugkoppeling_record(leerling=world["leerling_a"], soort="melding", bericht="VERTROUWELIJK", user=world["decaan"])
    body = ic.get(reverse("mbo:dossier", kwargs={"pk": world["aanmelding_a"].pk})).content.decode()
    assert "VERTROUWELIJK" not in body


def test_form_pdf(ic, world):
    Doorstroomformulier.objects.create(
        leerling=world["leerling_a"], status="definitief", definitief_op=timezone.now(), motivatie="Motivatie"
    )
    response = ic.get(reverse("mbo:formulier_pdf", kwargs={"pk": world["aanmelding_a"].pk}))
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    naam = slugify(world["leerling_a"].volledige_naam)
    assert f"doorstroomformulier-{naam}-{timezone.localdate().isoformat()}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    opleiding = world["aanmelding_a"].opleiding
    assert opleiding.naam in text and opleiding.instelling.naam in text and "1e keuze" in text


def test_form_pdf_without_final_form_redirects_with_message(ic, world):
    response = ic.get(reverse("mbo:formulier_pdf", kwargs={"pk": world["aanmelding_a"].pk}))
    assert response.status_code == 302 and "nog niet definitief" in _messages(response)[0]


# --- steps ----------------------------------------------------------------------------------


def test_receive_step(ic, world):
    response = ic.post(reverse("mbo:stap", kwargs={"pk": world["aanmelding_a"].pk}), {"naar": "in_behandeling"})
    assert response.status_code == 302 and "ontvangen" in _messages(response)[0]
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == Status.IN_BEHANDELING


def test_illegal_step_gives_a_dutch_message_and_writes_nothing(ic, world):
    response = ic.post(reverse("mbo:stap", kwargs={"pk": world["aanmelding_a"].pk}), {"naar": "gestart"})
    assert response.status_code == 302 and "kan niet naar" in _messages(response)[0]
    world["aanmelding_a"].refresh_from_db()
    assert world["aanmelding_a"].status == Status.AANGEMELD and not Terugkoppeling.objects.exists()


def test_unknown_step_is_refused(ic, world):
    response = ic.post(reverse("mbo:stap", kwargs={"pk": world["aanmelding_a"].pk}), {"naar": "geplaatst"})
    assert "Kies een geldige stap." in _messages(response)


def test_plan_intake_view(ic, world):
    a = maak_aanmelding(world, status=Status.IN_BEHANDELING)
    data = {"datum": MORGEN.isoformat(), "tijd": "14:15", "plaats": "Lokaal 3", "bericht": "Welkom"}
    response = ic.post(reverse("mbo:intake_plannen", kwargs={"pk": a.pk}), data)
    assert response.status_code == 302
    assert "14:15" in Terugkoppeling.objects.get(aanmelding=a).bericht
    said = " ".join(_messages(response))
    # No pupil has an account: the message names who really sees the invitation.
    assert "In VOROC zien de school en Leerplicht/RMC van de woongemeente de uitnodiging." in said
    assert "De leerling ziet niets in VOROC" in said and "de leerling zien" not in said


def test_plan_intake_message_says_the_pupil_sees_it_with_a_portal_account(ic, world):
    from tests import factories as f

    a = maak_aanmelding(world, status=Status.IN_BEHANDELING)
    f.portaal_account(a.leerling, relatie="leerling")
    data = {"datum": MORGEN.isoformat(), "tijd": "14:15", "plaats": "Lokaal 3", "bericht": "Welkom"}
    said = " ".join(_messages(ic.post(reverse("mbo:intake_plannen", kwargs={"pk": a.pk}), data)))
    assert "In VOROC zien de school, Leerplicht/RMC van de woongemeente en de leerling zelf de uitnodiging." in said
    assert "De leerling ziet niets in VOROC" not in said


def test_plan_intake_message_follows_the_visibility_table(monkeypatch):
    from aanmelding.views_mbo import intake_gepland_tekst
    from voroc import policy

    cellen = {**policy.ZICHTBAARHEID[policy.Deel.AANMELDINGEN], policy.Relatie.GEMEENTE: policy.NEE}
    monkeypatch.setitem(policy.ZICHTBAARHEID, policy.Deel.AANMELDINGEN, cellen)
    assert intake_gepland_tekst() == (
        "Intake gepland. In VOROC ziet de school de uitnodiging. De leerling ziet niets in VOROC: "
        "nodig de leerling zelf uit."
    )


def test_plan_intake_with_bad_input_shows_the_form_with_errors(ic, world):
    a = maak_aanmelding(world, status=Status.IN_BEHANDELING)
    response = ic.post(reverse("mbo:intake_plannen", kwargs={"pk": a.pk}), {"datum": "gisteren", "plaats": ""})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Voer een geldige datum in." in body and "De intake is niet gepland" in body
    assert not Intake.objects.exists()


@pytest.mark.parametrize(
    "status, open_stap",
    [
        (Status.IN_BEHANDELING, "intake_plannen"),
        (Status.INTAKE_GEPLAND, "intake_gehad"),
        (Status.INTAKE_GEHAD, "besluit"),
    ],
)
def test_file_shows_the_next_step_form_open_and_the_rest_behind_a_disclosure(ic, world, status, open_stap):
    a = maak_aanmelding(world, status=status)
    body = ic.get(reverse("mbo:dossier", kwargs={"pk": a.pk})).content.decode()
    stappen = body.split('id="kop-stappen"', 1)[1].split("</section>", 1)[0]
    open_deel, _, dicht = stappen.partition("<details")
    acties = {"intake_plannen": "/intake/", "intake_gehad": "/intake-gehad/", "besluit": "/besluit/"}
    assert [stap for stap, pad in acties.items() if pad + '"' in open_deel] == [open_stap]
    # The others allowed from this status, and referring elsewhere, wait behind disclosures.
    assert "/doorverwijzen/" in dicht and acties[open_stap] + '"' not in dicht


def test_a_step_form_with_errors_is_the_open_one(ic, world):
    a = maak_aanmelding(world, status=Status.IN_BEHANDELING)
    response = ic.post(reverse("mbo:doorverwijzen", kwargs={"pk": a.pk}), {})
    stappen = response.content.decode().split('id="kop-stappen"', 1)[1].split("</section>", 1)[0]
    open_deel, _, dicht = stappen.partition("<details")
    assert "/doorverwijzen/" in open_deel and "/doorverwijzen/" not in dicht and "/intake/" in dicht


def test_plan_intake_in_the_past_is_refused_on_the_form(ic, world):
    a = maak_aanmelding(world, status=Status.IN_BEHANDELING)
    response = ic.post(
        reverse("mbo:intake_plannen", kwargs={"pk": a.pk}), {"datum": "2020-01-01", "tijd": "09:00", "plaats": "X"}
    )
    assert "De intakedatum ligt in het verleden." in response.content.decode()
    assert not Intake.objects.exists()


def test_decision_rejection_needs_a_reason(ic, world):
    a = maak_aanmelding(world, status=Status.INTAKE_GEHAD)
    response = ic.post(reverse("mbo:besluit", kwargs={"pk": a.pk}), {"uitkomst": "afgewezen"})
    assert response.status_code == 200 and "wettelijke lijst" in response.content.decode()
    a.refresh_from_db()
    assert a.status == Status.INTAKE_GEHAD
    response = ic.post(reverse("mbo:besluit", kwargs={"pk": a.pk}), {"uitkomst": "afgewezen", "reden": "bsa"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.AFGEWEZEN


def test_decision_starts_empty_and_needs_a_choice(ic, world):
    a = maak_aanmelding(world, status=Status.INTAKE_GEHAD)
    body = ic.get(reverse("mbo:dossier", kwargs={"pk": a.pk})).content.decode()
    assert '<option value="" selected>Kies een besluit</option>' in body
    # Submitted untouched: a Dutch message, and the pupil is not placed.
    response = ic.post(reverse("mbo:besluit", kwargs={"pk": a.pk}), {"van_status": a.status})
    assert response.status_code == 200 and "Kies een besluit." in response.content.decode()
    a.refresh_from_db()
    assert a.status == Status.INTAKE_GEHAD and not Plaatsingsbesluit.objects.filter(aanmelding=a).exists()


def test_conditional_placement_with_condition(ic, world):
    a = maak_aanmelding(world, status=Status.INTAKE_GEHAD)
    data = {"uitkomst": "voorwaardelijk_geplaatst", "voorwaarde": "Diploma KB"}
    ic.post(reverse("mbo:besluit", kwargs={"pk": a.pk}), data)
    a.refresh_from_db()
    assert a.status == Status.VOORWAARDELIJK_GEPLAATST and a.plaatsingsbesluit.voorwaarde == "Diploma KB"


def test_intake_held_view(ic, world):
    a = maak_aanmelding(world, status=Status.INTAKE_GEPLAND)
    ic.post(reverse("mbo:intake_gehad", kwargs={"pk": a.pk}), {"studiekeuzeadvies": "Kies BBL"})
    assert Intake.objects.get(aanmelding=a).studiekeuzeadvies == "Kies BBL"


def test_refer_to_another_programme(ic, world):
    naar = f.OpleidingFactory(instelling=world["mbo_a"])
    url = reverse("mbo:doorverwijzen", kwargs={"pk": world["aanmelding_a"].pk})
    response = ic.post(url, {"naar_opleiding": naar.pk})
    nieuw = Aanmelding.objects.get(opleiding=naar)
    assert response["Location"] == reverse("mbo:dossier", kwargs={"pk": nieuw.pk})


def test_refer_to_a_foreign_programme_is_refused(ic, world):
    response = ic.post(
        reverse("mbo:doorverwijzen", kwargs={"pk": world["aanmelding_a"].pk}),
        {"naar_opleiding": world["opleiding_b"].pk},
    )
    assert (
        response.status_code == 200
        and not Aanmelding.objects.filter(opleiding=world["opleiding_b"]).exclude(pk=world["aanmelding_b"].pk).exists()
    )


# --- deadline and no-shows ------------------------------------------------------------------


def test_feedback_deadline_screen_counts_down(ic, world):
    body = ic.get(reverse("mbo:terugkoppeling")).content.decode()
    assert world["leerling_a"].achternaam in body and world["leerling_b"].achternaam not in body
    assert "terugkoppelingen gehad" in body or "termijn" in body


def test_feedback_deadline_passed(client, world):
    import time_machine

    na = world["schooljaar"].terugkoppeling_gereed + datetime.timedelta(days=1)
    with time_machine.travel(timezone.make_aware(datetime.datetime.combine(na, datetime.time(9))), tick=False):
        client.force_login(world["intaker"])  # sessions time out: sign in at the travelled time
        body = client.get(reverse("mbo:terugkoppeling")).content.decode()
    assert "termijn verstreken" in body


def test_no_show_term_passed_is_marked(ic, world):
    opl = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date.today() - datetime.timedelta(days=30))
    maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=opl)
    assert "termijn verstreken" in ic.get(reverse("mbo:noshow")).content.decode()


def test_no_show_screen_and_actions(ic, world):
    opl = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date.today() - datetime.timedelta(days=2))
    a = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=opl)
    b = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=opl)
    body = ic.get(reverse("mbo:noshow")).content.decode()
    assert a.leerling.achternaam in body and b.leerling.achternaam in body
    r = ic.post(reverse("mbo:stap", kwargs={"pk": a.pk}), {"naar": "gestart", "terug": "noshow"})
    assert r["Location"] == reverse("mbo:noshow")
    ic.post(reverse("mbo:stap", kwargs={"pk": b.pk}), {"naar": "niet_verschenen", "terug": "https://evil.example"})
    assert Melding.objects.filter(aanmelding=b, soort="niet_verschenen").exists()
    body = ic.get(reverse("mbo:noshow")).content.decode()
    assert a.leerling.achternaam not in body and b.leerling.achternaam not in body


# --- programmes -----------------------------------------------------------------------------


def test_create_programme_in_the_browser(ic, world):
    loc = f.LocatieFactory(instelling=world["mbo_a"])
    data = {
        "instelling": world["mbo_a"].pk,
        "crebo": "25180",
        "naam": "Helpende Zorg",
        "niveau": 2,
        "leerweg": "BOL",
        "locatie": loc.pk,
        "startdatum": "2027-09-01",
        "capaciteit": "",
        "actief": "on",
    }
    response = ic.post(reverse("mbo:opleiding_nieuw"), data)
    assert response.status_code == 302
    assert Opleiding.objects.get(crebo="25180").instelling == world["mbo_a"]


def test_create_programme_for_a_foreign_institution_or_location_is_refused(ic, world):
    loc_b = f.LocatieFactory(instelling=world["mbo_b"])
    data = {
        "instelling": world["mbo_b"].pk,
        "crebo": "25180",
        "naam": "X",
        "niveau": 2,
        "leerweg": "BOL",
        "locatie": loc_b.pk,
        "startdatum": "2027-09-01",
    }
    response = ic.post(reverse("mbo:opleiding_nieuw"), data)
    assert response.status_code == 200 and not Opleiding.objects.filter(crebo="25180").exists()
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_edit_programme_cannot_move_it_to_another_institution(ic, world):
    o = world["opleiding_a"]
    data = {
        "instelling": world["mbo_b"].pk,
        "crebo": o.crebo,
        "naam": "Nieuwe naam",
        "niveau": o.niveau,
        "leerweg": "BOL",
        "locatie": o.locatie_id,
        "startdatum": "2027-09-01",
        "actief": "on",
    }
    response = ic.post(reverse("mbo:opleiding_bewerken", kwargs={"pk": o.pk}), data)
    assert response.status_code == 302
    o.refresh_from_db()
    assert o.naam == "Nieuwe naam" and o.instelling == world["mbo_a"]


def test_edit_programme_with_bad_input(ic, world):
    o = world["opleiding_a"]
    data = {
        "crebo": "ABCDE",
        "naam": o.naam,
        "niveau": 9,
        "leerweg": "BOL",
        "locatie": o.locatie_id,
        "startdatum": "2027-09-01",
    }
    response = ic.post(reverse("mbo:opleiding_bewerken", kwargs={"pk": o.pk}), data)
    assert response.status_code == 200
    o.refresh_from_db()
    assert o.crebo != "ABCDE"


def test_delete_programme_with_applications_is_refused_close_works(ic, world):
    o = world["opleiding_a"]
    response = ic.post(reverse("mbo:opleiding_verwijderen", kwargs={"pk": o.pk}))
    assert "kan niet worden verwijderd" in _messages(response)[0]
    assert Opleiding.objects.filter(pk=o.pk).exists()
    ic.post(reverse("mbo:opleiding_sluiten", kwargs={"pk": o.pk}))
    o.refresh_from_db()
    assert not o.actief
    ic.post(reverse("mbo:opleiding_sluiten", kwargs={"pk": o.pk}), {"actief": "1"})
    o.refresh_from_db()
    assert o.actief


def test_programme_import_view_preview_then_confirm(ic, world):
    f.LocatieFactory(instelling=world["mbo_a"], naam="Centrum")
    data = "crebo;naam;niveau;leerweg;locatie;startdatum\n25180;Helpende Zorg;2;BOL;Centrum;01-09-2027\n"
    upload = io.BytesIO(data.encode())
    upload.name = "opleidingen.csv"
    response = ic.post(reverse("mbo:opleiding_import"), {"instelling": world["mbo_a"].pk, "bestand": upload})
    assert response.status_code == 200 and "Bevestigen en vastleggen" in response.content.decode()
    assert not Opleiding.objects.filter(crebo="25180").exists()
    response = ic.post(
        reverse("mbo:opleiding_import"), {"instelling": world["mbo_a"].pk, "inhoud": data, "bevestig": "1"}
    )
    assert response.status_code == 302 and Opleiding.objects.filter(crebo="25180").exists()


def test_programme_import_view_with_errors(ic, world):
    data = "crebo;naam;niveau;leerweg;locatie;startdatum\n25180;X;2;BOL;Nergens;01-09-2027\n"
    response = ic.post(
        reverse("mbo:opleiding_import"), {"instelling": world["mbo_a"].pk, "inhoud": data, "bevestig": "1"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Locatie ‘Nergens’ bestaat niet" in body
    assert "Bevestigen en vastleggen" not in body and not Opleiding.objects.filter(crebo="25180").exists()


def test_status_import_view(ic, world):
    a = world["aanmelding_a"]
    data = f"aanmelding;status\n{a.pk};1\n"
    response = ic.post(reverse("mbo:status_import"), {"inhoud": data})
    assert "Bevestigen en vastleggen" in response.content.decode()
    a.refresh_from_db()
    assert a.status == Status.AANGEMELD
    response = ic.post(reverse("mbo:status_import"), {"inhoud": data, "bevestig": "1"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.IN_BEHANDELING


def test_status_import_view_without_file(ic):
    response = ic.post(reverse("mbo:status_import"), {})
    assert "Kies een CSV-bestand." in response.content.decode()


def test_menu_shows_mbo_items_only_to_intakers(client, world, ic):
    body = ic.get(reverse("home")).content.decode()
    assert reverse("mbo:werklijst") in body and reverse("mbo:opleidingen") in body
    client.force_login(world["decaan"])
    assert reverse("mbo:werklijst") not in client.get(reverse("home")).content.decode()


def test_pupil_page_links_the_intaker_to_the_file(ic, client, world):
    url = reverse("leerlingen:detail", kwargs={"pk": world["leerling_a"].pk})
    dossier = reverse("mbo:dossier", kwargs={"pk": world["aanmelding_a"].pk})
    assert dossier in ic.get(url).content.decode()
    client.force_login(world["decaan"])
    assert dossier not in client.get(url).content.decode()


# --- the school year ------------------------------------------------------------------------


@pytest.fixture
def vorig(world):
    """Last (inactive) year's applications to mbo A: one open, one started, one rejected, one
    enrolled at a programme that has begun (the no-show list), one missing feedback."""
    jaar = f.SchooljaarFactory(startjaar=world["schooljaar"].startjaar - 1, actief=False)
    begonnen = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date(2025, 9, 1))

    def aanmelding(naam, status, opleiding=None):
        leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=jaar, achternaam=naam)
        return f.AanmeldingFactory(leerling=leerling, opleiding=opleiding or world["opleiding_a"], status=status)

    return {
        "jaar": jaar,
        "open": aanmelding("Lopend", Status.IN_BEHANDELING),
        "gestart": aanmelding("Begonnen", Status.GESTART),
        "afgewezen": aanmelding("Afgewezen", Status.AFGEWEZEN),
        "ingeschreven": aanmelding("Ingeschreven", Status.INGESCHREVEN, begonnen),
    }


def _leerlingen(response):
    return {a.leerling.achternaam for a in response.context["page"]}


def test_worklist_and_export_have_the_year_choice(ic, world, vorig):
    """Default: this year's applications and last year's not in a final state; last year chosen:
    last year's only, the settled ones included."""
    standaard = ic.get(reverse("mbo:werklijst"))
    assert 'name="schooljaar"' in standaard.content.decode()
    assert _leerlingen(standaard) == {world["leerling_a"].achternaam, "Lopend", "Ingeschreven"}
    jaar = {"schooljaar": vorig["jaar"].startjaar}
    assert _leerlingen(ic.get(reverse("mbo:werklijst"), jaar)) == {"Lopend", "Begonnen", "Afgewezen", "Ingeschreven"}
    export = ic.get(reverse("mbo:werklijst_export"), {"formaat": "csv"}).getvalue().decode("utf-8-sig")
    assert "Lopend" in export and "Begonnen" not in export
    export = ic.get(reverse("mbo:werklijst_export"), {"formaat": "csv", **jaar}).getvalue().decode("utf-8-sig")
    assert "Begonnen" in export and world["leerling_a"].achternaam not in export


def test_bulk_keeps_the_year_it_was_done_in(ic, world, vorig):
    query = f"schooljaar={vorig['jaar'].startjaar}&status=ingeschreven"
    response = ic.post(
        reverse("mbo:bulk"), {"actie": "gestart", "aanmelding": [vorig["ingeschreven"].pk], "query": query}
    )
    assert response["Location"] == reverse("mbo:werklijst") + "?" + query
    refused = ic.post(reverse("mbo:bulk"), {"actie": "gestart", "aanmelding": [vorig["open"].pk], "query": query})
    assert refused.status_code == 400 and refused.context["schooljaar"] == vorig["jaar"]
    # an application of another year than the list shows is no choice: refused, nothing written
    this_year = ic.post(
        reverse("mbo:bulk"), {"actie": "ontvangen", "aanmelding": [world["aanmelding_a"].pk], "query": query}
    )
    assert this_year.status_code == 400 and "Kies aanmeldingen uit de lijst" in this_year.content.decode()
    assert Aanmelding.objects.get(pk=world["aanmelding_a"].pk).status == Status.AANGEMELD


def test_feedback_list_has_the_year_choice(ic, world, vorig):
    url = reverse("mbo:terugkoppeling")
    standaard = _leerlingen(ic.get(url))
    assert {"Lopend", world["leerling_a"].achternaam} <= standaard and "Afgewezen" not in standaard
    assert "Afgewezen" in _leerlingen(ic.get(url, {"schooljaar": vorig["jaar"].startjaar}))
    assert world["leerling_a"].achternaam not in _leerlingen(ic.get(url, {"schooljaar": vorig["jaar"].startjaar}))


def test_no_show_list_has_the_year_choice(ic, world, vorig):
    url = reverse("mbo:noshow")
    nu = maak_aanmelding(world, status=Status.INGESCHREVEN, opleiding=vorig["ingeschreven"].opleiding)
    assert _leerlingen(ic.get(url)) == {"Ingeschreven", nu.leerling.achternaam}  # last year's is open work
    assert _leerlingen(ic.get(url, {"schooljaar": vorig["jaar"].startjaar})) == {"Ingeschreven"}
    # a step taken on last year's list returns to last year's list
    jaar = str(vorig["jaar"].startjaar)
    body = ic.get(url, {"schooljaar": jaar}).content.decode()
    assert body.count(f'name="schooljaar" value="{jaar}"') == 3  # the filter form and the row's two steps
    response = ic.post(
        reverse("mbo:stap", args=[vorig["ingeschreven"].pk]), {"naar": "gestart", "terug": "noshow", "schooljaar": jaar}
    )
    assert response["Location"] == f"{url}?schooljaar={jaar}"
    response = ic.post(reverse("mbo:stap", args=[nu.pk]), {"naar": "gestart", "terug": "noshow", "schooljaar": "x<"})
    assert response["Location"] == url


def test_feedback_and_no_show_lists_are_paged(ic, world, vorig):
    bulk_aanmeldingen(world, 60, opleiding=vorig["ingeschreven"].opleiding)
    assert "Pagina 1 van 2" in ic.get(reverse("mbo:terugkoppeling")).content.decode()
    Aanmelding.objects.update(status=Status.INGESCHREVEN)
    body = ic.get(reverse("mbo:noshow"), {"page": 2}).content.decode()
    assert "Pagina 2 van 2" in body


@pytest.mark.parametrize("name", ["mbo:werklijst", "mbo:terugkoppeling", "mbo:noshow"])
def test_mbo_lists_cost_the_same_for_ten_times_the_rows_in_either_year(
    ic, world, vorig, django_assert_max_num_queries, name
):
    begonnen = vorig["ingeschreven"].opleiding

    def rijen(n):  # n applications of this year and n of last year
        bulk_aanmeldingen(world, n, opleiding=begonnen)
        bulk_aanmeldingen(world, n, opleiding=begonnen, schooljaar=vorig["jaar"])
        if name == "mbo:noshow":
            Aanmelding.objects.filter(leerling__achternaam__startswith="Massa").update(status=Status.INGESCHREVEN)

    for jaar in ({}, {"schooljaar": vorig["jaar"].startjaar}):
        rijen(6)
        with django_assert_max_num_queries(25) as few:
            assert ic.get(reverse(name), jaar).status_code == 200
        rijen(60)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = ic.get(reverse(name), jaar)
        assert response.context["page"].paginator.count > 50


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("mbo:werklijst", Status.AANGEMELD),
        ("mbo:terugkoppeling", Status.AANGEMELD),
        ("mbo:noshow", Status.INGESCHREVEN),
    ],
)
def test_application_lists_cost_the_same_queries_with_tenfold_rows(
    ic, world, django_assert_max_num_queries, name, status
):
    from tests.lists import check_tenfold

    gestart = f.OpleidingFactory(instelling=world["mbo_a"], startdatum=datetime.date(2020, 9, 1))

    def add(k):
        bulk_aanmeldingen(world, k, opleiding=gestart)
        Aanmelding.objects.filter(opleiding=gestart).update(status=status)

    check_tenfold(ic, reverse(name), add, django_assert_max_num_queries)


def test_programme_list_costs_the_same_queries_with_tenfold_rows(ic, world, django_assert_max_num_queries):
    from tests.lists import check_tenfold

    def add(k):
        for _ in range(k):
            bulk_aanmeldingen(world, 2, opleiding=f.OpleidingFactory(instelling=world["mbo_a"]))

    check_tenfold(ic, reverse("mbo:opleidingen"), add, django_assert_max_num_queries)
