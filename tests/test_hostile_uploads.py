"""A corpus of hostile files, each sent through every upload surface.

Every file is made here, from Pillow or raw bytes, and goes through admin (the
post add page with its inline media), the crew form ``/contribute/`` and the API
(``POST /api/v1/posts/<slug>/media/``). Each is either refused with a clear
message and leaves nothing behind (no post, no media row, no file), or accepted
and stored re-encoded: metadata gone, smuggled bytes gone, a generated hex file
name whose extension matches the real content (DESIGN §6).
"""

import functools
import io
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms, PngImagePlugin
from rest_framework.test import APIClient

from media_assets.models import MediaAsset, Post, PostStatus
from productions.models import Role
from tests.factories import CreditFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.cookie)</script>"
HTML_PAGE = b"<html><body><h1>owned</h1>" + SCRIPT + b"</body></html>"
PERSONAL = b"Jane Doe, 12 Harbour Road"

NOT_AN_IMAGE = "This file is not an image we can read."
DAMAGED = "The image is damaged or truncated; export it again and retry."
TOO_MANY_PIXELS = "The image has too many pixels to process safely."


# --- Making the files ---------------------------------------------------------------


def _noise(size: tuple[int, int], mode: str = "RGB", seed: int = 7) -> Image.Image:
    """Random pixels: they do not compress, so truncation really cuts image data."""
    rnd = random.Random(seed)
    count = size[0] * size[1] * len(mode)
    return Image.frombytes(mode, size, bytes(rnd.getrandbits(8) for _ in range(count)))


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(tag + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)


def _png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` over a few bytes of data."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 193))
        + _png_chunk(b"IEND", b"")
    )


@functools.cache
def _png_with_ztxt_bomb() -> bytes:
    """An 8×8 PNG with a compressed text chunk that inflates to 64 MiB."""
    rows = (b"\x00" + b"\x10" * 24) * 8
    bomb = zlib.compress(b"\x00" * (64 * 1024 * 1024), 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + _png_chunk(b"zTXt", b"Comment\x00\x00" + bomb)
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )


def _png_bad_crc() -> bytes:
    data = bytearray(_save(_noise((32, 32)), "PNG"))
    data[data.index(b"IDAT") + 12] ^= 0xFF  # damage the pixels, keep the CRC
    return bytes(data)


def _gps_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x013B] = PERSONAL.decode()  # Artist
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 12.5)
    gps[3] = "W"
    gps[4] = (0.0, 7.0, 40.0)
    return exif


def _xmp() -> bytes:
    return b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + PERSONAL + b"</x:xmpmeta>"


def _gif_frames(count: int, size: tuple[int, int]) -> bytes:
    """An animation of ``count`` distinct frames (identical ones would be merged)."""
    frames = []
    for index in range(count):
        frame = Image.new("RGB", size, (index % 256, (index * 7) % 256, 90))
        frame.putpixel((0, 0), ((index * 13) % 256, 0, 0))
        frames.append(frame)
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:], loop=0)


def _apng_frames(count: int) -> bytes:
    frames = [Image.new("RGB", (4, 4), (index % 256, 0, 0)) for index in range(count)]
    return _save(frames[0], "PNG", save_all=True, append_images=frames[1:])


def _gif_claiming_screen(width: int, height: int) -> bytes:
    """A 1×1 GIF whose logical screen claims ``width``×``height``."""
    data = bytearray(_save(Image.new("P", (1, 1)), "GIF"))
    data[6:10] = struct.pack("<HH", width, height)
    return bytes(data)


def _gif_script_polyglot() -> bytes:
    """A valid GIF with script in its comment and an HTML page after its trailer."""
    gif = _save(Image.new("RGB", (24, 16), (40, 200, 90)), "GIF", comment=SCRIPT)
    return gif + HTML_PAGE


def _jpeg_zip_polyglot() -> bytes:
    """A JPEG that is also a ZIP archive (with an HTML page in it)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.html", HTML_PAGE)
    return _save(_noise((48, 32)), "JPEG", quality=90) + archive.getvalue()


def _png_text_chunks() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_text("Author", PERSONAL.decode())
    info.add_itxt("XML:com.adobe.xmp", _xmp().decode())
    return _save(_noise((40, 30)), "PNG", pnginfo=info)


@dataclass(frozen=True)
class Hostile:
    id: str
    filename: str
    make: Callable[[], bytes]
    refused: str | None = None  # the message, when the file must be refused
    stored_as: str | None = None  # Pillow's format, when it must be accepted
    limits: dict = field(default_factory=dict)  # upload settings for this file
    bug: str | None = None  # a known bug: the case is a strict xfail


CORPUS = [
    Hostile(
        "plain-text",
        "notes.jpg",
        lambda: b"Call sheet, day 12\nUnit call 06:00\n" * 20,
        refused=NOT_AN_IMAGE,
    ),
    Hostile("html-named-jpg", "photo.jpg", lambda: HTML_PAGE, refused=NOT_AN_IMAGE),
    Hostile(
        "svg-with-script",
        "logo.svg",
        lambda: (
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
            b'width="10" height="10" onload="alert(1)">' + SCRIPT + b"</svg>"
        ),
        refused=NOT_AN_IMAGE,
    ),
    Hostile(
        "truncated-jpeg",
        "cut.jpg",
        lambda: (lambda data: data[: len(data) // 2])(
            _save(_noise((200, 150)), "JPEG", quality=95)
        ),
        refused=DAMAGED,
    ),
    Hostile("png-bad-crc", "broken.png", _png_bad_crc, refused=NOT_AN_IMAGE),
    Hostile("png-ztxt-bomb", "text-bomb.png", _png_with_ztxt_bomb, refused=DAMAGED),
    Hostile(
        "png-html-appended",
        "still.png",
        lambda: _save(_noise((40, 30)), "PNG") + HTML_PAGE,
        stored_as="PNG",
    ),
    Hostile(
        "gif-header-js-polyglot",
        "x.gif",
        lambda: b"GIF89a=1;" + SCRIPT + b"//" + b"A" * 64,
        refused=NOT_AN_IMAGE,
    ),
    Hostile(
        "gif-script-comment-polyglot", "x.gif", _gif_script_polyglot, stored_as="GIF"
    ),
    Hostile("jpeg-zip-polyglot", "still.jpg", _jpeg_zip_polyglot, stored_as="JPEG"),
    Hostile(
        "png-named-jpg",
        "really-a-png.jpg",
        lambda: _save(_noise((30, 20)), "PNG"),
        stored_as="PNG",
    ),
    Hostile(
        "jpeg-named-html",
        "evil.html",
        lambda: _save(_noise((30, 20)), "JPEG"),
        stored_as="JPEG",
    ),
    Hostile("zero-bytes", "empty.jpg", lambda: b"", refused="file is empty."),
    Hostile(
        "oversize-bytes",
        "big.png",
        lambda: _save(_noise((100, 100)), "PNG"),
        refused="The file is too large; images may be at most",
        limits={"IMAGE_UPLOAD_MAX_BYTES": 10 * 1024},
    ),
    Hostile(
        "png-claims-30000x30000",
        "bomb.png",
        lambda: _png_claiming(30_000, 30_000),
        refused=TOO_MANY_PIXELS,
    ),
    Hostile(
        "gif-claims-65535-screen",
        "bomb.gif",
        lambda: _gif_claiming_screen(65_535, 65_535),
        refused=TOO_MANY_PIXELS,
    ),
    Hostile(
        "huge-side",
        "panorama.png",
        lambda: _save(Image.new("RGB", (1200, 10), (9, 9, 9)), "PNG"),
        refused="The image is 1200×10 pixels; each side may be at most 1,000 pixels.",
        limits={"IMAGE_UPLOAD_MAX_SIDE": 1000},
    ),
    Hostile(
        "pixel-count",
        "large.png",
        lambda: _save(Image.new("RGB", (1100, 1000), (9, 9, 9)), "PNG"),
        refused="The image has 1,100,000 pixels; the limit is 1,000,000.",
        limits={"IMAGE_UPLOAD_MAX_PIXELS": 1_000_000},
    ),
    Hostile(
        "gif-300-frames",
        "flood.gif",
        lambda: _gif_frames(300, (4, 4)),
        refused="The animation has 300 frames; the limit is 200.",
    ),
    Hostile(
        "gif-frames-times-pixels",
        "heavy.gif",
        lambda: _gif_frames(5, (64, 64)),
        refused="The animation has too many pixels across its frames",
        limits={"IMAGE_UPLOAD_MAX_PIXELS": 10_000},
    ),
    Hostile(
        "apng-300-frames",
        "flood.png",
        lambda: _apng_frames(300),
        refused="The animation has 300 frames; the limit is 200.",
    ),
    Hostile(
        "jpeg-exif-gps-comment-xmp",
        "phone.jpg",
        lambda: _save(
            _noise((60, 40)), "JPEG", exif=_gps_exif(), comment=SCRIPT, xmp=_xmp()
        ),
        stored_as="JPEG",
    ),
    Hostile("png-text-chunks", "notes.png", _png_text_chunks, stored_as="PNG"),
    Hostile(
        "webp-exif-xmp",
        "phone.webp",
        lambda: _save(_noise((40, 30)), "WEBP", exif=_gps_exif(), xmp=_xmp()),
        stored_as="WEBP",
    ),
    Hostile(
        "bmp",
        "old.bmp",
        lambda: _save(_noise((20, 20)), "BMP"),
        refused="BMP images are not accepted.",
    ),
    Hostile(
        "tiff-with-gps",
        "scan.tif",
        lambda: _save(_noise((20, 20)), "TIFF", exif=_gps_exif()),
        refused="TIFF images are not accepted.",
    ),
    Hostile(
        "jpeg-junk-icc-profile",
        "graded.jpg",
        lambda: _save(_noise((40, 30)), "JPEG", icc_profile=SCRIPT + b" " + PERSONAL),
        stored_as="JPEG",
    ),
]

# Bytes that must never reach storage, whatever the file.
SMUGGLED = (SCRIPT, b"<script", b"<html", PERSONAL, b"PK\x03\x04", b"xmpmeta")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# What Pillow reports about structure, not about the picture's origin.
STRUCTURAL_INFO = {
    "jfif",
    "jfif_version",
    "jfif_unit",
    "jfif_density",
    "dpi",
    "progressive",
    "progression",
    "version",
    "background",
    "duration",
    "loop",
    "transparency",
    "disposal",
    "extension",
}


# --- The three surfaces -------------------------------------------------------------


@pytest.fixture
def production():
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def crew_user(crew_person, production):
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    return crew_person.user


def _admin_upload(client, curator, production, upload):
    client.force_login(curator)
    data = {
        "production": production.pk,
        "title": "Hostile upload",
        "slug": "",
        "body": "",
        "tags": "",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-01-15",
        "source_platform": "original",
        "source_url": "",
        "provenance": "official",
        "moderation_note": "",
        "media-TOTAL_FORMS": "1",
        "media-INITIAL_FORMS": "0",
        "media-MIN_NUM_FORMS": "0",
        "media-MAX_NUM_FORMS": "1000",
        "media-0-kind": "image",
        "media-0-upload": upload,
        "media-0-embed_url": "",
        "media-0-alt_text": "What the picture shows",
        "media-0-caption": "",
        "media-0-credited_to": "",
        "media-0-position": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:media_assets_post_add"), data)
    return response, {"accepted": 302, "refused": 200}


def _contribute_upload(client, crew_user, production, upload):
    client.force_login(crew_user)
    data = {
        "production": production.pk,
        "title": "Hostile upload",
        "body": "",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "source_platform": "original",
        "source_url": "",
        "tags": "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12",
        "images-0-image": upload,
        "images-0-alt_text": "What the picture shows",
        "images-0-credited_to": "",
        "images-0-kept": "",
    }
    response = client.post(reverse("media_assets:contribute"), data)
    return response, {"accepted": 302, "refused": 400}


def _api_upload(crew_user, production, upload):
    post = PostFactory(production=production, author=crew_user, pending=True)
    api = APIClient()
    api.force_authenticate(crew_user)
    response = api.post(
        f"/api/v1/posts/{post.slug}/media/",
        {"file": upload, "alt_text": "What the picture shows"},
        format="multipart",
    )
    return response, {"accepted": 201, "refused": 400}


SURFACES = ["admin", "contribute", "api"]


def _send(surface, request, case: Hostile):
    upload = SimpleUploadedFile(case.filename, case.make())
    production = request.getfixturevalue("production")
    if surface == "admin":
        return _admin_upload(
            request.getfixturevalue("client"),
            request.getfixturevalue("curator"),
            production,
            upload,
        )
    crew_user = request.getfixturevalue("crew_user")
    if surface == "contribute":
        return _contribute_upload(
            request.getfixturevalue("client"), crew_user, production, upload
        )
    return _api_upload(crew_user, production, upload)


# --- Checks -------------------------------------------------------------------------


def _assert_refused(surface, response, expected_code, case, files_in_media):
    assert response.status_code == expected_code, response.content[:3000]
    if surface == "api":
        body = response.json()
        assert set(body) - {"code", "message"} == {"file"}, body
        assert case.refused in " ".join(body["file"])
        post = Post.objects.get()  # the post it was meant for, untouched
        assert post.status == PostStatus.PENDING
        assert post.media.count() == 0
    else:
        assert case.refused in response.content.decode()
        assert not Post.objects.exists()
    assert MediaAsset.objects.count() == 0
    assert files_in_media() == []


def _assert_metadata_free(image: Image.Image) -> None:
    exif = image.getexif()
    assert len(exif) == 0, dict(exif)
    assert len(exif.get_ifd(0x8825)) == 0  # GPS
    extra = set(image.info) - STRUCTURAL_INFO - {"icc_profile"}
    assert not extra, {key: image.info[key] for key in extra}
    icc = image.info.get("icc_profile")
    if icc:
        # A colour profile may stay only if it really is one.
        try:
            ImageCms.ImageCmsProfile(io.BytesIO(icc))
        except OSError:
            pytest.fail(f"the stored file keeps a blob that is no ICC profile: {icc!r}")
    if hasattr(image, "text"):
        assert not image.text  # PNG tEXt / zTXt / iTXt


def _assert_stored_clean(case, media_root, files_in_media):
    asset = MediaAsset.objects.get()
    extension = EXTENSIONS[case.stored_as]
    assert re.fullmatch(
        rf"bts/originals/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{extension}", asset.file.name
    ), asset.file.name
    stem = asset.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    original_stem = case.filename.rsplit(".", 1)[0]
    assert original_stem not in asset.file.name
    renditions = [asset.thumbnail.name, asset.card.name, asset.large.name]
    for name, kind in zip(renditions, ["thumbnail", "card", "large"], strict=True):
        assert re.fullmatch(
            rf"bts/renditions/\d{{4}}/\d{{2}}/{stem}-{kind}\.webp", name
        ), name
    sources = [source.file.name for source in asset.image_sources.all()]
    assert sources
    for name in sources:
        assert re.fullmatch(
            rf"bts/renditions/\d{{4}}/\d{{2}}/{stem}-\d+\.(avif|webp|jpg)", name
        ), name
    assert sorted(files_in_media()) == sorted([asset.file.name, *renditions, *sources])

    with Image.open(media_root / asset.file.name) as stored:
        assert stored.format == case.stored_as
        assert stored.size == (asset.width, asset.height)
        _assert_metadata_free(stored)
        stored.load()
    for name in renditions:
        with Image.open(media_root / name) as rendition:
            assert rendition.format == "WEBP"
            _assert_metadata_free(rendition)
    for name in [asset.file.name, *renditions]:
        content = (media_root / name).read_bytes()
        for marker in SMUGGLED:
            assert marker not in content, (name, marker)


def _cases():
    for case in CORPUS:
        for surface in SURFACES:
            marks = (
                [pytest.mark.xfail(strict=True, reason=case.bug)] if case.bug else []
            )
            yield pytest.param(case, surface, id=f"{case.id}-{surface}", marks=marks)


@pytest.mark.parametrize(("case", "surface"), list(_cases()))
def test_hostile_file(
    case, surface, request, settings, media_root, files_in_media
) -> None:
    for name, value in case.limits.items():
        setattr(settings, name, value)
    response, codes = _send(surface, request, case)
    if case.refused is not None:
        _assert_refused(surface, response, codes["refused"], case, files_in_media)
        return
    assert response.status_code == codes["accepted"], response.content[:3000]
    if surface != "api":
        assert Post.objects.get().media.count() == 1
    _assert_stored_clean(case, media_root, files_in_media)


def test_the_corpus_is_what_it_claims_to_be():
    """Guard the generators: accepted files open, and the bombs really claim a lot."""
    assert len(CORPUS) >= 12
    assert len({case.id for case in CORPUS}) == len(CORPUS)
    for case in CORPUS:
        assert (case.refused is None) != (case.stored_as is None), case.id
        if case.stored_as:
            with Image.open(io.BytesIO(case.make())) as image:
                assert image.format == case.stored_as
                image.load()
    bomb = _png_claiming(30_000, 30_000)
    assert struct.unpack(">II", bomb[16:24]) == (30_000, 30_000)
    assert len(bomb) < 200
    with Image.open(io.BytesIO(_gps_jpeg_sample())) as image:
        assert image.getexif().get_ifd(0x8825)[2] == (51.0, 30.0, 12.5)
        assert image.info["comment"] == SCRIPT


def _gps_jpeg_sample() -> bytes:
    case = next(case for case in CORPUS if case.id == "jpeg-exif-gps-comment-xmp")
    return case.make()
