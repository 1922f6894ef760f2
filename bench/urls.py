"""The site's URLs plus two yardsticks served through the same middleware:

- ``/bench/bare/``: the cheapest response Django can give, which every page is
  compared with;
- ``/bench/bare-16k/``: the same with a 16 KiB body, about a page's size, to tell
  what a page costs for its size alone (sending it, and wrk reading it) from
  what it costs to make.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import path

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
    *site_urlpatterns,
]
