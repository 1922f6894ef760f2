"""The catalogue through the API: reading, filtering, curator writes, tokens."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from productions.models import (
    Credit,
    Person,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
)
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
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


@pytest.fixture
def catalogue():
    film = ProductionFactory(
        title="The Salt Orchard", release_date=datetime.date(2019, 3, 1)
    )
    film.tags.add("harbour")
    play = ProductionFactory(
        title="A Winter's Lantern",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
        venue="The Old Quay Theatre",
        release_date=datetime.date(2025, 11, 14),
    )
    marta = PersonFactory(name="Marta Ilves")
    dp = CreditFactory(
        production=film,
        person=marta,
        role=Role.objects.get(slug="director-of-photography"),
    )
    sm = CreditFactory(
        production=play, person=marta, role=Role.objects.get(slug="stage-manager")
    )
    PostFactory(production=film, title="Night shoot")
    PostFactory(production=film, title="Hidden draft", draft=True)
    return {"film": film, "play": play, "marta": marta, "dp": dp, "sm": sm}


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_api_root_lists_every_resource(api):
    response = api.get("/api/v1/")
    assert set(response.json()) == {
        "productions",
        "people",
        "departments",
        "roles",
        "credits",
        "seasons",
        "episodes",
        "venues",
        "runs",
        "performances",
        "versions",
        "platforms",
        "posts",
        "media",
        "tags",
        "me/follows",
        "me/feed",
        "me/notifications",
    }


def test_production_list_is_paginated_with_counts(api, catalogue):
    body = api.get("/api/v1/productions/?page_size=1").json()
    assert body["count"] == 2
    assert body["next"].endswith("page=2&page_size=1")
    assert len(body["results"]) == 1
    first = body["results"][0]
    assert first["title"] == "A Winter's Lantern"
    assert "credits" not in first and "posts" not in first


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("kind=theater", ["A Winter's Lantern"]),
        ("status=running", ["A Winter's Lantern"]),
        ("year=2019", ["The Salt Orchard"]),
        ("year_min=2020", ["A Winter's Lantern"]),
        ("year_max=2020", ["The Salt Orchard"]),
        ("tag=harbour", ["The Salt Orchard"]),
        ("department=stage-management", ["A Winter's Lantern"]),
        ("person=marta-ilves", ["A Winter's Lantern", "The Salt Orchard"]),
        ("role=director-of-photography", ["The Salt Orchard"]),
        ("search=orchard", ["The Salt Orchard"]),
        ("ordering=-release_date", ["A Winter's Lantern", "The Salt Orchard"]),
        ("ordering=release_date", ["The Salt Orchard", "A Winter's Lantern"]),
    ],
)
def test_production_filters(api, catalogue, query, titles):
    found = [row["title"] for row in results(api.get(f"/api/v1/productions/?{query}"))]
    assert found == titles


def test_production_detail_has_credits_and_expands_posts(api, catalogue):
    film = catalogue["film"]
    body = api.get(f"/api/v1/productions/{film.slug}/").json()
    assert body["slug"] == film.slug
    assert [c["person"]["slug"] for c in body["credits"]] == ["marta-ilves"]
    assert body["credits"][0]["role"] == "Director of Photography"
    assert "posts" not in body
    assert body["published_post_count"] == 1
    expanded = api.get(f"/api/v1/productions/{film.slug}/?expand=posts").json()
    assert [post["title"] for post in expanded["posts"]] == ["Night shoot"]


def test_list_expand_embeds_credits_and_posts_in_bounded_queries(
    api, catalogue, django_assert_max_num_queries
):
    for index in range(20):
        production = ProductionFactory(title=f"Extra {index}")
        CreditFactory(production=production)
        PostFactory(production=production)
    with django_assert_max_num_queries(12):
        rows = results(
            api.get("/api/v1/productions/?expand=credits,posts&page_size=50")
        )
    assert len(rows) == 22
    assert all("credits" in row and "posts" in row for row in rows)


def test_production_posts_sub_list_has_only_published_posts(api, catalogue):
    film = catalogue["film"]
    body = api.get(f"/api/v1/productions/{film.slug}/posts/").json()
    assert [post["title"] for post in body["results"]] == ["Night shoot"]


def test_person_detail_lists_credits(api, catalogue):
    body = api.get("/api/v1/people/marta-ilves/").json()
    assert {c["production"]["slug"] for c in body["credits"]} == {
        catalogue["film"].slug,
        catalogue["play"].slug,
    }
    assert body["is_crew_account"] is False
    assert "user" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("search=marta", ["Marta Ilves"]),
        ("department=stage-management", ["Marta Ilves"]),
        ("crew_account=true", []),
    ],
)
def test_people_filters(api, catalogue, query, expected):
    PersonFactory(name="Somebody Else")
    assert [p["name"] for p in results(api.get(f"/api/v1/people/?{query}"))] == expected


def test_departments_roles_and_credits_are_listed(api, catalogue):
    departments = api.get("/api/v1/departments/").json()
    assert len(departments) >= 20
    roles = results(api.get("/api/v1/roles/?department=stage-management&page_size=100"))
    assert "stage-manager" in {role["slug"] for role in roles}
    theater_roles = results(api.get("/api/v1/roles/?kind=theater&page_size=100"))
    assert "level-designer" not in {role["slug"] for role in theater_roles}
    credits = results(api.get(f"/api/v1/credits/?production={catalogue['play'].slug}"))
    assert [c["role"] for c in credits] == ["stage-manager"]


def test_anonymous_and_fans_cannot_write_the_catalogue(api, fan, catalogue):
    payload = {"title": "Pirate Film", "kind": "film"}
    assert api.post("/api/v1/productions/", payload).status_code == 401
    api.force_authenticate(fan)
    assert api.post("/api/v1/productions/", payload).status_code == 403
    assert (
        api.delete(f"/api/v1/productions/{catalogue['film'].slug}/").status_code == 403
    )


def test_curators_create_update_and_delete_productions(curator_api):
    response = curator_api.post(
        "/api/v1/productions/",
        {
            "title": "Hollow Circuit",
            "kind": "video_game",
            "status": "released",
            "release_date": "2024-09-12",
            "tags": ["roguelike", "indie"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "hollow-circuit-2024"
    assert sorted(body["tags"]) == ["indie", "roguelike"]
    url = f"/api/v1/productions/{body['slug']}/"
    patched = curator_api.patch(url, {"synopsis": "A loop of a heist."})
    assert patched.json()["synopsis"] == "A loop of a heist."
    assert curator_api.delete(url).status_code == 204
    assert not Production.objects.filter(slug="hollow-circuit-2024").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"title": "Play", "kind": "theater", "status": "released"}, "status"),
        ({"title": "Film", "kind": "film", "venue": "Somewhere"}, "venue"),
        ({"title": "Film", "kind": "opera"}, "kind"),
        ({"title": "", "kind": "film"}, "title"),
        ({"title": "Film", "kind": "film", "imdb_id": "123"}, "imdb_id"),
        (
            {"title": "Film", "kind": "film", "release_date": "2024-02-30"},
            "release_date",
        ),
        ({"title": "Film", "kind": "film", "tmdb_id": 10**20}, "tmdb_id"),
    ],
)
def test_bad_productions_are_refused_naming_the_field(curator_api, payload, field):
    response = curator_api.post("/api/v1/productions/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Production.objects.exists()


def test_duplicate_slug_is_a_400(curator_api, catalogue):
    response = curator_api.post(
        "/api/v1/productions/",
        {"title": "Another", "kind": "film", "slug": catalogue["film"].slug},
    )
    assert response.status_code == 400
    assert "slug" in response.json()


def test_curators_add_credits_and_duplicates_are_refused(curator_api, catalogue):
    person = PersonFactory(name="Theo Dias")
    payload = {
        "production": catalogue["film"].slug,
        "person": person.slug,
        "role": "actor",
        "character": "Father Wende",
        "billing_order": 2,
    }
    created = curator_api.post("/api/v1/credits/", payload)
    assert created.status_code == 201, created.content
    assert created.json()["department"] == "cast"
    duplicate = curator_api.post("/api/v1/credits/", payload)
    assert duplicate.status_code == 400
    wrong_kind = curator_api.post(
        "/api/v1/credits/", {**payload, "role": "stage-manager", "character": ""}
    )
    assert wrong_kind.status_code == 400
    assert "role" in wrong_kind.json()
    crew_character = curator_api.post("/api/v1/credits/", {**payload, "role": "gaffer"})
    assert crew_character.status_code == 400
    assert "character" in crew_character.json()
    assert Credit.objects.filter(person=person).count() == 1


def test_curators_add_people(curator_api):
    response = curator_api.post("/api/v1/people/", {"name": "Ada Brandt"})
    assert response.status_code == 201
    assert Person.objects.get().slug == "ada-brandt"


def test_model_permissions_decide_catalogue_writes(api):
    user = UserFactory(is_staff=True)
    api.force_authenticate(user)
    assert api.post("/api/v1/people/", {"name": "X"}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_person"))
    user = type(user).objects.get(pk=user.pk)
    api.force_authenticate(user)
    assert api.post("/api/v1/people/", {"name": "X"}).status_code == 201


def test_token_authentication(curator, catalogue):
    call_command("drf_create_token", curator.username)
    token = Token.objects.get(user=curator)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post("/api/v1/people/", {"name": "Token Person"})
    assert response.status_code == 201
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    refused = client.get("/api/v1/productions/")
    assert refused.status_code == 401
    assert "detail" in refused.json()


def test_unknown_objects_and_paths_are_json_404s(api):
    response = api.get("/api/v1/productions/nope/")
    assert response.status_code == 404
    assert "detail" in response.json()
    missing = api.get("/api/v1/no-such-resource/")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not found."


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/productions/?page_size=100",
        "/api/v1/people/?page_size=100",
        "/api/v1/credits/?page_size=100",
        "/api/v1/roles/?page_size=100",
        "/api/v1/tags/?page_size=100",
    ],
)
@pytest.mark.parametrize("size", [5, 50])
def test_catalogue_lists_run_a_bounded_number_of_queries(
    api, django_assert_max_num_queries, url, size
):
    for index in range(size):
        production = ProductionFactory(title=f"Show {index}")
        production.tags.add(f"tag-{index}")
        CreditFactory(production=production)
    with django_assert_max_num_queries(6):
        assert api.get(url).status_code == 200


def test_schema_and_docs_are_served_offline(api):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/productions/{slug}/posts/" in paths
    assert "/api/v1/posts/{slug}/media/" in paths
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"drf_spectacular_sidecar" in docs.content
    assert b"unpkg" not in docs.content and b"cdn." not in docs.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "resource", ["productions", "people", "departments", "roles", "credits", "posts"]
)
def test_every_url_in_a_list_leads_back_to_its_item(api, catalogue, resource):
    answer = api.get(f"/api/v1/{resource}/").json()
    items = answer["results"] if isinstance(answer, dict) else answer
    assert items
    for item in items:
        assert item["url"].startswith(f"http://testserver/api/v1/{resource}/")
        assert api.get(item["url"]).json()["url"] == item["url"]


@pytest.mark.django_db
def test_urls_keep_the_format_suffix_they_were_asked_with(api, catalogue):
    items = api.get("/api/v1/productions.json").json()["results"]
    assert all(item["url"].endswith(".json") for item in items)
    assert api.get(items[0]["url"]).status_code == 200
