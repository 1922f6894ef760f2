"""Seasons, episodes and episode credits through the API."""

import pytest
from rest_framework.test import APIClient

from productions.models import Credit, Episode, ProductionKind, Role, Season
from tests.factories import PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db


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
    body = response.json()
    assert body.pop("code") == "invalid" and body.pop("message")
    return body


def test_a_curator_builds_a_series_with_seasons_and_episode_credits(curator_api):
    series = created(
        curator_api.post(
            "/api/v1/productions/",
            {"title": "Tidewater", "kind": ProductionKind.TV_SERIES},
        )
    )
    marta = PersonFactory(name="Marta Ilves")
    seasons = [
        created(
            curator_api.post(
                "/api/v1/seasons/",
                {
                    "production": series["slug"],
                    "number": number,
                    "start_date": f"{year}-03-01",
                    "end_date": f"{year}-04-30",
                },
            )
        )
        for number, year in ((1, 2024), (2, 2025))
    ]
    episodes = [
        created(
            curator_api.post(
                "/api/v1/episodes/",
                {
                    "season": season["id"],
                    "number": number,
                    "title": f"Chapter {season['number']}.{number}",
                    "air_date": f"{2023 + season['number']}-03-0{number}",
                },
            )
        )
        for season in seasons
        for number in (1, 2, 3)
    ]
    assert episodes[0]["production"] == series["slug"]
    assert episodes[0]["page_url"].endswith(
        f"/productions/{series['slug']}/season/1/episode/1/"
    )
    for episode in episodes:
        created(
            curator_api.post(
                "/api/v1/credits/",
                {
                    "production": series["slug"],
                    "person": marta.slug,
                    "role": "director-of-photography",
                    "episode": episode["id"],
                },
            )
        )
    created(
        curator_api.post(
            "/api/v1/credits/",
            {
                "production": series["slug"],
                "person": marta.slug,
                "role": "director-of-photography",
            },
        )
    )
    assert Credit.objects.filter(person=marta, episode__isnull=False).count() == 6

    api = APIClient()
    detail = api.get(f"/api/v1/productions/{series['slug']}/?expand=seasons").json()
    assert [season["number"] for season in detail["seasons"]] == [1, 2]
    assert [e["title"] for e in detail["seasons"][1]["episodes"]] == [
        "Chapter 2.1",
        "Chapter 2.2",
        "Chapter 2.3",
    ]
    scoped = [c["episode"] for c in detail["credits"] if c["episode"]]
    assert len(scoped) == 6 and scoped[0]["season"] in (1, 2)
    assert "seasons" not in api.get(f"/api/v1/productions/{series['slug']}/").json()

    second = api.get(
        f"/api/v1/episodes/?production={series['slug']}&season=2"
        "&air_date_after=2025-03-02"
    ).json()
    assert [row["title"] for row in second["results"]] == [
        "Chapter 2.2",
        "Chapter 2.3",
    ]
    by_episode = api.get(f"/api/v1/credits/?episode={episodes[0]['id']}").json()
    assert by_episode["count"] == 1
    assert api.get("/api/v1/credits/?series_wide=true").json()["count"] == 1
    assert api.get(f"/api/v1/seasons/?production={series['slug']}").json()["count"] == 2


def test_anonymous_clients_read_but_do_not_write():
    api = APIClient()
    assert api.get("/api/v1/seasons/").status_code == 200
    assert api.get("/api/v1/episodes/").status_code == 200
    series = ProductionFactory(kind=ProductionKind.TV_SERIES)
    response = api.post("/api/v1/seasons/", {"production": series.slug, "number": 1})
    assert response.status_code == 401
    assert not Season.objects.exists()


@pytest.fixture
def season(curator_api):
    series = ProductionFactory(title="Tidewater", kind=ProductionKind.TV_SERIES)
    return Season.objects.create(production=series, number=1)


def test_clashing_numbers_are_400s_naming_the_field(curator_api, season):
    body = refused(
        curator_api.post(
            "/api/v1/seasons/", {"production": season.production.slug, "number": 1}
        )
    )
    assert body == {"number": ["Tidewater already has a season 1."]}
    Episode.objects.create(season=season, number=1, title="Pilot")
    body = refused(
        curator_api.post(
            "/api/v1/episodes/", {"season": season.pk, "number": 1, "title": "Again"}
        )
    )
    assert body == {"number": ["Season 1 already has an episode 1."]}
    assert Season.objects.count() == 1 and Episode.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"number": 0}, "number"),
        ({"number": "two"}, "number"),
        ({"start_date": "2024-05-01", "end_date": "2024-04-01"}, "end_date"),
        ({"production": "no-such-series"}, "production"),
    ],
)
def test_bad_seasons_are_400s(curator_api, season, payload, field):
    body = refused(
        curator_api.post(
            "/api/v1/seasons/",
            {"production": season.production.slug, "number": 2, **payload},
        )
    )
    assert field in body
    assert Season.objects.count() == 1


def test_a_film_has_no_seasons(curator_api):
    film = ProductionFactory(title="The Salt Orchard", kind=ProductionKind.FILM)
    body = refused(
        curator_api.post("/api/v1/seasons/", {"production": film.slug, "number": 1})
    )
    assert "Only TV series have seasons" in body["production"][0]


def test_a_credit_on_another_productions_episode_is_a_400(curator_api, season):
    episode = Episode.objects.create(season=season, number=1, title="Pilot")
    other = ProductionFactory(title="Other Show", kind=ProductionKind.TV_SERIES)
    body = refused(
        curator_api.post(
            "/api/v1/credits/",
            {
                "production": other.slug,
                "person": PersonFactory().slug,
                "role": "director",
                "episode": episode.pk,
            },
        )
    )
    assert "not of Other Show" in body["episode"][0]
    assert not Credit.objects.exists()


def test_the_same_episode_credit_twice_is_a_400(curator_api, season):
    episode = Episode.objects.create(season=season, number=1, title="Pilot")
    payload = {
        "production": season.production.slug,
        "person": PersonFactory().slug,
        "role": "director",
        "episode": episode.pk,
    }
    created(curator_api.post("/api/v1/credits/", payload))
    body = refused(curator_api.post("/api/v1/credits/", payload))
    assert body == {
        "non_field_errors": ["This person already holds this credit on this episode."]
    }
    credit = Credit.objects.get()
    # Changing a credit checks it against the others, never against itself.
    response = curator_api.patch(f"/api/v1/credits/{credit.pk}/", {"billing_order": 3})
    assert response.status_code == 200, response.content


def test_an_episode_with_credits_stays_in_its_series(curator_api, season):
    episode = Episode.objects.create(season=season, number=1, title="Pilot")
    Credit.objects.create(
        production=season.production,
        person=PersonFactory(),
        role=Role.objects.get(slug="director"),
        episode=episode,
    )
    elsewhere = Season.objects.create(
        production=ProductionFactory(kind=ProductionKind.TV_SERIES), number=1
    )
    body = refused(
        curator_api.patch(f"/api/v1/episodes/{episode.pk}/", {"season": elsewhere.pk})
    )
    assert "season" in body
    episode.refresh_from_db()
    assert episode.season == season
