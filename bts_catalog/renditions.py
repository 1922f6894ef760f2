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
from .images import CleanImage

WIDTHS = (480, 800, 1200, 1600, 2400)
PANORAMA_WIDTHS = (4096, 8192)
FORMATS = ("avif", "webp", "jpeg")
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
EXTENSIONS = {"avif": ".avif", "webp": ".webp", "jpeg": ".jpg"}
CROPS = {"thumbnail": (320, 320), "card": (800, 600)}
LARGE = 1600
PLACEHOLDER_SIDE = 24
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
        picture.save(buffer, format="AVIF", quality=55, speed=8)
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


def source_widths(width: int, projection: str = FLAT) -> list[int]:
    """The widths a picture ``width`` pixels wide is served at, smallest first: the
    standard ones below it, and its own width when it is narrower than the widest."""
    widths = [size for size in WIDTHS if size < width]
    if width <= max(WIDTHS):
        widths.append(width)
    else:
        widths.append(max(WIDTHS))
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


def _decode(content: bytes, largest_width: int) -> Image.Image:
    """The picture, upright, decoded at no less than ``largest_width`` pixels wide
    (a JPEG is scaled down by its decoder, which is far cheaper)."""
    with Image.open(io.BytesIO(content)) as source:
        if source.format == "JPEG":
            turned = source.getexif().get(0x0112, 1) in {5, 6, 7, 8}
            shown_width = source.height if turned else source.width
            scale = min(1.0, largest_width / shown_width)
            wanted = (
                math.ceil(source.width * scale),
                math.ceil(source.height * scale),
            )
            source.draft("RGB", wanted)
        source.seek(0)
        base = source.convert("RGBA" if _has_alpha(source) else "RGB")
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

    Largest first, each width made from the one above it. AVIF is encoded on a
    second thread while the other formats are encoded on this one (Pillow lets go
    of the GIL while it encodes).
    """
    content = _content(image)
    with Image.open(io.BytesIO(content)) as probe:
        turned = probe.getexif().get(0x0112, 1) in {5, 6, 7, 8}
        shown_width = probe.height if turned else probe.width
    widths = source_widths(shown_width, projection)
    base = _decode(content, max(widths[-1], LARGE))
    # AVIF, the slowest by far, is encoded on a thread of its own (one picture at a
    # time: each holds tens of megabytes in the encoder), the rest meanwhile here.
    with ThreadPoolExecutor(max_workers=1) as avif:
        made = []
        picture, flat = base, None
        del base  # each width is made from the one above: the decoded one can go
        for width in reversed(widths):
            picture = _scaled(picture, width)
            if flat is None and width <= max(WIDTHS):
                flat = picture  # the widest a page shows: crops are made from it
            for fmt in formats_for(width):
                if fmt == "avif":
                    made.append((fmt, picture.size, avif.submit(_encode, picture, fmt)))
                else:
                    made.append((fmt, picture.size, _encode(picture, fmt)))
        large = flat.copy()
        large.thumbnail((LARGE, LARGE), Image.Resampling.LANCZOS)
        crops = {**_crops(flat, focal), "large": _encode(large, "webp")}
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
