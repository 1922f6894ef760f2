"""What a phone downloads to show a post page with ten photos:
``python bench/pageweight.py`` (bench/run.py's ``pageweight`` step runs it).

    photos DIR       write the ten 4000×3000 photo-like JPEGs (bench.renditions.photo)
    seed DIR         migrate the database the environment names, collect the static
                     files, and publish one post with the photos in DIR through the
                     services (intake, renditions, submission, publication); prints
                     the post's address
    load URL         open URL in Chromium as a phone (390×844 CSS px, 3 device
                     pixels each, touch), wait for the network to go quiet, then
                     scroll to the end so that every lazy picture loads; prints the
                     bytes transferred at both points, pictures and the rest

``seed`` works on whichever code PYTHONPATH puts first: bench/run.py also runs this
file by its path inside an export of an older commit, so ``seed`` uses only what
both have (intake_image, post_submit with media, post_publish), and this module
imports nothing of the project at its top.
"""

import json
import os
import re
import sys
import time
from pathlib import Path

PHOTOS = 10
PHOTO_SIZE = (4000, 3000)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
QUIET_S = 1.0  # the network counts as idle after this long with nothing in flight
LOAD_TIMEOUT_S = 60.0
BODY = """Ten frames from the second unit's week on the cliffs: the lamp room at
dawn, the crew rigging a crane on wet rock, the keeper's cottage built inside the
old boathouse, and the storm machine that soaked everyone twice a day.

The production designer wanted every surface to look a century old, so the paint
was laid on in seven coats and sanded back by hand. The gaffer hid the lights in
the rafters; the camera team tells the rest below."""


def photos(directory: str) -> dict[str, object]:
    """Ten photo-like JPEGs, one seed each, as a camera would write them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.renditions import photo

    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index in range(PHOTOS):
        path = folder / f"still-{index + 1:02d}.jpg"
        photo(*PHOTO_SIZE, seed=100 + index).save(path, format="JPEG", quality=92)
        made.append({"name": path.name, "bytes": path.stat().st_size})
    return {"size": PHOTO_SIZE, "photos": made}


def seed(directory: str) -> dict[str, object]:
    import datetime

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from bts_catalog.images import intake_image
    from media_assets.services import post_publish, post_submit
    from productions.models import Production

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    curator = get_user_model().objects.create_superuser(
        "bench-curator", "curator@bench.invalid", password=None
    )
    production = Production.objects.create(
        title="The Lighthouse Keeper",
        kind="film",
        status="released",
        release_date=datetime.date(2024, 5, 17),
        studio="Northlight Pictures",
        synopsis="A keeper, a storm and a lamp that must not go out.",
    )
    started = time.perf_counter()
    media = []
    for index, path in enumerate(sorted(Path(directory).glob("*.jpg"))):
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        media.append(
            {
                "upload": intake_image(upload),
                "alt_text": f"Behind the scenes on the cliffs, frame {index + 1}",
                "caption": f"Frame {index + 1} of the second unit's week.",
            }
        )
    post = post_submit(
        author=curator,
        production=production,
        title="Ten days on the cliffs",
        kind="photo_set",
        phase="production",
        body=BODY,
        media=media,
    )
    post_publish(post=post, actor=curator)
    return {
        "path": post.get_absolute_url(),
        "images": post.media.count(),
        "seed_s": round(time.perf_counter() - started, 1),
    }


def _rendition(url: str) -> str:
    """The stored file a picture's address names, as ``1200.avif`` or
    ``large.webp`` (the generated name's suffix)."""
    name = url.rsplit("/", 1)[-1]
    match = re.search(r"-([a-z0-9]+)\.([a-z]+)$", name)
    return f"{match[1]}.{match[2]}" if match else name


class Traffic:
    """Every request of a page, from the DevTools protocol's Network events."""

    def __init__(self) -> None:
        self.requests: dict[str, dict] = {}

    def listen(self, session) -> None:
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.responseReceived", self._received)
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.loadingFailed", self._failed)

    def _sent(self, event: dict) -> None:
        url = event["request"]["url"]
        if url.startswith("http"):
            self.requests[event["requestId"]] = {
                "url": url,
                "type": event.get("type", "Other"),
                "done": False,
                "bytes": 0,
            }

    def _received(self, event: dict) -> None:
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.update(
                type=event.get("type", request["type"]),
                status=event["response"]["status"],
                mime=event["response"].get("mimeType", ""),
            )

    def _finished(self, event: dict) -> None:
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.update(done=True, bytes=int(event["encodedDataLength"]))

    def _failed(self, event: dict) -> None:
        request = self.requests.get(event["requestId"])
        if request is not None:
            request.update(done=True, failed=event.get("errorText", "failed"))

    def in_flight(self) -> int:
        return sum(not request["done"] for request in self.requests.values())

    def summary(self) -> dict[str, object]:
        done = [r for r in self.requests.values() if r["done"]]
        images = [r for r in done if r["type"] == "Image"]
        rest = [r for r in done if r["type"] != "Image"]
        by_type: dict[str, int] = {}
        for request in rest:
            by_type[request["type"]] = (
                by_type.get(request["type"], 0) + request["bytes"]
            )
        return {
            "bytes": sum(r["bytes"] for r in done),
            "image_bytes": sum(r["bytes"] for r in images),
            "other_bytes": sum(r["bytes"] for r in rest),
            "requests": len(done),
            "image_requests": len(images),
            "failed": [r["url"] for r in done if r.get("failed")],
            "not_ok": [r["url"] for r in done if r.get("status", 200) >= 400],
            "other_by_type": by_type,
            "images": [
                {"file": _rendition(r["url"]), "bytes": r["bytes"]} for r in images
            ],
        }


def _wait_until_quiet(page, traffic: Traffic) -> None:
    deadline = time.monotonic() + LOAD_TIMEOUT_S
    quiet_since = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)  # lets Playwright deliver the events meanwhile
        if traffic.in_flight():
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= QUIET_S:
            return
    raise SystemExit(f"The page was still loading after {LOAD_TIMEOUT_S:.0f} s.")


SCROLL_DOWN = """() => {
    window.scrollBy(0, Math.round(window.innerHeight * 0.8));
    const root = document.scrollingElement;
    return root.scrollTop + window.innerHeight >= root.scrollHeight - 2;
}"""
PICTURES = """() => Array.from(document.querySelectorAll("figure.media img"))
    .filter((img) => !img.classList.contains("placeholder"))
    .map((img) => ({
        shown: img.currentSrc.split("/").pop(),
        natural_width: img.naturalWidth,
        css_width: Math.round(img.getBoundingClientRect().width),
    }))"""


def load(url: str) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            context = browser.new_context(**PHONE)
            page = context.new_page()
            session = context.new_cdp_session(page)
            traffic = Traffic()
            traffic.listen(session)
            session.send("Network.enable")
            session.send("Network.setCacheDisabled", {"cacheDisabled": True})
            started = time.perf_counter()
            response = page.goto(url, wait_until="load")
            _wait_until_quiet(page, traffic)
            initial = traffic.summary()
            initial["s"] = round(time.perf_counter() - started, 2)
            steps = 0
            while not page.evaluate(SCROLL_DOWN) and steps < 200:
                steps += 1
                page.wait_for_timeout(150)
            _wait_until_quiet(page, traffic)
            scrolled = traffic.summary()
            scrolled["scroll_steps"] = steps
            pictures = page.evaluate(PICTURES)
            user_agent = page.evaluate("() => navigator.userAgent")
            version = browser.version
        finally:
            browser.close()
    return {
        "url": url,
        "status": response.status if response else None,
        "browser": f"Chromium {version}",
        "user_agent": user_agent,
        "phone": PHONE,
        "initial": initial,
        "scrolled": scrolled,
        "pictures": pictures,
    }


def main(argv: list[str]) -> None:
    commands = {"photos": photos, "seed": seed, "load": load}
    if len(argv) != 2 or argv[0] not in commands:
        raise SystemExit(__doc__)
    json.dump(commands[argv[0]](argv[1]), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    # Run by its path, this file's folder comes first on sys.path, where bench's
    # other modules (settings, urls, …) would shadow top-level ones.
    if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)
    main(sys.argv[1:])
