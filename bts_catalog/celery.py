"""The Celery app: background work when CELERY_BROKER_URL is set.

Start a worker with ``celery -A bts_catalog worker``.
"""

import os

from celery import Celery
from django.db import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bts_catalog.settings.base")

app = Celery("bts_catalog")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# How every task of the project is retried: a task is idempotent and may run again
# after a worker dies (acks_late), storage hiccups (OSError) or the database does
# (a lost connection, a lock held too long: OperationalError).
RETRIED = {
    "autoretry_for": (OSError, OperationalError),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "max_retries": 5,
    "acks_late": True,
}
