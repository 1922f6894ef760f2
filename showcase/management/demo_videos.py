"""Short video clips made on the spot, for the demo catalogue, tests and the
benchmark: no footage is downloaded.

A clip shows an upright scene (a warm band at the top, a cool one at the bottom, a
bright square crossing it) so that whoever looks at a transcoded frame can tell
which way up it is. The demo catalogue draws a nicer one (:class:`StageScene`): a
lit set with a figure in a moving spotlight and a slate naming the shot, as
:func:`phone_clip` (an upright phone recording) and :func:`featurette_clip` (a
landscape excerpt) write it.
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
PHONE_SIZE = (720, 1280)  # upright, as shown; coded turned, as a phone stores it
FEATURETTE_SIZE = (1280, 720)
PHONE_FPS = 30
FEATURETTE_FPS = 24
SHADE = (14, 14, 18)


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _plain(text: str) -> str:
    # The fallback fonts have no dashes: "Song — Artist" is set as "Song · Artist".
    return text.replace("—", "·").replace("–", "-")


def _timecode(t: float, fps: int) -> str:
    frames = round(t * fps)
    seconds, frame = divmod(frames, fps)
    minutes, second = divmod(seconds, 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{second:02d}:{frame:02d}"


class StageScene:
    """A lit set: a back wall of flats, a floor, and a figure walking in a
    spotlight that follows it, with a slate naming the shot and a running
    timecode. Everything that does not move is drawn once; a frame costs a copy,
    a blend and a few shapes.

    ``layout`` is "featurette" (a lower third, as an edited excerpt has) or
    "phone" (a story's progress bar and a handle, as a phone app shows).
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
        self.size = size
        self.layout = layout
        self.fps = fps
        self.seconds = seconds
        self.phase = rng.uniform(0, math.tau)
        top, bottom, accent = rng.choice(PALETTES)
        self.accent = accent
        width, height = size
        self.floor = int(height * (0.74 if layout == "featurette" else 0.7))
        self.base = self._set(rng, top, bottom, accent)
        self.beam = self._beam(accent)
        self.small_font = _font(max(14, height // 36))
        self._slate(_plain(title), _plain(subtitle))

    def _set(self, rng: random.Random, top, bottom, accent) -> Image.Image:
        width, height = self.size
        mask = Image.linear_gradient("L").resize(self.size)
        image = Image.composite(
            Image.new("RGB", self.size, bottom), Image.new("RGB", self.size, top), mask
        )
        draw = ImageDraw.Draw(image)
        # Flats of the back wall, a little darker than the wall, and a window.
        left = -rng.randint(0, width // 8)
        while left < width:
            flat = rng.randint(width // 6, width // 3)
            shade = rng.uniform(0.55, 0.8)
            colour = tuple(int(c * shade) for c in bottom)
            draw.rectangle((left + 4, height // 5, left + flat - 4, self.floor), colour)
            left += flat
        window = (
            rng.randint(width // 10, width // 2),
            height // 4,
            0,
            0,
        )
        side = min(width, height) // 4
        window = (window[0], window[1], window[0] + side, window[1] + side * 3 // 2)
        draw.rectangle(window, fill=tuple(min(255, c + 40) for c in top))
        draw.rectangle(window, outline=SHADE, width=max(4, side // 20))
        # The floor, its front edge catching the light.
        draw.rectangle((0, self.floor, width, height), fill=(26, 24, 26))
        draw.line((0, self.floor, width, self.floor), fill=accent, width=3)
        # A light stand at the side, in silhouette.
        stand = int(width * rng.choice((0.1, 0.88)))
        head = self.floor - int(height * 0.42)
        draw.line((stand, head, stand, self.floor), fill=SHADE, width=6)
        for spread in (-side // 4, 0, side // 4):
            draw.line(
                (stand, self.floor - side // 3, stand + spread, self.floor),
                fill=SHADE,
                width=5,
            )
        box = side // 4
        draw.rectangle((stand - box, head - box, stand + box, head + box), fill=SHADE)
        return image.filter(ImageFilter.GaussianBlur(1))

    def _beam(self, accent) -> Image.Image:
        """The spotlight: a soft cone with a pool of light on the floor, in the
        light's colour, for a screen blend (black adds nothing)."""
        width, height = self.size
        beam_width = int(min(width, height) * 0.62)
        scale = 4  # drawn small, blurred, enlarged: soft and quick
        small = (beam_width // scale, height // scale)
        mask = Image.new("L", small, 0)
        draw = ImageDraw.Draw(mask)
        centre = small[0] // 2
        pool_y = self.floor // scale + small[1] // 40
        pool_w, pool_h = small[0] * 0.46, small[1] * 0.035
        draw.polygon(
            [(centre - 3, 0), (centre + 3, 0), (centre + pool_w, pool_y)]
            + [(centre - pool_w, pool_y)],
            fill=70,
        )
        draw.ellipse(
            (centre - pool_w, pool_y - pool_h, centre + pool_w, pool_y + pool_h),
            fill=150,
        )
        mask = mask.filter(ImageFilter.GaussianBlur(small[0] / 18))
        mask = mask.resize((beam_width, height), Image.Resampling.BILINEAR)
        light = Image.new("RGB", mask.size, tuple(min(255, c + 30) for c in accent))
        return ImageChops.multiply(light, Image.merge("RGB", (mask, mask, mask)))

    def _slate(self, title: str, subtitle: str) -> None:
        width, height = self.size
        image = self.base.convert("RGBA")
        if self.layout == "featurette":
            band = int(height * 0.16)
            image.alpha_composite(
                Image.new("RGBA", (width, band), (0, 0, 0, 160)), (0, height - band)
            )
            draw = ImageDraw.Draw(image)
            margin = width // 30
            draw.rectangle(
                (margin, height - band + band // 5, margin + 6, height - band // 5),
                fill=self.accent,
            )
            draw.text(
                (margin + 24, height - band + band // 6),
                title.upper(),
                font=_font(band // 3),
                fill=(255, 255, 255),
            )
            draw.text(
                (margin + 24, height - band // 2 + 4),
                subtitle,
                font=_font(band // 5),
                fill=(225, 225, 225),
            )
            self.timecode_at = (width - margin - width // 6, height - band // 2 + 4)
        else:
            draw = ImageDraw.Draw(image)
            margin = width // 24
            band = int(height * 0.2)
            image.alpha_composite(
                Image.new("RGBA", (width, band), (0, 0, 0, 120)), (0, height - band)
            )
            draw = ImageDraw.Draw(image)
            draw.text(
                (margin, height - band + band // 6),
                title,
                font=_font(width // 18),
                fill=(255, 255, 255),
            )
            for number, line in enumerate(_wrap(subtitle, width // 26)):
                draw.text(
                    (margin, height - band + band // 6 + width // 12 + number * 34),
                    line,
                    font=_font(width // 26),
                    fill=(230, 230, 230),
                )
            self.timecode_at = (margin + 34, margin + 22)
        self.base = image.convert("RGB")

    def __call__(self, width: int, height: int, t: float) -> Image.Image:
        if (width, height) != self.size:
            raise ValueError(f"This scene is {self.size}, not {(width, height)}.")
        frame = self.base.copy()
        beam_width = self.beam.width
        sway = 0.5 + 0.42 * math.sin(t * 0.9 + self.phase)
        left = int((width - beam_width) * sway)
        box = (left, 0, left + beam_width, height)
        frame.paste(ImageChops.screen(frame.crop(box), self.beam), box)
        draw = ImageDraw.Draw(frame)
        self._figure(draw, left + beam_width // 2, t)
        self._overlay(draw, t)
        return frame

    def _figure(self, draw: ImageDraw.ImageDraw, x: int, t: float) -> None:
        """Someone walking their mark, in silhouette against the light."""
        height = self.size[1]
        tall = int(height * 0.3)
        feet = self.floor + height // 60
        bob = int(abs(math.sin(t * 5.0)) * tall * 0.02)
        head = tall // 7
        body_top = feet - tall + head * 2 - bob
        draw.ellipse(
            (x - head // 2 - 2, body_top - head - 4, x + head // 2 + 2, body_top - 4),
            fill=SHADE,
        )
        shoulders = tall // 5
        draw.rounded_rectangle(
            (x - shoulders // 2, body_top, x + shoulders // 2, feet - tall // 2),
            radius=shoulders // 3,
            fill=SHADE,
        )
        stride = int(math.sin(t * 5.0) * tall * 0.08)
        for step in (stride, -stride):
            draw.line(
                (x, feet - tall // 2 - 4, x + step, feet),
                fill=SHADE,
                width=max(6, shoulders // 3),
            )

    def _overlay(self, draw: ImageDraw.ImageDraw, t: float) -> None:
        width, height = self.size
        x, y = self.timecode_at
        if self.layout == "phone":
            margin = width // 24
            # A story's progress bar, filling as the clip plays.
            done = min(1.0, t / self.seconds)
            draw.rectangle(
                (margin, margin // 2, width - margin, margin // 2 + 5),
                fill=(120, 120, 120),
            )
            draw.rectangle(
                (
                    margin,
                    margin // 2,
                    margin + int((width - 2 * margin) * done),
                    margin // 2 + 5,
                ),
                fill=(255, 255, 255),
            )
            if int(t * 2) % 2 == 0:  # the recording light blinks
                draw.ellipse((x - 30, y + 4, x - 12, y + 22), fill=(230, 40, 40))
            draw.text(
                (x, y),
                f"REC {_timecode(t, self.fps)[3:8]}",
                font=self.small_font,
                fill=(255, 255, 255),
            )
        else:
            draw.text(
                (x, y),
                _timecode(t, self.fps),
                font=self.small_font,
                fill=(235, 235, 235),
            )


def _wrap(text: str, max_chars: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= max_chars:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines[:2]


def phone_clip(
    path: str,
    *,
    rng: random.Random,
    handle: str,
    caption: str,
    seconds: float = 5.0,
) -> str:
    """An upright phone recording as an iPhone saves it: HEVC in a QuickTime
    file, coded sideways with a display rotation, and the phone's make and model
    in the metadata (which transcoding leaves out)."""
    scene_ = StageScene(
        PHONE_SIZE,
        rng=rng,
        title=f"@{handle}",
        subtitle=caption,
        layout="phone",
        fps=PHONE_FPS,
        seconds=seconds,
    )
    width, height = PHONE_SIZE
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
        draw=scene_,
    )


def featurette_clip(
    path: str,
    *,
    rng: random.Random,
    title: str,
    subtitle: str,
    seconds: float = 7.0,
) -> str:
    """A landscape excerpt of a making-of featurette, H.264 in an MP4."""
    scene_ = StageScene(
        FEATURETTE_SIZE,
        rng=rng,
        title=title,
        subtitle=subtitle,
        fps=FEATURETTE_FPS,
        seconds=seconds,
    )
    width, height = FEATURETTE_SIZE
    return make_clip(
        path,
        width=width,
        height=height,
        seconds=seconds,
        fps=FEATURETTE_FPS,
        draw=scene_,
    )
