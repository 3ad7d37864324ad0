"""After the placement: the warm handover (planned and held, by the mbo or the school) and the
documents checklist the mbo ticks, shown to the school; both audited."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Document, WarmeOverdracht
from aanmelding.services_overdracht import (
    documenten_vastleggen,
    warme_overdracht_gehouden,
    warme_overdracht_plannen,
)
from voroc.errors import DomainError

MORGEN = timezone.localdate() + datetime.timedelta(days=1)


@pytest.fixture
def geplaatst(world):
    aanmelding = world["aanmelding_a"]
    aanmelding.status = "geplaatst"
    aanmelding.save(update_fields=["status"])
    return aanmelding


@pytest.mark.parametrize("wie", ["intaker", "decaan", "mentor"])
def test_either_side_plans_and_records_the_warm_handover(world, geplaatst, wie):
    overdracht = warme_overdracht_plannen(
        aanmelding=geplaatst, datum=MORGEN, deelnemers=" mentor en intaker ", user=world[wie]
    )
    assert (overdracht.datum, overdracht.deelnemers, overdracht.gepland_door) == (
        MORGEN,
        "mentor en intaker",
        world[wie],
    )
    # Moving it keeps one row.
    later = MORGEN + datetime.timedelta(days=2)
    warme_overdracht_plannen(aanmelding=geplaatst, datum=later, deelnemers="mentor", user=world[wie])
    assert WarmeOverdracht.objects.get().datum == later
    held = warme_overdracht_gehouden(aanmelding=geplaatst, user=world[wie])
    assert held.gehouden_op is not None and held.gehouden_vastgelegd_door == world[wie]
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(WarmeOverdracht))
    assert entries.count() == 3  # planned, moved, held
    assert all("mentor" not in str(e.changes) for e in entries)  # free text masked in the trail


@pytest.mark.parametrize("wie", ["intaker_b", "decaan_b", "zorg", "consulent"])
def test_others_may_not_plan_it(world, geplaatst, wie):
    with pytest.raises(DomainError, match="niet vastleggen"):
        warme_overdracht_plannen(aanmelding=geplaatst, datum=MORGEN, deelnemers="x", user=world[wie])
    assert not WarmeOverdracht.objects.exists()


def test_warm_handover_needs_a_placement_a_future_date_and_participants(world, geplaatst):
    intaker = world["intaker"]
    with pytest.raises(DomainError, match="verleden"):
        warme_overdracht_plannen(
            aanmelding=geplaatst, datum=timezone.localdate() - datetime.timedelta(days=1), deelnemers="x", user=intaker
        )
    with pytest.raises(DomainError, match="wie erbij"):
        warme_overdracht_plannen(aanmelding=geplaatst, datum=MORGEN, deelnemers="  ", user=intaker)
    with pytest.raises(DomainError, match="Plan eerst"):
        warme_overdracht_gehouden(aanmelding=geplaatst, user=intaker)
    geplaatst.status = "intake_gehad"
    geplaatst.save(update_fields=["status"])
    with pytest.raises(DomainError, match="geplaatste leerling"):
        warme_overdracht_plannen(aanmelding=geplaatst, datum=MORGEN, deelnemers="x", user=intaker)
    assert not WarmeOverdracht.objects.exists()


def test_documents_checklist_is_set_to_what_is_ticked(world, geplaatst):
    intaker = world["intaker"]
    documenten_vastleggen(aanmelding=geplaatst, soorten=["diploma", "uittreksel_brp"], user=intaker)
    assert set(geplaatst.documenten.values_list("soort", flat=True)) == {"diploma", "uittreksel_brp"}
    documenten_vastleggen(aanmelding=geplaatst, soorten=["diploma", "cijferlijst"], user=intaker)
    assert set(geplaatst.documenten.values_list("soort", flat=True)) == {"diploma", "cijferlijst"}
    types = ContentType.objects.get_for_model(Document)
    assert LogEntry.objects.filter(content_type=types, action=LogEntry.Action.DELETE).count() == 1


def test_documents_only_by_the_institution_and_only_known_kinds(world, geplaatst):
    with pytest.raises(DomainError, match="Alleen de mbo-instelling"):
        documenten_vastleggen(aanmelding=geplaatst, soorten=["diploma"], user=world["decaan"])
    with pytest.raises(DomainError, match="uit de lijst"):
        documenten_vastleggen(aanmelding=geplaatst, soorten=["paspoortfoto"], user=world["intaker"])
    geplaatst.status = "ingetrokken"
    geplaatst.save(update_fields=["status"])
    with pytest.raises(DomainError, match="niet \\(meer\\) loopt"):
        documenten_vastleggen(aanmelding=geplaatst, soorten=["diploma"], user=world["intaker"])
    assert not Document.objects.exists()


def test_mbo_dossier_plans_ticks_and_the_school_sees_it(world, client, geplaatst):
    client.force_login(world["intaker"])
    dossier = reverse("mbo:dossier", kwargs={"pk": geplaatst.pk})
    body = client.get(dossier).content.decode()
    assert "Warme overdracht plannen" in body and "Documenten die de leerling meebrengt" in body

    response = client.post(
        reverse("mbo:warme_overdracht", kwargs={"pk": geplaatst.pk}), {"datum": MORGEN.isoformat(), "deelnemers": ""}
    )
    assert response.status_code == 200 and "Vul in wie erbij zijn." in response.content.decode()
    assert not WarmeOverdracht.objects.exists()
    response = client.post(
        reverse("mbo:warme_overdracht", kwargs={"pk": geplaatst.pk}),
        {"datum": MORGEN.isoformat(), "deelnemers": "mentor en intaker"},
    )
    assert response.status_code == 302
    response = client.post(reverse("mbo:documenten", kwargs={"pk": geplaatst.pk}), {"soorten": ["diploma"]})
    assert response.status_code == 302
    body = client.get(dossier).content.decode()
    assert "Gepland op" in body and "Warme overdracht is gehouden" in body
    assert re.search(r'value="diploma"[^>]*checked', body) and not re.search(r'value="cijferlijst"[^>]*checked', body)

    client.force_login(world["decaan"])
    detail = client.get(reverse("leerlingen:detail", kwargs={"pk": geplaatst.leerling_id})).content.decode()
    assert "Warme overdracht: gepland" in detail and "mentor en intaker" in detail
    assert "Documenten ontvangen: diploma (of kopie)" in detail


def test_not_placed_shows_no_handover_and_concept_no_checklist(world, client):
    aanmelding = world["aanmelding_a"]  # aangemeld
    client.force_login(world["intaker"])
    body = client.get(reverse("mbo:dossier", kwargs={"pk": aanmelding.pk})).content.decode()
    assert "Warme overdracht plannen" not in body and "Documenten die de leerling meebrengt" in body


def test_pupil_detail_query_count_does_not_grow_with_handovers(world, client, django_assert_max_num_queries):
    from tests import factories as f

    leerling = world["leerling_a"]
    client.force_login(world["decaan"])
    url = reverse("leerlingen:detail", kwargs={"pk": leerling.pk})
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    tweede = f.AanmeldingFactory(leerling=leerling, opleiding=f.OpleidingFactory(instelling=world["mbo_a"]), keuze=2)
    for a in (world["aanmelding_a"], tweede):
        a.status = "geplaatst"
        a.save(update_fields=["status"])
        WarmeOverdracht.objects.create(aanmelding=a, datum=MORGEN, deelnemers="mentor")
        Document.objects.create(aanmelding=a, soort="diploma")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


# --- The school's page ---------------------------------------------------------------------------


def test_school_plans_the_warm_handover_from_the_pupil_file(world, client, geplaatst, django_assert_max_num_queries):
    from leerlingen.models import Raadpleging

    client.force_login(world["decaan"])
    detail = client.get(reverse("leerlingen:detail", kwargs={"pk": geplaatst.leerling_id})).content.decode()
    pagina = reverse("aanmelden:warme_overdracht", kwargs={"pk": geplaatst.pk})
    assert pagina in detail and "Warme overdracht plannen" in detail

    with django_assert_max_num_queries(20):
        response = client.get(pagina)
    body = response.content.decode()
    assert response.status_code == 200 and "Nog niet gepland" in body
    assert Raadpleging.objects.filter(leerling=geplaatst.leerling, user=world["decaan"], actie="pagina").exists()

    response = client.post(pagina, {"datum": MORGEN.isoformat(), "deelnemers": "mentor, intaker en leerling"})
    assert response.status_code == 302 and response.url == reverse("leerlingen:detail", args=[geplaatst.leerling_id])
    overdracht = WarmeOverdracht.objects.get()
    assert (overdracht.aanmelding, overdracht.datum, overdracht.gepland_door) == (geplaatst, MORGEN, world["decaan"])
    body = client.get(pagina).content.decode()
    assert "Gepland op" in body and "Warme overdracht verplaatsen" in body and 'value="mentor, intaker' in body
    # The mbo's file shows what the school planned.
    client.force_login(world["intaker"])
    assert "mentor, intaker en leerling" in client.get(reverse("mbo:dossier", args=[geplaatst.pk])).content.decode()


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"datum": MORGEN.isoformat(), "deelnemers": "  "}, "Vul in wie erbij zijn."),
        ({"datum": "", "deelnemers": "mentor"}, "Kies een datum."),
        ({"datum": "gisteren", "deelnemers": "mentor"}, "Voer een geldige datum in."),
        (
            {"datum": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(), "deelnemers": "mentor"},
            "De datum van de warme overdracht ligt in het verleden.",
        ),
    ],
)
def test_school_page_refuses_bad_input_with_a_message_and_no_write(world, client, geplaatst, data, melding):
    client.force_login(world["decaan"])
    response = client.post(reverse("aanmelden:warme_overdracht", kwargs={"pk": geplaatst.pk}), data)
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert not WarmeOverdracht.objects.exists()


def test_school_page_refuses_a_pupil_without_placement(world, client):
    aanmelding = world["aanmelding_a"]  # aangemeld, not placed
    client.force_login(world["decaan"])
    pagina = reverse("aanmelden:warme_overdracht", kwargs={"pk": aanmelding.pk})
    assert "geen plaatsing" in client.get(pagina).content.decode()
    detail = client.get(reverse("leerlingen:detail", kwargs={"pk": aanmelding.leerling_id})).content.decode()
    assert pagina not in detail
    response = client.post(pagina, {"datum": MORGEN.isoformat(), "deelnemers": "mentor"})
    assert response.status_code == 400 and "geplaatste leerling" in response.content.decode()
    assert not WarmeOverdracht.objects.exists()


def test_mentor_records_the_warm_handover_as_held(world, client, geplaatst):
    warme_overdracht_plannen(aanmelding=geplaatst, datum=MORGEN, deelnemers="mentor en intaker", user=world["intaker"])
    client.force_login(world["mentor"])
    pagina = reverse("aanmelden:warme_overdracht", kwargs={"pk": geplaatst.pk})
    assert "Warme overdracht is gehouden" in client.get(pagina).content.decode()
    response = client.post(reverse("aanmelden:warme_overdracht_gehouden", kwargs={"pk": geplaatst.pk}))
    assert response.status_code == 302
    overdracht = WarmeOverdracht.objects.get()
    assert overdracht.gehouden_op is not None and overdracht.gehouden_vastgelegd_door == world["mentor"]
    detail = client.get(reverse("leerlingen:detail", kwargs={"pk": geplaatst.leerling_id})).content.decode()
    assert "Warme overdracht: gehouden" in detail and pagina not in detail  # nothing left to do


def test_held_without_a_plan_is_refused_with_a_message(world, client, geplaatst):
    client.force_login(world["decaan"])
    response = client.post(reverse("aanmelden:warme_overdracht_gehouden", kwargs={"pk": geplaatst.pk}), follow=True)
    assert "Plan eerst de warme overdracht." in response.content.decode()
    assert not WarmeOverdracht.objects.exists()
