"""The doorstroomformulier in the browser: sections, care field absence, conflicts, finalising, uploads."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from doorstroom.models import Doorstroomformulier, FormulierStatus
from doorstroom.services import formulier_voor
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from tests.doorstroom import factories as ff

ZORG_TEKST = "Vertrouwelijk-zorgtekst-7731"


def url(name, pk):
    return reverse(f"doorstroom:{name}", kwargs={"pk": pk})


def _post(client, leerling, **data):
    data.setdefault(
        "versie", Doorstroomformulier.objects.filter(leerling=leerling).values_list("versie", flat=True).first() or 1
    )
    return client.post(url("opslaan", leerling.pk), data)


@pytest.fixture
def met_zorg(world, leerling):
    return ff.formulier(leerling, world["decaan"], zorg_nodig=ZORG_TEKST, zorg_gegeven="Extra begeleiding")


# --- The care section: present for zorg holders, absent from the HTML for everybody else -------------------


@pytest.mark.parametrize("role", ["decaan", "zorg"])
def test_care_section_is_shown_to_zorg_holders(world, client, leerling, met_zorg, role):
    client.force_login(world[role])
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert ZORG_TEKST in body and 'name="zorg_nodig"' in body and "Ondersteuning en zorg" in body


@pytest.mark.parametrize("role", ["mentor", "consulent"])
def test_care_section_is_absent_for_others(world, client, leerling, met_zorg, role):
    client.force_login(world[role])
    response = client.get(url("formulier", leerling.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert ZORG_TEKST not in body and "Extra begeleiding" not in body
    assert "zorg_nodig" not in body and "zorg_gegeven" not in body and "zorg_delen_met_mbo" not in body
    assert "Ondersteuning en zorg" not in body


def test_municipality_reads_without_editing(world, client, leerling, met_zorg):
    client.force_login(world["consulent"])
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert "Wil graag in de zorg werken" in body
    assert 'name="motivatie"' not in body and "Opslaan als concept" not in body and "Definitief maken" not in body
    assert _post(client, leerling, motivatie="Gemeente").status_code == 403


def test_intaker_sees_care_only_when_the_school_shares_it(world, client, leerling):
    ff.formulier(leerling, world["decaan"], definitief=True, zorg_nodig=ZORG_TEKST)
    client.force_login(world["intaker"])
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert "Wil graag in de zorg werken" in body  # the final form itself
    assert ZORG_TEKST not in body and "zorg_nodig" not in body and "Ondersteuning en zorg" not in body
    assert 'name="motivatie"' not in body  # read-only

    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    Doorstroomformulier.objects.filter(pk=formulier.pk).update(zorg_delen_met_mbo=True)
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert ZORG_TEKST in body and 'name="zorg_nodig"' not in body


def test_intaker_of_another_institution_or_concept_form_gets_404(world, client, leerling):
    ff.formulier(leerling, world["decaan"])
    client.force_login(world["intaker"])
    assert client.get(url("formulier", leerling.pk)).status_code == 404  # concept: not for the mbo
    client.force_login(world["intaker_b"])
    assert client.get(url("formulier", leerling.pk)).status_code == 404


def test_mentor_cannot_smuggle_care_fields_in(world, client, leerling):
    client.force_login(world["mentor"])
    response = _post(client, leerling, motivatie="Koken", zorg_nodig="Ingeslopen")
    assert response.status_code == 302
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    assert formulier.motivatie == "Koken" and formulier.zorg_nodig == ""


def test_zorgcoordinator_edits_only_the_care_section(world, client, leerling):
    client.force_login(world["zorg"])
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert 'name="zorg_nodig"' in body and 'name="motivatie"' not in body
    assert _post(client, leerling, zorg_nodig="Rustige werkplek", motivatie="Niet van mij").status_code == 302
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    assert formulier.zorg_nodig == "Rustige werkplek" and formulier.motivatie == ""


# --- Saving, completeness, finalising, reopening -----------------------------------------------------------


def test_save_as_concept_and_completeness_per_section(world, client, leerling):
    client.force_login(world["decaan"])
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert "nog niet gestart" in body and "0 van 1 verplichte velden" in body
    assert not Doorstroomformulier.objects.exists()  # GET writes nothing
    response = _post(client, leerling, motivatie="Wil de horeca in", ouder_naam="A. Jansen")
    assert response.status_code == 302
    body = client.get(response["Location"]).content.decode()
    assert "Het formulier is als concept opgeslagen." in body
    assert body.count(">compleet<") >= 2  # contact and motivation sections complete
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    assert formulier.status == FormulierStatus.CONCEPT and formulier.versie == 2


def test_bad_input_gives_a_dutch_message_and_writes_nothing(world, client, leerling):
    client.force_login(world["decaan"])
    response = _post(client, leerling, ouder_email="geen-adres", motivatie="Iets")
    assert response.status_code == 400
    body = response.content.decode()
    assert "Het formulier is niet opgeslagen" in body and "geldig e-mailadres" in body
    assert not Doorstroomformulier.objects.exists()


def test_text_typed_and_then_finalised_is_kept(world, client, leerling):
    client.force_login(world["decaan"])
    _post(client, leerling, motivatie="Iets")
    body = client.get(url("formulier", leerling.pk)).content.decode()
    # The button belongs to the edit form, so what was typed is posted with it.
    assert 'name="actie" value="definitief"' in body
    assert body.count("Definitief maken</button>") == 1
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    data = {**ff.COMPLEET, "motivatie": "Net getypt, nog niet opgeslagen"}
    response = client.post(
        url("opslaan", leerling.pk), {**data, "versie": formulier.versie, "actie": "definitief"}, follow=True
    )
    assert "Het formulier is definitief gemaakt." in response.content.decode()
    formulier.refresh_from_db()
    assert formulier.status == FormulierStatus.DEFINITIEF
    assert formulier.motivatie == "Net getypt, nog niet opgeslagen"


def test_finalising_an_incomplete_form_keeps_the_typed_text(world, client, leerling):
    client.force_login(world["decaan"])
    response = _post(client, leerling, motivatie="Eerste tekst", actie="definitief")
    body = client.get(response["Location"]).content.decode()
    assert "Het formulier is nog niet compleet" in body
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    assert formulier.status == FormulierStatus.CONCEPT and formulier.motivatie == "Eerste tekst"


def test_finalise_only_when_complete_then_reopen_with_a_reason(world, client, leerling):
    client.force_login(world["decaan"])
    _post(client, leerling, motivatie="Iets")
    response = client.post(url("definitief", leerling.pk), follow=True)
    assert "Het formulier is nog niet compleet" in response.content.decode()
    assert Doorstroomformulier.objects.get(leerling=leerling).status == FormulierStatus.CONCEPT

    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    _post(client, leerling, versie=formulier.versie, **ff.COMPLEET)
    response = client.post(url("definitief", leerling.pk), follow=True)
    assert "Het formulier is definitief gemaakt." in response.content.decode()
    formulier.refresh_from_db()
    assert formulier.status == FormulierStatus.DEFINITIEF

    # A final form cannot be changed ...
    response = _post(client, leerling, motivatie="Later gewijzigd")
    assert "Heropen het om het te wijzigen" in client.get(response["Location"]).content.decode()
    formulier.refresh_from_db()
    assert formulier.motivatie == ff.COMPLEET["motivatie"]
    # ... and reopening needs a reason, which stays on the timeline.
    response = client.post(url("heropenen", leerling.pk), {"reden": ""}, follow=True)
    assert "Geef aan waarom" in response.content.decode()
    client.post(url("heropenen", leerling.pk), {"reden": "Advies aangepast na gesprek"})
    formulier.refresh_from_db()
    assert formulier.status == FormulierStatus.CONCEPT
    assert Terugkoppeling.objects.filter(leerling=leerling, bericht__contains="Advies aangepast na gesprek").exists()


def test_get_on_mutating_views_is_405(world, client, leerling):
    client.force_login(world["decaan"])
    for name in ("opslaan", "definitief", "heropenen"):
        assert client.get(url(name, leerling.pk)).status_code == 405


# --- Two editors at once: the second gets a conflict page with both versions, nothing is overwritten -------


def test_two_editors_conflict_shows_both_versions_and_lets_the_second_reapply(world, leerling):
    formulier = formulier_voor(leerling=leerling)
    eerste, tweede = Client(), Client()
    eerste.force_login(world["decaan"])
    tweede.force_login(world["mentor"])
    # Both open the form at the same version.
    for c in (eerste, tweede):
        assert f'name="versie" value="{formulier.versie}"' in c.get(url("formulier", leerling.pk)).content.decode()
    base = {"versie": formulier.versie, "ouder_naam": "P. Pietersen"}
    assert eerste.post(url("opslaan", leerling.pk), {**base, "motivatie": "Versie van de decaan"}).status_code == 302

    response = tweede.post(url("opslaan", leerling.pk), {**base, "motivatie": "Versie van de mentor"})
    assert response.status_code == 409
    body = response.content.decode()
    assert "iemand anders heeft dit formulier intussen opgeslagen" in body
    assert "Versie van de mentor" in body and "Versie van de decaan" in body
    assert world["decaan"].naam in body
    conflict = response.context["conflict"]
    assert [(v["mijn"], v["opgeslagen"]) for v in conflict["verschillen"]] == [
        ("Versie van de mentor", "Versie van de decaan")
    ]  # only the field that differs
    formulier.refresh_from_db()
    assert formulier.motivatie == "Versie van de decaan"  # nothing overwritten

    # The conflict page carries the stored version number: saving again re-applies the mentor's version.
    nieuwe_versie = formulier.versie
    assert f'name="versie" value="{nieuwe_versie}"' in body
    response = tweede.post(
        url("opslaan", leerling.pk), {**base, "versie": nieuwe_versie, "motivatie": "Versie van de mentor"}
    )
    assert response.status_code == 302
    formulier.refresh_from_db()
    assert formulier.motivatie == "Versie van de mentor" and formulier.versie == nieuwe_versie + 1


# --- LOB-paspoort upload ----------------------------------------------------------------------------------


def test_lob_upload_is_stored_and_served_only_through_the_scoped_view(world, client, leerling, caplog):
    client.force_login(world["decaan"])
    upload = ff.pdf_upload(name=f"{leerling.achternaam}-paspoort.pdf")
    response = client.post(url("opslaan", leerling.pk), {"versie": 1, "lob_paspoort_pdf": upload})
    assert response.status_code == 302
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    assert formulier.lob_paspoort_pdf and leerling.achternaam not in formulier.lob_paspoort_pdf.name
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert "/media/" not in body and url("lob_paspoort", formulier.pk) in body
    with caplog.at_level(logging.INFO, logger="voroc.access"):
        response = client.get(url("lob_paspoort", formulier.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    naam = slugify(leerling.volledige_naam)
    assert f'filename="lob-paspoort-{naam}-{timezone.localdate().isoformat()}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert f"action=pdf page=doorstroom:lob_paspoort object=leerlingen.Leerling:{leerling.pk}" in caplog.text
    client.force_login(world["decaan_b"])
    assert client.get(url("lob_paspoort", formulier.pk)).status_code == 404


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("paspoort.pdf", b"MZ\x90\x00 not a pdf at all", "geen geldig pdf-bestand"),
        ("paspoort.docx", ff.PDF_BYTES, "Alleen een pdf-bestand"),
        ("paspoort.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024), "te groot"),
    ],
    ids=["wrong-magic", "wrong-extension", "too-big"],
)
def test_lob_upload_refusals(world, client, leerling, name, content, message):
    client.force_login(world["decaan"])
    response = client.post(
        url("opslaan", leerling.pk), {"versie": 1, "motivatie": "x", "lob_paspoort_pdf": ff.pdf_upload(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Doorstroomformulier.objects.exists()


def test_upload_of_exactly_5_mb_is_accepted(world, client, leerling):
    client.force_login(world["decaan"])
    content = b"%PDF-" + b"0" * (5 * 1024 * 1024 - 5)
    response = client.post(
        url("opslaan", leerling.pk), {"versie": 1, "lob_paspoort_pdf": ff.pdf_upload(content=content)}
    )
    assert response.status_code == 302


# --- Pupil page --------------------------------------------------------------------------------------------


def test_pupil_page_links_to_the_form_with_its_completeness(world, client, leerling):
    ff.formulier(leerling, world["decaan"], ouder_naam="")
    client.force_login(world["decaan"])
    body = client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk})).content.decode()
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    assert url("formulier", leerling.pk) in body and url("pdf", formulier.pk) in body
    assert "7/8" in body


def test_pupil_page_hides_form_links_from_the_mbo_until_final(world, client, leerling):
    ff.formulier(leerling, world["decaan"])
    client.force_login(world["intaker"])
    body = client.get(reverse("leerlingen:detail", kwargs={"pk": leerling.pk})).content.decode()
    assert url("formulier", leerling.pk) not in body


def test_form_page_query_count_does_not_grow_with_other_pupils(world, client, leerling, django_assert_max_num_queries):
    ff.formulier(leerling, world["decaan"])
    client.force_login(world["decaan"])
    with django_assert_max_num_queries(20) as few:
        client.get(url("formulier", leerling.pk))
    for _ in range(10):
        other = f.LeerlingFactory(school=world["school_a"])
        ff.formulier(other, world["decaan"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("formulier", leerling.pk))


def test_replaced_or_removed_lob_paspoort_file_is_deleted(world, client, leerling, django_capture_on_commit_callbacks):
    client.force_login(world["decaan"])
    client.post(url("opslaan", leerling.pk), {"versie": 1, "lob_paspoort_pdf": ff.pdf_upload()})
    formulier = Doorstroomformulier.objects.get(leerling=leerling)
    storage, eerste = formulier.lob_paspoort_pdf.storage, formulier.lob_paspoort_pdf.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("opslaan", leerling.pk), {"versie": formulier.versie, "lob_paspoort_pdf": ff.pdf_upload()})
    formulier.refresh_from_db()
    tweede = formulier.lob_paspoort_pdf.name
    assert tweede != eerste and storage.exists(tweede) and not storage.exists(eerste)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("opslaan", leerling.pk), {"versie": formulier.versie, "lob_paspoort_pdf-clear": "on"})
    formulier.refresh_from_db()
    assert not formulier.lob_paspoort_pdf and not storage.exists(tweede)


def test_the_form_does_not_suggest_consent_is_needed_for_the_transfer(world, client, leerling):
    client.force_login(world["decaan"])
    body = client.get(url("formulier", leerling.pk)).content.decode()
    assert "toestemming leerling/ouders voor de overdracht" not in body and "Toestemming en overdracht" not in body
    assert "besproken met leerling en ouders" in body
    assert "sinds 1 augustus 2020 geen toestemming nodig" in body
    assert "het mbo ziet het zorgdeel alleen als dit is aangevinkt" in body
