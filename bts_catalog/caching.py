"""Whole-page caching for anonymous visitors, invalidated by any content change.

Every cached page is stored with the *content version* it was made under; any
write to the catalogue or its posts bumps the version, so every page reflects the
change at once and old entries simply expire. Visitors with a session (signed in)
or an API token always get fresh pages: theirs show their own account and posts.

A post approved under an embargo changes the pages when the embargo ends, with no
write to mark it. The moments the pending embargoes end are recorded beside the
version (``record_embargo_lifts``), and no page is kept past the next of them.

The moment of the last change is kept beside the version too
(``content_changed_at``): the API answers it as ``Last-Modified``.
"""

import functools
import hashlib
import math
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from datetime import time as dt_time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers

VERSION_KEY = "content-version"
EMBARGO_LIFTS_KEY = "embargo-lifts"
CHANGED_AT_KEY = "content-changed-at"
# How long one request may hold the right to re-render an out-of-date page before
# another may try (if it died meanwhile, say).
RENDER_LOCK_SECONDS = 10


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_content_version(**kwargs) -> None:
    """Invalidate every cached page (a signal receiver, or called directly)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): any new value will do
        cache.set(VERSION_KEY, 2, timeout=None)
    # The time goes second: an answer made in between may say its new content is
    # older than it is (the next request corrects that), never that old content
    # is new (If-Modified-Since would then hide the change until the next one).
    cache.set(CHANGED_AT_KEY, time.time(), timeout=None)


def content_changed_at() -> float:
    """When the catalogue or its posts last changed, as a Unix time.

    If that was forgotten (the cache cleared or evicted it), the first moment
    anyone asks stands in for it: later than the real change, never earlier. An
    embargo that has ended since is a change too: its post went public then,
    with nobody writing anything.
    """
    now = time.time()
    found = cache.get_many([CHANGED_AT_KEY, EMBARGO_LIFTS_KEY])
    changed_at = found.get(CHANGED_AT_KEY)
    if changed_at is None:
        cache.add(CHANGED_AT_KEY, now, timeout=None)
        changed_at = cache.get(CHANGED_AT_KEY, now)
    lifted = [moment for moment in found.get(EMBARGO_LIFTS_KEY) or () if moment <= now]
    return max([changed_at, *lifted])


def record_embargo_lifts(moments: Iterable[datetime]) -> None:
    """Remember when the pending embargoes end (every one of them, in any order)."""
    cache.set(
        EMBARGO_LIFTS_KEY,
        tuple(sorted(moment.timestamp() for moment in moments)),
        timeout=None,
    )


def lifetime_before_lift(
    seconds: int, lifts: tuple[float, ...] | None, now: float
) -> int:
    """How long something made now may be kept, at most ``seconds``: until the
    next embargo ends, or the day ends (a spoiler warning lasts to the end of its
    ``spoils_until`` day, with nobody writing anything then), whichever comes
    first."""
    upcoming = [moment for moment in lifts or () if moment > now]
    if upcoming:
        seconds = min(seconds, math.floor(upcoming[0] - now))
    return max(0, min(seconds, math.ceil(_next_midnight(now) - now)))


def _next_midnight(now: float) -> float:
    today = datetime.fromtimestamp(now, timezone.get_current_timezone())
    tomorrow = datetime.combine(
        today.date() + timedelta(days=1), dt_time.min, tzinfo=today.tzinfo
    )
    return tomorrow.timestamp()


def _page_lifetime(lifts: tuple[float, ...] | None, now: float) -> int:
    """How long a page made now may be kept: until the next embargo ends, if that
    comes before PAGE_CACHE_SECONDS have passed."""
    return lifetime_before_lift(settings.PAGE_CACHE_SECONDS, lifts, now)


def _cacheable_request(request: HttpRequest) -> bool:
    """A request whose answer is the same for every visitor: no session, no token."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META  # API tokens: per-user answers
        and getattr(request, "_force_auth_user", None) is None  # DRF's test client
    )


def _answered_a_user(response: HttpResponse) -> bool:
    """True when an API view authenticated someone Django's middleware did not see."""
    context = getattr(response, "renderer_context", None) or {}
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated)


def _page_key(request: HttpRequest) -> str:
    accept = request.headers.get("Accept", "")
    address = f"{request.get_host()}{request.get_full_path()} {accept}"
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


def cache_public_page(view):
    """Mark ``view`` as a public page that PageCacheMiddleware may keep."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.page_cache_allowed = True
        return view(request, *args, **kwargs)

    wrapper.public_page = True
    return wrapper


def _public_page(request: HttpRequest) -> bool:
    """True when the address resolves to a view marked with cache_public_page.

    Checked before the cache is asked, so that a request for any other view
    (admin, sign-in, a visitor's own pages) costs no cache round trip.
    """
    urlconf = getattr(request, "urlconf", None) or get_urlconf()
    return _resolves_to_public_page(request.path_info, urlconf or settings.ROOT_URLCONF)


@functools.lru_cache(maxsize=4096)
def _resolves_to_public_page(path: str, urlconf: str) -> bool:
    # Remembered per address: matching the URL patterns costs 5–25 µs, a tenth
    # of a whole cache hit.
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "public_page", False)


class PageCacheMiddleware:
    """Whole-response cache for anonymous visitors of the views marked public.

    Sits near the top of the middleware so that a hit skips sessions,
    authentication and the rest, and stores the response as those left it (its
    security headers included). Only addresses of views marked public are looked
    up (URL resolution is cheap; a cache round trip is not). One cache round trip
    per hit: the page and the current content version are fetched together.

    A page stored under an older content version is out of date. The first
    request to find it so renders the page afresh; requests for the same page
    arriving while that render runs get the previous page (``X-Page-Cache:
    stale``) instead of rendering it too. After a change, every page is rendered
    once, not once per visitor who arrives in the meantime.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (_cacheable_request(request) and _public_page(request)):
            return self.get_response(request)
        key = _page_key(request)
        found = cache.get_many([VERSION_KEY, EMBARGO_LIFTS_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        # The page's fragments (bts_catalog.fragments) need these too: no second trip.
        request._fragment_state = (version, found.get(EMBARGO_LIFTS_KEY))
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            return self._replay(request, "hit", *stored[1:])
        rendering = f"{key}:rendering"
        if stored is not None and not cache.add(rendering, 1, RENDER_LOCK_SECONDS):
            return self._replay(request, "stale", *stored[1:])
        try:
            response = self.get_response(request)
            if self._storable(request, response):
                lifetime = _page_lifetime(found.get(EMBARGO_LIFTS_KEY), time.time())
                self._store(key, version, response, lifetime)
                response["X-Page-Cache"] = "miss"
        finally:
            if stored is not None:
                cache.delete(rendering)
        return response

    @staticmethod
    def _store(key: str, version: int, response: HttpResponse, lifetime: int) -> None:
        patch_vary_headers(response, ["Cookie", "Accept", "Authorization"])
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() != "set-cookie"
        ]
        cache.set(
            key,
            (version, response.status_code, headers, response.content),
            lifetime,
        )

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        return (
            getattr(request, "page_cache_allowed", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not _answered_a_user(response)
        )

    @staticmethod
    def _replay(request, outcome, status, headers, content) -> HttpResponse:
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        etag = response.get("ETag")
        if etag:
            # A 304 keeps the Vary and Cache-Control the page has (RFC 9110 15.4.5).
            response = get_conditional_response(request, etag=etag, response=response)
        response["X-Page-Cache"] = outcome
        return response
