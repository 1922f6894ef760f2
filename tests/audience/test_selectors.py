"""The personal feed: what it holds, in what order, and what it costs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audience import selectors, services
from tests.factories import PersonFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


def ago(hours: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def test_the_feed_holds_posts_of_every_kind_followed_newest_first(fan, things):
    for target in things.values():
        services.follow_add(user=fan, target=target)
    by_production = PostFactory(production=things["production"], published_at=ago(5))
    featuring = PostFactory(published_at=ago(4))
    featuring.featured_people.add(things["person"])
    showing = PostFactory(published_at=ago(3))
    showing.crafts.add(things["craft"])
    tagged = PostFactory(published_at=ago(2))
    tagged.tags.add(things["tag"])
    PostFactory(published_at=ago(1))  # about nothing followed

    assert list(selectors.followed_posts(fan)) == [
        tagged,
        showing,
        featuring,
        by_production,
    ]


ABOUT = {
    "production": lambda post, target: setattr(post, "production", target),
    "person": lambda post, target: post.featured_people.add(target),
    "craft": lambda post, target: post.crafts.add(target),
    "tag": lambda post, target: post.tags.add(target),
}


@pytest.mark.parametrize("kind", sorted(ABOUT))
def test_following_one_kind_alone_brings_its_posts_and_no_others(fan, things, kind):
    services.follow_add(user=fan, target=things[kind])
    about = PostFactory(published_at=ago(2))
    ABOUT[kind](about, things[kind])
    about.save()
    unpublished = PostFactory(pending=True)
    ABOUT[kind](unpublished, things[kind])
    unpublished.save()
    for other, target in things.items():
        if other != kind:
            post = PostFactory(published_at=ago(1))
            ABOUT[other](post, target)
            post.save()

    assert list(selectors.followed_posts(fan)) == [about]
    assert selectors.followed_ids(fan) == {kind: [things[kind].pk]}


def test_a_post_matching_several_follows_appears_once(fan, things):
    for target in things.values():
        services.follow_add(user=fan, target=target)
    post = PostFactory(production=things["production"])
    post.featured_people.add(things["person"], PersonFactory())
    post.crafts.add(things["craft"])
    post.tags.add(things["tag"], "costume fitting")

    assert list(selectors.followed_posts(fan)) == [post]
    assert list(selectors.feed_for(fan)) == [post]


def test_only_published_posts_come_in(fan, things):
    production = things["production"]
    services.follow_add(user=fan, target=production)
    published = PostFactory(production=production)
    PostFactory(production=production, pending=True)
    PostFactory(production=production, draft=True)
    PostFactory(production=production, rejected=True)

    assert list(selectors.followed_posts(fan)) == [published]


def test_a_followed_person_brings_the_posts_their_crew_account_wrote(fan, crew_person):
    services.follow_add(user=fan, target=crew_person)
    written = PostFactory(author=crew_person.user)

    assert list(selectors.followed_posts(fan)) == [written]


def test_following_nothing_is_an_empty_feed_and_others_follows_do_not_count(
    fan, other_fan, things
):
    services.follow_add(user=other_fan, target=things["production"])
    PostFactory(production=things["production"])

    assert list(selectors.followed_posts(fan)) == []


def test_the_feed_costs_the_same_queries_for_one_post_or_many(fan, things):
    for target in things.values():
        services.follow_add(user=fan, target=target)

    def feed_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            posts = list(selectors.feed_for(fan))
            for post in posts:
                post.production.title, list(post.media.all())
                list(post.crafts.all()), list(post.featured_people.all())
        return len(queries)

    PostFactory(production=things["production"]).tags.add(things["tag"])
    one = feed_queries()
    for _ in range(6):
        post = PostFactory(production=ProductionFactory())
        post.featured_people.add(things["person"])
        post.crafts.add(things["craft"])
    assert feed_queries() == one


def _a_busy_feed(fan, things) -> list:
    """Posts about everything the fan follows, several follows each for some (two
    followed people, two followed crafts, two followed tags), in a mixed order."""
    second_person = PersonFactory(name="Ines Vale")
    second_craft = type(things["craft"]).objects.get(slug="lighting")
    second_tag = type(things["tag"]).objects.create(name="dawn", slug="dawn")
    for target in [*things.values(), second_person, second_craft, second_tag]:
        services.follow_add(user=fan, target=target)
    posts = []
    for hours in range(30, 0, -1):
        post = PostFactory(published_at=ago(hours))
        match hours % 5:
            case 0:
                post.production = things["production"]
                post.save()
            case 1:
                post.featured_people.add(things["person"], second_person)
            case 2:
                post.crafts.add(things["craft"], second_craft)
            case 3:
                post.tags.add(things["tag"], second_tag)
            case 4:
                post.featured_people.add(second_person)
                post.crafts.add(second_craft)
        posts.append(post)
    PostFactory(published_at=ago(0))  # about nothing followed
    return posts[::-1]


@pytest.mark.parametrize("newest", [1, 4, 7, 30, 50])
def test_the_newest_of_the_feed_are_its_first_posts_without_the_rest(
    fan, things, newest
):
    newest_first = _a_busy_feed(fan, things)

    limited = list(selectors.followed_posts(fan, newest=newest))

    assert limited[:newest] == newest_first[:newest]
    assert list(selectors.followed_posts(fan)) == newest_first


def test_each_page_of_the_feed_holds_the_posts_the_whole_feed_has_there(
    fan, fan_client, things, monkeypatch
):
    monkeypatch.setattr("audience.views.FEED_PAGE_SIZE", 7)
    newest_first = _a_busy_feed(fan, things)

    for number in range(1, 6):
        page = fan_client.get("/feed/", {"page": number}).context["page"]
        assert list(page.object_list) == newest_first[(number - 1) * 7 :][:7]
        assert page.paginator.count == 30
        assert page.has_next() == (number < 5)
