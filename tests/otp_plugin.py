"""pytest plugin (loaded by the root conftest.py: `pytest_plugins = ["tests.otp_plugin"]`).

The suite logs in with `client.force_login`, which makes a password-only session. Outside the
tests that are about two-factor authentication the requirement is switched off, so those tests
keep testing what they are about. Mark a test (or module) `require_2fa` to keep the production
behaviour; log in such tests with `tests.otp.verified_login`.
"""

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "require_2fa: keep VOROC_REQUIRE_2FA on (production behaviour)")


@pytest.fixture(autouse=True)
def _otp_requirement(request, settings):
    settings.VOROC_REQUIRE_2FA = request.node.get_closest_marker("require_2fa") is not None
