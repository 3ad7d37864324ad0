"""The servicedesk section: organisations, school years, reference data, accounts; no pupil content."""

import datetime

import pytest
from django.urls import reverse

from leerlingen.models import Schooljaar
from servicedesk import services
from tests import factories as f
from tests.security.urls import all_urls
from voroc.accounts.models import Lidmaatschap, Locatie, Organisatie, Rol
from voroc.errors import DomainError

PUPIL_NAMESPACES = ("leerlingen:", "doorstroom:", "aanmelden:", "mbo:", "rmc:")


@pytest.fixture
def desk(world, client):
    client.force_login(world["servicedesk"])
    return client


def test_servicedesk_never_reaches_pupil_urls(world, desk):
    checked = 0
    for name, url, r in all_urls(world):
        if not name.startswith(PUPIL_NAMESPACES):
            continue
        response = desk.post(url, r["data"](world) if r["data"] else {}) if r["method"] == "post" else desk.get(url)
        assert response.status_code in (403, 404), f"{name}: {response.status_code}"
        checked += 1
    assert checked >= 2


def test_servicedesk_pages_show_no_pupil_names(world, desk):
    leerling = world["leerling_a"]
    for name in ("servicedesk:dashboard", "servicedesk:organisaties", "servicedesk:accounts"):
        body = desk.get(reverse(name)).content.decode()
        assert leerling.achternaam not in body
    body = desk.get(reverse("servicedesk:organisatie", kwargs={"pk": world["school_a"].pk})).content.decode()
    assert leerling.achternaam not in body and leerling.bsn not in body


# --- Organisations --------------------------------------------------------------------------------


def test_create_school_with_valid_codes(world, desk):
    data = {
        "naam": "Nieuwe School",
        "brin": "12ab",
        "vestiging": "01",
        "schoolsoort": "vmbo",
        "gemeente": world["gem_a"].pk,
        "plaats": "Den Haag",
        "actief": "on",
    }
    response = desk.post(reverse("servicedesk:organisatie_create", kwargs={"soort": "vo_school"}), data)
    school = Organisatie.objects.get(naam="Nieuwe School")
    assert response["Location"] == reverse("servicedesk:organisatie", kwargs={"pk": school.pk})
    assert school.code == "12AB01"


@pytest.mark.parametrize(
    "soort, data, message",
    [
        ("vo_school", {"brin": "1234", "vestiging": "01"}, "twee cijfers en twee hoofdletters"),
        ("vo_school", {"brin": "12AB", "vestiging": "1"}, "twee cijfers"),
        ("gemeente", {"cbs_code": "12a"}, "vier cijfers"),
        ("mbo_instelling", {"brin": ""}, "verplicht"),
    ],
)
def test_bad_codes_give_a_dutch_message_and_write_nothing(world, desk, soort, data, message):
    base = {"naam": "Foute Organisatie", "schoolsoort": "vmbo", "gemeente": world["gem_a"].pk, "actief": "on"}
    before = Organisatie.objects.count()
    response = desk.post(reverse("servicedesk:organisatie_create", kwargs={"soort": soort}), {**base, **data})
    assert response.status_code == 400 and message in response.content.decode()
    assert Organisatie.objects.count() == before


def test_duplicate_brin_vestiging_is_refused(world, desk):
    school = world["school_a"]
    data = {
        "naam": "Dubbel",
        "brin": school.brin,
        "vestiging": school.vestiging,
        "schoolsoort": "vmbo",
        "gemeente": world["gem_a"].pk,
    }
    response = desk.post(reverse("servicedesk:organisatie_create", kwargs={"soort": "vo_school"}), data)
    assert response.status_code == 400 and not Organisatie.objects.filter(naam="Dubbel").exists()


def test_edit_organisation_and_deactivate(world, desk):
    gem = world["gem_b"]
    url = reverse("servicedesk:organisatie", kwargs={"pk": gem.pk})
    response = desk.post(url, {"naam": "Delft", "cbs_code": "0503", "rmc_regio": "Haaglanden"})
    assert response.status_code == 302
    gem.refresh_from_db()
    assert gem.cbs_code == "0503" and not gem.actief


def test_soort_cannot_be_changed_through_the_form(world, desk):
    school = world["school_a"]
    url = reverse("servicedesk:organisatie", kwargs={"pk": school.pk})
    desk.post(
        url,
        {
            "naam": school.naam,
            "brin": school.brin,
            "vestiging": school.vestiging,
            "schoolsoort": "vmbo",
            "gemeente": school.gemeente_id,
            "actief": "on",
            "soort": "gemeente",
        },
    )
    school.refresh_from_db()
    assert school.soort == "vo_school"


def test_locations_of_an_mbo(world, desk):
    url = reverse("servicedesk:locatie_create", kwargs={"pk": world["mbo_a"].pk})
    desk.post(url, {"naam": "Campus Zuid", "plaats": "Den Haag"})
    locatie = Locatie.objects.get(instelling=world["mbo_a"], naam="Campus Zuid")
    dup = desk.post(url, {"naam": "Campus Zuid", "plaats": "Den Haag"}, follow=True)
    assert dup.status_code == 200 and Locatie.objects.filter(naam="Campus Zuid").count() == 1
    desk.post(reverse("servicedesk:locatie_delete", kwargs={"pk": locatie.pk}))
    assert not Locatie.objects.filter(pk=locatie.pk).exists()
    # A school has no locations.
    assert (
        desk.post(
            reverse("servicedesk:locatie_create", kwargs={"pk": world["school_a"].pk}), {"naam": "X", "plaats": "Y"}
        ).status_code
        == 404
    )


def test_only_the_servicedesk_writes_organisations(world):
    with pytest.raises(DomainError):
        services.organisatie_create(soort="gemeente", data={"naam": "X", "cbs_code": "0001"}, user=world["decaan"])


def test_organisation_list_has_a_fixed_query_count(world, desk, django_assert_max_num_queries):
    url = reverse("servicedesk:organisaties")
    with django_assert_max_num_queries(12) as ctx:
        desk.get(url)
    baseline = len(ctx.captured_queries)
    for _ in range(15):
        school = f.SchoolFactory()
        f.user_with_role("mentor", school)
    with django_assert_max_num_queries(baseline):
        desk.get(url)


def test_account_list_has_a_fixed_query_count(world, desk, django_assert_max_num_queries):
    url = reverse("servicedesk:accounts")
    with django_assert_max_num_queries(15) as ctx:
        desk.get(url)
    baseline = len(ctx.captured_queries)
    for _ in range(15):
        f.user_with_role("mentor", world["school_b"])
    with django_assert_max_num_queries(baseline):
        desk.get(url)


# --- School years ---------------------------------------------------------------------------------


def test_create_school_year_with_standard_dates_and_activate(world, desk):
    response = desk.post(reverse("servicedesk:schooljaren"), {"startjaar": "2027"})
    nieuw = Schooljaar.objects.get(startjaar=2027)
    assert response["Location"] == reverse("servicedesk:schooljaar", kwargs={"pk": nieuw.pk})
    assert not nieuw.actief and nieuw.aanmelddeadline == datetime.date(2028, 4, 1)
    desk.post(reverse("servicedesk:schooljaar_activate", kwargs={"pk": nieuw.pk}))
    assert list(Schooljaar.objects.filter(actief=True)) == [nieuw]
    desk.post(reverse("servicedesk:schooljaar_activate", kwargs={"pk": world["schooljaar"].pk}))
    assert list(Schooljaar.objects.filter(actief=True)) == [world["schooljaar"]]


def test_duplicate_school_year_is_refused(world, desk):
    response = desk.post(reverse("servicedesk:schooljaren"), {"startjaar": str(world["schooljaar"].startjaar)})
    assert response.status_code == 400 and "bestaat al" in response.content.decode()


def test_milestones_must_be_in_order(world, desk):
    sj = world["schooljaar"]
    url = reverse("servicedesk:schooljaar", kwargs={"pk": sj.pk})
    data = {name: getattr(sj, name).isoformat() for name in services.MILESTONES}
    data.update(noshow_termijn_dagen="7", max_aanmeldingen="2", een_instelling="on")
    data["risico_melden"] = (sj.formulieren_gereed - datetime.timedelta(days=1)).isoformat()
    response = desk.post(url, data)
    assert response.status_code == 400 and "op volgorde" in response.content.decode()
    sj.refresh_from_db()
    assert sj.risico_melden != datetime.date.fromisoformat(data["risico_melden"])
    data["risico_melden"] = (sj.risico_melden + datetime.timedelta(days=3)).isoformat()
    assert desk.post(url, data).status_code == 302
    sj.refresh_from_db()
    assert sj.risico_melden.isoformat() == data["risico_melden"]


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("voorlichting", lambda sj: datetime.date(sj.startjaar - 1, 10, 28), "moet in het schooljaar"),
        ("warme_overdracht_eind", lambda sj: sj.warme_overdracht_start - datetime.timedelta(days=1), "vóór het begin"),
        ("warme_overdracht_eind", lambda sj: None, "zowel het begin als het einde"),
    ],
)
def test_other_milestones_stay_inside_the_year(world, desk, veld, waarde, melding):
    sj = world["schooljaar"]
    url = reverse("servicedesk:schooljaar", kwargs={"pk": sj.pk})
    data = {name: getattr(sj, name).isoformat() for name in services.MILESTONES + services.OTHER_MILESTONES}
    data.update(noshow_termijn_dagen="7", max_aanmeldingen="2", een_instelling="on")
    nieuw = waarde(sj)
    data[veld] = nieuw.isoformat() if nieuw else ""
    response = desk.post(url, data)
    assert response.status_code == 400 and melding in response.content.decode()
    sj.refresh_from_db()
    assert getattr(sj, veld) != nieuw
    data[veld] = getattr(sj, veld).isoformat()
    data["overstap_start"] = (sj.overstap_start + datetime.timedelta(days=7)).isoformat()
    assert desk.post(url, data).status_code == 302
    sj.refresh_from_db()
    assert sj.overstap_start.isoformat() == data["overstap_start"]


def test_new_milestones_are_on_the_timeline(world):
    codes = [code for code, _, _ in world["schooljaar"].mijlpalen()]
    assert {"lob_paspoort_start", "voorlichting", "overstap_start", "warme_overdracht"} <= set(codes)
    datums = [datum for _, _, datum in world["schooljaar"].mijlpalen()]
    assert datums == sorted(datums)
    world["schooljaar"].voorlichting = None
    assert "voorlichting" not in [code for code, _, _ in world["schooljaar"].mijlpalen()]


def test_reference_data_is_shown_read_only(world, desk):
    body = desk.get(reverse("servicedesk:referentie")).content.decode()
    assert "basisberoepsgerichte" in body and "softwarewijziging" in body and "<form" not in body.split("<main")[1]


# --- Accounts -------------------------------------------------------------------------------------


def test_account_detail_shows_last_login_roles_and_2fa(world, desk):
    body = desk.get(reverse("servicedesk:account", kwargs={"pk": world["decaan"].pk})).content.decode()
    assert "Decaan" in body and "niet ingesteld" in body and "Laatst ingelogd" in body


def test_grant_and_revoke_a_role(world, desk):
    mentor = world["mentor"]
    rol = Rol.objects.get(code="mentor")
    desk.post(
        reverse("servicedesk:account_grant", kwargs={"pk": mentor.pk}),
        {"organisatie": world["school_b"].pk, "rol": rol.pk},
    )
    lid = Lidmaatschap.objects.get(user=mentor, organisatie=world["school_b"])
    from voroc import policy

    policy.forget_grants(mentor)
    assert policy.has_perm(mentor, "leerlingen_mentorgroep_inzien", world["school_b"].pk)
    desk.post(reverse("servicedesk:account_revoke", kwargs={"pk": mentor.pk, "lid": lid.pk}))
    policy.forget_grants(mentor)
    assert not policy.has_perm(mentor, "leerlingen_mentorgroep_inzien", world["school_b"].pk)


def test_grant_a_role_of_the_wrong_kind_is_refused(world, desk):
    response = desk.post(
        reverse("servicedesk:account_grant", kwargs={"pk": world["mentor"].pk}),
        {"organisatie": world["mbo_a"].pk, "rol": Rol.objects.get(code="mentor").pk},
        follow=True,
    )
    assert "hoort bij" in response.content.decode()
    assert not Lidmaatschap.objects.filter(user=world["mentor"], organisatie=world["mbo_a"]).exists()


def test_servicedesk_cannot_change_its_own_account(world, desk):
    me = world["servicedesk"]
    response = desk.post(reverse("servicedesk:account_deactivate", kwargs={"pk": me.pk}), follow=True)
    me.refresh_from_db()
    assert me.is_active and "geen rechten" in response.content.decode()


def test_deactivate_and_reactivate(world, desk):
    mentor = world["mentor"]
    desk.post(reverse("servicedesk:account_deactivate", kwargs={"pk": mentor.pk}))
    mentor.refresh_from_db()
    assert not mentor.is_active
    desk.post(reverse("servicedesk:account_reactivate", kwargs={"pk": mentor.pk}))
    mentor.refresh_from_db()
    assert mentor.is_active


def test_admin_is_not_the_servicedesk(world, client):
    client.force_login(world["servicedesk"])
    assert client.get("/django-beheer/").status_code == 302


@pytest.mark.parametrize("role", ["servicedesk", "decaan"])
def test_get_on_a_mutating_view_is_405(world, client, role):
    from tests.security.matrix_servicedesk import ROWS

    client.force_login(world[role])
    readable = {r["name"] for r in ROWS if r["method"] == "get"}  # e.g. the activation preview
    for r in ROWS:
        if r["method"] != "post" or r["expect"].get(role, r["default"]) == 403 or r["name"] in readable:
            continue
        url = reverse(r["name"], kwargs=r["kwargs"](world))
        assert client.get(url).status_code == 405, url


def test_servicedesk_creates_a_region_and_grants_the_monitor_role(world, desk):
    body = desk.get(reverse("servicedesk:organisaties")).content.decode()
    assert reverse("servicedesk:organisatie_create", kwargs={"soort": "regio"}) in body  # "Nieuwe RMC-regio"
    response = desk.post(
        reverse("servicedesk:organisatie_create", kwargs={"soort": "regio"}),
        {"naam": "RMC-regio West", "rmc_regio": "West", "actief": "on"},
    )
    assert response.status_code == 302
    regio = Organisatie.objects.get(naam="RMC-regio West", soort="regio")
    account = f.UserFactory()
    grant = reverse("servicedesk:account_grant", kwargs={"pk": account.pk})
    assert (
        "Regionaal monitor (RMC-coördinator)"
        in desk.get(reverse("servicedesk:account", kwargs={"pk": account.pk})).content.decode()
    )
    desk.post(grant, {"organisatie": regio.pk, "rol": Rol.objects.get(code="monitor").pk})
    assert Lidmaatschap.objects.filter(user=account, organisatie=regio, rol__code="monitor").exists()
    from voroc import policy

    assert policy.has_perm(account, "regio_monitoren", regio.pk)
    # The monitor's role belongs to a region, not to a school.
    desk.post(grant, {"organisatie": world["school_b"].pk, "rol": Rol.objects.get(code="monitor").pk})
    assert not Lidmaatschap.objects.filter(user=account, organisatie=world["school_b"]).exists()


def test_organisation_and_account_lists_cost_the_same_queries_with_tenfold_rows(
    world, desk, django_assert_max_num_queries
):
    from tests.lists import check_tenfold

    def scholen(k):
        for _ in range(k):
            f.SchoolFactory(gemeente=world["gem_a"])

    def accounts(k):
        for _ in range(k):
            f.user_with_role("mentor", world["school_b"])

    check_tenfold(desk, reverse("servicedesk:organisaties"), scholen, django_assert_max_num_queries)
    check_tenfold(desk, reverse("servicedesk:accounts"), accounts, django_assert_max_num_queries)


def test_api_client_list_costs_the_same_queries_with_tenfold_rows(world, desk, django_assert_max_num_queries):
    """servicedesk:apiclients (api/views_servicedesk.py); here, beside the other servicedesk
    lists, so as not to touch the api app's own tests."""
    from api import services as api_services
    from tests.lists import check_tenfold

    made = []

    def add(k):
        for _ in range(k):
            made.append(
                api_services.apiclient_create(
                    organisatie=world["mbo_a"],
                    naam=f"Tienvoud {len(made)}",
                    scopes=["aanmeldingen_behandelen"],
                    user=world["servicedesk"],
                )
            )

    check_tenfold(desk, reverse("servicedesk:apiclients"), add, django_assert_max_num_queries)
