"""Template tags for the catalogue's pages: schema.org JSON-LD (see
productions.structured_data) and the links to a record's pages elsewhere."""

from django import template
from django.utils.safestring import SafeString

from productions.external_ids import ExternalLink, links_of
from productions.models import Episode, Person, Production
from productions.structured_data import (
    episode_data,
    json_ld_script,
    person_data,
    production_data,
)

register = template.Library()


def _absolute(context):
    """The request's ``build_absolute_uri``, or None outside a request."""
    request = context.get("request")
    return request.build_absolute_uri if request is not None else None


@register.simple_tag(takes_context=True)
def production_ld(context, production: Production, seasons=None) -> SafeString:
    """``{% production_ld production seasons %}``: the production's JSON-LD;
    ``seasons``, when the page has them, saves fetching a series' seasons twice."""
    absolute = _absolute(context)
    if absolute is None:
        return SafeString("")
    return json_ld_script(production_data(production, absolute, seasons=seasons))


@register.simple_tag(takes_context=True)
def person_ld(context, person: Person) -> SafeString:
    absolute = _absolute(context)
    if absolute is None:
        return SafeString("")
    return json_ld_script(person_data(person, absolute))


@register.simple_tag(takes_context=True)
def episode_ld(context, episode: Episode) -> SafeString:
    absolute = _absolute(context)
    if absolute is None:
        return SafeString("")
    return json_ld_script(episode_data(episode, absolute))


@register.simple_tag
def external_links_of(record: Production | Person) -> list[ExternalLink]:
    """``{% external_links_of production as links %}``: official site, IMDb, TMDB,
    Wikidata (and a person's Instagram), those it has."""
    return links_of(record)
