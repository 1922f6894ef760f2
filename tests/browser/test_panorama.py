"""A 360° set photo on its post page, in Chromium: the viewer takes the picture's
place, looks around with the arrow keys and the mouse under the site's strict CSP,
and without JavaScript (or without the viewer's code) the flat picture stays."""

import io
import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from bts_catalog.capture import panorama_xmp
from bts_catalog.images import intake_image
from media_assets.services import media_asset_add
from tests.factories import PostFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

ALT = "The ballroom set from the middle of the dance floor"
LABEL = re.compile(r"^360° view: The ballroom set from the middle of the dance floor")
HINT = "Drag, swipe or use the arrow keys to look around."
YAW = "el => el.panoramaViewer.getYaw()"


def panorama_jpeg(width: int = 4096, height: int = 2048) -> bytes:
    """An equirectangular picture with GPano XMP: a colour for each quarter of the
    horizon, so that turning round shows something else."""
    picture = Image.new("RGB", (width, height), (40, 40, 48))
    draw = ImageDraw.Draw(picture)
    colours = [(180, 60, 40), (40, 140, 70), (40, 80, 170), (200, 170, 40)]
    for quarter, colour in enumerate(colours):
        left = quarter * width // 4
        draw.rectangle(
            [left, height // 4, left + width // 4 - 1, height * 3 // 4], colour
        )
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85, xmp=panorama_xmp(width, height))
    return buffer.getvalue()


def wait_for_yaw(page, *, above: float | None = None, below: float | None = None):
    """Wait until the viewer has turned past ``above`` or back below ``below``."""
    page.wait_for_function(
        """([above, below]) => {
            const yaw = document.querySelector('.panorama').panoramaViewer.getYaw();
            return (above === null || yaw > above) && (below === null || yaw < below);
        }""",
        arg=[above, below],
    )


@pytest.fixture
def post(vocabulary):
    post = PostFactory(title="The ballroom, all round")
    media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(panorama_jpeg(), name="ballroom.jpg"),
        alt_text=ALT,
        caption="Built on stage 4",
    )
    return post


def csp_violations(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and messages.append(message.text)
        ),
    )
    page.on("pageerror", lambda error: messages.append(str(error)))
    return messages


def test_a_360_set_photo_can_be_looked_around_with_the_arrow_keys(
    page, post, screenshot
):
    problems = csp_violations(page)
    page.goto(post.get_absolute_url())

    viewer = page.get_by_role("application", name=LABEL)
    expect(viewer).to_be_visible(timeout=20_000)
    expect(page.get_by_text(HINT)).to_be_visible()
    panorama = page.locator(".panorama")
    # The widest of the panorama's pictures that this WebGL holds as one texture.
    picked = panorama.evaluate("el => el.panoramaViewer.getConfig().panorama")
    assert picked == post.media.get().viewer_sources[-1].file.url
    assert post.media.get().viewer_sources[-1].width == 4096
    assert panorama.evaluate(YAW) == 0

    viewer.focus()
    expect(viewer).to_be_focused()
    scrolled = page.evaluate("() => [window.scrollX, window.scrollY]")
    page.keyboard.down("ArrowRight")
    wait_for_yaw(page, above=30)
    page.keyboard.up("ArrowRight")
    assert panorama.evaluate(YAW) > 30
    # The page itself did not scroll: the viewer took the keys.
    assert page.evaluate("() => [window.scrollX, window.scrollY]") == scrolled
    screenshot(page, "panorama-turned-right")

    turned = panorama.evaluate(YAW)
    page.keyboard.down("ArrowLeft")
    wait_for_yaw(page, below=turned - 30)
    page.keyboard.up("ArrowLeft")

    # And with the mouse: dragging to the left looks further right.
    box = viewer.bounding_box()
    before = panorama.evaluate(YAW)
    middle_x, middle_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(middle_x, middle_y)
    page.mouse.down()
    page.mouse.move(middle_x - 200, middle_y, steps=10)
    page.mouse.up()
    wait_for_yaw(page, above=before + 5)
    assert problems == []


def test_without_javascript_the_flat_picture_shows(browser, live_server, post):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(post.get_absolute_url())
        flat = page.get_by_role("img", name=ALT)
        expect(flat).to_be_visible()
        assert flat.evaluate("img => img.parentElement.tagName") == "PICTURE"
        assert flat.evaluate("img => img.complete && img.naturalWidth > 0")
        expect(page.get_by_role("application")).to_have_count(0)
        expect(page.get_by_text("panorama, shown flat.")).to_be_visible()
    finally:
        context.close()


def test_without_the_viewers_code_the_flat_picture_stays(page, post):
    problems = csp_violations(page)
    page.route("**/vendor/pannellum/**", lambda route: route.fulfill(status=404))
    page.goto(post.get_absolute_url())
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("img", name=ALT)).to_be_visible()
    expect(page.get_by_role("application")).to_have_count(0)
    expect(page.get_by_text("panorama, shown flat.")).to_be_visible()
    assert page.locator(".panorama").evaluate("el => el.panoramaViewer") is None
    assert problems == []


def test_on_a_phone_a_swipe_looks_around(phone, post):
    phone.goto(post.get_absolute_url())
    viewer = phone.get_by_role("application", name=LABEL)
    expect(viewer).to_be_visible(timeout=20_000)
    # The viewer fits the screen (no sideways scrolling) and has room to look around.
    assert phone.evaluate("() => document.documentElement.scrollWidth") == 375
    box = viewer.bounding_box()
    assert box["width"] <= 375 and box["height"] >= 200
    panorama = phone.locator(".panorama")
    assert panorama.evaluate(YAW) == 0

    touch = phone.context.new_cdp_session(phone)
    x, y = box["x"] + box["width"] * 0.8, box["y"] + box["height"] / 2
    touch.send(
        "Input.dispatchTouchEvent",
        {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]},
    )
    for step in range(1, 11):
        touch.send(
            "Input.dispatchTouchEvent",
            {"type": "touchMove", "touchPoints": [{"x": x - step * 20, "y": y}]},
        )
    touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    # Swiping to the left looks to the right.
    wait_for_yaw(phone, above=5)
