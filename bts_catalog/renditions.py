"""The smaller copies of an accepted picture that pages and the API serve.

* **Sources**: the picture at several widths (:data:`WIDTHS`, none wider than the
  original) in AVIF and WebP, with a JPEG of each for browsers that show neither,
  for a ``<picture>`` with ``srcset``. A 360° panorama also gets JPEGs up to
  8192 px wide (:data:`PANORAMA_WIDTHS`) for a panorama viewer.
* **Crops**: ``thumbnail`` (320×320) and ``card`` (800×600), centred on the focal
  point, as WebP; and ``large``, the whole picture within 1600×1600 as WebP (link
  previews, feeds and clients of the API's ``renditions``).
* **Placeholder**: a picture of a few pixels as a ``data:`` URI, shown blurred
  until the picture arrives.

Every rendition is upright and carries no metadata.
"""

import base64
import io
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image, ImageOps

from .capture import EQUIRECTANGULAR, FLAT
from .images import CleanImage, return_freed_pictures

WIDTHS = (480, 800, 1200, 1600, 2400)
PANORAMA_WIDTHS = (4096, 8192)
FORMATS = ("avif", "webp", "jpeg")
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"avif": ".avif", "webp": ".webp", "jpeg": ".jpg"}
CROPS = {"thumbnail": (320, 320), "card": (800, 600)}
LARGE = 1600
PLACEHOLDER_SIDE = 24
AVIF_SPEED = 9  # libaom's speed for opaque pictures (0 slowest, 10 fastest)
CENTRE = (0.5, 0.5)


@dataclass(frozen=True)
class Source:
    format: str
    width: int
    height: int
    content: bytes

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


@dataclass(frozen=True)
class Renditions:
    crops: dict[str, bytes]  # thumbnail, card and large, WebP
    sources: tuple[Source, ...]
    placeholder: str


def _encode(picture: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "avif":
        # Speed 9 rather than 8 for photos: half the encoding time, for files
        # 1–20 % larger at the same fidelity (PSNR within 0.2 dB). Not with
        # transparency, which speed 9 blurs (a clear pixel comes back 1 % opaque).
        speed = 8 if picture.mode in {"RGBA", "LA"} else AVIF_SPEED
        picture.save(buffer, format="AVIF", quality=55, speed=speed)
    elif fmt == "webp":
        picture.save(buffer, format="WEBP", quality=78, method=2)
    else:
        if picture.mode != "RGB":
            picture = _on_white(picture)
        # Progressive JPEGs are smaller and show sooner; not for the panorama's
        # largest, whose progressive pass would hold every coefficient of it.
        progressive = picture.width <= max(WIDTHS)
        picture.save(
            buffer, format="JPEG", quality=80, progressive=progressive, optimize=False
        )
    return buffer.getvalue()


def _on_white(picture: Image.Image) -> Image.Image:
    """A JPEG has no transparency: the picture over white."""
    if picture.mode not in {"RGBA", "LA"}:
        return picture.convert("RGB")
    background = Image.new("RGB", picture.size, "white")
    background.paste(picture, mask=picture.getchannel("A"))
    return background


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in {"RGBA", "LA", "PA"} or (
        image.mode == "P" and "transparency" in image.info
    )


def source_widths(
    width: int, projection: str = FLAT, height: int | None = None
) -> list[int]:
    """The widths a picture ``width`` × ``height`` pixels is served at, smallest
    first: the standard ones below it, and its own width when it is narrower than
    the widest. No side of a page's size is longer than the widest width, so a
    portrait photo's widest is narrower (a 2:3 one's, 1600 px wide and 2400 tall:
    sharp on any screen, and half the pixels of 2400 px wide)."""
    widest = max(WIDTHS)
    if height and height > width and projection != EQUIRECTANGULAR:
        widest = max(1, round(widest * width / height))
    widths = [size for size in WIDTHS if size < min(width, widest)]
    widths.append(min(width, widest))
    if projection == EQUIRECTANGULAR:
        widths += [size for size in PANORAMA_WIDTHS if size <= width]
        if width > max(WIDTHS) and width not in widths and width < max(PANORAMA_WIDTHS):
            widths.append(width)
    return sorted(set(widths))


def formats_for(width: int) -> tuple[str, ...]:
    """Every format up to the widest page size; a panorama viewer's larger
    pictures as JPEG, which every WebGL texture loader takes."""
    return FORMATS if width <= max(WIDTHS) else ("jpeg",)


def crop_box(
    size: tuple[int, int], target: tuple[int, int], focal: tuple[float, float]
) -> tuple[int, int, int, int]:
    """The largest box of ``target``'s shape in a picture of ``size``, centred on
    the focal point (``x``, ``y`` in 0–1) as far as the picture's edges allow."""
    width, height = size
    ratio = target[0] / target[1]
    if width / height > ratio:
        box_height, box_width = height, max(1, round(height * ratio))
    else:
        box_width, box_height = width, max(1, round(width / ratio))
    left = min(max(focal[0] * width - box_width / 2, 0), width - box_width)
    top = min(max(focal[1] * height - box_height / 2, 0), height - box_height)
    left, top = round(left), round(top)
    return (left, top, left + box_width, top + box_height)


def _decode(content: bytes, largest_width: int, *, exact: bool = False) -> Image.Image:
    """The picture, upright, decoded at no less than ``largest_width`` pixels wide
    (a JPEG is scaled down by its decoder, which is far cheaper); ``exact``: scaled
    to that width when it is wider.

    A picture the EXIF orientation turns is scaled before it is turned, so that
    turning it copies the scaled picture rather than the decoded one (for a
    portrait photo, 24 megapixels: scaling cannot start from a draft there, which
    halves only in steps).
    """
    source = Image.open(io.BytesIO(content))
    turned = source.getexif().get(0x0112, 1) in {5, 6, 7, 8}
    shown_width = source.height if turned else source.width
    if source.format == "JPEG":
        scale = min(1.0, largest_width / shown_width)
        wanted = (math.ceil(source.width * scale), math.ceil(source.height * scale))
        source.draft("RGB", wanted)
    source.seek(0)
    mode = "RGBA" if _has_alpha(source) else "RGB"
    source.load()
    # convert() copies even when nothing changes: keep the decoded picture itself.
    base = source if source.mode == mode else source.convert(mode)
    del source
    shown = base.size[::-1] if turned else base.size
    if exact and shown[0] > largest_width:
        height = max(1, round(shown[1] * largest_width / shown[0]))
        size = (height, largest_width) if turned else (largest_width, height)
        base = base.resize(size, Image.Resampling.LANCZOS)
    # Turn the scaled-down picture upright; this also drops the tag from its info.
    ImageOps.exif_transpose(base, in_place=True)
    return base


def _placeholder(picture: Image.Image) -> str:
    small = picture.copy()
    small.thumbnail((PLACEHOLDER_SIDE, PLACEHOLDER_SIDE), Image.Resampling.BOX)
    buffer = io.BytesIO()
    small.save(buffer, format="WEBP", quality=40, method=6)
    return "data:image/webp;base64," + base64.b64encode(buffer.getvalue()).decode()


def _crops(base: Image.Image, focal: tuple[float, float]) -> dict[str, bytes]:
    crops = {}
    for name, target in CROPS.items():
        box = crop_box(base.size, target, focal)
        resized = base.resize(target, Image.Resampling.LANCZOS, box=box)
        crops[name] = _encode(resized, "webp")
    return crops


def _scaled(picture: Image.Image, width: int) -> Image.Image:
    if width >= picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    return picture.resize((width, height), Image.Resampling.LANCZOS)


def _large(picture: Image.Image) -> Image.Image:
    """The picture within LARGE × LARGE, as ``thumbnail`` makes it, without first
    copying the picture (``thumbnail`` changes the one it is given)."""
    width, height = picture.size
    if width <= LARGE and height <= LARGE:
        return picture
    aspect = width / height
    if aspect >= 1:  # thumbnail's rounding: the side nearest the aspect ratio
        size = (LARGE, _nearest(LARGE / aspect, lambda n: abs(aspect - LARGE / n)))
    else:
        size = (_nearest(LARGE * aspect, lambda n: abs(aspect - n / LARGE)), LARGE)
    return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)


def _nearest(number: float, error) -> int:
    return max(min(math.floor(number), math.ceil(number), key=error), 1)


def _content(image: CleanImage | bytes) -> bytes:
    return image.content if isinstance(image, CleanImage) else image


def make_crops(
    image: CleanImage | bytes, *, focal: tuple[float, float] = CENTRE
) -> dict[str, bytes]:
    """The thumbnail and card crops alone, centred on ``focal`` (its change asks
    for nothing else)."""
    base = _decode(_content(image), max(CROPS["card"]) * 2)
    return _crops(base, focal)


def make_renditions(
    image: CleanImage | bytes,
    *,
    focal: tuple[float, float] = CENTRE,
    projection: str = FLAT,
) -> Renditions:
    """Every rendition of an accepted picture: the CleanImage, or the bytes of a
    picture intake stored earlier.

    Largest first, each width made from the one above it, on two threads (see
    below).
    """
    return_freed_pictures()
    content = _content(image)
    with Image.open(io.BytesIO(content)) as probe:
        turned = probe.getexif().get(0x0112, 1) in {5, 6, 7, 8}
        shown_width, shown_height = probe.size[::-1] if turned else probe.size
    widths = source_widths(shown_width, projection, shown_height)
    base = _decode(content, max(widths[-1], LARGE), exact=True)
    # A second thread encodes every AVIF, the slowest format by far, and the
    # widest size's WebP and JPEG after its AVIF; this one makes the smaller sizes'
    # WebP and JPEG, the crops and the placeholder meanwhile (Pillow lets go of the
    # GIL while it resizes and encodes). AVIF's encoder holds ~26 bytes a pixel,
    # more than any other step: the widest size's three encoders, the largest of
    # all, thus never hold memory at the same time.
    with ThreadPoolExecutor(max_workers=1) as second:
        made = []
        widest = True
        picture, flat = base, None
        del base  # each width is made from the one above: the decoded one can go
        for width in reversed(widths):
            picture = _scaled(picture, width)
            if flat is None and width <= max(WIDTHS):
                flat = picture  # the widest a page shows: crops are made from it
            formats = formats_for(width)
            if "avif" not in formats:  # a panorama viewer's, made before the rest
                made += [(fmt, picture.size, _encode(picture, fmt)) for fmt in formats]
                continue
            for fmt in formats:
                if fmt == "avif" or widest:
                    made.append(
                        (fmt, picture.size, second.submit(_encode, picture, fmt))
                    )
                else:
                    made.append((fmt, picture.size, _encode(picture, fmt)))
            widest = False
        crops = {**_crops(flat, focal), "large": _encode(_large(flat), "webp")}
        placeholder = _placeholder(picture)
        sources = [
            Source(
                fmt,
                size[0],
                size[1],
                content if isinstance(content, bytes) else content.result(),
            )
            for fmt, size, content in made
        ]
    sources.sort(key=lambda source: (source.width, FORMATS.index(source.format)))
    return Renditions(crops=crops, sources=tuple(sources), placeholder=placeholder)
