"""CSV imports: programmes and national status codes. Preview writes nothing; one bad row, nothing written."""

import pytest

from aanmelding.models import Aanmelding, Opleiding
from aanmelding.services_mbo import opleidingen_import, statuscodes_import
from aanmelding.status import Status
from rmc.models import Melding
from terugkoppeling.models import Terugkoppeling
from tests import factories as f
from voroc.errors import DomainError

from .conftest import maak_aanmelding


@pytest.fixture
def locatie(world):
    return f.LocatieFactory(instelling=world["mbo_a"], naam="Wateringseveld")


KOP = "crebo;naam;niveau;leerweg;locatie;startdatum;capaciteit;strenge_toelating\n"


def test_programme_import_preview_then_confirm(world, intaker, locatie):
    data = (
        KOP
        + "25187;Verzorgende IG;3;BBL;Wateringseveld;01-09-2027;24;nee\n"
        + "25655;Beveiliger;2;BOL;wateringseveld;2027-09-01;;ja\n"
    )
    before = Opleiding.objects.count()
    preview = opleidingen_import(instelling=world["mbo_a"], data=data.encode(), user=intaker, opslaan=False)
    assert not preview.fouten and not preview.opgeslagen and [r.actie for r in preview.regels] == ["nieuw", "nieuw"]
    assert Opleiding.objects.count() == before
    result = opleidingen_import(instelling=world["mbo_a"], data=data, user=intaker, opslaan=True)
    assert result.opgeslagen and Opleiding.objects.count() == before + 2
    beveiliger = Opleiding.objects.get(crebo="25655")
    assert beveiliger.strenge_toelating and beveiliger.capaciteit is None and beveiliger.locatie == locatie


def test_programme_import_updates_the_same_programme(world, intaker, locatie):
    data = KOP + "25187;Verzorgende IG;3;BBL;Wateringseveld;01-09-2027;24;nee\n"
    opleidingen_import(instelling=world["mbo_a"], data=data, user=intaker, opslaan=True)
    data2 = KOP + "25187;Verzorgende-IG;3;BBL;Wateringseveld;01-09-2027;30;nee\n"
    result = opleidingen_import(instelling=world["mbo_a"], data=data2, user=intaker, opslaan=True)
    assert result.regels[0].actie == "bijgewerkt"
    assert Opleiding.objects.get(crebo="25187").capaciteit == 30


def test_programme_import_is_all_or_nothing_with_dutch_errors(world, intaker, locatie):
    data = (
        KOP
        + "25187;Verzorgende IG;3;BBL;Wateringseveld;01-09-2027;24;nee\n"
        + "2518;Fout;5;XYZ;Nergens;morgen;veel;misschien\n"
        + "25188;Niveau vijf;5;BOL;Wateringseveld;01-09-2027;;\n"
    )
    before = Opleiding.objects.count()
    result = opleidingen_import(instelling=world["mbo_a"], data=data, user=intaker, opslaan=True)
    assert not result.opgeslagen and Opleiding.objects.count() == before
    fouten = {r.regel: r.fout for r in result.fouten}
    assert set(fouten) == {3, 4}
    assert "Locatie ‘Nergens’ bestaat niet" in fouten[3]
    assert "niveau" in fouten[4].lower()


def test_programme_import_missing_columns(world, intaker):
    with pytest.raises(DomainError, match="mist de kolom"):
        opleidingen_import(instelling=world["mbo_a"], data="crebo;naam\n25187;X\n", user=intaker, opslaan=False)


def test_programme_import_for_another_institution_is_refused(world, intaker):
    with pytest.raises(DomainError, match="niet beheren"):
        opleidingen_import(instelling=world["mbo_b"], data=KOP, user=intaker, opslaan=False)


@pytest.mark.parametrize("data", [b"", b"\xff\xfe\x00", "crebo;naam;niveau;leerweg;locatie;startdatum\n"])
def test_programme_import_rejects_empty_or_unreadable_files(world, intaker, data):
    with pytest.raises(DomainError):
        opleidingen_import(instelling=world["mbo_a"], data=data, user=intaker, opslaan=False)


# --- national status codes ------------------------------------------------------------------


def _import(world, data, opslaan=True, user=None):
    return statuscodes_import(
        instelling_ids=[world["mbo_a"].pk], data=data, user=user or world["intaker"], opslaan=opslaan
    )


def test_status_codes_by_voroc_number(world):
    a = maak_aanmelding(world)
    b = maak_aanmelding(world, status=Status.GEPLAATST)
    result = _import(world, f"aanmelding;status\n{a.pk};1\n{b.pk};5\n")
    assert result.opgeslagen and not result.fouten
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.status, b.status) == (Status.IN_BEHANDELING, Status.INGESCHREVEN)
    assert Terugkoppeling.objects.filter(aanmelding=a, moment=1).exists()


def test_status_codes_by_bsn_and_crebo(world):
    a = maak_aanmelding(world, status=Status.INTAKE_GEHAD)
    data = f"bsn,crebo,status\n{a.leerling.bsn},{a.opleiding.crebo},2\n"
    _import(world, data)
    a.refresh_from_db()
    assert a.status == Status.GEPLAATST and a.plaatsingsbesluit.uitkomst == Status.GEPLAATST


def test_status_code_three_needs_a_reason_before_enrolment(world):
    a = maak_aanmelding(world, status=Status.INTAKE_GEHAD)
    result = _import(world, f"aanmelding;status\n{a.pk};3\n")
    assert "Code 3 vraagt" in result.fouten[0].fout
    result = _import(world, f"aanmelding;status;reden\n{a.pk};3;vooropleiding\n")
    a.refresh_from_db()
    assert result.opgeslagen and a.status == Status.AFGEWEZEN and a.plaatsingsbesluit.reden == "vooropleiding"


def test_status_code_three_after_enrolment_is_a_no_show(world):
    a = maak_aanmelding(world, status=Status.INGESCHREVEN)
    with f.na_de_start():
        _import(world, f"aanmelding;status\n{a.pk};3\n")
    a.refresh_from_db()
    assert a.status == Status.NIET_VERSCHENEN and Melding.objects.filter(aanmelding=a).exists()


def test_status_code_import_refuses_illegal_transitions_and_writes_nothing(world):
    goed = maak_aanmelding(world)
    illegaal = maak_aanmelding(world)  # aangemeld -> ingeschreven is not allowed
    result = _import(world, f"aanmelding;status\n{goed.pk};1\n{illegaal.pk};5\n")
    assert not result.opgeslagen
    assert [r.regel for r in result.fouten] == [3]
    assert "kan niet naar" in result.fouten[0].fout
    goed.refresh_from_db()
    assert goed.status == Status.AANGEMELD and not Terugkoppeling.objects.exists()


def test_status_code_import_preview_writes_nothing(world):
    a = maak_aanmelding(world)
    result = _import(world, f"aanmelding;status\n{a.pk};1\n", opslaan=False)
    assert not result.fouten and not result.opgeslagen and result.aantal_wijzigingen == 1
    a.refresh_from_db()
    assert a.status == Status.AANGEMELD and not Terugkoppeling.objects.exists()


def test_status_code_unchanged_and_unknown_codes(world):
    a = maak_aanmelding(world, status=Status.INTAKE_GEPLAND)  # code 1 already
    result = _import(world, f"aanmelding;status\n{a.pk};1\n{a.pk};9\n{a.pk};0\n", opslaan=False)
    assert result.regels[0].actie == "ongewijzigd"
    assert "bestaat niet" in result.regels[1].fout and "Code 0" in result.regels[2].fout


def test_status_code_import_cannot_reach_another_institution(world):
    foreign = world["aanmelding_b"]
    result = _import(world, f"aanmelding;status\n{foreign.pk};1\n")
    assert "Geen aanmelding" in result.fouten[0].fout
    foreign.refresh_from_db()
    assert foreign.status == Status.AANGEMELD


def test_status_code_import_needs_permission_at_each_institution(world):
    with pytest.raises(DomainError):
        statuscodes_import(
            instelling_ids=[world["mbo_b"].pk], data="aanmelding;status\n1;1\n", user=world["intaker"], opslaan=False
        )


def test_status_code_import_needs_a_key_column(world):
    with pytest.raises(DomainError, match="kolom aanmelding, bsn of onderwijsnummer"):
        _import(world, "naam;status\nX;1\n")
    assert Aanmelding.objects.filter(status=Status.IN_BEHANDELING).count() == 0
