"""gunicorn settings for VOROC: `gunicorn -c deploy/gunicorn.conf.py` (the image's web command and
scripts/smoke_stack.py). Every value can be changed through the environment variable beside it.

Logs go to stdout, as one JSON object per line when LOG_FORMAT=json (the default with
VOROC_PRODUCTION=1; voroc/logformat.py). The access line never holds the query string, the full
request line, the referrer or the user agent: a query string can hold a pupil's name or BSN.
"""

import os

_production = os.environ.get("VOROC_PRODUCTION", "0").lower() in ("1", "true", "yes", "on")
_format = os.environ.get("LOG_FORMAT", "json" if _production else "plain")

wsgi_app = "voroc.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]  # noqa: S104 (inside the container)
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a class PDF is rendered by the worker, not here
graceful_timeout = 30
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = 100
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", "/dev/shm")  # noqa: S108 (memory, not disk)
# Addresses whose X-Forwarded-* headers gunicorn believes: the reverse proxy. In a container the
# proxy's address is not known in advance; the web port must then be reachable by the proxy only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
control_socket_disable = True

accesslog = "-"
errorlog = "-"
# %(U)s is the path without query string; %(M)s the duration in milliseconds.
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms %({x-request-id}o)s'
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "voroc.logformat.JSONFormatter"},
        "plain": {"()": "voroc.logformat.UTCFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json" if _format == "json" else "plain",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"level": os.environ.get("LOG_LEVEL", "INFO"), "handlers": ["stdout"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
}
