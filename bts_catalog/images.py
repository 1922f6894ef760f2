"""Image intake: the one gate every uploaded picture goes through.

Admin, the contribution form and the API all call :func:`intake_image`, so the
limits and the error messages are the same everywhere. What comes out is a
re-encoded copy with every piece of metadata (EXIF, GPS, comments, XMP) dropped,
with one exception: a JPEG whose EXIF orientation is not 1 keeps that one tag,
alone, instead of having its pixels turned upright (turning a full-size photo needs
a second full-size copy of it in memory; browsers and image viewers apply the tag).
PNG, WebP and GIF files are stored turned upright, with no EXIF at all. An
equirectangular 360° photo also keeps its projection, rewritten as a GPano XMP
packet holding nothing else. What the camera recorded about the shot (the "shot on"
details, see :mod:`bts_catalog.capture`) is read before the metadata goes and comes
back as data beside the picture. Renditions (:mod:`bts_catalog.renditions`) are
made from the re-encoded copy and are always upright, with no metadata.
"""

import ctypes
import functools
import hashlib
import io
import os
import platform
import uuid
import warnings
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

from .capture import (
    EQUIRECTANGULAR,
    Capture,
    Projection,
    panorama_xmp,
    read_capture,
    read_projection,
)

# HEIC/HEIF (iPhone photos) through libheif; Pillow reads AVIF itself.
# Only the photo itself: not its thumbnails, depth map or auxiliary pictures (an
# iPhone's HDR gain map), which intake drops anyway.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)

# glibc's mallopt parameter, and the size from which a block is mapped on its own
# and returned to the system as soon as it is freed.
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 4 * 2**20


@functools.cache
def return_freed_pictures() -> bool:
    """Have glibc give picture-sized blocks back to the system once they are freed.

    glibc maps a large block on its own and unmaps it when freed, but each such
    free raises its threshold for doing so (up to 32 MiB): after the first
    picture, the pixels and encoder buffers of the next ones come from the heap,
    where freed blocks stay resident and, scattered between threads' arenas, are
    not always reused. A 24-megapixel upload then leaves its process ~100 MB
    larger and peaks ~30 MB higher (bench/renditions.py). A fixed threshold of 4
    MiB maps every picture-sized block on its own, for a few per cent more CPU
    time. Called once per process by the first intake or rendition; does nothing
    where the C library is not glibc, or where MALLOC_MMAP_THRESHOLD_ already sets
    the threshold. Returns whether the threshold was set.
    """
    if platform.libc_ver()[0] != "glibc" or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1


# Pillow's own name for a format → what we store it as.
# Format read → (format stored, extension). An iPhone's HEIC photo is stored as a
# JPEG, which every browser shows; AVIF is kept as it is (browsers show it).
ACCEPTED_FORMATS = {
    "JPEG": ("JPEG", ".jpg"),
    "MPO": ("JPEG", ".jpg"),  # multi-picture JPEGs from phones: the first picture
    "PNG": ("PNG", ".png"),
    "WEBP": ("WEBP", ".webp"),
    "GIF": ("GIF", ".gif"),
    "HEIF": ("JPEG", ".jpg"),
    "AVIF": ("AVIF", ".avif"),
}
ACCEPTED_LABEL = "JPEG, PNG, WebP, GIF, HEIC (iPhone) or AVIF"
ACCEPTED_TYPES = (
    "image/jpeg,image/png,image/webp,image/gif,image/heic,image/heif,image/avif,"
    ".heic,.heif,.avif"
)


EXIF_ORIENTATION = 0x0112
# EXIF orientations 5 to 8 include a quarter turn (mirrored or not): the width and
# height as displayed are the stored height and width.
QUARTER_TURNS = frozenset({5, 6, 7, 8})


@dataclass(frozen=True)
class CleanImage:
    """An accepted upload, re-encoded without metadata.

    ``width`` and ``height`` are the picture's as displayed: for a JPEG that keeps
    an EXIF orientation of 5 to 8, the stored pixels are ``height`` wide.
    """

    content: bytes
    format: str
    extension: str
    width: int
    height: int
    sha256: str
    original_name: str
    # Read from the metadata before it was dropped (see bts_catalog.capture).
    capture: Capture = Capture()
    projection: Projection = Projection()

    @property
    def filename(self) -> str:
        return f"{uuid.uuid4().hex}{self.extension}"


def _reject(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _read_limited(upload) -> bytes:
    limit = settings.IMAGE_UPLOAD_MAX_BYTES
    too_big = _reject(
        f"The file is too large; images may be at most {filesizeformat(limit)}.",
        "file_too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1) if hasattr(upload, "read") else bytes(upload)
    if len(data) > limit:
        raise too_big
    if not data:
        raise _reject("The file is empty.", "empty_file")
    return data


def _open(data: bytes) -> Image.Image:
    """Open and fully decode ``data``, refusing anything that is not a sane image."""
    not_an_image = _reject(
        f"This file is not an image we can read. Upload a {ACCEPTED_LABEL} file.",
        "not_an_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ACCEPTED_FORMATS:
                raise _reject(
                    f"{image.format} images are not accepted. Upload a "
                    f"{ACCEPTED_LABEL} file.",
                    "unsupported_format",
                )
            _check_dimensions(image)
            image.verify()
            image.close()
            # verify() leaves the image unusable: decode a fresh copy in full.
            image = Image.open(io.BytesIO(data))
            image.load()
            if image.format == "HEIF":
                # pillow-heif decodes into memory the picture owns, but leaves it
                # marked read-only (ImageFile's default, which only a tile
                # decoder clears): saving it would first copy every pixel, a
                # second 96 MB for a 24-megapixel photo.
                image.readonly = 0
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _reject(
            "The image has too many pixels to process safely.", "too_many_pixels"
        ) from None
    except (UnidentifiedImageError, SyntaxError, EOFError) as error:
        raise not_an_image from error
    except (OSError, ValueError) as error:
        raise _reject(
            "The image is damaged or truncated; export it again and retry.",
            "damaged_image",
        ) from error
    return image


def _check_dimensions(image: Image.Image) -> None:
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    max_side = settings.IMAGE_UPLOAD_MAX_SIDE
    max_pixels = settings.IMAGE_UPLOAD_MAX_PIXELS
    if width < 1 or height < 1:
        raise _reject("The image has no pixels.", "empty_image")
    if width > max_side or height > max_side:
        raise _reject(
            f"The image is {width}×{height} pixels; each side may be at most "
            f"{max_side:,} pixels.",
            "image_too_wide",
        )
    if width * height > max_pixels:
        raise _reject(
            f"The image has {width * height:,} pixels; the limit is {max_pixels:,}.",
            "too_many_pixels",
        )
    if frames > settings.IMAGE_UPLOAD_MAX_FRAMES:
        raise _reject(
            f"The animation has {frames:,} frames; the limit is "
            f"{settings.IMAGE_UPLOAD_MAX_FRAMES:,}.",
            "too_many_frames",
        )
    if frames * width * height > max_pixels:
        raise _reject(
            "The animation has too many pixels across its frames to process safely.",
            "too_many_pixels",
        )


def _without_metadata(image: Image.Image, fmt: str) -> tuple[Image.Image, int]:
    """The image with no metadata attached, and the EXIF orientation to store.

    The orientation tag is the one piece of metadata kept, and only on JPEGs: their
    pixels are left as the camera wrote them and the returned orientation (1 to 8)
    is written back as the file's only EXIF tag. Turning a 24-megapixel photo
    upright would need a second full-size copy of it in memory, and browsers and
    image viewers apply the tag anyway. Other formats are turned upright here, in
    place, and 1 is returned: they are stored with no EXIF at all.
    """
    icc = image.info.get("icc_profile")
    transparency = image.info.get("transparency")
    orientation = 1
    if fmt == "JPEG":
        tag = image.getexif().get(EXIF_ORIENTATION, 1)
        if isinstance(tag, int) and 2 <= tag <= 8:
            orientation = tag
    else:
        ImageOps.exif_transpose(image, in_place=True)
    oriented = image.convert("RGB") if image.mode == "CMYK" else image
    icc_profile = _colour_profile(icc, oriented.mode)
    info = {"icc_profile": icc_profile} if icc_profile else {}
    if transparency is not None:  # palette / tRNS transparency is not metadata
        info["transparency"] = transparency
    oriented.info = info
    return oriented, orientation


PROFILE_SPACES = {"RGB": "RGB ", "RGBA": "RGB ", "L": "GRAY", "LA": "GRAY"}


def _colour_profile(icc: bytes | None, mode: str) -> bytes | None:
    """The ICC profile, if it is a real one for the pixels' colour space.

    Anything else riding in the profile slot (junk, text, a profile for another
    colour space, such as CMYK after conversion) is dropped.
    """
    if not icc or mode not in PROFILE_SPACES:
        return None
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
        return None
    if profile.profile.xcolor_space != PROFILE_SPACES[mode]:
        return None
    return profile.tobytes()


def _encode(
    image: Image.Image,
    source: Image.Image,
    fmt: str,
    orientation: int = 1,
    xmp: bytes | None = None,
) -> bytes:
    buffer = io.BytesIO()
    icc = image.info.get("icc_profile")
    extra = {"icc_profile": icc} if icc else {}
    if xmp and fmt in {"JPEG", "WEBP", "AVIF"}:
        extra["xmp"] = xmp  # a panorama's projection, and nothing else
    if fmt == "GIF" and getattr(source, "n_frames", 1) > 1:
        frames = [frame.copy() for frame in ImageSequence.Iterator(source)]
        durations = [frame.info.get("duration", 100) for frame in frames]
        frames[0].save(
            buffer,
            format="GIF",
            save_all=True,
            append_images=frames[1:],
            loop=source.info.get("loop", 0),
            duration=durations,
            disposal=2,
            comment=b"",  # otherwise the first frame's comment is written back
        )
    elif fmt == "JPEG":
        if image.mode not in {"RGB", "L"}:
            image = image.convert("RGB")
        if orientation != 1:
            # A fresh EXIF block holding the orientation tag and nothing else.
            exif = Image.Exif()
            exif[EXIF_ORIENTATION] = orientation
            extra["exif"] = exif.tobytes()
        # No `optimize`: its second pass holds every DCT coefficient of the photo.
        image.save(buffer, format="JPEG", quality=90, **extra)
    elif fmt == "WEBP":
        image.save(buffer, format="WEBP", quality=90, **extra)
    elif fmt == "AVIF":
        image.save(buffer, format="AVIF", quality=80, **extra)
    else:
        image.save(buffer, format=fmt, optimize=True, **extra)
    return buffer.getvalue()


def intake_image(upload, *, name: str = "") -> CleanImage:
    """Check an uploaded file and return a clean, re-encoded copy of it.

    ``upload`` is a Django ``File`` / ``UploadedFile`` or raw bytes. Raises
    ``ValidationError`` (with a code) for anything that is not an acceptable
    image: not an image, a refused format, too many bytes or pixels, too many
    frames, damaged or truncated data.
    """
    return_freed_pictures()
    data = _read_limited(upload)
    image = _open(data)
    fmt, extension = ACCEPTED_FORMATS[image.format]
    capture = read_capture(image)
    projection = read_projection(image)
    clean, orientation = _without_metadata(image, fmt)
    width, height = clean.size
    if orientation in QUARTER_TURNS:
        width, height = height, width
    xmp = None
    if projection.kind == EQUIRECTANGULAR:
        xmp = panorama_xmp(width, height, projection.details)
    content = _encode(clean, image, fmt, orientation, xmp)
    return CleanImage(
        content=content,
        format=fmt,
        extension=extension,
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=name or getattr(upload, "name", "") or "",
        capture=capture,
        projection=projection,
    )
