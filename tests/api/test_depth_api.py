"""Catalogue depth through the API: venues, runs and performances, game versions
and platforms, partial dates, other titles and names, scoped credits and posts
anchored to part of their production."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from media_assets.models import Post
from productions.models import (
    AlternativeTitle,
    Credit,
    Episode,
    GameVersion,
    Performance,
    PerformanceKind,
    PersonAlias,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
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


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def curator_api(curator):
    client = APIClient()
    client.force_authenticate(curator)
    return client


def created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def refused(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_curator_adds_a_venue_and_finds_it(curator_api, api):
    venue = created(
        curator_api.post(
            "/api/v1/venues/",
            {
                "name": "The Old Quay Theatre",
                "city": "Bristol",
                "country": "United Kingdom",
                "capacity": 420,
                "wikidata_id": "Q7755087",
            },
        )
    )
    assert venue["slug"] == "the-old-quay-theatre-bristol"
    assert venue["run_count"] == 0
    VenueFactory(name="Lyceum", city="Edinburgh", country="United Kingdom")
    VenueFactory(name="Théâtre du Port", city="Marseille", country="France")

    read = api.get(f"/api/v1/venues/{venue['slug']}/").json()
    assert read["capacity"] == 420

    def names(query: str) -> list[str]:
        return [row["name"] for row in results(api.get(f"/api/v1/venues/?{query}"))]

    assert names("city=bristol") == ["The Old Quay Theatre"]
    assert names("country=France") == ["Théâtre du Port"]
    assert names("search=quay") == ["The Old Quay Theatre"]


def test_a_venue_with_runs_is_not_deleted(curator_api):
    run = RunFactory()
    response = curator_api.delete(f"/api/v1/venues/{run.venue.slug}/")
    assert response.status_code == 409
    assert "detail" in response.json()
    assert Venue.objects.filter(pk=run.venue_id).exists()


def test_a_curator_adds_a_run_written_with_slugs_read_with_its_venue(curator_api):
    show = TheaterFactory(title="A Winter's Lantern")
    venue = VenueFactory(name="The Old Quay Theatre")
    run = created(
        curator_api.post(
            "/api/v1/runs/",
            {
                "production": show.slug,
                "venue": venue.slug,
                "tour": "UK tour 2025",
                "opening_date": "2025-11-14",
                "closing_date": "2026-01-10",
            },
        )
    )
    assert run["production"] == show.slug
    assert run["venue"]["slug"] == venue.slug
    assert run["venue"]["name"] == "The Old Quay Theatre"
    assert run["dates"] == "14 Nov 2025 – 10 Jan 2026"
    assert run["performances"] == []

    for date, kind in (
        ("2025-11-18", PerformanceKind.PRESS_NIGHT),
        ("2025-11-14", PerformanceKind.OPENING_NIGHT),
    ):
        created(
            curator_api.post(
                "/api/v1/performances/",
                {"run": run["id"], "date": date, "time": "19:30", "kind": kind},
            )
        )
    detail = curator_api.get(f"/api/v1/runs/{run['id']}/").json()
    assert [p["date"] for p in detail["performances"]] == ["2025-11-14", "2025-11-18"]

    changed = curator_api.patch(
        f"/api/v1/runs/{run['id']}/", {"notes": "Extended."}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["venue"]["slug"] == venue.slug


def test_runs_are_filtered(api):
    show = TheaterFactory(title="The Lantern")
    other = TheaterFactory(title="The Harbour")
    quay, lyceum = VenueFactory(name="Quay"), VenueFactory(name="Lyceum")
    today = timezone.localdate()
    spring = RunFactory(
        production=show,
        venue=quay,
        opening_date=datetime.date(2025, 3, 1),
        closing_date=datetime.date(2025, 4, 30),
    )
    tour = RunFactory(
        production=show,
        venue=lyceum,
        tour="UK tour",
        opening_date=today - datetime.timedelta(days=10),
        closing_date=None,
    )
    elsewhere = RunFactory(
        production=other,
        venue=quay,
        opening_date=datetime.date(2025, 4, 1),
        closing_date=datetime.date(2025, 4, 10),
    )

    def ids(query: str) -> set[int]:
        return {row["id"] for row in results(api.get(f"/api/v1/runs/?{query}"))}

    assert ids(f"production={show.slug}") == {spring.pk, tour.pk}
    assert ids(f"venue={quay.slug}") == {spring.pk, elsewhere.pk}
    assert ids("tour=uk") == {tour.pk}
    assert ids("open_on=2025-04-05") == {spring.pk, elsewhere.pk}
    assert ids("open_on=2025-05-01") == set()
    assert ids("current=true") == {tour.pk}
    assert ids("current=false") == {spring.pk, elsewhere.pk}
    row = results(api.get(f"/api/v1/runs/?production={other.slug}"))[0]
    assert row["venue"]["name"] == "Quay"
    assert "performances" not in row


def test_performances_are_filtered(api):
    run = RunFactory()
    other = RunFactory()
    opening = PerformanceFactory(
        run=run, date=run.opening_date, kind=PerformanceKind.OPENING_NIGHT
    )
    later = PerformanceFactory(run=run, date=datetime.date(2025, 12, 20))
    PerformanceFactory(run=other)

    def ids(query: str) -> set[int]:
        rows = results(api.get(f"/api/v1/performances/?{query}"))
        return {row["id"] for row in rows}

    assert ids(f"run={run.pk}") == {opening.pk, later.pk}
    assert ids(f"production={run.production.slug}") == {opening.pk, later.pk}
    assert ids("kind=opening_night") == {opening.pk}
    assert ids(f"run={run.pk}&date_after=2025-12-01") == {later.pk}
    assert ids(f"run={run.pk}&date_before=2025-12-01") == {opening.pk}
    row = api.get(f"/api/v1/performances/{opening.pk}/").json()
    assert row["production"] == run.production.slug
    assert row["venue"] == run.venue.slug


def test_platforms_are_one_unpaginated_list(api):
    rows = api.get("/api/v1/platforms/").json()
    assert isinstance(rows, list)
    assert {"windows", "ps5", "switch"} <= {row["slug"] for row in rows}
    assert api.get("/api/v1/platforms/ps5/").json()["name"] == "PlayStation 5"


def test_a_curator_adds_a_game_version_with_platforms_and_a_partial_date(
    curator_api, api
):
    game = GameFactory(title="Lanternfall")
    version = created(
        curator_api.post(
            "/api/v1/versions/",
            {
                "production": game.slug,
                "name": "Early Access",
                "kind": VersionKind.EARLY_ACCESS,
                "release_date": "2024-09",
                "platforms": ["windows", "steam-deck"],
            },
            format="json",
        )
    )
    assert version["release_date"] == "2024-09"
    assert version["release_date_precision"] == "month"
    assert sorted(version["platforms"]) == ["steam-deck", "windows"]
    stored = GameVersion.objects.get(pk=version["id"])
    assert stored.release_date == datetime.date(2024, 9, 1)

    changed = curator_api.patch(
        f"/api/v1/versions/{version['id']}/",
        {"platforms": ["ps5"], "release_date": "2024-09-12"},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["platforms"] == ["ps5"]
    assert changed.json()["release_date"] == "2024-09-12"

    GameVersionFactory(production=game, name="1.0", kind=VersionKind.RELEASE)
    GameVersionFactory(name="Demo", kind=VersionKind.DEMO)

    def names(query: str) -> set[str]:
        rows = results(api.get(f"/api/v1/versions/?{query}"))
        return {row["name"] for row in rows}

    assert names(f"production={game.slug}") == {"Early Access", "1.0"}
    assert names("kind=demo") == {"Demo"}
    assert names("platform=ps5") == {"Early Access"}


def test_production_depth_fields_are_written_and_read(curator_api):
    artist = PersonFactory(name="Ilse Marr")
    body = created(
        curator_api.post(
            "/api/v1/productions/",
            {
                "title": "Salt Song",
                "kind": ProductionKind.MUSIC_VIDEO,
                "status": ProductionStatus.RELEASED,
                "original_title": "Sōruto Songu",
                "original_language": "ja",
                "release_date": "1956",
                "wikidata_id": "Q83495",
                "track": "Salt Song",
                "artist_name": "Ilse Marr & the Tides",
                "artist": artist.slug,
                "alternative_titles": [
                    {"title": "Canción de sal", "language": "es"},
                    {"title": "Working title: Brine", "note": "working title"},
                ],
            },
            format="json",
        )
    )
    assert body["release_date"] == "1956"
    assert body["release_date_precision"] == "year"
    assert body["year"] == 1956
    assert body["artist"] == artist.slug
    assert {row["title"] for row in body["alternative_titles"]} == {
        "Canción de sal",
        "Working title: Brine",
    }
    production = Production.objects.get(slug=body["slug"])
    assert production.release_date == datetime.date(1956, 1, 1)
    assert "Canción de sal" in production.other_titles

    url = f"/api/v1/productions/{body['slug']}/"
    changed = curator_api.patch(
        url,
        {
            "release_date": "1956-05-14",
            "alternative_titles": [{"title": "Sel", "language": "fr", "note": ""}],
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["release_date"] == "1956-05-14"
    assert changed.json()["alternative_titles"] == [
        {"title": "Sel", "language": "fr", "note": ""}
    ]
    assert list(production.alternative_titles.values_list("title", flat=True)) == [
        "Sel"
    ]
    untouched = curator_api.patch(url, {"synopsis": "Waves."}, format="json")
    assert len(untouched.json()["alternative_titles"]) == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"release_date": "1956--12"}, "release_date"),
        ({"release_date": "1956-13"}, "release_date"),
        ({"artist_name": "Someone"}, "artist_name"),
        ({"original_title": "Le Film"}, "original_language"),
        ({"wikidata_id": "83495"}, "wikidata_id"),
        (
            {"alternative_titles": [{"title": "Twice"}, {"title": "Twice"}]},
            "alternative_titles",
        ),
    ],
)
def test_bad_production_depth_is_refused_naming_the_field(curator_api, payload, field):
    response = curator_api.post(
        "/api/v1/productions/",
        {"title": "Film", "kind": ProductionKind.FILM, **payload},
        format="json",
    )
    assert field in refused(response)
    assert not Production.objects.exists()
    assert not AlternativeTitle.objects.exists()


def test_a_day_without_its_month_says_so(curator_api):
    body = refused(
        curator_api.post(
            "/api/v1/productions/",
            {"title": "Film", "kind": "film", "release_date": "1956--12"},
            format="json",
        )
    )
    assert "needs its month" in body["release_date"][0]


def test_an_artist_only_on_music_videos(curator_api):
    film = ProductionFactory()
    response = curator_api.patch(
        f"/api/v1/productions/{film.slug}/",
        {"artist": PersonFactory().slug},
        format="json",
    )
    assert "artist" in refused(response)
    film.refresh_from_db()
    assert film.artist_id is None


def test_a_full_release_date_still_reads_as_a_day(api):
    film = ProductionFactory(release_date=datetime.date(2024, 5, 17))
    assert api.get(f"/api/v1/productions/{film.slug}/").json()["release_date"] == (
        "2024-05-17"
    )


def test_expanding_runs_and_versions_takes_a_bounded_number_of_queries(
    api, django_assert_max_num_queries
):
    for index in range(8):
        show = TheaterFactory(title=f"Show {index}")
        for offset in (0, 30):
            run = RunFactory(
                production=show,
                opening_date=datetime.date(2025, 1, 1) + datetime.timedelta(offset),
                closing_date=datetime.date(2025, 1, 20) + datetime.timedelta(offset),
            )
            PerformanceFactory(run=run)
        game = GameFactory(title=f"Game {index}")
        version = GameVersionFactory(production=game)
        version.platforms.set(Platform.objects.filter(slug__in=["windows", "ps5"]))
    with django_assert_max_num_queries(14):
        rows = results(
            api.get("/api/v1/productions/?expand=runs,versions&page_size=50")
        )
    shows = [row for row in rows if row["kind"] == ProductionKind.THEATER]
    games = [row for row in rows if row["kind"] == ProductionKind.VIDEO_GAME]
    assert len(shows) == len(games) == 8
    first = shows[0]["runs"]
    assert [run["opening_date"] for run in first] == ["2025-01-01", "2025-01-31"]
    assert first[0]["venue"]["name"]
    assert len(first[0]["performances"]) == 1
    assert sorted(games[0]["versions"][0]["platforms"]) == ["ps5", "windows"]
    plain = results(api.get("/api/v1/productions/"))[0]
    assert "runs" not in plain and "versions" not in plain


def test_person_depth_fields_and_aliases(curator_api):
    body = created(
        curator_api.post(
            "/api/v1/people/",
            {
                "name": "Marta Ilves",
                "tmdb_id": 1234,
                "wikidata_id": "Q42",
                "aliases": [
                    {"name": "Марта Ильвес", "note": "in Russian"},
                    {"name": "Marta Ilvesová"},
                ],
            },
            format="json",
        )
    )
    assert body["tmdb_id"] == 1234
    assert {alias["name"] for alias in body["aliases"]} == {
        "Марта Ильвес",
        "Marta Ilvesová",
    }
    url = f"/api/v1/people/{body['slug']}/"
    changed = curator_api.patch(url, {"aliases": []}, format="json")
    assert changed.json()["aliases"] == []
    assert not PersonAlias.objects.exists()
    twice = curator_api.patch(
        url, {"aliases": [{"name": "M. I."}, {"name": "M. I."}]}, format="json"
    )
    assert "aliases" in refused(twice)
    assert not PersonAlias.objects.exists()


def test_credits_are_scoped_to_runs_with_dates(curator_api, api):
    run = RunFactory(production__title="The Lantern")
    person = PersonFactory(name="Ada Okafor")
    credit = created(
        curator_api.post(
            "/api/v1/credits/",
            {
                "production": run.production.slug,
                "person": person.slug,
                "role": "actor",
                "character": "Nora",
                "run": run.pk,
                "start_date": "2025-11-14",
                "end_date": "2025-12-20",
            },
            format="json",
        )
    )
    assert credit["run"] == run.pk
    assert credit["run_summary"]["venue_name"] == run.venue.name
    assert credit["run_summary"]["dates"] == run.dates
    CreditFactory(production=run.production, role=Role.objects.get(slug="director"))

    def ids(query: str) -> set[int]:
        return {row["id"] for row in results(api.get(f"/api/v1/credits/?{query}"))}

    wide = Credit.objects.get(run__isnull=True).pk
    assert ids(f"run={run.pk}") == {credit["id"]}
    assert ids(f"production={run.production.slug}&series_wide=true") == {wide}
    assert ids(f"production={run.production.slug}&series_wide=false") == {credit["id"]}

    listed = api.get(f"/api/v1/people/{person.slug}/").json()["credits"][0]
    assert listed["run"]["id"] == run.pk
    assert listed["run"]["venue_name"] == run.venue.name
    assert (listed["start_date"], listed["end_date"]) == ("2025-11-14", "2025-12-20")


def test_series_wide_leaves_out_episode_credits_too(api):
    series = ProductionFactory(kind=ProductionKind.TV_SERIES)
    season = Season.objects.create(production=series, number=1)
    episode = Episode.objects.create(season=season, number=1, title="Pilot")
    director = Role.objects.get(slug="director")
    wide = CreditFactory(production=series, role=director)
    CreditFactory(production=series, role=director, episode=episode)
    rows = results(
        api.get(f"/api/v1/credits/?production={series.slug}&series_wide=true")
    )
    assert [row["id"] for row in rows] == [wide.pk]


def test_a_credit_on_another_productions_run_or_episode_is_refused(curator_api):
    run = RunFactory()
    series = ProductionFactory(kind=ProductionKind.TV_SERIES)
    episode = Episode.objects.create(
        season=Season.objects.create(production=series, number=1),
        number=1,
        title="Pilot",
    )
    other = TheaterFactory()
    for scope, field in ((("run", run.pk)), ("episode", episode.pk)):
        payload = {
            "production": other.slug,
            "person": PersonFactory().slug,
            "role": "director",
            scope: field,
        }
        body = refused(curator_api.post("/api/v1/credits/", payload, format="json"))
        assert scope in body
    assert not Credit.objects.exists()


def test_a_credit_cannot_end_before_it_starts(curator_api):
    run = RunFactory()
    response = curator_api.post(
        "/api/v1/credits/",
        {
            "production": run.production.slug,
            "person": PersonFactory().slug,
            "role": "director",
            "run": run.pk,
            "start_date": "2025-12-01",
            "end_date": "2025-11-01",
        },
        format="json",
    )
    assert "end_date" in refused(response)
    assert not Credit.objects.exists()


def test_a_run_closing_before_it_opens_is_refused(curator_api):
    show, venue = TheaterFactory(), VenueFactory()
    response = curator_api.post(
        "/api/v1/runs/",
        {
            "production": show.slug,
            "venue": venue.slug,
            "opening_date": "2025-11-14",
            "closing_date": "2025-11-01",
        },
        format="json",
    )
    assert "closing_date" in refused(response)
    assert not Run.objects.exists()


def test_a_run_of_a_film_or_at_an_unknown_venue_is_refused(curator_api):
    film, venue = ProductionFactory(), VenueFactory()
    payload = {"production": film.slug, "venue": venue.slug, "opening_date": "2025-1-1"}
    assert "production" in refused(curator_api.post("/api/v1/runs/", payload))
    payload = {"production": TheaterFactory().slug, "venue": "nowhere"}
    body = refused(curator_api.post("/api/v1/runs/", payload))
    assert body["venue"] == ["No venue has the slug “nowhere”."]
    assert not Run.objects.exists()


def test_a_performance_outside_its_run_is_refused(curator_api):
    run = RunFactory()
    response = curator_api.post(
        "/api/v1/performances/",
        {"run": run.pk, "date": "2026-02-01"},
        format="json",
    )
    assert "falls outside" in refused(response)["date"][0]
    assert not Performance.objects.exists()


def test_an_unknown_platform_is_refused(curator_api):
    game = GameFactory()
    response = curator_api.post(
        "/api/v1/versions/",
        {"production": game.slug, "name": "1.0", "platforms": ["windows", "amiga"]},
        format="json",
    )
    assert refused(response)["platforms"] == ["No platform has the slug “amiga”."]
    assert not GameVersion.objects.exists()


def test_a_version_of_a_film_is_refused(curator_api):
    response = curator_api.post(
        "/api/v1/versions/",
        {"production": ProductionFactory().slug, "name": "1.0"},
        format="json",
    )
    assert "production" in refused(response)
    assert not GameVersion.objects.exists()


def test_a_season_or_episode_number_that_exists_is_refused(curator_api):
    series = ProductionFactory(kind=ProductionKind.TV_SERIES)
    season = Season.objects.create(production=series, number=1)
    Episode.objects.create(season=season, number=1, title="Pilot")
    body = refused(
        curator_api.post(
            "/api/v1/seasons/", {"production": series.slug, "number": 1}, format="json"
        )
    )
    assert "number" in body
    body = refused(
        curator_api.post(
            "/api/v1/episodes/",
            {"season": season.pk, "number": 1, "title": "Again"},
            format="json",
        )
    )
    assert "number" in body
    assert Season.objects.count() == Episode.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "payload"),
    [
        ("/api/v1/venues/", {"name": "Quay", "city": "Bristol", "country": "UK"}),
        ("/api/v1/runs/", {"opening_date": "2025-11-14"}),
        ("/api/v1/performances/", {"date": "2025-11-14"}),
        ("/api/v1/versions/", {"name": "1.0"}),
    ],
)
def test_anonymous_and_fans_cannot_write(api, fan, url, payload):
    assert api.post(url, payload, format="json").status_code == 401
    api.force_authenticate(fan)
    assert api.post(url, payload, format="json").status_code == 403
    assert not Venue.objects.exists()


def test_platforms_are_read_only(superuser):
    api = APIClient()
    api.force_authenticate(superuser)
    assert api.post("/api/v1/platforms/", {"name": "Amiga"}).status_code == 405
    assert api.delete("/api/v1/platforms/ps5/").status_code == 405


def post_payload(production, **anchors) -> dict:
    return {
        "production": production.slug,
        "title": "Press night",
        "kind": "rehearsal",
        "phase": "live_run",
        **anchors,
    }


def test_a_post_about_a_performance_brings_its_run(curator_api, api):
    run = RunFactory(venue__name="The Old Quay Theatre")
    performance = PerformanceFactory(run=run, date=datetime.date(2025, 11, 18))
    body = created(
        curator_api.post(
            "/api/v1/posts/",
            post_payload(run.production, performance=performance.pk),
            format="json",
        )
    )
    assert (body["performance"], body["run"]) == (performance.pk, run.pk)
    assert body["anchor"] == {
        "type": "performance",
        "id": performance.pk,
        "label": "18 Nov 2025 at The Old Quay Theatre",
        "page_url": None,
    }
    post = Post.objects.get(slug=body["slug"])
    assert post.run_id == run.pk

    changed = curator_api.patch(
        f"/api/v1/posts/{post.slug}/",
        {"performance": None, "run": None},
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["anchor"] is None


def test_posts_are_filtered_by_their_anchor(api):
    run = RunFactory()
    performance = PerformanceFactory(run=run)
    on_run = PostFactory(production=run.production, run=run)
    on_night = PostFactory(production=run.production, run=run, performance=performance)
    series = ProductionFactory(kind=ProductionKind.TV_SERIES)
    episode = Episode.objects.create(
        season=Season.objects.create(production=series, number=1),
        number=3,
        title="High Water",
    )
    on_episode = PostFactory(production=series, episode=episode)
    version = GameVersionFactory(name="Early Access")
    on_version = PostFactory(production=version.production, version=version)
    PostFactory()

    def slugs(query: str) -> set[str]:
        return {row["slug"] for row in results(api.get(f"/api/v1/posts/?{query}"))}

    assert slugs(f"run={run.pk}") == {on_run.slug, on_night.slug}
    assert slugs(f"performance={performance.pk}") == {on_night.slug}
    assert slugs(f"episode={episode.pk}") == {on_episode.slug}
    assert slugs(f"version={version.pk}") == {on_version.slug}
    rows = {row["slug"]: row for row in results(api.get("/api/v1/posts/"))}
    anchor = rows[on_episode.slug]["anchor"]
    assert (anchor["type"], anchor["label"]) == ("episode", "S1E3 · High Water")
    assert anchor["page_url"].endswith("/season/1/episode/3/")
    assert rows[on_version.slug]["anchor"]["label"] == "Early Access"
    assert rows[on_run.slug]["anchor"]["page_url"].endswith(f"#run-{run.pk}")


def test_the_post_stream_reads_anchors_in_a_bounded_number_of_queries(
    api, django_assert_max_num_queries
):
    for _ in range(10):
        performance = PerformanceFactory()
        PostFactory(
            production=performance.run.production,
            run=performance.run,
            performance=performance,
        )
    with django_assert_max_num_queries(12):
        rows = results(api.get("/api/v1/posts/"))
    assert all(row["anchor"]["type"] == "performance" for row in rows)


def test_a_post_anchored_to_another_production_is_refused(curator_api):
    run = RunFactory()
    other = TheaterFactory()
    response = curator_api.post(
        "/api/v1/posts/", post_payload(other, run=run.pk), format="json"
    )
    assert "run" in refused(response)
    both = curator_api.post(
        "/api/v1/posts/",
        post_payload(run.production, run=run.pk, version=GameVersionFactory().pk),
        format="json",
    )
    assert "version" in refused(both)
    assert not Post.objects.exists()
