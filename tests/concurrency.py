"""Two writes at the same moment, in two threads with their own database connections.

`run_together(a, b)` starts both callables behind a barrier and returns, per callable, "ok" or the
exception it raised. Real row locks need PostgreSQL: mark the tests `postgresql` and
`django_db(transaction=True)`. `slow(monkeypatch, target)` widens the race window: the patched
callable waits a moment before it runs, so that both threads have done their checks before
either writes (without a lock, both then write).
"""

import threading
import time

from django.db import connections


def run_together(*actions, timeout=30) -> list:
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(i, action):
        try:
            barrier.wait(timeout=10)
            action()
            results[i] = "ok"
        except Exception as error:  # the outcome is what the test looks at
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=timeout)
    assert not any(t.is_alive() for t in threads), "a thread hung (a deadlock?)"
    return results


def slow(monkeypatch, owner, name: str, seconds: float = 0.3) -> None:
    """Make `owner.name` wait `seconds` before doing its work."""
    original = getattr(owner, name)

    def waiting(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, waiting)
