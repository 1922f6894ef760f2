"""In-process look at the bench database: ``python -m bench.probe COMMAND``.

    counts    rows in the tables the targets name
    targets   real addresses to load-test, picked from the data
    queries   SQL queries (and in-process time) per request for the given paths;
              with BENCH_SIGNED_IN_USER=<username>, as that user, signed in
    latency   where the time of each request goes, over BENCH_PROBE_RUNS (100)
              in-process requests per path: wall, CPU, SQL and garbage
              collection, p50 and p95 of each; the path "spin" is a pure-Python
              loop of the first path's median CPU time, the machine's own jitter

Each command prints one JSON document on stdout. Run with
DJANGO_SETTINGS_MODULE=bench.settings and DATABASE_URL naming the bench database
(``bench/run.py`` does both, and turns the page cache off).
"""

import gc
import json
import os
import re
import statistics
import sys
import time

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag, TaggedItem  # noqa: E402

from media_assets.models import MediaAsset, Post  # noqa: E402
from productions.models import (  # noqa: E402
    Credit,
    Department,
    Person,
    Production,
    ProductionKind,
)
from showcase.selectors import with_published_post_count  # noqa: E402

TIMED_RUNS = 5
STOPWORDS = {"the", "and", "of", "a", "an", "in", "on", "for", "to", "with", "from"}


def counts() -> dict[str, int]:
    return {
        "productions": Production.objects.count(),
        "people": Person.objects.count(),
        "credits": Credit.objects.count(),
        "posts": Post.objects.count(),
        "published_posts": Post.objects.published().count(),
        "media_assets": MediaAsset.objects.count(),
    }


def _search_word(production: Production) -> str:
    words = [
        word
        for word in re.findall(r"[^\W\d_]+", production.title)
        if len(word) >= 4 and word.lower() not in STOPWORDS
    ]
    # The rarest word of the title: what a visitor looking for this one would type.
    best, best_hits = "", None
    for word in words:
        hits = Production.objects.search(word).count()
        if hits and (best_hits is None or hits < best_hits):
            best, best_hits = word.lower(), hits
    return best or production.slug.split("-")[0]


def _common_word() -> str:
    """The word most published post titles share (past the stopwords): a search a
    visitor makes without thinking, which finds a large part of the catalogue."""
    seen: dict[str, int] = {}
    for title in Post.objects.published().values_list("title", flat=True)[:5000]:
        for word in set(re.findall(r"[^\W\d_]+", title.lower())):
            if len(word) >= 4 and word not in STOPWORDS:
                seen[word] = seen.get(word, 0) + 1
    return max(seen, key=lambda word: (seen[word], word)) if seen else "making"


def targets() -> dict[str, object]:
    """A production with many credits and posts, one of its published posts that
    has media, one of its people, a word of its title to search for (rare), the
    craft and the tag with the most published posts, and a common word."""
    published = Post.objects.published()
    with_media = (
        Post.objects.published()
        .filter(media__isnull=False)
        .values_list("production_id", flat=True)
        .distinct()
    )
    # A film: the kind the production page's lean twin (bench/lean.py) covers.
    production = (
        with_published_post_count(
            Production.objects.filter(pk__in=with_media, kind=ProductionKind.FILM)
        )
        .annotate(credit_total=Count("credits", distinct=True))
        .order_by("-published_post_count", "-credit_total", "pk")
        .first()
    )
    if production is None:
        raise SystemExit("The bench database has no published post with media.")
    post = (
        Post.objects.published()
        .filter(production=production)
        .annotate(media_total=Count("media"))
        .filter(media_total__gt=0)
        .order_by("-media_total", "pk")
        .first()
    )
    # Of this production's people, the one with the most credits anywhere: counted
    # over their credits only (not every person's, which a million-row catalogue
    # makes slow).
    busiest = (
        Credit.objects.filter(person__in=production.credits.values("person_id"))
        .values("person_id")
        .annotate(credit_total=Count("pk"))
        .order_by("-credit_total", "person_id")
        .first()
    )
    person = Person.objects.get(pk=busiest["person_id"])
    person.credit_total = busiest["credit_total"]
    word = _search_word(production)
    busiest_craft = (
        Post.crafts.through.objects.filter(
            post__in=published.values("pk"),
            department__in=Department.objects.crafts().values("pk"),
        )
        .values("department_id")
        .annotate(shown=Count("pk"))
        .order_by("-shown", "department_id")
        .first()
    )
    if busiest_craft is None:  # no published post shows a craft
        busiest_craft = {
            "department_id": Department.objects.crafts().values("pk")[0]["pk"],
            "shown": 0,
        }
    craft = Department.objects.get(pk=busiest_craft["department_id"])
    craft.shown = busiest_craft["shown"]
    biggest = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(Post),
            object_id__in=published.values("pk"),
        )
        .values("tag_id")
        .annotate(tagged=Count("pk"))
        .order_by("-tagged", "tag_id")
        .first()
    )
    tag = Tag.objects.get(pk=biggest["tag_id"])
    common = _common_word()
    return {
        "production": {
            "slug": production.slug,
            "published_posts": production.published_post_count,
            "credits": production.credit_total,
        },
        "post": {"slug": post.slug, "media": post.media_total},
        "person": {
            "slug": person.slug,
            "credits": person.credit_total,
            "featured_in": person.featured_in_posts.count(),
        },
        "search": {
            "word": word,
            "productions": Production.objects.search(word).count(),
            "people": Person.objects.search(word).count(),
            "posts": Post.objects.published().search(word).count(),
        },
        "craft": {"slug": craft.slug, "posts": craft.shown},
        "tag": {"slug": tag.slug, "posts": biggest["tagged"]},
        "common_word": {
            "word": common,
            "posts": Post.objects.published().search(common).count(),
        },
    }


class SqlTimer:
    """Wall time spent in the database driver (Django logs it in whole ms only)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def _client() -> Client:
    """A test client; with BENCH_SIGNED_IN_USER, signed in as that user (the
    signed-in pass's visitor)."""
    client = Client(raise_request_exception=True)
    username = os.environ.get("BENCH_SIGNED_IN_USER")
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


def queries(paths: list[str]) -> dict[str, dict[str, object]]:
    """Per path: status, queries of a warm request, their SQL time, and the median
    wall time of a few in-process requests (no HTTP, no gunicorn)."""
    client = _client()
    results = {}
    for path in paths:
        client.get(path)  # warm: templates, content types, connection
        timer = SqlTimer()
        with (
            CaptureQueriesContext(connection) as captured,
            connection.execute_wrapper(timer),
        ):
            response = client.get(path)
        # Copy now: the next request empties the connection's query log.
        captured_queries = list(captured.captured_queries)
        timings = []
        for _ in range(TIMED_RUNS):
            started = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
        results[path] = {
            "status": response.status_code,
            "bytes": len(response.content),
            "queries": len(captured_queries),
            "sql_ms": round(timer.seconds * 1000, 2),
            "in_process_ms": round(statistics.median(timings), 2),
            "page_cache": response.get("X-Page-Cache", ""),
        }
    return results


class GcTimer:
    """Wall time spent in the garbage collector, by generation."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {
        "p50": round(statistics.median(ordered), 2),
        "p95": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 2),
        "max": round(ordered[-1], 2),
    }


def _spin(cpu_ms: float) -> None:
    deadline = time.process_time() + cpu_ms / 1000
    while time.process_time() < deadline:
        sum(range(200))


def latency(paths: list[str]) -> dict[str, dict[str, object]]:
    """Per path, ``runs`` in-process requests, each timed four ways: what makes
    a slow request slow (its queries, the collector, or the machine)."""
    runs = int(os.environ.get("BENCH_PROBE_RUNS", "100"))
    client = _client()
    gc_timer = GcTimer()
    gc.callbacks.append(gc_timer)
    results: dict[str, dict[str, object]] = {}
    first_cpu_ms = 50.0
    try:
        for path in paths:
            if path != "spin":
                for _ in range(3):
                    client.get(path)  # warm
            samples: dict[str, list[float]] = {
                name: [] for name in ("wall", "cpu", "sql", "gc")
            }
            gc_timer.collections = [0, 0, 0]
            for _ in range(runs):
                sql = SqlTimer()
                gc_timer.seconds = 0.0
                wall, cpu = time.perf_counter(), time.process_time()
                if path == "spin":
                    _spin(first_cpu_ms)
                else:
                    with connection.execute_wrapper(sql):
                        client.get(path)
                samples["wall"].append((time.perf_counter() - wall) * 1000)
                samples["cpu"].append((time.process_time() - cpu) * 1000)
                samples["sql"].append(sql.seconds * 1000)
                samples["gc"].append(gc_timer.seconds * 1000)
            if not results:
                first_cpu_ms = statistics.median(samples["cpu"])
            results[path] = {
                **{name: _percentiles(values) for name, values in samples.items()},
                "collections_by_generation": gc_timer.collections,
            }
    finally:
        gc.callbacks.remove(gc_timer)
    return results


def main(argv: list[str]) -> None:
    command, *args = argv or ["counts"]
    if command == "counts":
        result: object = counts()
    elif command == "targets":
        result = targets()
    elif command == "queries":
        result = queries(args)
    elif command == "latency":
        result = latency(args)
    else:
        raise SystemExit(
            f"unknown command {command!r}: counts, targets, queries or latency"
        )
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
