"""RSS and Atom feeds of published posts: site-wide and per production."""

import copy

from django.contrib.syndication.views import Feed
from django.core.exceptions import SuspiciousOperation
from django.db.models.fields.files import FieldFile
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from bts_catalog.tagging import tags_of
from productions.models import Production

from .models import MediaAsset, MediaKind, Post, PostQuerySet

FEED_LENGTH = 30
RENDITION_MIME_TYPE = "image/webp"


def feed_posts() -> PostQuerySet:
    """Published posts with everything an item needs, fetched in a fixed number
    of queries however many items there are."""
    return Post.objects.published().for_display().latest()


def _cover(post: Post) -> MediaAsset | None:
    """The medium an item encloses: the post's first image with its renditions or
    first ready video with its MP4s, whichever comes first in the post.

    RSS allows one enclosure per item, so a post that opens with a video encloses
    the video, and any other post its first image, as before videos. Media that
    cannot be enclosed (embeds, videos still processing or failed) are passed
    over, and so is every spoiler: a feed reader shows no warning. Uses the media
    and video sources prefetched by for_display().
    """
    for asset in post.media.all():
        if asset.is_spoiler_today:
            continue
        if asset.kind == MediaKind.IMAGE and asset.card and asset.large:
            return asset
        if asset.kind == MediaKind.VIDEO_FILE and asset.playable_sources:
            return asset
    return None


def _stored_size(field_file: FieldFile) -> int:
    """The file's size in bytes when the storage can tell cheaply, else 0."""
    storage = field_file.storage
    try:
        # Only local storages have paths; asking a remote one for a size costs a
        # request per item.
        storage.path(field_file.name)
        return storage.size(field_file.name)
    except (NotImplementedError, OSError, SuspiciousOperation):
        return 0


class PostFeed(Feed):
    """What every post feed shares: the items and how a post becomes one."""

    request: HttpRequest | None = None

    def __call__(self, request, *args, **kwargs):
        # The URLconf holds one instance for every request; give each request a
        # copy of its own so that media URLs can be made absolute with it.
        feed = copy.copy(self)
        feed.request = request
        return super(PostFeed, feed).__call__(request, *args, **kwargs)

    def _absolute(self, url: str) -> str:
        return self.request.build_absolute_uri(url) if self.request else url

    def item_description(self, item: Post) -> str:
        cover = _cover(item)
        if cover is None:
            return item.body_html
        if cover.kind == MediaKind.VIDEO_FILE:
            if not cover.poster_jpeg:
                return item.body_html
            picture = format_html(
                '<p><a href="{}"><img src="{}" alt="{}"></a></p>',
                self._absolute(item.get_absolute_url()),
                self._absolute(cover.poster_jpeg.url),
                cover.caption or item.title,
            )
        else:
            picture = format_html(
                '<p><img src="{}" alt="{}"></p>',
                self._absolute(cover.card.url),
                cover.alt_text,
            )
        return f"{item.body_html}\n{picture}"

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.updated_at

    def item_author_name(self, item: Post) -> str:
        person = getattr(item.author, "person", None) if item.author else None
        return person.name if person else item.production.title

    def item_categories(self, item: Post) -> list[str]:
        return [tag.name for tag in tags_of(item)]

    def item_enclosure_url(self, item: Post) -> str | None:
        cover = _cover(item)
        if cover is None:
            return None
        if cover.kind == MediaKind.VIDEO_FILE:
            # The largest MP4: a feed reader downloads it to play later.
            return self._absolute(cover.playable_sources[0].file.url)
        return self._absolute(cover.large.url)

    def item_enclosure_length(self, item: Post) -> int:
        cover = _cover(item)
        if cover is None:
            return 0
        if cover.kind == MediaKind.VIDEO_FILE:
            return cover.playable_sources[0].size_bytes
        return _stored_size(cover.large)

    def item_enclosure_mime_type(self, item: Post) -> str:
        cover = _cover(item)
        if cover is not None and cover.kind == MediaKind.VIDEO_FILE:
            return cover.playable_sources[0].mime_type
        return RENDITION_MIME_TYPE


class LatestPostsFeed(PostFeed):
    title = "BTS Catalog: latest behind-the-scenes posts"
    description = (
        "The newest behind-the-scenes and making-of posts from film, TV, theater, "
        "games and music videos."
    )

    def link(self) -> str:
        return reverse("showcase:home")

    def items(self):
        return feed_posts()[:FEED_LENGTH]


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed
    subtitle = LatestPostsFeed.description


class ProductionPostsFeed(PostFeed):
    def get_object(self, request, slug: str) -> Production:
        return get_object_or_404(Production, slug=slug)

    def title(self, obj: Production) -> str:
        return f"{obj}: behind the scenes on BTS Catalog"

    def description(self, obj: Production) -> str:
        return f"The newest behind-the-scenes posts about {obj}."

    def link(self, obj: Production) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Production):
        return feed_posts().for_production(obj)[:FEED_LENGTH]


class ProductionPostsAtomFeed(ProductionPostsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Production) -> str:
        return self.description(obj)
