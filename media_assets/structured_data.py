"""schema.org JSON-LD for a behind-the-scenes post: an Article about its
production, its pictures as ImageObjects and its playable videos as VideoObjects.

Built from what Post.objects.for_display() fetched, so a post page asks the
database nothing more for it (see productions.structured_data for the catalogue).
"""

import html
import math

from django.utils.html import strip_tags
from django.utils.text import Truncator

from bts_catalog.renditions import LARGE
from productions.structured_data import (
    SCHEMA,
    Absolute,
    compact,
    person_reference,
    production_reference,
    site_organization,
)

from .models import MediaAsset, MediaKind, Post
from .templatetags.media import iso_duration

DESCRIPTION_LENGTH = 200


def post_data(post: Post, absolute: Absolute) -> dict:
    url = absolute(post.get_absolute_url())
    # Search engines show these pictures beside the link: never a spoiler.
    media = [asset for asset in post.media.all() if not asset.is_spoiler_today]
    summary = _summary(post)
    return compact(
        {
            "@context": SCHEMA,
            "@type": "Article",
            "@id": f"{url}#article",
            "url": url,
            "mainEntityOfPage": url,
            "headline": post.title,
            "description": summary,
            "datePublished": _iso(post.published_at),
            "dateModified": _iso(post.updated_at),
            "author": post_author(post, absolute),
            "publisher": site_organization(absolute),
            "about": production_reference(post.production, absolute),
            "mentions": [
                person_reference(person, absolute)
                for person in post.featured_people.all()
            ],
            "keywords": ", ".join(tag.name for tag in post.sorted_tags),
            "image": [
                image
                for asset in media
                if asset.kind == MediaKind.IMAGE
                and (image := image_object(asset, absolute))
            ],
            "video": [
                video
                for asset in media
                if (video := video_object(asset, post, absolute, summary))
            ],
        }
    )


def post_author(post: Post, absolute: Absolute) -> dict:
    """The crew member who wrote it, when their account is linked to a person;
    otherwise the catalogue, which publishes it."""
    user = post.author if post.author_id else None
    person = getattr(user, "person", None) if user is not None else None
    if person is not None:
        return person_reference(person, absolute)
    return site_organization(absolute)


def image_object(asset: MediaAsset, absolute: Absolute) -> dict | None:
    """A picture by its large rendition (or, until that is made, its JPEG);
    None while it has neither."""
    if asset.large and asset.width and asset.height:
        url = asset.large.url
        width, height = large_size(asset.width, asset.height)
    elif (fallback := asset.fallback) is not None:
        url, width, height = fallback.file.url, fallback.width, fallback.height
    else:
        return None
    return compact(
        {
            "@type": "ImageObject",
            "contentUrl": absolute(url),
            "width": width,
            "height": height,
            "caption": asset.caption or asset.alt_text,
            "description": asset.alt_text,
            **_credit(asset, absolute),
        }
    )


def video_object(
    asset: MediaAsset, post: Post, absolute: Absolute, summary: str = ""
) -> dict | None:
    """A ready video file by its largest MP4, over its poster; None for anything
    that does not play (a video still processing, an image, an embed)."""
    sources = asset.playable_sources
    if not sources:
        return None
    best = sources[0]
    poster = asset.poster_jpeg or asset.poster
    return compact(
        {
            "@type": "VideoObject",
            "name": asset.caption or post.title,
            "description": asset.caption or summary or post.title,
            "contentUrl": absolute(best.file.url),
            "encodingFormat": best.mime_type,
            "width": best.width,
            "height": best.height,
            "thumbnailUrl": absolute(poster.url) if poster else None,
            "uploadDate": _iso(post.published_at or asset.created_at),
            "duration": iso_duration(asset.duration_seconds),
            **_credit(asset, absolute),
        }
    )


def large_size(width: int, height: int) -> tuple[int, int]:
    """The size of a picture's ``large`` rendition: within LARGE × LARGE, with
    bts_catalog.renditions' rounding (the side nearest the aspect ratio)."""
    if width <= LARGE and height <= LARGE:
        return width, height
    aspect = width / height
    if aspect >= 1:
        return LARGE, _nearest(LARGE / aspect, lambda n: abs(aspect - LARGE / n))
    return _nearest(LARGE * aspect, lambda n: abs(aspect - n / LARGE)), LARGE


def _nearest(number: float, error) -> int:
    return max(min(math.floor(number), math.ceil(number), key=error), 1)


def _credit(asset: MediaAsset, absolute: Absolute) -> dict:
    person = asset.credited_to if asset.credited_to_id else None
    if person is None:
        return {}
    return {
        "creator": person_reference(person, absolute),
        "creditText": person.name,
    }


def _summary(post: Post) -> str:
    text = " ".join(html.unescape(strip_tags(post.body_html)).split())
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def _iso(value) -> str | None:
    return value.isoformat() if value else None
