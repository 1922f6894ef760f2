"""Sitemap section for behind-the-scenes posts: published ones only, with their
ready videos in Google's video sitemap fields (see templates/sitemap_video.xml)."""

import datetime
import html
from dataclasses import dataclass
from urllib.parse import urljoin

from django.contrib.sitemaps import Sitemap
from django.db.models import Prefetch
from django.db.models.functions import Substr
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .models import MediaAsset, MediaKind, MediaStatus, Post

VIDEO_DESCRIPTION_LENGTH = 200
# Enough of a post's HTML to give VIDEO_DESCRIPTION_LENGTH characters of text,
# without loading whole bodies for a sitemap of every post.
BODY_HTML_PREFIX = 4000


@dataclass(frozen=True)
class SitemapVideo:
    """One <video:video> entry: every URL absolute."""

    thumbnail_loc: str
    title: str
    description: str
    content_loc: str
    duration: int | None
    publication_date: datetime.datetime


def _sitemap_videos() -> Prefetch:
    """A post's ready videos with a poster and their MP4s, in the post's order,
    as ``post.sitemap_videos``: two queries for a whole sitemap page."""
    return Prefetch(
        "media",
        queryset=MediaAsset.objects.filter(
            kind=MediaKind.VIDEO_FILE, status=MediaStatus.READY
        )
        .exclude(poster_jpeg="")
        .only(
            "post",
            "kind",
            "status",
            "caption",
            "duration_seconds",
            "poster_jpeg",
            "is_spoiler",
        )
        .annotate(post_html=Substr("post__body_html", 1, BODY_HTML_PREFIX))
        .prefetch_related("video_sources")
        .order_by("position", "id"),
        to_attr="sitemap_videos",
    )


def _description(asset: MediaAsset, post: Post) -> str:
    # Plain text: the template escapes it once for XML.
    text = " ".join(html.unescape(strip_tags(asset.post_html)).split())
    if text:
        return Truncator(text).chars(VIDEO_DESCRIPTION_LENGTH)
    return asset.caption or post.title


class PostSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return (
            Post.objects.published()
            .only(
                "slug",
                "title",
                "updated_at",
                "published_at",
                "is_spoiler",
                "spoils_until",
            )
            .prefetch_related(_sitemap_videos())
            .latest()
        )

    def lastmod(self, item: Post):
        return item.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["videos"] = self.videos(url["item"], url["location"])
        return urls

    def videos(self, item: Post, location: str) -> list[SitemapVideo]:
        """The post's videos that can be played, with media URLs made absolute
        against the post's own (absolute) location."""
        entries = []
        for asset in item.sitemap_videos:
            # A spoiler's poster would show in search results: leave it out.
            if not asset.playable_sources or asset.is_spoiler_today:
                continue
            duration = asset.duration_seconds
            entries.append(
                SitemapVideo(
                    thumbnail_loc=urljoin(location, asset.poster_jpeg.url),
                    title=asset.caption or item.title,
                    description=_description(asset, item),
                    content_loc=urljoin(location, asset.playable_sources[0].file.url),
                    # Google takes whole seconds from 1 to 28800.
                    duration=(
                        min(max(round(duration), 1), 28800) if duration else None
                    ),
                    publication_date=item.published_at,
                )
            )
        return entries
