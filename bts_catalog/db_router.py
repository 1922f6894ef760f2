"""Reads from a replica, writes to the primary, and read-your-writes for a client.

Active only when DATABASE_REPLICA_URL is set. After a request that may have
written (any non-GET), the same client reads from the primary for
READ_YOUR_WRITES_SECONDS, so an author sees their new post at once even while
the replica lags.
"""

import contextvars
import time

from django.conf import settings

PIN_COOKIE = "bts_primary_until"
_use_primary = contextvars.ContextVar("use_primary", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_primary.get() or not settings.DATABASE_REPLICA_URL:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReadYourWritesMiddleware:
    """Pin a client to the primary while its recent writes may not have replicated."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DATABASE_REPLICA_URL:
            return self.get_response(request)
        writing = request.method not in self.SAFE_METHODS
        try:
            pinned_until = float(request.COOKIES.get(PIN_COOKIE, "0"))
        except ValueError:
            pinned_until = 0.0
        token = _use_primary.set(writing or pinned_until > time.time())
        try:
            response = self.get_response(request)
        finally:
            _use_primary.reset(token)
        if writing:
            seconds = settings.READ_YOUR_WRITES_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                str(time.time() + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
            )
        return response
