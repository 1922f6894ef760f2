"""schema.org JSON-LD for the catalogue's pages: a production as a Movie, TVSeries,
TheaterEvent, VideoGame or MusicVideoObject; a person; an episode.

Each builder takes the record and ``absolute``, which turns a path into a full URL
(a request's ``build_absolute_uri``), and returns a plain dict; empty values are
left out. :func:`json_ld_script` writes one as a ``<script>`` data block.
"""

import json
from collections.abc import Callable, Iterable

from django.utils.safestring import SafeString, mark_safe

from bts_catalog.partial_dates import partial_isoformat

from .external_ids import (
    igdb_identifier,
    person_links,
    production_links,
    website_url,
    wikidata_url,
)
from .models import (
    Episode,
    GameVersion,
    Person,
    Production,
    ProductionKind,
    ProductionStatus,
    Run,
    Season,
    Venue,
)

SCHEMA = "https://schema.org"
SITE_NAME = "BTS Catalog"

Absolute = Callable[[str], str]

SCHEMA_TYPES = {
    ProductionKind.FILM: "Movie",
    ProductionKind.TV_SERIES: "TVSeries",
    ProductionKind.THEATER: "TheaterEvent",
    ProductionKind.VIDEO_GAME: "VideoGame",
    ProductionKind.MUSIC_VIDEO: "MusicVideoObject",
}
# The property that names the studio, network, theatre company, developer or label.
STUDIO_PROPERTIES = {
    ProductionKind.FILM: "productionCompany",
    ProductionKind.TV_SERIES: "productionCompany",
    ProductionKind.THEATER: "organizer",
    ProductionKind.VIDEO_GAME: "author",
    ProductionKind.MUSIC_VIDEO: "publisher",
}
# The property that holds the release, premiere, opening night or launch date.
RELEASE_PROPERTIES = {
    ProductionKind.FILM: "datePublished",
    ProductionKind.TV_SERIES: "startDate",
    ProductionKind.THEATER: "startDate",
    ProductionKind.VIDEO_GAME: "datePublished",
    ProductionKind.MUSIC_VIDEO: "datePublished",
}
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
CANCELLED = "https://schema.org/EventCancelled"

# What a JSON-LD block escapes so that no text inside it can end the <script>
# element or start an entity: the same three characters as Django's json_script.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def json_ld_script(data: dict) -> SafeString:
    """``data`` as ``<script type="application/ld+json">``, safe whatever text it
    holds: a title of ``</script>`` stays inside the block."""
    text = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # Safe: with <, > and & escaped the text can form no tag, comment or entity.
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def compact(data: dict) -> dict:
    """``data`` without its empty values (None, "", [] and {})."""
    return {
        key: value for key, value in data.items() if value not in (None, "", [], {})
    }


def organization(name: str) -> dict | None:
    return {"@type": "Organization", "name": name} if name else None


def site_organization(absolute: Absolute) -> dict:
    """The catalogue itself, as the publisher of its pages."""
    return {"@type": "Organization", "name": SITE_NAME, "url": absolute("/")}


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def production_reference(production: Production, absolute: Absolute) -> dict:
    """What another page's data says of a production: its type, id, page and title."""
    url = absolute(production.get_absolute_url())
    return {
        "@type": SCHEMA_TYPES[production.kind],
        "@id": f"{url}#production",
        "url": url,
        "name": production.title,
    }


def person_reference(person: Person, absolute: Absolute) -> dict:
    url = absolute(person.get_absolute_url())
    return {"@type": "Person", "@id": f"{url}#person", "url": url, "name": person.name}


def production_data(
    production: Production,
    absolute: Absolute,
    *,
    seasons: Iterable[Season] | None = None,
) -> dict:
    """The whole production. ``seasons`` (a series' seasons with their episodes
    prefetched) is fetched when not given; a page that lists them passes its own."""
    kind = production.kind
    data = {"@context": SCHEMA, **production_reference(production, absolute)}
    data.update(
        compact(
            {
                "alternateName": _other_titles(production),
                "inLanguage": production.original_language,
                "description": production.synopsis,
                "image": absolute(production.poster.url) if production.poster else None,
                "keywords": ", ".join(tag.name for tag in production.sorted_tags),
                RELEASE_PROPERTIES[kind]: partial_isoformat(
                    production.release_date, production.release_date_precision
                ),
                STUDIO_PROPERTIES[kind]: organization(production.studio),
                "sameAs": [link.url for link in production_links(production)],
                "identifier": igdb_identifier(production.igdb_id),
            }
        )
    )
    if kind == ProductionKind.TV_SERIES:
        data.update(_series_details(production, absolute, seasons))
    elif kind == ProductionKind.THEATER:
        data.update(_theater_details(production, absolute))
    elif kind == ProductionKind.VIDEO_GAME:
        data.update(_game_details(production))
    elif kind == ProductionKind.MUSIC_VIDEO:
        data.update(_music_video_details(production, absolute))
    return data


def _other_titles(production: Production) -> list[str]:
    """The original title, then the alternative ones, each once."""
    titles = [production.original_title]
    titles += [other.title for other in production.alternative_titles.all()]
    return [
        title for title in dict.fromkeys(titles) if title and title != production.title
    ]


def _series_details(
    production: Production, absolute: Absolute, seasons: Iterable[Season] | None
) -> dict:
    if seasons is None:
        seasons = Season.objects.for_production(production).with_episodes()
    seasons = list(seasons)
    page = absolute(production.get_absolute_url())
    summaries = [
        compact(
            {
                "@type": "TVSeason",
                # Season.get_absolute_url(), without fetching the series again.
                "url": f"{page}#season-{season.number}",
                "seasonNumber": season.number,
                "name": season.title or f"Season {season.number}",
                "startDate": _iso(season.start_date),
                "endDate": _iso(season.end_date),
                "numberOfEpisodes": len(season.episodes.all()),
            }
        )
        for season in seasons
    ]
    return compact(
        {
            "numberOfSeasons": len(summaries),
            "numberOfEpisodes": sum(s.get("numberOfEpisodes", 0) for s in summaries),
            "containsSeason": summaries,
        }
    )


def venue_place(venue: Venue, absolute: Absolute) -> dict:
    """A venue as a schema.org Place: its page, city and country."""
    same_as = [
        url
        for url in (website_url(venue.website), wikidata_url(venue.wikidata_id))
        if url
    ]
    return compact(
        {
            "@type": "Place",
            "name": venue.name,
            "url": absolute(venue.get_absolute_url()),
            "address": compact(
                {
                    "@type": "PostalAddress",
                    "addressLocality": venue.city,
                    "addressCountry": venue.country,
                }
            ),
            "maximumAttendeeCapacity": venue.capacity,
            "sameAs": same_as,
        }
    )


def _theater_details(production: Production, absolute: Absolute) -> dict:
    """A stage production as one event, each run at a venue a sub-event of it."""
    runs = list(Run.objects.for_production(production).with_related().in_order())
    places = {run.venue_id: venue_place(run.venue, absolute) for run in runs}
    events = [
        compact(
            {
                "@type": "TheaterEvent",
                "url": absolute(run.get_absolute_url()),
                "name": f"{production.title} at {run.venue.name}",
                "description": run.tour,
                "startDate": run.opening_date.isoformat(),
                "endDate": _iso(run.closing_date),
                "eventAttendanceMode": OFFLINE,
                "location": places[run.venue_id],
            }
        )
        for run in runs
    ]
    if len(places) == 1:
        location = next(iter(places.values()))
    elif not places and production.venue:
        location = {"@type": "Place", "name": production.venue}
    else:
        location = None
    closings = [run.closing_date for run in runs]
    return compact(
        {
            "startDate": partial_isoformat(
                production.release_date, production.release_date_precision
            )
            or (runs[0].opening_date.isoformat() if runs else None),
            "endDate": (
                max(closings).isoformat() if closings and all(closings) else None
            ),
            "eventAttendanceMode": OFFLINE,
            "eventStatus": (
                CANCELLED if production.status == ProductionStatus.CANCELLED else None
            ),
            "location": location,
            "subEvent": events,
        }
    )


def _game_details(production: Production) -> dict:
    """A game's platforms, from its versions."""
    versions = GameVersion.objects.for_production(production).with_platforms()
    platforms = dict.fromkeys(
        platform.name
        for version in versions.in_order()
        for platform in version.platforms.all()
    )
    return compact({"applicationCategory": "Game", "gamePlatform": list(platforms)})


def _music_video_details(production: Production, absolute: Absolute) -> dict:
    """The performing artist: their page when they have one, else as billed (a
    MusicGroup, which schema.org also uses for a solo musician)."""
    artist = production.artist if production.artist_id else None
    if artist is not None:
        by_artist = person_reference(artist, absolute)
    elif production.artist_name:
        by_artist = {"@type": "MusicGroup", "name": production.artist_name}
    else:
        by_artist = None
    track = (
        compact(
            {"@type": "MusicRecording", "name": production.track, "byArtist": by_artist}
        )
        if production.track
        else None
    )
    return compact({"byArtist": by_artist, "about": track})


def person_data(person: Person, absolute: Absolute) -> dict:
    data = {"@context": SCHEMA, **person_reference(person, absolute)}
    data.update(
        compact(
            {
                "alternateName": [alias.name for alias in person.aliases.all()],
                "description": person.bio,
                "image": absolute(person.photo.url) if person.photo else None,
                "sameAs": [link.url for link in person_links(person)],
            }
        )
    )
    return data


def episode_data(episode: Episode, absolute: Absolute) -> dict:
    """An episode, with its season and series (fetched with it: see
    EpisodeQuerySet.with_season)."""
    season = episode.season
    url = absolute(episode.get_absolute_url())
    return compact(
        {
            "@context": SCHEMA,
            "@type": "TVEpisode",
            "@id": f"{url}#episode",
            "url": url,
            "name": episode.title,
            "episodeNumber": episode.number,
            "datePublished": _iso(episode.air_date),
            "description": episode.synopsis,
            "partOfSeason": compact(
                {
                    "@type": "TVSeason",
                    "url": absolute(season.get_absolute_url()),
                    "seasonNumber": season.number,
                    "name": season.title or f"Season {season.number}",
                }
            ),
            "partOfSeries": production_reference(season.production, absolute),
        }
    )
