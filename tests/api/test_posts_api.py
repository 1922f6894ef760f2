"""Posts through the API: the public stream, crew submissions, media uploads."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from bts_catalog.images import intake_image
from media_assets.models import MediaAsset, Post, PostStatus, Provenance
from media_assets.services import media_asset_add
from productions.models import Department, Role
from tests.conftest import image_bytes
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def production():
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def crew(crew_person, production):
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    client = APIClient()
    client.force_authenticate(crew_person.user)
    client.person = crew_person
    return client


@pytest.fixture
def curator_api(curator):
    client = APIClient()
    client.force_authenticate(curator)
    return client


def submission(production, **extra) -> dict:
    return {
        "production": production.slug,
        "title": "Rigging the quay",
        "body": "Three **balloon lights** and a lot of cable.",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "source_platform": "instagram",
        "source_url": "https://www.instagram.com/p/C1a2b3c4d5/",
        "tags": ["lighting", "night shoot"],
        "crafts": ["lighting"],
        **extra,
    }


def test_stream_has_only_published_posts_newest_first(client, production):
    older = PostFactory(production=production, title="Older")
    newer = PostFactory(production=production, title="Newer")
    for trait in ("pending", "draft", "rejected"):
        PostFactory(production=production, title=f"Hidden {trait}", **{trait: True})
    body = client.get("/api/v1/posts/").json()
    assert [post["title"] for post in body["results"]] == [newer.title, older.title]
    assert set(body) == {"next", "previous", "results"}


def test_stream_cursor_walks_every_post_once(client, production):
    PostFactory.create_batch(7, production=production)
    seen, url = [], "/api/v1/posts/?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [post["slug"] for post in body["results"]]
        url = body["next"]
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=costume_design", {"Fitting"}),
        ("phase=release", {"Premiere"}),
        ("provenance=press", {"Premiere"}),
        ("platform=youtube", {"Premiere"}),
        ("craft=costume", {"Fitting"}),
        ("production_kind=film", {"Fitting", "Premiere"}),
        ("tag=red-carpet", {"Premiere"}),
        ("happened_after=2024-06-01", {"Premiere"}),
        ("happened_before=2024-06-01", {"Fitting"}),
        ("search=premiere", {"Premiere"}),
    ],
)
def test_stream_filters(client, production, query, expected):
    fitting = PostFactory(production=production, title="Fitting", kind="costume_design")
    fitting.crafts.add(Department.objects.get(slug="costume"))
    premiere = PostFactory(
        production=production,
        title="Premiere",
        phase="release",
        provenance="press",
        source_platform="youtube",
        source_url="https://youtu.be/abc",
        happened_on="2024-09-01",
    )
    premiere.tags.add("red carpet")
    found = {
        post["title"]
        for post in client.get(f"/api/v1/posts/?{query}").json()["results"]
    }
    assert found == expected


def test_unpublished_posts_are_invisible_to_others(client, production, fan):
    hidden = PostFactory(production=production, pending=True)
    url = f"/api/v1/posts/{hidden.slug}/"
    assert client.get(url).status_code == 404
    api = APIClient()
    api.force_authenticate(fan)
    assert api.get(url).status_code == 404
    assert api.get(f"/api/v1/posts/?search={hidden.title}").json()["results"] == []


def test_crew_submit_a_first_hand_pending_post(crew, production):
    response = crew.post("/api/v1/posts/", submission(production), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == PostStatus.PENDING
    assert body["provenance"] == Provenance.FIRST_HAND
    assert body["author"]["slug"] == crew.person.slug
    assert body["crafts"] == ["lighting"]
    assert body["tags"] == ["lighting", "night shoot"]
    assert "<strong>balloon lights</strong>" in body["body_html"]
    post = Post.objects.get(slug=body["slug"])
    assert post.events.get().to_status == PostStatus.PENDING
    # The author sees it; nobody else does.
    assert crew.get(f"/api/v1/posts/{post.slug}/").status_code == 200
    assert APIClient().get(f"/api/v1/posts/{post.slug}/").status_code == 404


def test_crew_cannot_post_for_productions_they_are_not_credited_on(crew):
    elsewhere = ProductionFactory(title="Somebody Else's Film")
    response = crew.post("/api/v1/posts/", submission(elsewhere), format="json")
    assert response.status_code == 400
    assert "production" in response.json()
    assert not Post.objects.exists()


def test_fans_and_anonymous_cannot_submit(production, fan):
    assert APIClient().post("/api/v1/posts/", submission(production)).status_code == 401
    api = APIClient()
    api.force_authenticate(fan)
    response = api.post("/api/v1/posts/", submission(production), format="json")
    assert response.status_code == 400
    assert "production" in response.json()


def test_crew_cannot_choose_provenance_or_status(crew, production):
    response = crew.post(
        "/api/v1/posts/", submission(production, provenance="official"), format="json"
    )
    assert response.status_code == 400
    assert "provenance" in response.json()
    sneaky = crew.post(
        "/api/v1/posts/", submission(production, status="published"), format="json"
    )
    assert sneaky.status_code == 201
    assert sneaky.json()["status"] == PostStatus.PENDING


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"source_url": "https://www.tiktok.com/@x/video/1"}, "source_url"),
        ({"source_platform": "original"}, "source_url"),
        ({"kind": "hologram"}, "kind"),
        ({"phase": "after"}, "phase"),
        ({"happened_on": "yesterday"}, "happened_on"),
        ({"crafts": ["cast"]}, "crafts"),
        ({"featured_people": ["nobody-at-all"]}, "featured_people"),
        ({"title": "   "}, "title"),
        ({"title": "Night\x00shoot"}, "title"),
        ({"tags": ["a,b"]}, "tags"),
    ],
)
def test_bad_submissions_name_the_field(crew, production, extra, field):
    response = crew.post(
        "/api/v1/posts/", submission(production, **extra), format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Post.objects.exists()


def test_curators_create_drafts_with_the_provenance_they_choose(
    curator_api, production
):
    response = curator_api.post(
        "/api/v1/posts/", submission(production, provenance="press"), format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == PostStatus.DRAFT
    assert response.json()["provenance"] == Provenance.PRESS


def test_authors_edit_until_published(crew, production, curator):
    slug = crew.post("/api/v1/posts/", submission(production), format="json").json()[
        "slug"
    ]
    url = f"/api/v1/posts/{slug}/"
    edited = crew.patch(url, {"title": "Rigging the quay, take two"}, format="json")
    assert edited.status_code == 200
    assert edited.json()["title"] == "Rigging the quay, take two"
    moved = crew.patch(url, {"production": ProductionFactory().slug}, format="json")
    assert moved.status_code == 400
    post = Post.objects.get(slug=slug)
    from media_assets.services import post_publish

    post_publish(post=post, actor=curator)
    refused = crew.patch(url, {"title": "After publication"}, format="json")
    assert refused.status_code == 403
    assert crew.delete(url).status_code == 403


def test_crew_cannot_touch_another_crew_members_post(crew, production):
    other = PersonFactory(user=UserFactory())
    theirs = PostFactory(production=production, pending=True, author=other.user)
    url = f"/api/v1/posts/{theirs.slug}/"
    assert crew.patch(url, {"title": "Mine now"}, format="json").status_code == 404
    assert crew.delete(url).status_code == 404
    published = PostFactory(production=production, author=other.user)
    url = f"/api/v1/posts/{published.slug}/"
    assert crew.patch(url, {"title": "Mine now"}, format="json").status_code == 403


def test_authors_withdraw_their_pending_posts(crew, production):
    slug = crew.post("/api/v1/posts/", submission(production), format="json").json()[
        "slug"
    ]
    assert crew.delete(f"/api/v1/posts/{slug}/").status_code == 204
    assert not Post.objects.filter(slug=slug).exists()


def test_moderation_note_is_for_the_author_only(crew, production, client):
    post = PostFactory(
        production=production,
        author=crew.person.user,
        moderation_note="Lovely shots.",
    )
    assert crew.get(f"/api/v1/posts/{post.slug}/").json()["moderation_note"] == (
        "Lovely shots."
    )
    assert client.get(f"/api/v1/posts/{post.slug}/").json()["moderation_note"] is None


# --- Media ---------------------------------------------------------------------


def own_pending_post(crew, production) -> str:
    response = crew.post("/api/v1/posts/", submission(production), format="json")
    return response.json()["slug"]


def test_uploading_an_image_answers_with_renditions(crew, production, files_in_media):
    slug = own_pending_post(crew, production)
    response = crew.post(
        f"/api/v1/posts/{slug}/media/",
        {
            "file": SimpleUploadedFile("quay.jpg", image_bytes("JPEG", (1200, 800))),
            "alt_text": "Balloon lights over the quay",
            "credited_to": crew.person.slug,
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["width"], body["height"]) == (1200, 800)
    assert body["credited_to"]["slug"] == crew.person.slug
    assert set(body["renditions"]) == {"thumbnail", "card", "large"}
    assert all(
        url.startswith("http://testserver/media/")
        for url in body["renditions"].values()
    )
    # The original, 3 crops, and 480, 800 and 1200 px wide in 3 formats.
    assert len(files_in_media()) == 1 + 3 + 3 * 3
    detail = crew.get(f"/api/v1/posts/{slug}/").json()
    assert detail["media"][0]["id"] == body["id"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"file": ("x.jpg", b"<html>no</html>"), "alt_text": "x"}, "file"),
        ({"file": ("x.jpg", b""), "alt_text": "x"}, "file"),
        ({"file": ("x.jpg", image_bytes("JPEG"))}, "alt_text"),
        ({"file": ("x.bmp", image_bytes("BMP")), "alt_text": "x"}, "file"),
        ({"embed_url": "https://evil.example.com/v"}, "embed_url"),
        ({"alt_text": "nothing to upload"}, "file"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    crew, production, files_in_media, data, field
):
    slug = own_pending_post(crew, production)
    payload = {
        key: SimpleUploadedFile(*value) if key == "file" else value
        for key, value in data.items()
    }
    response = crew.post(f"/api/v1/posts/{slug}/media/", payload, format="multipart")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert MediaAsset.objects.count() == 0
    assert files_in_media() == []


def test_embedding_a_video(crew, production):
    slug = own_pending_post(crew, production)
    response = crew.post(
        f"/api/v1/posts/{slug}/media/",
        {
            "embed_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "caption": "Teaser",
        },
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "embed"
    assert response.json()["renditions"] is None


def test_only_the_author_or_curators_add_media(crew, production, fan):
    slug = own_pending_post(crew, production)
    api = APIClient()
    api.force_authenticate(fan)
    upload = {"file": SimpleUploadedFile("a.jpg", image_bytes()), "alt_text": "A"}
    assert (
        api.post(f"/api/v1/posts/{slug}/media/", upload, format="multipart").status_code
        == 404
    )
    published = PostFactory(production=production)
    upload = {"file": SimpleUploadedFile("a.jpg", image_bytes()), "alt_text": "A"}
    response = crew.post(
        f"/api/v1/posts/{published.slug}/media/", upload, format="multipart"
    )
    assert response.status_code == 403


def test_media_delete_removes_files(
    crew, production, files_in_media, django_capture_on_commit_callbacks
):
    slug = own_pending_post(crew, production)
    asset_id = crew.post(
        f"/api/v1/posts/{slug}/media/",
        {"file": SimpleUploadedFile("a.jpg", image_bytes()), "alt_text": "A"},
        format="multipart",
    ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        assert crew.delete(f"/api/v1/media/{asset_id}/").status_code == 204
    assert files_in_media() == []


def test_uploads_are_throttled_per_user(crew, production, settings, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "uploads", "2/hour")
    slug = own_pending_post(crew, production)
    codes = [
        crew.post(
            f"/api/v1/posts/{slug}/media/",
            {
                "file": SimpleUploadedFile("a.jpg", image_bytes(color=(i * 80, 0, 0))),
                "alt_text": "A",
            },
            format="multipart",
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]
    cache.clear()


def test_media_list_shows_only_published_posts_media(client, production):
    image = intake_image(ContentFile(image_bytes(), name="a.jpg"))
    public = PostFactory(production=production)
    hidden = PostFactory(production=production, pending=True)
    media_asset_add(actor=None, post=public, upload=image, alt_text="Public")
    hidden_asset = media_asset_add(
        actor=None, post=hidden, upload=image, alt_text="Hidden"
    )
    rows = client.get("/api/v1/media/").json()["results"]
    assert [row["alt_text"] for row in rows] == ["Public"]
    assert client.get(f"/api/v1/media/{hidden_asset.pk}/").status_code == 404


@pytest.mark.parametrize("size", [5, 50])
def test_post_stream_queries_are_bounded(
    client, production, django_assert_max_num_queries, size
):
    image = intake_image(ContentFile(image_bytes(), name="a.jpg"))
    for _ in range(size):
        post = PostFactory(production=production)
        post.tags.add("a", "b")
        post.crafts.add(Department.objects.get(slug="lighting"))
        post.featured_people.add(PersonFactory())
        media_asset_add(
            actor=None,
            post=post,
            upload=image,
            alt_text="A",
            credited_to=PersonFactory(),
        )
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/posts/?page_size=100").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/media/?page_size=100").status_code == 200
