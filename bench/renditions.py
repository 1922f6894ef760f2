"""Image intake and renditions of a 24-megapixel photo: ``python -m bench.renditions``.

    make PATH [--orientation N]   write a 6000×4000 JPEG that compresses like a photo
    measure PATH                  intake_image + make_renditions; time and peak memory

``measure`` is meant to run in a fresh process (bench/run.py starts one per case):
its peak resident memory (ru_maxrss) is then the cost of one upload on top of an
idle Django process, which it also reports.
"""

import io
import json
import random
import resource
import statistics
import sys
import time

from PIL import Image, ImageChops, ImageDraw, ImageFilter

WIDTH, HEIGHT = 6000, 4000
RUNS = 3
EXIF_ORIENTATION = 0x0112


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


def make(path: str, orientation: int = 1) -> dict[str, object]:
    """A 24-megapixel photo-like JPEG (see :func:`textured`)."""
    picture = textured(
        WIDTH,
        HEIGHT,
        seed=24,
        shapes=60,
        widths=(100, 1500),
        heights=(100, 1000),
        blur=3,
        noise=12,
    )
    exif = Image.Exif()
    exif[EXIF_ORIENTATION] = orientation
    exif[0x010F] = "BenchCam"  # Make
    exif[0x0110] = "BC-24"  # Model
    picture.save(path, format="JPEG", quality=92, exif=exif.tobytes())
    with Image.open(path) as check:
        size = check.size
    with open(path, "rb") as file:
        data = file.read()
    return {"path": path, "size": size, "bytes": len(data), "orientation": orientation}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 2**20


def measure(path: str) -> dict[str, object]:
    import django

    django.setup()
    from bts_catalog.images import intake_image
    from bts_catalog.renditions import make_renditions

    with open(path, "rb") as file:
        data = file.read()
    baseline_rss = _current_rss_mb()
    baseline_peak = _peak_rss_mb()
    runs = []
    for _ in range(RUNS):
        started = time.perf_counter()
        clean = intake_image(io.BytesIO(data), name="bench-24mp.jpg")
        intake_done = time.perf_counter()
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
        del clean, renditions
    return {
        "input_bytes": len(data),
        "runs": runs,
        "total_s_first": round(runs[0]["total_s"], 3),
        "total_s_median": round(statistics.median(r["total_s"] for r in runs), 3),
        "intake_s_median": round(statistics.median(r["intake_s"] for r in runs), 3),
        "renditions_s_median": round(
            statistics.median(r["renditions_s"] for r in runs), 3
        ),
        "baseline_rss_mb": round(baseline_rss, 1),
        "baseline_peak_rss_mb": round(baseline_peak, 1),
        "peak_rss_mb": round(first_peak, 1),
        "peak_rss_mb_all_runs": round(_peak_rss_mb(), 1),
        "peak_delta_mb": round(first_peak - baseline_rss, 1),
    }


def main(argv: list[str]) -> None:
    if len(argv) >= 2 and argv[0] == "make":
        orientation = 1
        if "--orientation" in argv:
            orientation = int(argv[argv.index("--orientation") + 1])
        result = make(argv[1], orientation)
    elif len(argv) == 2 and argv[0] == "measure":
        result = measure(argv[1])
    else:
        raise SystemExit(__doc__)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
