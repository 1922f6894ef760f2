"""Embeds: which links become a facade, the player each loads, and a post page that
fetches nothing from a platform before the visitor presses play."""

import re
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.template.loader import render_to_string

from media_assets.embeds import EMBED_FRAME_HOSTS, Embed, embed_for
from media_assets.services import media_asset_add
from tests.factories import PostFactory
from tests.markup import without_structured_data

YT = "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT}",
        f"https://youtube.com/watch?v={YT}&t=42s",
        f"https://www.youtube.com/watch?feature=share&v={YT}",
        f"http://www.youtube.com/watch?v={YT}",
        f"https://m.youtube.com/watch?v={YT}",
        f"https://WWW.YouTube.com/watch?v={YT}",
        f"https://youtu.be/{YT}",
        f"https://youtu.be/{YT}?si=abc123",
        f"https://www.youtube.com/shorts/{YT}",
        f"https://youtube.com/shorts/{YT}/",
        f"https://www.youtube.com/embed/{YT}",
        f"https://www.youtube.com/live/{YT}",
        f"https://www.youtube.com:443/watch?v={YT}#comments",
    ],
)
def test_youtube_links(url):
    assert embed_for(url) == Embed(
        platform="youtube",
        label="YouTube",
        video_id=YT,
        player_url=f"https://www.youtube-nocookie.com/embed/{YT}?autoplay=1",
        link=f"https://www.youtube.com/watch?v={YT}",
        aspect="16 / 9",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/76979871",
        "https://www.vimeo.com/76979871/",
        "https://player.vimeo.com/video/76979871",
        "https://player.vimeo.com/video/76979871?h=abc&badge=0",
    ],
)
def test_vimeo_links(url):
    assert embed_for(url) == Embed(
        platform="vimeo",
        label="Vimeo",
        video_id="76979871",
        player_url="https://player.vimeo.com/video/76979871?dnt=1&autoplay=1",
        link="https://vimeo.com/76979871",
        aspect="16 / 9",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://www.tiktok.com/@costume.dept/video/7301234567890123456",
        "https://tiktok.com/@costume.dept/video/7301234567890123456?lang=en",
        "https://m.tiktok.com/@costume.dept/video/7301234567890123456/",
    ],
)
def test_tiktok_links(url):
    assert embed_for(url) == Embed(
        platform="tiktok",
        label="TikTok",
        video_id="7301234567890123456",
        player_url="https://www.tiktok.com/embed/v2/7301234567890123456",
        link="https://www.tiktok.com/@costume.dept/video/7301234567890123456",
        aspect="9 / 16",
    )


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://www.instagram.com/p/C1a-B_c2D3e/", "p"),
        ("https://instagram.com/p/C1a-B_c2D3e", "p"),
        ("https://www.instagram.com/p/C1a-B_c2D3e/?igsh=xyz", "p"),
        ("https://www.instagram.com/reel/C1a-B_c2D3e/", "reel"),
    ],
)
def test_instagram_links(url, kind):
    assert embed_for(url) == Embed(
        platform="instagram",
        label="Instagram",
        video_id="C1a-B_c2D3e",
        player_url=f"https://www.instagram.com/{kind}/C1a-B_c2D3e/embed/",
        link=f"https://www.instagram.com/{kind}/C1a-B_c2D3e/",
        aspect="4 / 5",
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://x.com/northlight_vfx/status/1790000000000000001",
        "https://www.x.com/northlight_vfx/status/1790000000000000001?s=20",
        "https://mobile.x.com/northlight_vfx/status/1790000000000000001",
        "https://twitter.com/northlight_vfx/status/1790000000000000001",
        "https://www.twitter.com/northlight_vfx/status/1790000000000000001/",
        "https://mobile.twitter.com/northlight_vfx/status/1790000000000000001",
    ],
)
def test_x_links(url):
    assert embed_for(url) == Embed(
        platform="x",
        label="X",
        video_id="1790000000000000001",
        player_url="https://platform.twitter.com/embed/Tweet.html"
        "?id=1790000000000000001&dnt=true",
        link="https://x.com/northlight_vfx/status/1790000000000000001",
        aspect="1 / 1",
    )


@pytest.mark.parametrize(
    "url",
    [
        "",
        "not a link",
        "javascript:alert(1)",
        f"javascript://www.youtube.com/watch?v={YT}",
        f"data:text/html,https://youtu.be/{YT}",
        f"ftp://www.youtube.com/watch?v={YT}",
        f"//www.youtube.com/watch?v={YT}",
        # lookalike and unrelated hosts
        f"https://youtube.com.evil.example/watch?v={YT}",
        f"https://www.youtube.com.evil.example/watch?v={YT}",
        f"https://evilyoutube.com/watch?v={YT}",
        f"https://evil.example/?next=https://www.youtube.com/watch?v={YT}",
        f"https://evil.example/youtu.be/{YT}",
        "https://vimeo.com.evil.example/76979871",
        "https://x.com.evil.example/a/status/1",
        f"https://youtube.com./watch?v={YT}",
        # credentials, odd ports, browser/Python parsing differences
        f"https://www.youtube.com@evil.example/watch?v={YT}",
        f"https://user:pw@www.youtube.com/watch?v={YT}",
        f"https://www.youtube.com:8443/watch?v={YT}",
        f"https://www.youtube.com:99999/watch?v={YT}",
        f"https://www.youtube.com\\@evil.example/watch?v={YT}",
        f"https://www.youtube.com/watch?v={YT}\n",
        f" https://youtu.be/{YT}",
        # ids of the wrong shape
        "https://www.youtube.com/watch?v=dQw4w9WgXc",  # 10 characters
        "https://www.youtube.com/watch?v=dQw4w9WgXcQQ",  # 12
        "https://www.youtube.com/watch?v=dQw4w9WgXc!",
        "https://www.youtube.com/watch?v=abc",
        "https://www.youtube.com/watch",
        f"https://www.youtube.com/watch?v={YT}&v=aaaaaaaaaaa",
        "https://youtu.be/",
        "https://vimeo.com/abc",
        "https://vimeo.com/",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/123456789012345678901",  # 21 digits
        "https://player.vimeo.com/76979871",
        "https://www.tiktok.com/@user/video/abc",
        "https://www.tiktok.com/video/7301234567890123456",
        "https://vm.tiktok.com/ZMabcdef/",
        "https://www.instagram.com/p/C1a/",  # too short
        "https://www.instagram.com/p/" + "a" * 41 + "/",
        "https://www.instagram.com/p/C1a-B_c2D3e!/",
        "https://www.instagram.com/stories/someone/123/",
        "https://www.instagram.com/someone/",
        "https://x.com/someone",
        "https://x.com/someone/status/12a",
        "https://x.com/far_too_long_username/status/1",
        # extra path after the id
        f"https://youtu.be/{YT}/extra",
        f"https://www.youtube.com/shorts/{YT}/extra",
        f"https://www.youtube.com/embed/{YT}/../x",
        "https://vimeo.com/76979871/extra/path",
        "https://player.vimeo.com/video/76979871/extra",
        "https://www.tiktok.com/@user/video/7301234567890123456/extra",
        "https://www.instagram.com/p/C1a-B_c2D3e/embed/",
        "https://x.com/someone/status/1790000000000000001/photo/1",
        # the right id on a platform that is not embedded
        "https://www.facebook.com/watch/?v=1234567890",
        f"https://www.youtube-nocookie.com/embed/{YT}",
    ],
)
def test_other_links_have_no_embed(url):
    assert embed_for(url) is None


def test_every_player_is_on_a_frame_host_and_csp_names_exactly_those():
    urls = [
        f"https://youtu.be/{YT}",
        "https://vimeo.com/1",
        "https://www.tiktok.com/@a/video/1",
        "https://www.instagram.com/p/abcde/",
        "https://x.com/a/status/1",
    ]
    players = {urlsplit(embed_for(url).player_url).hostname for url in urls}
    assert players == set(EMBED_FRAME_HOSTS)
    frame_src = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]
    assert frame_src == [f"https://{host}" for host in EMBED_FRAME_HOSTS]


def test_embed_is_immutable():
    embed = embed_for(f"https://youtu.be/{YT}")
    with pytest.raises(AttributeError):
        embed.video_id = "aaaaaaaaaaa"


# --- the facade ----------------------------------------------------------------
IFRAME = re.compile(rb"<iframe", re.IGNORECASE)
URL = re.compile(r"https?://[^\s\"'<>]+")


def third_party_urls(html: str) -> list[str]:
    return [url for url in URL.findall(html) if urlsplit(url).hostname != "testserver"]


def render_embed(url: str, caption: str = "Sword fight rehearsal") -> str:
    asset = SimpleNamespace(embed_url=url, caption=caption)
    return render_to_string("includes/media_embed.html", {"asset": asset})


@pytest.mark.parametrize(
    ("url", "player", "link", "link_text", "button", "aspect"),
    [
        (
            "https://www.tiktok.com/@costume.dept/video/7301234567890123456",
            "https://www.tiktok.com/embed/v2/7301234567890123456",
            "https://www.tiktok.com/@costume.dept/video/7301234567890123456",
            "Watch on TikTok",
            "Play the TikTok video: Sword fight rehearsal",
            "embed-9x16",
        ),
        (
            "https://www.instagram.com/reel/C1a-B_c2D3e/",
            "https://www.instagram.com/reel/C1a-B_c2D3e/embed/",
            "https://www.instagram.com/reel/C1a-B_c2D3e/",
            "View on Instagram",
            "Show the Instagram post: Sword fight rehearsal",
            "embed-4x5",
        ),
        (
            "https://twitter.com/northlight_vfx/status/1790000000000000001",
            "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001"
            "&amp;dnt=true",
            "https://x.com/northlight_vfx/status/1790000000000000001",
            "View on X",
            "Show the X post: Sword fight rehearsal",
            "embed-1x1",
        ),
    ],
)
def test_facade_for_each_platform(url, player, link, link_text, button, aspect):
    html = render_embed(url)

    assert f'data-player="{player}"' in html
    assert (
        f'<a href="{link}" rel="nofollow noopener noreferrer">{link_text}</a>' in html
    )
    assert f'aria-label="{button}"' in html
    assert '<button type="button" class="embed-play" hidden' in html
    assert aspect in html
    assert "Sword fight rehearsal" in html
    assert not IFRAME.search(html.encode())
    assert "style=" not in html
    assert "<script src=" in html and "embed-facade.js" in html


def test_facade_without_a_caption():
    html = render_embed(f"https://youtu.be/{YT}", caption="")

    assert 'aria-label="Play the YouTube video"' in html
    assert 'data-title="YouTube video"' in html
    assert "embed-title" not in html


def test_caption_is_escaped_in_the_facade():
    html = render_embed(f"https://youtu.be/{YT}", caption='"><script>x</script>')

    assert "<script>x" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_an_unsupported_link_is_only_a_link():
    html = render_embed("https://www.youtube.com/watch?v=abc")

    assert "embed-facade" not in html
    assert "<button" not in html
    assert "embed-facade.js" not in html
    assert '<a href="https://www.youtube.com/watch?v=abc"' in html


def test_an_unsafe_stored_link_is_not_rendered():
    html = render_embed("javascript:alert(1)")

    assert "javascript:" not in html
    assert "<a" not in html


@pytest.mark.django_db
def test_post_page_shows_facades_and_fetches_nothing_from_the_platforms(client):
    post = PostFactory(title="Stunt rehearsal")
    media_asset_add(
        post=post,
        actor=None,
        embed_url=f"https://www.youtube.com/watch?v={YT}",
        caption="The rooftop jump",
    )
    media_asset_add(
        post=post,
        actor=None,
        embed_url="https://vimeo.com/76979871",
        caption="Wire work, take 3",
    )

    response = client.get(post.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="embed-facade') == 2
    assert 'aria-label="Play the YouTube video: The rooftop jump"' in html
    assert 'aria-label="Play the Vimeo video: Wire work, take 3"' in html
    assert (
        f'<a href="https://www.youtube.com/watch?v={YT}" '
        'rel="nofollow noopener noreferrer">Watch on YouTube</a>'
    ) in html
    assert (
        '<a href="https://vimeo.com/76979871" '
        'rel="nofollow noopener noreferrer">Watch on Vimeo</a>'
    ) in html
    assert not IFRAME.search(response.content)
    # The players' addresses are data for the script, never a src or href.
    assert html.count("youtube-nocookie.com") == 1
    assert f'data-player="https://www.youtube-nocookie.com/embed/{YT}' in html
    assert 'data-player="https://player.vimeo.com/video/76979871' in html
    links = {
        f"https://www.youtube.com/watch?v={YT}",
        "https://vimeo.com/76979871",
    }
    players = {
        f"https://www.youtube-nocookie.com/embed/{YT}?autoplay=1",
        "https://player.vimeo.com/video/76979871?dnt=1&amp;autoplay=1",
    }
    assert set(third_party_urls(without_structured_data(html))) <= links | players
    assert not re.search(r"(src|srcset|poster)=\"https?://", html)


@pytest.mark.django_db
def test_post_page_csp_frames_only_the_players(client):
    post = PostFactory()
    media_asset_add(post=post, actor=None, embed_url=f"https://youtu.be/{YT}")

    response = client.get(post.get_absolute_url())

    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert policy["frame-src"].split() == [
        f"https://{host}" for host in EMBED_FRAME_HOSTS
    ]
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
