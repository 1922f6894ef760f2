"""Video transcoding and large video uploads: ``python -m bench.video``.

    make PATH [--seconds N] [--flat]   write a 1080p 30 fps H.264/AAC MP4 (60 s)
    measure PATH [--heights 720,…]     bts_catalog.videos.transcode: time, peak memory
    poster PATH                        the poster alone, picked as transcode picks it
    pad SOURCE TARGET BYTES            SOURCE grown to BYTES by a top-level free box
    setup                              on DATABASE_URL: a curator, a draft post, a token

``measure`` and ``poster`` are meant to run in a fresh process each (bench/run.py
starts one per case): their peak resident memory (ru_maxrss) is then that of one
transcode on top of an idle Django process, which they also report. bench/run.py
uses :func:`upload` and :class:`RssSampler` to stream a large file to a running
server while it follows the worker's memory.
"""

import array
import http.client
import json
import math
import os
import random
import resource
import secrets
import shutil
import struct
import sys
import tempfile
import threading
import time
import urllib.parse
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image, ImageChops, ImageDraw

from bench.renditions import textured

WIDTH, HEIGHT, FPS, SECONDS = 1920, 1080, 30, 60.0
SAMPLE_RATE = 48_000
# A camera's kind of H.264 (High profile: CABAC, B-frames), made quickly; at this
# quality the noise below gives about the 15–20 Mbit/s a phone records 1080p30 at.
SOURCE_OPTIONS = {"preset": "superfast", "crf": "22"}
NOISE_SIGMA = 4
NOISE_FRAMES = 6
# The scene is larger than the frame by this much, for the camera to pan across.
PAN_X, PAN_Y = 480, 270
FREE_BOX = b"free"


# --- The clip ------------------------------------------------------------------------
def _scenery(width: int, height: int) -> Image.Image:
    """Detail for the encoder to track as the camera pans, neither flat nor pure
    noise (the rendition benchmark's picture, finer)."""
    return textured(
        width,
        height,
        seed=60,
        shapes=120,
        widths=(40, 500),
        heights=(40, 400),
        blur=2,
        noise=20,
    )


def _sound() -> tuple[bytes, bytes]:
    """One second and one frame of two soft chords with a little hiss (32-bit
    float, left and right), to be played in a loop."""
    rng = random.Random(48)  # noqa: S311
    channels = []
    for notes in ((220, 330, 440), (247, 370, 494)):
        samples = array.array(
            "f",
            (
                sum(
                    0.08 * math.sin(2 * math.pi * note * i / SAMPLE_RATE)
                    for note in notes
                )
                + rng.uniform(-0.01, 0.01)
                for i in range(SAMPLE_RATE)
            ),
        )
        samples.extend(samples[:1024])
        channels.append(samples.tobytes())
    return channels[0], channels[1]


def _make_panning(path: str, seconds: float) -> None:
    """A camera panning slowly across a detailed scene while three bright discs
    cross it, with sensor-like noise that changes every frame, and sound."""
    scenery = _scenery(WIDTH + PAN_X, HEIGHT + PAN_Y)
    noise = [
        Image.effect_noise((WIDTH, HEIGHT), NOISE_SIGMA).convert("RGB")
        for _ in range(NOISE_FRAMES)
    ]
    left, right = _sound()
    with av.open(path, "w", format="mp4", options={"movflags": "+faststart"}) as out:
        video = out.add_stream("libx264", rate=FPS)
        video.width, video.height = WIDTH, HEIGHT
        video.pix_fmt = "yuv420p"
        video.time_base = video.codec_context.time_base = Fraction(1, FPS)
        video.options = SOURCE_OPTIONS
        audio = out.add_stream("aac", rate=SAMPLE_RATE)
        audio.layout = "stereo"
        audio.bit_rate = 128_000
        samples_done = 0
        for index in range(int(seconds * FPS)):
            t = index / FPS
            x = int(PAN_X / 2 + (PAN_X / 2 - 10) * math.sin(t * 0.4))
            y = int(PAN_Y / 2 + (PAN_Y / 2 - 5) * math.sin(t * 0.27))
            picture = scenery.crop((x, y, x + WIDTH, y + HEIGHT))
            draw = ImageDraw.Draw(picture)
            for k in range(3):
                side = 140 + 60 * k
                px = int(
                    (WIDTH - side) * (0.5 + 0.5 * math.sin(t * (0.9 + 0.4 * k) + k))
                )
                py = int(
                    (HEIGHT - side) * (0.5 + 0.5 * math.cos(t * (0.7 + 0.3 * k) + k))
                )
                draw.ellipse(
                    (px, py, px + side, py + side), fill=(250 - 60 * k, 240, 220)
                )
            picture = ImageChops.add(picture, noise[index % NOISE_FRAMES], offset=-128)
            frame = av.VideoFrame.from_image(picture).reformat(format="yuv420p")
            frame.pts = index
            out.mux(video.encode(frame))
            # Sound up to this frame's end, so that the file interleaves as a
            # camera's does.
            while samples_done < (index + 1) * SAMPLE_RATE / FPS:
                sound = av.AudioFrame(format="fltp", layout="stereo", samples=1024)
                offset = (samples_done % SAMPLE_RATE) * 4
                sound.planes[0].update(left[offset : offset + 4096])
                sound.planes[1].update(right[offset : offset + 4096])
                sound.sample_rate = SAMPLE_RATE
                sound.pts = samples_done
                out.mux(audio.encode(sound))
                samples_done += 1024
        out.mux(video.encode(None))
        out.mux(audio.encode(None))


def describe(path: str) -> dict[str, object]:
    """What FFmpeg reads in a file: container, duration, streams, bit rate."""
    size = os.path.getsize(path)
    with av.open(path, metadata_errors="ignore") as container:
        video = container.streams.video[0]
        duration = (
            float(video.duration * video.time_base)
            if video.duration
            else container.duration / av.time_base
        )
        return {
            "bytes": size,
            "duration_s": round(duration, 3),
            "width": video.codec_context.width,
            "height": video.codec_context.height,
            "fps": round(float(video.average_rate or 0), 3),
            "video_codec": video.codec_context.name,
            "profile": video.codec_context.profile,
            "audio": [
                f"{a.codec_context.name} {a.rate} Hz {a.layout.name}"
                for a in container.streams.audio
            ],
            "mbit_per_s": round(size * 8 / duration / 1e6, 2),
        }


def make(path: str, *, seconds: float = SECONDS, flat: bool = False) -> dict:
    started = time.perf_counter()
    if flat:
        # The demo catalogue's scene: flat colours and one square, which H.264
        # squeezes to almost nothing; a lower bound, not a camera's footage.
        from showcase.management.demo_videos import make_clip

        make_clip(
            path,
            width=WIDTH,
            height=HEIGHT,
            seconds=seconds,
            fps=FPS,
            codec="libx264",
            audio=True,
        )
    else:
        _make_panning(path, seconds)
    made_s = time.perf_counter() - started
    scene = "flat (demo_videos.make_clip)" if flat else "panning, textured, noisy"
    return {"path": path, "scene": scene, "make_s": round(made_s, 1), **describe(path)}


def pad(source: str, target: str, total: int) -> dict[str, object]:
    """``source`` followed by one top-level ``free`` box up to ``total`` bytes:
    still a valid ISO base media file, which FFmpeg (and intake) reads as the
    same video. The box's zeros are a hole in the file (sparse): nothing is
    written for them, and reading them costs no disk."""
    size = os.path.getsize(source)
    box = total - size
    if not 8 <= box < 2**32:
        raise SystemExit(f"A free box of {box} bytes needs a 64-bit size; not done.")
    shutil.copyfile(source, target)
    with open(target, "r+b") as file:
        file.seek(size)
        file.write(struct.pack(">I4s", box, FREE_BOX))
        file.truncate(total)
    return {"path": target, "source_bytes": size, **describe(target)}


# --- Transcoding ---------------------------------------------------------------------
def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def _cpu_s() -> float:
    """CPU time of this process, every thread (FFmpeg's and x264's) included."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(path: str, heights: tuple[int, ...] | None = None) -> dict:
    """One ``transcode`` of ``path``, as the worker runs it (all renditions in one
    pass), or only the renditions of ``heights``."""
    import django

    django.setup()
    from bts_catalog import videos

    if heights:
        videos.RENDITION_HEIGHTS = heights
    baseline_rss, baseline_peak = _current_rss_mb(), _peak_rss_mb()
    cpu_before = _cpu_s()
    with tempfile.TemporaryDirectory(prefix="bench-transcode-") as workdir:
        started = time.perf_counter()
        result = videos.transcode(path, workdir)
        wall = time.perf_counter() - started
        peak = _peak_rss_mb()
        cpu = _cpu_s() - cpu_before
        renditions = [
            {"label": r.label, "width": r.width, "height": r.height, **describe(r.path)}
            for r in result.renditions
        ]
    duration = result.duration
    return {
        "software": {"pyav": av.__version__, "ffmpeg": av.ffmpeg_version_info},
        "heights": list(videos.RENDITION_HEIGHTS),
        "renditions": renditions,
        "poster": {
            "width": result.poster_width,
            "height": result.poster_height,
            "webp_bytes": len(result.poster_webp),
            "jpeg_bytes": len(result.poster_jpeg),
        },
        "duration_s": round(duration, 3),
        "wall_s": round(wall, 2),
        "realtime_multiple": round(wall / duration, 3),
        "fps": round(duration * float(describe(path)["fps"]) / wall, 1),
        "cpu_s": round(cpu, 1),
        "cores_busy": round(cpu / wall, 2),
        "baseline_rss_mb": round(baseline_rss, 1),
        "baseline_peak_rss_mb": round(baseline_peak, 1),
        "peak_rss_mb": round(peak, 1),
        "peak_delta_mb": round(peak - baseline_rss, 1),
    }


def poster(path: str) -> dict:
    """The poster on its own, the way ``transcode`` picks it: decode from the start
    to 10 % of the video (then 25 %, 50 %, 75 % while frames show nothing), score
    the frame, scale it and encode it as WebP and JPEG. Inside ``transcode`` the
    same work runs alongside the renditions, and the poster is stored with them."""
    import io

    import django

    django.setup()
    from bts_catalog.videos import POSTER_MAX_SIDE, _duration, _score

    started = time.perf_counter()
    frames = 0
    with av.open(path, metadata_errors="ignore") as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        duration = _duration(container, stream)
        moments = [duration * share for share in (0.1, 0.25, 0.5, 0.75)]
        chosen, best, start = None, None, None
        for frame in container.decode(stream):
            frames += 1
            start = frame.pts if start is None else start
            seconds = float((frame.pts - start) * stream.time_base)
            if seconds >= moments[0]:
                moments.pop(0)
                image = frame.to_image()
                good, spread = _score(image)
                if good:
                    chosen = image
                    break
                if best is None or spread > best[0]:
                    best = (spread, image)
                if not moments:
                    break
    picked = time.perf_counter()
    image = chosen or best[1]
    image.thumbnail((POSTER_MAX_SIDE, POSTER_MAX_SIDE), Image.Resampling.LANCZOS)
    webp, jpeg = io.BytesIO(), io.BytesIO()
    image.save(webp, format="WEBP", quality=80)
    image.convert("RGB").save(jpeg, format="JPEG", quality=85, optimize=True)
    finished = time.perf_counter()
    return {
        "at_s": round(seconds, 2),
        "frames_decoded": frames,
        "pick_s": round(picked - started, 3),
        "encode_s": round(finished - picked, 3),
        "total_s": round(finished - started, 3),
        "size": list(image.size),
        "webp_bytes": webp.tell(),
        "jpeg_bytes": jpeg.tell(),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


# --- The upload ----------------------------------------------------------------------
def setup() -> dict[str, str]:
    """A curator account with an API token and a draft post to add media to, on
    the (throwaway) database of DATABASE_URL."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from media_assets.models import Post
    from productions.models import Production

    user = get_user_model().objects.create_superuser(
        username="bench-video", email="bench-video@example.com", password=None
    )
    production = Production.objects.create(
        title="The Bench Reel", kind="film", status="released"
    )
    post = Post.objects.create(
        production=production,
        title="A minute on set",
        kind="video",
        phase="production",
        provenance="official",
        status="draft",
        author=user,
    )
    return {"post": post.slug, "token": Token.objects.create(user=user).key}


def upload(
    base: str,
    path: str,
    *,
    token: str,
    file_path: str,
    fields: dict[str, str],
    timeout: float = 600,
) -> dict[str, object]:
    """POST ``file_path`` as multipart/form-data (field ``file``, plus ``fields``)
    to a local server, read from disk and sent 1 MiB at a time."""
    address = urllib.parse.urlsplit(base)
    if address.hostname != "127.0.0.1":
        raise SystemExit(f"Uploads go to 127.0.0.1 only, not {base}.")
    boundary = secrets.token_hex(16)
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="{Path(file_path).name}"\r\nContent-Type: video/mp4\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    size = os.path.getsize(file_path)
    connection = http.client.HTTPConnection(
        address.hostname, address.port, timeout=timeout
    )
    started = time.perf_counter()
    try:
        connection.putrequest("POST", path)
        connection.putheader("Authorization", f"Token {token}")
        connection.putheader("Accept", "application/json")
        connection.putheader(
            "Content-Type", f"multipart/form-data; boundary={boundary}"
        )
        connection.putheader("Content-Length", str(len(head) + size + len(tail)))
        connection.endheaders()
        connection.send(head)
        try:
            with open(file_path, "rb") as file:
                while chunk := file.read(1024 * 1024):
                    connection.send(chunk)
            connection.send(tail)
        except (BrokenPipeError, ConnectionResetError):
            pass  # answered before the end (refused): the answer says why
        sent = time.perf_counter()
        response = connection.getresponse()
        body = response.read()
        answered = time.perf_counter()
    finally:
        connection.close()
    try:
        answer = json.loads(body)
    except ValueError:
        answer = body[:500].decode(errors="replace")
    return {
        "bytes": size,
        "status": response.status,
        "send_s": round(sent - started, 2),
        "answer_s": round(answered - sent, 2),
        "total_s": round(answered - started, 2),
        "mb_per_s": round(size / 2**20 / max(sent - started, 1e-9), 1),
        "answer": answer,
    }


def process_memory_mb(pid: int) -> dict[str, float]:
    """VmRSS (now) and VmHWM (the most it has been) of a process, in MiB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024  # kB
    return found


class RssSampler:
    """Samples a process's resident memory in a thread, every ``interval`` s."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        started = time.perf_counter()
        while True:
            try:
                rss = process_memory_mb(self.pid)["VmRSS"]
            except (OSError, KeyError):  # the process is gone
                return
            self.samples.append((time.perf_counter() - started, rss))
            if self._stop.wait(self.interval):
                return

    def __enter__(self) -> "RssSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return max(rss for _, rss in self.samples)


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "make":
        seconds = SECONDS
        if "--seconds" in argv:
            seconds = float(argv[argv.index("--seconds") + 1])
        result = make(argv[1], seconds=seconds, flat="--flat" in argv)
    elif len(argv) in (2, 4) and argv[0] == "measure":
        heights = None
        if "--heights" in argv:
            value = argv[argv.index("--heights") + 1]
            heights = tuple(int(h) for h in value.split(","))
        result = measure(argv[1], heights)
    elif len(argv) == 2 and argv[0] == "poster":
        result = poster(argv[1])
    elif len(argv) == 4 and argv[0] == "pad":
        result = pad(argv[1], argv[2], int(argv[3]))
    elif argv == ["setup"]:
        result = setup()
    else:
        raise SystemExit(__doc__)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
