from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.views.decorators.http import require_http_methods

from . import sso, views
from .forms import LoginForm, WachtwoordKiezenForm, WachtwoordVergetenForm

# Django's auth views treat PUT as POST (ProcessFormView): only GET and POST here.
get_post = require_http_methods(["GET", "POST"])
get_only = require_http_methods(["GET"])

urlpatterns = [
    path(
        "inloggen/",
        get_post(views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)),
        name="login",
    ),
    # Single sign-on (OpenID Connect) through the provider of an organisation (voroc.accounts.sso).
    path("inloggen/via/<int:pk>/", sso.SSOStartView.as_view(), name="oidc_start"),
    path("inloggen/terug/", sso.SSOCallbackView.as_view(), name="oidc_callback"),
    # Single sign-on (SAML 2.0): the start, the assertion consumer service, our metadata per provider.
    path("inloggen/saml/via/<int:pk>/", sso.SAMLStartView.as_view(), name="saml_start"),
    path("inloggen/saml/terug/", sso.SAMLCallbackView.as_view(), name="saml_acs"),
    path("inloggen/saml/<int:pk>/metadata/", sso.saml_metadata, name="saml_metadata"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord-vergeten/",
        get_post(
            auth_views.PasswordResetView.as_view(
                form_class=WachtwoordVergetenForm,
                email_template_name="registration/password_reset_email.txt",
                subject_template_name="registration/password_reset_subject.txt",
                success_url=reverse_lazy("password_reset_done"),
            )
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verzonden/",
        get_only(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        get_post(
            auth_views.PasswordResetConfirmView.as_view(
                form_class=WachtwoordKiezenForm, success_url=reverse_lazy("password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-herstellen/gereed/",
        get_only(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
    path("tweestaps/", views.otp_verify, name="otp_verify"),
    path("tweestaps/instellen/", views.otp_setup, name="otp_setup"),
    path("tweestaps/email/", views.otp_email_setup, name="otp_email_setup"),
    path("tweestaps/herstelcodes/", views.otp_recovery_codes, name="otp_recovery_codes"),
    path("tweestaps/herstelcodes/nieuw/", views.otp_recovery_codes_new, name="otp_recovery_codes_new"),
    path("tweestaps/opnieuw/", views.otp_reset_own, name="otp_reset_own"),
    path("tweestaps/nieuw/<str:token>/", views.otp_enrolment_link, name="otp_enrolment_link"),
    path("sessie/", views.session_status, name="session_status"),
    path("sessie/verlengen/", views.session_keepalive, name="session_keepalive"),
    path("mijn-account/", views.account, name="account"),
    path("mijn-account/wachtwoord/", views.password_change, name="password_change"),
    path("bevestig/", views.reauth, name="reauth"),
    path("overal-uitloggen/", views.logout_everywhere, name="logout_everywhere"),
    path("uitnodiging/<str:token>/", views.invite_accept, name="invite_accept"),
    path("collegas/", views.collegas, name="collegas"),
    path("collegas/uitnodigen/", views.collega_invite, name="collega_invite"),
    path("collegas/<int:pk>/deactiveren/", views.collega_deactivate, name="collega_deactivate"),
]
