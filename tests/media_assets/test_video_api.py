"""Videos through the API and on the post page: upload, processing state, the
player with its sources, poster and captions, and captions added and removed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from media_assets.models import Caption, MediaAsset, MediaStatus
from productions.models import Role
from tests.factories import CreditFactory, PostFactory, ProductionFactory
from tests.videos import clip_bytes

pytestmark = pytest.mark.django_db

VTT = b"""WEBVTT

00:00:00.000 --> 00:00:01.500
Rolling on the <b>quay</b>.<script>alert(1)</script>

00:00:01.500 --> 00:00:02.500
Cut!
"""
SRT = "1\n00:00:00,000 --> 00:00:01,500\nOn tourne sur le quai, caf\xe9.\n".encode(
    "cp1252"
)


@pytest.fixture
def crew(crew_person):
    production = ProductionFactory(title="The Salt Orchard")
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    return crew_person.user


@pytest.fixture
def post(crew):
    person = crew.person
    production = person.credits.first().production
    return PostFactory(production=production, author=crew, pending=True)


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def upload_video(api, post, tmp_path, capture, **clip):
    data = clip_bytes(tmp_path, "IMG_0042.MOV", **clip)
    with capture(execute=True):
        return api.post(
            f"/api/v1/posts/{post.slug}/media/",
            {"file": SimpleUploadedFile("IMG_0042.MOV", data), "caption": "Rigging"},
            format="multipart",
        )


def test_crew_upload_a_phone_clip_and_get_it_back_playable(
    crew, post, tmp_path, django_capture_on_commit_callbacks
):
    api = api_as(crew)
    answer = upload_video(
        api,
        post,
        tmp_path,
        django_capture_on_commit_callbacks,
        width=180,
        height=320,
        display_rotation=-90,
        codec="libx265",
    )
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    assert (body["kind"], body["status"]) == ("video_file", "processing")
    assert body["file"] is None  # the original is never served

    media = api.get(f"/api/v1/media/{body['id']}/").json()
    assert media["status"] == "ready"
    assert (media["width"], media["height"]) == (180, 320)
    assert media["duration_seconds"] == pytest.approx(2.0, abs=0.1)
    assert [(s["type"], s["width"], s["height"]) for s in media["sources"]] == [
        ("video/mp4", 180, 320)
    ]
    assert media["poster"]["url"].endswith(".webp")
    assert (media["poster"]["width"], media["poster"]["height"]) == (180, 320)
    assert media["captions"] == [] and media["message"] is None


def test_captions_are_added_sanitised_listed_and_removed(
    crew, post, tmp_path, django_capture_on_commit_callbacks, client
):
    api = api_as(crew)
    asset_id = upload_video(
        api, post, tmp_path, django_capture_on_commit_callbacks
    ).json()["id"]
    added = api.post(
        f"/api/v1/media/{asset_id}/captions/",
        {"file": SimpleUploadedFile("en.vtt", VTT), "language": "EN-gb"},
        format="multipart",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["language"] == "en-GB"
    french = api.post(
        f"/api/v1/media/{asset_id}/captions/",
        {"file": SimpleUploadedFile("fr.srt", SRT), "language": "fr", "label": "Fr"},
        format="multipart",
    )
    assert french.status_code == 201, french.json()

    served = client.get(added.json()["url"].replace("http://testserver", ""))
    text = b"".join(served.streaming_content).decode()
    assert text.startswith("WEBVTT") and "<script>" not in text
    assert "<b>quay</b>" in text
    media = api.get(f"/api/v1/media/{asset_id}/").json()
    assert [c["language"] for c in media["captions"]] == ["en-GB", "fr"]

    # The transcript is searchable and shown with the player.
    post.refresh_from_db()
    assert "Rolling on the quay" in post.search_text
    assert "café" in post.search_text
    client.force_login(crew)
    page = client.get(post.get_absolute_url()).content.decode()
    assert '<video class="player" controls' in page
    assert 'type="video/mp4"' in page
    assert '<track kind="captions"' in page and 'srclang="en-GB"' in page
    assert "Transcript (English (United Kingdom))" in page or "Transcript (" in page
    assert "Rolling on the quay" in page

    removed = api.delete(f"/api/v1/media/{asset_id}/captions/{french.json()['id']}/")
    assert removed.status_code == 204
    assert list(Caption.objects.values_list("language", flat=True)) == ["en-GB"]
    post.refresh_from_db()
    assert "café" not in post.search_text


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {"file": SimpleUploadedFile("a.vtt", b"just words"), "language": "en"},
            "file",
        ),
        (
            {"file": SimpleUploadedFile("a.vtt", VTT), "language": "english!"},
            "language",
        ),
        ({"file": SimpleUploadedFile("a.vtt", b""), "language": "en"}, "file"),
    ],
)
def test_bad_captions_are_refused_naming_the_field(
    crew, post, tmp_path, django_capture_on_commit_callbacks, fields, field
):
    api = api_as(crew)
    asset_id = upload_video(
        api, post, tmp_path, django_capture_on_commit_callbacks
    ).json()["id"]
    answer = api.post(f"/api/v1/media/{asset_id}/captions/", fields, format="multipart")
    assert answer.status_code == 400
    assert field in answer.json()
    assert not Caption.objects.exists()


def test_only_the_author_or_a_curator_adds_captions(
    crew, post, fan, curator, tmp_path, django_capture_on_commit_callbacks
):
    asset_id = upload_video(
        api_as(crew), post, tmp_path, django_capture_on_commit_callbacks
    ).json()["id"]
    post.status = "published"
    post.published_at = post.created_at
    post.save()
    vtt = {"file": SimpleUploadedFile("a.vtt", VTT), "language": "en"}
    refused = api_as(fan).post(
        f"/api/v1/media/{asset_id}/captions/", vtt, format="multipart"
    )
    assert refused.status_code == 403
    vtt["file"].seek(0)
    allowed = api_as(curator).post(
        f"/api/v1/media/{asset_id}/captions/", vtt, format="multipart"
    )
    assert allowed.status_code == 201


def test_a_text_file_named_mp4_is_refused_with_nothing_stored(
    crew, post, files_in_media, files_in_private
):
    answer = api_as(crew).post(
        f"/api/v1/posts/{post.slug}/media/",
        {"file": SimpleUploadedFile("clip.mp4", b"Not a video, only words.\n" * 9)},
        format="multipart",
    )
    assert answer.status_code == 400
    assert "not a video" in answer.json()["file"][0]
    assert not MediaAsset.objects.exists()
    assert files_in_media() == [] and files_in_private() == []


def test_a_failed_video_tells_its_author_why(
    crew, post, fan, tmp_path, monkeypatch, django_capture_on_commit_callbacks, client
):
    from media_assets import services

    def broken(source, workdir):
        raise ValueError("The video has no picture that decodes.")

    monkeypatch.setattr(services, "transcode", broken)
    asset_id = upload_video(
        api_as(crew), post, tmp_path, django_capture_on_commit_callbacks
    ).json()["id"]
    assert MediaAsset.objects.get(pk=asset_id).status == MediaStatus.FAILED
    mine = api_as(crew).get(f"/api/v1/media/{asset_id}/").json()
    assert mine["status"] == "failed"
    assert "no picture that decodes" in mine["message"]
    client.force_login(crew)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "could not be processed" in page
