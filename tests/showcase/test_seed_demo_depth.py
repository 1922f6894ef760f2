"""The demo catalogue's depth: seasons, a tour, game versions, a music video's
artist, other titles and partial dates (seed_demo with demo_depth)."""

from io import StringIO

import pytest
from django.core.management import call_command

from bts_catalog.partial_dates import DatePrecision
from media_assets.models import Post
from productions.models import (
    Credit,
    GameVersion,
    Performance,
    PerformanceKind,
    Person,
    Production,
    ProductionKind,
    Run,
    VersionKind,
)
from showcase.management.commands import seed_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", "--images", "0", "--videos", "0", stdout=StringIO())


def first_of(kind: str) -> Production:
    return (
        Production.objects.filter(kind=kind, wikidata_id__gt="").order_by("pk").first()
    )


def test_a_series_has_two_seasons_with_episode_credits_and_posts(seeded):
    series = first_of(ProductionKind.TV_SERIES)

    assert series.seasons.count() == 2
    for season in series.seasons.all():
        for episode in season.episodes.all():
            credits = Credit.objects.for_episode(episode).select_related("role")
            roles = {credit.role.slug for credit in credits}
            assert {"director", "screenwriter", "actor"} <= roles, episode
            assert any(credit.character for credit in credits)
    anchored = Post.objects.filter(episode__season__production=series)
    assert anchored.exists()
    for post in anchored:
        post.full_clean()


def test_a_touring_musical_has_runs_performances_and_a_cast_change(seeded):
    show = first_of(ProductionKind.THEATER)
    runs = list(Run.objects.for_production(show).in_order())

    assert len(runs) == 3
    assert len({run.venue_id for run in runs}) == 3
    assert len({run.tour for run in runs}) == 1 and runs[0].tour
    kinds = set(
        Performance.objects.filter(run__production=show).values_list("kind", flat=True)
    )
    assert {PerformanceKind.PRESS_NIGHT, PerformanceKind.UNDERSTUDY} <= kinds
    for performance in Performance.objects.filter(run__production=show):
        performance.full_clean()
    leaving = Credit.objects.filter(run__production=show, end_date__isnull=False)
    joining = Credit.objects.filter(run__production=show, start_date__isnull=False)
    assert leaving.exists() and joining.exists()
    change = leaving.first()
    assert joining.filter(
        character=change.character, start_date__gt=change.end_date
    ).exists()
    assert Post.objects.filter(run__production=show, performance__isnull=True)
    assert Post.objects.filter(performance__run__production=show)


def test_a_game_has_versions_on_curated_platforms_and_posts_about_them(seeded):
    game = first_of(ProductionKind.VIDEO_GAME)
    versions = GameVersion.objects.for_production(game).with_platforms()

    assert {VersionKind.EARLY_ACCESS, VersionKind.RELEASE, VersionKind.EXPANSION} <= {
        version.kind for version in versions
    }
    for version in versions:
        assert version.platforms.exists()
    assert versions.get(kind=VersionKind.EARLY_ACCESS).release_date_precision == (
        DatePrecision.MONTH
    )
    assert Post.objects.filter(version__production=game).exists()


def test_a_music_video_names_its_track_and_artist(seeded):
    video = first_of(ProductionKind.MUSIC_VIDEO)

    assert video.track and video.artist_name
    assert video.artist is not None
    assert video.artist.aliases.filter(name=video.artist_name).exists()
    assert video.artist_name in video.artist.other_names


def test_a_film_has_an_original_title_and_other_titles(seeded):
    film = first_of(ProductionKind.FILM)

    assert film.original_title and film.original_language
    assert film.alternative_titles.count() >= 2
    assert film.other_titles
    film.full_clean()


def test_release_dates_known_to_the_year_or_the_month(seeded):
    precisions = set(
        Production.objects.values_list("release_date_precision", flat=True)
    )

    assert {DatePrecision.YEAR, DatePrecision.MONTH} <= precisions
    for production in Production.objects.exclude(
        release_date_precision=DatePrecision.DAY
    ):
        assert production.release_date.day == 1
        for post in production.posts.all():
            assert post.happened_on < production.release_date


def test_people_and_productions_have_wikidata_ids(seeded):
    assert Production.objects.exclude(wikidata_id="").count() >= 5
    assert Person.objects.exclude(wikidata_id="").exists()


def test_running_again_adds_no_depth(seeded):
    before = {label: model.objects.count() for label, model in seed_demo.COUNTED}
    anchored = set(
        Post.objects.exclude(
            episode=None, run=None, performance=None, version=None
        ).values_list("pk", flat=True)
    )

    call_command("seed_demo", "--images", "0", "--videos", "0", stdout=StringIO())

    assert {label: model.objects.count() for label, model in seed_demo.COUNTED} == (
        before
    )
    assert anchored == set(
        Post.objects.exclude(
            episode=None, run=None, performance=None, version=None
        ).values_list("pk", flat=True)
    )
