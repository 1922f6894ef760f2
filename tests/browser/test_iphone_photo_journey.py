"""An iPhone photo (HEIC) uploaded on /contribute/ shows as a responsive <picture>
with what it was shot on."""

import io

import pillow_heif
import pytest
from django.contrib.auth import get_user_model
from PIL import Image
from playwright.sync_api import expect

from productions.models import Role
from tests.factories import CreditFactory, PersonFactory, ProductionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

EXIF_IFD = 0x8769


def iphone_photo() -> bytes:
    """A HEIC as an iPhone writes it: camera, lens and exposure in its EXIF, and
    where it was taken, which must not survive."""
    pillow_heif.register_heif_opener()
    image = Image.radial_gradient("L").resize((1600, 1200)).convert("RGB")
    image.paste((200, 120, 40), (200, 200, 700, 900))
    exif = Image.Exif()
    exif[0x010F] = "Apple"
    exif[0x0110] = "iPhone 15 Pro"
    details = exif.get_ifd(EXIF_IFD)
    details[0x9003] = "2026:05:02 18:04:11"
    details[0x829A] = 1 / 120
    details[0x829D] = 1.8
    details[0x8827] = 320
    details[0x920A] = 6.8
    details[0xA434] = "iPhone 15 Pro back triple camera 6.86mm f/1.78"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (51.0, 30.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, format="HEIF", quality=70, exif=exif.tobytes())
    return buffer.getvalue()


def test_an_iphone_photo_becomes_a_picture_with_its_shot_on_line(
    new_page, vocabulary, tmp_path, screenshot
):
    user = get_user_model().objects.create_user("noor", "noor@example.com", "pw-42-x")
    crew = PersonFactory(name="Noor Haddad", user=user)
    CreditFactory(
        production=ProductionFactory(title="Glass Harbour"),
        person=crew,
        role=Role.objects.get(slug="gaffer"),
    )
    photo = tmp_path / "IMG_0042.HEIC"
    photo.write_bytes(iphone_photo())

    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("noor")
    page.get_by_label("Password").fill("pw-42-x")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/contribute/")
    page.locator("#id_production").select_option(label="Glass Harbour (2024)")
    page.locator("#id_title").fill("Golden hour on the breakwater")
    page.locator("#id_kind").select_option("photo_set")
    page.locator("#id_phase").select_option("production")
    page.locator("#id_happened_on").fill("2026-05-02")
    page.get_by_label("Image 1").set_input_files(str(photo))
    page.locator("#id_images-0-alt_text").fill("The gaffer's lamp against the sunset")
    page.get_by_role("button", name="Send for review").click()
    page.wait_for_url("**/my/posts/")
    page.get_by_role("link", name="Golden hour on the breakwater").first.click()

    picture = page.locator("figure.media picture")
    expect(picture).to_have_count(1)
    expect(picture.locator('source[type="image/avif"]')).to_have_count(1)
    expect(picture.locator('source[type="image/webp"]')).to_have_count(1)
    image = picture.locator("img")
    expect(image).to_have_attribute("alt", "The gaffer's lamp against the sunset")
    expect(image).to_have_attribute("width", "1600")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => document.querySelector('figure.media picture img').naturalWidth > 0"
    )
    # Chromium shows AVIF: the AVIF source is the one it picked.
    assert ".avif" in image.evaluate("img => img.currentSrc")
    expect(page.locator(".shot-on")).to_have_text(
        "Shot on Apple iPhone 15 Pro · back triple camera 6.86mm f/1.78 · 6.8 mm · "
        "f/1.8 · 1/120 s · ISO 320"
    )
    screenshot(page, "iphone-photo-post")
