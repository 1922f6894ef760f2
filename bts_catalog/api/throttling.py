"""Throttles that say where a client stands, and the headers that tell it.

Every API response carries ``RateLimit-Limit``, ``RateLimit-Remaining`` and
``RateLimit-Reset`` (draft-ietf-httpapi-ratelimit-headers): the limit of the most
restrictive throttle that applies to the request, the requests left in its window
and the seconds until a request leaves the window. A 429 also has ``Retry-After``
(DRF sets it). The throttles are DRF's, counting as before; they only note their
standing on the request, and a request no throttle counted (refused before the
throttles ran, or not routed to a view) reports the anonymous or user throttle's
standing without counting itself.
"""

import math

from django.contrib.auth.models import AnonymousUser
from rest_framework import throttling

LIMIT = "RateLimit-Limit"
REMAINING = "RateLimit-Remaining"
RESET = "RateLimit-Reset"
HEADERS = (LIMIT, REMAINING, RESET)


class Standing:
    """Where a client stands with one throttle."""

    def __init__(self, *, limit: int, remaining: int, reset: int):
        self.limit, self.remaining, self.reset = limit, remaining, reset

    def order(self) -> tuple[int, int]:
        """Sorts the most restrictive first: fewest left, then longest to wait."""
        return (self.remaining, -self.reset)

    def headers(self) -> dict[str, str]:
        return {
            LIMIT: str(self.limit),
            REMAINING: str(self.remaining),
            RESET: str(self.reset),
        }


def standing_of(throttle, history: list[float], now: float) -> Standing:
    live = [moment for moment in history if moment > now - throttle.duration]
    reset = live[-1] + throttle.duration - now if live else throttle.duration
    return Standing(
        limit=throttle.num_requests,
        remaining=max(0, throttle.num_requests - len(live)),
        reset=max(0, math.ceil(reset)),
    )


def note(request, standing: Standing) -> None:
    """Keep the most restrictive standing on the Django request."""
    request = getattr(request, "_request", request)
    noted = getattr(request, "rate_limit", None)
    if noted is None or standing.order() < noted.order():
        request.rate_limit = standing


class NotingMixin:
    def allow_request(self, request, view):
        allowed = super().allow_request(request, view)
        if getattr(self, "key", None) is not None and hasattr(self, "history"):
            note(request, standing_of(self, self.history, self.now))
        return allowed

    def peek(self, request) -> Standing | None:
        """The standing of a request this throttle did not count."""
        if self.rate is None:
            return None
        key = self.get_cache_key(request, None)
        if key is None:
            return None
        return standing_of(self, self.cache.get(key, []), self.timer())


class AnonRateThrottle(NotingMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(NotingMixin, throttling.UserRateThrottle):
    pass


class ScopedRateThrottle(NotingMixin, throttling.ScopedRateThrottle):
    pass


def peek(request) -> Standing | None:
    """The most restrictive standing of the anonymous and user throttles (both
    count an anonymous client, by address), counting nothing."""
    if getattr(request, "user", None) is None:
        # Not authenticated (e.g. refused before a view): an anonymous client.
        request.user = AnonymousUser()
    standings = [
        standing
        for throttle in (AnonRateThrottle(), UserRateThrottle())
        if (standing := throttle.peek(request)) is not None
    ]
    return min(standings, key=Standing.order, default=None)


class RateLimitHeadersMiddleware:
    """Add the RateLimit-* headers to every response under /api/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/") and LIMIT not in response:
            standing = getattr(request, "rate_limit", None) or peek(request)
            if standing is not None:
                for name, value in standing.headers().items():
                    response[name] = value
        return response
