"""Settings for the test suite: fast hashing, in-memory email and cache.

MEDIA_ROOT is pointed at a per-test temporary folder by tests/conftest.py.
"""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SERVE_MEDIA = True  # browser tests load images from the live server
