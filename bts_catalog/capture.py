"""What the camera knew, read before image intake drops the metadata.

Two things survive intake, as data rather than as metadata in the stored file:

* the capture details fans of the crafts ask about ("shot on"): when, camera make
  and model, lens, focal length, aperture, shutter speed and ISO. Nothing that
  identifies a person or a place is read: no GPS, no serial numbers, no owner or
  artist names, no maker notes;
* a 360° photo's projection, from its Google Photo Sphere (GPano) XMP, with the
  few numbers a panorama viewer needs. :func:`panorama_xmp` writes these back as
  the stored file's only XMP, so that other viewers recognise the picture too.
"""

import datetime
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from fractions import Fraction

from django.utils import timezone
from PIL import Image

EXIF_IFD = 0x8769
MAKE, MODEL = 0x010F, 0x0110
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011
EXPOSURE_TIME, F_NUMBER, ISO = 0x829A, 0x829D, 0x8827
FOCAL_LENGTH, LENS_MAKE, LENS_MODEL = 0x920A, 0xA433, 0xA434
TEXT_MAX = 100

FLAT = "flat"
EQUIRECTANGULAR = "equirectangular"


@dataclass(frozen=True)
class Capture:
    """Capture details of a photo; any of them may be missing."""

    taken_at: datetime.datetime | None = None
    camera_make: str = ""
    camera_model: str = ""
    lens: str = ""
    focal_length_mm: float | None = None
    aperture: float | None = None
    shutter: str = ""
    iso: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def is_empty(self) -> bool:
        return not any(self.as_dict().values())


@dataclass(frozen=True)
class Projection:
    """How a picture maps onto a view: flat, or an equirectangular 360° sphere
    (with its GPano crop when it covers less than the whole sphere)."""

    kind: str = FLAT
    details: dict = field(default_factory=dict)


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return ""
    # No control characters (EXIF strings are NUL-padded), one space between words.
    value = "".join(
        char for char in value if unicodedata.category(char)[0] != "C" or char == " "
    )
    return " ".join(value.split())[:TEXT_MAX]


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if number != number or number <= 0 or number > 1_000_000:  # NaN, nonsense
        return None
    return number


def shutter_label(seconds: float | None) -> str:
    """``0.008`` → ``1/125``; ``2.5`` → ``2.5``: how photographers write it (in
    seconds)."""
    if seconds is None:
        return ""
    if seconds >= 0.3:
        return f"{seconds:g}"
    fraction = Fraction(seconds).limit_denominator(64000)
    denominator = round(1 / seconds) if fraction.numerator != 1 else None
    return f"1/{denominator or fraction.denominator}"


def _taken_at(value, offset) -> datetime.datetime | None:
    text = _text(value)
    try:
        moment = datetime.datetime.strptime(text[:19], "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007 - EXIF time is local; the offset follows
    except ValueError:
        return None
    match = re.fullmatch(r"([+-])(\d\d):(\d\d)", _text(offset))
    if match:
        sign = 1 if match[1] == "+" else -1
        zone = datetime.timezone(
            sign * datetime.timedelta(hours=int(match[2]), minutes=int(match[3]))
        )
        return moment.replace(tzinfo=zone)
    # Cameras without an offset write the local time where they were.
    return timezone.make_aware(moment)


def read_capture(image: Image.Image) -> Capture:
    """The capture details in ``image``'s EXIF (before it is dropped)."""
    try:
        exif = image.getexif()
        details = exif.get_ifd(EXIF_IFD)
    except Exception:  # noqa: BLE001 - damaged EXIF is no capture details
        return Capture()
    make = _text(exif.get(MAKE))
    model = _text(exif.get(MODEL))
    if make and model.lower().startswith(make.lower()):
        model = model[len(make) :].strip() or model  # "Canon Canon EOS R5"
    lens = _text(details.get(LENS_MODEL))
    lens_make = _text(details.get(LENS_MAKE))
    if lens and lens_make and not lens.lower().startswith(lens_make.lower()):
        lens = f"{lens_make} {lens}"[:TEXT_MAX]
    exposure = _number(details.get(EXPOSURE_TIME))
    iso = details.get(ISO)
    if isinstance(iso, tuple):
        iso = iso[0] if iso else None
    iso = _number(iso)
    focal = _number(details.get(FOCAL_LENGTH))
    aperture = _number(details.get(F_NUMBER))
    return Capture(
        taken_at=_taken_at(
            details.get(DATETIME_ORIGINAL), details.get(OFFSET_TIME_ORIGINAL)
        ),
        camera_make=make,
        camera_model=model,
        lens=lens,
        focal_length_mm=round(focal, 1) if focal else None,
        aperture=round(aperture, 1) if aperture else None,
        shutter=shutter_label(exposure),
        iso=int(iso) if iso and iso < 10_000_000 else None,
    )


# GPano properties kept with an equirectangular picture: how much of the sphere it
# covers and where it is cropped from, and which way its centre faces.
GPANO_NUMBERS = (
    "FullPanoWidthPixels",
    "FullPanoHeightPixels",
    "CroppedAreaImageWidthPixels",
    "CroppedAreaImageHeightPixels",
    "CroppedAreaLeftPixels",
    "CroppedAreaTopPixels",
    "PoseHeadingDegrees",
)


def _gpano(xmp: str, name: str) -> str | None:
    match = re.search(
        rf"GPano:{name}\s*=\s*[\"']([^\"']*)[\"']|<GPano:{name}>([^<]*)</GPano:{name}>",
        xmp,
    )
    if not match:
        return None
    return (match[1] if match[1] is not None else match[2]).strip()


def _xmp_text(image: Image.Image) -> str:
    xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
    if isinstance(xmp, str):
        return xmp
    return bytes(xmp).decode("utf-8", "replace")


def read_projection(image: Image.Image) -> Projection:
    """Equirectangular if the picture's XMP says so (GPano:ProjectionType)."""
    xmp = _xmp_text(image)
    if "GPano" not in xmp or _gpano(xmp, "ProjectionType") != EQUIRECTANGULAR:
        return Projection()
    details = {}
    for name in GPANO_NUMBERS:
        value = _gpano(xmp, name)
        try:
            number = float(value) if value is not None else None
        except ValueError:
            number = None
        if number is not None and abs(number) < 1_000_000:
            details[name] = int(number) if number.is_integer() else number
    return Projection(EQUIRECTANGULAR, details)


def panorama_view(
    width: int, height: int, details: dict | None
) -> dict[str, float] | None:
    """How much of the sphere a picture covers, for a viewer: horizontal and
    vertical angles of view and the vertical offset of its centre, in degrees; None
    for a whole sphere (or crop details that do not add up)."""
    details = details or {}
    full_width = details.get("FullPanoWidthPixels")
    full_height = details.get("FullPanoHeightPixels")
    crop_width = details.get("CroppedAreaImageWidthPixels", width)
    crop_height = details.get("CroppedAreaImageHeightPixels", height)
    top = details.get("CroppedAreaTopPixels", 0)
    if not full_width or not full_height or not crop_width or not crop_height:
        return None
    if crop_width >= full_width and crop_height >= full_height:
        return None
    if crop_width > full_width or crop_height > full_height or top < 0:
        return None
    return {
        "haov": round(360 * crop_width / full_width, 3),
        "vaov": round(180 * crop_height / full_height, 3),
        "vOffset": round(90 - 180 * (top + crop_height / 2) / full_height, 3),
    }


def panorama_xmp(width: int, height: int, details: dict | None = None) -> bytes:
    """A minimal XMP packet marking a picture as an equirectangular panorama."""
    details = details or {}
    values = {
        "ProjectionType": EQUIRECTANGULAR,
        "UsePanoramaViewer": "True",
        "FullPanoWidthPixels": details.get("FullPanoWidthPixels", width),
        "FullPanoHeightPixels": details.get("FullPanoHeightPixels", height),
        "CroppedAreaImageWidthPixels": details.get(
            "CroppedAreaImageWidthPixels", width
        ),
        "CroppedAreaImageHeightPixels": details.get(
            "CroppedAreaImageHeightPixels", height
        ),
        "CroppedAreaLeftPixels": details.get("CroppedAreaLeftPixels", 0),
        "CroppedAreaTopPixels": details.get("CroppedAreaTopPixels", 0),
    }
    if "PoseHeadingDegrees" in details:
        values["PoseHeadingDegrees"] = details["PoseHeadingDegrees"]
    attributes = "\n    ".join(
        f'GPano:{name}="{value}"' for name, value in values.items()
    )
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:GPano="http://ns.google.com/photos/1.0/panorama/"\n'
        f"    {attributes}/>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    ).encode()
