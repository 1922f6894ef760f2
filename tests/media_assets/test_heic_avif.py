"""Photos as phones take them: HEIC (iPhone) and AVIF go through the same intake
as every other image, without their metadata."""

import io

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bts_catalog.images import intake_image
from bts_catalog.renditions import make_renditions

pillow_heif.register_heif_opener()

GPS_IFD = 0x8825


def photo(fmt: str, size=(320, 240), exif: bool = True) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    image.paste((230, 120, 40), (0, 0, size[0], size[1] // 2))
    extra = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Apple"  # Make
        tags[0x0110] = "iPhone 15 Pro"  # Model
        tags[0xA431] = "SERIAL-1234"  # BodySerialNumber
        tags.get_ifd(GPS_IFD)[2] = (48.0, 51.0, 29.0)  # latitude
        extra["exif"] = tags.tobytes()
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **extra)
    return buffer.getvalue()


def test_an_iphone_heic_photo_is_stored_as_a_jpeg_without_its_metadata():
    data = photo("HEIF")
    assert data[4:12] == b"ftypheic"
    image = intake_image(SimpleUploadedFile("IMG_0042.HEIC", data))
    assert (image.format, image.extension) == ("JPEG", ".jpg")
    assert (image.width, image.height) == (320, 240)
    stored = Image.open(io.BytesIO(image.content))
    assert stored.format == "JPEG"
    exif = stored.getexif()
    assert not exif.get_ifd(GPS_IFD)
    for secret in (b"iPhone", b"Apple", b"SERIAL-1234"):
        assert secret not in image.content
    top, bottom = stored.getpixel((5, 5)), stored.getpixel((5, 235))
    assert top[0] > top[2] and bottom[2] > bottom[0]  # upright, colours kept
    assert set(make_renditions(image).crops) == {"thumbnail", "card", "large"}


def test_an_avif_photo_is_kept_as_avif_without_its_metadata():
    data = photo("AVIF")
    image = intake_image(SimpleUploadedFile("still.avif", data))
    assert (image.format, image.extension) == ("AVIF", ".avif")
    assert b"iPhone" not in image.content
    assert Image.open(io.BytesIO(image.content)).format == "AVIF"
    assert set(make_renditions(image).crops) == {"thumbnail", "card", "large"}


def test_a_truncated_heic_is_refused():
    data = photo("HEIF", exif=False)
    with pytest.raises(ValidationError) as caught:
        intake_image(SimpleUploadedFile("IMG_0042.HEIC", data[: len(data) // 2]))
    assert caught.value.code in {"damaged_image", "not_an_image"}


def test_a_heic_past_the_pixel_limit_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 320 * 240 - 1
    with pytest.raises(ValidationError) as caught:
        intake_image(SimpleUploadedFile("IMG_0042.HEIC", photo("HEIF")))
    assert caught.value.code == "too_many_pixels"
