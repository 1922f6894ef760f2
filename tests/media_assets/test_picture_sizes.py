"""Pictures as crews take them: every size and format, crops on the focal point,
a placeholder, and the camera's "shot on" details without anything identifying."""

import base64
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from bts_catalog.images import intake_image
from bts_catalog.renditions import crop_box, make_renditions, source_widths
from media_assets.models import MediaAsset, PostKind, PostPhase, RenditionsDue
from media_assets.services import (
    media_asset_add,
    media_asset_update,
    post_submit,
)
from tests.conftest import eventually
from tests.factories import CreditFactory, PostFactory, ProductionFactory

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
RED = (220, 20, 20)


def photo(size=(1000, 600), *, block="right", exif: Image.Exif | None = None) -> bytes:
    """Grey, with a red block a tenth of the width at one edge."""
    image = Image.new("RGB", size, (128, 128, 128))
    width, height = size
    if block == "right":
        image.paste(RED, (width - width // 10, 0, width, height))
    elif block == "left":
        image.paste(RED, (0, 0, width // 10, height))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, **({"exif": exif.tobytes()} if exif else {}))
    return buffer.getvalue()


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "ARRI"  # Make
    exif[0x0110] = "ALEXA 35"  # Model
    exif[0x013B] = "Jane Doe"  # Artist: names a person
    exif[0x8298] = "© Jane Doe"  # Copyright
    details = exif.get_ifd(EXIF_IFD)
    details[0x9003] = "2026:03:14 21:30:05"  # DateTimeOriginal
    details[0x9011] = "+02:00"  # OffsetTimeOriginal
    details[0x829A] = 0.02  # ExposureTime: 1/50 s
    details[0x829D] = 2.8  # FNumber
    details[0x8827] = 800  # ISO
    details[0x920A] = 32.0  # FocalLength
    details[0xA434] = "Signature Prime 32mm"  # LensModel
    details[0xA431] = "SN-0042-XYZ"  # BodySerialNumber
    details[0xA435] = "LENS-SN-77"  # LensSerialNumber
    details[0xA430] = "Jane Doe"  # CameraOwnerName
    details[0x927C] = b"maker secrets"  # MakerNote
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (60.0, 10.0, 0.0)
    gps[3], gps[4] = "E", (24.0, 56.0, 0.0)
    return exif


def clean(data: bytes, name="still.jpg"):
    return intake_image(ContentFile(data, name=name))


def red_share(image: Image.Image, columns: slice) -> float:
    """The share of clearly red pixels in the given columns of ``image``."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    xs = range(width)[columns]
    red = sum(
        1
        for x in xs
        for y in range(0, height, 4)
        if (pixel := rgb.getpixel((x, y)))[0] > 180 and pixel[1] < 80
    )
    return red / (len(xs) * len(range(0, height, 4)))


# --- Sizes ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("width", "expected"),
    [
        (300, [300]),
        (480, [480]),
        (1000, [480, 800, 1000]),
        (2400, [480, 800, 1200, 1600, 2400]),
        (6000, [480, 800, 1200, 1600, 2400]),
    ],
)
def test_sizes_are_never_wider_than_the_picture(width, expected):
    assert source_widths(width) == expected


def test_a_panorama_also_gets_viewer_sizes_up_to_8192():
    assert source_widths(6000, "equirectangular")[-2:] == [4096, 6000]
    assert source_widths(10000, "equirectangular")[-2:] == [4096, 8192]


def test_every_size_comes_in_avif_webp_and_jpeg_without_metadata():
    made = make_renditions(clean(photo((1000, 600), exif=camera_exif())))

    sizes = {(source.format, source.width, source.height) for source in made.sources}
    assert sizes == {
        (fmt, width, round(600 * width / 1000))
        for fmt in ("avif", "webp", "jpeg")
        for width in (480, 800, 1000)
    }
    for source in made.sources:
        with Image.open(io.BytesIO(source.content)) as image:
            assert (
                image.format
                == {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}[source.format]
            )
            assert image.size == (source.width, source.height)
            assert not image.getexif()
            assert b"ARRI" not in source.content
            assert b"Jane" not in source.content


def test_the_placeholder_is_a_tiny_picture_of_the_same_shape():
    made = make_renditions(clean(photo((1000, 500))))

    prefix = "data:image/webp;base64,"
    assert made.placeholder.startswith(prefix)
    assert len(made.placeholder) < 600
    data = base64.b64decode(made.placeholder.removeprefix(prefix))
    with Image.open(io.BytesIO(data)) as tiny:
        assert max(tiny.size) <= 24
        assert tiny.width == 2 * tiny.height


# --- Focal point ---------------------------------------------------------------
def test_crop_box_is_centred_on_the_focal_point_as_far_as_the_edges_allow():
    assert crop_box((1000, 500), (1, 1), (0.5, 0.5)) == (250, 0, 750, 500)
    assert crop_box((1000, 500), (1, 1), (0.6, 0.5)) == (350, 0, 850, 500)
    assert crop_box((1000, 500), (1, 1), (0.95, 0.5)) == (500, 0, 1000, 500)
    assert crop_box((1000, 500), (1, 1), (0.0, 0.5)) == (0, 0, 500, 500)
    assert crop_box((400, 1000), (4, 3), (0.5, 0.1)) == (0, 0, 400, 300)


def test_the_crops_follow_the_focal_point():
    image = clean(photo((2000, 800), block="right"))

    centred = make_renditions(image)
    on_the_block = make_renditions(image, focal=(0.97, 0.5))

    def thumb(made):
        return Image.open(io.BytesIO(made.crops["thumbnail"]))

    assert red_share(thumb(centred), slice(None)) < 0.01
    assert red_share(thumb(on_the_block), slice(-40, None)) > 0.9
    # The whole picture is not cropped, whatever the focal point.
    large = Image.open(io.BytesIO(on_the_block.crops["large"]))
    assert large.size == (1600, 640)


@pytest.fixture
def post(db):
    return PostFactory()


def add(post, data, **options) -> MediaAsset:
    return media_asset_add(
        post=post, actor=None, upload=clean(data), alt_text="A still", **options
    )


def test_a_new_focal_point_makes_the_crops_again_and_nothing_else(
    post, curator, files_in_media, django_capture_on_commit_callbacks
):
    asset = add(post, photo((2000, 800), block="right"))
    sources = sorted(asset.stored_files())
    old_crops = {asset.thumbnail.name, asset.card.name}

    with django_capture_on_commit_callbacks(execute=True):
        media_asset_update(asset=asset, user=curator, focal_point=(0.97, 0.5))

    asset.refresh_from_db()
    assert (asset.focal_x, asset.focal_y) == (0.97, 0.5)
    assert asset.renditions_due == RenditionsDue.NONE
    assert {asset.thumbnail.name, asset.card.name}.isdisjoint(old_crops)
    with asset.card.open("rb") as card:
        assert red_share(Image.open(card), slice(-40, None)) > 0.9
    # The sizes and the large picture are the same files; the old crops are gone.
    unchanged = set(sources) - old_crops
    assert unchanged <= set(asset.stored_files())
    assert sorted(files_in_media()) == sorted(asset.stored_files())


def test_a_new_projection_makes_every_size_again(
    post, curator, files_in_media, django_capture_on_commit_callbacks
):
    asset = add(post, photo((4200, 2100)))
    assert max(source.width for source in asset.image_sources.all()) == 2400

    with django_capture_on_commit_callbacks(execute=True):
        media_asset_update(asset=asset, user=curator, projection="equirectangular")

    asset.refresh_from_db()
    assert asset.is_panorama
    assert [source.width for source in asset.viewer_sources][-2:] == [4096, 4200]
    assert all(source.width <= 2400 for source in asset.picture_sources)
    assert sorted(files_in_media()) == sorted(asset.stored_files())


def test_only_the_author_until_published_and_curators_change_a_picture(
    crew_person, fan, curator
):
    production = ProductionFactory()
    CreditFactory(production=production, person=crew_person)
    post = PostFactory(production=production, author=crew_person.user, pending=True)
    asset = add(post, photo())

    media_asset_update(asset=asset, user=crew_person.user, capture_public=False)
    with pytest.raises(PermissionDenied):
        media_asset_update(asset=asset, user=fan, alt_text="Mine now")
    post.status = "published"
    post.published_at = datetime.datetime.now(datetime.UTC)
    post.save()
    with pytest.raises(PermissionDenied):
        media_asset_update(asset=asset, user=crew_person.user, alt_text="Changed")
    media_asset_update(asset=asset, user=curator, alt_text="Changed by a curator")
    asset.refresh_from_db()
    assert (asset.alt_text, asset.capture_public) == ("Changed by a curator", False)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"focal_point": (1.5, 0.5)}, "focal_x"),
        ({"focal_point": (0.5, -0.1)}, "focal_y"),
        ({"projection": "cubemap"}, "projection"),
        ({"alt_text": "   "}, "alt_text"),
        ({"capture": {"gps": "60N"}}, "capture"),
        ({"width": 10}, "width"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(post, curator, changes, field):
    asset = add(post, photo())
    before = MediaAsset.objects.filter(pk=asset.pk).values().get()

    with pytest.raises(ValidationError) as caught:
        media_asset_update(asset=asset, user=curator, **changes)

    assert field in caught.value.message_dict
    assert MediaAsset.objects.filter(pk=asset.pk).values().get() == before


def test_pairs_are_two_flat_pictures_of_one_post(post, curator):
    before = add(post, photo(block="left"))
    after = add(post, photo(block="right"))
    elsewhere = add(PostFactory(), photo())
    third = add(post, photo((900, 600)))

    media_asset_update(asset=after, user=curator, after_of=before)
    assert MediaAsset.objects.get(pk=after.pk).after_of == before

    refusals = [
        (third, elsewhere, "same post"),
        (third, before, "already has"),  # the before has its after
        (third, after, "itself an"),  # an after cannot be a before
        (third, third, "its own"),
    ]
    for asset, other, words in refusals:
        with pytest.raises(ValidationError) as caught:
            media_asset_update(asset=asset, user=curator, after_of=other)
        assert words in caught.value.message_dict["after_of"][0]
    with pytest.raises(ValidationError) as caught:
        media_asset_update(asset=before, user=curator, projection="equirectangular")
    assert "pair" in caught.value.message_dict["projection"][0]
    media_asset_update(asset=after, user=curator, after_of=None)
    assert MediaAsset.objects.get(pk=after.pk).after_of is None


# --- "Shot on" -----------------------------------------------------------------
def test_capture_details_are_kept_as_data_and_nothing_identifying_is(
    post, files_in_media, media_root
):
    asset = add(post, photo(exif=camera_exif()))

    assert asset.camera_make == "ARRI"
    assert asset.camera_model == "ALEXA 35"
    assert asset.lens == "Signature Prime 32mm"
    assert (asset.focal_length_mm, asset.aperture, asset.iso) == (32.0, 2.8, 800)
    assert asset.shutter == "1/50"
    assert asset.taken_at == datetime.datetime(
        2026, 3, 14, 19, 30, 5, tzinfo=datetime.UTC
    )
    assert asset.shot_on == (
        "ARRI ALEXA 35 · Signature Prime 32mm · 32 mm · f/2.8 · 1/50 s · ISO 800"
    )
    for name in files_in_media():
        content = (media_root / name).read_bytes()
        for secret in (b"Jane", b"SN-0042", b"LENS-SN", b"maker secrets", b"ARRI"):
            assert secret not in content, (name, secret)
        with Image.open(media_root / name) as stored:
            exif = stored.getexif()
            assert not exif.get_ifd(GPS_IFD)
            assert set(exif) <= {0x0112}  # at most the orientation


def test_a_photo_without_exif_has_no_capture_details(post):
    asset = add(post, photo())
    assert asset.capture.is_empty
    assert asset.shot_on == ""


def test_the_post_page_says_what_it_was_shot_on_unless_hidden(client, post, curator):
    asset = add(post, photo(exif=camera_exif()))

    page = client.get(post.get_absolute_url()).content.decode()
    assert "Shot on ARRI ALEXA 35" in page

    media_asset_update(asset=asset, user=curator, capture_public=False)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Shot on" not in page


def test_a_post_without_a_date_takes_the_day_its_photos_were_taken(crew_person):
    production = ProductionFactory()
    CreditFactory(production=production, person=crew_person)

    post = post_submit(
        author=crew_person.user,
        production=production,
        title="Night exteriors",
        kind=PostKind.PHOTO_SET,
        phase=PostPhase.PRODUCTION,
        media=[{"upload": clean(photo(exif=camera_exif())), "alt_text": "Rain"}],
    )

    assert post.happened_on == datetime.date(2026, 3, 14)


# --- The page ------------------------------------------------------------------
def test_the_post_page_offers_avif_and_webp_sources_over_a_jpeg(client, post):
    add(post, photo((1000, 600)))
    add(post, photo((900, 600)))

    page = client.get(post.get_absolute_url()).content.decode()

    assert page.count("<picture>") == 2
    assert page.count('type="image/avif"') == 2
    assert page.count('type="image/webp"') == 2
    assert "480w" in page and "1000w" in page
    assert 'width="1000" height="600"' in page
    assert 'fetchpriority="high"' in page  # the first picture
    assert 'loading="lazy"' in page  # the others
    assert 'class="placeholder" src="data:image/webp;base64,' in page


def test_the_post_page_queries_do_not_grow_with_its_pictures(
    client, post, django_assert_max_num_queries
):
    add(post, photo((600, 400)))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(post.get_absolute_url())
    for width in (601, 602, 603, 604):
        add(post, photo((width, 400)))
    with django_assert_max_num_queries(len(one)):
        client.get(post.get_absolute_url())


# --- Catching up ---------------------------------------------------------------
def test_process_images_makes_the_sizes_of_pictures_stored_before_them(
    post, files_in_media, django_capture_on_commit_callbacks
):
    asset = add(post, photo((1000, 600)))
    with django_capture_on_commit_callbacks(execute=True):
        for source in asset.image_sources.all():
            source.delete()
    assert MediaAsset.objects.needing_renditions().count() == 1

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_images", stdout=out)

    assert "1 picture(s) rendered, 0 failed." in out.getvalue()
    assert asset.image_sources.count() == 9
    assert not MediaAsset.objects.needing_renditions().exists()
    assert sorted(files_in_media()) == sorted(
        MediaAsset.objects.get(pk=asset.pk).stored_files()
    )
    call_command("process_images", stdout=(again := io.StringIO()))
    assert "0 picture(s) rendered" in again.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_every_size_and_a_new_focal_point(celery_worker):
    from django.db import transaction

    image = clean(photo((1000, 600)))
    with transaction.atomic():
        post = PostFactory()
        asset = media_asset_add(actor=None, post=post, upload=image, alt_text="Slate")
    assert not asset.image_sources.exists()  # made in the worker

    assert eventually(lambda: asset.image_sources.count() == 9)
    asset.refresh_from_db()
    card = asset.card.name

    media_asset_update(asset=asset, user=None, focal_point=(0.9, 0.5))

    def recropped() -> bool:
        asset.refresh_from_db()
        return asset.card.name != card and not asset.renditions_due

    assert eventually(recropped)


@pytest.mark.parametrize(
    ("size", "widest"),
    [((4000, 6000), 1600), ((1000, 1500), 1000), ((3000, 4000), 1800)],
)
def test_a_portrait_photos_longest_side_is_at_most_the_widest_width(size, widest):
    widths = source_widths(*size[:1], "flat", size[1])
    assert widths[-1] == widest
    assert round(widest * size[1] / size[0]) <= 2400


def test_avif_sizes_are_served_as_pictures(client, post):
    asset = add(post, photo((1000, 600)))
    avif = asset.avif_sources[0]

    response = client.get(avif.file.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/avif"
    assert "attachment" not in response.get("Content-Disposition", "")
