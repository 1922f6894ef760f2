"""Ready videos wherever a post travels: feed enclosures, Open Graph tags on the
post page and Google's video fields in the sitemap; unready or unpublished ones
nowhere."""

import datetime
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bts_catalog.images import intake_image
from bts_catalog.videos import intake_video
from media_assets.models import MediaStatus, Post
from media_assets.services import media_asset_add
from tests.factories import PostFactory
from tests.videos import clip_upload

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
VIDEO = "{http://www.google.com/schemas/sitemap-video/1.1}"
SERVER = "http://testserver"


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def add_video(post, tmp_path, capture, caption="Rigging the crane", **clip):
    with capture(execute=True):
        asset = media_asset_add(
            post=post,
            actor=None,
            upload=intake_video(clip_upload(tmp_path, **clip)),
            caption=caption,
        )
    asset.refresh_from_db()
    return asset


def add_image(post, make_image):
    image = intake_image(make_image(size=(120, 90)), name="harbour.jpg")
    return media_asset_add(
        actor=None, post=post, upload=image, alt_text="The crew on the wall"
    )


@pytest.fixture
def video_post(tmp_path, django_capture_on_commit_callbacks):
    post = PostFactory(title="Crane day", body="We *rigged* the crane at dawn.")
    asset = add_video(post, tmp_path, django_capture_on_commit_callbacks)
    assert asset.status == MediaStatus.READY
    assert asset.playable_sources and asset.poster_jpeg
    return post, asset


def processing(asset):
    asset.status = MediaStatus.PROCESSING
    asset.save(update_fields=["status"])
    return asset


def rss_enclosures(client) -> dict[str, list[ET.Element]]:
    root = parse(client.get("/feeds/latest/"))
    return {
        item.findtext("title"): item.findall("enclosure")
        for item in root.findall("./channel/item")
    }


def atom_enclosures(client) -> dict[str, list[ET.Element]]:
    root = parse(client.get("/feeds/latest/atom/"))
    return {
        entry.findtext(f"{ATOM}title"): entry.findall(f"{ATOM}link[@rel='enclosure']")
        for entry in root.findall(f"{ATOM}entry")
    }


class MetaTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.properties: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        if tag == "meta" and "property" in attributes:
            self.properties.setdefault(attributes["property"], []).append(
                attributes.get("content")
            )


def og_tags(client, post) -> dict[str, list[str]]:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    parser = MetaTags()
    parser.feed(response.content.decode())
    return parser.properties


def sitemap_urls(client) -> dict[str, ET.Element]:
    response = client.get("/sitemap.xml")
    root = parse(response)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.findtext(f"{SITEMAP}loc"): url for url in root.findall(f"{SITEMAP}url")}


# --- Feeds ----------------------------------------------------------------------------
def test_rss_item_encloses_the_largest_mp4(client, video_post):
    post, asset = video_post
    largest = asset.playable_sources[0]
    (enclosure,) = rss_enclosures(client)[post.title]
    assert enclosure.get("url") == f"{SERVER}{largest.file.url}"
    assert enclosure.get("length") == str(largest.size_bytes)
    assert enclosure.get("type") == "video/mp4"


def test_rss_description_shows_the_poster(client, video_post):
    post, asset = video_post
    root = parse(client.get("/feeds/latest/"))
    description = root.find("./channel/item").findtext("description")
    assert f'<img src="{SERVER}{asset.poster_jpeg.url}"' in description
    assert 'alt="Rigging the crane"' in description


def test_atom_entry_links_the_mp4_as_enclosure(client, video_post):
    post, asset = video_post
    largest = asset.playable_sources[0]
    (link,) = atom_enclosures(client)[post.title]
    assert link.get("href") == f"{SERVER}{largest.file.url}"
    assert link.get("length") == str(largest.size_bytes)
    assert link.get("type") == "video/mp4"


def test_feed_encloses_whichever_medium_comes_first(
    client, make_image, tmp_path, django_capture_on_commit_callbacks
):
    video_first = PostFactory(title="Video first")
    add_video(video_first, tmp_path, django_capture_on_commit_callbacks)
    add_image(video_first, make_image)
    image_first = PostFactory(title="Image first")
    image = add_image(image_first, make_image)
    add_video(image_first, tmp_path, django_capture_on_commit_callbacks)

    enclosures = rss_enclosures(client)
    assert [e.get("type") for e in enclosures["Video first"]] == ["video/mp4"]
    assert [e.get("url") for e in enclosures["Image first"]] == [
        f"{SERVER}{image.large.url}"
    ]


def test_a_processing_video_is_not_enclosed(client, video_post, make_image):
    post, asset = video_post
    processing(asset)
    assert rss_enclosures(client)[post.title] == []
    assert atom_enclosures(client)[post.title] == []
    # The post's first ready medium, an image after the video, is enclosed instead.
    image = add_image(post, make_image)
    (enclosure,) = rss_enclosures(client)[post.title]
    assert enclosure.get("url") == f"{SERVER}{image.large.url}"


def test_video_feed_queries_do_not_grow_with_the_items(
    client, tmp_path, django_capture_on_commit_callbacks
):
    for _ in range(2):
        add_video(PostFactory(), tmp_path, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as few:
        assert len(rss_enclosures(client)) == 2
    for _ in range(3):
        add_video(PostFactory(), tmp_path, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as many:
        enclosures = rss_enclosures(client)
    assert [len(found) for found in enclosures.values()] == [1] * 5
    assert len(many) == len(few)


# --- Open Graph -----------------------------------------------------------------------
def test_post_page_has_og_video_and_the_poster_as_og_image(client, video_post):
    post, asset = video_post
    smallest = asset.playable_sources[-1]
    tags = og_tags(client, post)
    assert tags["og:video"] == [f"{SERVER}{smallest.file.url}"]
    assert tags["og:video:type"] == ["video/mp4"]
    assert tags["og:video:width"] == [str(smallest.width)]
    assert tags["og:video:height"] == [str(smallest.height)]
    assert tags["og:image"] == [f"{SERVER}{asset.poster_jpeg.url}"]
    assert tags["og:image:width"] == [str(asset.poster_width)]
    assert tags["og:image:alt"] == ["Rigging the crane"]


def test_og_video_picks_the_720p_source_of_a_larger_video(
    client, tmp_path, django_capture_on_commit_callbacks
):
    post = PostFactory()
    asset = add_video(
        post, tmp_path, django_capture_on_commit_callbacks, width=1920, height=1080
    )
    assert [source.label for source in asset.playable_sources] == ["1080p", "720p"]
    tags = og_tags(client, post)
    assert tags["og:video"] == [f"{SERVER}{asset.playable_sources[-1].file.url}"]
    assert tags["og:video:height"] == ["720"]


def test_image_posts_keep_their_og_image(client, make_image):
    post = PostFactory()
    image = add_image(post, make_image)
    tags = og_tags(client, post)
    # The widest JPEG up to 1200 px: what every link preview shows.
    jpeg = image.fallback
    assert jpeg.format == "jpeg"
    assert tags["og:image"] == [f"{SERVER}{jpeg.file.url}"]
    assert tags["og:image:type"] == ["image/jpeg"]
    assert tags["og:image:width"] == [str(jpeg.width)]
    assert tags["og:image:alt"] == ["The crew on the wall"]
    assert "og:video" not in tags


def test_a_processing_video_has_no_og_tags(client, video_post):
    post, asset = video_post
    processing(asset)
    tags = og_tags(client, post)
    assert not [name for name in tags if name.startswith(("og:video", "og:image"))]


# --- Sitemap --------------------------------------------------------------------------
def test_sitemap_lists_the_video_with_googles_fields(client, video_post):
    post, asset = video_post
    response = client.get("/sitemap.xml")
    assert b'xmlns:video="http://www.google.com/schemas/sitemap-video/1.1"' in (
        response.content
    )
    url = sitemap_urls(client)[f"{SERVER}{post.get_absolute_url()}"]
    (video,) = url.findall(f"{VIDEO}video")
    assert video.findtext(f"{VIDEO}thumbnail_loc") == (
        f"{SERVER}{asset.poster_jpeg.url}"
    )
    assert video.findtext(f"{VIDEO}title") == "Rigging the crane"
    assert video.findtext(f"{VIDEO}description") == "We rigged the crane at dawn."
    assert video.findtext(f"{VIDEO}content_loc") == (
        f"{SERVER}{asset.playable_sources[0].file.url}"
    )
    assert video.findtext(f"{VIDEO}duration") == str(
        max(1, round(asset.duration_seconds))
    )
    assert video.findtext(f"{VIDEO}publication_date").startswith(
        post.published_at.date().isoformat()
    )


def test_sitemap_video_title_and_description_fall_back(
    client, tmp_path, django_capture_on_commit_callbacks
):
    long_body = "Crane " * 100
    post = PostFactory(title="Crane day", body=long_body)
    add_video(post, tmp_path, django_capture_on_commit_callbacks, caption="")
    url = sitemap_urls(client)[f"{SERVER}{post.get_absolute_url()}"]
    video = url.find(f"{VIDEO}video")
    assert video.findtext(f"{VIDEO}title") == "Crane day"
    description = video.findtext(f"{VIDEO}description")
    assert len(description) <= 200
    assert description.startswith("Crane Crane")


def test_sitemap_video_text_is_escaped_once(
    client, tmp_path, django_capture_on_commit_callbacks
):
    post = PostFactory(body='Fish & chips, "wrapped" <b>hot</b>')
    add_video(post, tmp_path, django_capture_on_commit_callbacks, caption="R&D <1>")
    url = sitemap_urls(client)[f"{SERVER}{post.get_absolute_url()}"]
    video = url.find(f"{VIDEO}video")
    assert video.findtext(f"{VIDEO}title") == "R&D <1>"
    assert video.findtext(f"{VIDEO}description") == 'Fish & chips, "wrapped" hot'


def test_sitemap_leaves_out_processing_and_unpublished_videos(
    client, video_post, tmp_path, django_capture_on_commit_callbacks
):
    post, asset = video_post
    processing(asset)
    draft = PostFactory(draft=True, title="Secret draft")
    add_video(draft, tmp_path, django_capture_on_commit_callbacks)

    urls = sitemap_urls(client)
    assert urls[f"{SERVER}{post.get_absolute_url()}"].find(f"{VIDEO}video") is None
    assert f"{SERVER}{draft.get_absolute_url()}" not in urls
    response = client.get("/sitemap.xml")
    assert b"video:video" not in response.content


def test_sitemap_queries_do_not_grow_with_the_videos(
    client, tmp_path, django_capture_on_commit_callbacks
):
    add_video(PostFactory(), tmp_path, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/sitemap.xml").status_code == 200
    for _ in range(3):
        add_video(PostFactory(), tmp_path, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as many:
        content = client.get("/sitemap.xml").content
    assert content.count(b"<video:video>") == 4
    assert len(many) == len(few)


# --- Drafts ---------------------------------------------------------------------------
def test_a_drafts_video_is_in_no_feed(
    client, tmp_path, django_capture_on_commit_callbacks
):
    draft = PostFactory(draft=True, title="Secret draft")
    asset = add_video(draft, tmp_path, django_capture_on_commit_callbacks)
    source_url = asset.playable_sources[0].file.url.encode()
    for url in ("/feeds/latest/", "/feeds/latest/atom/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200
        assert source_url not in response.content, url
        assert b"Secret draft" not in response.content, url
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_sitemap_leaves_out_spoiler_videos_until_their_day(
    client, tmp_path, django_capture_on_commit_callbacks
):
    post = PostFactory(title="The finale", is_spoiler=True)
    add_video(post, tmp_path, django_capture_on_commit_callbacks)
    url = sitemap_urls(client)[f"{SERVER}{post.get_absolute_url()}"]
    assert url.find(f"{VIDEO}video") is None
    Post.objects.filter(pk=post.pk).update(spoils_until=datetime.date(2024, 3, 1))
    cache.clear()
    url = sitemap_urls(client)[f"{SERVER}{post.get_absolute_url()}"]
    assert url.find(f"{VIDEO}video") is not None
