"""System checks for account security."""

from django.conf import settings
from django.core.checks import Error, register


@register("security", deploy=False)
def demo_2fa_skip_never_in_production(app_configs, **kwargs):
    if settings.PRODUCTION and (settings.VOROC_DEMO_SKIP_2FA_DOMAIN or settings.VOROC_DEMO):
        return [
            Error(
                "VOROC_DEMO / VOROC_DEMO_SKIP_2FA_DOMAIN are set together with VOROC_PRODUCTION.",
                hint="Production never skips two-factor authentication: unset VOROC_DEMO and "
                "VOROC_DEMO_SKIP_2FA_DOMAIN.",
                id="voroc.E001",
            )
        ]
    if settings.PRODUCTION and not settings.VOROC_REQUIRE_2FA:
        return [Error("VOROC_REQUIRE_2FA is off in production.", id="voroc.E002")]
    return []
