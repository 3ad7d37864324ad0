import pytest

from aanmelding.services import aanmelding_status_update, plaatsingsbesluit_record
from rmc.services import melding_create_risico
from tests import factories as f


@pytest.fixture
def risico(world):
    """A risk melding by the decaan of school A about pupil A (living in municipality A)."""
    return melding_create_risico(
        leerling=world["leerling_a"],
        user=world["decaan"],
        reden="Veel verzuim",
        toelichting="Sinds januari vaak afwezig.",
        toestemming_besproken=True,
    )


@pytest.fixture
def noshow(world):
    """mbo A reports that pupil A, enrolled, did not show up: a melding to municipality A."""
    a, intaker = world["aanmelding_a"], world["intaker"]
    aanmelding_status_update(aanmelding=a, naar="in_behandeling", user=intaker)
    plaatsingsbesluit_record(aanmelding=a, uitkomst="geplaatst", user=intaker)
    aanmelding_status_update(aanmelding=a, naar="ingeschreven", user=intaker)
    with f.na_de_start():
        aanmelding_status_update(aanmelding=a, naar="niet_verschenen", user=intaker)
    return a.meldingen.get()


@pytest.fixture
def collega(world):
    """A second consulent of municipality A."""
    return f.user_with_role("consulent", world["gem_a"], naam="Collega Consulent")
