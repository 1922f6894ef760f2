"""Follows and the personal feed through the API (/api/v1/me/…)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from audience import services
from audience.models import Follow
from tests.factories import PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

FOLLOWS = "/api/v1/me/follows/"
FEED = "/api/v1/me/feed/"


@pytest.mark.parametrize("kind", ["production", "person", "craft", "tag"])
def test_follow_list_and_unfollow(fan, fan_api, things, kind):
    target = things[kind]

    created = fan_api.post(FOLLOWS, {kind: target.slug}, format="json")

    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["kind"] == kind
    assert body["slug"] == target.slug
    assert body["name"] == str(target)
    assert body["page_url"].startswith("http://testserver/")
    listed = fan_api.get(FOLLOWS).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]

    assert fan_api.delete(f"{FOLLOWS}{body['id']}/").status_code == 204
    assert not Follow.objects.filter(user=fan).exists()


def test_following_twice_is_a_400_on_the_field(fan_api, things):
    slug = things["production"].slug
    fan_api.post(FOLLOWS, {"production": slug}, format="json")

    response = fan_api.post(FOLLOWS, {"production": slug}, format="json")

    assert response.status_code == 400
    assert response.json()["production"] == [
        "You already follow The Salt Orchard (2024)."
    ]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"production": "no-such-film"}, "production"),
        ({"craft": "cast"}, "craft"),
        ({"tag": "never-used"}, "tag"),
        ({}, "non_field_errors"),
        ({"person": "x", "tag": "y"}, "person"),
    ],
)
def test_something_that_does_not_exist_or_not_one_thing_is_a_400(fan_api, data, field):
    response = fan_api.post(FOLLOWS, data, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Follow.objects.exists()


def test_naming_two_real_things_is_a_400(fan_api, things):
    response = fan_api.post(
        FOLLOWS,
        {"person": things["person"].slug, "tag": things["tag"].slug},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Name exactly one of production, person, craft or tag."
    ]


def test_another_users_follow_cannot_be_seen_or_removed(fan_api, other_fan, things):
    theirs = services.follow_add(user=other_fan, target=things["tag"])

    assert fan_api.get(FOLLOWS).json()["results"] == []
    assert fan_api.delete(f"{FOLLOWS}{theirs.pk}/").status_code == 404
    assert Follow.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    "method, url",
    [("get", FOLLOWS), ("post", FOLLOWS), ("get", FEED), ("delete", f"{FOLLOWS}1/")],
)
def test_anonymous_requests_are_401(method, url):
    response = getattr(APIClient(), method)(url)
    assert response.status_code == 401


def test_the_feed_has_the_posts_representation_newest_first_with_a_cursor(
    fan, fan_api, things
):
    production = things["production"]
    services.follow_add(user=fan, target=production)
    services.follow_add(user=fan, target=things["tag"])
    posts = [
        PostFactory(
            production=production,
            published_at=timezone.now() - datetime.timedelta(hours=hours),
        )
        for hours in range(3)
    ]
    posts[1].tags.add(things["tag"])  # matches twice, listed once
    PostFactory(production=production, pending=True)
    PostFactory()

    first = fan_api.get(FEED, {"page_size": 2}).json()
    second = fan_api.get(first["next"]).json()

    slugs = [post["slug"] for post in first["results"] + second["results"]]
    assert slugs == [post.slug for post in posts]
    assert second["next"] is None
    stream = fan_api.get("/api/v1/posts/").json()["results"]
    assert first["results"][0] == next(p for p in stream if p["slug"] == slugs[0])


def test_the_feed_costs_the_same_queries_for_few_posts_or_many(fan, fan_api, things):
    for target in things.values():
        services.follow_add(user=fan, target=target)
    PostFactory(production=things["production"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert fan_api.get(FEED).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(8):
        post = PostFactory(production=ProductionFactory())
        post.crafts.add(things["craft"])
        post.tags.add(things["tag"], "wardrobe")
    assert queries() == few
