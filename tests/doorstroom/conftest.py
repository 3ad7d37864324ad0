import pytest


@pytest.fixture
def leerling(world):
    return world["leerling_a"]
