"""The page cache never hands one visitor's follow state to another."""

import pytest
from django.test import Client
from django.urls import reverse

from audience import services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def test_follow_state_stays_with_its_user(fan, other_fan, things):
    production = things["production"]
    page = production.get_absolute_url()
    anonymous = Client()
    first = anonymous.get(page)
    assert first["X-Page-Cache"] == "miss"
    assert anonymous.get(page)["X-Page-Cache"] == "hit"

    follower, other = Client(), Client()
    follower.force_login(fan)
    other.force_login(other_fan)
    follower.post(reverse("audience:follow", args=["production", production.slug]))

    mine = follower.get(page)
    theirs = other.get(page)
    again = anonymous.get(page)

    assert "X-Page-Cache" not in mine
    assert "You follow this production." in mine.content.decode()
    assert "X-Page-Cache" not in theirs
    assert "You follow this production." not in theirs.content.decode()
    assert reverse("audience:follow", args=["production", production.slug]) in (
        theirs.content.decode()
    )
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    body = again.content.decode()
    assert "Sign in to follow" in body
    assert "You follow this" not in body
    assert "csrfmiddlewaretoken" not in body


def test_a_signed_in_page_is_never_stored_for_anonymous_visitors(fan, things):
    tag = things["tag"]
    services.follow_add(user=fan, target=tag)
    page = reverse("showcase:tag-detail", kwargs={"slug": tag.slug})
    follower = Client()
    follower.force_login(fan)
    assert "You follow this tag." in follower.get(page).content.decode()

    anonymous = Client().get(page)

    assert anonymous["X-Page-Cache"] == "miss"
    assert "You follow this tag." not in anonymous.content.decode()


def test_personal_api_answers_are_never_cached(fan, other_fan, things):
    from rest_framework.test import APIClient

    services.follow_add(user=fan, target=things["craft"])
    mine, theirs = APIClient(), APIClient()
    mine.force_authenticate(fan)
    theirs.force_authenticate(other_fan)

    assert len(mine.get("/api/v1/me/follows/").json()["results"]) == 1
    assert theirs.get("/api/v1/me/follows/").json()["results"] == []
    assert Client().get("/api/v1/me/follows/").status_code == 401
