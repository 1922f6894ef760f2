"""The Applaud button of post pages, and who applauded, for the post's author.

Post pages are kept in the page cache only for visitors without a session
(bts_catalog.caching): the cached page has the sign-in link and the count, never
someone's own applause or the author's list.
"""

from django import template

from media_assets.models import Post

from ..models import Applause

register = template.Library()


@register.inclusion_tag("audience/applause_button.html", takes_context=True)
def applause_button(context, post: Post) -> dict:
    request = context["request"]
    signed_in = request.user.is_authenticated
    return {
        "csrf_token": context.get("csrf_token"),
        "post": post,
        "count": getattr(post, "applause_count", None),
        "signed_in": signed_in,
        "applauded": signed_in
        and Applause.objects.filter(user=request.user, post=post).exists(),
        "next": request.get_full_path(),
    }


@register.inclusion_tag("audience/applauders.html", takes_context=True)
def applauders(context, post: Post) -> dict:
    """Who applauded the post, the latest first: shown to its author only."""
    user = context["request"].user
    is_author = user.is_authenticated and post.author_id == user.pk
    applause = (
        Applause.objects.filter(post=post).select_related("user__person")
        if is_author
        else Applause.objects.none()
    )
    return {"is_author": is_author, "applause": list(applause)}
