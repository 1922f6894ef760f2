"""Addresses of detail pages, reversed once per URL name instead of once per link.

A page of cards links to dozens of productions, people and posts, and Django's
``reverse()`` matches the URL patterns afresh for every one (about 25 µs each). A
detail address differs from its neighbours only by one value (a slug or an id),
so the pattern is reversed once with a placeholder and each value is put in the
placeholder's place.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What Django's <slug:…> and <int:…> converters (and DRF's [^/.]+) all accept;
# anything else goes through reverse() itself.
VALUE = re.compile(r"[-a-zA-Z0-9_]+")
# Digits, so that every one of those converters accepts the placeholder too.
PLACEHOLDER = "90817263544536271809"


@functools.lru_cache(maxsize=128)
def _around(name: str, key: str, urlconf: str, script_prefix: str) -> tuple[str, str]:
    address = reverse(name, kwargs={key: PLACEHOLDER}, urlconf=urlconf)
    head, _, tail = address.rpartition(PLACEHOLDER)
    return head, tail


def detail_url(name: str, key: str, value: object) -> str:
    """``reverse(name, kwargs={key: value})``, without matching the patterns."""
    text = str(value)
    if not VALUE.fullmatch(text):
        return reverse(name, kwargs={key: value})  # raises NoReverseMatch
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around(name, key, urlconf, get_script_prefix())
    return f"{head}{text}{tail}"


def slug_url(name: str, slug: str) -> str:
    return detail_url(name, "slug", slug)
