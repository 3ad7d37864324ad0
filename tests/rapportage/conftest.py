import pytest

from leerlingen.models import Elders
from tests import factories as f


@pytest.fixture
def regio(world):
    """The world's two pupils (each with a live application) and three more at school A:
    placed at mbo A, Elders (work), and a risk pupil without application.

    school A: 4 pupils: geplaatst 1, elders 1, aangemeld 1, geen aanmelding 1; zonder bestemming
    2; risico 1. School B: 1 pupil, aangemeld. Municipality A = school A's, B = school B's.
    mbo A: applications aangemeld 1, geplaatst 1; mbo B: aangemeld 1."""
    w = world
    sj = w["schooljaar"]
    geplaatst = f.LeerlingFactory(school=w["school_a"], schooljaar=sj, leerweg="KB")
    f.AanmeldingFactory(leerling=geplaatst, opleiding=w["opleiding_a"], status="geplaatst")
    elders = f.LeerlingFactory(school=w["school_a"], schooljaar=sj, leerweg="BB")
    Elders.objects.create(leerling=elders, soort="werk")
    risico = f.LeerlingFactory(school=w["school_a"], schooljaar=sj, leerweg="BB", risico=True)
    w.update(p_geplaatst=geplaatst, p_elders=elders, p_risico=risico)
    return w


def leerlingen_van(w):
    return [w[k] for k in ("leerling_a", "leerling_b", "p_geplaatst", "p_elders", "p_risico")]
