"""Two editors saving the same version at the same moment: one wins, one gets a conflict.

Real concurrency needs real transactions and row locks: this runs on PostgreSQL only.
"""

import threading

import pytest

from doorstroom.models import Doorstroomformulier
from doorstroom.services import ConflictError, formulier_save, formulier_voor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.postgresql  # needs real row locks; deselected on SQLite
def test_two_threads_saving_the_same_version_never_lose_an_update(world):
    from django.db import connections

    formulier = formulier_voor(leerling=world["leerling_a"])
    versie = formulier.versie
    barrier = threading.Barrier(2)
    results = {}

    def save(user_key, text):
        try:
            barrier.wait(timeout=10)
            formulier_save(formulier=formulier, user=world[user_key], versie=versie, data={"motivatie": text})
            results[user_key] = "ok"
        except ConflictError:
            results[user_key] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=args) for args in (("decaan", "A"), ("mentor", "B"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()) == ["conflict", "ok"]
    stored = Doorstroomformulier.objects.get(pk=formulier.pk)
    winner = next(k for k, v in results.items() if v == "ok")
    assert stored.motivatie == {"decaan": "A", "mentor": "B"}[winner] and stored.versie == versie + 1
