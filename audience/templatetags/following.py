"""The Follow / Unfollow button of production, person, craft and tag pages.

Those pages are kept in the page cache only for visitors without a session
(bts_catalog.caching), so a signed-in visitor always gets a fresh page with their
own follow state, and what is cached shows everyone the same sign-in link: no
follow state and no CSRF token ever lands in a cached page.
"""

from django import template

from .. import selectors
from ..models import FollowKind

register = template.Library()


@register.inclusion_tag("audience/follow_button.html", takes_context=True)
def follow_button(context, target) -> dict:
    request = context["request"]
    kind = FollowKind.of(target)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "target": target,
        "signed_in": request.user.is_authenticated,
        "following": selectors.follow_of(request.user, target) is not None,
        "next": request.get_full_path(),
    }
