"""Where a production or person is found elsewhere: their IMDb, TMDB and Wikidata
pages, official site and Instagram, as links pages show and schema.org's
``sameAs`` lists.

An id is checked again before it becomes a link (the models validate it on entry,
but a row written around them could hold anything), and one that does not fit is
left out rather than linked. IGDB addresses its pages by slug, not by the numeric
id we keep, so an IGDB id is an identifier, never a link.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from bts_catalog.links import safe_link_host

from .models import (
    Person,
    Production,
    ProductionKind,
    imdb_person_id,
    imdb_title_id,
    wikidata_id,
)

# TMDB files films and series apart; it has no pages for other kinds.
TMDB_SECTIONS = {ProductionKind.FILM: "movie", ProductionKind.TV_SERIES: "tv"}
INSTAGRAM_HANDLE = re.compile(r"[A-Za-z0-9._]{1,30}")


@dataclass(frozen=True)
class ExternalLink:
    label: str  # as people write the site's name: "IMDb", "TMDB", "Wikidata"
    url: str


def _valid(validator, value: str) -> bool:
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def imdb_title_url(imdb_id: str) -> str | None:
    """``tt0133093`` → its IMDb title page."""
    if not imdb_id or not _valid(imdb_title_id, imdb_id):
        return None
    return f"https://www.imdb.com/title/{imdb_id}/"


def imdb_name_url(imdb_id: str) -> str | None:
    """``nm0000206`` → its IMDb name page."""
    if not imdb_id or not _valid(imdb_person_id, imdb_id):
        return None
    return f"https://www.imdb.com/name/{imdb_id}/"


def tmdb_url(section: str | None, tmdb_id: int | None) -> str | None:
    """A TMDB page: ``section`` is ``movie``, ``tv`` or ``person``."""
    if section is None or not isinstance(tmdb_id, int) or tmdb_id < 1:
        return None
    return f"https://www.themoviedb.org/{section}/{tmdb_id}"


def wikidata_url(qid: str) -> str | None:
    """``Q83495`` → its Wikidata item page."""
    if not qid or not _valid(wikidata_id, qid):
        return None
    return f"https://www.wikidata.org/wiki/{qid}"


def instagram_url(handle: str) -> str | None:
    if not handle or not INSTAGRAM_HANDLE.fullmatch(handle):
        return None
    return f"https://www.instagram.com/{handle}/"


def website_url(url: str) -> str | None:
    """The official site, if it is a plain http(s) link."""
    try:
        safe_link_host(url or "")
    except ValidationError:
        return None
    return url


def _links(*pairs: tuple[str, str | None]) -> list[ExternalLink]:
    return [ExternalLink(label, url) for label, url in pairs if url]


def production_links(production: Production) -> list[ExternalLink]:
    """A production's pages elsewhere: official site first, then the databases."""
    return _links(
        ("Official site", website_url(production.website)),
        ("IMDb", imdb_title_url(production.imdb_id)),
        ("TMDB", tmdb_url(TMDB_SECTIONS.get(production.kind), production.tmdb_id)),
        ("Wikidata", wikidata_url(production.wikidata_id)),
    )


def person_links(person: Person) -> list[ExternalLink]:
    """A person's pages elsewhere: their own site first, then the databases."""
    return _links(
        ("Official site", website_url(person.website)),
        ("IMDb", imdb_name_url(person.imdb_id)),
        ("TMDB", tmdb_url("person", person.tmdb_id)),
        ("Wikidata", wikidata_url(person.wikidata_id)),
        ("Instagram", instagram_url(person.instagram_handle)),
    )


def links_of(record: Production | Person) -> list[ExternalLink]:
    return (
        person_links(record) if isinstance(record, Person) else production_links(record)
    )


def igdb_identifier(igdb_id: int | None) -> dict | None:
    """An IGDB id as a schema.org PropertyValue (IGDB links pages by slug)."""
    if not isinstance(igdb_id, int) or igdb_id < 1:
        return None
    return {"@type": "PropertyValue", "propertyID": "IGDB", "value": str(igdb_id)}
