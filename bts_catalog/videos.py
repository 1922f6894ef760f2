"""Video intake and transcoding, through FFmpeg's libraries (PyAV).

``intake_video`` reads what an upload really is — a video container with a
picture stream that decodes — and refuses anything else with a clear message,
before anything is stored. The upload is streamed to a file on disk: the web
process never holds a whole video in memory.

``transcode`` turns an accepted source into what browsers play everywhere: an
H.264/AAC MP4 (``faststart``, so playback starts before the download ends) at
720p, plus 1080p when the source has it, with the source's rotation applied and
none of its metadata (place, device) carried over; and a poster frame taken from a
moment that shows something, as WebP and JPEG.
"""

import hashlib
import io
import os
import shutil
import tempfile
import uuid
import weakref
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from PIL import Image, ImageStat

# Container formats (as FFmpeg names them) that hold videos we take.
VIDEO_CONTAINERS = {
    "mov,mp4,m4a,3gp,3g2,mj2": ".mp4",
    "matroska,webm": ".webm",
}
ACCEPTED_VIDEO_LABEL = "MP4, QuickTime (.mov) or WebM"
# Short sides of the MP4s made from a source: the first always (or the source's
# own, when smaller), the others when the source is at least that large.
RENDITION_HEIGHTS = (720, 1080)
POSTER_MAX_SIDE = 1280


def _av():
    """PyAV, imported when a video is first read: its FFmpeg libraries cost every
    process some 16 MB, which most (a web worker serving pages, an image task)
    never need."""
    import av

    return av


def _reject(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


class CleanVideo:
    """An accepted video: a file on disk with what its probe found.

    ``path`` is the upload's own temporary file when Django kept one, or a copy
    this object owns and deletes when it is garbage collected.
    """

    def __init__(
        self,
        *,
        path: str,
        owned: bool,
        extension: str,
        sha256: str,
        size: int,
        duration: float,
        width: int,
        height: int,
        rotation: int,
        has_audio: bool,
        original_name: str,
    ) -> None:
        self.path = path
        self.extension = extension
        self.sha256 = sha256
        self.size = size
        self.duration = duration
        self.width, self.height = width, height  # as shown, rotation applied
        self.rotation = rotation
        self.has_audio = has_audio
        self.original_name = original_name
        if owned:
            weakref.finalize(self, _remove, path)

    @property
    def filename(self) -> str:
        return f"{uuid.uuid4().hex}{self.extension}"

    def open(self):
        return open(self.path, "rb")  # noqa: SIM115 - the caller closes it


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _to_disk(upload) -> tuple[str, bool, str, int]:
    """The upload as a file on disk: (path, owned, sha256, size)."""
    digest = hashlib.sha256()
    if hasattr(upload, "temporary_file_path"):
        path = upload.temporary_file_path()
        with open(path, "rb") as source:
            size = 0
            while chunk := source.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
        return path, False, digest.hexdigest(), size
    limit = settings.VIDEO_MAX_BYTES
    handle, path = tempfile.mkstemp(
        prefix="bts-video-", dir=settings.FILE_UPLOAD_TEMP_DIR
    )
    size = 0
    try:
        with os.fdopen(handle, "wb") as target:
            upload.seek(0)
            chunks = (
                upload.chunks()
                if hasattr(upload, "chunks")
                else iter(lambda: upload.read(1024 * 1024), b"")
            )
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                digest.update(chunk)
                target.write(chunk)
    except BaseException:
        _remove(path)
        raise
    return path, True, digest.hexdigest(), size


def _too_large(limit: int) -> ValidationError:
    return _reject(
        f"The video is too large; videos may be at most {filesizeformat(limit)}.",
        "file_too_large",
    )


def intake_video(upload) -> CleanVideo:
    """Accept an MP4, QuickTime or WebM video, recognised by its content."""
    limit = settings.VIDEO_MAX_BYTES
    if getattr(upload, "size", None) is not None and upload.size > limit:
        raise _too_large(limit)
    if getattr(upload, "size", None) == 0:
        raise _reject("The file is empty.", "empty_file")
    path, owned, sha256, size = _to_disk(upload)
    try:
        if size == 0:
            raise _reject("The file is empty.", "empty_file")
        probe = _probe(path)
    except BaseException:
        if owned:
            _remove(path)
        raise
    return CleanVideo(
        path=path,
        owned=owned,
        sha256=sha256,
        size=size,
        original_name=getattr(upload, "name", "") or "",
        **probe,
    )


NOT_A_VIDEO = (
    f"This file is not a video we can read. Upload an {ACCEPTED_VIDEO_LABEL} file, "
    "or embed it from YouTube, Vimeo, TikTok, Instagram or X."
)


def _probe(path: str) -> dict:
    try:
        container = _av().open(path, metadata_errors="ignore")
    except (_av().FFmpegError, UnicodeDecodeError, ValueError):
        raise _reject(NOT_A_VIDEO, "not_a_video") from None
    with container:
        extension = VIDEO_CONTAINERS.get(container.format.name)
        if extension is None:
            raise _reject(NOT_A_VIDEO, "not_a_video")
        if extension == ".mp4" and "qt" in _major_brand(container):
            extension = ".mov"
        if not container.streams.video:
            if container.streams.audio:
                raise _reject(
                    "This file has sound but no picture; upload a video.",
                    "audio_only",
                )
            raise _reject(NOT_A_VIDEO, "not_a_video")
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        if not width or not height:
            raise _damaged()
        if width * height > settings.VIDEO_MAX_PIXELS:
            raise _reject(
                f"The video is {width} × {height} pixels; videos may be at most "
                "8K (7680 × 4320).",
                "too_many_pixels",
            )
        duration = _duration(container, stream)
        if duration <= 0:
            raise _reject("The video has no length.", "no_duration")
        limit = settings.VIDEO_MAX_SECONDS
        if duration > limit:
            raise _reject(
                f"The video lasts {_clock(duration)}; videos may last at most "
                f"{_clock(limit)}.",
                "too_long",
            )
        frame = _first_frame(container, stream)
        rotation = _rotation(frame)
        has_audio = bool(container.streams.audio)
    if rotation in (90, 270):
        width, height = height, width
    return {
        "extension": extension,
        "duration": duration,
        "width": width,
        "height": height,
        "rotation": rotation,
        "has_audio": has_audio,
    }


def _major_brand(container) -> str:
    return (container.metadata.get("major_brand") or "").strip().lower()


def _damaged() -> ValidationError:
    return _reject(
        "The video is damaged or cut short: its picture cannot be decoded.",
        "damaged",
    )


def _duration(container, stream) -> float:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / _av().time_base
    return 0.0


def _first_frame(container, stream):
    """Decode the first picture, or refuse the file as damaged."""
    try:
        for packet_count, packet in enumerate(container.demux(stream)):
            for frame in packet.decode():
                return frame
            if packet_count > 300:
                break
    except (_av().FFmpegError, ValueError):
        pass
    raise _damaged()


def _rotation(frame) -> int:
    """Clockwise degrees to turn the coded picture to show it upright."""
    degrees = int(round(getattr(frame, "rotation", 0) or 0))
    # FFmpeg's display matrix gives the counter-clockwise angle.
    return (-degrees) % 360


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


# --- Transcoding -------------------------------------------------------------------
@dataclass(frozen=True)
class Rendition:
    label: str
    path: str
    width: int
    height: int
    size: int


@dataclass(frozen=True)
class Transcoded:
    renditions: list[Rendition]
    poster_webp: bytes
    poster_jpeg: bytes
    poster_width: int
    poster_height: int
    duration: float
    width: int  # of the largest rendition
    height: int


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def rendition_sizes(width: int, height: int) -> list[tuple[str, int, int]]:
    """(label, width, height) of each MP4 to make from a picture of this size."""
    short = min(width, height)
    sizes = []
    for index, target in enumerate(RENDITION_HEIGHTS):
        if short < target and index > 0:
            break
        side = min(short, target)
        scale = side / short
        sizes.append((f"{side}p", _even(width * scale), _even(height * scale)))
    return sizes


def _rotation_filters(rotation: int) -> list[tuple[str, str]]:
    return {
        90: [("transpose", "clock")],
        180: [("hflip", ""), ("vflip", "")],
        270: [("transpose", "cclock")],
    }.get(rotation, [])


class _Upright:
    """Turns decoded frames upright with FFmpeg's filters (no-op without rotation)."""

    def __init__(self, stream, rotation: int) -> None:
        self.graph = None
        filters = _rotation_filters(rotation)
        if not filters:
            return
        graph = _av().filter.Graph()
        last = graph.add_buffer(template=stream)
        for name, args in filters:
            node = graph.add(name, args) if args else graph.add(name)
            last.link_to(node)
            last = node
        last.link_to(graph.add("buffersink"))
        graph.configure()
        self.graph = graph

    def __call__(self, frame) -> list:
        if self.graph is None:
            return [frame]
        self.graph.push(frame)
        frames = []
        while True:
            try:
                frames.append(self.graph.pull())
            except (_av().BlockingIOError, _av().EOFError):
                return frames


class _Output:
    """One MP4 being written: H.264 video and, when the source has sound, AAC."""

    def __init__(self, path, label, width, height, video_in, audio_in) -> None:
        self.path, self.label, self.width, self.height = path, label, width, height
        self.container = _av().open(
            path, "w", format="mp4", options={"movflags": "+faststart"}
        )
        rate = video_in.average_rate or video_in.guessed_rate or Fraction(30)
        self.video = self.container.add_stream("libx264", rate=rate)
        self.video.width, self.video.height = width, height
        self.video.pix_fmt = "yuv420p"
        self.video.time_base = video_in.time_base
        self.video.codec_context.time_base = video_in.time_base
        self.video.options = {"preset": "veryfast", "crf": "23", "profile": "high"}
        self.last_pts = None
        self.audio = None
        if audio_in is not None:
            self.audio = self.container.add_stream("aac", rate=48000)
            self.audio.layout = "stereo"
            self.audio.bit_rate = 128_000

    def write_video(self, frame, pts: int) -> None:
        if self.last_pts is not None and pts <= self.last_pts:
            pts = self.last_pts + 1
        self.last_pts = pts
        out = frame.reformat(self.width, self.height, format="yuv420p")
        out.pts, out.time_base = pts, self.video.time_base
        self.container.mux(self.video.encode(out))

    def write_audio(self, frame) -> None:
        if self.audio is not None:
            self.container.mux(self.audio.encode(frame))

    def close(self) -> None:
        self.container.mux(self.video.encode(None))
        if self.audio is not None:
            self.container.mux(self.audio.encode(None))
        self.container.close()


def _score(image: Image.Image) -> tuple[bool, float]:
    """Whether a frame shows something (not black, not flat) and how much."""
    stat = ImageStat.Stat(image.convert("L").resize((64, 36)))
    mean, spread = stat.mean[0], stat.stddev[0]
    return mean > 20 and spread > 10, spread


def transcode(source: str, workdir: str) -> Transcoded:
    """Make the MP4 renditions and the poster of the video at ``source`` in
    ``workdir``. Raises av.FFmpegError (or ValueError) when the source cannot be
    decoded to its end."""
    with _av().open(source, metadata_errors="ignore") as container:
        video_in = container.streams.video[0]
        video_in.thread_type = "AUTO"
        audio_in = container.streams.audio[0] if container.streams.audio else None
        duration = _duration(container, video_in)
        first = True
        upright = None
        outputs: list[_Output] = []
        resampler = None
        # Poster candidates: the first frame that shows something at or after
        # each of these moments wins.
        moments = [duration * share for share in (0.1, 0.25, 0.5, 0.75)]
        best: tuple[float, Image.Image] | None = None
        chosen: Image.Image | None = None
        start = None
        last_time = 0.0
        streams = [video_in] + ([audio_in] if audio_in is not None else [])
        try:
            for packet in container.demux(*streams):
                for frame in packet.decode():
                    if packet.stream.type == "audio":
                        if resampler is None:
                            resampler = _av().AudioResampler(
                                format="fltp", layout="stereo", rate=48000
                            )
                        for resampled in resampler.resample(frame):
                            for output in outputs:
                                output.write_audio(resampled)
                        continue
                    if first:
                        first = False
                        rotation = _rotation(frame)
                        upright = _Upright(video_in, rotation)
                        width, height = frame.width, frame.height
                        if rotation in (90, 270):
                            width, height = height, width
                        for label, w, h in rendition_sizes(width, height):
                            path = str(Path(workdir) / f"{label}.mp4")
                            outputs.append(
                                _Output(path, label, w, h, video_in, audio_in)
                            )
                    for shown in upright(frame):
                        pts = shown.pts if shown.pts is not None else frame.pts
                        if pts is None:
                            pts = (outputs[0].last_pts or 0) + 1
                        if start is None:
                            start = pts
                        seconds = float((pts - start) * video_in.time_base)
                        last_time = max(last_time, seconds)
                        for output in outputs:
                            output.write_video(shown, pts - start)
                        if chosen is None and moments and seconds >= moments[0]:
                            moments.pop(0)
                            image = shown.to_image()
                            good, spread = _score(image)
                            if good:
                                chosen = image
                            elif best is None or spread > best[0]:
                                best = (spread, image)
        finally:
            for output in outputs:
                output.close()
    if not outputs:
        raise ValueError("The video has no picture that decodes.")
    poster = chosen or (best[1] if best else None)
    if poster is None:
        raise ValueError("No frame of the video could be taken for its poster.")
    poster.thumbnail((POSTER_MAX_SIDE, POSTER_MAX_SIDE), Image.Resampling.LANCZOS)
    webp, jpeg = io.BytesIO(), io.BytesIO()
    poster.save(webp, format="WEBP", quality=80)
    poster.convert("RGB").save(jpeg, format="JPEG", quality=85, optimize=True)
    return Transcoded(
        renditions=[
            Rendition(o.label, o.path, o.width, o.height, os.path.getsize(o.path))
            for o in outputs
        ],
        poster_webp=webp.getvalue(),
        poster_jpeg=jpeg.getvalue(),
        poster_width=poster.width,
        poster_height=poster.height,
        duration=last_time or duration,
        width=outputs[-1].width,
        height=outputs[-1].height,
    )


def copy_to_disk(field_file, directory: str) -> str:
    """A local path of a stored file: its own path when the storage has one, else
    a copy in ``directory``."""
    try:
        return field_file.storage.path(field_file.name)
    except NotImplementedError:
        target = str(Path(directory) / "source")
        with field_file.open("rb") as source, open(target, "wb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        return target
