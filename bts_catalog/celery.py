"""The Celery app: background renditions when CELERY_BROKER_URL is set.

Start a worker with ``celery -A bts_catalog worker``.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bts_catalog.settings.base")

app = Celery("bts_catalog")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
