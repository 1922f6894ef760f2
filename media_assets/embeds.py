"""Privacy-friendly embeds: which video and social links a post can show as a
facade, and the player each loads only once the visitor asks for it."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

from bts_catalog.links import safe_link_host

# The hosts the players are framed from: settings' CSP frame-src names exactly these
# (written out there, since settings import no app; a test keeps the two equal).
EMBED_FRAME_HOSTS = (
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "www.tiktok.com",
    "www.instagram.com",
    "platform.twitter.com",
)

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
NUMERIC_ID = re.compile(r"[0-9]{1,20}")
INSTAGRAM_CODE = re.compile(r"[A-Za-z0-9_-]{5,40}")

YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com"})
TIKTOK_HOSTS = frozenset({"tiktok.com", "www.tiktok.com", "m.tiktok.com"})
INSTAGRAM_HOSTS = frozenset({"instagram.com", "www.instagram.com"})
X_HOSTS = frozenset(
    {
        "x.com",
        "www.x.com",
        "mobile.x.com",
        "twitter.com",
        "www.twitter.com",
        "mobile.twitter.com",
    }
)

# Paths are matched whole (an optional trailing slash at most), so that nothing
# after the id slips through.
YOUTUBE_PATH = re.compile(r"/(?:shorts|embed|live)/(?P<id>[^/]+)/?")
VIMEO_PATH = re.compile(r"/(?P<id>[0-9]+)/?")
VIMEO_PLAYER_PATH = re.compile(r"/video/(?P<id>[0-9]+)/?")
TIKTOK_PATH = re.compile(r"/@(?P<user>[A-Za-z0-9_.]{1,24})/video/(?P<id>[0-9]+)/?")
INSTAGRAM_PATH = re.compile(r"/(?P<kind>p|reel)/(?P<code>[^/]+)/?")
X_PATH = re.compile(r"/(?P<user>[A-Za-z0-9_]{1,15})/status/(?P<id>[0-9]+)/?")


EMBED_REFUSED = (
    "Give a link to a YouTube, Vimeo or TikTok video, or to an Instagram or X post."
)


@dataclass(frozen=True)
class Embed:
    """A link a post can embed: what it is, where its player lives, how it sits."""

    platform: str  # youtube, vimeo, tiktok, instagram or x
    label: str  # the platform's name as people write it
    video_id: str  # the video's or post's id on the platform
    player_url: str  # the iframe's src, loaded only after the visitor's click
    link: str  # the public page of the video or post
    aspect: str  # the player's CSS aspect-ratio, e.g. "16 / 9"

    @property
    def aspect_class(self) -> str:
        """The CSS class suffix for the aspect ratio: "16 / 9" → "16x9"."""
        return self.aspect.replace(" / ", "x")

    @property
    def noun(self) -> str:
        """What the visitor is shown: a video, or a post that may be a picture."""
        return "post" if self.platform in {"instagram", "x"} else "video"

    @property
    def link_text(self) -> str:
        verb = "Watch" if self.noun == "video" else "View"
        return f"{verb} on {self.label}"


def embed_for(url: str) -> Embed | None:
    """The embed for a YouTube, Vimeo, TikTok, Instagram or X link; None for any
    other link or for one whose id does not look like that platform's."""
    if not url:
        return None
    try:
        host = safe_link_host(url)
    except ValidationError:
        return None
    parts = urlsplit(url)
    if parts.port not in {None, 80, 443}:
        return None
    path = parts.path
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        return _youtube(_youtube_id(host, path, parts.query))
    if host in VIMEO_HOSTS:
        return _vimeo(_match(VIMEO_PATH, path, "id"))
    if host == "player.vimeo.com":
        return _vimeo(_match(VIMEO_PLAYER_PATH, path, "id"))
    if host in TIKTOK_HOSTS:
        return _tiktok(TIKTOK_PATH.fullmatch(path))
    if host in INSTAGRAM_HOSTS:
        return _instagram(INSTAGRAM_PATH.fullmatch(path))
    if host in X_HOSTS:
        return _x(X_PATH.fullmatch(path))
    return None


def _match(pattern: re.Pattern, path: str, group: str) -> str | None:
    found = pattern.fullmatch(path)
    return found[group] if found else None


def _youtube_id(host: str, path: str, query: str) -> str | None:
    if host == "youtu.be":
        return path[1:].removesuffix("/") or None
    if path in {"/watch", "/watch/"}:
        values = parse_qs(query).get("v", [])
        return values[0] if len(values) == 1 else None
    return _match(YOUTUBE_PATH, path, "id")


def _youtube(video_id: str | None) -> Embed | None:
    if not video_id or not YOUTUBE_ID.fullmatch(video_id):
        return None
    return Embed(
        platform="youtube",
        label="YouTube",
        video_id=video_id,
        player_url=f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
        link=f"https://www.youtube.com/watch?v={video_id}",
        aspect="16 / 9",
    )


def _vimeo(video_id: str | None) -> Embed | None:
    if not video_id or not NUMERIC_ID.fullmatch(video_id):
        return None
    return Embed(
        platform="vimeo",
        label="Vimeo",
        video_id=video_id,
        player_url=f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1",
        link=f"https://vimeo.com/{video_id}",
        aspect="16 / 9",
    )


def _tiktok(found: re.Match | None) -> Embed | None:
    if not found or not NUMERIC_ID.fullmatch(found["id"]):
        return None
    video_id = found["id"]
    return Embed(
        platform="tiktok",
        label="TikTok",
        video_id=video_id,
        player_url=f"https://www.tiktok.com/embed/v2/{video_id}",
        link=f"https://www.tiktok.com/@{found['user']}/video/{video_id}",
        aspect="9 / 16",
    )


def _instagram(found: re.Match | None) -> Embed | None:
    if not found or not INSTAGRAM_CODE.fullmatch(found["code"]):
        return None
    kind, code = found["kind"], found["code"]
    return Embed(
        platform="instagram",
        label="Instagram",
        video_id=code,
        player_url=f"https://www.instagram.com/{kind}/{code}/embed/",
        link=f"https://www.instagram.com/{kind}/{code}/",
        aspect="4 / 5",
    )


def _x(found: re.Match | None) -> Embed | None:
    if not found or not NUMERIC_ID.fullmatch(found["id"]):
        return None
    post_id = found["id"]
    return Embed(
        platform="x",
        label="X",
        video_id=post_id,
        player_url=(
            f"https://platform.twitter.com/embed/Tweet.html?id={post_id}&dnt=true"
        ),
        link=f"https://x.com/{found['user']}/status/{post_id}",
        aspect="1 / 1",
    )
