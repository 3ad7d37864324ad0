"""The servicedesk section: organisations, school years, reference data and accounts.

Only `organisaties_beheren` reaches these pages (403 for everybody else). The servicedesk never
sees pupil content: these pages show organisations and accounts only.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leerlingen.models import EldersSoort, Leerweg, Schooljaar
from voroc.accounts import services as account_services
from voroc.accounts.forms import InviteForm
from voroc.accounts.models import Lidmaatschap, Locatie, Organisatie, OrganisatieSoort, Rol, Uitnodiging, User
from voroc.errors import DomainError
from voroc.permissions import require_any_perm

from . import services
from .forms import (
    AccountZoekForm,
    GrantForm,
    LocatieForm,
    OrganisatieForm,
    OrganisatieZoekForm,
    SchooljaarForm,
    SchooljaarNieuwForm,
)

beheer = require_any_perm(services.BEHEER)
PAGE_SIZE = 50


@beheer
@require_GET
def dashboard(request):
    counts = Organisatie.objects.aggregate(
        scholen=Count("pk", filter=Q(soort=OrganisatieSoort.VO_SCHOOL)),
        instellingen=Count("pk", filter=Q(soort=OrganisatieSoort.MBO_INSTELLING)),
        gemeenten=Count("pk", filter=Q(soort=OrganisatieSoort.GEMEENTE)),
    )
    counts.update(
        User.objects.aggregate(
            accounts=Count("pk", filter=Q(is_active=True)), inactief=Count("pk", filter=Q(is_active=False))
        )
    )
    counts["uitnodigingen"] = Uitnodiging.objects.open().count()
    return render(request, "servicedesk/dashboard.html", {"counts": counts, "schooljaar": Schooljaar.objects.actief()})


# --- Organisations --------------------------------------------------------------------------------


@beheer
@require_GET
def organisatie_list(request):
    form = OrganisatieZoekForm(request.GET)
    soort = zoek = ""
    if form.is_valid():  # an invalid search (control characters, unknown kind) shows everything
        soort, zoek = form.cleaned_data["soort"], form.cleaned_data["q"].strip()
    qs = Organisatie.objects.exclude(soort=OrganisatieSoort.SERVICEDESK).select_related("gemeente")
    if soort:
        qs = qs.filter(soort=soort)
    if zoek:
        qs = qs.filter(Q(naam__icontains=zoek) | Q(brin__iexact=zoek) | Q(cbs_code=zoek))
    qs = qs.annotate(n_accounts=Count("lidmaatschappen__user", distinct=True)).order_by("soort", "naam")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    soorten = [c for c in OrganisatieSoort.choices if c[0] != OrganisatieSoort.SERVICEDESK]
    return render(
        request, "servicedesk/organisatie_list.html", {"page": page, "soort": soort, "zoek": zoek, "soorten": soorten}
    )


@beheer
@require_http_methods(["GET", "POST"])
def organisatie_create(request, soort: str):
    if soort not in services.FIELDS_BY_SOORT:
        return redirect("servicedesk:organisaties")
    form = OrganisatieForm(request.POST or None, soort=soort)
    if request.method == "POST" and form.is_valid():
        try:
            organisatie = services.organisatie_create(soort=soort, data=form.cleaned_data, user=request.user)
        except DomainError as e:
            e.add_to(form)
        else:
            messages.success(request, f"{organisatie.naam} is toegevoegd.")
            return redirect("servicedesk:organisatie", pk=organisatie.pk)
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
    organisatie = get_object_or_404(Organisatie.objects.exclude(soort=OrganisatieSoort.SERVICEDESK), pk=pk)
    form = OrganisatieForm(request.POST or None, instance=organisatie, soort=organisatie.soort)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisatie_update(organisatie=organisatie, data=form.cleaned_data, user=request.user)
        except DomainError as e:
            e.add_to(form)
        else:
            messages.success(request, "De gegevens zijn opgeslagen.")
            return redirect("servicedesk:organisatie", pk=organisatie.pk)
    organisatie.refresh_from_db()
    context = {
        "organisatie": organisatie,
        "form": form,
        "locatie_form": LocatieForm(),
        "locaties": organisatie.locaties.all(),
        "lidmaatschappen": Lidmaatschap.objects.filter(organisatie=organisatie).select_related("user", "rol"),
    }
    return render(request, "servicedesk/organisatie_detail.html", context, status=400 if form.errors else 200)


@beheer
@require_POST
def locatie_create(request, pk: int):
    instelling = get_object_or_404(Organisatie.objects.instellingen(), pk=pk)
    form = LocatieForm(request.POST)
    if form.is_valid():
        try:
            services.locatie_create(instelling=instelling, user=request.user, **form.cleaned_data)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, "De locatie is toegevoegd.")
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
    locatie = get_object_or_404(Locatie, pk=pk)
    try:
        services.locatie_delete(locatie=locatie, user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "De locatie is verwijderd.")
    return redirect("servicedesk:organisatie", pk=locatie.instelling_id)


# --- School years ---------------------------------------------------------------------------------


@beheer
@require_http_methods(["GET", "POST"])
def schooljaar_list(request):
    form = SchooljaarNieuwForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            schooljaar = services.schooljaar_create(startjaar=form.cleaned_data["startjaar"], user=request.user)
        except DomainError as e:
            e.add_to(form)
        else:
            messages.success(request, f"Schooljaar {schooljaar} is aangemaakt (nog niet actief).")
            return redirect("servicedesk:schooljaar", pk=schooljaar.pk)
    return render(
        request,
        "servicedesk/schooljaar_list.html",
        {"schooljaren": Schooljaar.objects.all(), "form": form},
        status=400 if form.errors else 200,
    )


@beheer
@require_http_methods(["GET", "POST"])
def schooljaar_detail(request, pk: int):
    schooljaar = get_object_or_404(Schooljaar, pk=pk)
    form = SchooljaarForm(request.POST or None, instance=schooljaar)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "startjaar"}
        try:
            services.schooljaar_update(schooljaar=schooljaar, data=data, user=request.user)
        except DomainError as e:
            e.add_to(form)
        else:
            messages.success(request, "De mijlpalen zijn opgeslagen.")
            return redirect("servicedesk:schooljaar", pk=schooljaar.pk)
    schooljaar.refresh_from_db()
    return render(
        request,
        "servicedesk/schooljaar_detail.html",
        {"schooljaar": schooljaar, "form": form},
        status=400 if form.errors else 200,
    )


@beheer
@require_POST
def schooljaar_activate(request, pk: int):
    schooljaar = get_object_or_404(Schooljaar, pk=pk)
    services.schooljaar_activate(schooljaar=schooljaar, user=request.user)
    messages.success(request, f"{schooljaar} is nu het actieve schooljaar.")
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
            "rollen": Rol.objects.prefetch_related("permissions"),
        },
    )


# --- Accounts -------------------------------------------------------------------------------------


@beheer
@require_GET
def account_list(request):
    form = AccountZoekForm(request.GET or None)
    qs = User.objects.prefetch_related(
        Prefetch("lidmaatschappen", queryset=Lidmaatschap.objects.select_related("organisatie", "rol"))
    ).order_by("naam")
    if form.is_valid():
        if form.cleaned_data["q"]:
            q = form.cleaned_data["q"].strip()
            qs = qs.filter(Q(naam__icontains=q) | Q(email__icontains=q))
        if form.cleaned_data["soort"]:
            qs = qs.filter(lidmaatschappen__organisatie__soort=form.cleaned_data["soort"]).distinct()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "servicedesk/account_list.html", {"page": page, "form": form})


def _invite_form(data=None):
    return InviteForm(
        data,
        rollen=Rol.objects.all(),
        organisaties=Organisatie.objects.filter(actief=True).order_by("soort", "naam"),
    )


@beheer
@require_http_methods(["GET", "POST"])
def account_invite(request):
    form = _invite_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            uitnodiging, _ = account_services.uitnodiging_create(
                email=form.cleaned_data["email"],
                naam=form.cleaned_data["naam"],
                organisatie=form.cleaned_data["organisatie"],
                rol=form.cleaned_data["rol"],
                base_url=request.build_absolute_uri("/"),
                user=request.user,
            )
        except DomainError as e:
            e.add_to(form)
        else:
            messages.success(request, f"Uitnodiging verstuurd naar {uitnodiging.user.email}.")
            return redirect("servicedesk:account", pk=uitnodiging.user_id)
    return render(request, "servicedesk/account_invite.html", {"form": form}, status=400 if form.errors else 200)


@beheer
@require_GET
def account_detail(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    context = {
        "account": account,
        "lidmaatschappen": Lidmaatschap.objects.filter(user=account).select_related("organisatie", "rol"),
        "uitnodigingen": Uitnodiging.objects.filter(user=account).select_related("organisatie", "rol")[:10],
        "totp": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
        "codes_left": StaticToken.objects.filter(device__user=account).count(),
        "locked": account_services.account_is_locked(account),
        "grant_form": GrantForm(),
        "self": account.pk == request.user.pk,
        # Superusers are managed in the Django admin, never from here.
        "beschermd": account.pk == request.user.pk or account.is_superuser,
    }
    return render(request, "servicedesk/account_detail.html", context)


def _account_action(request, pk, action, success):
    account = get_object_or_404(User, pk=pk)
    try:
        action(account=account, user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, success.format(naam=account.naam))
    return redirect("servicedesk:account", pk=account.pk)


@beheer
@require_POST
def account_grant(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Kies een organisatie en een rol.")
        return redirect("servicedesk:account", pk=account.pk)
    try:
        account_services.lidmaatschap_toekennen(account=account, user=request.user, **form.cleaned_data)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"{form.cleaned_data['rol']} bij {form.cleaned_data['organisatie']} toegekend.")
    return redirect("servicedesk:account", pk=account.pk)


@beheer
@require_POST
def account_revoke(request, pk: int, lid: int):
    lidmaatschap = get_object_or_404(Lidmaatschap.objects.select_related("rol", "organisatie"), pk=lid, user_id=pk)
    try:
        account_services.lidmaatschap_intrekken(lidmaatschap=lidmaatschap, user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"{lidmaatschap.rol} bij {lidmaatschap.organisatie} ingetrokken.")
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
