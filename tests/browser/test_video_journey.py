"""A crew member uploads a vertical phone clip with captions on /contribute/,
watches it upload, and once it is processed the post page plays it upright, with
its poster and captions."""

import time

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from media_assets.models import MediaAsset, MediaStatus, Post
from productions.models import Role
from tests.factories import CreditFactory, PersonFactory, ProductionFactory
from tests.videos import clip_bytes

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

CAPTIONS = b"""WEBVTT

00:00:00.000 --> 00:00:02.000
The quay at dusk, from the crane.
"""


@pytest.fixture
def crew(vocabulary):
    user = get_user_model().objects.create_user(
        "ilse", "ilse@example.com", "harbour-lights-42"
    )
    person = PersonFactory(name="Ilse Varga", user=user)
    production = ProductionFactory(title="The Salt Orchard")
    CreditFactory(
        production=production, person=person, role=Role.objects.get(slug="gaffer")
    )
    return user


def test_a_vertical_hevc_phone_clip_plays_upright_with_poster_and_captions(
    new_page, crew, tmp_path, screenshot
):
    clip = tmp_path / "IMG_0042.MOV"
    clip.write_bytes(
        clip_bytes(
            tmp_path,
            "source.mov",
            width=360,
            height=640,
            seconds=2,
            display_rotation=-90,
            codec="libx265",
            black_seconds=0.3,
        )
    )
    captions = tmp_path / "en.vtt"
    captions.write_bytes(CAPTIONS)

    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ilse")
    page.get_by_label("Password").fill("harbour-lights-42")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/contribute/")
    page.locator("#id_production").select_option(label="The Salt Orchard (2024)")
    page.locator("#id_title").fill("The crane shot, from my phone")
    page.locator("#id_kind").select_option("video")
    page.locator("#id_phase").select_option("production")
    page.locator("#id_happened_on").fill("2024-02-01")
    page.get_by_label("Video", exact=True).set_input_files(str(clip))
    page.get_by_label("What it shows").fill("The quay at dusk")
    page.get_by_label("Captions", exact=True).set_input_files(str(captions))

    # Hold the answer a moment, so that the progress bar can be seen.
    def slowly(route):
        time.sleep(1.0)
        route.continue_()

    page.route("**/contribute/", slowly)
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator(".upload-progress")).to_be_visible()
    expect(page.locator(".upload-progress-text")).to_contain_text("Uploaded")
    assert page.locator("#upload-progress").evaluate("bar => bar.value") == 100
    screenshot(page, "video-uploading")
    page.wait_for_url("**/my/posts/")
    page.unroute("**/contribute/")

    post = Post.objects.get(title="The crane shot, from my phone")
    asset = MediaAsset.objects.get(post=post)
    assert asset.status == MediaStatus.READY, asset.processing_error

    page.goto(post.get_absolute_url())
    video = page.locator("video.player")
    expect(video).to_have_attribute("poster", asset.poster.url)
    expect(page.locator("video.player track[kind=captions]")).to_have_count(1)
    page.wait_for_function(
        "() => document.querySelector('video.player').readyState >= 1", timeout=15000
    )
    width, height = video.evaluate("v => [v.videoWidth, v.videoHeight]")
    assert (width, height) == (360, 640)  # upright, 9:16
    cue = page.evaluate(
        """async () => {
            const video = document.querySelector('video.player');
            const track = video.textTracks[0];
            track.mode = 'showing';
            for (let i = 0; i < 50 && !(track.cues && track.cues.length); i++) {
                await new Promise(r => setTimeout(r, 100));
            }
            return track.cues && track.cues.length ? track.cues[0].text : null;
        }"""
    )
    assert cue == "The quay at dusk, from the crane."
    # The picture itself is upright: the warm band of the scene is at the top.
    top, bottom = page.evaluate(
        """async () => {
            const video = document.querySelector('video.player');
            video.muted = true;
            await video.play();
            await new Promise(r => setTimeout(r, 700));
            video.pause();
            const canvas = document.createElement('canvas');
            canvas.width = video.videoWidth; canvas.height = video.videoHeight;
            const context = canvas.getContext('2d');
            context.drawImage(video, 0, 0);
            const at = y =>
                Array.from(context.getImageData(4, y, 1, 1).data.slice(0, 3));
            return [at(4), at(canvas.height - 5)];
        }"""
    )
    assert top[0] > top[2] and bottom[2] > bottom[0], (top, bottom)
    expect(page.get_by_text("The quay at dusk, from the crane.")).to_be_visible()
    screenshot(page, "video-post")
