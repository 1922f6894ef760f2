"""Placeholder pictures for the demo catalogue, drawn with Pillow (no files, no net).

Stills are soft gradients with stage-light blobs, set-flat silhouettes and a
caption band; posters are portrait compositions with the production's title; a
VFX shot comes as its green-screen plate and the final composite. A picture can
carry what its camera would have recorded (EXIF, see :class:`Camera`).
"""

import datetime
import io
import random
from dataclasses import dataclass
from fractions import Fraction

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from PIL.TiffImagePlugin import IFDRational

STILL_SIZE = (1200, 800)
POSTER_SIZE = (800, 1200)
SHOT_SIZE = (1200, 675)
SHOT_LAYOUT = (1600, 900)  # a VFX shot is drawn at this size, then scaled

# EXIF tags written (see bts_catalog.capture for those read back at intake).
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
MAKE, MODEL, SOFTWARE = 0x010F, 0x0110, 0x0131
DATETIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x9003, 0x9011
EXPOSURE_TIME, F_NUMBER, ISO = 0x829A, 0x829D, 0x8827
FOCAL_LENGTH, LENS_MAKE, LENS_MODEL = 0x920A, 0xA433, 0xA434


@dataclass(frozen=True)
class Camera:
    """A camera and lens setting, as its EXIF would name them."""

    make: str
    model: str
    lens: str
    focal_length: Fraction
    f_number: Fraction
    exposure: Fraction  # seconds
    iso: int
    lens_make: str = ""
    software: str = ""


def _rational(value: Fraction) -> IFDRational:
    return IFDRational(value.numerator, value.denominator)


def camera_exif(
    camera: Camera,
    *,
    taken_at: datetime.datetime,
    gps: tuple[float, float] | None = None,
) -> bytes:
    """The EXIF block ``camera`` writes for a picture taken at ``taken_at``
    (local time with its UTC offset), with a GPS position if given; no serial
    numbers."""
    exif = Image.Exif()
    exif[MAKE] = camera.make
    exif[MODEL] = camera.model
    if camera.software:
        exif[SOFTWARE] = camera.software
    details = exif.get_ifd(EXIF_IFD)
    details[DATETIME_ORIGINAL] = taken_at.strftime("%Y:%m:%d %H:%M:%S")
    offset = taken_at.strftime("%z")
    if offset:
        details[OFFSET_TIME_ORIGINAL] = f"{offset[:3]}:{offset[3:]}"
    details[EXPOSURE_TIME] = _rational(camera.exposure)
    details[F_NUMBER] = _rational(camera.f_number)
    details[ISO] = camera.iso
    details[FOCAL_LENGTH] = _rational(camera.focal_length)
    if camera.lens:
        details[LENS_MODEL] = camera.lens
    if camera.lens_make:
        details[LENS_MAKE] = camera.lens_make
    if gps is not None:
        position = exif.get_ifd(GPS_IFD)
        for ref_tag, value_tag, value, signs in (
            (1, 2, gps[0], "NS"),
            (3, 4, gps[1], "EW"),
        ):
            position[ref_tag] = signs[0] if value >= 0 else signs[1]
            degrees, rest = divmod(abs(value), 1)
            minutes, rest = divmod(rest * 60, 1)
            position[value_tag] = (
                IFDRational(int(degrees), 1),
                IFDRational(int(minutes), 1),
                IFDRational(round(rest * 60 * 100), 100),
            )
    return exif.tobytes()


# (top, bottom, accent) colours: tungsten, dusk, teal-and-orange, stage blue…
PALETTES = (
    ((38, 24, 16), (196, 120, 52), (255, 214, 150)),
    ((20, 24, 52), (150, 86, 120), (255, 190, 140)),
    ((8, 40, 48), (40, 120, 130), (250, 150, 70)),
    ((12, 16, 40), (40, 70, 160), (200, 220, 255)),
    ((30, 30, 30), (110, 110, 100), (240, 230, 200)),
    ((40, 10, 20), (170, 40, 50), (255, 200, 120)),
    ((10, 36, 20), (70, 130, 80), (230, 240, 170)),
    ((50, 40, 70), (220, 170, 150), (255, 240, 220)),
)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _gradient(size: tuple[int, int], top, bottom) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask
    )


def _glow(base: Image.Image, rng: random.Random, accent, count: int) -> Image.Image:
    """Soft pools of light, drawn small and blurred for speed."""
    width, height = base.size
    small = (width // 4, height // 4)
    layer = Image.new("RGBA", small, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for _ in range(count):
        radius = rng.randint(small[1] // 10, small[1] // 3)
        x, y = rng.randint(0, small[0]), rng.randint(0, small[1] * 2 // 3)
        alpha = rng.randint(70, 150)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), (*accent, alpha))
    layer = layer.filter(ImageFilter.GaussianBlur(small[1] // 14)).resize(base.size)
    return Image.alpha_composite(base.convert("RGBA"), layer)


def _silhouettes(image: Image.Image, rng: random.Random) -> None:
    """Set flats, a light stand and a floor line, in near-black."""
    draw = ImageDraw.Draw(image)
    width, height = image.size
    floor = int(height * rng.uniform(0.68, 0.78))
    shade = (12, 12, 14, 235)
    draw.rectangle((0, floor, width, height), fill=(18, 18, 20, 255))
    for _ in range(rng.randint(2, 4)):
        left = rng.randint(-50, width - 120)
        flat_width = rng.randint(90, 260)
        top = rng.randint(int(height * 0.2), int(height * 0.5))
        draw.rectangle((left, top, left + flat_width, floor), fill=shade)
    stand_x = rng.randint(width // 6, width * 5 // 6)
    head_y = rng.randint(int(height * 0.25), int(height * 0.4))
    draw.line((stand_x, head_y, stand_x, floor), fill=shade, width=6)
    for spread in (-60, 0, 60):
        draw.line((stand_x, floor - 70, stand_x + spread, floor), fill=shade, width=5)
    draw.rectangle((stand_x - 45, head_y - 30, stand_x + 45, head_y + 30), fill=shade)


def _caption_band(image: Image.Image, title: str, subtitle: str) -> None:
    width, height = image.size
    band = Image.new("RGBA", (width, 96), (0, 0, 0, 150))
    image.alpha_composite(band, (0, height - 96))
    draw = ImageDraw.Draw(image)
    draw.text((36, height - 84), title.upper(), font=_font(30), fill=(255, 255, 255))
    draw.text((36, height - 44), subtitle, font=_font(22), fill=(220, 220, 220))


def _jpeg(image: Image.Image, exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    extra = {"exif": exif} if exif else {}
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True, **extra)
    return buffer.getvalue()


def still_jpeg(
    rng: random.Random, *, number: int, caption: str, exif: bytes | None = None
) -> bytes:
    """A ~1200×800 'behind the scenes still' placeholder, with ``exif`` (see
    :func:`camera_exif`) if given."""
    top, bottom, accent = rng.choice(PALETTES)
    image = _glow(_gradient(STILL_SIZE, top, bottom), rng, accent, rng.randint(3, 6))
    _silhouettes(image, rng)
    _caption_band(image, f"Behind the scenes · still {number:02d}", caption)
    return _jpeg(image, exif)


def poster_jpeg(rng: random.Random, *, title: str, tagline: str) -> bytes:
    """An 800×1200 poster with the title set large over a lit backdrop."""
    top, bottom, accent = rng.choice(PALETTES)
    image = _glow(_gradient(POSTER_SIZE, top, bottom), rng, accent, rng.randint(2, 4))
    draw = ImageDraw.Draw(image)
    width, height = image.size
    radius = rng.randint(180, 260)
    centre = (width // 2, int(height * rng.uniform(0.3, 0.42)))
    draw.ellipse(
        (
            centre[0] - radius,
            centre[1] - radius,
            centre[0] + radius,
            centre[1] + radius,
        ),
        outline=(*accent, 255),
        width=8,
    )
    font = _font(64)
    # The fallback fonts have no dashes: "Song — Artist" is set as "Song · Artist".
    lines = _wrap(title.upper().replace("—", "·"), max_chars=16)
    y = int(height * 0.66)
    for line in lines:
        line_width = draw.textlength(line, font=font)
        draw.text(((width - line_width) / 2, y), line, font=font, fill=(255, 255, 255))
        y += 76
    small = _font(26)
    tagline_width = draw.textlength(tagline, font=small)
    draw.text(
        ((width - tagline_width) / 2, height - 80), tagline, font=small, fill=accent
    )
    return _jpeg(image)


def _wrap(text: str, *, max_chars: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines[:4]


# --- A VFX shot: the plate and the final composite ----------------------------------
def _performer_mask(size: tuple[int, int]) -> Image.Image:
    """A performer in a long coat mid-stride, a prop sword raised: drawn twice as
    large and scaled down for soft edges. The same in the plate and the final."""
    scale = 2
    mask = Image.new("L", (size[0] * scale, size[1] * scale), 0)
    draw = ImageDraw.Draw(mask)

    def at(x: float, y: float) -> tuple[float, float]:
        return (x * scale, y * scale)

    def limb(points, thickness: float) -> None:
        draw.line(
            [at(*point) for point in points],
            fill=255,
            width=round(thickness * scale),
            joint="curve",
        )
        for point in (points[0], points[-1]):
            x, y = at(*point)
            radius = thickness * scale / 2
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)

    draw.ellipse([*at(616, 250), *at(684, 330)], fill=255)  # head
    limb([(650, 320), (652, 352)], 30)  # neck
    draw.polygon(
        [at(598, 350), at(708, 350), at(694, 520), at(614, 520)], fill=255
    )  # torso
    draw.polygon(
        [at(606, 495), at(700, 495), at(742, 650), at(668, 640), at(640, 600)]
        + [at(590, 646)],
        fill=255,
    )  # the coat's skirts, swinging with the stride
    limb([(632, 600), (594, 690), (560, 768)], 34)  # back leg
    limb([(676, 600), (722, 688), (748, 768)], 34)  # front leg
    draw.ellipse([*at(528, 756), *at(584, 782)], fill=255)
    draw.ellipse([*at(732, 756), *at(792, 782)], fill=255)
    limb([(606, 362), (566, 444), (590, 512)], 28)  # left arm
    limb([(700, 362), (764, 420), (806, 364)], 28)  # sword arm
    limb([(792, 378), (822, 350)], 8)  # grip
    limb([(784, 350), (834, 384)], 10)  # cross-guard
    limb([(812, 364), (980, 172)], 9)  # blade
    return mask.resize(size, Image.Resampling.BOX)


def _rim(mask: Image.Image, shift: int) -> Image.Image:
    """The edges of ``mask`` that face a light on its right: a rim of light."""
    moved = ImageChops.offset(mask, -shift, 0)
    rim = ImageChops.subtract(mask, moved).filter(ImageFilter.GaussianBlur(1))
    return rim.point(lambda value: value * 2 // 3)


def _spill(mask: Image.Image) -> Image.Image:
    """The edge of ``mask`` all round: green light bounced off the screen."""
    edge = ImageChops.subtract(mask, mask.filter(ImageFilter.MinFilter(5)))
    return edge.point(lambda value: value // 2)


def _put_performer(
    frame: Image.Image, mask: Image.Image, costume, rim_colour, rim: Image.Image
) -> None:
    """Lay the performer (``mask``) over ``frame``: the costume, darker towards
    the feet, and the ``rim`` of light on its edges."""
    shading = Image.linear_gradient("L").resize(frame.size).point(lambda v: v // 3)
    body = Image.composite(
        Image.new("RGB", frame.size, _darker(costume, 0.6)),
        Image.new("RGB", frame.size, costume),
        shading,
    )
    frame.paste(body, (0, 0), mask)
    frame.paste(Image.new("RGB", frame.size, rim_colour), (0, 0), rim)


def _darker(colour, factor: float):
    return tuple(round(channel * factor) for channel in colour)


def _slate(image: Image.Image, text: str) -> None:
    """The shot's name burnt into the corner, as review copies have it."""
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 22, 24 + 14 * len(text), 58), fill=(0, 0, 0))
    draw.text((34, 28), text, font=_font(22), fill=(235, 235, 235))


def _green_screen(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """The stage: a lit green cyclorama dotted with tracking markers, the studio
    dark beyond its edges, light stands at the sides and a truss overhead."""
    width, height = size
    frame = Image.new("RGB", size, (26, 26, 28))
    left, right, top, cove = width * 0.08, width * 0.92, height * 0.05, height * 0.78
    screen_box = (round(left), round(top), round(right), height)
    screen_size = (screen_box[2] - screen_box[0], screen_box[3] - screen_box[1])
    hot_spot = Image.radial_gradient("L").resize(screen_size)
    green = Image.composite(
        Image.new("RGB", screen_size, (28, 118, 56)),
        Image.new("RGB", screen_size, (72, 192, 98)),
        hot_spot,
    )
    # The floor is lit less than the wall; the cove between them is soft.
    floor_top = round(cove - top)
    fade = Image.linear_gradient("L").resize(
        (screen_size[0], screen_size[1] - floor_top)
    )
    floor = Image.new("RGB", fade.size, (22, 96, 46))
    green.paste(floor, (0, floor_top), fade.point(lambda v: min(255, v * 2 // 3 + 60)))
    frame.paste(green, screen_box[:2])
    draw = ImageDraw.Draw(frame)
    for row in range(5):
        for column in range(10):
            x = left + (column + 0.5) * (right - left) / 10 + rng.uniform(-14, 14)
            y = top + 60 + row * 120 + rng.uniform(-10, 10)
            if y > cove - 30:
                continue
            colour = (238, 120, 176) if (row + column) % 3 else (245, 245, 245)
            draw.line((x - 11, y, x + 11, y), fill=colour, width=4)
            draw.line((x, y - 11, x, y + 11), fill=colour, width=4)
    for _ in range(6):  # crosses of tape on the floor
        x, y = rng.uniform(left + 80, right - 80), rng.uniform(cove + 30, height - 30)
        draw.line((x - 16, y - 6, x + 16, y + 6), fill=(238, 120, 176), width=4)
        draw.line((x - 16, y + 6, x + 16, y - 6), fill=(238, 120, 176), width=4)
    stand = (14, 14, 16)
    for x, facing in ((width * 0.04, 1), (width * 0.965, -1)):
        draw.line((x, height * 0.2, x, height * 0.9), fill=stand, width=8)
        for spread in (-50, 0, 50):
            draw.line(
                (x, height * 0.82, x + spread, height * 0.93), fill=stand, width=6
            )
        head = (x - 40 * facing, height * 0.12)
        draw.rectangle(
            (min(x, head[0]) - 30, head[1], max(x, head[0]) + 30, head[1] + 130),
            fill=(40, 40, 44),
        )
        glow_x = head[0] + 34 * facing
        draw.rectangle(
            (glow_x - 4, head[1] + 10, glow_x + 4, head[1] + 120), fill=(250, 246, 230)
        )
    draw.rectangle((0, 0, width, round(top)), fill=(18, 18, 20))
    for x in range(60, width, 180):
        draw.rectangle((x, 4, x + 36, round(top) + 18), fill=(46, 46, 50))
    return frame


def _soft_light(frame: Image.Image, shape, *, blur: float) -> Image.Image:
    """``frame`` (RGBA) under a blurred ``shape(draw, scale)``, drawn and blurred
    at a quarter of the size, which is as soft and far quicker."""
    scale = 4
    small = (frame.width // scale, frame.height // scale)
    light = Image.new("RGBA", small, (0, 0, 0, 0))
    shape(ImageDraw.Draw(light), scale)
    light = light.filter(ImageFilter.GaussianBlur(blur / scale)).resize(
        frame.size, Image.Resampling.BILINEAR
    )
    return Image.alpha_composite(frame, light)


def _skyline(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A city at dusk from a rooftop: the sun low in a warm sky, three layers of
    towers fading into the haze, lit windows, and the roof underfoot."""
    width, height = size
    horizon = round(height * 0.64)
    sky = _gradient((width, horizon), (22, 30, 72), (246, 150, 92))
    frame = Image.new("RGB", size, (0, 0, 0))
    frame.paste(sky, (0, 0))
    sun = (round(width * 0.74), round(horizon * 0.86))
    frame = _soft_light(
        frame.convert("RGBA"),
        lambda draw, k: draw.ellipse(
            [(sun[0] - 190) / k, (sun[1] - 190) / k]
            + [(sun[0] + 190) / k, (sun[1] + 190) / k],
            fill=(255, 210, 140, 120),
        ),
        blur=70,
    )
    draw = ImageDraw.Draw(frame)
    draw.ellipse(
        (sun[0] - 46, sun[1] - 46, sun[0] + 46, sun[1] + 46), fill=(255, 236, 190)
    )
    layers = (
        ((168, 118, 126), (60, 200), (40, 110), 0.0),
        ((104, 70, 92), (110, 300), (50, 140), 0.02),
        ((40, 30, 48), (160, 420), (70, 170), 0.14),
    )
    for colour, heights, widths, windows in layers:
        x = rng.randint(-60, 0)
        while x < width:
            building_width = rng.randint(*widths)
            building_top = horizon + 40 - rng.randint(*heights)
            draw.rectangle(
                (x, building_top, x + building_width, horizon + 60), fill=colour
            )
            if rng.random() < 0.15:  # a spire or a mast
                middle = x + building_width // 2
                draw.line(
                    (middle, building_top - rng.randint(40, 110), middle, building_top),
                    fill=colour,
                    width=4,
                )
            for wy in range(building_top + 14, horizon + 40, 22):
                for wx in range(x + 8, x + building_width - 10, 18):
                    if rng.random() < windows:
                        draw.rectangle((wx, wy, wx + 8, wy + 11), fill=(255, 206, 120))
            x += building_width + rng.randint(2, 24)
    frame = _soft_light(
        frame,
        lambda draw, k: draw.rectangle(
            (0, (horizon - 60) / k, width / k, (horizon + 70) / k),
            fill=(240, 160, 120, 60),
        ),
        blur=40,
    )
    draw = ImageDraw.Draw(frame)
    # The roof: a parapet behind the performer, the deck underfoot, a water tank.
    roof = round(height * 0.8)
    draw.rectangle((0, horizon + 40, width, roof), fill=(46, 40, 46))
    draw.rectangle((0, horizon + 40, width, horizon + 52), fill=(92, 76, 74))
    deck = _gradient((width, height - roof), (70, 56, 54), (30, 26, 30))
    frame.paste(deck, (0, roof))
    tank_x = round(width * 0.12)
    for leg in (-60, -20, 20, 60):
        draw.line(
            (tank_x + leg, horizon - 40, tank_x + leg * 1.3, horizon + 44),
            fill=(26, 22, 28),
            width=8,
        )
    draw.rectangle(
        (tank_x - 80, horizon - 210, tank_x + 80, horizon - 40), fill=(34, 28, 34)
    )
    draw.polygon(
        [
            (tank_x - 90, horizon - 210),
            (tank_x, horizon - 270),
            (tank_x + 90, horizon - 210),
        ],
        fill=(34, 28, 34),
    )
    return frame.convert("RGB")


def vfx_shot_jpegs(
    rng: random.Random,
    *,
    size: tuple[int, int] = SHOT_SIZE,
    plate_exif: bytes | None = None,
) -> tuple[bytes, bytes]:
    """One shot before and after the visual effects, as two JPEGs of one size:
    the plate (a performer on a green-screen stage with tracking markers, with
    ``plate_exif`` if given) and the final (the same performer composited onto a
    rooftop above a city at dusk)."""
    layout = SHOT_LAYOUT
    mask = _performer_mask(layout)
    plate = _green_screen(rng, layout)
    _put_performer(plate, mask, (40, 40, 44), (120, 200, 130), _spill(mask))
    _slate(plate, "VFX 042_0030 · PLATE")
    final = _skyline(rng, layout)
    shadow = Image.new("L", layout, 0)
    feet_y = round(layout[1] * 0.855)
    ImageDraw.Draw(shadow).ellipse(
        (layout[0] * 0.3, feet_y - 14, layout[0] * 0.5, feet_y + 16), fill=150
    )
    final.paste((10, 8, 12), (0, 0), shadow.filter(ImageFilter.GaussianBlur(14)))
    _put_performer(final, mask, (46, 36, 40), (255, 170, 96), _rim(mask, 3))
    _slate(final, "VFX 042_0030 · FINAL COMP")
    plate, final = (
        picture.resize(size, Image.Resampling.LANCZOS) for picture in (plate, final)
    )
    return _jpeg(plate, plate_exif), _jpeg(final)
