"""Video files for tests, made with PyAV (see showcase.management.demo_videos)."""

import io
from fractions import Fraction

import av
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from showcase.management.demo_videos import make_clip


def clip_bytes(tmp_path, name="clip.mp4", **options) -> bytes:
    path = tmp_path / name
    make_clip(str(path), **options)
    return path.read_bytes()


def clip_upload(tmp_path, name="clip.mp4", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, clip_bytes(tmp_path, name, **options))


def audio_only(tmp_path) -> bytes:
    path = tmp_path / "sound.m4a"
    with av.open(str(path), "w", format="mp4") as output:
        sound = output.add_stream("aac", rate=48000)
        sound.layout = "mono"
        for start in range(0, 48000, 1024):
            frame = av.AudioFrame(format="fltp", layout="mono", samples=1024)
            frame.planes[0].update(b"\x00" * 4096)
            frame.sample_rate, frame.pts = 48000, start
            output.mux(sound.encode(frame))
        output.mux(sound.encode(None))
    return path.read_bytes()


def huge_declared(tmp_path) -> bytes:
    """A QuickTime file whose pictures say they are 30000 × 30000 pixels."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 0, 0)).save(buffer, "JPEG")
    jpeg = bytearray(buffer.getvalue())
    sof = jpeg.find(b"\xff\xc0")
    jpeg[sof + 5 : sof + 9] = (30000).to_bytes(2, "big") * 2
    path = tmp_path / "huge.mov"
    with av.open(str(path), "w", format="mov") as output:
        stream = output.add_stream("mjpeg", rate=1)
        stream.width = stream.height = 16
        stream.pix_fmt = "yuvj420p"
        stream.time_base = Fraction(1, 1)
        for number in range(3):
            packet = av.Packet(bytes(jpeg))
            packet.stream, packet.pts, packet.dts = stream, number, number
            packet.time_base = Fraction(1, 1)
            output.mux(packet)
    data = bytearray(path.read_bytes())
    entry = data.find(b"jpeg", data.find(b"stsd"))
    size_at = entry + 4 + 6 + 2 + 2 + 2 + 4 + 4 + 4
    data[size_at : size_at + 4] = (30000).to_bytes(2, "big") * 2
    return bytes(data)


def first_frame(path) -> Image.Image:
    with av.open(str(path)) as container:
        return next(container.decode(container.streams.video[0])).to_image()
