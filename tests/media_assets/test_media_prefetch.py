"""A post's media come with the rows their kinds have, and only those: a page of
pictures asks for no video renditions or captions, a video's page for no picture
sizes, and an API list of mixed media still answers in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bts_catalog.images import intake_image
from media_assets.models import MediaKind, Post
from media_assets.services import media_asset_add
from tests.factories import PostFactory
from tests.media_assets.test_video_syndication import add_video

pytestmark = pytest.mark.django_db

PICTURE_SIZES = '"media_assets_imagerendition"'
VIDEO_ROWS = ('"media_assets_videorendition"', '"media_assets_caption"')


def add_image(post, make_image):
    shade = post.media.count() * 40
    image = intake_image(
        make_image(size=(120, 90), color=(shade, 90, 200)), name="wall.jpg"
    )
    return media_asset_add(actor=None, post=post, upload=image, alt_text="The wall")


def tables_read(client, url: str) -> str:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return "\n".join(query["sql"] for query in queries), response


def test_a_post_of_pictures_asks_for_no_video_rows(client, make_image):
    post = PostFactory(title="Wall day")
    add_image(post, make_image)
    add_image(post, make_image)

    sql, response = tables_read(client, post.get_absolute_url())

    assert sql.count(PICTURE_SIZES) >= 1
    assert not any(table in sql for table in VIDEO_ROWS)
    assert response.content.decode().count("<picture>") == 2


def test_a_post_of_a_video_and_a_picture_shows_both(
    client, make_image, tmp_path, django_capture_on_commit_callbacks
):
    post = PostFactory(title="Crane day")
    add_video(post, tmp_path, django_capture_on_commit_callbacks)
    add_image(post, make_image)

    sql, response = tables_read(client, post.get_absolute_url())
    page = response.content.decode()

    assert all(table in sql for table in (PICTURE_SIZES, *VIDEO_ROWS))
    assert '<source src="' in page and 'type="video/mp4"' in page
    assert "<picture>" in page


def test_the_api_gives_each_medium_the_sources_of_its_kind(
    client, make_image, tmp_path, django_capture_on_commit_callbacks
):
    post = PostFactory(title="Crane day")
    add_video(post, tmp_path, django_capture_on_commit_callbacks)
    add_image(post, make_image)

    with CaptureQueriesContext(connection) as few:
        listed = client.get("/api/v1/media/").json()["results"]
    for _ in range(3):
        add_image(post, make_image)
    with CaptureQueriesContext(connection) as more:
        assert len(client.get("/api/v1/media/").json()["results"]) == 5
    assert len(more) <= len(few)

    by_kind = {item["kind"]: item for item in listed}
    assert by_kind[MediaKind.VIDEO_FILE]["sources"]
    assert by_kind[MediaKind.IMAGE]["sources"]
    assert by_kind[MediaKind.IMAGE]["captions"] == []
    shown = client.get(f"/api/v1/posts/{post.slug}/").json()
    assert {medium["kind"] for medium in shown["media"]} == {
        MediaKind.VIDEO_FILE,
        MediaKind.IMAGE,
    }


def test_media_read_again_from_a_prefetched_post_ask_nothing(client, make_image):
    post = PostFactory(title="Wall day")
    add_image(post, make_image)
    [shown] = Post.objects.filter(pk=post.pk).for_display()
    with CaptureQueriesContext(connection) as queries:
        [asset] = shown.media.all()
        assert asset.picture_sources
        assert list(asset.video_sources.all()) == []
        assert list(asset.captions.all()) == []
    assert len(queries) == 0
