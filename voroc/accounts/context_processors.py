from .otp import demo_skip_active


def security(request):
    """Shows the demo banner when the demo skips two-factor authentication for its accounts."""
    return {"DEMO_SKIPS_2FA": demo_skip_active()}
