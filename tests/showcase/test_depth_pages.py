"""Catalogue depth on the pages: venues and runs, performances, run-scoped
credits, game versions, music videos, partial dates, aliases and alternative
titles, and the making-of timeline read and filtered by what each post is about."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bts_catalog.partial_dates import DatePrecision
from media_assets.models import PostPhase
from productions.models import (
    AlternativeTitle,
    Episode,
    PerformanceKind,
    PersonAlias,
    ProductionKind,
    Role,
    Season,
    VersionKind,
)
from tests.factories import (
    CreditFactory,
    GameFactory,
    GameVersionFactory,
    PerformanceFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    RunFactory,
    TheaterFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


def text_of(page: str) -> str:
    """The page's text, its tags taken out."""
    return re.sub(r"<[^>]+>", "", page)


def today() -> datetime.date:
    return timezone.localdate()


def build_theater(title: str = "The Lighthouse Keeper", runs: int = 1):
    """A stage show touring ``runs`` venues, each run with a press night, an
    understudy performance and a regular one, a run-scoped cast member, and one
    actor in every run."""
    show = TheaterFactory(title=title)
    actor = Role.objects.get(slug="actor")
    lead = PersonFactory(name=f"Lead of {title}")
    CreditFactory(production=show, person=lead, role=actor, character="The Keeper")
    built = []
    for index in range(runs):
        opening = datetime.date(2025, 11, 14) + datetime.timedelta(days=90 * index)
        run = RunFactory(
            production=show,
            venue=VenueFactory(name=f"{title} House {index}"),
            tour="UK & Ireland tour 2025",
            opening_date=opening,
            closing_date=opening + datetime.timedelta(days=60),
        )
        PerformanceFactory(
            run=run,
            date=opening,
            time=datetime.time(19, 30),
            kind=PerformanceKind.PRESS_NIGHT,
        )
        PerformanceFactory(
            run=run,
            date=opening + datetime.timedelta(days=1),
            kind=PerformanceKind.UNDERSTUDY,
            notes="Understudies in every principal role.",
        )
        PerformanceFactory(run=run, date=opening + datetime.timedelta(days=2))
        CreditFactory(
            production=show,
            person=PersonFactory(name=f"Ilse {index} of {title}"),
            role=actor,
            character="Ilse",
            run=run,
            start_date=opening + datetime.timedelta(days=3),
        )
        built.append(run)
    return show, lead, built


# --- Venues ----------------------------------------------------------------------


def test_the_venue_page_shows_its_details_runs_and_posts(client):
    venue = VenueFactory(
        name="The Old Quay Theatre",
        city="Bristol",
        capacity=1200,
        website="https://oldquay.example.org/",
    )
    past = RunFactory(
        venue=venue,
        production=TheaterFactory(title="Salt and Iron"),
        opening_date=datetime.date(2019, 3, 1),
        closing_date=datetime.date(2019, 4, 20),
    )
    current = RunFactory(
        venue=venue,
        production=TheaterFactory(title="The Lighthouse Keeper"),
        opening_date=today() - datetime.timedelta(days=10),
        closing_date=today() + datetime.timedelta(days=30),
    )
    upcoming = RunFactory(
        venue=venue,
        production=TheaterFactory(title="Winter Harbour"),
        opening_date=today() + datetime.timedelta(days=60),
        closing_date=None,
    )
    RunFactory(production=current.production, venue=VenueFactory(name="Elsewhere"))
    PostFactory(production=current.production, run=current, title="Get-in day")
    PostFactory(production=current.production, title="Not about this venue")

    response = client.get(venue.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>The Old Quay Theatre</h1>" in page
    assert "Bristol" in page and "United Kingdom" in page
    assert "1,200 seats" in page
    assert 'href="https://oldquay.example.org/"' in page
    assert (
        page.index("The Lighthouse Keeper")
        < page.index("Winter Harbour")
        < page.index("Past runs")
        < page.index("Salt and Iron")
    )
    assert f'href="{current.production.get_absolute_url()}#run-{current.pk}"' in page
    assert f'datetime="{past.closing_date:%Y-%m-%d}"' in page
    assert f'from <time datetime="{upcoming.opening_date:%Y-%m-%d}"' in page
    assert "Elsewhere" not in page
    assert "Get-in day" in page and "The Old Quay Theatre run" in page
    assert "Not about this venue" not in page


def test_unknown_venues_are_404s(client):
    assert client.get("/venues/no-such-house/").status_code == 404


def test_the_venue_list_groups_venues_by_city(client):
    VenueFactory(name="Royal Lyceum", city="Edinburgh")
    VenueFactory(name="Traverse", city="Edinburgh")
    VenueFactory(name="Tobacco Factory", city="Bristol")
    page = client.get("/venues/").content.decode()
    assert page.index("Bristol") < page.index("Tobacco Factory")
    assert page.index("Edinburgh") < page.index("Royal Lyceum")
    assert page.index("Tobacco Factory") < page.index("Edinburgh")
    assert page.count(">Edinburgh <") == 1


def test_venues_are_in_the_sitemap(client):
    venue = VenueFactory(name="Tobacco Factory")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert venue.get_absolute_url() in sitemap


# --- Theater ---------------------------------------------------------------------


def test_a_theater_page_lists_runs_by_tour_with_their_performances(client):
    show, lead, runs = build_theater(runs=2)
    RunFactory(
        production=show,
        venue=VenueFactory(name="Sit-down House"),
        opening_date=datetime.date(2024, 5, 1),
        closing_date=datetime.date(2024, 6, 1),
    )
    page = client.get(show.get_absolute_url()).content.decode()
    assert 'id="runs"' in page and 'href="#runs"' in page
    assert "UK &amp; Ireland tour 2025" in page
    for run in runs:
        assert f'id="run-{run.pk}"' in page
        assert f'href="{run.venue.get_absolute_url()}"' in page
    assert "14 Nov 2025</time> – <time" in page
    assert "3 performances" in page
    assert "Press night" in page and "Understudy performance" in page
    assert "Understudies in every principal role." in page
    assert 'datetime="2025-11-14T19:30"' in page
    assert "Sit-down House" in page


def test_run_scoped_credits_sit_under_their_run_with_their_dates(client):
    show, lead, runs = build_theater(runs=2)
    page = client.get(show.get_absolute_url()).content.decode()
    credits = page[page.index('id="credits"') :]
    assert "Lead of The Lighthouse Keeper" in credits
    assert "Ilse 0 of" not in credits
    first_run = page[page.index(f'id="run-{runs[0].pk}"') :]
    first_run = first_run[: first_run.index("</article>")]
    assert "Company for this run" in first_run
    assert "Ilse 0 of The Lighthouse Keeper" in first_run
    assert "Ilse 1 of" not in first_run
    assert 'from <time datetime="2025-11-17">17 Nov 2025</time>' in first_run


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        (datetime.date(2026, 2, 3), None, "from 3 Feb 2026"),
        (None, datetime.date(2026, 3, 1), "until 1 Mar 2026"),
        (datetime.date(2026, 2, 3), datetime.date(2026, 3, 1), "3 Feb – 1 Mar 2026"),
        (
            datetime.date(2025, 12, 3),
            datetime.date(2026, 3, 1),
            "3 Dec 2025 – 1 Mar 2026",
        ),
    ],
)
def test_credit_dates_read_as_a_span(client, start, end, shown):
    run = RunFactory(opening_date=datetime.date(2025, 11, 1), closing_date=None)
    person = PersonFactory(name="Marta Ilves")
    CreditFactory(
        production=run.production,
        person=person,
        role=Role.objects.get(slug="understudy"),
        run=run,
        start_date=start,
        end_date=end,
    )
    for url in (run.production.get_absolute_url(), person.get_absolute_url()):
        assert f"· {shown}" in text_of(client.get(url).content.decode()), url


def test_the_person_page_shows_the_run_a_credit_is_for(client):
    show, lead, runs = build_theater(runs=1)
    credit = runs[0].credits.get()
    page = client.get(credit.person.get_absolute_url()).content.decode()
    assert f'href="{show.get_absolute_url()}#run-{runs[0].pk}"' in page
    assert f"{runs[0].venue.name} run" in page
    assert "UK &amp; Ireland tour 2025" in page
    assert 'from <time datetime="2025-11-17">' in page


# --- Games and music videos ------------------------------------------------------


def test_a_game_page_lists_its_versions(client):
    game = GameFactory(title="Lantern Deep")
    early = GameVersionFactory(
        production=game,
        name="Early Access",
        kind=VersionKind.EARLY_ACCESS,
        release_date=datetime.date(2024, 5, 1),
        release_date_precision=DatePrecision.MONTH,
        platforms=["windows"],
    )
    full = GameVersionFactory(
        production=game,
        name="1.0",
        release_date=datetime.date(2025, 3, 4),
        platforms=["windows", "ps5", "switch"],
    )
    GameVersionFactory(production=game, name="Switch 2 Edition", release_date=None)
    page = client.get(game.get_absolute_url()).content.decode()
    assert 'id="versions"' in page
    assert f'id="version-{early.pk}"' in page and f'id="version-{full.pk}"' in page
    assert '<time datetime="2024-05">May 2024</time>' in page
    assert '<time datetime="2025-03-04">4 March 2025</time>' in page
    assert "Early Access" in page and "PlayStation 5" in page
    assert "Nintendo Switch" in page
    assert "Release date not announced" in page
    assert page.index("Early Access") < page.index(">1.0 <")


def test_a_music_video_page_names_its_track_and_links_its_artist(client):
    artist = PersonFactory(name="Nadia Vey")
    video = ProductionFactory(
        title="Tidal (official video)",
        kind=ProductionKind.MUSIC_VIDEO,
        track="Tidal",
        artist_name="NADIA VEY",
        artist=artist,
    )
    page = client.get(video.get_absolute_url()).content.decode()
    assert "<dt>Track</dt><dd>Tidal</dd>" in page
    assert f'<a href="{artist.get_absolute_url()}">NADIA VEY</a>' in page
    unlinked = ProductionFactory(
        kind=ProductionKind.MUSIC_VIDEO, track="Undertow", artist_name="The Weirs"
    )
    page = client.get(unlinked.get_absolute_url()).content.decode()
    assert "<dt>Artist</dt><dd>The Weirs</dd>" in page
    person_page = client.get(artist.get_absolute_url()).content.decode()
    assert "Music videos" in person_page
    assert f'href="{video.get_absolute_url()}"' in person_page


# --- Titles, names and dates -----------------------------------------------------


@pytest.mark.parametrize(
    ("precision", "iso", "shown"),
    [
        (DatePrecision.YEAR, "1956", "1956"),
        (DatePrecision.MONTH, "1956-05", "May 1956"),
        (DatePrecision.DAY, "1956-05-14", "14 May 1956"),
    ],
)
def test_partial_release_dates_keep_their_precision(client, precision, iso, shown):
    film = ProductionFactory(
        title="The Harbour Lights",
        release_date=datetime.date(1956, 5, 14),
        release_date_precision=precision,
    )
    tag = f'<time datetime="{iso}">{shown}</time>'
    detail = client.get(film.get_absolute_url()).content.decode()
    assert tag in detail
    assert "1 January" not in detail and "1 Jan 1956" not in detail
    assert tag in client.get("/productions/").content.decode()
    assert tag in client.get("/search/?q=harbour lights").content.decode()


def test_the_production_page_shows_the_original_and_alternative_titles(client):
    film = ProductionFactory(
        title="Seven Samurai", original_title="七人の侍", original_language="ja"
    )
    AlternativeTitle.objects.create(
        production=film, title="The Magnificent Seven", language="en", note="US title"
    )
    AlternativeTitle.objects.create(production=film, title="Shichinin no Samurai")
    page = client.get(film.get_absolute_url()).content.decode()
    assert '<span lang="ja">七人の侍</span>' in page
    assert "(Japanese)" in page
    assert "Also known as" in page
    assert '<span lang="en">The Magnificent Seven</span>' in page
    assert "(English, US title)" in page
    assert "Shichinin no Samurai" in page


def test_the_person_page_lists_aliases(client):
    person = PersonFactory(name="Marta Ilves")
    PersonAlias.objects.create(person=person, name="Marta Ilvesová", note="birth name")
    PersonAlias.objects.create(person=person, name="M. Ilves")
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Also known as" in page
    assert "Marta Ilvesová" in page and "(birth name)" in page
    assert "M. Ilves" in page


def test_search_finds_people_by_alias_and_productions_by_other_titles(client):
    person = PersonFactory(name="Marta Ilves")
    PersonAlias.objects.create(person=person, name="Quillon Brask")
    film = ProductionFactory(
        title="Seven Samurai",
        original_title="Shichinin Zamurai",
        original_language="ja",
    )
    AlternativeTitle.objects.create(production=film, title="Magnificent Ronin")
    page = client.get("/search/?q=quillon").content.decode()
    assert f'href="{person.get_absolute_url()}"' in page
    page = client.get("/search/?q=ronin").content.decode()
    assert f'href="{film.get_absolute_url()}"' in page
    page = client.get("/search/?q=zamurai").content.decode()
    assert f'href="{film.get_absolute_url()}"' in page


# --- The timeline and its anchors --------------------------------------------------


def build_anchored_timeline():
    """A series, a stage show and a game, each with posts about one part of it
    and a post about the whole."""
    series = ProductionFactory(title="Tidewater", kind=ProductionKind.TV_SERIES)
    season = Season.objects.create(production=series, number=1)
    episode = Episode.objects.create(season=season, number=3, title="High Water")
    other_episode = Episode.objects.create(season=season, number=4, title="Low Tide")
    show, _, runs = build_theater(runs=1)
    run = runs[0]
    run.venue.name = "The Old Quay Theatre"
    run.venue.save()
    press_night = run.performances.get(kind=PerformanceKind.PRESS_NIGHT)
    game = GameFactory(title="Lantern Deep")
    version = GameVersionFactory(production=game, name="1.0")
    posts = {
        "episode": PostFactory(
            production=series, episode=episode, title="Flooding the set"
        ),
        "other_episode": PostFactory(
            production=series, episode=other_episode, title="Drying out"
        ),
        "series": PostFactory(production=series, title="Writers' room"),
        "run": PostFactory(production=show, run=run, title="Get-in day"),
        "performance": PostFactory(
            production=show,
            run=run,
            performance=press_night,
            title="Press night nerves",
            phase=PostPhase.RELEASE,
        ),
        "show": PostFactory(production=show, title="Model box"),
        "version": PostFactory(production=game, version=version, title="Ship it"),
    }
    return {
        "series": series,
        "episode": episode,
        "show": show,
        "run": run,
        "game": game,
        "version": version,
        "posts": posts,
    }


def test_the_timeline_shows_what_each_post_is_about(client):
    built = build_anchored_timeline()
    page = client.get(built["series"].get_absolute_url()).content.decode()
    assert (
        f'<a href="{built["episode"].get_absolute_url()}">S1E3 · High Water</a>' in page
    )
    page = client.get(built["show"].get_absolute_url()).content.decode()
    run_link = f"{built['show'].get_absolute_url()}#run-{built['run'].pk}"
    assert f'<a href="{run_link}">The Old Quay Theatre run</a>' in page
    assert (
        f'<a href="{run_link}">Press night, <time datetime="2025-11-14">'
        "14 Nov 2025</time></a>"
    ) in page
    page = client.get(built["game"].get_absolute_url()).content.decode()
    version_link = f"{built['game'].get_absolute_url()}#version-{built['version'].pk}"
    assert f'<a href="{version_link}">Version 1.0</a>' in page


def test_the_timeline_filters_by_episode_run_and_version(client):
    built = build_anchored_timeline()
    series_url = built["series"].get_absolute_url()
    page = client.get(series_url).content.decode()
    assert 'aria-label="Filter the timeline"' in page
    assert f'href="?episode={built["episode"].pk}#timeline"' in page
    page = client.get(f"{series_url}?episode={built['episode'].pk}").content.decode()
    assert "Flooding the set" in page
    assert "Drying out" not in page and "Writers&#x27; room" not in page
    assert "1 of 3 posts, about S1E3 · High Water" in page

    show_url = built["show"].get_absolute_url()
    page = client.get(f"{show_url}?run={built['run'].pk}").content.decode()
    assert "Get-in day" in page and "Press night nerves" in page
    assert "Model box" not in page

    game_url = built["game"].get_absolute_url()
    page = client.get(f"{game_url}?version={built['version'].pk}").content.decode()
    assert "Ship it" in page


def test_a_filter_matching_nothing_says_so(client):
    built = build_anchored_timeline()
    url = built["series"].get_absolute_url()
    response = client.get(f"{url}?run={built['run'].pk}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No published posts match this filter." in page
    assert "Flooding the set" not in page
    response = client.get(f"{url}?episode=high-water")
    assert response.status_code == 400
    assert "No published posts match this filter." in response.content.decode()


def test_the_episode_page_lists_its_posts(client):
    built = build_anchored_timeline()
    page = client.get(built["episode"].get_absolute_url()).content.decode()
    assert "Flooding the set" in page
    assert "Drying out" not in page and "Writers&#x27; room" not in page
    assert f"?episode={built['episode'].pk}#timeline" in page


def test_the_post_page_says_what_the_post_is_about(client):
    built = build_anchored_timeline()
    posts = built["posts"]
    page = client.get(posts["episode"].get_absolute_url()).content.decode()
    assert "About <a" in page and "S1E3 · High Water</a>" in page
    page = client.get(posts["performance"].get_absolute_url()).content.decode()
    assert "Press night, <time" in page
    page = client.get(posts["version"].get_absolute_url()).content.decode()
    assert "Version 1.0</a>" in page
    page = client.get(posts["series"].get_absolute_url()).content.decode()
    assert 'class="post-anchor"' not in page


# --- Query counts ------------------------------------------------------------------


def build_depth(size: int) -> dict:
    """Every depth page's subject, with ``size`` of each repeated row."""
    show, lead, runs = build_theater(title=f"Show {size}", runs=size)
    for run in runs:
        PostFactory(production=show, run=run)
        PostFactory(production=show, run=run, performance=run.performances.first())
    game = GameFactory(title=f"Game {size}")
    for index in range(size):
        version = GameVersionFactory(
            production=game, name=f"{size}.{index}", platforms=["windows", "ps5"]
        )
        PostFactory(production=game, version=version)
    series = ProductionFactory(title=f"Series {size}", kind=ProductionKind.TV_SERIES)
    season = Season.objects.create(production=series, number=1)
    episodes = [
        Episode.objects.create(season=season, number=index + 1, title=f"E{index}")
        for index in range(size)
    ]
    for episode in episodes:
        PostFactory(production=series, episode=episode)
        PostFactory(production=series, episode=episodes[0])
    film = ProductionFactory(
        title=f"Film {size}", original_title=f"Film {size}", original_language="fr"
    )
    for index in range(size):
        AlternativeTitle.objects.create(production=film, title=f"Alt {size}-{index}")
        PersonAlias.objects.create(person=lead, name=f"Alias {size}-{index}")
        ProductionFactory(
            title=f"Video {size}-{index}",
            kind=ProductionKind.MUSIC_VIDEO,
            track="Song",
            artist=lead,
        )
    for run in runs[1:]:
        run.venue = runs[0].venue
        run.save()
    return {
        "theater": show.get_absolute_url(),
        "theater-filtered": f"{show.get_absolute_url()}?run={runs[0].pk}",
        "game": game.get_absolute_url(),
        "series": series.get_absolute_url(),
        "episode": episodes[0].get_absolute_url(),
        "film": film.get_absolute_url(),
        "person": lead.get_absolute_url(),
        "venue": runs[0].venue.get_absolute_url(),
        "venues": "/venues/",
    }


@pytest.mark.parametrize(
    "page",
    [
        "theater",
        "theater-filtered",
        "game",
        "series",
        "episode",
        "film",
        "person",
        "venue",
        "venues",
    ],
)
def test_depth_pages_take_the_same_queries_however_many_rows(
    page, django_assert_num_queries
):
    small = build_depth(1)
    large = build_depth(4)
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(small[page]).status_code == 200
    cache.clear()  # the venue list has one address for both catalogues
    with django_assert_num_queries(len(queries)):
        assert Client().get(large[page]).status_code == 200


@pytest.mark.parametrize(
    ("page", "limit"),
    # The production's JSON-LD reads a show's runs and a game's versions itself.
    [("theater", 10), ("game", 11), ("film", 8), ("person", 6), ("venue", 4)],
)
def test_depth_pages_stay_within_their_query_budget(
    page, limit, django_assert_max_num_queries
):
    urls = build_depth(3)
    with django_assert_max_num_queries(limit):
        assert Client().get(urls[page]).status_code == 200


def test_a_billed_venue_shows_until_the_runs_are_entered(client):
    show = TheaterFactory(venue="The Old Quay Theatre")
    assert "<dt>Venue</dt>" in client.get(show.get_absolute_url()).content.decode()
    RunFactory(production=show)
    assert "<dt>Venue</dt>" not in client.get(show.get_absolute_url()).content.decode()
