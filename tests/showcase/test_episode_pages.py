"""TV series on the pages: seasons and episodes, the episode page, credit lines."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from productions.models import Episode, ProductionKind, Role, Season
from tests.factories import CreditFactory, PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db


def build_series(title: str, person_name: str, episodes_per_season: int = 3):
    """A series of two seasons (2024, 2025) whose every episode the same person
    lit as Director of Photography, plus one guest actor on the first episode."""
    series = ProductionFactory(
        title=title,
        kind=ProductionKind.TV_SERIES,
        release_date=datetime.date(2024, 3, 1),
    )
    person = PersonFactory(name=person_name)
    dp = Role.objects.get(slug="director-of-photography")
    episodes = []
    for number, year in ((1, 2024), (2, 2025)):
        season = Season.objects.create(
            production=series, number=number, title=f"Year {number}"
        )
        for index in range(1, episodes_per_season + 1):
            episode = Episode.objects.create(
                season=season,
                number=index,
                title=f"{title} {number}.{index}",
                air_date=datetime.date(year, 3, index),
                synopsis=f"Chapter {index} of year {number}.",
            )
            CreditFactory(production=series, person=person, role=dp, episode=episode)
            episodes.append(episode)
    guest = PersonFactory(name=f"Guest of {title}")
    CreditFactory(
        production=series,
        person=guest,
        role=Role.objects.get(slug="actor"),
        character="The Keeper",
        episode=episodes[0],
    )
    return series, person, episodes


def test_the_person_page_folds_episode_credits_into_one_line(client):
    series, person, _ = build_series("Tidewater", "Marta Ilves")
    page = client.get(person.get_absolute_url()).content.decode()
    assert page.count("Director of Photography") == 1
    assert "· 6 episodes · 2024–2025" in page


def test_the_series_page_lists_seasons_episodes_and_folded_credits(client):
    series, person, episodes = build_series("Tidewater", "Marta Ilves")
    page = client.get(series.get_absolute_url()).content.decode()
    assert 'id="season-1"' in page and 'id="season-2"' in page
    assert f'href="{episodes[4].get_absolute_url()}"' in page
    assert "Tidewater 2.2" in page
    assert page.count(f'href="{person.get_absolute_url()}"') == 1
    assert "· 6 episodes · 2024–2025" in page
    assert "as The Keeper" in page and "· 1 episode · 2024" in page


def test_the_episode_page_shows_its_synopsis_air_date_and_credits(client):
    series, person, episodes = build_series("Tidewater", "Marta Ilves")
    response = client.get(episodes[0].get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Tidewater 1.1</h1>" in page
    assert "Chapter 1 of year 1." in page
    assert 'datetime="2024-03-01"' in page
    assert "Marta Ilves" in page and "as The Keeper" in page
    later = client.get(episodes[1].get_absolute_url()).content.decode()
    assert "The Keeper" not in later


@pytest.mark.parametrize(
    "path",
    [
        "/productions/{slug}/season/3/episode/1/",
        "/productions/{slug}/season/1/episode/9/",
        "/productions/no-such-show/season/1/episode/1/",
    ],
)
def test_unknown_episodes_are_404s(client, path):
    series, _, _ = build_series("Tidewater", "Marta Ilves")
    assert client.get(path.format(slug=series.slug)).status_code == 404


@pytest.mark.parametrize("page", ["person", "production", "episode"])
def test_series_pages_take_the_same_queries_however_many_episodes(
    page, django_assert_num_queries
):
    small = build_series("Small Show", "Small Crew", episodes_per_season=1)
    large = build_series("Large Show", "Large Crew", episodes_per_season=8)

    def url(built):
        series, person, episodes = built
        return {
            "person": person.get_absolute_url(),
            "production": series.get_absolute_url(),
            "episode": episodes[0].get_absolute_url(),
        }[page]

    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url(small)).status_code == 200
    with django_assert_num_queries(len(queries)):
        assert Client().get(url(large)).status_code == 200
