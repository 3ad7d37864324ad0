import itertools

import pytest
from django.core.cache import cache

from api import services

_namen = (f"Koppeling {n}" for n in itertools.count(1))

MBO = ["aanmeldingen_behandelen"]
GEMEENTE = ["woongemeente_inzien"]
SCHOOL = ["leerlingen_alle_inzien", "leerlingen_bewerken"]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # the rate limit counts in the cache
    yield
    cache.clear()


@pytest.fixture
def maak_client(world):
    """An API client of an organisation, made by the servicedesk: (client, token)."""

    def make(organisatie, scopes, **kwargs):
        nieuw = services.apiclient_create(
            organisatie=organisatie,
            naam=kwargs.pop("naam", next(_namen)),
            scopes=scopes,
            user=world["servicedesk"],
            **kwargs,
        )
        return nieuw.client, nieuw.token

    return make
