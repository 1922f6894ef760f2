"""Whole-page caching for anonymous visitors, invalidated by any content change.

Every cached page's key carries a *content version*; any write to the catalogue
or its posts bumps the version, so every page reflects the change at once and
old entries simply expire. Signed-in users always get fresh pages (their pages
show their own account and unpublished posts).
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "content-version"


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


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in {"GET", "HEAD"}
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META  # API tokens: per-user answers
        and getattr(request, "_force_auth_user", None) is None  # DRF's test client
        and not request.user.is_authenticated
    )


def _answered_a_user(response: HttpResponse) -> bool:
    """True when an API view authenticated someone Django's middleware did not see."""
    context = getattr(response, "renderer_context", None) or {}
    user = getattr(context.get("request"), "user", None)
    return bool(user is not None and user.is_authenticated)


def cache_public_page(view):
    """Serve anonymous GETs of ``view`` from the cache when the content is unchanged.

    One cache round trip per hit: the page and the current content version are
    fetched together, and a page stored under an older version is a miss.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        accept = request.headers.get("Accept", "")
        address = f"{request.get_host()}{request.get_full_path()} {accept}"
        key = f"page:{hashlib.sha256(address.encode()).hexdigest()}"
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        hit = found.get(key)
        if hit is not None and hit[0] == version:
            _, status, content_type, etag, content = hit
            response = HttpResponse(content, content_type=content_type, status=status)
            response["ETag"] = etag
            response["X-Page-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not _answered_a_user(response)
            ):
                digest = hashlib.md5(response.content, usedforsecurity=False)
                etag = f'"{digest.hexdigest()}"'
                response["ETag"] = etag
                cache.set(
                    key,
                    (version, 200, response["Content-Type"], etag, response.content),
                    settings.PAGE_CACHE_SECONDS,
                )
            response["X-Page-Cache"] = "miss"
        patch_vary_headers(response, ["Cookie", "Accept", "Authorization"])
        return response

    return wrapper
