"""A curator builds a series, a touring show and a merge through the API, and the
pages show what was built: aggregated episode credits, the runs, the posts about
an episode and a permanent redirect from the merged person."""

import pytest
from rest_framework.test import APIClient

from media_assets.models import PostStatus
from productions.models import Credit, Person, Production, Role
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_api(curator):
    client = APIClient()
    client.force_authenticate(curator)
    return client


def made(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def test_a_curator_builds_the_catalogue_and_the_pages_show_it(curator_api, client):
    api = curator_api
    # People, two of them the same person entered twice.
    for name in ("Marta Ilves", "Marta Ilves-Kask", "Jonas Perl", "Ada Okafor"):
        made(api.post("/api/v1/people/", {"name": name}, format="json"))
    marta, duplicate, jonas, ada = (
        Person.objects.get(name=name).slug
        for name in ("Marta Ilves", "Marta Ilves-Kask", "Jonas Perl", "Ada Okafor")
    )

    # A series with two seasons and an episode-scoped director on each episode.
    series = made(
        api.post(
            "/api/v1/productions/",
            {
                "title": "Tidewater",
                "kind": "tv_series",
                "status": "released",
                "release_date": "2024-03",
            },
            format="json",
        )
    )
    assert series["release_date"] == "2024-03"
    episodes = []
    for number, year in ((1, 2024), (2, 2025)):
        season = made(
            api.post(
                "/api/v1/seasons/",
                {
                    "production": series["slug"],
                    "number": number,
                    "start_date": f"{year}-03-01",
                    "end_date": f"{year}-04-30",
                },
                format="json",
            )
        )
        for episode_number in (1, 2):
            episodes.append(
                made(
                    api.post(
                        "/api/v1/episodes/",
                        {
                            "season": season["id"],
                            "number": episode_number,
                            "title": f"Chapter {number}.{episode_number}",
                            "air_date": f"{year}-03-0{episode_number}",
                        },
                        format="json",
                    )
                )
            )
    clash = api.post(
        "/api/v1/episodes/",
        {"season": season["id"], "number": 2, "title": "Again"},
        format="json",
    )
    assert clash.status_code == 400 and "number" in clash.json()
    # The duplicate directs the first three episodes, the real Marta the last.
    for episode, person in zip(
        episodes, (duplicate, duplicate, duplicate, marta), strict=True
    ):
        made(
            api.post(
                "/api/v1/credits/",
                {
                    "production": series["slug"],
                    "person": person,
                    "role": "director",
                    "episode": episode["id"],
                },
                format="json",
            )
        )

    # A touring musical: two runs of one tour, performances in each, a cast change.
    show = made(
        api.post(
            "/api/v1/productions/",
            {"title": "The Lantern Road", "kind": "theater", "status": "running"},
            format="json",
        )
    )
    runs = []
    for name, city, opening, closing in (
        ("The Old Quay Theatre", "Bristol", "2025-11-14", "2026-01-10"),
        ("Grand Opera House", "Belfast", "2026-02-03", "2026-02-28"),
    ):
        venue = made(
            api.post(
                "/api/v1/venues/",
                {"name": name, "city": city, "country": "United Kingdom"},
                format="json",
            )
        )
        runs.append(
            made(
                api.post(
                    "/api/v1/runs/",
                    {
                        "production": show["slug"],
                        "venue": venue["slug"],
                        "tour": "UK tour 2025–26",
                        "opening_date": opening,
                        "closing_date": closing,
                    },
                    format="json",
                )
            )
        )
    made(
        api.post(
            "/api/v1/performances/",
            {"run": runs[0]["id"], "date": "2025-11-18", "kind": "press_night"},
            format="json",
        )
    )
    made(
        api.post(
            "/api/v1/performances/",
            {
                "run": runs[1]["id"],
                "date": "2026-02-14",
                "time": "14:30",
                "kind": "understudy",
            },
            format="json",
        )
    )
    outside = api.post(
        "/api/v1/performances/",
        {"run": runs[1]["id"], "date": "2026-03-14"},
        format="json",
    )
    assert outside.status_code == 400 and "date" in outside.json()
    for person, character, dates in (
        (jonas, "Ilse", {"end_date": "2026-02-14"}),
        (ada, "Ilse", {"start_date": "2026-02-15"}),
    ):
        made(
            api.post(
                "/api/v1/credits/",
                {
                    "production": show["slug"],
                    "person": person,
                    "role": "actor",
                    "character": character,
                    "run": runs[1]["id"],
                    **dates,
                },
                format="json",
            )
        )

    # The two Martas are one person.
    merged = api.post(
        f"/api/v1/people/{duplicate}/merge/", {"into": marta}, format="json"
    )
    assert merged.status_code == 200, merged.content
    director = Role.objects.get(slug="director")
    assert Credit.objects.filter(person__slug=marta, role=director).count() == 4

    # A published post about the second episode.
    post = PostFactory(
        production=Production.objects.get(slug=series["slug"]),
        title="Flooding the set for chapter 1.2",
        status=PostStatus.PUBLISHED,
    )
    patched = api.patch(
        f"/api/v1/posts/{post.slug}/", {"episode": episodes[1]["id"]}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["anchor"]["label"] == "S1E2 · Chapter 1.2"

    # The person page: one line for four episodes over two years, and a 301.
    page = client.get(f"/people/{marta}/").content.decode()
    assert "4 episodes" in page
    assert "2024–2025" in page
    assert "Marta Ilves-Kask" in page  # kept as an alias
    old = client.get(f"/people/{duplicate}/")
    assert old.status_code == 301
    assert old["Location"] == f"/people/{marta}/"
    assert api.get(f"/api/v1/people/{duplicate}/").status_code == 301

    # The series page and its episode page show the post about that episode.
    series_page = client.get(f"/productions/{series['slug']}/").content.decode()
    assert "Flooding the set for chapter 1.2" in series_page
    assert "S1E2 · Chapter 1.2" in series_page
    episode_page = client.get(
        f"/productions/{series['slug']}/season/1/episode/2/"
    ).content.decode()
    assert "Flooding the set for chapter 1.2" in episode_page

    # The show's page: both runs of the tour, the press night, the cast change.
    show_page = client.get(f"/productions/{show['slug']}/").content.decode()
    for text in (
        "UK tour 2025–26",
        "The Old Quay Theatre",
        "Grand Opera House",
        "Press night",
        "Understudy performance",
        "Jonas Perl",
        "Ada Okafor",
    ):
        assert text in show_page, text
    venue_page = client.get(f"/venues/{runs[1]['venue']['slug']}/").content.decode()
    assert "The Lantern Road" in venue_page


def test_a_merged_series_episode_address_leads_to_the_survivor(curator_api, client):
    slugs = []
    for title in ("Tidewater", "Tidewater (duplicate)"):
        series = made(
            curator_api.post(
                "/api/v1/productions/",
                {"title": title, "kind": "tv_series", "status": "released"},
                format="json",
            )
        )
        slugs.append(series["slug"])
    season = made(
        curator_api.post(
            "/api/v1/seasons/", {"production": slugs[1], "number": 2}, format="json"
        )
    )
    made(
        curator_api.post(
            "/api/v1/episodes/",
            {"season": season["id"], "number": 5, "title": "Low Water"},
            format="json",
        )
    )
    merged = curator_api.post(
        f"/api/v1/productions/{slugs[1]}/merge/", {"into": slugs[0]}, format="json"
    )
    assert merged.status_code == 200, merged.content
    response = client.get(f"/productions/{slugs[1]}/season/2/episode/5/")
    assert response.status_code == 301
    assert response["Location"] == f"/productions/{slugs[0]}/season/2/episode/5/"
    gone = client.get(f"/productions/{slugs[1]}/season/9/episode/1/")
    assert (gone.status_code, gone["Location"]) == (301, f"/productions/{slugs[0]}/")
    assert client.get(f"/productions/{slugs[0]}/season/9/episode/1/").status_code == (
        404
    )
