import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield
