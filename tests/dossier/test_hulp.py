"""The help page: each role's steps with this year's dates, every status explained with its
national code, the abbreviations in <abbr>, and the servicedesk's contact details from settings."""

import re

import pytest
from django.template import Context, Template
from django.urls import reverse

from aanmelding.status import LANDELIJKE_STATUS, LandelijkeStatus, Status
from dossier.hulp import ROLLEN, STATUS_UITLEG
from voroc.abbreviations import ABBREVIATIONS

ROL_TITELS = {rol.code: rol.titel for rol in ROLLEN}


def _page(client, user):
    client.force_login(user)
    response = client.get(reverse("hulp"))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("role", "own", "others"),
    [
        ("decaan", "school", ("mbo", "gemeente", "servicedesk")),
        ("mentor", "school", ("mbo", "gemeente", "servicedesk")),
        ("intaker", "mbo", ("school", "gemeente", "servicedesk")),
        ("consulent", "gemeente", ("school", "mbo", "servicedesk")),
        ("servicedesk", "servicedesk", ("school", "mbo", "gemeente", "monitor")),
        ("monitor", "monitor", ("school", "mbo", "gemeente", "servicedesk")),
    ],
)
def test_each_role_reads_its_own_steps(world, client, role, own, others):
    body = _page(client, world[role])
    assert ROL_TITELS[own] in body
    for other in others:
        assert ROL_TITELS[other] not in body


def test_steps_carry_the_active_years_dates(world, client):
    schooljaar = world["schooljaar"]
    body = _page(client, world["decaan"])
    school = next(rol for rol in ROLLEN if rol.code == "school")
    # Every step of the school that names a milestone shows that milestone's date of this year.
    assert body.count("<strong>Uiterlijk ") >= sum(1 for stap in school.stappen if stap.mijlpaal)
    for datum in (schooljaar.aanmelddeadline, schooljaar.formulieren_gereed, schooljaar.juni_controle):
        assert f"Uiterlijk {datum.day} " in body and str(datum.year) in body


def test_every_milestone_a_step_names_has_a_date(world, client):
    """A step's milestone code that the school year does not know would silently lose its date."""
    for rol in ROLLEN:
        for stap in rol.stappen:
            if stap.mijlpaal:
                codes = {code for code, _, _ in world["schooljaar"].mijlpalen()} | {"mbo_start"}
                assert stap.mijlpaal in codes, stap


def test_every_status_is_explained_with_its_national_code(world, client):
    assert set(STATUS_UITLEG) == set(Status)
    body = _page(client, world["intaker"])
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td></tr>', body)
    assert len(rows) == len(Status)
    by_label = {label: (uitleg, code) for label, uitleg, code in rows}
    for status in Status:
        uitleg, code = by_label[status.label.capitalize()]
        assert uitleg == STATUS_UITLEG[status]
        landelijk = LANDELIJKE_STATUS.get(status)
        if landelijk is None:
            assert code == "nog niet doorgegeven"
        else:
            assert code.startswith(f"{landelijk}: {LandelijkeStatus(landelijk).label}")


def test_abbreviations_are_written_out(world, client):
    body = _page(client, world["consulent"])
    for code, betekenis in ABBREVIATIONS.items():
        assert f'<abbr title="{betekenis}">{code}</abbr>' in body.replace("&#x27;", "'")


def test_servicedesk_contact_comes_from_settings(world, client, settings):
    settings.VOROC_SERVICEDESK_EMAIL = "hulp@regio.example"
    settings.VOROC_SERVICEDESK_TELEFOON = "088 765 43 21"
    settings.VOROC_SERVICEDESK_BEREIKBAAR = "op maandag van 9 tot 12 uur"
    body = _page(client, world["mentor"])
    assert 'href="mailto:hulp@regio.example"' in body and 'href="tel:0887654321"' in body
    assert "op maandag van 9 tot 12 uur" in body


def test_help_without_an_active_year_still_explains(world, client):
    world["schooljaar"].__class__.objects.update(actief=False)
    body = _page(client, world["decaan"])
    assert ROL_TITELS["school"] in body and "Uiterlijk" not in body


def test_help_page_query_count_is_fixed(world, client, django_assert_max_num_queries):
    client.force_login(world["decaan"])
    with django_assert_max_num_queries(12):
        assert client.get(reverse("hulp")).status_code == 200


def test_afkorting_filter_writes_out_known_codes_and_passes_the_rest():
    template = Template("{% load voroc_tags %}{{ a|afkorting }} {{ b|afkorting }}")
    rendered = template.render(Context({"a": "BBL", "b": "<b>xyz</b>"}))
    assert f'<abbr title="{ABBREVIATIONS["BBL"]}">BBL</abbr>' in rendered
    assert "&lt;b&gt;xyz&lt;/b&gt;" in rendered  # unknown text stays escaped
