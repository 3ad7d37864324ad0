# Root conftest: loads the suite-wide pytest plugins (tests/conftest.py stays the `world` fixture's home).
pytest_plugins = ["tests.otp_plugin"]
