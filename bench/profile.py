"""Where a page's time goes: pyinstrument over repeated in-process requests.

    python -m bench.profile /productions/ [/productions/<slug>/ …] [--signed-in]
        [--requests 200] [--top 25]

Runs in the bench's Django environment (bench.run's ``Config.django_env``: the
bench database, DEBUG off, no page cache). Each address is requested once to warm
up, then ``--requests`` times under pyinstrument; what is printed is the call tree
(functions under 2 % left out) and the functions with the most time of their own.
``--signed-in`` makes the requests as a signed-in fan (``bench.accounts``' fan, or a
throwaway user when that module is not there), so the personal header and no page
cache apply.
"""

import argparse
import os
import sys
import time

import django


def _client(signed_in: bool):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if signed_in:
        user, _ = get_user_model().objects.get_or_create(
            username="bench-profile-fan", defaults={"email": "fan@example.com"}
        )
        client.force_login(user)
    return client


def _own_time(session, top: int) -> list[tuple[float, str]]:
    """(seconds, function) of the functions that spent the most time themselves."""
    totals: dict[str, float] = {}

    def walk(frame) -> None:
        own = frame.time - sum(child.time for child in frame.children)
        name = f"{frame.function} ({frame.file_path_short}:{frame.line_no})"
        totals[name] = totals.get(name, 0.0) + own
        for child in frame.children:
            walk(child)

    root = session.root_frame()
    if root is not None:
        walk(root)
    return sorted(((s, n) for n, s in totals.items()), reverse=True)[:top]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--signed-in", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    options = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    from pyinstrument import Profiler

    client = _client(options.signed_in)
    for path in options.paths:
        response = client.get(path, HTTP_HOST="127.0.0.1")
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        profiler = Profiler(interval=0.0002)
        started = time.perf_counter()
        profiler.start()
        for _ in range(options.requests):
            client.get(path, HTTP_HOST="127.0.0.1")
        profiler.stop()
        each = (time.perf_counter() - started) / options.requests * 1000
        who = "signed in" if options.signed_in else "anonymous"
        print(f"== {path} ({who}): {each:.2f} ms a request, {options.requests} runs")
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        print(f"-- own time, top {options.top} (ms a request)")
        for seconds, name in _own_time(profiler.last_session, options.top):
            print(f"{seconds / options.requests * 1000:8.3f}  {name}")


if __name__ == "__main__":
    main(sys.argv[1:])
