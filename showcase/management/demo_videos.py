"""Short video clips made on the spot, for the demo catalogue, tests and the
benchmark: no footage is downloaded.

A clip shows an upright scene (a warm band at the top, a cool one at the bottom, a
bright square crossing it) so that whoever looks at a transcoded frame can tell
which way up it is.
"""

import math
from fractions import Fraction

import av
from PIL import Image, ImageDraw

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
) -> str:
    """Write a clip of an upright ``width`` × ``height`` scene to ``path``.

    With ``display_rotation`` (counter-clockwise degrees, as FFmpeg's display
    matrix and phones store it) the picture is coded turned the other way, as a
    phone held upright records it, and the container says how to turn it back.
    ``black_seconds`` opens with black frames (a poster must skip them);
    ``variable_rate`` spaces frames unevenly, as phones do in low light.
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
                else scene(width, height, t)
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
