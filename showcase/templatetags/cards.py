"""``{% post_cards posts %}`` and ``{% post_card post %}``: post cards
(showcase.cards), for the visitor of the page's request."""

from django import template

from ..cards import post_cards as draw

register = template.Library()


@register.simple_tag(takes_context=True)
def post_cards(context, posts):
    return draw(context.get("request"), posts)


@register.simple_tag(takes_context=True)
def post_card(context, post):
    return draw(context.get("request"), [post])
