import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import factories as f

MAGISTER_HEADERS = [
    "Leerlingnummer",
    "Roepnaam",
    "Tussenvoegsel",
    "Achternaam",
    "Geboortedatum",
    "BSN",
    "Stamgroep",
    "Leerweg",
    "Straat",
    "Huisnummer",
    "Postcode",
    "Woonplaats",
    "Gemeente",
    "Mentor",
]


def csv_bytes(rows, delimiter=";") -> bytes:
    return "\n".join(delimiter.join(str(c) for c in row) for row in rows).encode("utf-8")


def upload(name: str, content: bytes, content_type="text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def bsns():
    return [f.next_bsn() for _ in range(10)]


@pytest.fixture
def pupil_row(world):
    """A valid row of a Magister export for the own school, living in gemeente A."""

    def make(nummer, bsn, achternaam="Jansen", klas="4B", leerweg="vmbo-kb", mentor=""):
        return [
            nummer,
            "Sam",
            "de",
            achternaam,
            "17-05-2010",
            bsn,
            klas,
            leerweg,
            "Spui",
            "70",
            "2511ab",
            "Den Haag",
            world["gem_a"].cbs_code,
            mentor,
        ]

    return make
