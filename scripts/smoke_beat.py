"""Celery beat scheduler for the stack smoke test (scripts/smoke_stack.py) only.

The project's schedule (CELERY_BEAT_SCHEDULE) has nothing due within a minute of starting, so the
smoke test adds one entry: the `ping` task every two seconds. That a worker completes a ping that
this beat sent shows that beat reads the project's configuration and reaches the broker.
"""

from celery.beat import PersistentScheduler


class SmokeScheduler(PersistentScheduler):
    def setup_schedule(self):
        super().setup_schedule()
        self.merge_inplace({"smoke-ping": {"task": "terugkoppeling.tasks.ping", "schedule": 2.0}})
