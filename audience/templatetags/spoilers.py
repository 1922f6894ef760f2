"""Spoiler warnings and the "I've seen it" button of production pages.

A spoiler is shown inside ``<details class="spoiler">``: collapsed, its picture
blurred, until the visitor opens it, with no script and from the keyboard. A
signed-in user who has seen a production gets its posts without the warning; what
the page cache keeps (for visitors without a session, bts_catalog.caching) always
has the warnings.
"""

from django import template

from media_assets.models import MediaAsset, Post

from ..models import SeenProduction

register = template.Library()


def _seen_production_ids(request) -> frozenset[int]:
    """The productions the visitor has seen: one query a page, and only when a
    spoiler is on it."""
    if request is None or not request.user.is_authenticated:
        return frozenset()
    seen = getattr(request, "_seen_production_ids", None)
    if seen is None:
        seen = frozenset(
            SeenProduction.objects.filter(user=request.user).values_list(
                "production_id", flat=True
            )
        )
        request._seen_production_ids = seen
    return seen


def warned(request, item: Post | MediaAsset | str | None) -> bool:
    """Whether ``item`` (a post or one medium) is shown behind a warning to the
    visitor of ``request``: a spoiler today, of a production they have not said
    they have seen."""
    if not item or not item.is_spoiler_today:  # "" or None when a post has no media
        return False
    post = item.post if isinstance(item, MediaAsset) else item
    return post.production_id not in _seen_production_ids(request)


@register.simple_tag(takes_context=True)
def spoiler_warning(context, item: Post | MediaAsset | str | None) -> bool:
    """``warned``, in a template: ``{% spoiler_warning post as warned %}``."""
    return warned(context.get("request"), item)


@register.simple_tag(takes_context=True)
def has_seen(context, production) -> bool:
    """Whether the visitor has said they have seen ``production``: what their
    spoiler warnings on its page depend on (a fragment's key, bts_catalog.fragments)."""
    return production.pk in _seen_production_ids(context.get("request"))


@register.simple_tag(takes_context=True)
def seen_digest(context) -> str:
    """Everything the visitor has said they have seen, as one value: what the
    spoiler warnings of a part listing many productions' posts depend on (a
    fragment's key, bts_catalog.fragments). Empty for a visitor who has seen
    nothing, as for one without an account."""
    return ",".join(map(str, sorted(_seen_production_ids(context.get("request")))))


@register.filter
def unspoiled(media) -> list[MediaAsset]:
    """The media that may stand for a page in link previews and feeds: none that
    is a spoiler today, whoever is asking."""
    return [asset for asset in media if not asset.is_spoiler_today]


@register.inclusion_tag("audience/seen_button.html", takes_context=True)
def seen_button(context, production) -> dict:
    request = context["request"]
    return {
        "csrf_token": context.get("csrf_token"),
        "production": production,
        "signed_in": request.user.is_authenticated,
        "seen": production.pk in _seen_production_ids(request),
        "next": request.get_full_path(),
    }
