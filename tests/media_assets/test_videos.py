"""Video files: intake reads the content, transcoding makes what every browser
plays (upright, with a poster, without the source's metadata), and a failure is
shown with its reason, leaving no file behind."""

import io

import av
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bts_catalog.videos import intake_video, rendition_sizes, transcode
from media_assets.models import MediaAsset, MediaKind, MediaStatus, VideoRendition
from media_assets.services import media_asset_add
from showcase.management.demo_videos import BOTTOM, TOP
from tests.conftest import eventually, image_bytes
from tests.factories import PostFactory
from tests.videos import audio_only, clip_bytes, clip_upload, first_frame, huge_declared


def near(colour, expected, tolerance=40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=False))


def assert_upright(image: Image.Image) -> None:
    """The scene's warm band is at the top, its cool band at the bottom."""
    assert near(image.getpixel((2, 2)), TOP), image.getpixel((2, 2))
    assert near(image.getpixel((2, image.height - 3)), BOTTOM)


def refused(upload, code: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        intake_video(upload)
    assert caught.value.code == code, caught.value.messages
    message = caught.value.messages[0]
    assert message.endswith(".") and len(message) < 200
    return caught.value


# --- Intake ------------------------------------------------------------------------
def test_a_clip_is_probed(tmp_path):
    video = intake_video(clip_upload(tmp_path, seconds=2, width=320, height=180))
    assert (video.width, video.height, video.rotation) == (320, 180, 0)
    assert video.duration == pytest.approx(2.0, abs=0.1)
    assert video.has_audio
    assert video.extension == ".mp4"


def test_a_rotated_phone_clip_is_measured_upright(tmp_path):
    upload = clip_upload(
        tmp_path, "IMG_0042.MOV", width=180, height=320, display_rotation=-90,
        codec="libx265",
    )  # fmt: skip
    video = intake_video(upload)
    assert (video.width, video.height, video.rotation) == (180, 320, 90)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.mp4", b"Not a video at all, only words.\n" * 40),
        ("still.mov", image_bytes("JPEG", (320, 240))),
        ("still.mp4", image_bytes("PNG", (320, 240))),
        ("noise.webm", bytes(range(256)) * 64),
    ],
    ids=["text-named-mp4", "jpeg-named-mov", "png-named-mp4", "noise"],
)
def test_what_is_not_a_video_is_refused(name, data):
    refused(SimpleUploadedFile(name, data), "not_a_video")


def test_an_empty_file_is_refused():
    refused(SimpleUploadedFile("clip.mp4", b""), "empty_file")


def test_sound_without_picture_is_refused(tmp_path):
    refused(SimpleUploadedFile("clip.mp4", audio_only(tmp_path)), "audio_only")


def test_a_file_cut_short_is_refused(tmp_path):
    data = clip_bytes(tmp_path, seconds=2)
    refused(SimpleUploadedFile("clip.mp4", data[:600]), "not_a_video")


def test_a_container_declaring_30000_pixels_square_is_refused(tmp_path):
    error = refused(SimpleUploadedFile("huge.mov", huge_declared(tmp_path)), "damaged")
    assert "cannot be decoded" in error.messages[0]


def test_limits_on_pixels_length_and_size(tmp_path, settings):
    data = clip_bytes(tmp_path, seconds=3, width=320, height=180)
    settings.VIDEO_MAX_PIXELS = 320 * 180 - 1
    assert (
        "8K"
        in refused(SimpleUploadedFile("a.mp4", data), "too_many_pixels").messages[0]
    )
    settings.VIDEO_MAX_PIXELS = 7680 * 4320
    settings.VIDEO_MAX_SECONDS = 2
    assert "0:02" in refused(SimpleUploadedFile("a.mp4", data), "too_long").messages[0]
    settings.VIDEO_MAX_SECONDS = 1200
    settings.VIDEO_MAX_BYTES = len(data) - 1
    refused(SimpleUploadedFile("a.mp4", data), "file_too_large")


# --- Transcoding -------------------------------------------------------------------
def test_rendition_sizes_follow_the_short_side():
    assert rendition_sizes(1920, 1080) == [("720p", 1280, 720), ("1080p", 1920, 1080)]
    assert rendition_sizes(1080, 1920) == [("720p", 720, 1280), ("1080p", 1080, 1920)]
    assert rendition_sizes(3840, 2160) == [("720p", 1280, 720), ("1080p", 1920, 1080)]
    assert rendition_sizes(640, 360) == [("360p", 640, 360)]


def test_a_rotated_hevc_phone_clip_plays_upright_and_stays_9_by_16(tmp_path):
    source = tmp_path / "IMG_0042.MOV"
    source.write_bytes(
        clip_bytes(
            tmp_path, width=360, height=640, display_rotation=-90, codec="libx265"
        )
    )
    result = transcode(str(source), str(tmp_path))
    (only,) = result.renditions
    assert (only.label, only.width, only.height) == ("360p", 360, 640)
    with av.open(only.path) as output:
        stream = output.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert [audio.codec_context.name for audio in output.streams.audio] == ["aac"]
        frame = next(output.decode(stream))
        assert frame.rotation == 0
    assert_upright(first_frame(only.path))
    poster = Image.open(io.BytesIO(result.poster_jpeg))
    assert poster.size == (360, 640)
    assert_upright(poster)


def test_a_1080p_source_gets_720p_and_1080p_with_faststart(tmp_path):
    source = tmp_path / "featurette.mp4"
    source.write_bytes(clip_bytes(tmp_path, width=1920, height=1080, seconds=1))
    result = transcode(str(source), str(tmp_path))
    assert [(r.label, r.width, r.height) for r in result.renditions] == [
        ("720p", 1280, 720),
        ("1080p", 1920, 1080),
    ]
    for rendition in result.renditions:
        data = open(rendition.path, "rb").read()
        assert data.index(b"moov") < data.index(b"mdat")  # plays while loading


def test_the_poster_skips_black_frames(tmp_path):
    source = tmp_path / "slate.mp4"
    source.write_bytes(clip_bytes(tmp_path, seconds=3, black_seconds=1.2))
    result = transcode(str(source), str(tmp_path))
    poster = Image.open(io.BytesIO(result.poster_webp))
    assert poster.format == "WEBP"
    assert_upright(poster)


def test_a_variable_rate_clip_keeps_its_length(tmp_path):
    source = tmp_path / "night.mp4"
    source.write_bytes(clip_bytes(tmp_path, seconds=3, variable_rate=True))
    result = transcode(str(source), str(tmp_path))
    with av.open(result.renditions[0].path) as output:
        stream = output.streams.video[0]
        seconds = float(stream.duration * stream.time_base)
    assert seconds == pytest.approx(result.duration, abs=0.2)
    assert result.duration > 3.2  # frames spaced unevenly, as recorded


def test_no_place_or_device_is_carried_over(tmp_path):
    source = tmp_path / "IMG_0042.MOV"
    source.write_bytes(
        clip_bytes(
            tmp_path,
            metadata={
                "location": "+48.8584+002.2945/",
                "make": "Apple",
                "model": "iPhone 15 Pro",
                "comment": "Shot on the quay",
            },
        )
    )
    with av.open(str(source)) as original:
        assert "location" in original.metadata  # the source does carry it
    result = transcode(str(source), str(tmp_path))
    for rendition in result.renditions:
        data = open(rendition.path, "rb").read()
        for secret in (b"+48.8584", b"iPhone", b"Apple", b"quay"):
            assert secret not in data
        with av.open(rendition.path) as output:
            assert set(output.metadata) <= {
                "major_brand",
                "minor_version",
                "compatible_brands",
                "encoder",
            }


# --- Storing and processing ---------------------------------------------------------
pytestmark_db = pytest.mark.django_db


@pytest.mark.django_db
def test_a_video_is_kept_privately_then_made_playable(
    tmp_path, files_in_media, files_in_private, django_capture_on_commit_callbacks
):
    post = PostFactory()
    video = intake_video(clip_upload(tmp_path, width=640, height=360, seconds=2))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asset = media_asset_add(post=post, actor=None, upload=video, caption="Rigging")
    asset.refresh_from_db()
    assert (asset.kind, asset.status) == (MediaKind.VIDEO_FILE, MediaStatus.PROCESSING)
    assert files_in_media() == []  # nothing public before processing
    assert files_in_private() == [asset.source.name]

    for callback in callbacks:
        callback()
    asset.refresh_from_db()
    assert asset.status == MediaStatus.READY
    assert asset.duration_seconds == pytest.approx(2.0, abs=0.1)
    (rendition,) = asset.video_sources.all()
    assert (rendition.label, rendition.width, rendition.height) == ("360p", 640, 360)
    assert sorted(files_in_media()) == sorted(
        [rendition.file.name, asset.poster.name, asset.poster_jpeg.name]
    )
    assert files_in_private() == [asset.source.name]  # kept for curators, unserved


@pytest.mark.django_db
def test_a_video_that_cannot_be_processed_says_why_and_leaves_nothing_public(
    tmp_path, monkeypatch, files_in_media, django_capture_on_commit_callbacks
):
    from media_assets import services

    def broken(source, workdir):
        (tmp_path / "partial.mp4").write_bytes(b"half")
        raise av.InvalidDataError(
            1094995529, "Invalid data found when processing input"
        )

    monkeypatch.setattr(services, "transcode", broken)
    video = intake_video(clip_upload(tmp_path))
    with django_capture_on_commit_callbacks(execute=True):
        asset = media_asset_add(post=PostFactory(), actor=None, upload=video)
    asset.refresh_from_db()
    assert asset.status == MediaStatus.FAILED
    assert "could not be processed" in asset.processing_error
    assert "Invalid data" in asset.processing_error
    assert files_in_media() == []
    assert not VideoRendition.objects.exists()


@pytest.mark.django_db
def test_deleting_a_video_takes_its_original_renditions_and_poster(
    tmp_path, files_in_media, files_in_private, django_capture_on_commit_callbacks
):
    video = intake_video(clip_upload(tmp_path))
    with django_capture_on_commit_callbacks(execute=True):
        asset = media_asset_add(post=PostFactory(), actor=None, upload=video)
    assert files_in_media() and files_in_private()
    with django_capture_on_commit_callbacks(execute=True):
        asset.post.production.delete()
    assert files_in_media() == []
    assert files_in_private() == []
    assert not MediaAsset.objects.exists()


def test_a_real_worker_processes_the_video(celery_worker, tmp_path):
    from django.db import transaction

    video = intake_video(clip_upload(tmp_path, width=320, height=180))
    with transaction.atomic():
        asset = media_asset_add(post=PostFactory(), actor=None, upload=video)
    assert eventually(
        lambda: MediaAsset.objects.get(pk=asset.pk).status == MediaStatus.READY, 60
    )
    assert VideoRendition.objects.filter(asset=asset).count() == 1


@pytest.mark.django_db
def test_process_videos_catches_up_on_waiting_and_failed_videos(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from media_assets import services

    real = services.transcode
    monkeypatch.setattr(
        services, "transcode", lambda *a: (_ for _ in ()).throw(ValueError("gone"))
    )
    video = intake_video(clip_upload(tmp_path))
    with django_capture_on_commit_callbacks(execute=True):
        asset = media_asset_add(post=PostFactory(), actor=None, upload=video)
    asset.refresh_from_db()
    assert asset.status == MediaStatus.FAILED
    monkeypatch.setattr(services, "transcode", real)
    out = io.StringIO()
    call_command("process_videos", stdout=out)
    asset.refresh_from_db()
    assert asset.status == MediaStatus.FAILED  # failed ones need --failed
    call_command("process_videos", "--failed", stdout=out)
    asset.refresh_from_db()
    assert asset.status == MediaStatus.READY
    assert "1 video(s) ready, 0 failed." in out.getvalue()
