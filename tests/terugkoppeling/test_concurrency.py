"""Two reminder runs at the same moment (two beat processes by mistake, or a retry racing the
first attempt) still send every reminder once: the unique constraint decides (PostgreSQL)."""

import threading

import pytest
from django.db import connections

from terugkoppeling.herinneringen import REGEL, herinnering_versturen
from terugkoppeling.models import Herinnering, Notificatie

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgresql,  # row locks and concurrent inserts; deselected on SQLite
]


def test_two_concurrent_runs_send_each_reminder_once(world):
    regel = REGEL["formulieren_gereed"]
    schooljaar = world["schooljaar"]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(herinnering_versturen(regel=regel, schooljaar=schooljaar))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors
    sent = [item.email for result in results for item in result]
    expected = {world[k].email for k in ("decaan", "mentor", "decaan_b")}
    assert sorted(sent) == sorted(expected)  # each once, split over the two runs in any way
    assert Herinnering.objects.count() == 3 and Notificatie.objects.count() == 3
