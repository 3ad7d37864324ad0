"""WSGI entry point for bench/throughput.py: the app with the floor views (bench/floor_urls.py)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_throughput")
application = get_wsgi_application()
