"""The image and video intake gate: what it accepts, what it refuses and why.

Every test image is drawn with Pillow here; nothing is read from disk.
"""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageFile, ImageOps, PngImagePlugin

from bts_catalog.images import intake_image
from bts_catalog.renditions import make_renditions

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
MODEL = 0x0110


# --- helpers -------------------------------------------------------------------
def picture(size=(64, 48), mode="RGB"):
    """A non-uniform picture, so that encoders have real data to compress."""
    gradient = Image.linear_gradient("L").resize(size)
    radial = Image.radial_gradient("L").resize(size)
    rotated = gradient.transpose(Image.Transpose.ROTATE_90).resize(size)
    return Image.merge("RGB", [gradient, radial, rotated]).convert(mode)


def encode(image, fmt, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def animated_gif(frames=3, size=(20, 20), duration=100, **options) -> bytes:
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 0)]
    images = [Image.new("RGB", size, colours[i % len(colours)]) for i in range(frames)]
    return encode(
        images[0],
        "GIF",
        save_all=True,
        append_images=images[1:],
        duration=duration,
        loop=0,
        **options,
    )


def upload(data: bytes, name="upload.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def reopen(content: bytes) -> Image.Image:
    return Image.open(io.BytesIO(content))


def assert_readable(message: str) -> None:
    """A sentence for a person, not a traceback or a Pillow internal."""
    assert message[0].isupper()
    assert message.rstrip().endswith(".")
    for internal in ("Traceback", "PIL", "Error", "cannot identify", "<"):
        assert internal not in message


def refused(data, code: str, name="upload.bin") -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        intake_image(upload(data, name))
    error = caught.value
    assert error.code == code, error.messages
    assert len(error.messages) == 1
    assert_readable(error.messages[0])
    return error


def photo_exif(orientation=None) -> Image.Exif:
    exif = Image.Exif()
    exif[MAKE] = "SecretCam"
    exif[MODEL] = "Model 9000"
    if orientation is not None:
        exif[ORIENTATION] = orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"  # GPSLatitudeRef
    gps[2] = (52.0, 22.0, 12.5)  # GPSLatitude
    gps[3] = "E"  # GPSLongitudeRef
    gps[4] = (4.0, 53.0, 28.0)  # GPSLongitude
    return exif


# --- accepted uploads ----------------------------------------------------------
@pytest.mark.parametrize(
    ("pil_format", "mode", "stored_format", "extension"),
    [
        ("JPEG", "RGB", "JPEG", ".jpg"),
        ("JPEG", "L", "JPEG", ".jpg"),
        ("PNG", "RGB", "PNG", ".png"),
        ("PNG", "RGBA", "PNG", ".png"),
        ("WEBP", "RGB", "WEBP", ".webp"),
        ("GIF", "P", "GIF", ".gif"),
    ],
)
def test_accepted_formats(pil_format, mode, stored_format, extension):
    data = encode(picture((64, 48), mode), pil_format)

    clean = intake_image(upload(data, f"photo{extension}"))

    assert (clean.format, clean.extension) == (stored_format, extension)
    assert (clean.width, clean.height) == (64, 48)
    stored = reopen(clean.content)
    assert stored.format == stored_format
    assert stored.size == (64, 48)
    assert clean.filename.endswith(extension)


def test_multi_picture_jpeg_from_a_phone_is_stored_as_jpeg():
    data = encode(picture(), "MPO", save_all=True, append_images=[picture()])
    assert reopen(data).format == "MPO"

    clean = intake_image(upload(data, "phone.jpg"))

    assert (clean.format, clean.extension) == ("JPEG", ".jpg")
    assert reopen(clean.content).format == "JPEG"


def test_sha256_is_of_the_original_bytes_not_the_reencoded_copy():
    data = encode(picture(), "JPEG")

    clean = intake_image(upload(data))

    assert clean.sha256 == hashlib.sha256(data).hexdigest()
    assert clean.content != data


def test_original_name_comes_from_the_upload_unless_given():
    data = encode(picture(), "PNG")

    assert intake_image(upload(data, "set-day-3.png")).original_name == "set-day-3.png"
    assert intake_image(upload(data), name="given.png").original_name == "given.png"


def test_raw_bytes_are_accepted_too():
    clean = intake_image(encode(picture(), "PNG"))

    assert (clean.width, clean.height) == (64, 48)


def test_filename_is_random_and_ignores_the_uploaded_name():
    clean = intake_image(upload(encode(picture(), "JPEG"), "../../etc/passwd.jpg"))

    first, second = clean.filename, clean.filename
    assert first != second
    stem, extension = first.split(".")
    assert extension == "jpg"
    assert len(stem) == 32
    assert int(stem, 16) >= 0  # hexadecimal


def test_png_alpha_channel_is_kept():
    image = Image.new("RGBA", (10, 10), (0, 0, 255, 255))
    image.putpixel((0, 0), (255, 0, 0, 0))

    stored = reopen(intake_image(upload(encode(image, "PNG"))).content)

    assert stored.mode == "RGBA"
    assert stored.getpixel((0, 0))[3] == 0
    assert stored.getpixel((5, 5)) == (0, 0, 255, 255)


def palette_image_with_transparent_background() -> Image.Image:
    image = Image.new("P", (10, 10), 0)
    image.putpalette([255, 0, 0, 0, 255, 0] + [0] * (256 * 3 - 6))
    image.putpixel((0, 0), 1)
    return image


@pytest.mark.parametrize("pil_format", ["PNG", "GIF"])
def test_palette_transparency_is_kept(pil_format):
    """Palette images (pngquant output, GIF) mark a colour as transparent."""
    image = palette_image_with_transparent_background()
    data = encode(image, pil_format, transparency=0)

    stored = reopen(intake_image(upload(data)).content).convert("RGBA")

    assert stored.getpixel((5, 5))[3] == 0
    assert stored.getpixel((0, 0)) == (0, 255, 0, 255)


def test_static_gif_stays_a_single_frame():
    stored = reopen(intake_image(upload(encode(picture(mode="P"), "GIF"))).content)

    assert getattr(stored, "n_frames", 1) == 1


def test_animated_gif_stays_animated():
    data = animated_gif(frames=3)

    clean = intake_image(upload(data, "loop.gif"))

    assert (clean.format, clean.extension) == ("GIF", ".gif")
    stored = reopen(clean.content)
    assert stored.n_frames == 3
    assert stored.is_animated
    assert (clean.width, clean.height) == (20, 20)


def test_cmyk_jpeg_is_stored_as_rgb():
    data = encode(picture(mode="CMYK"), "JPEG")
    assert reopen(data).mode == "CMYK"

    clean = intake_image(upload(data))

    assert clean.format == "JPEG"
    assert reopen(clean.content).mode == "RGB"


def test_cmyk_profile_is_not_attached_to_the_rgb_copy():
    # Only the header matters here: bytes 16-20 name the profile's colour space.
    cmyk_profile = bytearray(132)
    cmyk_profile[12:16] = b"prtr"
    cmyk_profile[16:20] = b"CMYK"
    cmyk_profile[36:40] = b"acsp"
    data = encode(picture(mode="CMYK"), "JPEG", icc_profile=bytes(cmyk_profile))

    stored = reopen(intake_image(upload(data)).content)

    assert stored.mode == "RGB"
    assert b"CMYK" not in (stored.info.get("icc_profile") or b"")


def test_rgb_colour_profile_is_kept():
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(picture(), "JPEG", icc_profile=srgb)

    stored = reopen(intake_image(upload(data)).content)

    assert stored.info.get("icc_profile") == srgb


def test_png_with_html_appended_is_accepted_but_the_html_is_not_stored():
    data = encode(picture(), "PNG") + b"<html><script>alert(1)</script></html>"

    clean = intake_image(upload(data, "polyglot.png"))

    assert clean.format == "PNG"
    assert b"<script>" not in clean.content
    assert b"<html>" not in clean.content
    assert clean.sha256 == hashlib.sha256(data).hexdigest()


def test_upload_of_exactly_the_byte_limit_is_accepted(settings):
    data = encode(picture(), "PNG")
    settings.IMAGE_UPLOAD_MAX_BYTES = len(data)

    assert intake_image(upload(data)).format == "PNG"


# --- refused uploads -----------------------------------------------------------
def test_text_is_not_an_image():
    refused(b"Just some notes about the shoot.\n" * 10, "not_an_image", "notes.jpg")


def test_empty_file_is_refused():
    refused(b"", "empty_file", "empty.jpg")


@pytest.mark.parametrize("pil_format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_truncated_image_is_damaged(pil_format):
    data = encode(picture((300, 200)), pil_format)

    error = refused(data[: len(data) // 2], "damaged_image")

    assert "damaged or truncated" in error.messages[0]


@pytest.mark.parametrize(
    ("pil_format", "label"), [("BMP", "BMP"), ("TIFF", "TIFF"), ("ICO", "ICO")]
)
def test_other_image_formats_are_unsupported(pil_format, label):
    error = refused(encode(picture(), pil_format), "unsupported_format")

    assert label in error.messages[0]
    assert "JPEG, PNG, WebP, GIF, HEIC (iPhone) or AVIF" in error.messages[0]


def test_svg_is_not_an_image():
    svg = (
        b'<?xml version="1.0"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<script>alert(1)</script><rect width="10" height="10"/></svg>'
    )

    refused(svg, "not_an_image", "drawing.svg")


def test_too_many_bytes_is_refused(settings):
    data = encode(picture(), "PNG")
    settings.IMAGE_UPLOAD_MAX_BYTES = len(data) - 1

    error = refused(data, "file_too_large")

    assert "too large" in error.messages[0]


def test_too_many_bytes_is_refused_without_a_size_attribute(settings):
    data = encode(picture(), "PNG")
    settings.IMAGE_UPLOAD_MAX_BYTES = len(data) - 1

    with pytest.raises(ValidationError) as caught:
        intake_image(data)

    assert caught.value.code == "file_too_large"


def test_too_many_pixels_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 64 * 48 - 1

    error = refused(encode(picture((64, 48)), "PNG"), "too_many_pixels")

    assert "3,072" in error.messages[0]


@pytest.mark.parametrize("size", [(64, 48), (48, 64)])
def test_too_wide_or_too_tall_is_refused(settings, size):
    settings.IMAGE_UPLOAD_MAX_SIDE = 50

    error = refused(encode(picture(size), "PNG"), "image_too_wide")

    assert "50" in error.messages[0]


def test_animation_with_too_many_frames_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_FRAMES = 2

    error = refused(animated_gif(frames=3), "too_many_frames", "loop.gif")

    assert "3 frames" in error.messages[0]


def test_animation_with_too_many_pixels_across_frames_is_refused(settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 1000  # one 20×20 frame fits, three do not

    refused(animated_gif(frames=3, size=(20, 20)), "too_many_pixels", "loop.gif")


@pytest.fixture
def decoded(monkeypatch):
    """Records every full decode of pixel data."""
    calls = []
    original = ImageFile.ImageFile.load

    def spy(self):
        calls.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return calls


@pytest.mark.parametrize(
    ("size", "code"),
    [
        # Beyond Pillow's own bomb guard: refused when the header is read.
        ((20_000, 20_000), "too_many_pixels"),
        # Within Pillow's guard but over IMAGE_UPLOAD_MAX_PIXELS (50 million).
        ((9_000, 9_000), "too_many_pixels"),
        # Few pixels, but a side over IMAGE_UPLOAD_MAX_SIDE (12,000).
        ((13_000, 10), "image_too_wide"),
    ],
)
def test_decompression_bomb_is_refused_without_decoding(decoded, size, code):
    bomb = encode(Image.new("1", size), "PNG")
    assert len(bomb) < 10 * 1024 * 1024  # small on disk, huge in memory

    refused(bomb, code, "bomb.png")

    assert decoded == []


def test_accepted_image_is_decoded(decoded):
    """The spy above does see a decode when one happens."""
    intake_image(upload(encode(picture(), "PNG")))

    assert (64, 48) in decoded


# --- metadata ------------------------------------------------------------------
@pytest.mark.parametrize("pil_format", ["JPEG", "PNG", "WEBP"])
def test_exif_and_gps_are_removed(pil_format):
    data = encode(picture(), pil_format, exif=photo_exif())
    assert reopen(data).getexif().get_ifd(GPS_IFD)  # the upload does carry GPS
    assert b"SecretCam" in data

    content = intake_image(upload(data)).content

    assert not reopen(content).getexif()
    assert b"Exif" not in content
    assert b"SecretCam" not in content


def test_jpeg_comment_and_xmp_are_removed():
    data = encode(
        picture(),
        "JPEG",
        comment=b"shot at 52.37N 4.89E",
        xmp=b"<x:xmpmeta>GPS 52.37N</x:xmpmeta>",
    )
    assert b"52.37N" in data

    content = intake_image(upload(data)).content

    assert b"52.37N" not in content
    assert "xmp" not in reopen(content).info


def test_png_text_chunks_are_removed():
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "shot at 52.37N 4.89E")
    data = encode(picture(), "PNG", pnginfo=text)

    content = intake_image(upload(data)).content

    assert b"52.37N" not in content


@pytest.mark.parametrize("frames", [1, 3])
def test_gif_comments_are_removed(frames):
    data = animated_gif(frames=frames, comment=b"shot at 52.37N 4.89E")
    assert b"52.37N" in data

    content = intake_image(upload(data, "loop.gif")).content

    assert b"52.37N" not in content
    assert getattr(reopen(content), "n_frames", 1) == frames


RED, BLUE = (255, 0, 0), (0, 0, 255)


def red_corner(size=(80, 40)) -> Image.Image:
    """Blue, with its top-left quadrant red: shows which way a picture was turned."""
    image = Image.new("RGB", size, BLUE)
    image.paste(RED, (0, 0, size[0] // 2, size[1] // 2))
    return image


def is_red(pixel) -> bool:
    red, green, blue = pixel[:3]
    return red > 200 and green < 60 and blue < 60


def red_quadrant(image: Image.Image) -> tuple[bool, bool, bool, bool]:
    """Which quadrants are red: top-left, top-right, bottom-left, bottom-right."""
    image = image.convert("RGB")
    w, h = image.size
    points = [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4)]
    points.append((3 * w // 4, 3 * h // 4))
    return tuple(is_red(image.getpixel(point)) for point in points)


def test_jpeg_keeps_only_the_exif_orientation():
    """Turning the full-size pixels would need a second copy of them in memory:
    a JPEG keeps its orientation tag, alone, and viewers apply it."""
    data = encode(red_corner((80, 40)), "JPEG", exif=photo_exif(orientation=6))
    assert reopen(data).size == (80, 40)

    clean = intake_image(upload(data))

    assert (clean.width, clean.height) == (40, 80)  # as displayed
    stored = reopen(clean.content)
    assert stored.size == (80, 40)  # the pixels as the camera wrote them
    exif = stored.getexif()
    assert dict(exif) == {ORIENTATION: 6}
    assert not exif.get_ifd(GPS_IFD)
    assert b"SecretCam" not in clean.content
    assert b"Model 9000" not in clean.content
    upright = ImageOps.exif_transpose(stored)
    assert upright.size == (40, 80)
    # Orientation 6 is a quarter turn clockwise: the top-left goes top-right.
    assert red_quadrant(upright) == (False, True, False, False)


@pytest.mark.parametrize("orientation", range(2, 9))
def test_stored_jpeg_displays_like_the_upload(orientation):
    data = encode(red_corner((80, 40)), "JPEG", exif=photo_exif(orientation))
    shown = ImageOps.exif_transpose(reopen(data))  # what a viewer shows of the upload

    clean = intake_image(upload(data))

    stored = reopen(clean.content)
    assert dict(stored.getexif()) == {ORIENTATION: orientation}
    assert (clean.width, clean.height) == shown.size
    assert red_quadrant(ImageOps.exif_transpose(stored)) == red_quadrant(shown)
    large = reopen(make_renditions(clean).crops["large"])
    assert large.size == shown.size
    assert red_quadrant(large) == red_quadrant(shown)


@pytest.mark.parametrize("orientation", [None, 1])
def test_upright_jpeg_is_stored_without_exif(orientation):
    data = encode(picture(), "JPEG", exif=photo_exif(orientation=orientation))

    clean = intake_image(upload(data))

    assert (clean.width, clean.height) == (64, 48)
    assert not reopen(clean.content).getexif()
    assert b"Exif" not in clean.content


@pytest.mark.parametrize("pil_format", ["PNG", "WEBP"])
def test_other_formats_are_turned_upright(pil_format):
    data = encode(red_corner((80, 40)), pil_format, exif=photo_exif(orientation=6))
    assert reopen(data).getexif()[ORIENTATION] == 6

    clean = intake_image(upload(data))

    assert (clean.width, clean.height) == (40, 80)
    stored = reopen(clean.content)
    assert stored.size == (40, 80)
    assert not stored.getexif()
    assert red_quadrant(stored) == (False, True, False, False)


# --- renditions ----------------------------------------------------------------
def renditions_of(image: Image.Image, pil_format="JPEG") -> dict[str, Image.Image]:
    clean = intake_image(upload(encode(image, pil_format)))
    return {name: reopen(data) for name, data in make_renditions(clean).crops.items()}


@pytest.mark.parametrize(
    ("size", "large"),
    [
        ((3200, 1000), (1600, 500)),
        ((1000, 3200), (500, 1600)),
        ((2400, 1800), (1600, 1200)),
    ],
)
def test_renditions_sizes(size, large):
    renditions = renditions_of(picture(size))

    assert set(renditions) == {"thumbnail", "card", "large"}
    assert renditions["thumbnail"].size == (320, 320)
    assert renditions["card"].size == (800, 600)
    assert renditions["large"].size == large
    assert {image.format for image in renditions.values()} == {"WEBP"}


def test_small_image_is_not_upscaled_for_large():
    renditions = renditions_of(picture((40, 20)))

    assert renditions["large"].size == (40, 20)
    # The cropped renditions always have their exact size.
    assert renditions["thumbnail"].size == (320, 320)
    assert renditions["card"].size == (800, 600)


def test_renditions_follow_the_exif_orientation():
    data = encode(red_corner((400, 200)), "JPEG", exif=photo_exif(orientation=6))
    clean = intake_image(upload(data))

    # From the CleanImage, and from the stored original's bytes (as a worker does).
    for made in (make_renditions(clean), make_renditions(clean.content)):
        renditions = made.crops
        large = reopen(renditions["large"])
        assert large.size == (200, 400)
        assert red_quadrant(large) == (False, True, False, False)
        for content in renditions.values():
            assert not reopen(content).getexif()
            assert b"Exif" not in content
        thumbnail = reopen(renditions["thumbnail"])
        assert is_red(thumbnail.getpixel((300, 20)))
        assert not is_red(thumbnail.getpixel((20, 20)))


def test_renditions_of_an_upright_original_stored_earlier():
    """Originals stored before JPEGs kept their orientation are upright, no EXIF."""
    stored = encode(red_corner((200, 400)), "JPEG", quality=90)

    large = reopen(make_renditions(stored).crops["large"])

    assert large.size == (200, 400)
    assert red_quadrant(large) == (True, False, False, False)


@pytest.mark.parametrize(
    "data",
    [
        encode(Image.new("RGBA", (100, 50), (0, 0, 0, 0)), "PNG"),
        encode(palette_image_with_transparent_background(), "PNG", transparency=0),
    ],
    ids=["rgba", "palette"],
)
def test_renditions_keep_transparency(data):
    renditions = make_renditions(intake_image(upload(data)))

    for content in [*renditions.crops.values()] + [
        source.content for source in renditions.sources if source.format != "jpeg"
    ]:
        rendition = reopen(content)
        assert rendition.mode == "RGBA"
        assert rendition.getpixel((rendition.width // 2, rendition.height // 2))[3] == 0


def test_renditions_of_an_opaque_image_have_no_alpha():
    renditions = renditions_of(picture((400, 300)))

    assert {image.mode for image in renditions.values()} == {"RGB"}


def test_renditions_of_an_animated_gif_are_made_from_the_first_frame():
    renditions = make_renditions(intake_image(upload(animated_gif(), "loop.gif")))

    thumbnail = reopen(renditions.crops["thumbnail"]).convert("RGB")
    red, green, blue = thumbnail.getpixel((160, 160))
    assert red > 200 and green < 50 and blue < 50


def test_animated_gif_keeps_each_frame_duration():
    data = animated_gif(frames=3, duration=[80, 200, 500])

    stored = reopen(intake_image(upload(data, "timed.gif")).content)

    durations = []
    for index in range(stored.n_frames):
        stored.seek(index)
        durations.append(stored.info["duration"])
    assert durations == [80, 200, 500]
