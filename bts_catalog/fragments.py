"""Fragment caching: the parts of a page that are the same for every visitor.

A signed-in visitor's page never comes from the page cache (bts_catalog.caching):
its header is theirs. Most of it is not, though: a list's cards, a production's
credits and its making-of timeline read the same for everyone. Templates wrap such
a part in

    {% load fragments %}
    {% fragment "production-credits" production.pk %} … {% endfragment %}

and it is rendered once, then served from the cache, under a key made of

- the *content version*, which every write to the catalogue or its posts bumps
  (the page cache's own): a change shows on the very next request, whatever wrote
  it;
- the fragment's name and the values after it: what else the part depends on (the
  production, the query string, whether this visitor has seen the production and
  so gets no spoiler warnings).

A fragment is kept at most ``FRAGMENT_CACHE_SECONDS`` (0 turns fragments off), and
never past the moment the next embargo ends: a post going public then changes the
parts that list it, with no write to bump the version.

The queries a fragment needs run only when it is rendered: the view hands the
template a function that makes them, and the fragment names it after ``with``:

    {% fragment "production-body" production.pk seen with parts %} … {% endfragment %}

On a miss, ``parts()`` is called and the dictionary it returns is what the part
renders with (added to the template's context); on a hit it is not called at all,
so a page whose fragments are all in the cache runs none of their queries.
"""

import hashlib
import time

from django import template
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from .caching import (
    EMBARGO_LIFTS_KEY,
    VERSION_KEY,
    content_version,
    lifetime_before_lift,
)

register = template.Library()

KEY_PREFIX = "fragment"


def loader(compute):
    """``compute``, called once however many fragments of a page miss: what a view
    hands its template for ``{% fragment … with name %}``."""
    found = []

    def load() -> dict:
        if not found:
            found.append(compute())
        return found[0]

    load.do_not_call_in_templates = True  # the fragment calls it, on a miss only
    return load


def _state(request: HttpRequest | None) -> tuple[int, tuple[float, ...] | None]:
    """The content version and the pending embargo ends: one cache round trip a
    request, however many fragments its page has."""
    state = getattr(request, "_fragment_state", None)
    if state is None:
        found = cache.get_many([VERSION_KEY, EMBARGO_LIFTS_KEY])
        state = (
            found.get(VERSION_KEY) or content_version(),
            found.get(EMBARGO_LIFTS_KEY),
        )
        if request is not None:
            request._fragment_state = state
    return state


def fragment_key(name: str, version: int, vary_on: list[object]) -> str:
    varies = "\x1f".join(str(value) for value in vary_on)
    digest = hashlib.sha256(varies.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{name}:{version}:{digest}"


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, loads) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.loads = loads

    def _render(self, context) -> SafeString:
        if self.loads is None:
            return self.nodelist.render(context)
        with context.push(**self.loads.resolve(context)()):
            return self.nodelist.render(context)

    def render(self, context) -> SafeString:
        seconds = settings.FRAGMENT_CACHE_SECONDS
        if seconds <= 0:
            return self._render(context)
        request = context.get("request")
        version, lifts = _state(request)
        key = fragment_key(
            self.name.resolve(context),
            version,
            [value.resolve(context) for value in self.vary_on],
        )
        html = cache.get(key)
        if html is None:
            html = self._render(context)
            lifetime = lifetime_before_lift(seconds, lifts, time.time())
            if lifetime > 0:
                cache.set(key, str(html), lifetime)
        return mark_safe(html)  # noqa: S308 — what the template itself rendered


@register.tag
def fragment(parser, token) -> FragmentNode:
    """``{% fragment "name" value … [with loader] %}…{% endfragment %}``: see the
    module."""
    bits = token.split_contents()
    loads = None
    if len(bits) >= 2 and bits[-2] == "with":
        loads = parser.compile_filter(bits[-1])
        bits = bits[:-2]
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            f"{bits[0]!r} takes a name, the values the part depends on, and "
            "optionally 'with' and the function that loads what it shows."
        )
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist,
        parser.compile_filter(bits[1]),
        [parser.compile_filter(bit) for bit in bits[2:]],
        loads,
    )
