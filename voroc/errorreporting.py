"""Optional error reporting through the Sentry SDK (any Sentry-compatible server, e.g. GlitchTip).

Off unless SENTRY_DSN is set. What leaves the server is reduced to what a developer needs to find
the fault, and no personal data:

- the SDK's own personal data is off (`send_default_pii=False`), local variables of stack frames
  and request bodies are never collected;
- `scrub_event` (before_send) keeps of the request only its method and the URL without query
  string, of the user only the id, drops log-record extras (Django's include the request object,
  whose text holds the query string) and breadcrumb data, and redacts e-mail addresses, long
  numbers (BSN) and PostgreSQL's `Key (column)=(value)` details from messages and exception texts.
- the request id of the failing request is a tag, so that the JSON log lines of it can be found.
"""

from urllib.parse import urlsplit, urlunsplit

from voroc.logformat import redact, request_id_var, user_id_var


def _url_without_query(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    request = event.get("request")
    if isinstance(request, dict):
        kept = {"method": request.get("method"), "url": _url_without_query(request.get("url") or "")}
        event["request"] = {key: value for key, value in kept.items() if value}
    user = event.get("user")
    user_id = (user or {}).get("id") if isinstance(user, dict) else None
    if user_id is None:
        user_id = user_id_var.get()
    event["user"] = {"id": str(user_id)} if user_id is not None else {}
    event.pop("extra", None)
    for exception in (event.get("exception") or {}).get("values") or []:
        exception["value"] = redact(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    if isinstance(event.get("logentry"), dict):
        logentry = event["logentry"]
        event["logentry"] = {"message": redact(logentry.get("formatted") or logentry.get("message"))}
    if "message" in event:
        event["message"] = redact(event["message"])
    breadcrumbs = event.get("breadcrumbs")
    crumbs = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in crumbs or []:
        scrub_breadcrumb(crumb)
    request_id = request_id_var.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def scrub_breadcrumb(crumb: dict, hint: dict | None = None) -> dict:
    crumb.pop("data", None)
    crumb["message"] = redact(crumb.get("message"))
    return crumb


def init_sentry(*, dsn: str, environment: str, release: str | None = None, traces_sample_rate: float = 0.0, **extra):
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        traces_sample_rate=traces_sample_rate,
        **extra,
    )
