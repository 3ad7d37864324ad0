"""Log formats and filters. Time stamps are UTC (accountability), whatever the server's time zone.

- `UTCFormatter`: one plain text line (development, the default outside production).
- `JSONFormatter`: one JSON object per line on stdout (production, `LOG_FORMAT=json`), with the
  request id and the user id of the request being served (set by `voroc.middleware.RequestIdMiddleware`)
  and, in a Celery worker, the task's name and id. It writes only the fields listed below, never the
  record's other attributes: Django attaches the request object to some records, and its text holds
  the query string. Exception texts are redacted (`redact`). gunicorn's access records
  (`gunicorn.access`) become structured fields from the atoms that `deploy/gunicorn.conf.py`
  allows (path without query string, status, duration).
- `StripQueryStrings`: search forms send what was searched for (a pupil's name) as a query string;
  this filter removes the query string from every URL in every line the application logs, whichever
  logger wrote it (Django's request and development-server lines included).

This module must not import Django: gunicorn loads it before the application.
"""

import contextvars
import json
import logging
import re
import sys
import time

# A path followed by "?" and the query, up to a space or quote.
QUERY_STRING = re.compile(r"(/[^\s?\"'<>]*)\?[^\s\"'<>]*")

# The request being served in this thread or task (None outside a request).
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("voroc_request_id", default=None)
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("voroc_user_id", default=None)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LONG_NUMBER = re.compile(r"\d{6,}")
_PG_DETAIL = re.compile(r"\)=\((.*?)\)( already exists| is not present| is still referenced)?", re.S)
REDACTED = "[verwijderd]"


def redact(text):
    """E-mail addresses, long numbers (BSN) and PostgreSQL's `Key (column)=(value)` details out of an
    exception text: a database error can quote the value that broke a constraint."""
    if not isinstance(text, str):
        return text
    text = _PG_DETAIL.sub(lambda m: f")=({REDACTED}){m.group(2) or ''}", text)
    text = _EMAIL.sub(REDACTED, text)
    return _LONG_NUMBER.sub(REDACTED, text)


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
    default_msec_format = "%s.%03dZ"


def utc_timestamp(created: float) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
    return f"{seconds}.{int(created % 1 * 1000):03d}Z"


# gunicorn access atoms -> JSON field. Deliberately absent: the query string (q), the request line (r),
# the referrer (f) and the user agent (a); a referrer or request line can hold a query string.
ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "remote_addr",
    "{x-request-id}o": "request_id",
}


def _current_task() -> dict:
    state = sys.modules.get("celery._state")  # only where Celery is loaded
    task = state.get_current_task() if state is not None else None
    task_id = getattr(getattr(task, "request", None), "id", None)
    return {"task": task.name, "task_id": task_id} if task_id else {}


class JSONFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": utc_timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
            "user_id": user_id_var.get(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            for atom, field in ACCESS_FIELDS.items():
                value = record.args.get(atom)
                if value not in (None, "-"):
                    entry[field] = _number(value) if field in ("status", "bytes", "duration_ms") else value
        entry.update(_current_task())
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def strip_query_strings(text: str) -> str:
    return QUERY_STRING.sub(r"\1", text)


class StripQueryStrings(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        stripped = strip_query_strings(message)
        if stripped != message:
            record.msg, record.args = stripped, None
        return True
