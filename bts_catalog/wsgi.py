"""WSGI entry point (gunicorn bts_catalog.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bts_catalog.settings.base")

application = get_wsgi_application()
