"""deploy/gunicorn.conf.py: the access log format leaves out the query string and whatever holds it."""

import runpy
import types
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def load_gunicorn_conf() -> types.SimpleNamespace:
    return types.SimpleNamespace(**runpy.run_path(str(CONF)))


def test_access_log_has_no_query_string_request_line_referrer_or_agent():
    fmt = load_gunicorn_conf().access_log_format
    for atom in ("%(q)s", "%(r)s", "%(f)s", "%(a)s", "{referer}i", "{cookie}i", "{authorization}i"):
        assert atom not in fmt
    assert "%(U)s" in fmt and "%({x-request-id}o)s" in fmt


def test_gunicorn_accepts_the_file():
    from gunicorn.config import Config

    config = Config()
    for name, value in vars(load_gunicorn_conf()).items():
        if name in config.settings:
            config.set(name, value)
    assert config.wsgi_app == "voroc.wsgi:application"
    assert config.logconfig_dict["loggers"]["gunicorn.access"]["propagate"] is False


@pytest.mark.parametrize(("production", "expected"), [("1", "json"), ("0", "plain")])
def test_log_format_follows_production(monkeypatch, production, expected):
    monkeypatch.setenv("VOROC_PRODUCTION", production)
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    assert load_gunicorn_conf().logconfig_dict["handlers"]["stdout"]["formatter"] == expected
