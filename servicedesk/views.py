"""The servicedesk section: organisations, school years, reference data and accounts.

Only `organisaties_beheren` reaches these pages (403 for everybody else). The servicedesk never
sees pupil content: these pages show organisations and accounts only.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from leerlingen.models import EldersSoort, Leerweg
from voroc.accounts import services as account_services
from voroc.accounts.forms import InviteForm
from voroc.accounts.models import OrganisatieSoort
from voroc.forms_flow import run, submit
from voroc.lists import lijst
from voroc.permissions import require_any_perm

from . import selectors, services
from .filters import SOORTEN, AccountFilterSet, OrganisatieFilterSet
from .forms import (
    GrantForm,
    IdentiteitsproviderForm,
    LocatieForm,
    OrganisatieForm,
    SchooljaarForm,
    SchooljaarNieuwForm,
)

beheer = require_any_perm(services.BEHEER)


@beheer
@require_GET
def dashboard(request):
    counts = selectors.dashboard_tellingen(user=request.user)
    schooljaar = selectors.schooljaren(user=request.user).actief()
    return render(request, "servicedesk/dashboard.html", {"counts": counts, "schooljaar": schooljaar})


# --- Organisations --------------------------------------------------------------------------------


@beheer
@require_GET
def organisatie_list(request):
    # An invalid value (control characters, unknown kind) is ignored: the rest still filters.
    organisaties = lijst(request, OrganisatieFilterSet, selectors.organisatie_list(user=request.user))
    return render(
        request,
        "servicedesk/organisatie_list.html",
        {"lijst": organisaties, "page": organisaties.page, "soorten": SOORTEN},
    )


@beheer
@require_http_methods(["GET", "POST"])
def organisatie_create(request, soort: str):
    if soort not in services.FIELDS_BY_SOORT:
        return redirect("servicedesk:organisaties")
    form = OrganisatieForm(request.POST or None, soort=soort)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda **data: services.organisatie_create(soort=soort, data=data, user=request.user),
            success=lambda organisatie: f"{organisatie.naam} is toegevoegd.",
        )
    ):
        return redirect("servicedesk:organisatie", pk=done.value.pk)
    label = dict(OrganisatieSoort.choices)[soort]
    return render(
        request,
        "servicedesk/organisatie_form.html",
        {"form": form, "soort_label": label},
        status=400 if form.errors else 200,
    )


@beheer
@require_http_methods(["GET", "POST"])
def organisatie_detail(request, pk: int):
    organisatie = selectors.organisatie_get(user=request.user, pk=pk)
    form = OrganisatieForm(request.POST or None, instance=organisatie, soort=organisatie.soort)
    if request.method == "POST" and submit(
        request,
        form,
        lambda **data: services.organisatie_update(organisatie=organisatie, data=data, user=request.user),
        success="De gegevens zijn opgeslagen.",
    ):
        return redirect("servicedesk:organisatie", pk=organisatie.pk)
    organisatie.refresh_from_db()
    context = {
        "organisatie": organisatie,
        "form": form,
        "locatie_form": LocatieForm(),
        "locaties": organisatie.locaties.all(),
        "lidmaatschappen": selectors.organisatie_lidmaatschappen(user=request.user, organisatie=organisatie),
    }
    return render(request, "servicedesk/organisatie_detail.html", context, status=400 if form.errors else 200)


@beheer
@require_POST
def locatie_create(request, pk: int):
    instelling = selectors.instelling_get(user=request.user, pk=pk)
    form = LocatieForm(request.POST)
    if form.is_valid():
        run(
            request,
            lambda: services.locatie_create(instelling=instelling, user=request.user, **form.cleaned_data),
            success="De locatie is toegevoegd.",
        )
    else:
        messages.error(
            request,
            "De locatie is niet toegevoegd: "
            + " ".join(
                f"{form.fields[f].label}: {' '.join(errs)}" for f, errs in form.errors.items() if f in form.fields
            ),
        )
    return redirect("servicedesk:organisatie", pk=instelling.pk)


@beheer
@require_POST
def locatie_delete(request, pk: int):
    locatie = selectors.locatie_get(user=request.user, pk=pk)
    run(
        request,
        lambda: services.locatie_delete(locatie=locatie, user=request.user),
        success="De locatie is verwijderd.",
    )
    return redirect("servicedesk:organisatie", pk=locatie.instelling_id)


# --- Single sign-on providers of an organisation -------------------------------------------------


@beheer
@require_http_methods(["GET", "POST"])
def identiteitsprovider_list(request, pk: int):
    """The organisation's providers and a form for a new one."""
    organisatie = selectors.organisatie_get(user=request.user, pk=pk)
    form = IdentiteitsproviderForm(request.POST or None)
    if request.method == "POST" and submit(
        request,
        form,
        lambda **data: services.identiteitsprovider_create(organisatie=organisatie, data=data, user=request.user),
        success=lambda provider: f"{provider.naam} is toegevoegd.",
    ):
        return redirect("servicedesk:identiteitsproviders", pk=organisatie.pk)
    context = {
        "organisatie": organisatie,
        "providers": selectors.identiteitsproviders(user=request.user, organisatie=organisatie),
        "form": form,
    }
    return render(request, "servicedesk/identiteitsprovider_list.html", context, status=400 if form.errors else 200)


@beheer
@require_http_methods(["GET", "POST"])
def identiteitsprovider_detail(request, pk: int):
    provider = selectors.identiteitsprovider_get(user=request.user, pk=pk)
    form = IdentiteitsproviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and submit(
        request,
        form,
        lambda **data: services.identiteitsprovider_update(provider=provider, data=data, user=request.user),
        success="De gegevens zijn opgeslagen.",
    ):
        return redirect("servicedesk:identiteitsproviders", pk=provider.organisatie_id)
    provider.refresh_from_db()
    return render(
        request,
        "servicedesk/identiteitsprovider_form.html",
        {"provider": provider, "organisatie": provider.organisatie, "form": form},
        status=400 if form.errors else 200,
    )


# --- School years ---------------------------------------------------------------------------------


@beheer
@require_http_methods(["GET", "POST"])
def schooljaar_list(request):
    form = SchooljaarNieuwForm(request.POST or None)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda *, startjaar, **_rest: services.schooljaar_create(startjaar=startjaar, user=request.user),
            success=lambda schooljaar: f"Schooljaar {schooljaar} is aangemaakt (nog niet actief).",
        )
    ):
        return redirect("servicedesk:schooljaar", pk=done.value.pk)
    return render(
        request,
        "servicedesk/schooljaar_list.html",
        {"schooljaren": selectors.schooljaren(user=request.user), "form": form},
        status=400 if form.errors else 200,
    )


@beheer
@require_http_methods(["GET", "POST"])
def schooljaar_detail(request, pk: int):
    schooljaar = selectors.schooljaar_get(user=request.user, pk=pk)
    form = SchooljaarForm(request.POST or None, instance=schooljaar)
    if request.method == "POST" and submit(
        request,
        form,
        lambda startjaar=None, **data: services.schooljaar_update(schooljaar=schooljaar, data=data, user=request.user),
        success="De mijlpalen zijn opgeslagen.",
    ):
        return redirect("servicedesk:schooljaar", pk=schooljaar.pk)
    schooljaar.refresh_from_db()
    return render(
        request,
        "servicedesk/schooljaar_detail.html",
        {"schooljaar": schooljaar, "form": form},
        status=400 if form.errors else 200,
    )


@beheer
@require_http_methods(["GET", "POST"])
def schooljaar_activate(request, pk: int):
    """GET: what carries over to the new year (counts per school); POST: activate it."""
    schooljaar = selectors.schooljaar_get(user=request.user, pk=pk)
    if request.method == "GET":
        context = {
            "schooljaar": schooljaar,
            "overgang": selectors.schooljaar_overgang(user=request.user, nieuw=schooljaar),
        }
        return render(request, "servicedesk/schooljaar_activeren.html", context)
    run(
        request,
        lambda: services.schooljaar_activate(schooljaar=schooljaar, user=request.user),
        success=f"{schooljaar} is nu het actieve schooljaar.",
    )
    return redirect("servicedesk:schooljaren")


# --- Reference data -------------------------------------------------------------------------------


MBO_NIVEAUS = [
    (1, "Entreeopleiding"),
    (2, "Basisberoepsopleiding"),
    (3, "Vakopleiding"),
    (4, "Middenkaderopleiding"),
]


@beheer
@require_GET
def referentie(request):
    """Reference data, read-only: leerwegen and Elders destinations are fixed lists in the code
    (TextChoices) because rules depend on them; changing them is a software change."""
    return render(
        request,
        "servicedesk/referentie.html",
        {
            "leerwegen": Leerweg.choices,
            "bestemmingen": EldersSoort.choices,
            "niveaus": MBO_NIVEAUS,
            "rollen": selectors.rollen(user=request.user).prefetch_related("permissions"),
        },
    )


# --- Accounts -------------------------------------------------------------------------------------


@beheer
@require_GET
def account_list(request):
    accounts = lijst(request, AccountFilterSet, selectors.account_list(user=request.user))
    return render(request, "servicedesk/account_list.html", {"lijst": accounts, "page": accounts.page})


def _invite_form(request):
    return InviteForm(
        request.POST or None,
        rollen=selectors.rollen(user=request.user),
        organisaties=selectors.organisaties_actief(user=request.user),
    )


@beheer
@require_http_methods(["GET", "POST"])
def account_invite(request):
    form = _invite_form(request)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda **data: account_services.uitnodiging_create(
                **data, base_url=request.build_absolute_uri("/"), user=request.user
            )[0],
            success=lambda uitnodiging: f"Uitnodiging verstuurd naar {uitnodiging.user.email}.",
        )
    ):
        return redirect("servicedesk:account", pk=done.value.user_id)
    return render(request, "servicedesk/account_invite.html", {"form": form}, status=400 if form.errors else 200)


@beheer
@require_GET
def account_detail(request, pk: int):
    return _account_render(request, selectors.account_get(user=request.user, pk=pk), GrantForm())


def _account_render(request, account, grant_form, status=200):
    """The account page with its grant form: empty, or bound with its errors after a refused POST."""
    totp, codes_left = selectors.account_tweestaps(user=request.user, account=account)
    context = {
        "account": account,
        "lidmaatschappen": selectors.account_lidmaatschappen(user=request.user, account=account),
        "uitnodigingen": selectors.account_uitnodigingen(user=request.user, account=account),
        "totp": totp,
        "codes_left": codes_left,
        "locked": account_services.account_is_locked(account),
        "grant_form": grant_form,
        "self": account.pk == request.user.pk,
        # Superusers are managed in the Django admin, never from here.
        "beschermd": account.pk == request.user.pk or account.is_superuser,
    }
    return render(request, "servicedesk/account_detail.html", context, status=status)


def _account_action(request, pk, action, success):
    account = selectors.account_get(user=request.user, pk=pk)
    run(request, lambda: action(account=account, user=request.user), success=success.format(naam=account.naam))
    return redirect("servicedesk:account", pk=account.pk)


@beheer
@require_POST
def account_grant(request, pk: int):
    account = selectors.account_get(user=request.user, pk=pk)
    form = GrantForm(request.POST)
    if not form.is_valid():
        return _account_render(request, account, form, status=400)
    run(
        request,
        lambda: account_services.lidmaatschap_toekennen(account=account, user=request.user, **form.cleaned_data),
        success=f"{form.cleaned_data['rol']} bij {form.cleaned_data['organisatie']} toegekend.",
    )
    return redirect("servicedesk:account", pk=account.pk)


@beheer
@require_POST
def account_revoke(request, pk: int, lid: int):
    lidmaatschap = selectors.lidmaatschap_get(user=request.user, account_pk=pk, pk=lid)
    run(
        request,
        lambda: account_services.lidmaatschap_intrekken(lidmaatschap=lidmaatschap, user=request.user),
        success=f"{lidmaatschap.rol} bij {lidmaatschap.organisatie} ingetrokken.",
    )
    return redirect("servicedesk:account", pk=pk)


@beheer
@require_POST
def account_deactivate(request, pk: int):
    return _account_action(
        request, pk, account_services.account_deactivate, "Het account van {naam} is gedeactiveerd en overal uitgelogd."
    )


@beheer
@require_POST
def account_reactivate(request, pk: int):
    return _account_action(request, pk, account_services.account_reactivate, "Het account van {naam} is weer actief.")


@beheer
@require_POST
def account_reset_2fa(request, pk: int):
    def reset(*, account, user):
        account_services.account_reset_2fa(account=account, user=user, base_url=request.build_absolute_uri("/"))

    return _account_action(
        request,
        pk,
        reset,
        "De tweestapsverificatie van {naam} is verwijderd. {naam} krijgt een e-mail met een "
        "link om een nieuwe authenticator-app te koppelen.",
    )


@beheer
@require_POST
def account_unlock(request, pk: int):
    return _account_action(request, pk, account_services.account_unlock, "De blokkade van {naam} is opgeheven.")
