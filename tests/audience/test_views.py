"""Following through the pages: the buttons, /my/following/, /feed/ and its
private Atom address."""

import datetime
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audience import services
from audience.models import FeedToken, Follow
from tests.factories import PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def page_of(kind: str, target) -> str:
    if kind == "tag":
        return reverse("showcase:tag-detail", kwargs={"slug": target.slug})
    return target.get_absolute_url()


@pytest.mark.parametrize("kind", ["production", "person", "craft", "tag"])
def test_the_button_follows_and_unfollows_from_the_page(fan, fan_client, things, kind):
    target = things[kind]
    page = page_of(kind, target)

    before = fan_client.get(page).content.decode()
    assert reverse("audience:follow", args=[kind, target.slug]) in before
    assert "csrfmiddlewaretoken" in before

    response = fan_client.post(
        reverse("audience:follow", args=[kind, target.slug]), {"next": page}
    )
    assert response.status_code == 302
    assert response["Location"] == page
    assert Follow.objects.of_user(fan).of_target(target).exists()
    after = fan_client.get(page).content.decode()
    assert f"You now follow {escape(target)}" in after
    assert "You follow this" in after
    assert reverse("audience:unfollow", args=[kind, target.slug]) in after

    fan_client.post(reverse("audience:unfollow", args=[kind, target.slug]))
    assert not Follow.objects.of_user(fan).exists()


def test_following_twice_from_a_page_says_so(fan_client, things):
    url = reverse("audience:follow", args=["production", things["production"].slug])
    fan_client.post(url)

    response = fan_client.post(url, follow=True)

    assert "You already follow The Salt Orchard (2024)." in response.content.decode()
    assert Follow.objects.count() == 1


@pytest.mark.parametrize(
    "kind, slug",
    [("production", "no-such-film"), ("craft", "cast"), ("planet", "mars")],
)
def test_following_what_does_not_exist_is_a_404(fan_client, kind, slug):
    response = fan_client.post(reverse("audience:follow", args=[kind, slug]))
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(client, things):
    production = things["production"]
    page = client.get(production.get_absolute_url()).content.decode()
    assert "Sign in to follow" in page
    assert "csrfmiddlewaretoken" not in page

    response = client.post(reverse("audience:follow", args=["production", "x"]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
    for name in ("audience:following", "audience:feed"):
        assert reverse("login") in client.get(reverse(name))["Location"]


def test_following_needs_a_post(fan_client, things):
    url = reverse("audience:follow", args=["tag", things["tag"].slug])
    assert fan_client.get(url).status_code == 405


def test_next_never_leads_off_the_site(fan_client, things):
    production = things["production"]
    response = fan_client.post(
        reverse("audience:follow", args=["production", production.slug]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == production.get_absolute_url()


def test_my_following_lists_follows_with_unfollow_buttons(fan, fan_client, things):
    for target in things.values():
        services.follow_add(user=fan, target=target)

    page = fan_client.get(reverse("audience:following")).content.decode()

    for kind, target in things.items():
        assert reverse("audience:unfollow", args=[kind, target.slug]) in page
    assert "#night shoot" in page


def test_my_following_suggests_what_to_follow_when_empty(fan_client):
    page = fan_client.get(reverse("audience:following")).content.decode()
    assert "You don't follow anything yet" in page


def test_the_feed_page_lists_followed_posts_newest_first(fan, fan_client, things):
    production = things["production"]
    services.follow_add(user=fan, target=production)
    older = PostFactory(
        production=production,
        title="Day one",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    newer = PostFactory(production=production, title="Day two")
    PostFactory(title="Somebody else's shoot")

    response = fan_client.get(reverse("audience:feed"))

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index(newer.title) < page.index(older.title)
    assert "Somebody else" not in page
    assert "X-Page-Cache" not in response


def test_the_feed_page_explains_an_empty_feed(fan_client):
    page = fan_client.get(reverse("audience:feed")).content.decode()
    assert "you don't follow anything yet" in page
    assert reverse("showcase:production-list") in page


def test_the_feed_page_costs_the_same_queries_for_few_posts_or_many(
    fan, fan_client, things
):
    for target in things.values():
        services.follow_add(user=fan, target=target)
    PostFactory(production=things["production"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert fan_client.get(reverse("audience:feed")).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(8):
        PostFactory(production=ProductionFactory()).tags.add(things["tag"])
    assert queries() == few


def test_the_header_links_signed_in_users_to_their_feed(fan_client, client):
    feed = f'href="{reverse("audience:feed")}"'
    assert feed in fan_client.get(reverse("showcase:home")).content.decode()
    assert feed not in client.get(reverse("showcase:home")).content.decode()


def test_the_private_atom_feed_works_until_its_address_is_renewed(
    fan, fan_client, client, things
):
    services.follow_add(user=fan, target=things["production"])
    post = PostFactory(production=things["production"], title="Night exteriors")
    fan_client.post(reverse("audience:feed-address-renew"))
    old = FeedToken.objects.get(user=fan).get_absolute_url()
    assert old in fan_client.get(reverse("audience:following")).content.decode()

    response = client.get(old)  # a feed reader: no session
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "private" in response["Cache-Control"]
    feed = ElementTree.fromstring(response.content)  # noqa: S314 (our own response)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}title").text for entry in entries] == [post.title]

    fan_client.post(reverse("audience:feed-address-renew"))
    new = FeedToken.objects.get(user=fan).get_absolute_url()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200

    fan_client.post(reverse("audience:feed-address-revoke"))
    assert client.get(new).status_code == 404


def test_a_made_up_feed_address_is_a_404(client):
    url = reverse("audience:private-feed", kwargs={"token": "not-a-real-key"})
    assert client.get(url).status_code == 404
