"""Placeholder pictures for the demo catalogue, drawn with Pillow (no files, no net).

Stills are soft gradients with stage-light blobs, set-flat silhouettes and a
caption band; posters are portrait compositions with the production's title.
"""

import io
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

STILL_SIZE = (1200, 800)
POSTER_SIZE = (800, 1200)

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


def _jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=85, optimize=True)
    return buffer.getvalue()


def still_jpeg(rng: random.Random, *, number: int, caption: str) -> bytes:
    """A ~1200×800 'behind the scenes still' placeholder."""
    top, bottom, accent = rng.choice(PALETTES)
    image = _glow(_gradient(STILL_SIZE, top, bottom), rng, accent, rng.randint(3, 6))
    _silhouettes(image, rng)
    _caption_band(image, f"Behind the scenes · still {number:02d}", caption)
    return _jpeg(image)


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
