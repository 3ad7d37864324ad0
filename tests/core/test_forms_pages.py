"""Every page with a form, as each role sees it: ids are unique, every label and every
aria-describedby points at an element that exists, and no form submits itself when a select
changes (WCAG 3.2.2). The pages are read as HTML (tests/core/htmlpage.py)."""

import pytest
from django.urls import reverse

from rmc.models import Melding
from tests.core.htmlpage import Page

# (role, url name, kwargs as world keys, query string). A role's form pages, one row each.
PAGES = [
    ("decaan", "leerlingen:list", {}, ""),
    ("decaan", "leerlingen:detail", {"pk": "leerling_a"}, ""),
    ("decaan", "leerlingen:elders", {"pk": "leerling_a"}, ""),
    ("decaan", "leerlingen:vertrek", {"pk": "leerling_a"}, ""),
    ("decaan", "leerlingen:diploma", {}, ""),
    ("decaan", "leerlingen:import_start", {}, ""),
    ("decaan", "leerlingen:juni_controle", {}, ""),
    ("decaan", "doorstroom:formulier", {"pk": "leerling_a"}, ""),
    ("decaan", "doorstroom:batch_nieuw", {}, "?klas=4A"),
    ("decaan", "aanmelden:zoeken", {"pk": "leerling_a"}, ""),
    ("decaan", "aanmelden:bevestigen", {"pk": "leerling_a", "opleiding": "opleiding_a"}, ""),
    ("decaan", "aanmelden:extern_nieuw", {"pk": "leerling_a"}, ""),
    ("decaan", "aanmelden:vergelijking", {}, ""),
    ("decaan", "aanmelden:intrekken", {"pk": "aanmelding_a"}, ""),
    ("decaan", "rmc:risicomelding", {"pk": "leerling_a"}, ""),
    ("decaan", "collegas", {}, ""),
    ("decaan", "terugkoppeling:voorkeuren", {}, ""),
    ("mentor", "doorstroom:formulier", {"pk": "leerling_a"}, ""),
    ("zorg", "doorstroom:formulier", {"pk": "leerling_a"}, ""),
    ("intaker", "mbo:werklijst", {}, ""),
    ("intaker", "mbo:dossier", {"pk": "aanmelding_a"}, ""),
    ("intaker", "mbo:status_import", {}, ""),
    ("intaker", "mbo:vergelijking", {}, ""),
    ("intaker", "mbo:opleidingen", {}, ""),
    ("intaker", "mbo:opleiding_nieuw", {}, ""),
    ("intaker", "mbo:opleiding_import", {}, ""),
    ("intaker", "mbo:opleiding_bewerken", {"pk": "opleiding_a"}, ""),
    ("consulent", "rmc:overzicht", {}, ""),
    ("consulent", "rmc:meldingen", {}, ""),
    ("consulent", "rmc:melding_detail", {"pk": "melding"}, ""),
    ("consulent", "rmc:begeleiding", {"pk": "leerling_a"}, ""),
    ("consulent", "rmc:contactgegevens", {"pk": "leerling_a"}, ""),
    ("consulent", "rmc:verhuizing", {"pk": "leerling_a"}, ""),
    ("servicedesk", "servicedesk:organisaties", {}, ""),
    ("servicedesk", "servicedesk:organisatie", {"pk": "mbo_a"}, ""),
    ("servicedesk", "servicedesk:organisatie_create", {"soort": "vo_school"}, ""),
    ("servicedesk", "servicedesk:schooljaren", {}, ""),
    ("servicedesk", "servicedesk:schooljaar", {"pk": "schooljaar"}, ""),
    ("servicedesk", "servicedesk:accounts", {}, ""),
    ("servicedesk", "servicedesk:apiclient_webhook", {"pk": "apiclient"}, ""),
    ("servicedesk", "servicedesk:account_invite", {}, ""),
    ("servicedesk", "servicedesk:account", {"pk": "decaan"}, ""),
    (None, "login", {}, ""),
    (None, "password_reset", {}, ""),
]


@pytest.fixture
def wereld(world, client):
    """The world with what makes every form show: a received application (step forms), a
    melding, and an open guidance trajectory (the "Traject afsluiten" form)."""
    a = world["aanmelding_a"]
    type(a).objects.filter(pk=a.pk).update(status="in_behandeling")
    leerling = world["leerling_a"]
    leerling.klas = "4A"
    leerling.save(update_fields=["klas"])
    client.force_login(world["decaan"])
    assert (
        client.post(reverse("rmc:risicomelding", kwargs={"pk": leerling.pk}), {"reden": "Verzuim"}).status_code == 302
    )
    client.force_login(world["consulent"])
    contact = {"datum": "2026-01-05", "soort": "gesprek", "notitie": "Eerste gesprek"}
    assert client.post(reverse("rmc:contactmoment_create", kwargs={"pk": leerling.pk}), contact).status_code == 302
    client.logout()
    from api.services import apiclient_create

    apiclient = apiclient_create(
        organisatie=world["mbo_a"], naam="Formulieren", scopes=["aanmeldingen_behandelen"], user=world["servicedesk"]
    ).client
    return {**world, "melding": Melding.objects.get(leerling=leerling), "apiclient": apiclient}


def _value(value):
    return getattr(value, "pk", value) if not isinstance(value, str) else value


@pytest.mark.parametrize(("role", "name", "kwargs", "query"), PAGES, ids=[f"{r}-{n}" for r, n, _, _ in PAGES])
def test_form_page_has_unique_ids_and_working_references(wereld, client, role, name, kwargs, query):
    if role:
        client.force_login(wereld[role])
    args = {k: (_value(wereld[v]) if v in wereld else v) for k, v in kwargs.items()}
    response = client.get(reverse(name, kwargs=args) + query)
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert any(e.tag == "form" for e in page.elements), "a form page without a form: the row is stale"
    assert page.duplicate_ids() == []
    for element in page.elements:
        if element.tag == "label" and element.attrs.get("for"):
            assert page.has_id(element.attrs["for"]), f"label for a missing id: {element.attrs['for']}"
        for ref in element.attrs.get("aria-describedby", "").split():
            assert page.has_id(ref), f"aria-describedby to a missing id: {ref}"
        # No submit on a select's change: neither an inline handler nor the old marker.
        assert "onchange" not in element.attrs and "data-autosubmit" not in element.attrs
    # Every visible input has a name for people who cannot see it: a label, or aria-label(ledby).
    labelled = {e.attrs.get("for") for e in page.elements if e.tag == "label"}
    for field in page.fields():
        if field.attrs.get("type") in ("hidden", "submit", "button"):
            continue
        named = field.attrs.get("id") in labelled or "aria-label" in field.attrs or "label" in field.parents
        assert named, f"an input without a label: {field.attrs}"


def test_begeleiding_forms_have_their_own_ids(wereld, client):
    # The Elders and the contact form both have "soort"; the trajectory and Elders "toelichting".
    client.force_login(wereld["consulent"])
    page = Page(client.get(reverse("rmc:begeleiding", kwargs={"pk": wereld["leerling_a"].pk})).content.decode())
    assert page.has_id("elders_soort") and page.has_id("contact_soort")
    assert page.has_id("elders_toelichting") and page.has_id("afsluiten_toelichting")
    assert [e.attrs["name"] for e in page.fields() if e.attrs.get("id") in ("elders_soort", "contact_soort")] == [
        "soort",
        "soort",
    ]
