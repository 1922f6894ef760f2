"""Image intake and renditions of a 24-megapixel photo: ``python -m bench.renditions``.

    make PATH [--orientation N]   write a 6000×4000 JPEG that compresses like a photo
    make-heic PATH                the same picture as an iPhone's HEIC (512×512 tile
                                  grid, camera EXIF, a colour profile); ~20 s, so
                                  PATH is reused while its parameters are unchanged
    measure PATH [--name NAME]    intake_image + make_renditions; time and peak memory

``measure`` is meant to run in a fresh process (bench/run.py starts one per case):
its peak resident memory (ru_maxrss) is then the cost of one upload on top of an
idle Django process, which it also reports.
"""

import hashlib
import io
import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageDraw, ImageFilter

WIDTH, HEIGHT = 6000, 4000
RUNS = 3
EXIF_ORIENTATION = 0x0112
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
# How an iPhone writes a HEIC: HEVC in a grid of 512×512 tiles, at about the
# quality its camera uses.
HEIC_TILE = 512
HEIC_QUALITY = 50


def textured(
    width: int,
    height: int,
    *,
    seed: int,
    shapes: int,
    widths: tuple[int, int],
    heights: tuple[int, int],
    blur: float,
    noise: float,
) -> Image.Image:
    """Gradients, soft shapes and sensor-like noise: neither flat (which encoders
    squeeze to nothing) nor pure noise (which no camera produces)."""
    rng = random.Random(seed)  # noqa: S311 (test picture, not a secret)
    horizontal = Image.linear_gradient("L").rotate(90).resize((width, height))
    vertical = Image.linear_gradient("L").resize((width, height))
    radial = Image.radial_gradient("L").resize((width, height))
    picture = Image.merge("RGB", (horizontal, vertical, radial))
    draw = ImageDraw.Draw(picture)
    for _ in range(shapes):
        x, y = rng.randrange(width), rng.randrange(height)
        w, h = rng.randrange(*widths), rng.randrange(*heights)
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = draw.ellipse if rng.random() < 0.5 else draw.rectangle
        shape((x, y, x + w, y + h), fill=colour)
    picture = picture.filter(ImageFilter.GaussianBlur(blur))
    grain = Image.effect_noise((width, height), noise).convert("RGB")
    return ImageChops.add(picture, grain, scale=1.0, offset=-128)


def photo(width: int = WIDTH, height: int = HEIGHT, *, seed: int = 24) -> Image.Image:
    """The 24-megapixel test photo (see :func:`textured`); other sizes and seeds
    give other pictures of the same kind."""
    scale = width / WIDTH
    return textured(
        width,
        height,
        seed=seed,
        shapes=60,
        widths=(max(2, round(100 * scale)), max(3, round(1500 * scale))),
        heights=(max(2, round(100 * scale)), max(3, round(1000 * scale))),
        blur=3,
        noise=12,
    )


def make(path: str, orientation: int = 1) -> dict[str, object]:
    """A 24-megapixel photo-like JPEG."""
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    exif[0x010F] = "BenchCam"  # Make
    exif[0x0110] = "BC-24"  # Model
    photo().save(path, format="JPEG", quality=92, exif=exif.tobytes())
    return _describe(path, orientation=orientation)


def _iphone_exif() -> bytes:
    """EXIF as an iPhone writes it: camera, lens, exposure, time, and what intake
    must drop (GPS, the lens serial number)."""
    exif = Image.Exif()
    exif[0x010F] = "Apple"  # Make
    exif[0x0110] = "iPhone 15 Pro"  # Model
    exif[0x0131] = "17.5.1"  # Software
    exif[0x0132] = "2024:06:14 18:42:07"  # DateTime
    details = exif.get_ifd(EXIF_IFD)
    details[0x829A] = 1 / 120  # ExposureTime
    details[0x829D] = 1.78  # FNumber
    details[0x8827] = 64  # ISOSpeedRatings
    details[0x9003] = "2024:06:14 18:42:07"  # DateTimeOriginal
    details[0x9011] = "+03:00"  # OffsetTimeOriginal
    details[0x920A] = 6.765  # FocalLength
    details[0xA405] = 24  # FocalLengthIn35mmFilm
    details[0xA433] = "Apple"  # LensMake
    details[0xA434] = "iPhone 15 Pro back triple camera 6.765mm f/1.78"
    details[0xA435] = "LENS-SERIAL-0042"  # LensSerialNumber
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (60.0, 10.0, 12.5)  # latitude
    gps[3], gps[4] = "E", (24.0, 56.0, 30.1)  # longitude
    return exif.tobytes()


def heic_key() -> str:
    """What the made HEIC depends on: a cached file is reused while this holds."""
    import pillow_heif

    parameters = {
        "size": (WIDTH, HEIGHT),
        "seed": 24,
        "tile": HEIC_TILE,
        "quality": HEIC_QUALITY,
        "exif": _iphone_exif().hex(),
        "pillow_heif": pillow_heif.__version__,
        "libheif": pillow_heif.libheif_version(),
        "maker": 1,  # raise when photo() or this maker changes
    }
    encoded = json.dumps(parameters, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


def make_heic(path: str) -> dict[str, object]:
    """The 24-megapixel test photo as an iPhone writes it (see the constants), made
    again only when :func:`heic_key` changed since ``path`` was written."""
    import pillow_heif

    key = heic_key()
    stamp = Path(f"{path}.key")
    if Path(path).exists() and stamp.exists() and stamp.read_text() == key:
        return {**_describe(path), "reused": True, "key": key}
    pillow_heif.options.GRID_TILE_SIZE = HEIC_TILE
    # iPhones write Display P3; Pillow can only build sRGB, which stands in for it.
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    started = time.perf_counter()
    heif = pillow_heif.from_pillow(photo())
    heif.save(
        path,
        quality=HEIC_QUALITY,
        exif=_iphone_exif(),
        icc_profile=icc,
        chroma=420,
    )
    made_s = time.perf_counter() - started
    stamp.write_text(key)
    return {**_describe(path), "reused": False, "key": key, "made_s": round(made_s, 1)}


def _describe(path: str, **extra: object) -> dict[str, object]:
    import pillow_heif

    pillow_heif.register_heif_opener()
    with Image.open(path) as check:
        size, fmt = check.size, check.format
    return {
        "path": path,
        "format": fmt,
        "size": size,
        "bytes": os.path.getsize(path),
        **extra,
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def measure(path: str, name: str = "") -> dict[str, object]:
    import django

    django.setup()
    from bts_catalog.images import intake_image
    from bts_catalog.renditions import make_renditions

    with open(path, "rb") as file:
        data = file.read()
    name = name or Path(path).name
    baseline_rss = _current_rss_mb()
    baseline_peak = _peak_rss_mb()
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        clean = intake_image(io.BytesIO(data), name=name)
        intake_done = time.perf_counter()
        if not runs:
            intake_peak, after_intake = _peak_rss_mb(), _current_rss_mb()
        renditions = make_renditions(clean)
        finished = time.perf_counter()
        runs.append(
            {
                "intake_s": intake_done - started,
                "renditions_s": finished - intake_done,
                "total_s": finished - started,
            }
        )
        if len(runs) == 1:
            first_peak = _peak_rss_mb()
            stored = {
                "format": clean.format,
                "bytes": len(clean.content),
                "size": [clean.width, clean.height],
                "camera": f"{clean.capture.camera_make} {clean.capture.camera_model}",
                "renditions": len(renditions.sources) + len(renditions.crops),
            }
        del clean, renditions
    return {
        "input_bytes": len(data),
        "stored": stored,
        "runs": runs,
        "total_s_first": round(runs[0]["total_s"], 3),
        "total_s_median": round(statistics.median(r["total_s"] for r in runs), 3),
        "intake_s_median": round(statistics.median(r["intake_s"] for r in runs), 3),
        "renditions_s_median": round(
            statistics.median(r["renditions_s"] for r in runs), 3
        ),
        "baseline_rss_mb": round(baseline_rss, 1),
        "baseline_peak_rss_mb": round(baseline_peak, 1),
        "intake_peak_rss_mb": round(intake_peak, 1),
        "after_intake_rss_mb": round(after_intake, 1),
        "peak_rss_mb": round(first_peak, 1),
        "peak_rss_mb_all_runs": round(_peak_rss_mb(), 1),
        "peak_delta_mb": round(first_peak - baseline_rss, 1),
    }


def _option(argv: list[str], flag: str, default: str) -> str:
    return argv[argv.index(flag) + 1] if flag in argv else default


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "make":
        result = make(argv[1], int(_option(argv, "--orientation", "1")))
    elif len(argv) == 2 and argv[0] == "make-heic":
        result = make_heic(argv[1])
    elif len(argv) >= 2 and argv[0] == "measure":
        result = measure(argv[1], _option(argv, "--name", ""))
    else:
        raise SystemExit(__doc__)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
