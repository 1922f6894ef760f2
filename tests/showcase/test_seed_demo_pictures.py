"""The demo's pictures show what the site does with photos: a 360° set photo, a
before/after pair on a VFX breakdown, and "shot on" details with nothing
identifying kept."""

import io
import random
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image, ImageChops, ImageStat

from bts_catalog.capture import read_projection
from media_assets.models import (
    ImageRendition,
    MediaAsset,
    MediaKind,
    PostKind,
    PostStatus,
    Projection,
)
from showcase.management import demo_images, demo_panorama
from showcase.management.commands import seed_demo

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
SERIAL_NUMBERS = (0xA431, 0xA435)  # BodySerialNumber, LensSerialNumber


def seed(*args: str) -> str:
    """seed_demo with one illustrated post, its set pieces and no videos."""
    out = StringIO()
    call_command("seed_demo", "--images", "1", "--videos", "0", *args, stdout=out)
    return out.getvalue()


def stored_pictures(media_root) -> list:
    suffixes = {".jpg", ".jpeg", ".webp", ".avif", ".png"}
    return [path for path in media_root.rglob("*") if path.suffix in suffixes]


def test_an_immersive_post_shows_a_360_photo_of_its_set(client, media_root):
    output = seed()

    panorama = MediaAsset.objects.select_related("post").get(
        projection=Projection.EQUIRECTANGULAR
    )
    post = panorama.post
    assert post.kind == PostKind.IMMERSIVE
    assert post.status == PostStatus.PUBLISHED
    assert (panorama.width, panorama.height) == demo_panorama.SIZE
    assert "360°" in panorama.alt_text and panorama.caption
    assert panorama.credited_to is not None
    assert panorama.shot_on.startswith("RICOH THETA Z1")
    viewer = [source for source in panorama.viewer_sources if source.for_viewer]
    assert [source.width for source in viewer] == [4096]
    for name in panorama.stored_files():
        assert (media_root / name).is_file(), name
    # The stored original still says what it is, for other panorama viewers.
    with Image.open(media_root / panorama.file.name) as original:
        assert read_projection(original).kind == Projection.EQUIRECTANGULAR
    assert post.get_absolute_url() in output

    page = client.get(post.get_absolute_url())

    assert page.status_code == 200
    assert 'class="panorama"' in page.content.decode()


def test_the_set_panorama_wraps_round_without_a_seam():
    picture = demo_panorama.set_panorama(random.Random(1), size=(1024, 512))
    width, height = picture.size

    def column(x: int) -> Image.Image:
        return picture.crop((x, 0, x + 1, height))

    seam = ImageStat.Stat(ImageChops.difference(column(0), column(width - 1)))
    assert max(seam.mean) < 2
    # The zenith and the nadir are points: their rows are one colour.
    for row in (0, height - 1):
        assert max(ImageStat.Stat(picture.crop((0, row, width, row + 1))).stddev) < 1


def test_a_vfx_breakdown_pairs_its_plate_with_the_final(client):
    seed()

    final = MediaAsset.objects.select_related("after_of", "post").get(
        after_of__isnull=False
    )
    plate = final.after_of
    post = final.post
    assert post.kind == PostKind.VFX_BREAKDOWN
    assert post.status == PostStatus.PUBLISHED
    assert plate.post_id == post.pk
    assert plate.position < final.position
    assert (plate.width, plate.height) == (final.width, final.height)
    assert (final.width, final.height) == demo_images.SHOT_SIZE
    assert "green-screen" in plate.alt_text and "tracking markers" in plate.alt_text
    assert "skyline" in final.alt_text and "same performer" in final.alt_text
    assert plate.shot_on.startswith("ARRI ALEXA 35 · Signature Prime 32mm")
    assert not final.shot_on  # a composite has no camera
    assert not post.media.filter(projection=Projection.EQUIRECTANGULAR).exists()

    page = client.get(post.get_absolute_url())

    html = page.content.decode()
    assert page.status_code == 200
    assert "data-compare" in html
    assert plate.alt_text in html and final.alt_text in html


def test_stills_say_what_they_were_shot_on(client):
    seed("--images", "8")

    with_camera = MediaAsset.objects.images().exclude(camera_make="")
    assert with_camera.exists()
    assert with_camera.count() < MediaAsset.objects.images().count()
    cameras = set(with_camera.values_list("camera_make", "camera_model"))
    assert {("ARRI", "ALEXA 35"), ("Sony", "ILCE-7SM3")} <= cameras
    assert ("Apple", "iPhone 15 Pro") in cameras or ("Canon", "EOS R5") in cameras
    stills = with_camera.filter(
        projection=Projection.FLAT, after_of__isnull=True, after__isnull=True
    )
    for asset in stills.select_related("post"):
        assert asset.lens and asset.focal_length_mm and asset.aperture
        assert asset.shutter and asset.iso and asset.taken_at
        # The pool's pictures are dated the day of the post they are on.
        assert asset.taken_at.date() == asset.post.happened_on
    alexa = with_camera.filter(camera_model="ALEXA 35").first()
    assert alexa.shot_on == (
        "ARRI ALEXA 35 · Signature Prime 32mm · 32 mm · f/2.8 · 1/50 s · ISO 800"
    )

    shown = stills.first()
    page = client.get(shown.post.get_absolute_url())

    assert "Shot on " + shown.shot_on in page.content.decode()


def test_no_stored_picture_keeps_a_location_or_a_serial_number(monkeypatch, media_root):
    taken_in: list[tuple[bytes, str]] = []  # what the seeder hands to intake
    original_intake = seed_demo.intake_image

    def recording_intake(upload, **kwargs):
        image = original_intake(upload, **kwargs)
        upload.seek(0)
        taken_in.append((upload.read(), image.sha256))
        return image

    monkeypatch.setattr(seed_demo, "intake_image", recording_intake)

    seed("--images", "12")

    located = []
    for data, sha256 in taken_in:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.getexif().get_ifd(GPS_IFD):
                located.append(sha256)
    assert located  # a phone said where it was
    assert MediaAsset.objects.filter(sha256__in=located).exists()
    pictures = stored_pictures(media_root)
    assert len(pictures) > ImageRendition.objects.count()
    for path in pictures:
        with Image.open(path) as picture:
            exif = picture.getexif()
            assert GPS_IFD not in exif and not exif.get_ifd(GPS_IFD), path
            assert not any(tag in exif for tag in SERIAL_NUMBERS), path
            assert not exif.get_ifd(0x8769), path  # no capture details either


def test_seeding_twice_adds_no_second_set_piece(files_in_media):
    seed()
    counts = {label: model.objects.count() for label, model in seed_demo.COUNTED}
    files = files_in_media()

    output = seed()

    assert {
        label: model.objects.count() for label, model in seed_demo.COUNTED
    } == counts
    assert files_in_media() == files
    assert MediaAsset.objects.filter(projection=Projection.EQUIRECTANGULAR).count() == 1
    assert MediaAsset.objects.filter(after_of__isnull=False).count() == 1
    assert "360° set photo:" in output and "Before/after:" in output


def test_without_images_there_are_no_set_pieces():
    out = StringIO()
    call_command("seed_demo", "--images", "0", "--videos", "0", stdout=out)

    assert not MediaAsset.objects.filter(kind=MediaKind.IMAGE).exists()
    assert "360° set photo" not in out.getvalue()


def test_a_failure_among_the_set_pieces_leaves_no_rows_and_no_files(
    monkeypatch, files_in_media
):
    def refuse(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(seed_demo, "media_asset_update", refuse)

    with pytest.raises(RuntimeError, match="disk full"):
        seed()

    assert not seed_demo.Production.objects.exists()
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []
