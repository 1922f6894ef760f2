"""Settings for the test suite: fast hashing, in-memory email and cache.

MEDIA_ROOT is pointed at a per-test temporary folder by tests/conftest.py.
"""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = ""  # renditions inline, unless a test starts a worker
SERVE_MEDIA = True  # browser tests load images from the live server
# Throttles are exercised by their own tests; the rest of the suite must not hit them.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/minute",
        "user": "100000/minute",
        "uploads": "100000/minute",
    },
}
