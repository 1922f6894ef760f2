"""A post page shows a before/after pair once, as one comparison: both pictures with
their alt texts, the after's own caption, and a range input to slide between them;
the page's queries do not grow with the number of pairs."""

import io
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from bts_catalog.images import intake_image
from media_assets.services import media_asset_add, media_asset_update
from tests.factories import PersonFactory, PostFactory
from tests.markup import without_structured_data

pytestmark = pytest.mark.django_db


class Tags(HTMLParser):
    """Every start tag of a page, as (name, attributes)."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, name: str, **wanted) -> list[dict]:
        return [
            attrs
            for tag, attrs in self.found
            if tag == name
            and all(attrs.get(key) == value for key, value in wanted.items())
        ]


def still(color, size=(320, 200)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def add_image(post, *, alt_text, color, size=(320, 200), **details):
    return media_asset_add(
        actor=None,
        post=post,
        upload=intake_image(ContentFile(still(color, size), name="still.jpg")),
        alt_text=alt_text,
        **details,
    )


def add_pair(post, curator, number: int):
    before = add_image(
        post,
        alt_text=f"Pair {number} before: the bare stage",
        color=(30, 40, 20 * number),
        caption=f"Pair {number}: the stage on Monday",
    )
    after = add_image(
        post,
        alt_text=f"Pair {number} after: the dressed set",
        color=(200, 120, 20 * number),
        size=(300, 220),
        caption=f"Pair {number}: the set on opening night",
        credited_to=PersonFactory(name=f"Noor Haddad {number}"),
    )
    media_asset_update(
        asset=after,
        user=curator,
        after_of=before,
        capture={"camera_make": "Leica", "camera_model": f"Q{number}"},
    )
    return before, after


def post_with_pairs(curator, count: int):
    post = PostFactory(title=f"Dressing the set, {count} views")
    pairs = [add_pair(post, curator, number) for number in range(1, count + 1)]
    return post, pairs


def test_a_pair_is_shown_once_as_a_comparison_with_both_alt_texts(client, curator):
    post, [(before, after)] = post_with_pairs(curator, 1)
    add_image(post, alt_text="The crew at the wrap party", color=(90, 90, 90))

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    tags = Tags(html)
    pictures = [attrs for attrs in tags.all("img") if attrs.get("alt")]
    assert [attrs["alt"] for attrs in pictures] == [
        before.alt_text,
        after.alt_text,
        "The crew at the wrap party",
    ]
    assert not any(attrs.get("aria-hidden") for attrs in pictures)
    assert len(tags.all("figure", **{"class": "media"})) == 2
    assert len(tags.all("div", **{"class": "compare"})) == 1

    (slider,) = tags.all("input", type="range")
    assert (slider["min"], slider["max"], slider["value"]) == ("0", "100", "50")
    assert slider["aria-valuetext"] == "50% after"
    assert len(tags.all("label", **{"for": slider["id"]})) == 1
    # Named for what it reveals, so that two sliders on one page differ; the name
    # begins with the visible label.
    assert slider["aria-label"] == f"Reveal the after picture: {after.alt_text}"
    assert "Reveal the after picture</label>" in html
    assert ">Before</span>" in html
    assert ">After</span>" in html
    assert len(tags.all("script", src="/static/js/compare.js")) == 1
    assert len(tags.all("link", href="/static/css/compare.css")) == 1

    # Each picture's own caption, credit and "shot on"; the after's said once.
    shown = without_structured_data(html)
    assert shown.count(before.caption) == 1
    assert shown.count(after.caption) == 1
    assert "Noor Haddad 1</a>" in html
    assert html.count("Shot on Leica Q1") == 1


def test_the_after_capture_details_stay_hidden_when_not_public(client, curator):
    post, [(_, after)] = post_with_pairs(curator, 1)
    media_asset_update(asset=after, user=curator, capture_public=False)

    html = client.get(post.get_absolute_url()).content.decode()

    assert "Shot on Leica" not in html
    assert after.caption in html


def test_page_queries_do_not_grow_with_the_pairs(client, curator):
    few, _ = post_with_pairs(curator, 1)
    many, _ = post_with_pairs(curator, 5)
    client.get(few.get_absolute_url())  # what a first request looks up once

    cache.clear()  # the pages themselves are made afresh, not served from the cache
    with CaptureQueriesContext(connection) as one_pair:
        response = client.get(few.get_absolute_url())
    assert len(Tags(response.content.decode()).all("input", type="range")) == 1
    cache.clear()
    with CaptureQueriesContext(connection) as five_pairs:
        response = client.get(many.get_absolute_url())
    assert len(Tags(response.content.decode()).all("input", type="range")) == 5

    assert 0 < len(five_pairs) == len(one_pair)
