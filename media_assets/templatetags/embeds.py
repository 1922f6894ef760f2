"""Template filters for embedded videos and posts (see media_assets.embeds)."""

from django import template
from django.core.exceptions import ValidationError

from bts_catalog.links import safe_link_host
from media_assets.embeds import Embed, embed_for

register = template.Library()


@register.filter(name="embed_for")
def embed_for_filter(url: str) -> Embed | None:
    """``{% with embed=asset.embed_url|embed_for %}``: the link's Embed, or None."""
    return embed_for(url or "")


@register.filter
def safe_link(url: str) -> str:
    """The link itself if it is a plain http(s) link, else "" (never a
    ``javascript:`` href, whatever a stored row holds)."""
    try:
        safe_link_host(url or "")
    except ValidationError:
        return ""
    return url
