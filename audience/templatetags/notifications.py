"""The Notifications link of the header, with the signed-in user's unread count.

Pages rendered for a signed-in visitor are never kept in the page cache
(bts_catalog.caching), so one user's count never reaches another visitor.
"""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("audience/notifications_link.html", takes_context=True)
def notifications_link(context) -> dict:
    """The link to /my/notifications/ and the unread count: one query."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"unread": 0}
    return {"unread": selectors.unread_notifications_count(user)}
