"""Fixtures for the mbo side, on top of the shared `world` fixture."""

import datetime

import pytest
from django.utils import timezone

from aanmelding.models import Aanmelding
from tests import factories as f


@pytest.fixture
def intaker(world):
    return world["intaker"]


@pytest.fixture
def aanmelding(world):
    """A new (aangemeld) application of a pupil of school A to a programme of mbo A."""
    return world["aanmelding_a"]


def maak_aanmelding(world, *, status="aangemeld", opleiding=None, **kwargs) -> Aanmelding:
    leerling = f.LeerlingFactory(school=world["school_a"], schooljaar=world["schooljaar"])
    return f.AanmeldingFactory(leerling=leerling, opleiding=opleiding or world["opleiding_a"], status=status, **kwargs)


def bulk_aanmeldingen(world, n: int, opleiding=None, schooljaar=None) -> None:
    """n applications to mbo A written with bulk_create (fast enough for query-count tests), of
    pupils of `schooljaar` (default: the world's)."""
    from leerlingen.models import Leerling

    opleiding = opleiding or world["opleiding_a"]
    start = Leerling.objects.count()
    leerlingen = Leerling.objects.bulk_create(
        [
            Leerling(
                schooljaar=schooljaar or world["schooljaar"],
                school=world["school_a"],
                woongemeente=world["gem_a"],
                leerlingnummer=f"B{start + i}",
                klas="4B",
                leerweg="KB",
                voornaam=f"Bulk{i}",
                achternaam=f"Massa{i}",
                geboortedatum=datetime.date(2010, 1, 1),
                onderwijsnummer="",
                bsn=f.next_bsn(),
            )
            for i in range(n)
        ]
    )
    now = timezone.now()
    Aanmelding.objects.bulk_create(
        [
            Aanmelding(leerling=ll, opleiding=opleiding, status="aangemeld", aangemeld_op=now, op_tijd=i % 2 == 0)
            for i, ll in enumerate(leerlingen)
        ]
    )
