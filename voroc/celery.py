"""The Celery application. Tasks run eagerly unless REDIS_URL is set."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")

app = Celery("voroc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
