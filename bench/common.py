"""What the page benchmarks share: a client signed in with a verified second factor (as a real
user is, so every request reaches the page and not the 2FA redirect), fresh planner statistics,
and a measurement that repeats a request and prints p50/p95 and the query count beside a
"floor": the same rows read in one bare query, the least the page could cost."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

REPEAT = 7


def verified_client(user) -> Client:
    """A test client whose session holds a confirmed TOTP device, as after django_otp.login."""
    from tests.otp import verified_login

    client = Client()
    verified_login(client, user)
    return client


def analyze() -> None:
    """Fresh statistics after a bulk load, as autovacuum keeps them in production (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _stats(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times) * 1000, p95 * 1000


def measure(client, label: str, url: str, params=None, *, floor=None, repeat: int = REPEAT) -> None:
    """GET `url` `repeat` times (the first one warms up and is not counted) and print status,
    queries, p50 and p95; `floor()` runs the bare one-query read of the same rows."""
    times, queries, status = [], 0, None
    for i in range(repeat + 1):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url, params or {})
            if response.streaming:
                b"".join(response.streaming_content)
            elapsed = time.perf_counter() - started
        status, queries = response.status_code, len(ctx.captured_queries)
        if status != 200:
            raise SystemExit(f"{label}: status {status} ({response.get('Location', '')}): nothing to measure")
        if i:
            times.append(elapsed)
    p50, p95 = _stats(times)
    line = f"{label:<44} {status}  queries {queries:>3}  p50 {p50:8.1f} ms  p95 {p95:8.1f} ms"
    if floor is not None:
        floor_times = []
        for i in range(repeat + 1):
            started = time.perf_counter()
            floor()
            if i:
                floor_times.append(time.perf_counter() - started)
        fp50, fp95 = _stats(floor_times)
        line += f"  | floor p50 {fp50:7.1f} ms  p95 {fp95:7.1f} ms"
    print(line, flush=True)
