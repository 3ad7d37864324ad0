"""Reconciliation with the national statuses (aanmelding/services_vergelijking.py): what counts as
a difference, what stays out of sight, bad files, the action on a difference, retention."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from aanmelding.models import ExterneAanmelding, Statusvergelijking, Vergelijkingsregel, Verschil
from aanmelding.services_vergelijking import statusvergelijking_create, vergelijkingsregel_extern_record
from tests import factories as f
from voroc.errors import DomainError
from voroc.retention import retention_purge


def csv_bestand(regels, kop="bsn;status;instelling;crebo;datum", naam="landelijk.csv"):
    return SimpleUploadedFile(naam, ("\n".join([kop, *regels]) + "\n").encode())


def _regel(leerling, code, instelling, crebo, datum=""):
    return f"{leerling.bsn};{code};{instelling};{crebo};{datum}"


@pytest.fixture
def school_bestand(world):
    """A national file for school A: one status that differs, one equal, one application outside
    VOROC, and a pupil of school B."""
    a = world["aanmelding_a"]  # aangemeld: national code 0
    gelijk = f.AanmeldingFactory(
        leerling=f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"]),
        opleiding=world["opleiding_a"],
        status="in_behandeling",
    )
    ontbreekt = f.AanmeldingFactory(
        leerling=f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"]),
        opleiding=world["opleiding_a"],
    )
    brin = world["mbo_a"].brin
    regels = [
        _regel(a.leerling, 2, brin, a.opleiding.crebo, "01-03-2027"),
        _regel(gelijk.leerling, 1, world["mbo_a"].naam.upper(), gelijk.opleiding.crebo),
        _regel(a.leerling, 1, "Grafisch Lyceum", "25999"),
        _regel(world["leerling_b"], 1, brin, "25001"),
    ]
    return {"bestand": csv_bestand(regels), "gelijk": gelijk, "ontbreekt": ontbreekt}


def test_school_file_gives_each_kind_of_difference_and_counts_the_rest(world, school_bestand):
    v = statusvergelijking_create(
        organisatie=world["school_a"], bestand=school_bestand["bestand"], user=world["decaan"]
    )
    regels = {(r.leerling_id, r.soort): r for r in v.regels.all()}
    a = world["aanmelding_a"]
    status = regels[(a.leerling_id, Verschil.STATUS)]
    assert status.aanmelding == a and status.landelijke_status == 2 and status.datum == datetime.date(2027, 3, 1)
    buiten = regels[(a.leerling_id, Verschil.BUITEN_VOROC)]
    assert buiten.aanmelding is None and buiten.crebo == "25999" and buiten.instelling == "Grafisch Lyceum"
    assert regels[(school_bestand["ontbreekt"].leerling_id, Verschil.ONTBREEKT_LANDELIJK)].landelijke_status is None
    assert (v.aantal_regels, v.aantal_gelijk, v.niet_gevonden) == (4, 1, 1)
    assert len(regels) == 3
    assert not v.regels.filter(leerling=world["leerling_b"]).exists(), "another school's pupil is only counted"


def test_the_mbo_sees_only_its_own_institution(world):
    a = world["aanmelding_a"]
    andere = f.AanmeldingFactory(leerling=a.leerling, opleiding=world["opleiding_b"], keuze=2)
    regels = [
        _regel(a.leerling, 0, world["mbo_a"].brin, a.opleiding.crebo),  # equal
        _regel(a.leerling, 1, world["mbo_b"].brin, andere.opleiding.crebo),  # another institution
        _regel(a.leerling, 1, world["mbo_a"].brin, "25998"),  # at mbo A, not in VOROC
        _regel(world["leerling_b"], 1, world["mbo_a"].brin, "25001"),  # no application to mbo A
    ]
    v = statusvergelijking_create(organisatie=world["mbo_a"], bestand=csv_bestand(regels), user=world["intaker"])
    assert (v.aantal_gelijk, v.niet_gevonden) == (1, 2)
    assert [(r.soort, r.crebo) for r in v.regels.all()] == [(Verschil.BUITEN_VOROC, "25998")]
    assert not v.regels.filter(aanmelding=andere).exists()


def test_an_mbo_application_missing_nationally(world):
    a = world["aanmelding_a"]
    v = statusvergelijking_create(
        organisatie=world["mbo_a"],
        bestand=csv_bestand([_regel(world["leerling_b"], 1, world["mbo_a"].brin, "25001")]),
        user=world["intaker"],
    )
    assert [(r.soort, r.aanmelding) for r in v.regels.all()] == [(Verschil.ONTBREEKT_LANDELIJK, a)]


@pytest.mark.parametrize(
    ("regel", "kop", "melding"),
    [
        ("123456789;1;25MB;25001;", None, "Regel 3: het BSN is niet geldig"),
        ("{bsn};7;25MB;25001;", None, "Regel 3: statuscode ‘7’ bestaat niet"),
        ("{bsn};1;25MB;2500;", None, "Regel 3: een opleidingscode (crebo) is vijf cijfers"),
        ("{bsn};1;;25001;", None, "Regel 3: vul de instelling in"),
        ("{bsn};1;25MB;25001;31-02-2027", None, "Regel 3: ‘31-02-2027’ is geen datum"),
        ("{bsn};1;25001", "bsn;status;crebo", "Het bestand mist de kolom(men): instelling"),
    ],
)
def test_a_bad_file_is_refused_whole_with_a_dutch_message(world, regel, kop, melding):
    goed = _regel(world["leerling_a"], 1, "25MB", "25001")
    regels = [regel.format(bsn=world["leerling_a"].bsn)] if kop else [goed, regel.format(bsn=world["leerling_a"].bsn)]
    bestand = csv_bestand(regels, kop=kop or "bsn;status;instelling;crebo;datum")
    with pytest.raises(DomainError) as error:
        statusvergelijking_create(organisatie=world["school_a"], bestand=bestand, user=world["decaan"])
    assert error.value.field == "bestand"
    assert melding in error.value.message
    assert not Statusvergelijking.objects.exists() and not Vergelijkingsregel.objects.exists()


def test_a_file_of_another_kind_is_refused(world):
    with pytest.raises(DomainError) as error:
        statusvergelijking_create(
            organisatie=world["school_a"], bestand=SimpleUploadedFile("x.pdf", b"%PDF-1.4"), user=world["decaan"]
        )
    assert error.value.field == "bestand"


def test_an_xlsx_file_is_read_the_same_way(world):
    from openpyxl import Workbook

    a = world["aanmelding_a"]
    wb = Workbook()
    wb.active.append(["BSN", "Statuscode", "BRIN", "Opleidingscode"])
    wb.active.append([a.leerling.bsn, 2, world["mbo_a"].brin, a.opleiding.crebo])
    buffer = io.BytesIO()
    wb.save(buffer)
    v = statusvergelijking_create(
        organisatie=world["school_a"],
        bestand=SimpleUploadedFile("landelijk.xlsx", buffer.getvalue()),
        user=world["decaan"],
    )
    assert [(r.soort, r.landelijke_status) for r in v.regels.all()] == [(Verschil.STATUS, 2)]


@pytest.mark.parametrize(
    ("user", "organisatie"), [("mentor", "school_a"), ("decaan", "school_b"), ("intaker", "mbo_b")]
)
def test_only_for_an_own_organisation_with_the_right_permissions(world, user, organisatie):
    with pytest.raises(DomainError):
        statusvergelijking_create(
            organisatie=world[organisatie],
            bestand=csv_bestand([_regel(world["leerling_a"], 1, "25MB", "25001")]),
            user=world[user],
        )
    assert not Statusvergelijking.objects.exists()


def test_recording_outside_voroc_uses_the_school_service_and_is_recognised_next_time(world):
    leerling = world["leerling_a"]
    bestand = [_regel(leerling, 2, "Grafisch Lyceum", "25999")]
    v = statusvergelijking_create(organisatie=world["school_a"], bestand=csv_bestand(bestand), user=world["decaan"])
    regel = v.regels.get(soort=Verschil.BUITEN_VOROC)
    externe = vergelijkingsregel_extern_record(regel=regel, user=world["decaan"])
    assert (externe.leerling, externe.instelling_naam, externe.crebo, externe.uitkomst) == (
        leerling,
        "Grafisch Lyceum",
        "25999",
        "geplaatst",
    )
    regel.refresh_from_db()
    assert regel.afgehandeld_op is not None
    with pytest.raises(DomainError):
        vergelijkingsregel_extern_record(regel=regel, user=world["decaan"])
    assert ExterneAanmelding.objects.filter(leerling=leerling).count() == 1
    opnieuw = statusvergelijking_create(
        organisatie=world["school_a"], bestand=csv_bestand(bestand), user=world["decaan"]
    )
    assert not opnieuw.regels.filter(soort=Verschil.BUITEN_VOROC).exists()


def test_a_status_difference_cannot_be_recorded_outside_voroc(world):
    a = world["aanmelding_a"]
    v = statusvergelijking_create(
        organisatie=world["school_a"],
        bestand=csv_bestand([_regel(a.leerling, 2, world["mbo_a"].brin, a.opleiding.crebo)]),
        user=world["decaan"],
    )
    with pytest.raises(DomainError):
        vergelijkingsregel_extern_record(regel=v.regels.get(), user=world["decaan"])
    assert not ExterneAanmelding.objects.exists()


def test_retention_deletes_an_upload_with_its_differences_after_its_period(world, settings):
    a = world["aanmelding_a"]
    v = statusvergelijking_create(
        organisatie=world["school_a"],
        bestand=csv_bestand([_regel(a.leerling, 2, world["mbo_a"].brin, a.opleiding.crebo)]),
        user=world["decaan"],
    )
    dagen = settings.VOROC_RETENTION_DAYS["statusvergelijking"]
    vandaag = timezone.localdate()
    retention_purge(today=vandaag + datetime.timedelta(days=dagen))
    assert Statusvergelijking.objects.filter(pk=v.pk).exists(), "not the day it expires"
    telling = retention_purge(today=vandaag + datetime.timedelta(days=dagen + 1))
    assert not Statusvergelijking.objects.filter(pk=v.pk).exists() and not Vergelijkingsregel.objects.exists()
    assert telling["aanmelding.Vergelijkingsregel"] == 1
    assert type(a).objects.filter(pk=a.pk).exists(), "the application itself stays"
