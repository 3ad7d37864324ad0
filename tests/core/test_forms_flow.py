"""voroc.forms_flow: the one way a view calls a service. A broken rule halfway leaves nothing
behind, lands on the named field (or above the form), and the user is told in Dutch."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from tests import factories as f
from voroc.accounts.models import Organisatie
from voroc.errors import DomainError
from voroc.forms_flow import run, submit

pytestmark = pytest.mark.django_db


class NaamForm(forms.Form):
    naam = forms.CharField(max_length=50)


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _half_then_refuse(*, naam, field=None):
    f.GemeenteFactory(naam=naam)  # the first half of a write
    raise DomainError("Deze naam mag niet.", field=field)


def test_submit_runs_the_service_and_says_so():
    request = _request()
    form = NaamForm({"naam": "Delft"})
    done = submit(request, form, lambda *, naam: f.GemeenteFactory(naam=naam), success=str)
    assert done and done.value.naam == "Delft"
    assert _said(request) == [("success", "Delft")]


def test_a_broken_rule_halfway_leaves_nothing_and_lands_on_the_named_field():
    request = _request()
    form = NaamForm({"naam": "Rijswijk"})
    done = submit(
        request,
        form,
        lambda **data: _half_then_refuse(**data, field="naam"),
        success="Opgeslagen.",
        failure="Niet opgeslagen.",
    )
    assert not done
    assert not Organisatie.objects.filter(naam="Rijswijk").exists()
    assert form.errors == {"naam": ["Deze naam mag niet."]}
    assert _said(request) == [("error", "Niet opgeslagen.")]


def test_an_error_without_a_field_of_the_form_goes_above_the_form():
    form = NaamForm({"naam": "Wassenaar"})
    assert not submit(_request(), form, lambda **data: _half_then_refuse(**data, field="elders"), success="x")
    assert form.non_field_errors() == ["Deze naam mag niet."]


def test_an_invalid_form_never_reaches_the_service():
    called = []
    form = NaamForm({"naam": ""})
    request = _request()
    assert not submit(request, form, lambda **data: called.append(data), success="x", failure="Bekijk het formulier.")
    assert called == [] and "naam" in form.errors
    assert _said(request) == [("error", "Bekijk het formulier.")]


def test_passthrough_errors_reach_the_caller_after_the_rollback():
    class Conflict(DomainError):
        pass

    def conflict(**data):
        f.GemeenteFactory(naam="Leiden")
        raise Conflict("Iemand anders was eerder.")

    with pytest.raises(Conflict):
        submit(_request(), NaamForm({"naam": "Leiden"}), conflict, success="x", passthrough=(Conflict,))
    assert not Organisatie.objects.filter(naam="Leiden").exists()


def test_run_says_the_rule_or_its_explanation():
    request = _request()
    done = run(request, lambda: _half_then_refuse(naam="Zoetermeer"), success="Gelukt.")
    assert not done and isinstance(done.error, DomainError)
    assert not Organisatie.objects.filter(naam="Zoetermeer").exists()
    assert run(request, lambda: 3, success=lambda n: f"{n} bijgewerkt.")
    run(request, lambda: _half_then_refuse(naam="Zoetermeer"), success="x", explain=lambda e: f"Nee: {e.message}")
    assert _said(request) == [
        ("error", "Deze naam mag niet."),
        ("success", "3 bijgewerkt."),
        ("error", "Nee: Deze naam mag niet."),
    ]
