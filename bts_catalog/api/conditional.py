"""Conditional requests for every API read, and the API's version on every answer.

Each successful GET or HEAD under /api/ carries a strong ``ETag`` (a hash of the
body, unless the view set one) and, where the catalogue's content version tracks
what it shows, a ``Last-Modified``: the moment of the last change to the
catalogue or its posts. ``If-None-Match`` (weak comparison, lists, ``*``) then
answers 304, and ``If-Modified-Since`` does too when no ``If-None-Match`` came
(RFC 9110, 13.2.2). A user's own resources (``me/…``) get an ETag but no date,
and are marked private. Every answer under /api/ names the ``API-Version``: the
schema's ``info.version``, described in docs/api-changelog.md.

The middleware sits above the page cache so that answers replayed from it are
validated too. Django's GZipMiddleware, if ever added, belongs above this one:
it weakens the ETag of what it compresses, and weak comparison still matches.
"""

import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date, parse_http_date_safe

from bts_catalog.caching import content_changed_at

API_PREFIX = "/api/"
# Resources whose content the content version tracks (not the schema or docs,
# which change with a release).
VERSIONED_API_PREFIX = "/api/v1/"
# The API router names a signed-in user's own routes so (showcase.api.urls).
PERSONAL_ROUTE_PREFIX = "me-"


def api_version() -> str:
    return settings.SPECTACULAR_SETTINGS["VERSION"]


def _personal(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and (match.url_name or "").startswith(PERSONAL_ROUTE_PREFIX))


def _no_store(response: HttpResponse) -> bool:
    directives = response.get("Cache-Control", "").lower().split(",")
    return "no-store" in {directive.strip() for directive in directives}


class ApiConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        reading = request.method in {"GET", "HEAD"}
        # Read before the answer is made: it shows at least the content of then,
        # so the date it is given can only be too early, never too late.
        changed_at = content_changed_at() if reading else None
        response = self.get_response(request)
        personal = _personal(request)
        if personal:  # a 304 from further in too
            patch_cache_control(response, private=True)
        if reading and response.status_code == 200 and not response.streaming:
            response = self._validate(request, response, changed_at, personal)
        response["API-Version"] = api_version()
        return response

    @staticmethod
    def _validate(
        request: HttpRequest,
        response: HttpResponse,
        changed_at: float,
        personal: bool,
    ) -> HttpResponse:
        if _no_store(response):
            return response  # nothing is kept, so there is nothing to revalidate
        if not response.has_header("ETag"):
            set_response_etag(response)
        if (
            not response.has_header("Last-Modified")
            and request.path_info.startswith(VERSIONED_API_PREFIX)
            and not personal
            # A stale page cache answer predates the last change.
            and response.get("X-Page-Cache") != "stale"
            # HTTP dates count whole seconds: a change in this very second could
            # be followed by another one within it, under the same date.
            and int(changed_at) < int(time.time())
        ):
            response["Last-Modified"] = http_date(changed_at)
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=last_modified,
            response=response,
        )
