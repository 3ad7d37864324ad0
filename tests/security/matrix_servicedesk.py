"""Matrix rows for the servicedesk section, the account pages and the colleague pages."""

from tests import factories as f
from tests.security.matrix import row

DESK_ONLY = {"default": 403, "servicedesk": 200}


def _rol(code):
    from voroc.accounts.models import Rol

    return Rol.objects.get(code=code).pk


def _locatie(w):
    return {"pk": f.LocatieFactory(instelling=w["mbo_a"]).pk}


def _lid(w):
    from voroc.accounts.models import Lidmaatschap

    lid = Lidmaatschap.objects.get(user=w["mentor"])
    return {"pk": w["mentor"].pk, "lid": lid.pk}


def _provider(w):
    from voroc.accounts.models import Identiteitsprovider

    # get_or_create: several tests build every URL of the matrix in one database.
    provider, _ = Identiteitsprovider.objects.get_or_create(
        organisatie=w["school_a"],
        naam="Entree (beheer)",
        defaults={"issuer": "https://idp.invalid", "client_id": "voroc", "client_secret": "x" * 12},
    )
    return {"pk": provider.pk}


def _tweede_schooljaar(w):
    return {"pk": f.SchooljaarFactory(startjaar=2027, actief=False).pk}


ROWS = [
    # Own account pages: every signed-in user.
    row("account"),
    row("password_change"),  # force_login counts as a fresh login: within the re-authentication window
    row("reauth"),
    row("logout_everywhere", method="post", default=302),
    row("otp_verify", default=302),  # no device yet: on to the enrolment
    row("otp_setup"),
    row("otp_recovery_codes"),
    row("otp_recovery_codes_new", method="post", default=302),
    row("otp_reset_own", method="post", default=302),
    # The enrolment link after a servicedesk reset: an unknown token is gone for everybody.
    row("otp_enrolment_link", lambda w: {"token": "onbekend-token"}, default=410, anonymous=410),
    # The idle-timeout warning asks how long the session has left (0 for nobody) and may extend it.
    row("session_status", anonymous=200),
    row("session_keepalive", method="post", default=204, anonymous=401),
    # An unknown or spent invitation answers the same to everybody.
    row("invite_accept", lambda w: {"token": "ongeldig-token"}, default=410, anonymous=410),
    # Colleagues: a decaan (collegas_beheren) for the own school.
    row("collegas", default=403, decaan=200),
    row(
        "collega_invite",
        method="post",
        default=403,
        decaan=302,
        data=lambda w: {
            "naam": "Nieuwe Mentor",
            "email": "nieuw@school-a.nl",
            "rol": _rol("mentor"),
            "organisatie": w["school_a"].pk,
        },
    ),
    row("collega_deactivate", lambda w: {"pk": w["mentor"].pk}, method="post", default=403, decaan=302),
    # A colleague of another school: not found for the decaan of school A.
    row("collega_deactivate", lambda w: {"pk": w["decaan_b"].pk}, method="post", default=403, decaan=404),
    # The servicedesk section: only the servicedesk.
    row("servicedesk:dashboard", **DESK_ONLY),
    row("servicedesk:organisaties", **DESK_ONLY),
    row("servicedesk:organisatie_create", lambda w: {"soort": "vo_school"}, **DESK_ONLY),
    row("servicedesk:organisatie", lambda w: {"pk": w["school_a"].pk}, **DESK_ONLY),
    row("servicedesk:organisatie", lambda w: {"pk": 999999}, default=403, servicedesk=404),
    row(
        "servicedesk:locatie_create",
        lambda w: {"pk": w["mbo_a"].pk},
        method="post",
        default=403,
        servicedesk=302,
        data=lambda w: {"naam": "Campus Zuid", "plaats": "Den Haag"},
    ),
    row("servicedesk:locatie_delete", _locatie, method="post", default=403, servicedesk=302),
    # Single sign-on providers of an organisation (list and new; one provider).
    row("servicedesk:identiteitsproviders", lambda w: {"pk": w["school_a"].pk}, **DESK_ONLY),
    row("servicedesk:identiteitsproviders", lambda w: {"pk": 999999}, default=403, servicedesk=404),
    row(
        "servicedesk:identiteitsproviders",
        lambda w: {"pk": w["school_a"].pk},
        method="post",
        default=403,
        servicedesk=302,
        data=lambda w: {
            "naam": "SURFconext",
            "issuer": "https://connect.surfconext.invalid",
            "client_id": "voroc",
            "client_secret": "een-geheim-van-de-provider",
            "scopes": "openid email",
            "claim_identiteit": "email",
        },
    ),
    row("servicedesk:identiteitsprovider", _provider, **DESK_ONLY),
    row("servicedesk:identiteitsprovider", lambda w: {"pk": 999999}, default=403, servicedesk=404),
    row("servicedesk:schooljaren", **DESK_ONLY),
    row("servicedesk:schooljaar", lambda w: {"pk": w["schooljaar"].pk}, **DESK_ONLY),
    row("servicedesk:schooljaar_activate", _tweede_schooljaar, default=403, servicedesk=200),  # the preview
    row("servicedesk:schooljaar_activate", _tweede_schooljaar, method="post", default=403, servicedesk=302),
    row("servicedesk:referentie", **DESK_ONLY),
    row("servicedesk:accounts", **DESK_ONLY),
    row("servicedesk:account_invite", **DESK_ONLY),
    row("servicedesk:account", lambda w: {"pk": w["decaan"].pk}, **DESK_ONLY),
    row("servicedesk:account", lambda w: {"pk": 999999}, default=403, servicedesk=404),
    row(
        "servicedesk:account_grant",
        lambda w: {"pk": w["mentor"].pk},
        method="post",
        default=403,
        servicedesk=302,
        data=lambda w: {"organisatie": w["school_b"].pk, "rol": _rol("mentor")},
    ),
    row("servicedesk:account_revoke", _lid, method="post", default=403, servicedesk=302),
    row(
        "servicedesk:account_deactivate", lambda w: {"pk": w["mentor"].pk}, method="post", default=403, servicedesk=302
    ),
    row(
        "servicedesk:account_reactivate", lambda w: {"pk": w["mentor"].pk}, method="post", default=403, servicedesk=302
    ),
    row("servicedesk:account_reset_2fa", lambda w: {"pk": w["mentor"].pk}, method="post", default=403, servicedesk=302),
    row("servicedesk:account_unlock", lambda w: {"pk": w["mentor"].pk}, method="post", default=403, servicedesk=302),
]
