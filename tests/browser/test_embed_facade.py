"""Embed facades in Chromium: nothing leaves the machine before the visitor presses
play, the player then takes the facade's place and the focus, and without
JavaScript the facade is a link to the original post."""

from urllib.parse import urlsplit

import pytest

from media_assets.services import media_asset_add
from tests.factories import PostFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

YOUTUBE_ID = "dQw4w9WgXcQ"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.fixture
def post(vocabulary):
    post = PostFactory(title="Stunt rehearsal on the roof")
    media_asset_add(
        post=post,
        actor=None,
        embed_url=f"https://www.youtube.com/watch?v={YOUTUBE_ID}",
        caption="The rooftop jump, take 4",
    )
    media_asset_add(
        post=post,
        actor=None,
        embed_url="https://vimeo.com/76979871",
        caption="Wire work",
    )
    return post


def block_third_parties(context) -> list[str]:
    """Abort every request that would leave this machine; return the list of them."""
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)
    return blocked


def test_nothing_is_fetched_from_a_platform_until_play(page, post):
    blocked = block_third_parties(page.context)
    page.goto(post.get_absolute_url())
    page.wait_for_load_state("networkidle")

    play = page.get_by_role("button", name="Play the YouTube video: The rooftop jump")
    assert play.is_visible()
    assert page.locator("iframe").count() == 0
    assert blocked == []

    play.click()

    iframe = page.locator(".embed-youtube iframe")
    iframe.wait_for()
    src = f"https://www.youtube-nocookie.com/embed/{YOUTUBE_ID}?autoplay=1"
    assert iframe.get_attribute("src") == src
    assert iframe.get_attribute("title") == "YouTube video: The rooftop jump, take 4"
    assert iframe.get_attribute("referrerpolicy") == "strict-origin-when-cross-origin"
    assert "autoplay" in iframe.get_attribute("allow")
    page.wait_for_timeout(300)
    assert {urlsplit(url).hostname for url in blocked} == {"www.youtube-nocookie.com"}
    # The other embed is still a facade, and the link to the original stays.
    assert page.locator(".embed-vimeo iframe").count() == 0
    assert page.get_by_role("link", name="Watch on YouTube").is_visible()


def test_keyboard_plays_the_video_and_focus_moves_to_the_player(page, post):
    blocked = block_third_parties(page.context)
    page.goto(post.get_absolute_url())

    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.matches('.embed-youtube .embed-play')"
        ):
            break
    else:
        pytest.fail("Tab never reached the YouTube play button")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    assert blocked == []

    page.keyboard.press("Enter")

    iframe = page.locator(".embed-youtube iframe")
    iframe.wait_for()
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    assert iframe.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/"
    )


def test_space_plays_vimeo_with_do_not_track(page, post):
    blocked = block_third_parties(page.context)
    page.goto(post.get_absolute_url())
    page.get_by_role("button", name="Play the Vimeo video: Wire work").focus()

    page.keyboard.press("Space")

    iframe = page.locator(".embed-vimeo iframe")
    iframe.wait_for()
    assert (
        iframe.get_attribute("src")
        == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    )
    assert page.locator(".embed-youtube iframe").count() == 0
    page.wait_for_timeout(300)
    assert {urlsplit(url).hostname for url in blocked} <= {"player.vimeo.com"}


def test_without_javascript_the_facade_is_a_link(browser, live_server, post):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        blocked = block_third_parties(context)
        page.goto(post.get_absolute_url())

        assert page.locator(".embed-play").first.is_hidden()
        assert page.get_by_role("button", name="Play the YouTube video").count() == 0
        link = page.get_by_role("link", name="Watch on YouTube")
        assert link.is_visible()
        assert (
            link.get_attribute("href")
            == f"https://www.youtube.com/watch?v={YOUTUBE_ID}"
        )
        assert page.locator(".embed-facade").first.is_visible()
        assert blocked == []
    finally:
        context.close()


def test_facade_on_a_post_page(page, post, screenshot):
    block_third_parties(page.context)
    page.goto(post.get_absolute_url())
    page.get_by_role("button", name="Play the YouTube video").focus()
    box = page.locator(".embed-youtube .embed-facade").bounding_box()
    assert box["width"] / box["height"] == pytest.approx(16 / 9, rel=0.02)
    screenshot(page, "embed-facade")


def test_facade_has_no_serious_accessibility_violations(page, post):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    block_third_parties(page.context)
    page.goto(post.get_absolute_url())

    results = axe.run(page, context=".embed")

    assert results.response["passes"], "axe checked nothing"

    serious = [
        (violation["id"], violation["help"])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert serious == []
