"""Addresses of detail pages, reversed once per URL name instead of once per link.

A page of cards links to dozens of productions, people and posts, and Django's
``reverse()`` matches the URL patterns afresh for every one (about 25 µs each). A
detail address differs from its neighbours only by its slug, so the pattern is
reversed once with a placeholder and each slug is put in the placeholder's place.
"""

import functools
import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# What Django's <slug:…> converter accepts; anything else goes through reverse().
SLUG = re.compile(r"[-a-zA-Z0-9_]+")
PLACEHOLDER = "slug-placeholder"


@functools.lru_cache(maxsize=128)
def _around_slug(name: str, urlconf: str, script_prefix: str) -> tuple[str, str]:
    address = reverse(name, kwargs={"slug": PLACEHOLDER}, urlconf=urlconf)
    head, _, tail = address.partition(PLACEHOLDER)
    return head, tail


def slug_url(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})``, without matching the patterns."""
    if not SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})  # raises NoReverseMatch
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around_slug(name, urlconf, get_script_prefix())
    return f"{head}{slug}{tail}"
