"""Settings for a public deployment: DEBUG off, HTTPS only, secure cookies.

Requires SECRET_KEY and ALLOWED_HOSTS in the environment (base refuses to start
without a real secret key once DEBUG is off).
"""

import os

os.environ.setdefault("DEBUG", "0")

from .base import *  # noqa: E402, F403
from .base import env_bool, env_int  # noqa: E402

# --- HTTPS ---------------------------------------------------------------------
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Static files --------------------------------------------------------------
# whitenoise serves collected, compressed files with content-hashed names that
# can be cached forever (run `manage.py collectstatic` when deploying).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)

# --- Cookies -------------------------------------------------------------------
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
