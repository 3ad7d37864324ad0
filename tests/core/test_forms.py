"""voroc/forms.py and its templates: how every form renders, its error summary, the "Fout: " title,
and the message a required field gives. Pages of every kind are read as HTML (tests/core/htmlpage.py)."""

import importlib
import inspect

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse

from tests.core.htmlpage import Page
from tests.core.layers import project_modules
from voroc.forms import Form, FormMixin, lidwoord, required_message

# --- One standalone form: the renderer's output ---------------------------------------------------


class Voorbeeld(Form):
    achternaam = forms.CharField(label="Achternaam", help_text="Zoals in het paspoort.")
    email = forms.EmailField(label="E-mailadres", required=False)
    opleiding = forms.ChoiceField(label="Opleiding", choices=[("", "—"), ("a", "A")])
    leerweg = forms.ChoiceField(label="Leerweg", choices=[("bol", "BOL"), ("bbl", "BBL")], widget=forms.RadioSelect)
    akkoord = forms.BooleanField(label="Akkoord", required=False)
    geheim = forms.CharField(widget=forms.HiddenInput, required=False)


def _render(form) -> Page:
    html = Template("{% load formulieren %}<title>{% fout_titel %}Voorbeeld</title><form>{{ form }}</form>").render(
        Context({"form": form})
    )
    return Page(html)


def test_label_holds_the_required_marker_and_the_input_says_it_is_required():
    page = _render(Voorbeeld())
    assert page.label_for("id_achternaam") == "Achternaam (verplicht)"
    assert page.label_for("id_email") == "E-mailadres"
    assert page.by_id("id_achternaam").attrs["aria-required"] == "true"
    assert "aria-required" not in page.by_id("id_email").attrs
    # No native check: it would stop the submit before the page can list what is wrong.
    assert "required" not in page.by_id("id_achternaam").attrs
    assert page.summaries() == [] and page.title == "Voorbeeld"


def test_hint_is_tied_to_the_input():
    page = _render(Voorbeeld())
    describedby = page.by_id("id_achternaam").attrs["aria-describedby"].split()
    assert describedby == ["id_achternaam_helptext"]
    assert page.by_id("id_achternaam_helptext").text.strip() == "Zoals in het paspoort."


def test_radio_group_is_a_fieldset_with_the_marker_in_its_legend():
    page = _render(Voorbeeld())
    legend = next(e for e in page.elements if e.tag == "legend")
    assert " ".join(legend.text.split()) == "Leerweg (verplicht)"
    radio = page.by_id("id_leerweg_0")
    assert "fieldset" in radio.parents and radio.attrs["type"] == "radio"


def test_utrecht_class_names():
    page = _render(Voorbeeld())
    assert "utrecht-textbox" in page.by_id("id_achternaam").attrs["class"].split()
    assert "utrecht-select" in page.by_id("id_opleiding").attrs["class"].split()
    assert "utrecht-checkbox" in page.by_id("id_akkoord").attrs["class"].split()
    assert "utrecht-form-label" in next(e for e in page.elements if e.tag == "label").attrs["class"].split()
    assert any("utrecht-form-field" in e.attrs.get("class", "").split() for e in page.elements)


def test_invalid_field_points_at_its_error_and_the_summary_at_the_field():
    form = Voorbeeld(data={"email": "geen-adres", "leerweg": ""})
    assert not form.is_valid()
    page = _render(form)
    for name in ("achternaam", "email", "opleiding"):
        field = page.by_id(f"id_{name}")
        assert field.attrs["aria-invalid"] == "true"
        describedby = field.attrs["aria-describedby"].split()
        assert f"id_{name}_error" in describedby
        assert all(page.has_id(i) for i in describedby)
    assert page.by_id("id_achternaam_error").text.strip() == "Vul de achternaam in."
    assert page.by_id("id_opleiding_error").text.strip() == "Kies een opleiding."
    assert "utrecht-textbox--invalid" in page.by_id("id_achternaam").attrs["class"].split()
    # The radio group: the fieldset carries the error, the summary links to its first option.
    group = next(e for e in page.elements if e.tag == "fieldset")
    assert "id_leerweg_error" in group.attrs["aria-describedby"].split()

    (summary,) = page.summaries()
    assert summary.attrs["tabindex"] == "-1" and "autofocus" in summary.attrs
    assert "Er is iets niet goed ingevuld" in summary.text
    links = page.summary_links()
    assert links == ["id_achternaam", "id_email", "id_opleiding", "id_leerweg_0"]
    assert all(page.has_id(target) for target in links)
    assert page.title == "Fout: Voorbeeld"
    assert page.duplicate_ids() == []


def test_summary_lists_errors_without_a_field_as_text():
    form = Voorbeeld(data={"achternaam": "Jansen", "opleiding": "a", "leerweg": "bol"})
    assert form.is_valid()
    form.add_error(None, "Iemand anders heeft dit intussen opgeslagen.")
    page = _render(form)
    (summary,) = page.summaries()
    assert "Iemand anders heeft dit intussen opgeslagen." in summary.text and page.summary_links() == []


def test_title_is_not_marked_for_a_form_never_validated():
    # A bound form that nobody validated is not validated by the title either (no queries).
    form = Voorbeeld(data={})
    page = _render_title_only(form)
    assert page.title == "Voorbeeld" and form._errors is None


def _render_title_only(form) -> Page:
    return Page(Template("{% load formulieren %}<title>{% fout_titel %}Voorbeeld</title>").render(Context({"f": form})))


def test_id_prefix_keeps_names_and_changes_ids():
    class Eerste(Form):
        id_prefix = "eerste"
        soort = forms.CharField(label="Soort")

    class Tweede(Form):
        id_prefix = "tweede"
        soort = forms.CharField(label="Soort")

    html = Template("{{ a }}{{ b }}").render(Context({"a": Eerste(data={}), "b": Tweede(data={})}))
    page = Page(html)
    assert page.has_id("eerste_soort") and page.has_id("tweede_soort")
    assert [e.attrs["name"] for e in page.fields()] == ["soort", "soort"]


# --- Messages for an empty required field ---------------------------------------------------------


@pytest.mark.parametrize(
    "field, expected",
    [
        (forms.CharField(label="Achternaam"), "Vul de achternaam in."),
        (forms.EmailField(label="E-mailadres"), "Vul het e-mailadres in."),
        (forms.CharField(label="Huisnummer"), "Vul het huisnummer in."),
        (forms.CharField(label="Reden van de melding"), "Vul de reden van de melding in."),
        (forms.ChoiceField(label="Opleiding", choices=[("a", "A")]), "Kies een opleiding."),
        (forms.ChoiceField(label="Nieuwe status", choices=[("a", "A")]), "Kies een nieuwe status."),
        (forms.DateField(label="Datum"), "Vul de datum in."),
        (forms.DateField(label="Aanmelddeadline (toelatingsrecht)"), "Vul de datum in bij ‘Aanmelddeadline’."),
        (forms.BooleanField(label="Ik ga akkoord"), "Vink aan: ik ga akkoord."),
        (forms.FileField(label="Bestand"), "Kies een bestand."),
        (forms.CharField(label="BSN"), "Vul het BSN in."),
        (forms.CharField(label="Woonplaats"), "Vul de woonplaats in."),
        (forms.MultipleChoiceField(label="Leerlingen", choices=[("a", "A")]), "Kies leerlingen."),
        (forms.CharField(), "Vul dit veld in."),
    ],
)
def test_required_message_says_what_is_missing(field, expected):
    assert required_message(field) == expected


def test_lidwoord_follows_the_last_part_of_a_compound():
    assert lidwoord("telefoonnummer") == "het" and lidwoord("woonplaats") == "de"
    assert lidwoord("verwachte diplomadatum") == "de" and lidwoord("nieuwe wachtwoord") == "het"


def test_a_form_keeps_its_own_message():
    class Eigen(Form):
        soort = forms.ChoiceField(label="Soort", choices=[("a", "A")], error_messages={"required": "Kies iets."})
        naam = forms.CharField(label="Naam")

    form = Eigen(data={})
    assert not form.is_valid()
    assert form.errors["soort"] == ["Kies iets."] and form.errors["naam"] == ["Vul de naam in."]


def test_a_label_set_after_construction_is_used():
    class Later(Form):
        naam = forms.CharField()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["naam"].label = "Plaats"

    form = Later(data={})
    form.is_valid()
    assert form.errors["naam"] == ["Vul de plaats in."]


def _project_forms() -> list[type]:
    """Every form class defined in a forms or filters module of the project."""
    found = []
    for name in project_modules():
        if not name.split(".")[-1].startswith(("forms", "filters")) or name == "voroc.forms":
            continue
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == name:
                found.append(cls)
    return found


def test_every_project_form_has_the_messages_and_the_renderer():
    found = _project_forms()
    assert len(found) > 30  # the walk found the forms, so the check below checks something
    missing = [f"{cls.__module__}.{cls.__qualname__}" for cls in found if not issubclass(cls, FormMixin)]
    assert missing == [], "forms that do not derive from voroc.forms.Form/ModelForm/FormMixin"


def test_no_default_required_message_is_left_in_the_project_forms():
    # "Dit veld is verplicht." is what Django says; no page of ours should say it.
    for cls in _project_forms():
        assert "Dit veld is verplicht" not in inspect.getsource(cls)


# --- Pages: the doorstroomformulier, a mbo step, an RMC form, a servicedesk form ---------------------


def _page(response) -> Page:
    return Page(response.content.decode())


def _assert_failed_form(page: Page, expect: dict[str, str]):
    """The page of a failed submit: title, one focused summary linking to existing ids, and per
    field (id -> message) the error tied to the input."""
    assert page.title.startswith("Fout: ")
    (summary,) = page.summaries()
    assert summary.attrs["tabindex"] == "-1"
    links = page.summary_links()
    assert links and all(page.has_id(target) for target in links)
    for id_, message in expect.items():
        assert id_ in links
        field = page.by_id(id_)
        assert field.attrs["aria-invalid"] == "true"
        describedby = field.attrs["aria-describedby"].split()
        assert f"{id_}_error" in describedby and all(page.has_id(i) for i in describedby)
        assert message in page.by_id(f"{id_}_error").text
    assert page.duplicate_ids() == []


def test_doorstroomformulier_with_an_error(world, client):
    leerling = world["leerling_a"]
    client.force_login(world["decaan"])
    page = _page(client.get(reverse("doorstroom:formulier", kwargs={"pk": leerling.pk})))
    assert page.label_for("id_ouder_naam") == "Naam ouder/verzorger (verplicht voor definitief)"
    assert page.label_for("id_ouder_telefoon") == "Telefoon ouder/verzorger"
    assert not page.title.startswith("Fout: ")
    response = client.post(
        reverse("doorstroom:opslaan", kwargs={"pk": leerling.pk}),
        {"versie": 1, "ouder_naam": "A. Jansen", "ouder_email": "geen-adres"},
    )
    page = _page(response)
    _assert_failed_form(page, {"id_ouder_email": "e-mailadres"})
    assert page.by_id("id_ouder_naam").attrs.get("value") == "A. Jansen"
    # The save bar and the warning before leaving are on the page.
    assert any("voroc-save-bar" in e.attrs.get("class", "") for e in page.elements)
    assert any(e.tag == "form" and "data-unsaved-warning" in e.attrs for e in page.elements)
    assert any(e.tag == "script" and e.attrs.get("src", "").endswith("js/formulier.js") for e in page.elements)


def test_mbo_step_form_with_an_error(world, client):
    aanmelding = world["aanmelding_a"]
    type(aanmelding).objects.filter(pk=aanmelding.pk).update(status="in_behandeling")  # received: intake next
    client.force_login(world["intaker"])
    response = client.post(reverse("mbo:intake_plannen", kwargs={"pk": aanmelding.pk}), {"plaats": ""})
    page = _page(response)
    _assert_failed_form(
        page,
        {"intake_datum": "Vul de datum in.", "intake_tijd": "Vul de tijd in.", "intake_plaats": "Vul de plaats in."},
    )
    assert page.label_for("intake_plaats") == "Plaats (verplicht)"


def test_rmc_form_with_an_error_on_the_begeleiding_page(world, client):
    leerling = world["leerling_a"]
    client.force_login(world["consulent"])
    response = client.post(reverse("rmc:contactmoment_create", kwargs={"pk": leerling.pk}), {"soort": "gesprek"})
    assert response.status_code == 400
    page = _page(response)
    _assert_failed_form(page, {"contact_datum": "Vul de datum in.", "contact_notitie": "Vul de notitie in."})
    # The Elders form on the same page has no errors and no summary of its own.
    assert len(page.summaries()) == 1 and "aria-invalid" not in page.by_id("elders_soort").attrs


def test_servicedesk_form_with_an_error(world, client):
    client.force_login(world["servicedesk"])
    response = client.post(reverse("servicedesk:account_invite"), {"naam": "", "email": "x"})
    assert response.status_code == 400
    page = _page(response)
    _assert_failed_form(page, {"id_naam": "Vul de naam in.", "id_email": "e-mailadres"})
    assert page.label_for("id_naam") == "Naam (verplicht)"


def test_login_form_with_an_error(client, db):
    page = _page(client.post(reverse("login"), {"username": "", "password": ""}))
    _assert_failed_form(page, {"id_username": "Vul het e-mailadres in.", "id_password": "Vul het wachtwoord in."})
