import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from voroc.accounts.tasks import sessies_opruimen

pytestmark = pytest.mark.django_db


def test_expired_sessions_are_deleted_and_live_ones_kept(settings):
    nu = timezone.now()
    Session.objects.create(session_key="verlopen", session_data="", expire_date=nu - datetime.timedelta(minutes=1))
    Session.objects.create(session_key="geldig", session_data="", expire_date=nu + datetime.timedelta(hours=1))
    sessies_opruimen()
    assert set(Session.objects.values_list("session_key", flat=True)) == {"geldig"}
    assert "voroc.accounts.tasks.sessies_opruimen" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
