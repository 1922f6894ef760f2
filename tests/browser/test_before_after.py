"""Before/after pairs in Chromium: the after is revealed by a range input that the
keyboard (and a drag on the picture) moves, both pictures stay in the accessibility
tree, axe finds nothing to fault, and without JavaScript the two stand side by side.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image
from playwright.sync_api import expect

from bts_catalog.images import intake_image
from bts_catalog.roles import CURATORS_GROUP
from media_assets.services import media_asset_add, media_asset_update
from tests.browser.test_accessibility import describe
from tests.factories import PersonFactory, PostFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PLATE = "The harbour plate: an empty quay at dusk"
FINAL = "The final shot: the quay with the digital tall ship"
SKETCH = "Costume sketch: a fisherman's oilskin in pencil"
COSTUME = "The oilskin on the actor, in the fitting room"


def still(color, size) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


def add_image(post, *, alt_text, color, size=(1200, 800), **details):
    return media_asset_add(
        actor=None,
        post=post,
        upload=intake_image(ContentFile(still(color, size), name="still.jpg")),
        alt_text=alt_text,
        **details,
    )


@pytest.fixture
def post(vocabulary):
    """A published post with two pairs: a plate and its final shot (same size), then
    a sketch and a costume photo of another shape."""
    curator = get_user_model().objects.create_user(
        "curator", "curator@example.com", "pw", is_staff=True
    )
    curator.groups.add(Group.objects.get(name=CURATORS_GROUP))
    post = PostFactory(title="From plate to final shot")
    vfx = PersonFactory(name="Aino Lehto")
    plate = add_image(post, alt_text=PLATE, color=(20, 40, 120), caption="The plate")
    final = add_image(
        post,
        alt_text=FINAL,
        color=(230, 130, 30),
        caption="The final composite",
        credited_to=vfx,
    )
    media_asset_update(asset=final, user=curator, after_of=plate)
    sketch = add_image(post, alt_text=SKETCH, color=(240, 240, 225), size=(800, 1000))
    costume = add_image(post, alt_text=COSTUME, color=(40, 90, 40), size=(900, 900))
    media_asset_update(asset=costume, user=curator, after_of=sketch)
    return post


def reveal(pair) -> str:
    """How much of the after the pair's frame shows, as the script set it."""
    return pair.evaluate(
        "el => getComputedStyle(el).getPropertyValue('--compare-reveal').trim()"
    )


def clip(pair) -> str:
    return pair.locator(".compare-after").evaluate(
        "el => getComputedStyle(el).clipPath"
    )


def picture_at(pair, share: float) -> str:
    """The alt text of the picture a visitor sees (and would click) at ``share`` of
    the frame's width, halfway down."""
    return pair.locator(".compare-frame").evaluate(
        """(frame, share) => {
            const box = frame.getBoundingClientRect();
            const hit = document.elementFromPoint(
                box.left + box.width * share, box.top + box.height / 2);
            const layer = hit && hit.closest('.compare-layer');
            return layer ? layer.querySelector('img:not(.placeholder)').alt : null;
        }""",
        share,
    )


def test_a_pair_slides_with_the_keyboard(page, post, screenshot):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    # Without transitions the clip is where the value says at once.
    page.emulate_media(reduced_motion="reduce")
    page.goto(post.get_absolute_url())
    first, second = page.locator(".compare").all()
    expect(first).to_contain_class("is-enhanced")
    expect(second).to_contain_class("is-enhanced")

    slider = page.get_by_role("slider", name=f"Reveal the after picture: {FINAL}")
    expect(slider).to_be_visible()
    expect(slider).to_have_value("50")
    expect(slider).to_have_attribute("aria-valuetext", "50% after")
    assert reveal(first) == "50%"
    assert clip(first) == "inset(0px 50% 0px 0px)"
    assert picture_at(first, 0.25) == FINAL
    assert picture_at(first, 0.75) == PLATE

    slider.focus()
    # The focus shows on the frame as well as on the slider.
    frame = first.locator(".compare-frame")
    assert frame.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"

    page.keyboard.press("ArrowRight")
    expect(slider).to_have_value("51")
    expect(slider).to_have_attribute("aria-valuetext", "51% after")
    assert reveal(first) == "51%"
    assert clip(first) == "inset(0px 49% 0px 0px)"

    page.keyboard.press("End")
    expect(slider).to_have_value("100")
    expect(slider).to_have_attribute("aria-valuetext", "100% after")
    assert clip(first) == "inset(0px 0% 0px 0px)"
    assert picture_at(first, 0.95) == FINAL
    screenshot(page, "before-after-end")

    page.keyboard.press("Home")
    expect(slider).to_have_value("0")
    expect(slider).to_have_attribute("aria-valuetext", "0% after")
    assert clip(first) == "inset(0px 100% 0px 0px)"
    assert picture_at(first, 0.05) == PLATE

    page.keyboard.press("ArrowLeft")  # already at the start: stays there
    expect(slider).to_have_value("0")

    # The other pair on the page has not moved.
    other = page.get_by_role("slider", name=f"Reveal the after picture: {COSTUME}")
    expect(other).to_have_value("50")
    assert reveal(second) == "50%"

    # Both pictures of each pair stay in the accessibility tree, with their alt
    # text, whatever the slider shows; so do the visible labels.
    for alt in (PLATE, FINAL, SKETCH, COSTUME):
        expect(page.get_by_role("img", name=alt, exact=True)).to_have_count(1)
    tree = first.aria_snapshot()
    assert f'img "{PLATE}"' in tree
    assert f'img "{FINAL}"' in tree
    assert "Before" in tree and "After" in tree
    # The after's own caption and credit, beside the before's figcaption.
    expect(first.locator(".compare-caption")).to_contain_text("The final composite")
    expect(first.locator(".compare-caption")).to_contain_text("Aino Lehto")
    assert errors == []  # no script error, nothing refused by the CSP


def test_dragging_on_the_picture_moves_the_slider(page, post):
    page.emulate_media(reduced_motion="reduce")
    page.goto(post.get_absolute_url())
    pair = page.locator(".compare").first
    expect(pair).to_contain_class("is-enhanced")
    frame = pair.locator(".compare-frame")
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    middle = box["y"] + box["height"] / 2

    page.mouse.move(box["x"] + box["width"] / 2, middle)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, middle, steps=5)
    page.mouse.up()

    slider = pair.get_by_role("slider")
    expect(slider).to_have_value("80")
    expect(slider).to_have_attribute("aria-valuetext", "80% after")
    assert clip(pair) == "inset(0px 20% 0px 0px)"

    page.mouse.click(box["x"] + box["width"] * 0.3, middle)
    expect(slider).to_have_value("30")
    assert reveal(pair) == "30%"


def test_on_a_phone_a_tap_on_the_picture_moves_the_slider(phone, post, screenshot):
    phone.emulate_media(reduced_motion="reduce")
    phone.goto(post.get_absolute_url())
    pair = phone.locator(".compare").first
    expect(pair).to_contain_class("is-enhanced")
    frame = pair.locator(".compare-frame")
    box = frame.bounding_box()

    frame.tap(position={"x": box["width"] * 0.7, "y": box["height"] / 2})

    slider = pair.get_by_role("slider")
    expect(slider).to_have_value("70")
    expect(slider).to_have_attribute("aria-valuetext", "70% after")
    assert picture_at(pair, 0.6) == FINAL
    assert picture_at(pair, 0.8) == PLATE
    screenshot(phone, "before-after-phone")


def test_the_after_fills_the_frame_of_the_before(page, post):
    page.goto(post.get_absolute_url())
    pair = page.locator(".compare").nth(1)  # a 4:5 sketch, a square photo
    expect(pair).to_contain_class("is-enhanced")
    frame = pair.locator(".compare-frame").bounding_box()
    assert frame["width"] / frame["height"] == pytest.approx(0.8, abs=0.01)
    after = pair.get_by_role("img", name=COSTUME).bounding_box()
    assert after == pytest.approx(frame, abs=1)
    fit = pair.get_by_role("img", name=COSTUME).evaluate(
        "el => getComputedStyle(el).objectFit"
    )
    assert fit == "cover"


def test_axe_finds_no_violations_on_a_page_with_pairs(page, post):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    page.goto(post.get_absolute_url())
    expect(page.locator(".compare.is-enhanced")).to_have_count(2)
    page.get_by_role("slider").first.focus()
    page.keyboard.press("PageUp")

    results = axe.run(page, options={"resultTypes": ["violations", "incomplete"]})

    violations = results.response["violations"]
    assert not violations, describe(violations)
    # What axe cannot prove counts too, except contrast over a picture, which it
    # cannot measure (the labels have a solid background of their own).
    unproven = [
        result
        for result in results.response["incomplete"]
        if result["id"] != "color-contrast"
    ]
    assert not unproven, describe(unproven)


@pytest.mark.parametrize(
    ("viewport", "beside"),
    [({"width": 1280, "height": 900}, True), ({"width": 375, "height": 740}, False)],
    ids=["desktop", "phone"],
)
def test_without_javascript_the_pictures_stand_side_by_side(
    browser, live_server, post, viewport, beside, screenshot
):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(post.get_absolute_url())
        pair = page.locator(".compare").first
        expect(pair).not_to_contain_class("is-enhanced")
        expect(pair.get_by_role("slider", include_hidden=True)).to_be_hidden()
        before = pair.get_by_role("img", name=PLATE).bounding_box()
        after = pair.get_by_role("img", name=FINAL).bounding_box()
        if beside:
            assert after["x"] >= before["x"] + before["width"]
            assert after["y"] == pytest.approx(before["y"], abs=1)
        else:
            assert after["y"] >= before["y"] + before["height"]
        for label in ("Before", "After"):
            expect(pair.get_by_text(label, exact=True)).to_be_visible()
        screenshot(page, f"before-after-no-js-{'desktop' if beside else 'phone'}")
    finally:
        context.close()
