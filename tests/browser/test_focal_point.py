"""The focal point picker: a click on the picture sets the two inputs, the arrow keys
move the point, and saving makes the card again around it; on /contribute/ the
preview is the file just chosen."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from bts_catalog.images import intake_image
from media_assets.models import MediaAsset
from media_assets.services import media_asset_add
from productions.models import Role
from tests.factories import CreditFactory, PersonFactory, PostFactory, ProductionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

RED = (220, 20, 20)


def red_at_left(size=(1200, 600)) -> bytes:
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(RED, (0, 0, size[0] // 6, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def is_red(pixel) -> bool:
    red, green, blue = pixel[:3]
    return red > 180 and green < 80 and blue < 80


def card_left_edge(asset: MediaAsset) -> tuple:
    with asset.card.open("rb") as card, Image.open(card) as image:
        image = image.convert("RGB")
        return image.getpixel((10, image.height // 2))


@pytest.fixture
def crew(vocabulary):
    user = get_user_model().objects.create_user("ilse", "ilse@example.com", "pw-42-x")
    person = PersonFactory(name="Ilse Varga", user=user)
    production = ProductionFactory(title="The Salt Orchard")
    CreditFactory(
        production=production, person=person, role=Role.objects.get(slug="gaffer")
    )
    return {"user": user, "production": production}


def sign_in(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ilse")
    page.get_by_label("Password").fill("pw-42-x")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


def test_click_and_arrow_keys_set_the_focal_point_and_saving_makes_the_card_again(
    page, crew, screenshot
):
    post = PostFactory(production=crew["production"], author=crew["user"], pending=True)
    picture = media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(ContentFile(red_at_left(), name="quay.png")),
        alt_text="A balloon light over the quay",
    )
    old_card = picture.card.name
    assert not is_red(card_left_edge(picture))

    sign_in(page)
    page.goto(reverse("media_assets:post-edit", args=[post.slug]))
    page.get_by_role("link", name="Edit “A balloon light over the quay”").click()

    across = page.get_by_label("Focal point across (0–100 %)")
    down = page.get_by_label("Focal point down (0–100 %)")
    expect(across).to_have_value("50")
    picker = page.get_by_role("slider", name="Focal point")
    expect(picker).to_be_visible()
    expect(page.locator(".focal-point-marker")).to_be_visible()
    page.wait_for_function(
        "() => document.querySelector('.focal-point-preview img').naturalWidth > 0"
    )

    box = picker.locator("img").bounding_box()
    picker.click(position={"x": box["width"] * 0.05, "y": box["height"] * 0.5})
    assert abs(float(across.input_value()) - 5) <= 1
    assert abs(float(down.input_value()) - 50) <= 1
    expect(picker).to_be_focused()

    across.fill("3")
    down.fill("50")
    picker.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    expect(across).to_have_value("2")
    expect(down).to_have_value("49")
    page.keyboard.press("Shift+ArrowDown")
    expect(down).to_have_value("59")
    expect(picker).to_have_attribute("aria-valuetext", "2% across, 59% down")
    screenshot(page, "focal-point-picker")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.", exact=False)).to_be_visible()
    picture.refresh_from_db()
    assert picture.focal_point == (0.02, 0.59)
    assert picture.card.name != old_card
    assert is_red(card_left_edge(picture))
    expect(page.locator(".focal-point-crop img")).to_have_attribute(
        "src", picture.card.url
    )


def test_the_file_chosen_on_the_contribution_form_is_the_preview(
    page, crew, tmp_path, screenshot
):
    photo = tmp_path / "quay.png"
    photo.write_bytes(red_at_left())
    sign_in(page)
    page.goto(reverse("media_assets:contribute"))
    row = page.locator(".image-row").first
    preview = row.locator("[data-focal-point]")
    expect(preview).to_be_hidden()

    page.get_by_label("Image 1").set_input_files(str(photo))
    expect(preview).to_be_visible()
    assert preview.locator("img").get_attribute("src").startswith("blob:")
    page.wait_for_function(
        "() => document.querySelector('.image-row [data-focal-point] img')"
        ".naturalWidth > 0"
    )
    box = preview.locator("img").bounding_box()
    preview.click(position={"x": box["width"] * 0.9, "y": box["height"] * 0.2})
    assert abs(float(row.get_by_label("Focal point across").input_value()) - 90) <= 1
    assert abs(float(row.get_by_label("Focal point down").input_value()) - 20) <= 1
    screenshot(page, "focal-point-contribute")


def test_the_picker_in_admin_sets_the_focal_point_of_its_own_form_and_row(
    page, vocabulary, screenshot
):
    from django.contrib.auth.models import Group

    from bts_catalog.roles import CURATORS_GROUP

    curator = get_user_model().objects.create_user(
        "cora", "cora@example.com", "curator-pass-42", is_staff=True
    )
    curator.groups.add(Group.objects.get(name=CURATORS_GROUP))
    post = PostFactory(pending=True, title="Lighting the quay")
    pictures = [
        media_asset_add(
            post=post,
            actor=None,
            upload=intake_image(ContentFile(red_at_left(size), name="quay.png")),
            alt_text=alt_text,
        )
        for alt_text, size in (("The quay", (1200, 600)), ("The boat", (900, 600)))
    ]
    old_card = pictures[0].card.name

    page.goto("/admin/login/")
    page.get_by_label("Username").fill("cora")
    page.get_by_label("Password").fill("curator-pass-42")
    page.get_by_role("button", name="Log in").click()

    # Inline on the post: each row's picker sets that row's inputs only.
    page.goto(reverse("admin:media_assets_post_change", args=[post.pk]))
    second = page.locator("#media-1")  # the boat (each row offers the other too)
    picker = second.get_by_role("slider", name="Focal point")
    picker.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.bts-focal-admin img')]"
        ".every(img => img.naturalWidth > 0)"
    )
    box = picker.locator("img").bounding_box()
    picker.click(position={"x": box["width"] * 0.75, "y": box["height"] * 0.25})
    assert abs(float(second.locator("[data-focal-axis=x]").input_value()) - 75) <= 1
    first = page.locator("#media-0")
    expect(first.locator("[data-focal-axis=x]")).to_have_value("50")
    screenshot(page, "focal-point-admin-inline")

    # The medium's own page: the click, then saving, makes the card again.
    page.goto(reverse("admin:media_assets_mediaasset_change", args=[pictures[0].pk]))
    picker = page.get_by_role("slider", name="Focal point")
    page.wait_for_function(
        "() => document.querySelector('.bts-focal-admin img').naturalWidth > 0"
    )
    box = picker.locator("img").bounding_box()
    picker.click(position={"x": 2, "y": box["height"] * 0.5})
    picker.press("ArrowLeft")
    expect(page.locator("#id_focal_across")).to_have_value("0")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    pictures[0].refresh_from_db()
    assert pictures[0].focal_x == 0
    assert pictures[0].card.name != old_card
    assert is_red(card_left_edge(pictures[0]))


def test_the_media_edit_page_has_no_serious_accessibility_violations(page, crew):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    post = PostFactory(production=crew["production"], author=crew["user"], pending=True)
    picture = media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(ContentFile(red_at_left(), name="quay.png")),
        alt_text="A balloon light over the quay",
    )
    sign_in(page)
    page.goto(reverse("media_assets:media-edit", args=[post.slug, picture.pk]))
    expect(page.get_by_role("slider", name="Focal point")).to_be_visible()

    results = axe.run(page, options={"resultTypes": ["violations", "incomplete"]})

    serious = {"serious", "critical"}
    found = [
        f"{result['id']}: {result['help']}"
        for kind in ("violations", "incomplete")
        for result in results.response[kind]
        if result["impact"] in serious and result["id"] != "color-contrast"
    ]
    assert not found, "\n".join(found)
