"""The servicedesk's account counts agree with what its account list shows."""

import re

import time_machine
from django.urls import reverse

from servicedesk import selectors
from tests import factories as f
from voroc.accounts.models import Rol
from voroc.accounts.services import uitnodiging_create


def _invited(world, email):
    """Invited by the servicedesk; the account has no password until the link is used."""
    uitnodiging, _token = uitnodiging_create(
        email=email,
        naam=email.split("@")[0],
        organisatie=world["school_b"],
        rol=Rol.objects.get(code="mentor"),
        base_url="https://voroc.example",
        user=world["servicedesk"],
    )
    return uitnodiging.user


def test_dashboard_and_account_list_agree(world, client):
    _invited(world, "open@school.example")
    with time_machine.travel("2020-01-01"):  # an invitation whose link has long expired: still invited
        _invited(world, "verlopen@school.example")
    weg = f.user_with_role("mentor", world["school_b"])
    weg.is_active = False
    weg.save()

    desk = world["servicedesk"]
    counts = selectors.dashboard_tellingen(user=desk)
    client.force_login(desk)
    body = client.get(reverse("servicedesk:accounts")).content.decode()
    badges = re.findall(r'<span class="badge badge-\w+">(actief|uitgenodigd|gedeactiveerd)</span>', body)
    assert counts["uitnodigingen"] == badges.count("uitgenodigd") == 2
    assert counts["accounts"] == badges.count("actief")
    assert counts["inactief"] == badges.count("gedeactiveerd") == 1
    assert counts["accounts"] + counts["uitnodigingen"] + counts["inactief"] == len(badges)
    dashboard = client.get(reverse("servicedesk:dashboard")).content.decode()
    assert f'<span class="stat">{counts["uitnodigingen"]}</span><span class="stat-label">uitgenodigd' in dashboard
