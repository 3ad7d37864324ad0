"""Account pages: two-factor steps, own account security, invitations and colleagues."""

from functools import partial

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from voroc import policy
from voroc.forms_flow import run, submit
from voroc.permissions import require_any_perm

from . import otp, services
from .decorators import mark_authenticated, recent_auth_required
from .forms import InviteAcceptForm, InviteForm, OTPTokenForm, ReauthForm, WachtwoordWijzigenForm
from .models import EnrolmentLink, Identiteitsprovider, Lidmaatschap, Organisatie, Rol, Uitnodiging, User

NEW_CODES = "_voroc_new_recovery_codes"
ENROLMENT_LINK = "_voroc_enrolment_link"  # the servicedesk's enrolment link this session opened


def _next_url(request, default="home"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


class LoginView(auth_views.LoginView):
    """E-mail and password, and below it a button per organisation's single sign-on provider."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["identiteitsproviders"] = Identiteitsprovider.objects.filter(
            actief=True, organisatie__actief=True
        ).select_related("organisatie")
        return context


# --- Two-factor authentication --------------------------------------------------------------------


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """The second step of login: a TOTP code or a recovery code; a portal account with an e-mail
    device may ask for a code by e-mail ("stuur"), then enters it here."""
    if otp.is_verified(request):
        return redirect(_next_url(request))
    if not otp.has_confirmed_device(request.user):
        return redirect("otp_setup")
    email_device = otp.email_device(request.user)
    if request.method == "POST" and "stuur" in request.POST and email_device is not None:
        _send_email_code(request, email_device)
        return redirect(request.get_full_path())
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _second_factor_login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(request, f"U heeft een herstelcode gebruikt. Er zijn er nog {left} over.")
            return redirect(_next_url(request))
        form.add_error("token", "Deze code klopt niet of is al gebruikt. Probeer de volgende code.")
    context = {"form": form, "next": _next_url(request), "email_device": email_device}
    return render(request, "accounts/otp_verify.html", context)


def _send_email_code(request, device) -> bool:
    """Mail a one-time code (at most one a minute: django-otp's cool-down)."""
    allowed, _ = device.generate_is_allowed()
    if not allowed:
        messages.warning(request, "Er is net al een code gestuurd. Wacht een minuut en probeer het dan opnieuw.")
        return False
    device.generate_challenge()
    messages.success(request, "We hebben een code gestuurd naar je e-mailadres. De code werkt 10 minuten.")
    return True


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_email_setup(request):
    """A portal account's second factor by e-mail: a code is sent, and entering it confirms the
    device. Staff keep the authenticator app (403)."""
    if not otp.may_use_email(request.user):
        raise PermissionDenied
    if otp.has_confirmed_device(request.user):
        return redirect("account" if otp.is_verified(request) else "otp_verify")
    device = otp.email_device_for_enrolment(request.user)
    if request.method == "POST" and "stuur" in request.POST:
        _send_email_code(request, device)
        return redirect("otp_email_setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session[NEW_CODES] = otp.new_recovery_codes(request.user)
            _second_factor_login(request, device)
            messages.success(request, "Je tweede stap staat aan: je krijgt bij het inloggen een code per e-mail.")
            return redirect("otp_recovery_codes")
        form.add_error("token", "Deze code klopt niet of is te oud. Vraag een nieuwe code aan.")
    return render(request, "accounts/otp_email_setup.html", {"form": form, "email": request.user.email})


def _second_factor_login(request, device) -> None:
    """The session becomes verified, under a new session key: a key seen before the second factor
    (on a shared computer, in a log) is worthless after it."""
    django_otp.login(request, device)
    request.session.cycle_key()
    mark_authenticated(request)


def _enrolment_link_id(request) -> int | None:
    """After a servicedesk reset: the open link this session came through, else None."""
    link_id = request.session.get(ENROLMENT_LINK)
    if link_id and EnrolmentLink.objects.open().filter(pk=link_id, user=request.user).exists():
        return link_id
    return None


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Enrolment: scan the QR code, confirm with a code, receive recovery codes."""
    if otp.has_confirmed_device(request.user):
        # A password-only session may never add a device next to an existing one.
        return redirect("account" if otp.is_verified(request) else "otp_verify")
    link_id = None
    if services.enrolment_needs_link(request.user):
        # The servicedesk removed the old device: the password alone does not enrol a new one.
        link_id = _enrolment_link_id(request)
        if link_id is None:
            return render(request, "accounts/enrolment_link_needed.html", status=403)
    device = otp.totp_device_for_enrolment(request.user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            if link_id is not None:
                services.enrolment_link_use(link_id=link_id, account=request.user)
                request.session.pop(ENROLMENT_LINK, None)
            request.session[NEW_CODES] = otp.new_recovery_codes(request.user)
            _second_factor_login(request, device)
            messages.success(request, "Tweestapsverificatie staat aan.")
            return redirect("otp_recovery_codes")
        form.add_error("token", "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer het opnieuw.")
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    secret = _b32(device.bin_key)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": qr,
            "secret": secret,
            "next": _next_url(request),
            "email_mogelijk": otp.may_use_email(request.user),
        },
    )


def _b32(key: bytes) -> str:
    from base64 import b32encode

    raw = b32encode(key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
@never_cache
@require_GET
def otp_recovery_codes(request):
    codes = request.session.pop(NEW_CODES, None)
    left = StaticToken.objects.filter(device__user=request.user).count()
    return render(request, "accounts/otp_recovery_codes.html", {"codes": codes, "left": left})


@recent_auth_required
@require_POST
def otp_recovery_codes_new(request):
    if not otp.has_confirmed_device(request.user):
        return redirect("otp_setup")
    request.session[NEW_CODES] = otp.new_recovery_codes(request.user)
    messages.success(request, "Nieuwe herstelcodes gemaakt. De oude werken niet meer.")
    return redirect("otp_recovery_codes")


@recent_auth_required
@require_POST
def otp_reset_own(request):
    """Remove own second factors (a new phone): enrol again straight away."""
    otp.delete_devices(request.user)
    services.sessions_end(user=request.user, keep=request.session.session_key)
    messages.success(request, "Uw tweestapsverificatie is verwijderd. Stel hem nu opnieuw in.")
    return redirect("otp_setup")


@never_cache
@require_GET
def otp_enrolment_link(request, token: str):
    """The link from the servicedesk's reset mail: after signing in with the password, this session
    (and only this one) may enrol a new authenticator."""
    link = services.enrolment_link_find(token)
    if link is None or (request.user.is_authenticated and link.user_id != request.user.pk):
        return render(request, "accounts/enrolment_link_invalid.html", status=410)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    request.session[ENROLMENT_LINK] = link.pk
    return redirect("otp_setup")


# --- Session idle timeout -------------------------------------------------------------------------


@never_cache
@require_GET
def session_status(request):
    """Seconds left before the idle timeout (static/js/sessie.js asks); asking is not activity."""
    from .middleware import idle_seconds_left

    return JsonResponse({"resterend": idle_seconds_left(request)})


@never_cache
@require_POST
def session_keepalive(request):
    """'Ingelogd blijven': any request counts as activity; this one does nothing else."""
    return HttpResponse(status=204 if request.user.is_authenticated else 401)


# --- Own account ----------------------------------------------------------------------------------


@login_required
@require_GET
def account(request):
    context = {
        "lidmaatschappen": Lidmaatschap.objects.filter(user=request.user).select_related("organisatie", "rol"),
        "totp": TOTPDevice.objects.filter(user=request.user, confirmed=True).first(),
        "codes_left": StaticToken.objects.filter(device__user=request.user).count(),
        "demo_skip": otp.demo_skips(request.user),
    }
    return render(request, "accounts/account.html", context)


@sensitive_post_parameters()
@never_cache
@recent_auth_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = WachtwoordWijzigenForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        services.sessions_end(user=user, keep=request.session.session_key)
        messages.success(request, "Uw wachtwoord is gewijzigd. Andere sessies zijn beëindigd.")
        return redirect("account")
    return render(request, "accounts/password_change.html", {"form": form})


@sensitive_post_parameters()
@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def reauth(request):
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok = False
        if form.cleaned_data.get("password"):
            ok = (
                authenticate(request, username=request.user.email, password=form.cleaned_data["password"])
                == request.user
            )
        if not ok and form.cleaned_data.get("token"):
            ok = django_otp.match_token(request.user, "".join(form.cleaned_data["token"].split())) is not None
        if ok:
            mark_authenticated(request)
            return redirect(_next_url(request, default="account"))
        form.add_error(None, "Dat klopt niet. Probeer het opnieuw.")
    return render(request, "accounts/reauth.html", {"form": form, "next": _next_url(request, default="account")})


@login_required
@require_POST
def logout_everywhere(request):
    user = request.user
    services.sessions_end(user=user, keep=request.session.session_key)
    logout(request)
    messages.success(request, "U bent op al uw apparaten uitgelogd.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


# --- Invitations ----------------------------------------------------------------------------------


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def invite_accept(request, token: str):
    uitnodiging = services.uitnodiging_find(token)
    if uitnodiging is None:
        return render(request, "accounts/invite_invalid.html", status=410)
    form = InviteAcceptForm(request.POST or None)
    if request.method == "POST" and (
        done := submit(
            request,
            form,
            lambda *, password1, **_rest: services.uitnodiging_accept(token=token, password=password1),
            success=None,
        )
    ):
        if request.user.is_authenticated:
            logout(request)
        login(request, done.value, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, "Welkom bij VOROC. Stel nu de tweestapsverificatie in.")
        return redirect("home")
    return render(request, "accounts/invite_accept.html", {"form": form, "uitnodiging": uitnodiging})


# --- Colleagues (a decaan for the own school) -----------------------------------------------------


def _collega_context(request, form=None):
    orgs = policy.organisaties(request.user, services.COLLEGAS)
    organisaties = Organisatie.objects.filter(pk__in=orgs, actief=True)
    rollen = Rol.objects.filter(organisatie_soort__in=organisaties.values("soort")).exclude(
        permissions__codename__in=services.ESCALATING
    )
    collegas = (
        User.objects.filter(lidmaatschappen__organisatie__in=organisaties)
        .distinct()
        .prefetch_related(
            Prefetch("lidmaatschappen", queryset=Lidmaatschap.objects.select_related("organisatie", "rol"))
        )
        .order_by("naam")
    )
    uitnodigingen = (
        Uitnodiging.objects.open().filter(organisatie__in=organisaties).select_related("user", "organisatie", "rol")
    )
    form = form or InviteForm(rollen=rollen, organisaties=organisaties)
    escalating = services.escalating_rol_ids()
    rows = [
        {
            "user": c,
            "mag": services.may_manage_account(request.user, c, escalating=escalating),
            "lidmaatschappen": c.lidmaatschappen.all(),
        }
        for c in collegas
    ]
    return {"rows": rows, "uitnodigingen": uitnodigingen, "form": form, "rollen": rollen, "organisaties": organisaties}


@require_any_perm(services.COLLEGAS)
@require_GET
def collegas(request):
    return render(request, "accounts/collegas.html", _collega_context(request))


@require_any_perm(services.COLLEGAS)
@require_POST
def collega_invite(request):
    ctx = _collega_context(request)
    form = InviteForm(request.POST, rollen=ctx["rollen"], organisaties=ctx["organisaties"])
    if submit(
        request,
        form,
        partial(services.uitnodiging_create, base_url=request.build_absolute_uri("/"), user=request.user),
        success=lambda _: f"Uitnodiging verstuurd naar {form.cleaned_data['email']}.",
    ):
        return redirect("collegas")
    ctx["form"] = form
    return render(request, "accounts/collegas.html", ctx, status=400)


@require_any_perm(services.COLLEGAS)
@require_POST
def collega_deactivate(request, pk: int):
    orgs = policy.organisaties(request.user, services.COLLEGAS)
    account = get_object_or_404(User.objects.filter(lidmaatschappen__organisatie__in=orgs).distinct(), pk=pk)
    run(
        request,
        lambda: services.account_deactivate(account=account, user=request.user),
        success=f"Het account van {account.naam} is gedeactiveerd.",
    )
    return redirect("collegas")
