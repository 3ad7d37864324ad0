"""The ASGI application (for an ASGI server such as uvicorn or daphne).

Loading it loads voroc.settings, which refuses unsafe production settings (2FA off, demo skip).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voroc.settings")
application = get_asgi_application()
