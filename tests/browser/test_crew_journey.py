"""A crew member posts with two images; a curator publishes; fans see it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from bts_catalog.roles import CURATORS_GROUP
from productions.models import Role
from tests.conftest import image_bytes
from tests.factories import CreditFactory, PersonFactory, ProductionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def people(vocabulary):
    users = get_user_model().objects
    crew_user = users.create_user("ilse", "ilse@example.com", "harbour-lights-42")
    crew = PersonFactory(name="Ilse Varga", user=crew_user)
    production = ProductionFactory(title="The Salt Orchard")
    CreditFactory(
        production=production, person=crew, role=Role.objects.get(slug="gaffer")
    )
    curator = users.create_user(
        "cora", "cora@example.com", "curator-pass-42", is_staff=True
    )
    curator.groups.add(Group.objects.get(name=CURATORS_GROUP))
    return {"production": production}


def sign_in(page, username, password):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_crew_post_goes_from_submission_to_the_timeline(
    new_page, people, tmp_path, screenshot
):
    first, second = tmp_path / "rigging.jpg", tmp_path / "cable.png"
    first.write_bytes(image_bytes("JPEG", (1200, 800), color=(30, 50, 90)))
    second.write_bytes(image_bytes("PNG", (800, 1000), color=(140, 60, 20)))

    crew = new_page()
    sign_in(crew, "ilse", "harbour-lights-42")
    crew.get_by_role("link", name="Contribute").click()
    crew.locator("#id_production").select_option(label="The Salt Orchard (2024)")
    crew.locator("#id_title").fill("Rigging balloon lights on the quay")
    crew.locator("#id_body").fill("Three **balloon lights**, a lot of cable.")
    crew.locator("#id_kind").select_option("photo_set")
    crew.locator("#id_phase").select_option("production")
    crew.locator("#id_happened_on").fill("2024-02-01")
    crew.get_by_label("Image 1").set_input_files(str(first))
    crew.locator("#id_images-0-alt_text").fill("Balloon light rising over the quay")
    crew.get_by_label("Image 2").set_input_files(str(second))
    crew.locator("#id_images-1-alt_text").fill("Cable runs along the harbour wall")
    screenshot(crew, "crew-contribute")
    crew.get_by_role("button", name="Send for review").click()
    crew.wait_for_url("**/my/posts/")
    expect(crew.get_by_text("Pending review")).to_be_visible()
    screenshot(crew, "crew-my-posts")

    curator = new_page()
    sign_in(curator, "cora", "curator-pass-42")
    curator.goto("/admin/media_assets/pendingpost/")
    row = curator.locator("#result_list tr", has_text="Rigging balloon lights")
    row.locator("input[type=checkbox]").check()
    curator.locator("select[name=action]").select_option("publish_posts")
    curator.get_by_role("button", name="Go").click()
    expect(curator.get_by_text("Published 1 post.")).to_be_visible()
    screenshot(curator, "curator-published")

    fan = new_page()
    fan.goto(people["production"].get_absolute_url())
    card = fan.locator(".timeline .card", has_text="Rigging balloon lights on the quay")
    expect(card).to_be_visible()
    card.click()
    expect(fan.locator(".badge", has_text="First-hand")).to_be_visible()
    for alt in [
        "Balloon light rising over the quay",
        "Cable runs along the harbour wall",
    ]:
        image = fan.get_by_alt_text(alt)
        image.scroll_into_view_if_needed()
        image.wait_for()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(fan, "fan-sees-crew-post")
