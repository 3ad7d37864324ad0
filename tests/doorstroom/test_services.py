import pytest

from doorstroom.models import FormulierStatus
from doorstroom.sections import ontbrekende_velden
from doorstroom.services import (
    ConflictError,
    formulier_definitief_maken,
    formulier_heropenen,
    formulier_save,
    formulier_voor,
)
from voroc.errors import DomainError

COMPLEET = {
    "ouder_naam": "J. de Vries",
    "verwacht_diploma": "vmbo KB",
    "advies_niveau": 3,
    "verzuim_samenvatting": "Weinig verzuim",
    "motivatie": "Wil graag zorg",
    "lob_activiteiten": "Open dag ROC",
    "contactpersoon_naam": "Mevr. Bakker",
    "contactpersoon_email": "bakker@school.nl",
}


@pytest.fixture
def formulier(world):
    return formulier_voor(leerling=world["leerling_a"])


def test_final_only_when_required_fields_are_complete(world, formulier):
    with pytest.raises(DomainError, match="nog niet compleet"):
        formulier_definitief_maken(formulier=formulier, user=world["decaan"])
    formulier = formulier_save(formulier=formulier, user=world["decaan"], versie=formulier.versie, data=COMPLEET)
    assert ontbrekende_velden(formulier) == []
    formulier = formulier_definitief_maken(formulier=formulier, user=world["decaan"])
    assert formulier.status == FormulierStatus.DEFINITIEF and formulier.definitief_op


def test_second_save_with_stale_version_is_a_conflict(world, formulier):
    versie = formulier.versie
    formulier_save(formulier=formulier, user=world["decaan"], versie=versie, data={"motivatie": "Eerste versie"})
    with pytest.raises(ConflictError) as conflict:
        formulier_save(formulier=formulier, user=world["mentor"], versie=versie, data={"motivatie": "Tweede versie"})
    assert conflict.value.opgeslagen.motivatie == "Eerste versie"
    formulier.refresh_from_db()
    assert formulier.motivatie == "Eerste versie"


def test_mentor_cannot_write_the_care_section(world, formulier):
    with pytest.raises(DomainError):
        formulier_save(formulier=formulier, user=world["mentor"], versie=formulier.versie, data={"zorg_nodig": "x"})
    formulier_save(
        formulier=formulier, user=world["zorg"], versie=formulier.versie, data={"zorg_nodig": "Rustige plek"}
    )


def test_reopening_leaves_a_trace(world, formulier):
    formulier = formulier_save(formulier=formulier, user=world["decaan"], versie=formulier.versie, data=COMPLEET)
    formulier = formulier_definitief_maken(formulier=formulier, user=world["decaan"])
    with pytest.raises(DomainError):
        formulier_heropenen(formulier=formulier, user=world["decaan"], reden=" ")
    formulier = formulier_heropenen(formulier=formulier, user=world["decaan"], reden="Advies aangepast")
    assert formulier.status == FormulierStatus.CONCEPT
    assert world["leerling_a"].terugkoppelingen.filter(bericht__contains="heropend: Advies aangepast").exists()


def test_final_form_cannot_be_edited(world, formulier):
    formulier = formulier_save(formulier=formulier, user=world["decaan"], versie=formulier.versie, data=COMPLEET)
    formulier = formulier_definitief_maken(formulier=formulier, user=world["decaan"])
    with pytest.raises(DomainError, match="definitief"):
        formulier_save(formulier=formulier, user=world["decaan"], versie=formulier.versie, data={"motivatie": "x"})


@pytest.mark.parametrize("wie", ["school", "leerling"])
def test_a_replaced_lob_paspoort_is_removed_only_after_the_commit(world, wie, django_capture_on_commit_callbacks):
    """Both saves (the school's form, the pupil's part A) write through the same tail."""
    from doorstroom.services import doorstroomformulier_deel_a_opslaan
    from tests.doorstroom import factories as ff

    leerling = world["leerling_a"]
    formulier = ff.formulier_met_lob(leerling, world["decaan"])
    oud = formulier.lob_paspoort_pdf.name
    storage = formulier.lob_paspoort_pdf.storage
    assert storage.exists(oud)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        if wie == "school":
            nieuw = formulier_save(
                formulier=formulier,
                user=world["decaan"],
                versie=formulier.versie,
                data={"lob_paspoort_pdf": ff.pdf_upload()},
            )
        else:
            nieuw = doorstroomformulier_deel_a_opslaan(
                leerling=leerling,
                leerling_account=world["leerling"],
                data={"lob_paspoort_pdf": ff.pdf_upload()},
                versie=formulier.versie,
            )
        assert storage.exists(oud)  # still there until the commit
    assert nieuw.versie == formulier.versie + 1 and nieuw.lob_paspoort_pdf.name != oud
    for callback in callbacks:
        callback()
    assert not storage.exists(oud) and storage.exists(nieuw.lob_paspoort_pdf.name)
