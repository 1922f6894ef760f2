"""Posts anchored to the part of a production they are about."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from productions.models import (
    Episode,
    GameVersion,
    Performance,
    ProductionKind,
    Run,
    Season,
    Venue,
)
from tests.factories import PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return ProductionFactory(title="Tidewater", kind=ProductionKind.TV_SERIES)


@pytest.fixture
def episode(series):
    season = Season.objects.create(production=series, number=1)
    return Episode.objects.create(season=season, number=3, title="High Water")


@pytest.fixture
def run():
    musical = ProductionFactory(
        title="The Lantern Road", kind=ProductionKind.THEATER, status="running"
    )
    venue = Venue.objects.create(name="Old Quay", city="Bristol", country="UK")
    return Run.objects.create(
        production=musical,
        venue=venue,
        opening_date=datetime.date(2025, 11, 14),
        closing_date=datetime.date(2026, 1, 10),
    )


def test_a_post_about_an_episode_names_it(series, episode):
    post = PostFactory.build(production=series, episode=episode)
    post.full_clean(exclude=["slug"])
    assert post.anchor == episode


def test_a_post_about_another_productions_episode_is_a_field_error(episode):
    post = PostFactory.build(production=ProductionFactory(), episode=episode)
    with pytest.raises(ValidationError) as caught:
        post.clean()
    assert "is not part of" in caught.value.message_dict["episode"][0]


def test_a_performance_brings_its_run(run):
    performance = Performance.objects.create(
        run=run, date=datetime.date(2025, 11, 20), kind="press_night"
    )
    post = PostFactory.build(production=run.production, performance=performance)
    post.clean()
    assert post.run_id == run.pk
    assert post.anchor == performance


def test_a_performance_of_another_run_is_refused(run):
    other = Run.objects.create(
        production=run.production,
        venue=run.venue,
        opening_date=datetime.date(2026, 3, 1),
    )
    performance = Performance.objects.create(run=other, date=datetime.date(2026, 3, 2))
    post = PostFactory.build(
        production=run.production, run=run, performance=performance
    )
    with pytest.raises(ValidationError) as caught:
        post.clean()
    assert caught.value.message_dict["performance"] == [
        "This performance belongs to another run."
    ]


def test_a_post_has_one_kind_of_anchor(series, episode):
    game = ProductionFactory(kind=ProductionKind.VIDEO_GAME)
    version = GameVersion.objects.create(production=game, name="1.0")
    post = PostFactory.build(production=series, episode=episode, version=version)
    with pytest.raises(ValidationError) as caught:
        post.clean()
    assert "choose one" in caught.value.message_dict["version"][0]


def test_deleting_the_anchor_keeps_the_post(series, episode):
    post = PostFactory(production=series, episode=episode)
    episode.delete()
    post.refresh_from_db()
    assert post.episode_id is None


# Crew say what their post is about


@pytest.fixture
def crew_on_series(client, crew_person, series):
    from productions.models import Role
    from tests.factories import CreditFactory

    CreditFactory(
        production=series, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    client.force_login(crew_person.user)
    return client


def test_crew_post_about_an_episode_and_change_it(crew_on_series, series, episode):
    from django.urls import reverse

    from media_assets.models import Post
    from tests.test_crew import contribution

    later = Episode.objects.create(season=episode.season, number=4, title="Low Water")
    form = crew_on_series.get(reverse("media_assets:contribute")).content.decode()
    assert "S1E3 · High Water" in form
    response = crew_on_series.post(
        reverse("media_assets:contribute"),
        contribution(series, about=f"episode:{episode.pk}"),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.episode == episode

    edit = reverse("media_assets:post-edit", kwargs={"slug": post.slug})
    page = crew_on_series.get(edit).content.decode()
    assert f'value="episode:{episode.pk}" selected' in page
    response = crew_on_series.post(
        edit, contribution(series, about=f"episode:{later.pk}")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.episode == later
    crew_on_series.post(edit, contribution(series, about=""))
    post.refresh_from_db()
    assert post.anchor is None
