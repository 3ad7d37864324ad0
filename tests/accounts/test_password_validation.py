"""Password rules: at least 12 characters, no predictable password, dressed up or not; a sentence
of several words passes. Planted-bug check: with Django's CommonPasswordValidator back in
AUTH_PASSWORD_VALIDATORS instead of ours, `Welkom2026!!`, `voroc-demo12` and `aaaaaaaaaaaa` pass.
"""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests import factories as f

REFUSED = [
    "aaaaaaaaaaaa",  # one character
    "abababababab",
    "Welkom2026!!",  # a Dutch word with a year and symbols
    "W3lk0m2026!!",  # ... with digits for letters
    "welkomwelkom",  # repeated
    "voroc-demo12",  # the service's own words
    "Voroc2026Demo",
    "123456789012",  # counting
    "qwertyuiop12",  # the keyboard
    "password1234",  # Django's list
    "Zomer-2026!!",
    "Lente-Zomer-2026",
    "Feyenoord1908",
    "Haaglanden2026",
    "Emma2011!!!!",
    "x" * 129,  # too long
    "twaalf\ttekens!",  # a control character
    "kort",
]
ACCEPTED = [
    "paarse olifant fietst naar Delft",
    "groene giraf leest de krant",
    "een nieuw lang wachtwoord 42",
    "zeilboot aan de Maas",
    "Tr0ub4dor&3xyz",
    "zeven zilveren zwaluwen zweven boven het Zuiderpark in Den Haag!",  # 64 characters
]


@pytest.mark.parametrize("password", REFUSED)
def test_predictable_passwords_are_refused(db, password):
    with pytest.raises(ValidationError):
        validate_password(password, f.UserFactory.build(email="iemand@school.nl", naam="Iemand"))


@pytest.mark.parametrize("password", ACCEPTED)
def test_sentences_pass(db, password):
    validate_password(password, f.UserFactory.build(email="iemand@school.nl", naam="Iemand"))


def test_the_users_own_name_and_address_are_refused(db):
    user = f.UserFactory.build(email="jorinde.vanderbeek@school.nl", naam="Jorinde van der Beek")
    for password in ("Jorinde2026!!", "vanderbeek-2011", "jorinde-vanderbeek"):
        with pytest.raises(ValidationError):
            validate_password(password, user)


def test_the_message_is_dutch_and_names_the_cure(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("Welkom2026!!")
    assert "te algemeen" in refused.value.messages[0] and "zin van een paar woorden" in refused.value.messages[0]


def test_a_new_password_goes_through_the_rules_on_the_page(world, client):
    from django.urls import reverse

    from tests.e2e.conftest import PASSWORD

    client.force_login(world["decaan"])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Welkom2026!!", "new_password2": "Welkom2026!!"},
    )
    assert response.status_code == 200 and "te algemeen" in response.content.decode()
    world["decaan"].refresh_from_db()
    assert world["decaan"].check_password(PASSWORD)
