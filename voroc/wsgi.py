"""The WSGI application (gunicorn voroc.wsgi).

Loading it loads voroc.settings, which refuses unsafe production settings (2FA off, demo skip).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
application = get_wsgi_application()
