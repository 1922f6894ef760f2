"""The release embargo: an approved post stays out of sight until its publish_at,
then shows everywhere at once, with nothing run at that moment."""

import datetime

import pytest
import time_machine
from django.contrib.admin.sites import site
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from audience import services as audience_services
from bts_catalog.uploads import intake_image
from media_assets import services
from media_assets.admin import PostAdmin, PostAdminForm, publish_posts
from media_assets.models import ModerationEvent, Post, PostStatus
from tests.factories import PostFactory, ProductionFactory, UserFactory

pytestmark = pytest.mark.django_db

APPROVED = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TRAILER_DROPS = APPROVED + datetime.timedelta(days=1)
WORD = "Quillwort"


@pytest.fixture
def clock():
    with time_machine.travel(APPROVED, tick=False) as traveller:
        yield traveller


@pytest.fixture
def release(clock, curator, make_image):
    """A production with a public post, and a second one approved to go public
    when the trailer drops, with a picture."""
    production = ProductionFactory(title="The Salt Orchard")
    public = PostFactory(
        production=production,
        title="Costume fitting",
        published_at=APPROVED - datetime.timedelta(days=3),
    )
    author = UserFactory(username="writer")
    embargoed = PostFactory(
        production=production,
        title=f"{WORD} trailer shoot",
        author=author,
        pending=True,
    )
    services.media_asset_add(
        post=embargoed,
        actor=None,
        upload=intake_image(make_image(size=(120, 90)), name="trailer.jpg"),
        alt_text="The crane over the orchard",
    )
    services.post_publish(post=embargoed, actor=curator, publish_at=TRAILER_DROPS)
    embargoed.refresh_from_db()
    return {
        "production": production,
        "public": public,
        "post": embargoed,
        "author": author,
    }


def pages(release) -> dict[str, str]:
    production = release["production"]
    return {
        "posts": "/posts/",
        "home": "/",
        "production": production.get_absolute_url(),
        "search": f"/search/?q={WORD}",
        "latest feed": "/feeds/latest/",
        "latest atom feed": "/feeds/latest/atom/",
        "production feed": f"/productions/{production.slug}/feed/",
        "production atom feed": f"/productions/{production.slug}/feed/atom/",
        "sitemap": "/sitemap.xml",
        "related posts": release["public"].get_absolute_url(),
    }


def shows_post(body: str, post: Post) -> bool:
    return post.title in body or post.slug in body


def api_views(client, release) -> dict[str, str]:
    production = release["production"]
    return {
        "list": client.get("/api/v1/posts/").content.decode(),
        "search": client.get(f"/api/v1/posts/?q={WORD}").content.decode(),
        "production": client.get(
            f"/api/v1/productions/{production.slug}/?expand=posts"
        ).content.decode(),
    }


def test_an_embargoed_post_shows_nowhere_until_its_moment(client, release, clock):
    post = release["post"]
    before = {name: client.get(url) for name, url in pages(release).items()}
    for name, response in before.items():
        assert response.status_code == 200, name
        assert not shows_post(response.content.decode(), post), name
    assert client.get(post.get_absolute_url()).status_code == 404
    api = APIClient()
    for name, body in api_views(api, release).items():
        assert not shows_post(body, post), name
    assert api.get(f"/api/v1/posts/{post.slug}/").status_code == 404
    production = api.get(f"/api/v1/productions/{release['production'].slug}/").json()
    assert production["published_post_count"] == 1
    assert "og:image" not in before["production"].content.decode()

    clock.move_to(TRAILER_DROPS)

    for name, url in pages(release).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert shows_post(response.content.decode(), post), name
    detail = client.get(post.get_absolute_url())
    assert detail.status_code == 200
    assert "Embargoed" not in detail.content.decode()
    for name, body in api_views(api, release).items():
        assert shows_post(body, post), name
    shown = api.get(f"/api/v1/posts/{post.slug}/").json()
    assert shown["published_at"].startswith("2026-03-03T09:00")
    assert shown["publish_at"] is None  # the moment is for its author and curators
    production = api.get(f"/api/v1/productions/{release['production'].slug}/").json()
    assert production["published_post_count"] == 2
    assert (
        "og:image"
        in client.get(release["production"].get_absolute_url()).content.decode()
    )


def test_pages_cached_before_the_moment_show_the_post_after_it(release, clock):
    post = release["post"]
    clock.move_to(TRAILER_DROPS - datetime.timedelta(minutes=1))  # within a page's life
    anonymous = Client()
    cached_pages = {
        name: url
        for name, url in pages(release).items()
        if name in {"posts", "home", "production", "search", "related posts"}
    }
    for name, url in cached_pages.items():
        assert anonymous.get(url)["X-Page-Cache"] == "miss", name
        cached = anonymous.get(url)
        assert cached["X-Page-Cache"] == "hit", name
        assert not shows_post(cached.content.decode(), post), name

    clock.move_to(TRAILER_DROPS - datetime.timedelta(seconds=1))
    for name, url in cached_pages.items():
        assert anonymous.get(url)["X-Page-Cache"] == "hit", name
    clock.move_to(TRAILER_DROPS)  # nothing is written in between

    for name, url in cached_pages.items():
        response = anonymous.get(url)
        assert response["X-Page-Cache"] == "miss", name
        assert shows_post(response.content.decode(), post), name


def test_the_author_and_curators_see_it_marked_others_do_not(release, curator, fan):
    post = release["post"]
    for user in (release["author"], curator):
        client = Client()
        client.force_login(user)
        page = client.get(post.get_absolute_url())
        assert page.status_code == 200
        assert "Embargoed until" in page.content.decode()
        api = APIClient()
        api.force_authenticate(user)
        assert (
            api.get(f"/api/v1/posts/{post.slug}/")
            .json()["publish_at"]
            .startswith("2026-03-03T09:00")
        )
    stranger = Client()
    stranger.force_login(fan)
    assert stranger.get(post.get_absolute_url()).status_code == 404
    api = APIClient()
    api.force_authenticate(fan)
    assert api.get(f"/api/v1/posts/{post.slug}/").status_code == 404


def test_followers_get_it_in_their_feeds_at_the_moment(release, clock, fan):
    audience_services.follow_add(user=fan, target=release["production"])
    post = release["post"]
    page, api = Client(), APIClient()
    page.force_login(fan)
    api.force_authenticate(fan)
    assert not shows_post(page.get(reverse("audience:feed")).content.decode(), post)
    assert not shows_post(api.get("/api/v1/me/feed/").content.decode(), post)

    clock.move_to(TRAILER_DROPS)

    assert shows_post(page.get(reverse("audience:feed")).content.decode(), post)
    assert shows_post(api.get("/api/v1/me/feed/").content.decode(), post)


def test_the_approval_is_recorded_with_its_embargo(release):
    event = ModerationEvent.objects.get(
        post=release["post"], to_status=PostStatus.PUBLISHED
    )
    assert "Embargoed until 2026-03-03 09:00" in event.note
    assert release["post"].published_at == TRAILER_DROPS
    assert list(Post.objects.embargoed()) == [release["post"]]


def test_an_embargo_in_the_past_is_refused_and_nothing_is_written(clock, curator):
    post = PostFactory(pending=True)
    with pytest.raises(Exception) as refused:
        services.post_publish(
            post=post, actor=curator, publish_at=APPROVED - datetime.timedelta(hours=1)
        )
    assert refused.value.message_dict == {
        "publish_at": ["The embargo must end in the future."]
    }
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    assert post.publish_at is None
    assert not ModerationEvent.objects.filter(post=post).exists()


def test_curators_embargo_through_the_api(clock, curator, fan):
    post = PostFactory(pending=True)
    url = f"/api/v1/posts/{post.slug}/"
    api = APIClient()
    api.force_authenticate(curator)
    past = api.patch(url, {"publish_at": "2026-03-01T09:00:00Z"}, format="json")
    assert past.status_code == 400
    assert past.json()["publish_at"] == ["The embargo must end in the future."]
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING

    other = APIClient()
    other.force_authenticate(fan)
    refused = other.patch(url, {"publish_at": "2026-03-03T09:00:00Z"}, format="json")
    assert refused.status_code == 404  # a pending post is not theirs to see
    post.refresh_from_db()
    assert post.publish_at is None

    approved = api.patch(url, {"publish_at": "2026-03-03T09:00:00Z"}, format="json")
    assert approved.status_code == 200
    assert approved.json()["status"] == PostStatus.PUBLISHED
    assert approved.json()["publish_at"].startswith("2026-03-03T09:00")
    assert APIClient().get(url).status_code == 404


def test_curators_embargo_from_the_admin_queue_and_form(clock, curator):
    queued, edited = PostFactory(pending=True), PostFactory(pending=True)
    request = RequestFactory().post("/", {"publish_at": "2026-03-01T09:00"})
    request.user = curator
    request._messages = []
    admin = PostAdmin(Post, site)
    admin.message_user = lambda request, message, level=None: request._messages.append(
        message
    )
    publish_posts(admin, request, Post.objects.filter(pk=queued.pk))
    assert request._messages == ["The embargo must end in the future."]
    queued.refresh_from_db()
    assert queued.status == PostStatus.PENDING

    request = RequestFactory().post("/", {"publish_at": "2026-03-03T09:00"})
    request.user = curator
    request._messages = []
    publish_posts(admin, request, Post.objects.filter(pk=queued.pk))
    queued.refresh_from_db()
    assert queued.status == PostStatus.PUBLISHED
    assert queued.is_embargoed

    form = PostAdminForm(
        instance=edited,
        data={
            **{
                name: getattr(edited, f"{name}_id", None) or getattr(edited, name)
                for name in ("production", "title", "slug", "kind", "phase")
            },
            "provenance": edited.provenance,
            "happened_on": edited.happened_on,
            "decision": PostStatus.PUBLISHED,
            "publish_at": "2026-03-01T09:00",
        },
    )
    assert not form.is_valid()
    assert form.errors["publish_at"] == ["The embargo must end in the future."]

    staff = Client()
    staff.force_login(curator)
    listing = staff.get(
        reverse("admin:media_assets_post_changelist") + "?embargo=embargoed"
    ).content.decode()
    assert queued.title in listing
    assert edited.title not in listing


def test_an_embargoed_post_is_no_longer_the_authors_to_change(
    clock, curator, crew_person
):
    post = PostFactory(title="Tech week", author=crew_person.user, pending=True)
    services.post_publish(post=post, actor=curator, publish_at=TRAILER_DROPS)
    client = Client()
    client.force_login(crew_person.user)
    page = client.get(reverse("media_assets:my-posts")).content.decode()
    assert "Tech week" in page
    assert reverse("media_assets:post-edit", kwargs={"slug": post.slug}) not in page
    edit = client.get(reverse("media_assets:post-edit", kwargs={"slug": post.slug}))
    assert edit.status_code in (403, 404)
