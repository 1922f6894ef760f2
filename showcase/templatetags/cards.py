"""``{% post_cards posts %}`` and ``{% post_card post %}``: post cards
(showcase.cards), for the visitor of the page's request; the search page's
``{% production_results productions %}`` and ``{% people_results people %}``."""

from django import template

from .. import cards

register = template.Library()


@register.simple_tag(takes_context=True)
def post_cards(context, posts):
    return cards.post_cards(context.get("request"), posts)


@register.simple_tag(takes_context=True)
def post_card(context, post):
    return cards.post_cards(context.get("request"), [post])


@register.simple_tag
def production_results(productions):
    return cards.production_results(productions)


@register.simple_tag
def people_results(people):
    return cards.people_results(people)
