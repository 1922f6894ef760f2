"""Short video clips made on the spot, for the demo catalogue, tests and the
benchmark: no footage is downloaded.

A clip shows an upright scene (a warm band at the top, a cool one at the bottom, a
bright square crossing it) so that whoever looks at a transcoded frame can tell
which way up it is. The demo catalogue draws a nicer one (:class:`StageScene`): a
lit set with a figure in a moving spotlight, and over it a lower third naming the
speaker or a phone app's handle and caption, as :func:`featurette_clip` (a
landscape excerpt) and :func:`phone_clip` (an upright phone recording) write it.
"""

import math
import random
from collections.abc import Callable
from fractions import Fraction

import av
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from showcase.management.demo_images import PALETTES

TOP = (230, 120, 40)  # warm: the top of the upright picture
BOTTOM = (40, 90, 200)  # cool: its bottom


def scene(width: int, height: int, t: float) -> Image.Image:
    """The upright picture at ``t`` seconds."""
    image = Image.new("RGB", (width, height), BOTTOM)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, height // 2], fill=TOP)
    side = max(8, min(width, height) // 6)
    x = int((width - side) * (0.5 + 0.5 * math.sin(t * 1.7)))
    y = int((height - side) * (0.5 + 0.5 * math.cos(t * 1.1)))
    draw.rectangle([x, y, x + side, y + side], fill=(250, 250, 250))
    return image


def make_clip(
    path: str,
    *,
    width: int = 320,
    height: int = 180,
    seconds: float = 2.0,
    fps: int = 24,
    codec: str = "libx264",
    display_rotation: int = 0,
    audio: bool = True,
    black_seconds: float = 0.0,
    variable_rate: bool = False,
    container_format: str = "mp4",
    metadata: dict | None = None,
    draw: Callable[[int, int, float], Image.Image] = scene,
) -> str:
    """Write a clip of an upright ``width`` × ``height`` scene to ``path``.

    With ``display_rotation`` (counter-clockwise degrees, as FFmpeg's display
    matrix and phones store it) the picture is coded turned the other way, as a
    phone held upright records it, and the container says how to turn it back.
    ``black_seconds`` opens with black frames (a poster must skip them);
    ``variable_rate`` spaces frames unevenly, as phones do in low light.
    ``draw`` paints the upright picture at a moment (:func:`scene` by default).
    """
    coded_w, coded_h = (height, width) if display_rotation % 180 else (width, height)
    options = {"movflags": "+faststart"} if container_format == "mp4" else {}
    with av.open(path, "w", format=container_format, options=options) as output:
        if metadata:
            output.metadata.update(metadata)
        video = output.add_stream(codec, rate=fps)
        video.width, video.height = coded_w, coded_h
        video.pix_fmt = "yuv420p"
        time_base = Fraction(1, fps * 10)
        video.time_base = time_base
        video.codec_context.time_base = time_base
        if codec == "libx264":
            video.options = {"preset": "ultrafast"}
        elif codec == "libx265":
            video.options = {"preset": "ultrafast", "x265-params": "log-level=none"}
        if display_rotation:
            video.set_display_rotation(display_rotation)
        sound = None
        if audio:
            sound = output.add_stream("aac", rate=48000)
            sound.layout = "mono"
        frames = int(seconds * fps)
        pts = 0
        for index in range(frames):
            t = index / fps
            picture = (
                Image.new("RGB", (width, height))
                if t < black_seconds
                else draw(width, height, t)
            )
            if display_rotation:
                # Coded turned so that turning it by the display rotation (clockwise
                # for a negative angle) shows the upright scene.
                picture = picture.rotate(-display_rotation, expand=True)
            frame = av.VideoFrame.from_image(picture).reformat(format="yuv420p")
            frame.pts, frame.time_base = pts, time_base
            output.mux(video.encode(frame))
            pts += 10 if not variable_rate else (10 if index % 3 else 23)
        output.mux(video.encode(None))
        if sound is not None:
            samples = 1024
            total = int(seconds * 48000)
            for start in range(0, total, samples):
                silence = av.AudioFrame(format="fltp", layout="mono", samples=samples)
                silence.planes[0].update(b"\x00" * (samples * 4))
                silence.sample_rate = 48000
                silence.pts = start
                output.mux(sound.encode(silence))
            output.mux(sound.encode(None))
    return path


# --- The demo catalogue's clips ----------------------------------------------------
PHONE_SIZE = (720, 1280)  # upright, as shown; coded sideways, as a phone stores it
FEATURETTE_SIZE = (1280, 720)
PHONE_FPS = 30
FEATURETTE_FPS = 24
SHADE = (14, 14, 18)  # silhouettes: flats, the light stand, the figure


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _plain(text: str) -> str:
    # The fallback fonts have no dashes: "Song — Artist" is set as "Song · Artist".
    return text.replace("—", "·").replace("–", "-")


def _wrap(text: str, *, max_chars: int, max_lines: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = f"{lines[-1].rstrip('.,;:')}..."
    return lines


def timecode(t: float, fps: int) -> str:
    """SMPTE-style HH:MM:SS:FF of a moment ``t`` seconds in."""
    seconds, frame = divmod(round(t * fps), fps)
    minutes, second = divmod(seconds, 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{second:02d}:{frame:02d}"


class StageScene:
    """A lit set — a wall of flats with a window, a floor, a light stand — and a
    figure walking its mark in a spotlight that follows it, with a running
    timecode. Called as ``scene(width, height, t)``, like :func:`scene`.

    ``layout`` "featurette" names the speaker in a lower third (set above where a
    player shows captions) as an edited excerpt does; "phone" shows a story's
    progress bar, a blinking recording light, a handle and a caption, as a
    phone app does. What does not move is drawn once: a frame costs a copy, one
    blend and a few shapes.
    """

    def __init__(
        self,
        size: tuple[int, int],
        *,
        rng: random.Random,
        title: str,
        subtitle: str,
        layout: str = "featurette",
        fps: int = FEATURETTE_FPS,
        seconds: float = 6.0,
    ) -> None:
        if layout not in {"featurette", "phone"}:
            raise ValueError(f"Unknown layout {layout!r}.")
        self.size, self.layout, self.fps, self.seconds = size, layout, fps, seconds
        self.sway_phase = rng.uniform(0, math.tau)
        top, bottom, self.accent = rng.choice(PALETTES)
        self.floor = int(size[1] * (0.74 if layout == "featurette" else 0.7))
        self.margin = min(size) // 24
        self.font = _font(max(14, size[1] // 36))
        self.base = self._set(rng, top, bottom)
        self.slate, self.slate_at = self._slate(_plain(title), _plain(subtitle))
        self.beam = self._beam()

    def _set(self, rng: random.Random, top, bottom) -> Image.Image:
        width, height = self.size
        mask = Image.linear_gradient("L").resize(self.size)
        image = Image.composite(
            Image.new("RGB", self.size, bottom), Image.new("RGB", self.size, top), mask
        )
        draw = ImageDraw.Draw(image)
        left = -rng.randint(0, width // 8)
        while left < width:  # the flats, each a little darker than the wall
            flat = rng.randint(width // 6, width // 3)
            colour = tuple(int(c * rng.uniform(0.55, 0.8)) for c in bottom)
            draw.rectangle((left + 4, height // 5, left + flat - 4, self.floor), colour)
            left += flat
        side = min(width, height) // 4
        x, y = rng.randint(width // 10, width // 2), height // 4
        window = (x, y, x + side, y + side * 3 // 2)
        draw.rectangle(window, fill=tuple(min(255, c + 40) for c in top))
        draw.rectangle(window, outline=SHADE, width=max(4, side // 20))
        draw.rectangle((0, self.floor, width, height), fill=(26, 24, 26))
        draw.line((0, self.floor, width, self.floor), fill=self.accent, width=3)
        stand = int(width * rng.choice((0.1, 0.88)))
        head = self.floor - int(height * 0.42)
        draw.line((stand, head, stand, self.floor), fill=SHADE, width=6)
        for spread in (-side // 4, 0, side // 4):
            foot = (stand + spread, self.floor)
            draw.line((stand, self.floor - side // 3, *foot), fill=SHADE, width=5)
        lamp = side // 4
        draw.rectangle((stand - lamp, head - lamp, stand + lamp, head + lamp), SHADE)
        return image.filter(ImageFilter.GaussianBlur(1))

    def _slate(self, title: str, subtitle: str) -> tuple[Image.Image, tuple[int, int]]:
        """The words over the picture, drawn once on a transparent layer (cut to
        what they cover) that every frame gets on top, and where it goes."""
        width, height = self.size
        margin = self.margin
        layer = Image.new("RGBA", self.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        if self.layout == "featurette":
            title_font, subtitle_font = _font(height // 20), _font(height // 34)
            text_width = max(
                draw.textlength(title, font=title_font),
                draw.textlength(subtitle, font=subtitle_font),
            )
            box_height = height // 7
            top = int(height * 0.62)
            box = (margin, top, margin * 4 + int(text_width), top + box_height)
            draw.rectangle(box, fill=(0, 0, 0, 170))
            draw.rectangle((margin, top, margin + 6, box[3]), fill=self.accent)
            text_x = margin * 2 + 6
            draw.text((text_x, top + box_height // 8), title, font=title_font)
            draw.text(
                (text_x, top + box_height * 5 // 8),
                subtitle,
                font=subtitle_font,
                fill=(225, 225, 225),
            )
            self.timecode_at = (width - margin - height // 4, margin)
        else:
            band = int(height * 0.2)
            draw.rectangle((0, height - band, width, height), fill=(0, 0, 0, 130))
            y = height - band + band // 8
            draw.text((margin, y), title, font=_font(width // 17))
            y += width // 14
            line_font = _font(width // 26)
            for line in _wrap(subtitle, max_chars=44, max_lines=3):
                draw.text((margin, y), line, font=line_font, fill=(230, 230, 230))
                y += width // 20
            self.timecode_at = (margin + 30, margin + 16)
        left, top, right, bottom = layer.getbbox()
        return layer.crop((left, top, right, bottom)), (left, top)

    def _beam(self) -> Image.Image:
        """The spotlight: a soft cone and a pool of light on the floor, in the
        light's colour on black, for a screen blend (black adds nothing)."""
        width, height = self.size
        beam_width = int(min(width, height) * 0.62)
        scale = 4  # drawn small, blurred, enlarged: soft and quick
        small_width, small_height = beam_width // scale, height // scale
        mask = Image.new("L", (small_width, small_height), 0)
        draw = ImageDraw.Draw(mask)
        centre = small_width / 2
        pool_y = self.floor / scale + small_height / 40
        pool_w, pool_h = small_width * 0.46, small_height * 0.035
        cone = [(centre - 3, 0), (centre + 3, 0)]
        cone += [(centre + pool_w, pool_y), (centre - pool_w, pool_y)]
        draw.polygon(cone, fill=70)
        draw.ellipse(
            (centre - pool_w, pool_y - pool_h, centre + pool_w, pool_y + pool_h),
            fill=150,
        )
        mask = mask.filter(ImageFilter.GaussianBlur(small_width / 18))
        mask = mask.resize((beam_width, height), Image.Resampling.BILINEAR)
        colour = tuple(min(255, c + 30) for c in self.accent)
        return ImageChops.multiply(
            Image.new("RGB", mask.size, colour), Image.merge("RGB", [mask] * 3)
        )

    def __call__(self, width: int, height: int, t: float) -> Image.Image:
        if (width, height) != self.size:
            raise ValueError(f"This scene is {self.size}, not {(width, height)}.")
        frame = self.base.copy()
        beam_width = self.beam.width
        sway = 0.5 + 0.42 * math.sin(t * 0.9 + self.sway_phase)
        left = int((width - beam_width) * sway)
        box = (left, 0, left + beam_width, height)
        frame.paste(ImageChops.screen(frame.crop(box), self.beam), box)
        draw = ImageDraw.Draw(frame)
        self._figure(draw, left + beam_width // 2, t)
        frame.paste(self.slate, self.slate_at, self.slate)
        self._running(draw, t)
        return frame

    def _figure(self, draw: ImageDraw.ImageDraw, x: int, t: float) -> None:
        """Someone walking their mark, in silhouette against the light."""
        tall = int(self.size[1] * 0.3)
        feet = self.floor + self.size[1] // 60
        step = math.sin(t * 5.0)
        hips = feet - tall * 9 // 20
        shoulders = feet - tall * 3 // 4 - int(abs(step) * tall * 0.02)
        head = tall // 7
        draw.ellipse(
            (x - head // 2, shoulders - head - 4, x + head // 2, shoulders - 4),
            fill=SHADE,
        )
        breadth = tall // 5
        draw.rounded_rectangle(
            (x - breadth // 2, shoulders, x + breadth // 2, hips + breadth // 4),
            radius=breadth // 3,
            fill=SHADE,
        )
        stride = int(step * tall * 0.12)
        for foot in (x + stride, x - stride):
            draw.line((x, hips, foot, feet), fill=SHADE, width=max(6, breadth // 3))

    def _running(self, draw: ImageDraw.ImageDraw, t: float) -> None:
        """What changes every frame besides the light: the timecode and, on a
        phone, the progress bar and the recording light."""
        x, y = self.timecode_at
        if self.layout == "featurette":
            draw.text((x, y), f"TC {timecode(t, self.fps)}", font=self.font)
            return
        width, margin = self.size[0], self.margin
        bar = (margin, margin // 2, width - margin, margin // 2 + 5)
        draw.rectangle(bar, fill=(120, 120, 120))
        played = margin + int((width - 2 * margin) * min(1.0, t / self.seconds))
        draw.rectangle((margin, bar[1], played, bar[3]), fill=(255, 255, 255))
        if int(t * 2) % 2 == 0:  # the recording light blinks
            draw.ellipse((x - 28, y + 6, x - 10, y + 24), fill=(230, 40, 40))
        draw.text((x, y), f"REC {timecode(t, self.fps)[3:8]}", font=self.font)


def phone_clip(
    path: str,
    *,
    rng: random.Random,
    handle: str,
    caption: str,
    seconds: float = 5.0,
) -> str:
    """An upright phone recording as an iPhone saves it: HEVC in a QuickTime
    file, coded sideways with a display rotation, with the phone's make and model
    in its metadata (which transcoding leaves out)."""
    width, height = PHONE_SIZE
    picture = StageScene(
        PHONE_SIZE,
        rng=rng,
        title=f"@{handle}",
        subtitle=caption,
        layout="phone",
        fps=PHONE_FPS,
        seconds=seconds,
    )
    return make_clip(
        path,
        width=width,
        height=height,
        seconds=seconds,
        fps=PHONE_FPS,
        codec="libx265",
        display_rotation=-90,
        container_format="mov",
        metadata={"make": "Apple", "model": "iPhone 15 Pro"},
        draw=picture,
    )


def featurette_clip(
    path: str,
    *,
    rng: random.Random,
    speaker: str,
    credit: str,
    seconds: float = 6.0,
) -> str:
    """A landscape excerpt of a making-of featurette, H.264 in an MP4, with the
    speaker named in a lower third."""
    width, height = FEATURETTE_SIZE
    picture = StageScene(
        FEATURETTE_SIZE,
        rng=rng,
        title=speaker,
        subtitle=credit,
        fps=FEATURETTE_FPS,
        seconds=seconds,
    )
    return make_clip(
        path,
        width=width,
        height=height,
        seconds=seconds,
        fps=FEATURETTE_FPS,
        draw=picture,
    )
