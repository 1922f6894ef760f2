"""The site's URLs plus two yardsticks served through the same middleware:

- ``/bench/bare/``: the cheapest response Django can give, which every page is
  compared with;
- ``/bench/bare-16k/``: the same with a 16 KiB body, about a page's size, to tell
  what a page costs for its size alone (sending it, and wrk reading it) from
  what it costs to make;
- ``/bench/lean/productions/`` and ``/bench/lean/productions/<slug>/``: the
  production list and a film's page made the leanest honest way (bench/lean.py),
  the same bytes as the real pages.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from bench import lean
from bts_catalog.urls import handler400, handler404, handler500  # noqa: F401
from bts_catalog.urls import urlpatterns as site_urlpatterns

BARE_BODY = b"bare"
PAGE_SIZED_BODY = b"<p>bench</p>\n" * (16 * 1024 // 13) + b"\n" * (16 * 1024 % 13)


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BARE_BODY, content_type="text/plain")


def bare_page_sized(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE_SIZED_BODY, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare, name="bench-bare"),
    path("bench/bare-16k/", bare_page_sized, name="bench-bare-16k"),
    path(
        "bench/lean/productions/",
        lean.production_list,
        name="bench-lean-production-list",
    ),
    path(
        "bench/lean/productions/<slug:slug>/",
        lean.production_detail,
        name="bench-lean-production-detail",
    ),
    *site_urlpatterns,
]
