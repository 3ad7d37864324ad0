"""Health endpoints for container health checks and load balancers; no login, no personal data.

- `/health/live`: the process answers (no database, no Redis). A failing check means: restart it.
- `/health/ready`: the database answers a query (else 503: take this container out of the load
  balancer). The broker (Redis) is reported but never fails the check: pages keep working without
  it (notifications wait in the outbox), so an outage must not take the site down.

Both are exempt from the HTTPS redirect (`SECURE_REDIRECT_EXEMPT`) so that a probe inside the
container can use plain HTTP; `python -m voroc.healthcheck` is such a probe.
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status)


@never_cache
@require_GET
def live(request):
    return _json({"status": "ok"})


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return "unavailable"
    return "ok"


def broker_state() -> str:
    """ "ok", "unavailable", or "not_configured" (no REDIS_URL: tasks run eagerly in the web process)."""
    url = settings.CELERY_BROKER_URL or ""
    if not url.startswith(("redis://", "rediss://")):
        return "not_configured"
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        return "unavailable"
    finally:
        client.close()
    return "ok"


@never_cache
@require_GET
def ready(request):
    database = database_state()
    broker = broker_state()
    if database != "ok":
        status = "unavailable"
    elif broker == "unavailable":
        status = "degraded"
    else:
        status = "ok"
    return _json(
        {"status": status, "database": database, "broker": broker}, status=503 if status == "unavailable" else 200
    )
