"""Template tag for a post page's schema.org JSON-LD (see
media_assets.structured_data)."""

from django import template
from django.utils.safestring import SafeString

from media_assets.models import Post
from media_assets.structured_data import post_data
from productions.structured_data import json_ld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def post_ld(context, post: Post) -> SafeString:
    """``{% post_ld post %}``: the post as an Article; nothing outside a request,
    where there is no address to make its links absolute against."""
    request = context.get("request")
    if request is None:
        return SafeString("")
    return json_ld_script(post_data(post, request.build_absolute_uri))
