"""The servicedesk's lists of organisations and accounts (voroc/lists.py)."""

import django_filters
from django.db.models import Q

from servicedesk.selectors import AccountStatus
from voroc.accounts.models import Organisatie, OrganisatieSoort, User
from voroc.lists import Kolom, LijstFilterSet, Sortering

SOORTEN = [c for c in OrganisatieSoort.choices if c[0] != OrganisatieSoort.SERVICEDESK]
ACTIEF = [("ja", "actief"), ("nee", "inactief")]


class OrganisatieFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam, BRIN of CBS-code", method="zoek", max_length=100)
    soort = django_filters.ChoiceFilter(label="Soort", choices=SOORTEN)
    actief = django_filters.ChoiceFilter(label="Status", choices=ACTIEF, method="filter_actief")

    sorteringen = {
        "naam": Sortering("Naam", ("naam",)),
        "soort": Sortering("Soort", ("soort", "naam")),
        "gemeente": Sortering("Gemeente", ("gemeente__naam", "naam")),
        "accounts": Sortering("Accounts", ("n_accounts", "naam")),
    }
    standaard_sort = "soort"
    kolommen = (
        Kolom("Naam", "naam"),
        Kolom("Soort", "soort"),
        Kolom("Code"),
        Kolom("Gemeente", "gemeente"),
        Kolom("Accounts", "accounts"),
        Kolom("Status"),
    )

    class Meta:
        model = Organisatie
        fields = ()

    def zoek(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(naam__icontains=value) | Q(brin__iexact=value) | Q(cbs_code=value)) if value else qs

    def filter_actief(self, qs, name, value):
        return qs.filter(actief=(value == "ja"))


class AccountFilterSet(LijstFilterSet):
    q = django_filters.CharFilter(label="Zoek op naam of e-mailadres", method="zoek", max_length=100)
    soort = django_filters.ChoiceFilter(
        label="Soort organisatie", choices=OrganisatieSoort.choices, method="filter_soort"
    )
    status = django_filters.ChoiceFilter(label="Status", choices=AccountStatus.choices, method="filter_status")

    sorteringen = {
        "naam": Sortering("Naam", ("naam", "email")),
        "email": Sortering("E-mailadres", ("email",)),
        "ingelogd": Sortering("Laatst ingelogd", ("last_login", "naam")),
    }
    standaard_sort = "naam"
    kolommen = (
        Kolom("Naam", "naam"),
        Kolom("E-mailadres", "email"),
        Kolom("Rollen"),
        Kolom("Laatst ingelogd", "ingelogd"),
        Kolom("Status"),
    )

    class Meta:
        model = User
        fields = ()

    def zoek(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(naam__icontains=value) | Q(email__icontains=value)) if value else qs

    def filter_soort(self, qs, name, value):
        return qs.filter(lidmaatschappen__organisatie__soort=value).distinct()

    def filter_status(self, qs, name, value):
        # The one status the dashboard counts and the list shows (servicedesk.selectors.met_account_status).
        return qs.filter(account_status=value)
