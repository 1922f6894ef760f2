"""A fan browses the catalogue in a real browser (Chromium via Playwright)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

from bts_catalog.images import intake_image
from media_assets.models import PostKind, PostPhase
from media_assets.services import media_asset_add
from productions.models import Department, ProductionKind, ProductionStatus, Role
from tests.factories import CreditFactory, PersonFactory, PostFactory, ProductionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def still(color, size=(1200, 800)) -> bytes:
    import io

    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 80):
        draw.line([(x, 0), (x + 300, size[1])], fill=(255, 255, 255), width=6)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def catalogue(vocabulary):
    production = ProductionFactory(
        title="The Salt Orchard",
        synopsis="Harbour workers hold on through a hard winter.",
        release_date=datetime.date(2024, 3, 1),
    )
    ProductionFactory(
        title="A Winter's Lantern",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
        venue="The Old Quay Theatre",
    )
    dp = PersonFactory(name="Marta Ilves")
    CreditFactory(
        production=production,
        person=dp,
        role=Role.objects.get(slug="director-of-photography"),
    )
    camera = Department.objects.get(slug="camera")
    posts = []
    for phase, title, color in [
        (PostPhase.PRE_PRODUCTION, "Camera tests on the quay", (40, 70, 110)),
        (PostPhase.PRODUCTION, "Night shoot at the harbour", (20, 30, 60)),
        (PostPhase.RELEASE, "Premiere in Tallinn", (120, 40, 40)),
    ]:
        post = PostFactory(
            production=production, title=title, phase=phase, kind=PostKind.PHOTO_SET
        )
        post.crafts.add(camera)
        post.featured_people.add(dp)
        media_asset_add(
            actor=None,
            post=post,
            upload=intake_image(ContentFile(still(color), name="still.jpg")),
            alt_text=f"{title}: the crew at work",
            credited_to=dp,
        )
        posts.append(post)
    return {"production": production, "person": dp, "posts": posts}


def test_fan_browses_from_home_to_a_post_and_a_craft(page, catalogue, screenshot):
    page.goto("/")
    screenshot(page, "home")
    page.get_by_role("link", name="The Salt Orchard (2024)", exact=True).click()
    page.wait_for_url("**/productions/the-salt-orchard-2024/")
    assert page.get_by_role("heading", name="Making-of timeline").is_visible()
    phases = page.locator(".phase-title").all_inner_texts()
    assert phases == ["Pre-production", "Production", "Release"]
    screenshot(page, "production")

    page.locator(".timeline .card-link", has_text="Night shoot at the harbour").click()
    page.wait_for_url("**/posts/night-shoot-at-the-harbour/")
    image = page.get_by_alt_text("Night shoot at the harbour: the crew at work")
    image.wait_for()
    assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "post")

    page.get_by_role("link", name="Camera & Cinematography").first.click()
    page.wait_for_url("**/crafts/camera/")
    assert page.get_by_role("link", name="Marta Ilves").first.is_visible()
    screenshot(page, "craft")


def test_fan_searches_for_a_person(page, catalogue, screenshot):
    page.goto("/")
    page.get_by_role("searchbox", name="Search").fill("marta")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=marta")
    page.get_by_role("link", name="Marta Ilves").first.click()
    page.wait_for_url("**/people/marta-ilves/")
    assert "Director of Photography" in page.content()
    screenshot(page, "person")


def test_fan_filters_the_production_list(page, catalogue, screenshot):
    page.goto("/productions/")
    page.get_by_label("Kind").select_option("theater")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/productions/?*kind=theater*")
    cards = page.locator(".production-card h3").all_inner_texts()
    assert cards == ["A Winter's Lantern"]
    screenshot(page, "production-list-filtered")


def test_keyboard_users_can_skip_to_content(page, catalogue):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_phone_layout_has_no_horizontal_scroll(phone, catalogue, screenshot):
    for url in ["/", catalogue["production"].get_absolute_url(), "/productions/"]:
        phone.goto(url)
        overflow = phone.evaluate(
            "(root => root.scrollWidth - root.clientWidth)(document.documentElement)"
        )
        assert overflow <= 0, url
    phone.goto(catalogue["posts"][1].get_absolute_url())
    screenshot(phone, "phone-post")
    phone.goto(catalogue["production"].get_absolute_url())
    screenshot(phone, "phone-production")


def test_pages_break_no_content_security_policy_rule(page, catalogue, live_server):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(
        "boss", "boss@example.com", "boss-pass-42"
    )
    refused = []

    def record(message):
        # Redoc's bundle links its vendor's logo from a CDN; the policy blocking it
        # is the point (the docs work offline), so that one refusal is expected.
        text = message.text
        if "Content Security Policy" in text and "cdn.redoc.ly" not in text:
            refused.append(f"{page.url}: {text}")

    page.on("console", record)
    urls = [
        "/",
        catalogue["production"].get_absolute_url(),
        catalogue["posts"][0].get_absolute_url(),
        "/productions/",
        "/api/docs/",
        "/api/redoc/",
    ]
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    page.goto("/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "boss-pass-42")
    page.click("input[type=submit]")
    for url in [
        "/admin/",
        "/admin/media_assets/post/",
        "/admin/media_assets/post/add/",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    assert refused == [], "\n".join(refused)
    page.goto("/api/docs/")
    page.get_by_text("BTS Catalog API").first.wait_for()
