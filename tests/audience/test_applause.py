"""Applause: one per signed-in user and published post, taken back at will; counted
on cards, pages and the API, which sort by it; the author sees who gave it."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audience import services
from audience.models import Applause
from tests.factories import PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(crew_person):
    return PostFactory(
        title="Tech week, day three", author=crew_person.user, body="Storm cues."
    )


def applaud_url(post) -> str:
    return reverse("audience:applause", args=[post.slug])


def fans(count: int) -> list:
    users = get_user_model().objects
    return [
        users.create_user(f"clapper-{n}", f"c{n}@example.com") for n in range(count)
    ]


def test_a_fan_applauds_once_and_takes_it_back(fan_client, fan, post):
    page = fan_client.get(post.get_absolute_url()).content.decode()
    assert f'action="{applaud_url(post)}"' in page
    assert "csrfmiddlewaretoken" in page

    response = fan_client.post(applaud_url(post), {"next": post.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert Applause.objects.filter(user=fan, post=post).count() == 1
    page = fan_client.get(post.get_absolute_url()).content.decode()
    assert "1 applause" in page
    assert "Take back your applause" in page

    fan_client.post(applaud_url(post))
    assert not Applause.objects.exists()
    assert "0 applause" in fan_client.get(post.get_absolute_url()).content.decode()


def test_applause_is_once_per_user_even_when_sent_twice(fan, post):
    assert services.applause_add(user=fan, post=post) is True
    assert services.applause_add(user=fan, post=post) is False
    assert Applause.objects.count() == 1


def test_only_signed_in_users_applaud(client, post):
    response = client.post(applaud_url(post))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    assert not Applause.objects.exists()
    assert "Sign in to applaud" in client.get(post.get_absolute_url()).content.decode()


def test_applause_is_a_post_only(fan_client, post):
    assert fan_client.get(applaud_url(post)).status_code == 405


def test_csrf_is_required(fan, post):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fan)
    assert client.post(applaud_url(post)).status_code == 403
    assert not Applause.objects.exists()


@pytest.mark.parametrize("status", ["draft", "pending", "rejected"])
def test_unpublished_posts_cannot_be_applauded(fan_client, fan, status):
    hidden = PostFactory(**{status: True})
    assert fan_client.post(applaud_url(hidden)).status_code == 404
    api = APIClient()
    api.force_authenticate(fan)
    assert api.post(f"/api/v1/posts/{hidden.slug}/applause/").status_code == 404
    assert not Applause.objects.exists()


def test_counts_show_on_cards(client, post):
    for user in fans(3):
        services.applause_add(user=user, post=post)
    cards = client.get(reverse("media_assets:post-list")).content.decode()
    assert "3 applause" in cards
    production_page = client.get(post.production.get_absolute_url()).content.decode()
    assert "3 applause" in production_page


def test_posts_are_ordered_by_applause_on_the_page_and_the_api(client):
    production = ProductionFactory()
    quiet = PostFactory(production=production, title="Quiet")
    loud = PostFactory(production=production, title="Loud")
    middling = PostFactory(production=production, title="Middling")
    clappers = fans(3)
    for user in clappers:
        services.applause_add(user=user, post=loud)
    services.applause_add(user=clappers[0], post=middling)

    page = client.get("/posts/?ordering=-applause")
    assert page.status_code == 200
    assert [p.title for p in page.context["posts"]] == ["Loud", "Middling", "Quiet"]
    page = client.get("/posts/?sort=applause")
    assert [p.title for p in page.context["posts"]] == ["Loud", "Middling", "Quiet"]

    api = client.get("/api/v1/posts/?ordering=-applause").json()["results"]
    assert [(p["title"], p["applause_count"]) for p in api] == [
        ("Loud", 3),
        ("Middling", 1),
        ("Quiet", 0),
    ]
    api = client.get("/api/v1/posts/?ordering=applause").json()["results"]
    assert [p["title"] for p in api] == ["Quiet", "Middling", "Loud"]
    assert quiet.slug in {p["slug"] for p in api}


def test_the_api_cursor_walks_posts_by_applause_once_each(client):
    production = ProductionFactory()
    clappers = fans(4)
    posts = [PostFactory(production=production) for _ in range(5)]
    for index, post in enumerate(posts):
        for user in clappers[: index % 3]:
            services.applause_add(user=user, post=post)
    seen, url = [], "/api/v1/posts/?ordering=-applause&page_size=2"
    while url:
        answer = client.get(url).json()
        seen += [p["slug"] for p in answer["results"]]
        url = answer["next"]
    assert sorted(seen) == sorted(p.slug for p in posts)


def test_the_api_applauds_and_takes_back(fan, post):
    api = APIClient()
    url = f"/api/v1/posts/{post.slug}/applause/"
    assert api.post(url).status_code in (401, 403)

    api.force_authenticate(fan)
    response = api.post(url)
    assert response.status_code == 201
    assert response.json() == {
        "post": post.slug,
        "applauded": True,
        "applause_count": 1,
    }
    again = api.post(url)
    assert again.status_code == 200
    assert again.json()["applause_count"] == 1
    assert api.get(f"/api/v1/posts/{post.slug}/").json()["applause_count"] == 1

    response = api.delete(url)
    assert response.status_code == 200
    assert response.json() == {
        "post": post.slug,
        "applauded": False,
        "applause_count": 0,
    }
    assert api.delete(url).status_code == 200
    assert api.post("/api/v1/posts/no-such-post/applause/").status_code == 404


def test_the_author_sees_who_applauded(crew_person, fan, other_fan, post):
    services.applause_add(user=fan, post=post)
    author = Client()
    author.force_login(crew_person.user)
    page = author.get(post.get_absolute_url()).content.decode()
    assert "Who applauded" in page
    assert fan.get_username() in page
    mine = author.get(reverse("media_assets:my-posts")).content.decode()
    assert "1 applause" in mine

    other = Client()
    other.force_login(other_fan)
    assert "Who applauded" not in other.get(post.get_absolute_url()).content.decode()
    assert "Who applauded" not in Client().get(post.get_absolute_url()).content.decode()


def test_applause_stays_with_its_user_through_the_page_cache(settings, fan, post):
    settings.PAGE_CACHE_SECONDS = 300
    anonymous = Client()
    first = anonymous.get(post.get_absolute_url())
    clapper = Client()
    clapper.force_login(fan)
    clapper.post(applaud_url(post))
    assert (
        "Take back your applause"
        in clapper.get(post.get_absolute_url()).content.decode()
    )
    # The count changed: the cached page is made again, with no one's own state.
    assert "0 applause" in first.content.decode()
    again = anonymous.get(post.get_absolute_url())
    assert again["X-Page-Cache"] == "miss"
    assert "1 applause" in again.content.decode()
    assert "Take back your applause" not in again.content.decode()
    assert "csrfmiddlewaretoken" not in again.content.decode()
    assert anonymous.get(post.get_absolute_url())["X-Page-Cache"] == "hit"


@pytest.mark.parametrize(
    "url",
    [
        "/posts/",
        "/posts/?ordering=-applause",
        "/api/v1/posts/?ordering=-applause",
        "/api/v1/posts/",
    ],
)
def test_counting_applause_costs_no_query_per_post(
    client, url, django_assert_max_num_queries
):
    production = ProductionFactory()
    clappers = fans(3)

    def make(count: int) -> None:
        for _ in range(count):
            post = PostFactory(production=production)
            for user in clappers:
                services.applause_add(user=user, post=post)

    make(3)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    make(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
