"""`manage.py servicedesk_bootstrap`: the first servicedesk account, once; the printed link works."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from voroc import policy
from voroc.accounts.models import User


def bootstrap(**kwargs) -> str:
    out = StringIO()
    call_command("servicedesk_bootstrap", stdout=out, **kwargs)
    return out.getvalue()


def test_first_account_gets_the_role_and_a_working_password_link(db, client, settings):
    settings.VOROC_BASE_URL = "https://voroc.example.nl"
    out = bootstrap(email="Beheer@Example.nl", naam="Eerste Beheerder")
    user = User.objects.get(email="beheer@example.nl")
    assert not user.has_usable_password()
    (lid,) = user.lidmaatschappen.select_related("organisatie", "rol")
    assert (lid.rol.code, lid.organisatie.soort) == ("servicedesk", "servicedesk")
    assert policy.has_perm(user, "organisaties_beheren", lid.organisatie_id)
    link = out.strip().splitlines()[-1]
    assert link.startswith("https://voroc.example.nl/account/wachtwoord-herstellen/")
    path = link.removeprefix("https://voroc.example.nl")
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    new = "een-nieuw-lang-wachtwoord-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_refused_once_a_servicedesk_account_exists(db):
    bootstrap(email="a@example.nl", naam="A")
    with pytest.raises(CommandError, match="al een servicedesk-account"):
        bootstrap(email="b@example.nl", naam="B")
    assert not User.objects.filter(email="b@example.nl").exists()


def test_an_existing_address_is_refused_without_change(db):
    from tests.factories import UserFactory

    UserFactory(email="bestaand@example.nl")
    with pytest.raises(CommandError, match="bestaat al een account"):
        bootstrap(email="bestaand@example.nl", naam="X")
