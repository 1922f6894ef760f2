"""`make bench`: seed a large catalogue on PostgreSQL, serve it with gunicorn, load
it with wrk, and write bench/report.md and bench/report.json.

    python -m bench.run          everything (what `make bench` runs)
    python -m bench.run seed     only make sure the bench database is seeded
    python -m bench.run report   bench/report.md again from bench/report.json
    python -m bench.run catalogue    only what depends on the catalogue (queries,
                                 load passes, soak; ~20 min), merged into the last
                                 full run's report
    python -m bench.run video    only the video measurements (no PostgreSQL, no wrk;
                                 ~4 min): bench/out/video-report.md and .json
    python -m bench.run renditions   only intake + renditions of 24 MP photos (~1 min)
    python -m bench.run pageweight   only a phone's bytes for a ten-photo post page,
                                 this code and BENCH_PAGEWEIGHT_BEFORE's (~3 min)

The last two (alone or together) need neither PostgreSQL nor wrk: they merge their
figures into bench/report.json and .md, whose other sections stay those of the last
full run; the targets table is evaluated again.

Everything runs on 127.0.0.1; gunicorn is stopped at the end, on failure too.
Settings (environment):

    BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/bts_bench
    BENCH_SCALE         1: the catalogue seed_demo makes at BENCH_SIZE; above 1,
                        that one topped up by bench.bulkseed (COPY) to BENCH_SCALE ×
                        25k productions, 50k people, 500k credits, 100k posts, in a
                        database of its own (bts_bench_x10 for 10). The figures go
                        to the report's section for that scale; the rest of
                        bench/report.md stays the last BENCH_SCALE=1 run's.
    BENCH_SIZE          seed_demo --size (1053: ~26k productions, ~100k posts)
    BENCH_IMAGES        seed_demo --images (300 posts get pictures)
    BENCH_RESEED        1: drop the bench database and seed it again
    BENCH_REDIS_URL     redis://127.0.0.1:6379/13 (flushed before the cached pass)
    BENCH_DURATION      wrk duration per address and pass (10s)
    BENCH_WARMUP        unmeasured wrk run before each measurement (2s)
    BENCH_THREADS       wrk threads (2)
    BENCH_CONNECTIONS   wrk connections (16)
    BENCH_ALONE         duration of the one-connection latency run per address,
                        without cache and signed in (5s; 0 skips it)
    BENCH_SOAK          duration of the mixed soak (60s; 0 skips it)
    BENCH_SOAK_CONNECTIONS  its wrk connections (32)
    BENCH_WORKERS       gunicorn workers (default: gunicorn.conf.py's 2 × cores + 1)
    BENCH_SEED_TIMEOUT  seconds seeding may take (7200)
    BENCH_VIDEO_BROKER_URL  redis://127.0.0.1:6379/12: the Celery broker of the
                        upload measurement; its transcode task is queued there, and
                        removed after, without a worker to take it
    BENCH_PAGEWEIGHT_BEFORE  e427501: the commit the page weight is compared with
                        (exported with git archive; the last one that served a
                        single 1600 px WebP per picture)
    CHROMIUM_PATH       /usr/bin/chromium (Debian's; Playwright downloads none)

Scratch files (logs, the test pictures, the video and page weight steps' throwaway
SQLite databases, media and exported code) go to bench/out/, which git ignores.
"""

import io
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import psycopg2
import redis
from psycopg2 import sql

from bench.video import RssSampler, process_memory_mb, upload

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))

# What the issues ask of the seeded catalogue: at BENCH_SCALE=1 (seed_demo), and per
# unit of BENCH_SCALE above it (seed_demo, then bench.bulkseed tops it up).
MIN_ROWS = {
    "productions": 10_000,
    "people": 50_000,
    "credits": 200_000,
    "posts": 100_000,
}
MIN_ROWS_PER_SCALE = {
    "productions": 25_000,
    "people": 50_000,
    "credits": 500_000,
    "posts": 100_000,
}
SEED_SECONDS_AT_SCALE = 30 * 60  # seeding a scaled-up catalogue, at most
# What the issue asks of the site.
P95_PAGE_MS = 50.0
P95_SEARCH_MS = 20.0
MAX_QUERIES = 10
RATIO_TWIN = 0.5  # a signed-in page's req/s over its lean twin's
RATIO_CACHE = 0.85  # an anonymous page from the page cache over the bare view's
RENDITION_SECONDS = 2.0  # intake + every rendition of a 24 MP photo
RENDITION_MB = 250.0  # the peak resident memory of the process doing it
PAGEWEIGHT_RATIO = 0.40  # a phone's bytes for the post page, over PAGEWEIGHT_BEFORE's
RATIO_PAGES = ("production_list", "production_detail")
VIDEO_SECONDS = 60  # a 1080p 30 fps clip this long
VIDEO_REALTIME = 1.0  # transcode time of the 720p rendition over the clip's length
VIDEO_WORKER_MB = 500.0
VIDEO_POSTER_SECONDS = 2.0
VIDEO_UPLOAD_BYTES = 2**30
VIDEO_UPLOAD_GROWTH_MB = 100.0
# What the pages are compared with, not pages themselves.
YARDSTICKS = ("bare", "yardstick", "twin")
# The pages with a lean twin (bench/lean.py): page key → its twin's key.
TWINS = {"production_list": "twin_list", "production_detail": "twin_detail"}
SOAK_ERRORS = 0
# Above this share of the machine's CPU taken by other processes, a measurement is
# flagged in the report as disturbed.
NOISY_SHARE = 0.10

# Application settings a developer's shell may carry that would change what is
# measured; the harness sets what it needs itself.
APP_ENV = (
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "PAGE_CACHE_SECONDS",
    "CELERY_BROKER_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "WEB_CONCURRENCY",
    "GUNICORN_THREADS",
    "GUNICORN_BIND",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_TIMEOUT",
    "GUNICORN_ACCESS_LOG",
    "DJANGO_SETTINGS_MODULE",
    "SERVE_MEDIA",
)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _seconds(duration: str) -> float:
    """wrk's duration syntax: 10, 10s, 2m, 1h."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smh]?)", duration.strip())
    if not match:
        raise SystemExit(f"Not a duration: {duration!r} (say 10s or 2m).")
    return float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600}[match[2]]


def _scale() -> float:
    value = os.environ.get("BENCH_SCALE", "1")
    try:
        scale = float(value)
    except ValueError:
        raise SystemExit(f"BENCH_SCALE must be a number ≥ 1, not {value!r}.") from None
    if scale < 1:
        raise SystemExit(f"BENCH_SCALE must be a number ≥ 1, not {value!r}.")
    return scale


def _database_url() -> str:
    scale = _scale()
    name = "bts_bench" if scale == 1 else f"bts_bench_x{scale:g}".replace(".", "_")
    return os.environ.get(
        "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{name}"
    )


@dataclass(frozen=True)
class Config:
    scale: float = field(default_factory=_scale)
    database_url: str = field(default_factory=_database_url)
    size: int = int(os.environ.get("BENCH_SIZE", "1053"))
    images: int = int(os.environ.get("BENCH_IMAGES", "300"))
    reseed: bool = os.environ.get("BENCH_RESEED", "") not in {"", "0"}
    redis_url: str = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    duration: str = os.environ.get("BENCH_DURATION", "10s")
    warmup: str = os.environ.get("BENCH_WARMUP", "2s")
    threads: int = int(os.environ.get("BENCH_THREADS", "2"))
    connections: int = int(os.environ.get("BENCH_CONNECTIONS", "16"))
    alone: str = os.environ.get("BENCH_ALONE", "5s")
    soak: str = os.environ.get("BENCH_SOAK", "60s")
    soak_connections: int = int(os.environ.get("BENCH_SOAK_CONNECTIONS", "32"))
    workers: str = os.environ.get("BENCH_WORKERS", "")
    seed_timeout: float = float(os.environ.get("BENCH_SEED_TIMEOUT", "7200"))
    video_broker_url: str = os.environ.get(
        "BENCH_VIDEO_BROKER_URL", "redis://127.0.0.1:6379/12"
    )
    pageweight_before: str = os.environ.get("BENCH_PAGEWEIGHT_BEFORE", "e427501")
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(48))

    def django_env(self, **extra: str) -> dict[str, str]:
        """The environment of every Django process: the bench settings on the
        bench database, production-like (DEBUG off), local only."""
        env = {k: v for k, v in os.environ.items() if k not in APP_ENV}
        env.update(
            DJANGO_SETTINGS_MODULE="bench.settings",
            DEBUG="0",
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1",
            DATABASE_URL=self.database_url,
            DATABASE_CONN_MAX_AGE="60",
            PAGE_CACHE_SECONDS="0",
            BTS_VAR_DIR=str(OUT / "var"),
            # wrk is one client sending thousands of requests a second: lift the
            # API's per-client limits. The throttle still runs, as in production;
            # a one-second window keeps its history (one list per client, read and
            # written on every request) about as long as production's 120/minute.
            API_THROTTLE_ANON="1000000/second",
            API_THROTTLE_USER="1000000/second",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env


def run(
    args: list[str],
    *,
    env: dict[str, str] | None = None,
    timeout: float,
    cwd: Path = ROOT,
    **kwargs,
) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, env=env, timeout=timeout, check=True, text=True, **kwargs
    )


def run_json(
    args: list[str], *, env: dict[str, str], timeout: float, cwd: Path = ROOT
) -> object:
    result = run(args, env=env, timeout=timeout, cwd=cwd, capture_output=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- 1. wrk --------------------------------------------------------------------------
def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        log("Installing wrk (Debian package)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        run(["apt-get", "update", "-qq"], env=env, timeout=300)
        run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, timeout=300)
    version = subprocess.run(
        ["wrk", "-v"], capture_output=True, text=True, timeout=10, check=False
    )
    banner = (version.stdout or version.stderr).splitlines()[0]
    return banner.split(" [")[0].strip()  # "wrk debian/4.1.0-3+b2 [epoll] Copy…"


# --- 2. The catalogue ----------------------------------------------------------------
def _database_name(url: str) -> str:
    return urllib.parse.urlparse(url).path.lstrip("/")


def _admin_connection(url: str):
    parts = urllib.parse.urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        connect_timeout=10,
    )
    connection.autocommit = True
    return connection


def ensure_database(config: Config) -> None:
    name = _database_name(config.database_url)
    connection = _admin_connection(config.database_url)
    try:
        with connection.cursor() as cursor:
            if config.reseed:
                log(f"BENCH_RESEED: dropping database {name}")
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                        sql.Identifier(name)
                    )
                )
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                log(f"Creating database {name}")
                cursor.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )
    finally:
        connection.close()


def row_counts(config: Config) -> dict[str, int]:
    return run_json(
        [PYTHON, "-m", "bench.probe", "counts"], env=config.django_env(), timeout=300
    )


def min_rows(scale: float) -> dict[str, int]:
    """The rows the catalogue must hold at ``scale``."""
    if scale == 1:
        return MIN_ROWS
    return {table: int(rows * scale) for table, rows in MIN_ROWS_PER_SCALE.items()}


def _short_of_targets(counts: dict[str, int], scale: float = 1) -> list[str]:
    return [
        f"{table}: {counts.get(table, 0):,} < {minimum:,}"
        for table, minimum in min_rows(scale).items()
        if counts.get(table, 0) < minimum
    ]


def prepare_catalogue(config: Config) -> dict[str, object]:
    """Migrate and seed the bench database, unless it already holds enough rows."""
    ensure_database(config)
    env = config.django_env()
    started = time.perf_counter()
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, timeout=900)
    migrate_s = time.perf_counter() - started
    counts = row_counts(config)
    short = _short_of_targets(counts, config.scale)
    record_path = OUT / f"seed-{_database_name(config.database_url)}.json"
    if not short and record_path.exists() and not config.reseed:
        record = json.loads(record_path.read_text())
        if record.get("database_url") == config.database_url:
            log(f"Reusing the seeded database ({counts['productions']:,} productions)")
            return {**record, "reused": True, "counts": counts}
    if not short and not config.reseed:
        log("Reusing the seeded database (seeded outside this harness: no seed time)")
        return {"reused": True, "counts": counts, "seed_s": None}
    # A scaled catalogue whose top-up a crash cut short is topped up again.
    demo_done = config.scale != 1 and not _short_of_targets(counts)
    if counts.get("productions") and not demo_done:
        # A catalogue seed_demo began and did not finish: start again.
        raise SystemExit(
            f"The bench database holds a partial catalogue ({short}); set "
            "BENCH_RESEED=1 to drop it and seed it again."
        )

    command = [
        PYTHON,
        "manage.py",
        "seed_demo",
        "--size",
        str(config.size),
        "--images",
        str(config.images),
        "-v",
        "2",
    ]
    started = time.perf_counter()
    if demo_done:
        log("The seed_demo catalogue is there; topping it up")
    else:
        log(f"Seeding: {' '.join(command[1:])} (log: bench/out/seed.log)")
        with open(OUT / "seed.log", "w") as seed_log:
            run(
                command,
                env=env,
                timeout=config.seed_timeout,
                stdout=seed_log,
                stderr=subprocess.STDOUT,
            )
    demo_s = time.perf_counter() - started
    bulk = None
    if config.scale != 1:
        log(
            f"Topping up to scale {config.scale:g} with COPY "
            "(bench.bulkseed; log: bench/out/bulkseed.log)"
        )
        started_bulk = time.perf_counter()
        with open(OUT / "bulkseed.log", "w") as bulk_log:
            result = run(
                [PYTHON, "-m", "bench.bulkseed", "--scale", f"{config.scale:g}"],
                env=env,
                timeout=config.seed_timeout,
                stdout=subprocess.PIPE,
                stderr=bulk_log,
            )
        bulk = json.loads(result.stdout.strip().splitlines()[-1])
        bulk["wall_s"] = round(time.perf_counter() - started_bulk, 1)
    seed_s = time.perf_counter() - started
    started = time.perf_counter()
    connection = psycopg2.connect(config.database_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum would do soon anyway
    connection.close()
    analyze_s = time.perf_counter() - started
    counts = row_counts(config)
    short = _short_of_targets(counts, config.scale)
    if short:
        raise SystemExit(
            "The seeded catalogue is smaller than the issue asks: "
            + "; ".join(short)
            + f". Raise BENCH_SIZE (now {config.size})."
        )
    record = {
        "database_url": config.database_url,
        "scale": config.scale,
        "command": " ".join(command[1:])
        + (f", then bench.bulkseed --scale {config.scale:g}" if bulk else ""),
        "seeded_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "migrate_s": round(migrate_s, 1),
        "seed_demo_s": round(demo_s, 1),
        "bulk": bulk,
        "seed_s": round(seed_s, 1),
        "vacuum_analyze_s": round(analyze_s, 1),
        "counts": counts,
    }
    record_path.write_text(json.dumps(record, indent=2))
    log(f"Seeded in {seed_s:.0f} s: {counts}")
    return {**record, "reused": False}


# --- 3. What to load -----------------------------------------------------------------
@dataclass(frozen=True)
class Address:
    key: str
    label: str
    path: str
    kind: str  # bare, yardstick, twin, page, search or api
    # anonymous: the passes without a session; signed_in: the signed-in pass only
    # (a personal page); both: each of them.
    who: str = "anonymous"


def addresses(targets: dict) -> list[Address]:
    production = targets["production"]["slug"]
    post = targets["post"]["slug"]
    person = targets["person"]["slug"]
    word = urllib.parse.quote(targets["search"]["word"])
    common = urllib.parse.quote(targets["common_word"]["word"])
    return [
        Address("bare", "bare Django view", "/bench/bare/", "bare", "both"),
        Address("bare_16k", "bare view, 16 KiB body", "/bench/bare-16k/", "yardstick"),
        Address(
            "twin_list",
            "lean twin of the production list",
            "/bench/lean/productions/",
            "twin",
            "both",
        ),
        Address(
            "twin_detail",
            "lean twin of the production detail",
            f"/bench/lean/productions/{production}/",
            "twin",
            "both",
        ),
        Address("home", "home", "/", "page", "both"),
        Address("production_list", "production list", "/productions/", "page", "both"),
        Address(
            "production_detail",
            "production detail",
            f"/productions/{production}/",
            "page",
            "both",
        ),
        Address("person_detail", "person page", f"/people/{person}/", "page"),
        Address("post_detail", "post detail", f"/posts/{post}/", "page", "both"),
        Address("feed", "personal feed", "/feed/", "page", "signed_in"),
        Address("post_list", "post list", "/posts/", "page"),
        Address("posts_deep", "post list, page 2000", "/posts/?page=2000", "page"),
        Address(
            "theater_deep",
            "theatre productions, page 500",
            "/productions/?kind=theater&page=500",
            "page",
        ),
        Address(
            "productions_filtered",
            "released films, by title",
            "/productions/?kind=film&status=released&sort=title",
            "page",
        ),
        Address(
            "craft",
            "biggest craft",
            f"/crafts/{targets['craft']['slug']}/",
            "page",
        ),
        Address("tag", "biggest tag", f"/tags/{targets['tag']['slug']}/", "page"),
        Address("search", "search, rare word", f"/search/?q={word}", "search"),
        Address(
            "search_common", "search, common word", f"/search/?q={common}", "search"
        ),
        Address("api_productions", "API productions", "/api/v1/productions/", "api"),
        Address(
            "api_productions_deep",
            "API productions, page 1000",
            "/api/v1/productions/?page=1000",
            "api",
        ),
        Address("api_posts", "API posts", "/api/v1/posts/", "api"),
        Address(
            "api_production",
            "API production",
            f"/api/v1/productions/{production}/",
            "api",
        ),
        Address("api_post", "API post", f"/api/v1/posts/{post}/", "api"),
    ]


def measured_in(address: Address, name: str) -> bool:
    """Whether the pass ``name`` loads ``address``."""
    if name == "signed_in":
        return address.who in {"both", "signed_in"}
    if name == "cache" and address.kind == "twin":  # not pages the cache keeps
        return False
    return address.who in {"both", "anonymous"}


# Pairs that show the same view with more rows: their query counts must be equal.
PAGE_SIZE_CHECKS = (
    ("production list, page 1 vs page 2", "/productions/", "/productions/?page=2"),
    ("post list, page 1 vs page 2", "/posts/", "/posts/?page=2"),
    (
        "API productions, 10 vs 100 a page",
        "/api/v1/productions/?page_size=10",
        "/api/v1/productions/?page_size=100",
    ),
    (
        "API productions with credits and posts, 10 vs 100 a page",
        "/api/v1/productions/?expand=credits,posts&page_size=10",
        "/api/v1/productions/?expand=credits,posts&page_size=100",
    ),
    (
        "API posts, 10 vs 100 a page",
        "/api/v1/posts/?page_size=10",
        "/api/v1/posts/?page_size=100",
    ),
    (
        "API people, 10 vs 100 a page",
        "/api/v1/people/?page_size=10",
        "/api/v1/people/?page_size=100",
    ),
)


def pick_targets(config: Config) -> dict:
    return run_json(
        [PYTHON, "-m", "bench.probe", "targets"], env=config.django_env(), timeout=600
    )


def count_queries(
    config: Config, paths: list[str], *, username: str = "", fragments: bool = True
) -> dict[str, dict]:
    """Queries per request, anonymous or (``username``) signed in."""
    env = config.django_env(
        ALLOWED_HOSTS="127.0.0.1,testserver",
        BENCH_SIGNED_IN_USER=username,
        FRAGMENT_CACHE_SECONDS="300" if fragments else "0",
    )
    return run_json(
        [PYTHON, "-m", "bench.probe", "queries", *paths], env=env, timeout=900
    )


# --- 4. Renditions -------------------------------------------------------------------
@dataclass(frozen=True)
class RenditionCase:
    key: str
    label: str
    file: str
    make: tuple[str, ...]  # bench.renditions' command and options, before the path
    upload_name: str


RENDITION_CASES = (
    RenditionCase(
        "jpeg",
        "24 MP JPEG, upright",
        "photo-24mp-orientation-1.jpg",
        ("make", "--orientation", "1"),
        "IMG_0001.JPG",
    ),
    RenditionCase(
        "jpeg_turned",
        "24 MP JPEG, EXIF orientation 6 (a phone held upright)",
        "photo-24mp-orientation-6.jpg",
        ("make", "--orientation", "6"),
        "IMG_0002.JPG",
    ),
    RenditionCase(
        "heic",
        "24 MP HEIC as an iPhone writes it (512 px tiles, camera EXIF)",
        "photo-24mp-iphone.heic",
        ("make-heic",),
        "IMG_0003.HEIC",
    ),
)
# The figures of the last code that made only the three WebP crops (commit e427501,
# bench/report.md of that time), for comparison.
RENDITIONS_BEFORE = {"commit": "e427501", "total_s": 0.49, "peak_mb": 187, "rss_mb": 85}


def measure_renditions(config: Config) -> list[dict]:
    cases = []
    for case in RENDITION_CASES:
        path = OUT / case.file
        command, *options = case.make
        # The HEIC takes ~30 s to encode: bench.renditions keeps it in bench/out/
        # while its parameters hold.
        picture = run_json(
            [PYTHON, "-m", "bench.renditions", command, str(path), *options],
            env=config.django_env(),
            timeout=600,
        )
        # A fresh process per case: its peak RSS is this upload's and nothing else's.
        measured, others = _run_json_measured(
            [PYTHON, "-m", "bench.renditions", "measure", str(path)]
            + ["--name", case.upload_name],
            env=config.django_env(),
            timeout=300,
        )
        picture.pop("path")
        cases.append(
            {
                "key": case.key,
                "label": case.label,
                "picture": picture,
                **measured,
                "others_share": others,
            }
        )
        log(
            f"Renditions, {case.label}: {measured['total_s_median']:.2f} s, "
            f"peak RSS {measured['peak_rss_mb']:.0f} MB (others' CPU {others:.0%})"
        )
    return cases


# --- 4b. Page weight -----------------------------------------------------------------
PAGEWEIGHT = BENCH / "pageweight.py"


def _export(commit: str, directory: Path) -> dict[str, str]:
    """The tree of ``commit`` in ``directory`` (git archive: the checkout itself is
    left as it is)."""
    import tarfile

    def git(*args: str) -> str:
        return run(["git", *args], timeout=60, capture_output=True).stdout.strip()

    full = git("rev-parse", "--verify", f"{commit}^{{commit}}")
    directory.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", full],
        cwd=ROOT,
        capture_output=True,
        check=True,
        timeout=120,
    )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(directory, filter="data")
    # The virtualenv's editable install finds this checkout's packages by name:
    # a module the older tree lacks (a templatetags library added since, say)
    # would be taken from this checkout and mixed with the older code. Python
    # imports sitecustomize from the tree first on PYTHONPATH, once the
    # virtualenv's .pth files have run, so it can take that finder out again.
    (directory / "sitecustomize.py").write_text(EXPORT_SITECUSTOMIZE)
    return {"commit": full[:7], "subject": git("log", "-1", "--format=%s", full)}


EXPORT_SITECUSTOMIZE = """import sys

sys.meta_path[:] = [
    finder
    for finder in sys.meta_path
    if not getattr(finder, "__module__", "").startswith("__editable__")
]
"""


def measure_pageweight(config: Config) -> dict:
    """The bytes a phone transfers for a post page with ten photos, for this code
    and for ``config.pageweight_before``: each on its own throwaway SQLite database
    and media folder under bench/out/pageweight/ (deleted after), seeded through its
    own services and served by its own gunicorn, loaded in Chromium."""
    directory = OUT / "pageweight"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    script = [PYTHON, str(PAGEWEIGHT)]
    try:
        photos = run_json(
            [*script, "photos", str(directory / "photos")],
            env=dict(os.environ),
            timeout=600,
        )
        before = _export(config.pageweight_before, directory / "before-code")
        versions = {}
        for key, root in (("after", ROOT), ("before", directory / "before-code")):
            data = directory / key
            settings = {
                "DJANGO_SETTINGS_MODULE": "bts_catalog.settings.base",
                "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
                "BTS_VAR_DIR": str(data / "var"),
                "SERVE_MEDIA": "1",  # uploads served by Django, as in development
                "PYTHONPATH": str(root),
            }
            log(f"Page weight, {key}: seeding a post with ten photos")
            seeded = run_json(
                [*script, "seed", str(directory / "photos")],
                env=config.django_env(**settings),
                timeout=1200,
                cwd=root,
            )
            with gunicorn(
                config, f"pageweight-{key}", root=root, ready="/robots.txt", **settings
            ) as server:
                loaded = run_json(
                    [*script, "load", server.base + seeded["path"]],
                    env=dict(os.environ),
                    timeout=300,
                )
            versions[key] = {**loaded, "seed": seeded}
            log(
                f"Page weight, {key}: {loaded['initial']['bytes'] / 1024:.0f} KiB "
                f"first, {loaded['scrolled']['bytes'] / 1024:.0f} KiB scrolled"
            )
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    after, old = versions["after"], versions["before"]
    return {
        "photos": photos,
        "before_code": before,
        "after": after,
        "before": old,
        "ratio_initial": round(after["initial"]["bytes"] / old["initial"]["bytes"], 4),
        "ratio_scrolled": round(
            after["scrolled"]["bytes"] / old["scrolled"]["bytes"], 4
        ),
    }


# --- 5. Load -------------------------------------------------------------------------
# CPU time from /proc, to show where each request's time goes and how much of the
# machine something else (another user, a test run) took during a measurement.
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> list[tuple[int, list[str]]]:
    """(pid, /proc/PID/stat fields after the command name) of every process."""
    processes = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        processes.append((int(stat.parent.name), fields))
    return processes


def _cpu_s(fields: list[str], *, children: bool = False) -> float:
    """utime + stime (+ cutime + cstime: reaped children) in seconds."""
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / CLOCK_TICKS


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _machine_cpu_s() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = values[:8]
    busy = user + nice + system + irq + softirq + steal
    return busy / CLOCK_TICKS, (busy + idle + iowait) / CLOCK_TICKS


@dataclass
class Server:
    base: str
    process: subprocess.Popen
    log_path: Path
    database: str

    def workers(self) -> int:
        """Live worker processes (children of the gunicorn master)."""
        return sum(int(f[1]) == self.process.pid for _, f in _processes())

    def boots(self) -> int:
        return self.log_path.read_text().count("Booting worker")

    def cpu(self) -> dict[str, object]:
        """A snapshot of CPU seconds: gunicorn as a whole (its master reaps the
        workers max_requests recycles, so their time stays counted), every other
        process by pid, wrk (a reaped child of this script) and the machine."""
        app = 0.0
        processes: dict[int, tuple[str, float]] = {}
        for pid, fields in _processes():
            if pid == self.process.pid:
                app += _cpu_s(fields, children=True)
            elif int(fields[1]) == self.process.pid:
                app += _cpu_s(fields)
            elif pid != os.getpid():
                # Without reaped children: a long job ending in the window would
                # count its whole life there.
                processes[pid] = (self._category(pid), _cpu_s(fields))
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        busy, total = _machine_cpu_s()
        return {
            "app": app,
            "processes": processes,
            "wrk": usage.ru_utime + usage.ru_stime,
            "busy": busy,
            "total": total,
        }

    def settle(self, *, window: float = 0.25, timeout: float = 10.0) -> float:
        """Wait until gunicorn has used at most one clock tick of CPU in a
        ``window``: the requests a load run left queued when it stopped (each
        connection's last one, rendered for a client that is gone) are done.
        Returns the seconds waited; ``timeout`` at most."""
        started = time.monotonic()
        before = self.cpu()["app"]
        while time.monotonic() - started < timeout:
            time.sleep(window)
            now = self.cpu()["app"]
            if now - before <= 1.5 / CLOCK_TICKS:
                break
            before = now
        return round(time.monotonic() - started, 2)

    def _category(self, pid: int) -> str:
        command = _cmdline(pid)
        if command.startswith("postgres"):
            # Backends of the bench database; the rest of PostgreSQL (other
            # databases, and parallel query workers, which cannot be told apart
            # once they are gone) counts as neither ours nor others'.
            return "db" if f" {self.database} " in command else "postgres"
        if command.startswith("redis-server"):
            return "cache"
        return "others"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(
    url: str, timeout: float = 30, *, cookie: str = ""
) -> tuple[int, dict[str, str]]:
    # Only ever http://127.0.0.1:<port>/…, built by this script.
    headers = {"Accept": "*/*", **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: workers finish their request
    try:
        process.wait(timeout=40)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # its own session: only gunicorn
        process.wait(timeout=10)


GUNICORN_SETTINGS = (
    "workers",
    "worker_class",
    "threads",
    "max_requests",
    "max_requests_jitter",
    "timeout",
    "keepalive",
    "preload_app",
)


def gunicorn_settings(config: Config) -> dict:
    """gunicorn.conf.py as it resolves in the environment the harness gives it."""
    env = config.django_env()
    if config.workers:
        env["WEB_CONCURRENCY"] = config.workers
    code = (
        "import json, runpy; conf = runpy.run_path('gunicorn.conf.py'); "
        f"print(json.dumps({{k: conf[k] for k in {GUNICORN_SETTINGS!r}}}))"
    )
    return run_json([PYTHON, "-c", code], env=env, timeout=60)


@contextmanager
def gunicorn(
    config: Config,
    name: str,
    *,
    root: Path = ROOT,
    ready: str = "/bench/bare/",
    **settings: str,
):
    """gunicorn -c gunicorn.conf.py of the code in ``root`` on a free local port,
    once ``ready`` answers 200; always stopped after."""
    port = _free_port()
    env = config.django_env(GUNICORN_BIND=f"127.0.0.1:{port}", **settings)
    if config.workers:
        env["WEB_CONCURRENCY"] = config.workers
    log_path = OUT / f"gunicorn-{name}.log"
    with open(log_path, "w") as gunicorn_log:
        process = subprocess.Popen(
            [GUNICORN, "-c", "gunicorn.conf.py", "bts_catalog.wsgi"],
            cwd=root,
            env=env,
            stdout=gunicorn_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        server = Server(
            f"http://127.0.0.1:{port}",
            process,
            log_path,
            _database_name(config.database_url),
        )
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise SystemExit(f"gunicorn exited at start; see {log_path}")
            try:
                if fetch(server.base + ready, timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"gunicorn did not answer in 60 s; see {log_path}")
            time.sleep(0.25)
        yield server
    finally:
        _stop(process)


def wrk(
    config: Config,
    url: str,
    duration: str,
    *,
    connections: int = 0,
    cookie: str = "",
) -> dict:
    connections = connections or config.connections
    threads = min(config.threads, connections)
    result = run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}"]
        + ["--timeout", "10s", "-s", str(BENCH / "wrk.lua"), url],
        env={**os.environ, "BENCH_COOKIE": cookie},
        timeout=_seconds(duration) + 60,
        capture_output=True,
    )
    for line in result.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise SystemExit(f"wrk printed no result for {url}:\n{result.stdout}")


def _cpu_shares(before: dict, after: dict, requests: int) -> dict[str, float]:
    """Where the CPU went between two snapshots, per request and as shares of the
    whole machine. A process that ended meanwhile loses what it used since the
    first snapshot (PostgreSQL backends rarely end: CONN_MAX_AGE keeps them)."""
    spent = {"app": after["app"] - before["app"], "wrk": after["wrk"] - before["wrk"]}
    for category in ("db", "cache", "others"):
        spent[category] = sum(
            max(0.0, used - before["processes"].get(pid, (category, 0.0))[1])
            for pid, (kind, used) in after["processes"].items()
            if kind == category
        )
    capacity = (after["total"] - before["total"]) or 1.0  # CPU seconds, all cores
    busy = after["busy"] - before["busy"]
    ours = spent["app"] + spent["db"] + spent["cache"] + spent["wrk"]
    spent["others"] = min(spent["others"], max(0.0, busy - ours))
    per_request = 1000 / max(requests, 1)
    return {
        "server_ms_per_request": round(
            (spent["app"] + spent["db"] + spent["cache"]) * per_request, 3
        ),
        "app_ms_per_request": round(spent["app"] * per_request, 3),
        "db_ms_per_request": round(spent["db"] * per_request, 3),
        "app_share": round(spent["app"] / capacity, 3),
        "db_share": round(spent["db"] / capacity, 3),
        "cache_share": round(spent["cache"] / capacity, 3),
        "wrk_share": round(spent["wrk"] / capacity, 3),
        "others_share": round(min(spent["others"] / capacity, 1.0), 3),
        "idle_share": round(max(0.0, 1 - busy / capacity), 3),
    }


def measure(
    config: Config,
    server: Server,
    name: str,
    address: Address,
    *,
    alone: bool,
    cookie: str = "",
) -> dict:
    """The address under full load (config.connections) and, with ``alone``, one
    request at a time once the server is idle again: the time a page takes at
    this size with no queue. With
    ``cookie``, every request carries it (a signed-in visitor's session)."""
    url = server.base + address.path
    status, _ = fetch(url, cookie=cookie)  # in the cached pass, this fills the cache
    status, headers = fetch(url, cookie=cookie)
    if status != 200:
        raise SystemExit(f"{url} answered {status}, not 200")
    wrk(config, url, config.warmup, cookie=cookie)
    before = server.cpu()
    measured = wrk(config, url, config.duration, cookie=cookie)
    measured["cpu"] = _cpu_shares(before, server.cpu(), measured["requests"])
    measured["page_cache"] = headers.get("X-Page-Cache", "")
    if alone and _seconds(config.alone) > 0:
        # One at a time means no queue: not the tail of the run just ended.
        settled_s = server.settle()
        single = wrk(config, url, config.alone, connections=1, cookie=cookie)
        kept = ("requests", "rps", "p50_ms", "p95_ms", "p99_ms")
        measured["alone"] = {key: single[key] for key in kept}
        measured["alone"]["settled_s"] = settled_s
        log(
            f"  {name:<8} {address.label:<22} one at a time: "
            f"p50 {single['p50_ms']:6.1f}  p95 {single['p95_ms']:6.1f}  "
            f"p99 {single['p99_ms']:6.1f} ms"
        )
    log(
        f"  {name:<8} {address.label:<22} {measured['rps']:>7.0f} req/s  "
        f"p50 {measured['p50_ms']:6.1f}  p95 {measured['p95_ms']:6.1f}  "
        f"p99 {measured['p99_ms']:6.1f} ms  non-2xx {measured['non_2xx']}  "
        f"CPU/req app {measured['cpu']['app_ms_per_request']:.1f} "
        f"db {measured['cpu']['db_ms_per_request']:.1f} ms  "
        f"others {measured['cpu']['others_share']:.0%}"
    )
    return measured


def load_pass(
    config: Config,
    name: str,
    targets: list[Address],
    *,
    alone: bool = False,
    cookie: str = "",
    **settings: str,
) -> dict:
    """Every address the pass loads (``measured_in``), in turn, on a gunicorn of its
    own. The bare view is measured first and again last; the run taken while other
    processes used less of the machine is the pass's yardstick."""
    results = {}
    targets = [address for address in targets if measured_in(address, name)]
    with gunicorn(config, name, **settings) as server:
        for address in targets:
            results[address.key] = measure(
                config, server, name, address, alone=alone, cookie=cookie
            )
        bare_again = measure(
            config, server, name, targets[0], alone=False, cookie=cookie
        )
        workers, boots = server.workers(), server.boots()
    first = results["bare"]
    quieter = min(first, bare_again, key=lambda m: m["cpu"]["others_share"])
    other = bare_again if quieter is first else first
    results["bare"] = {
        **quieter,
        "measured": "first" if quieter is first else "last",
        "other_measurement": {
            key: other[key] for key in ("rps", "p50_ms", "p95_ms", "p99_ms")
        }
        | {"others_share": other["cpu"]["others_share"]},
    }
    bare = results["bare"]
    for measured in results.values():
        measured["ratio_to_bare"] = round(measured["rps"] / bare["rps"], 3)
        # The same ratio from the server's CPU time per request (gunicorn,
        # PostgreSQL, Redis): what the req/s ratio would be if the server alone
        # limited throughput; far less sensitive to other load on the machine.
        cost = measured["cpu"]["server_ms_per_request"]
        measured["cpu_ratio_to_bare"] = (
            round(bare["cpu"]["server_ms_per_request"] / cost, 3) if cost else None
        )
    for page, twin in TWINS.items():
        if page in results and twin in results:
            measured, lean = results[page], results[twin]
            measured["ratio_to_twin"] = round(measured["rps"] / lean["rps"], 3)
            cost = measured["cpu"]["server_ms_per_request"]
            measured["cpu_ratio_to_twin"] = (
                round(lean["cpu"]["server_ms_per_request"] / cost, 3) if cost else None
            )
    return {
        "settings": settings,
        "workers": workers,
        "worker_boots": boots,
        "results": results,
    }


def flush_redis(url: str) -> None:
    client = redis.Redis.from_url(url, socket_timeout=10)
    client.flushdb()
    client.close()


# --- 6. Video ------------------------------------------------------------------------
TRANSCODE_CASES = (
    ("all", "720p + 1080p in one pass, as the task makes them", ""),
    ("720p", "720p alone (RENDITION_HEIGHTS = (720,))", "720"),
)


def _run_json_measured(
    args: list[str], *, env: dict[str, str], timeout: float
) -> tuple[object, float]:
    """run_json, and the share of the machine's CPU that processes other than this
    child took meanwhile (see NOISY_SHARE)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy, total = _machine_cpu_s()
    result = run_json(args, env=env, timeout=timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_after, total_after = _machine_cpu_s()
    child = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    others = max(0.0, busy_after - busy - child) / ((total_after - total) or 1.0)
    return result, round(min(others, 1.0), 3)


def measure_video(config: Config) -> dict:
    """The issue's video figures, on a throwaway SQLite database and media folder
    under bench/out/video/ (deleted after): transcoding a 60 s 1080p clip, its
    poster, and the web worker's memory while a 1 GiB upload streams in."""
    directory = OUT / "video"
    shutil.rmtree(directory, ignore_errors=True)
    (directory / "tmp").mkdir(parents=True)
    env = config.django_env(
        DATABASE_URL=f"sqlite:///{directory / 'db.sqlite3'}",
        BTS_VAR_DIR=str(directory / "var"),
        FILE_UPLOAD_TEMP_DIR=str(directory / "tmp"),
    )
    video = [PYTHON, "-m", "bench.video"]
    try:
        clip = directory / "clip-1080p30.mp4"
        log(f"Video: making a {VIDEO_SECONDS} s 1080p 30 fps clip")
        source = run_json(
            [*video, "make", str(clip), "--seconds", str(VIDEO_SECONDS)],
            env=env,
            timeout=900,
        )
        log(
            f"Video: {source['scene']} clip, {source['mbit_per_s']:.1f} Mbit/s, "
            f"made in {source['make_s']:.0f} s"
        )
        transcodes = []
        for key, label, heights in TRANSCODE_CASES:
            # A fresh process per case: its peak RSS is this transcode's alone.
            args = [*video, "measure", str(clip)]
            if heights:
                args += ["--heights", heights]
            measured, others = _run_json_measured(args, env=env, timeout=1800)
            transcodes.append(
                {"key": key, "label": label, **measured, "others_share": others}
            )
            log(
                f"Video transcode, {label}: {measured['wall_s']:.1f} s "
                f"({measured['realtime_multiple']:.2f} × real time), "
                f"peak RSS {measured['peak_rss_mb']:.0f} MB"
            )
        poster, others = _run_json_measured(
            [*video, "poster", str(clip)], env=env, timeout=300
        )
        poster["others_share"] = others
        log(f"Video poster on its own: {poster['total_s']:.2f} s")
        uploaded = measure_upload(config, directory, env)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    source.pop("path")
    return {
        "source": source,
        "software": transcodes[0].pop("software"),
        "transcodes": transcodes,
        "poster": poster,
        "upload": uploaded,
    }


def measure_upload(config: Config, directory: Path, env: dict[str, str]) -> dict:
    """The gunicorn worker's resident memory while a 1 GiB video is POSTed to the
    media API: one worker, its RSS sampled every 50 ms, after a small upload has
    warmed the same code path. With a broker configured, the request stores the
    original and queues the transcode (no worker takes it): what is measured is
    the upload, not the transcode."""
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, timeout=900)
    account = run_json([PYTHON, "-m", "bench.video", "setup"], env=env, timeout=120)
    small, large = directory / "warm-up.mp4", directory / "upload-1gib.mp4"
    run_json(
        [PYTHON, "-m", "bench.video", "make", str(small), "--seconds", "2"],
        env=env,
        timeout=300,
    )
    padded = run_json(
        [PYTHON, "-m", "bench.video", "pad", str(small), str(large)]
        + [str(VIDEO_UPLOAD_BYTES)],
        env=env,
        timeout=300,
    )
    settings = {
        name: env[name]
        for name in ("DATABASE_URL", "BTS_VAR_DIR", "FILE_UPLOAD_TEMP_DIR")
    }
    # A sync worker is killed when one request outlasts the timeout; raised here so
    # that a slow machine still gives a figure (the report shows the request's time).
    settings.update(CELERY_BROKER_URL=config.video_broker_url, GUNICORN_TIMEOUT="600")
    endpoint = f"/api/v1/posts/{account['post']}/media/"
    broker = redis.Redis.from_url(config.video_broker_url, socket_timeout=10)
    keys_before = set(broker.keys())
    try:
        with gunicorn(replace(config, workers="1"), "video", **settings) as server:
            (worker,) = [
                pid for pid, f in _processes() if int(f[1]) == server.process.pid
            ]
            idle = process_memory_mb(worker)
            warm = upload(
                server.base,
                endpoint,
                token=account["token"],
                file_path=str(small),
                fields={"alt_text": "A minute on set (warm-up)"},
            )
            if warm["status"] != 201:
                raise SystemExit(
                    f"The warm-up upload answered {warm['status']}: {warm}"
                )
            time.sleep(1)
            before = process_memory_mb(worker)
            log(f"Video upload: streaming {VIDEO_UPLOAD_BYTES / 2**30:.0f} GiB")
            with RssSampler(worker, interval=0.05) as sampler:
                time.sleep(0.5)
                large_upload = upload(
                    server.base,
                    endpoint,
                    token=account["token"],
                    file_path=str(large),
                    fields={"alt_text": "A minute on set, padded to 1 GiB"},
                )
                time.sleep(0.5)
            after = process_memory_mb(worker)
            same_worker = [
                pid for pid, f in _processes() if int(f[1]) == server.process.pid
            ] == [worker]
        stored = max(
            (f.stat().st_size for f in (directory / "var").rglob("*") if f.is_file()),
            default=0,
        )
        left_in_tmp = sum(1 for _ in (directory / "tmp").iterdir())
    finally:
        created = set(broker.keys()) - keys_before
        if created:
            broker.delete(*created)
        broker.close()
    answer = large_upload.pop("answer")
    warm.pop("answer")
    # VmHWM catches what falls between two samples; it only rose during the
    # upload if it rose past its value before.
    peak = sampler.peak_mb
    if after["VmHWM"] > before["VmHWM"]:
        peak = max(peak, after["VmHWM"])
    result = {
        "file": {key: padded[key] for key in ("bytes", "source_bytes", "duration_s")},
        "broker": config.video_broker_url,
        "gunicorn_timeout_s": int(settings["GUNICORN_TIMEOUT"]),
        "warm_up": warm,
        **large_upload,
        "asset": (
            {key: answer.get(key) for key in ("id", "kind", "status")}
            if isinstance(answer, dict)
            else answer
        ),
        "idle_rss_mb": round(idle["VmRSS"], 1),
        "before_rss_mb": round(before["VmRSS"], 1),
        "peak_rss_mb": round(peak, 1),
        "sampled_peak_rss_mb": round(sampler.peak_mb, 1),
        "after_rss_mb": round(after["VmRSS"], 1),
        "growth_mb": round(peak - before["VmRSS"], 1),
        "growth_from_idle_mb": round(peak - idle["VmRSS"], 1),
        "hwm_before_mb": round(before["VmHWM"], 1),
        "hwm_after_mb": round(after["VmHWM"], 1),
        "samples": len(sampler.samples),
        "same_worker": same_worker,
        "largest_stored_bytes": stored,
        "temporary_files_left": left_in_tmp,
    }
    log(
        f"Video upload: {result['status']} in {result['total_s']:.1f} s, worker RSS "
        f"{result['before_rss_mb']:.0f} → peak {peak:.0f} MB "
        f"(+{result['growth_mb']:.0f} MB)"
    )
    return result


# --- 7. Report -----------------------------------------------------------------------
PASSES = {
    "no_cache": "without cache (PAGE_CACHE_SECONDS=0, FRAGMENT_CACHE_SECONDS=0)",
    "signed_in": "signed in (a fan's session: no page cache, the personal header)",
    "cache": "with the Redis page cache (PAGE_CACHE_SECONDS=300, warmed)",
}


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def code_version() -> dict[str, object]:
    """The commit measured, and which files outside bench/ differed from it."""

    def git(*args: str) -> str:
        result = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=30
        )
        return result.stdout.rstrip("\n") if result.returncode == 0 else ""

    changed = [
        line[3:]
        for line in git("status", "--porcelain").splitlines()
        if not line[3:].startswith("bench/")
    ]
    return {"commit": git("rev-parse", "--short", "HEAD"), "uncommitted": changed}


def host_facts(load_at_start: str) -> dict:
    """The machine itself: what every measurement ran on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "load_average_at_start": load_at_start,
        "load_average_at_end": _load_average(),
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def machine_facts(config: Config, wrk_version: str, load_at_start: str) -> dict:
    from importlib.metadata import version

    connection = psycopg2.connect(config.database_url)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    connection.close()
    client = redis.Redis.from_url(config.redis_url, socket_timeout=10)
    redis_version = client.info("server")["redis_version"]
    client.close()
    return {
        **host_facts(load_at_start),
        "django": version("django"),
        "gunicorn": version("gunicorn"),
        "postgresql": postgres,
        "redis": redis_version,
        "wrk": wrk_version,
        "gunicorn_settings": gunicorn_settings(config),
        "wrk_threads": config.threads,
        "wrk_connections": config.connections,
        "duration": config.duration,
        "warmup": config.warmup,
        "alone": config.alone,
    }


def evaluate(report: dict, targets: list[Address]) -> list[dict]:
    """Every target of the issues, met or missed, with the figures behind it: the
    catalogue's at BENCH_SCALE=1 and, once measured, at the scale above it."""
    checks = evaluate_catalogue(report, targets, "")
    scaled = report.get("scaled")
    if scaled:
        where = f", at ×{scaled['scale']:g}"
        checks += evaluate_catalogue(scaled, _addresses_of(scaled), where)
        checks += evaluate_seed(scaled["seed"], scaled["scale"])
    checks += evaluate_renditions(report["renditions"])
    if "pageweight" in report:
        checks += evaluate_pageweight(report["pageweight"])
    if "video" in report:
        checks += evaluate_video(report["video"])
    return checks


def evaluate_catalogue(part: dict, targets: list[Address], where: str) -> list[dict]:
    """The targets of one catalogue's measurements (``where`` names its scale)."""
    checks = []
    labels = {address.key: address.label for address in targets}
    load = part["load"]

    def check(target: str, met: bool, detail: str) -> None:
        checks.append({"target": target + where, "met": met, "detail": detail})

    if "signed_in" in load:
        results = load["signed_in"]["results"]
        anonymous = load["no_cache"]["results"]
        for page, twin in TWINS.items():
            measured, lean = results[page], results[twin]
            ratio = measured["ratio_to_twin"]
            check(
                f"signed-in {labels[page]} ≥ {RATIO_TWIN:.0%} of its lean twin's req/s",
                ratio >= RATIO_TWIN,
                f"{ratio:.1%} ({measured['rps']:.0f} vs {lean['rps']:.0f} req/s); "
                f"by server CPU per request {measured['cpu_ratio_to_twin']:.1%}; "
                f"anonymous without cache {anonymous[page]['ratio_to_twin']:.1%}",
            )
    results = load["cache"]["results"]
    bare = results["bare"]["rps"]
    for key in RATIO_PAGES:
        ratio = results[key]["ratio_to_bare"]
        check(
            f"{labels[key]} ≥ {RATIO_CACHE:.0%} of bare req/s, {PASSES['cache']}",
            ratio >= RATIO_CACHE,
            f"{ratio:.1%} ({results[key]['rps']:.0f} vs {bare:.0f} req/s); "
            f"by server CPU per request {results[key]['cpu_ratio_to_bare']:.1%}",
        )
    for name in ("no_cache", "signed_in"):
        if name not in load:
            continue
        alone = load[name]["results"]
        measured = [
            a
            for a in targets
            if a.kind not in YARDSTICKS and a.key in alone and "alone" in alone[a.key]
        ]
        if not measured:
            continue
        pages = [a for a in measured if a.kind != "search"]
        slow = [
            f"{a.label} {_alone_label(alone[a.key]['alone'])}"
            for a in pages
            if _alone_p95(alone[a.key]["alone"]) >= P95_PAGE_MS
        ]
        worst = max(pages, key=lambda a: _alone_p95(alone[a.key]["alone"]))
        check(
            f"p95 < {P95_PAGE_MS:.0f} ms for every page and endpoint, one request "
            f"at a time, {PASSES[name]}",
            not slow,
            "missed by: " + ", ".join(slow)
            if slow
            else f"slowest: {worst.label} {_alone_label(alone[worst.key]['alone'])}",
        )
        for address in (a for a in measured if a.kind == "search"):
            single = alone[address.key]["alone"]
            check(
                f"{address.label} p95 < {P95_SEARCH_MS:.0f} ms, one request at a "
                f"time, {PASSES[name]}",
                _alone_p95(single) < P95_SEARCH_MS,
                _alone_label(single),
            )
    for label, queries in (
        ("", part["queries"]),
        (", signed in", part.get("queries_signed_in") or {}),
    ):
        counted = [a for a in targets if a.kind not in YARDSTICKS and a.path in queries]
        if not counted:
            continue
        over = [
            f"{a.label} {queries[a.path]['queries']}"
            for a in counted
            if queries[a.path]["queries"] > MAX_QUERIES
        ]
        most = max(counted, key=lambda a: queries[a.path]["queries"])
        check(
            f"≤ {MAX_QUERIES} queries per page and endpoint{label}",
            not over,
            "missed by: " + ", ".join(over)
            if over
            else f"most: {most.label} {queries[most.path]['queries']}",
        )
    for pair in part["page_size_checks"]:
        check(
            f"queries independent of page size: {pair['label']}",
            pair["equal"],
            f"{pair['queries'][0]} vs {pair['queries'][1]}",
        )
    soaked = part.get("soak")
    if soaked:
        check(
            f"soak: {soaked['duration_s']:.0f} s of mixed load at "
            f"{soaked['connections']} connections with 0 errors",
            soaked["errors"]["total"] == SOAK_ERRORS,
            _soak_summary(soaked),
        )
    return checks


def _alone_p95(single: dict) -> float:
    """The one-at-a-time p95; infinite when no request finished in the run."""
    return single["p95_ms"] if single["requests"] else float("inf")


def _alone_label(single: dict) -> str:
    if not single["requests"]:
        return "no request finished in the run"
    return f"{single['p95_ms']:.1f} ms"


def evaluate_seed(seed: dict, scale: float) -> list[dict]:
    if seed.get("seed_s") is None:
        return []
    return [
        {
            "target": f"seeding the ×{scale:g} catalogue ≤ "
            f"{SEED_SECONDS_AT_SCALE / 60:.0f} min",
            "met": seed["seed_s"] <= SEED_SECONDS_AT_SCALE,
            "detail": f"{seed['seed_s'] / 60:.1f} min (seed_demo "
            f"{seed['seed_demo_s'] / 60:.1f} min, COPY top-up "
            f"{(seed['bulk'] or {}).get('wall_s', 0) / 60:.1f} min, VACUUM ANALYZE "
            f"{seed['vacuum_analyze_s'] / 60:.1f} min)",
        }
    ]


def evaluate_renditions(cases: list[dict]) -> list[dict]:
    """The issue's targets for intake plus every rendition of a 24 MP photo."""
    checks = []
    for case in cases:
        busy = case.get("others_share", 0) > NOISY_SHARE
        checks.append(
            {
                "target": f"intake + renditions < {RENDITION_SECONDS:.0f} s: "
                f"{case['label']}",
                "met": case["total_s_median"] < RENDITION_SECONDS,
                "detail": f"{case['total_s_median']:.2f} s (median of "
                f"{len(case['runs'])}; intake {case['intake_s_median']:.2f} s)"
                + (
                    f"; others took {case['others_share']:.0%} of the CPU meanwhile"
                    if busy
                    else ""
                ),
            }
        )
        checks.append(
            {
                "target": f"intake + renditions < {RENDITION_MB:.0f} MB peak: "
                f"{case['label']}",
                "met": case["peak_rss_mb"] < RENDITION_MB,
                "detail": f"{case['peak_rss_mb']:.0f} MB peak RSS "
                f"({case['baseline_rss_mb']:.0f} MB before the upload"
                + (
                    f", {case['intake_peak_rss_mb']:.0f} MB at the end of intake)"
                    if "intake_peak_rss_mb" in case
                    else ")"
                ),
            }
        )
    return checks


def evaluate_pageweight(weight: dict) -> list[dict]:
    """The issue's page weight target: a phone's bytes for the ten-photo post page
    at most PAGEWEIGHT_RATIO of the older code's, before and after scrolling."""
    commit = weight["before_code"]["commit"]
    checks = []
    for phase, label in (("scrolled", "every picture loaded"), ("initial", "first")):
        after = weight["after"][phase]["bytes"]
        before = weight["before"][phase]["bytes"]
        ratio = weight[f"ratio_{phase}"]
        checks.append(
            {
                "target": f"phone page weight of the 10-photo post page ≤ "
                f"{PAGEWEIGHT_RATIO:.0%} of commit {commit}'s, {label}",
                "met": ratio <= PAGEWEIGHT_RATIO,
                "detail": f"{ratio:.1%} ({after / 1024:,.0f} vs "
                f"{before / 1024:,.0f} KiB)",
            }
        )
    return checks


def evaluate_video(video: dict) -> list[dict]:
    """The issue's video targets, met or missed, with the figures behind them."""
    cases = {case["key"]: case for case in video["transcodes"]}
    alone, both = cases["720p"], cases["all"]
    worst = max(video["transcodes"], key=lambda case: case["peak_rss_mb"])
    poster, uploaded = video["poster"], video["upload"]
    source = video["source"]
    clip = f"{source['duration_s']:.0f} s {source['height']}p{source['fps']:.0f} clip"
    return [
        {
            "target": f"transcode ≤ {VIDEO_REALTIME:.1f} × real time for 720p "
            f"({clip}, {os.cpu_count()} cores)",
            "met": alone["realtime_multiple"] <= VIDEO_REALTIME,
            "detail": f"{alone['realtime_multiple']:.2f} × ({alone['wall_s']:.1f} s); "
            f"720p + 1080p in one pass, as the task runs: "
            f"{both['realtime_multiple']:.2f} × ({both['wall_s']:.1f} s)",
        },
        {
            "target": f"transcode worker peak < {VIDEO_WORKER_MB:.0f} MB",
            "met": worst["peak_rss_mb"] < VIDEO_WORKER_MB,
            "detail": f"{worst['peak_rss_mb']:.0f} MB peak RSS, {worst['label']} "
            f"({worst['baseline_rss_mb']:.0f} MB before the transcode)",
        },
        {
            "target": f"poster < {VIDEO_POSTER_SECONDS:.0f} s",
            "met": poster["total_s"] < VIDEO_POSTER_SECONDS,
            "detail": f"{poster['total_s']:.2f} s on its own (decoding to "
            f"{poster['at_s']:.0f} s {poster['pick_s']:.2f} s, WebP + JPEG "
            f"{poster['encode_s']:.2f} s); the task stores it with the MP4s, after "
            f"{both['wall_s']:.0f} s",
        },
        {
            "target": f"web process grows < {VIDEO_UPLOAD_GROWTH_MB:.0f} MB while a "
            f"{VIDEO_UPLOAD_BYTES / 2**30:.0f} GiB upload streams in",
            "met": uploaded["status"] == 201
            and uploaded["growth_mb"] < VIDEO_UPLOAD_GROWTH_MB,
            "detail": f"+{uploaded['growth_mb']:.1f} MB (peak "
            f"{uploaded['peak_rss_mb']:.0f} MB, {uploaded['before_rss_mb']:.0f} MB "
            f"before); answered {uploaded['status']} in {uploaded['total_s']:.1f} s",
        },
    ]


def render_video(video: dict) -> list[str]:
    """The report's Video section."""
    source, software = video["source"], video["software"]
    lines = [
        "## Video",
        "",
        f"A {source['duration_s']:.0f} s {source['width']} × {source['height']}, "
        f"{source['fps']:.0f} fps clip made by `bench/video.py` in "
        f"{source['make_s']:.0f} s: a camera panning across a detailed scene, with "
        f"noise that changes every frame; H.264 {source['profile']} at "
        f"{source['mbit_per_s']:.1f} Mbit/s (a phone records 1080p30 at 15–20) "
        f"with sound ({', '.join(source['audio'])}), "
        f"{source['bytes'] / 2**20:.0f} MB. Not the demo catalogue's scene "
        "(`demo_videos.make_clip`: flat colours and one square), which H.264 "
        "squeezes to almost nothing and which would flatter the transcode. "
        f"PyAV {software['pyav']}, FFmpeg {software['ffmpeg']}.",
        "",
    ]
    rows = []
    for case in video["transcodes"]:
        rows.append(
            [
                case["label"],
                ", ".join(
                    f"{r['label']} {r['mbit_per_s']:.1f} Mbit/s"
                    for r in case["renditions"]
                ),
                f"{case['wall_s']:.1f}",
                f"{case['realtime_multiple']:.2f}",
                f"{case['fps']:.0f}",
                f"{case['cpu_s']:.0f} ({case['cores_busy']:.2f} cores)",
                f"{case['peak_rss_mb']:.0f}",
                f"{case['baseline_rss_mb']:.0f}",
                f"{case['others_share']:.0%}",
            ]
        )
    lines += _table(
        [
            "transcode",
            "made",
            "wall s",
            "× real time",
            "frames/s",
            "CPU s",
            "peak RSS MB",
            "RSS before MB",
            "others' CPU",
        ],
        rows,
    )
    poster = video["poster"]
    lines += [
        "",
        "`bts_catalog.videos.transcode` in a fresh process per case, as the Celery "
        "task calls it; peak RSS is `ru_maxrss` (Django loaded, nothing else "
        "before). The 720p-alone run sets `RENDITION_HEIGHTS = (720,)`. *× real "
        "time* is wall time over the clip's length; *others' CPU* the share of "
        f"the machine other processes took meanwhile (above {NOISY_SHARE:.0%}, the "
        "times are high).",
        "",
        f"Poster on its own, picked as `transcode` picks it: decoding from the start "
        f"to the frame at {poster['at_s']:.1f} s ({poster['frames_decoded']} frames) "
        f"took {poster['pick_s']:.2f} s, scaling it to "
        f"{poster['size'][0]} × {poster['size'][1]} and encoding WebP "
        f"({poster['webp_bytes'] / 1024:.0f} KiB) and JPEG "
        f"({poster['jpeg_bytes'] / 1024:.0f} KiB) {poster['encode_s']:.2f} s: "
        f"{poster['total_s']:.2f} s in all (others' CPU "
        f"{poster['others_share']:.0%}). Inside the task this runs alongside the "
        "renditions, and the poster is stored with them, at the end.",
        "",
    ]
    uploaded = video["upload"]
    broker = urllib.parse.urlparse(uploaded["broker"])
    lines += _table(
        [
            "upload",
            "answer",
            "sent in s (MB/s)",
            "answered after s",
            "RSS idle MB",
            "RSS before MB",
            "peak RSS MB",
            "growth MB",
            "RSS after MB",
        ],
        [
            [
                f"{uploaded['bytes'] / 2**30:.0f} GiB MP4 (a "
                f"{uploaded['file']['duration_s']:.0f} s clip and a `free` box)",
                f"{uploaded['status']} ({uploaded['asset']['kind']}, "
                f"{uploaded['asset']['status']})"
                if isinstance(uploaded["asset"], dict)
                else f"{uploaded['status']}: {uploaded['asset']}",
                f"{uploaded['send_s']:.1f} ({uploaded['mb_per_s']:.0f})",
                f"{uploaded['answer_s']:.1f}",
                f"{uploaded['idle_rss_mb']:.0f}",
                f"{uploaded['before_rss_mb']:.0f}",
                f"{uploaded['peak_rss_mb']:.0f}",
                f"+{uploaded['growth_mb']:.1f}",
                f"{uploaded['after_rss_mb']:.0f}",
            ]
        ],
    )
    lines += [
        "",
        "One gunicorn sync worker (gunicorn.conf.py otherwise, DEBUG=0) on a "
        "throwaway SQLite database; the file is POSTed as multipart/form-data to "
        "`/api/v1/posts/<slug>/media/` from disk, 1 MiB at a time, over "
        "127.0.0.1. The worker's VmRSS was read every 50 ms "
        f"({uploaded['samples']} samples, highest "
        f"{uploaded['sampled_peak_rss_mb']:.0f} MB); its VmHWM, which catches what "
        f"falls between samples, went from {uploaded['hwm_before_mb']:.0f} to "
        f"{uploaded['hwm_after_mb']:.0f} MB; *peak RSS* is the higher of the two. "
        "*RSS before* is after a warm-up upload of the 2 s clip through the same "
        f"endpoint (growth from idle: +{uploaded['growth_from_idle_mb']:.1f} MB). "
        f"Celery's broker was the local Redis (database {broker.path[1:]}), so the "
        "request stored the original and queued its transcode, which no worker "
        "took (the queue was removed after): the figure is the upload's alone. "
        f"Stored original: {uploaded['largest_stored_bytes']:,} bytes; temporary "
        f"files left: {uploaded['temporary_files_left']}.",
        "",
        f"gunicorn's timeout was raised to {uploaded['gunicorn_timeout_s']} s for "
        "this request: a sync worker is killed when one request outlasts "
        "gunicorn.conf.py's timeout (30 s), which a client sending 1 GiB slower "
        "than ~35 MB/s does unless a proxy that buffers request bodies (nginx's "
        "default) stands in front.",
        "",
    ]
    return lines


def _measured_apart(sections: dict | None, key: str, command: str) -> list[str]:
    """Where a step was measured on its own (``python -m bench.run STEP``) after
    the full run: when, and on which code."""
    section = (sections or {}).get(key)
    if not section:
        return []
    return [
        f"Measured on its own (`python -m bench.run {command}`) on "
        f"{section['finished_at']}, load average {section['load_average_at_start']} "
        f"at the start. {_code_line(section['code'])}",
        "",
    ]


def render_renditions(cases: list[dict], sections: dict | None = None) -> list[str]:
    lines = ["## Image intake and renditions", ""]
    lines += _measured_apart(sections, "renditions", "renditions")
    lines += _table(
        [
            "picture",
            "file",
            "intake s",
            "renditions s",
            "total s (median of 3)",
            "peak RSS MB",
            "peak after intake MB",
            "RSS before MB",
            "others' CPU",
        ],
        [
            [
                case["label"],
                f"{case['input_bytes'] / 2**20:.1f} MB",
                f"{case['intake_s_median']:.2f}",
                f"{case['renditions_s_median']:.2f}",
                _over(case["total_s_median"], RENDITION_SECONDS, "{:.2f}"),
                _over(case["peak_rss_mb"], RENDITION_MB, "{:.0f}"),
                f"{case['intake_peak_rss_mb']:.0f}"
                if "intake_peak_rss_mb" in case
                else "–",
                f"{case['baseline_rss_mb']:.0f}",
                f"{case['others_share']:.0%}" if "others_share" in case else "–",
            ]
            for case in cases
        ],
    )
    before = RENDITIONS_BEFORE
    made = cases[0].get("stored", {}).get("renditions")
    lines += [
        "",
        "`intake_image` + `make_renditions` in a fresh process per picture, as a "
        "worker runs them; *peak RSS* is `ru_maxrss` after the first of three "
        "uploads (Django loaded, nothing else), *peak after intake* the same when "
        "intake had returned. "
        + (f"Each upload makes {made} files " if made else "Each upload makes files ")
        + "(five widths in AVIF, WebP and JPEG; the thumbnail, card and large "
        "crops) and a placeholder; a HEIC is stored as a JPEG first, and its "
        "renditions are made from that. The HEIC is the same picture encoded by "
        "pillow-heif as a grid of 512×512 tiles with an iPhone's EXIF (camera, "
        "lens, exposure, GPS), made once and kept in bench/out/. *Others' CPU*: "
        f"the share of the machine other processes took meanwhile (above "
        f"{NOISY_SHARE:.0%}, the times are high).",
        "",
        "What sets the peaks (each step measured alone in a bare process): "
        "libaom's AVIF encoder holds ~26 bytes a pixel, 100 MB for 2400×1600 "
        "(it held 213 MB for a portrait photo's 2400×3600 before no side of a "
        "page's size was allowed past 2400 px: a 2:3 portrait's widest is now "
        "1600×2400), more than any other step, so the widest size's AVIF, WebP "
        "and JPEG are encoded one after the other; "
        "a HEIC is decoded into libheif's buffer (3 bytes a pixel: 72 MB) and "
        "copied into Pillow's (4 bytes a pixel: 96 MB), both held for a moment, "
        "which sets its peak during intake; pillow-heif 1.8 offers no way to "
        "decode into Pillow's memory or tile by tile. PyAV is imported only when "
        "a video is read, which keeps 16 MB of FFmpeg out of processes that never "
        "touch one (the RSS before the upload fell from 95–98 MB to 80–82 MB).",
        "",
        f"For comparison, commit {before['commit']} made only the three WebP crops: "
        f"{before['total_s']:.2f} s and {before['peak_mb']} MB peak RSS "
        f"({before['rss_mb']} MB before the upload) for the upright JPEG, against "
        f"targets of 1 s and 200 MB.",
        "",
    ]
    return lines


def _over(value: float, limit: float, spec: str) -> str:
    text = spec.format(value)
    return f"**{text}**" if value >= limit else text


def _kib(value: int) -> str:
    return f"{value / 1024:,.0f}"


def _served(summary: dict) -> str:
    """The renditions a load fetched, as "10 × 1200.avif"."""
    counts: dict[str, int] = {}
    for image in summary["images"]:
        counts[image["file"]] = counts.get(image["file"], 0) + 1
    return ", ".join(f"{n} × `{name}`" for name, n in counts.items()) or "none"


def render_pageweight(weight: dict, sections: dict | None = None) -> list[str]:
    before_code = weight["before_code"]
    lines = ["## Page weight on a phone", ""]
    lines += _measured_apart(sections, "pageweight", "pageweight")
    rows = []
    for key, label in (
        ("before", f"commit {before_code['commit']}"),
        ("after", "this code"),
    ):
        version = weight[key]
        for phase, moment in (("initial", "first load"), ("scrolled", "scrolled")):
            summary = version[phase]
            rows.append(
                [
                    label,
                    moment,
                    _kib(summary["bytes"]),
                    _kib(summary["image_bytes"]),
                    _kib(summary["other_bytes"]),
                    summary["requests"],
                    _served(summary),
                ]
            )
    lines += _table(
        [
            "code",
            "when",
            "KiB transferred",
            "pictures KiB",
            "the rest KiB",
            "requests",
            "pictures fetched",
        ],
        rows,
    )
    after = weight["after"]
    phone = after["phone"]
    photos = weight["photos"]
    shown = sorted(
        {picture["shown"].rsplit("-", 1)[-1] for picture in after["pictures"]}
    )
    lines += [
        "",
        f"This code transfers {weight['ratio_scrolled']:.1%} of what commit "
        f"{before_code['commit']} (one 1600 px WebP per picture) transferred once "
        f"every picture had loaded, and {weight['ratio_initial']:.1%} on the first "
        "load.",
        "",
        f"One published post with {len(photos['photos'])} photos of "
        f"{photos['size'][0]}×{photos['size'][1]} px (photo-like JPEGs from "
        "`bench.renditions.photo`, one seed each, "
        f"{sum(p['bytes'] for p in photos['photos']) / 2**20:.0f} MB in all), "
        "uploaded through each version's own services (intake, renditions, "
        "post_submit, post_publish) onto its own throwaway SQLite database and "
        "media folder, served by its own gunicorn (gunicorn.conf.py, DEBUG=0, "
        "uploads served by Django as in development, static files by whitenoise "
        "after collectstatic). The older code was exported with `git archive`. "
        f"{after['browser']}, headless, as a phone: {phone['viewport']['width']}×"
        f"{phone['viewport']['height']} CSS px at {phone['device_scale_factor']} "
        "device pixels each, mobile, touch, cache off. *First load*: until the "
        "network has been quiet for 1 s after the load event (Chromium fetches "
        "lazy pictures within some distance of the viewport too); *scrolled*: "
        "then scrolled to the end a screen at a time, until quiet again. Bytes "
        "are the DevTools protocol's `encodedDataLength` of every finished "
        "request (headers included); *the rest* is the page, its stylesheet and "
        "the favicon. Pictures shown by this code after scrolling: "
        + ", ".join(f"`{name}`" for name in shown)
        + f" ({len(after['pictures'])} pictures; before: `large.webp`).",
        "",
    ]
    return lines


def render_video_markdown(report: dict) -> str:
    """bench/out/video-report.md: the video step on its own."""
    machine = report["machine"]
    lines = [
        "# Video benchmark",
        "",
        f"`python -m bench.run video` on {report['finished_at']}: the run took "
        f"{report['run_s'] / 60:.1f} min. {machine['cores']} cores "
        f"({machine['cpu']}), {machine['memory_gb']} GB; load average "
        f"{machine['load_average_at_start']} at the start, "
        f"{machine['load_average_at_end']} at the end.",
        _code_line(report["code"]),
        "",
        "## Targets",
        "",
    ]
    met = sum(check["met"] for check in report["targets"])
    lines += [f"{met} of {len(report['targets'])} met.", ""]
    lines += _table(
        ["target", "result", "measured"],
        [[c["target"], _mark(c["met"]), c["detail"]] for c in report["targets"]],
    )
    lines += ["", *render_video(report["video"])]
    return "\n".join(lines)


def _code_line(code: dict) -> str:
    line = f"Code: commit {code['commit'] or 'unknown'}"
    if code["uncommitted"]:
        changed = ", ".join(f"`{path}`" for path in code["uncommitted"])
        return f"{line}, with uncommitted changes to {changed}."
    return f"{line}."


def _mark(met: bool) -> str:
    return "met" if met else "**missed**"


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |"]
    lines.append("| " + " | ".join("---" for _ in header) + " |")
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def render_catalogue(part: dict, targets: list[Address], level: str) -> list[str]:
    """The load passes, soak and queries of one catalogue (``level``: the headings'
    Markdown level)."""
    lines: list[str] = []
    for name, title in PASSES.items():
        if name not in part["load"]:
            continue
        load = part["load"][name]
        counted = part["queries_signed_in"] if name == "signed_in" else part["queries"]
        lines += ["", f"{level} Load {title}", ""]
        with_alone = any("alone" in r for r in load["results"].values())
        rows = []
        for address in targets:
            if address.key not in load["results"]:
                continue
            result = load["results"][address.key]
            queries = counted[address.path]["queries"]
            if result["page_cache"] == "hit":
                queries = 0
            limit = P95_SEARCH_MS if address.kind == "search" else P95_PAGE_MS
            p95 = f"{result['p95_ms']:.1f}"
            if address.kind not in YARDSTICKS and result["p95_ms"] >= limit:
                p95 = f"**{p95}**"
            failures = result["non_2xx"] + sum(result["errors"].values())
            cpu = result["cpu"]
            single = []
            if with_alone:
                alone = result.get("alone")
                p95_alone = f"{alone['p95_ms']:.1f}" if alone else "–"
                if alone and not alone["requests"]:
                    p95_alone = f"> {part['machine'].get('alone', '5s')}"
                slow = alone and _alone_p95(alone) >= limit
                if slow and address.kind not in YARDSTICKS:
                    p95_alone = f"**{p95_alone}**"
                single = [f"{alone['p50_ms']:.1f}" if alone else "–", p95_alone]
            rows.append(
                [
                    address.label,
                    f"`{address.path}`",
                    f"{result['rps']:.0f}",
                    f"{result['ratio_to_bare']:.1%}",
                    f"{result['cpu_ratio_to_bare']:.1%}",
                    f"{result['ratio_to_twin']:.1%}"
                    if "ratio_to_twin" in result
                    else "–",
                    *single,
                    f"{result['p50_ms']:.1f}",
                    p95,
                    f"{result['p99_ms']:.1f}",
                    failures,
                    queries,
                    f"{cpu['app_ms_per_request']:.2f}",
                    f"{cpu['db_ms_per_request']:.2f}",
                    f"{cpu['others_share']:.0%}",
                    result["page_cache"] or "–",
                ]
            )
        lines += _table(
            [
                "address",
                "path",
                "req/s",
                "× bare",
                "× bare by CPU",
                "× lean twin",
                *(["p50 ms alone", "p95 ms alone"] if with_alone else []),
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "non-2xx + errors",
                "queries",
                "app CPU ms/req",
                "DB CPU ms/req",
                "others' CPU",
                "page cache",
            ],
            rows,
        )
        recycled = load["worker_boots"] - load["workers"]
        bare = load["results"]["bare"]
        other = bare["other_measurement"]
        lines += [
            "",
            f"The bare view was measured first and last in the pass; the "
            f"{bare['measured']} run (others' CPU {bare['cpu']['others_share']:.0%}) "
            f"is the yardstick, the other gave {other['rps']:.0f} req/s, p95 "
            f"{other['p95_ms']:.1f} ms (others' CPU {other['others_share']:.0%}).",
            f"{load['workers']} workers; {recycled} worker restarts during the pass "
            "(gunicorn.conf.py's max_requests). The *bare view, 16 KiB body* is the "
            "bare view with a page-sized body: its gap to the bare view is what a "
            "page's size alone costs (wrk runs on the same cores). *× lean twin* is "
            "the page's req/s over its lean twin's (bench/lean.py: the same HTML "
            "bytes for the same rows from hand-written SQL and a minimal Jinja2 "
            "template, served the same way; in the signed-in pass the twin gets "
            "the same session cookie, so it pays for the session and the user too, "
            "but prints the signed-out header). *× bare by CPU* "
            "is the bare view's server CPU time per request (gunicorn, PostgreSQL, "
            "Redis) over the address's: the req/s ratio the server alone would "
            "allow, little disturbed by other load. *App CPU* is the CPU time of "
            "gunicorn's processes per request, *DB CPU* that of the bench "
            "database's PostgreSQL backends; *others' CPU* is the share of the "
            "machine that processes outside the benchmark used meanwhile (above "
            f"{NOISY_SHARE:.0%}, that row's figures are low).",
        ]
        if with_alone:
            lines += [
                "",
                "*p50 / p95 ms alone*: one connection, one request at a time, "
                f"{part['machine'].get('alone', '5s')} per address, begun once "
                "gunicorn is idle again after the load run before it (the requests "
                "that run left queued are rendered first): the time a page takes "
                "at this catalogue size with no queue. The other latencies are "
                f"under full load ({part['machine']['wrk_connections']} connections "
                f"on {part['machine']['cores']} cores, wrk included), where a "
                "request mostly waits for the ones ahead of it: p95 there ≈ "
                "connections ÷ req/s.",
            ]
    lines += [
        "",
        f"{level} Queries per request",
        "",
        "Counted in-process with Django's test client and `CaptureQueriesContext` "
        "on the bench database, page cache off, on a warm second request. "
        "*SQL ms* is the time those queries took; *in-process ms* the median of "
        "five whole requests without HTTP.",
        "",
    ]
    rows = []
    signed_in = part.get("queries_signed_in") or {}
    for address in targets:
        for who, counted in (("", part["queries"]), ("signed in", signed_in)):
            q = counted.get(address.path)
            if q is None or (who and address.kind in YARDSTICKS):
                continue
            rows.append(
                [
                    address.label + (f", {who}" if who else ""),
                    q["queries"],
                    f"{q['sql_ms']:.1f}",
                    f"{q['in_process_ms']:.1f}",
                    f"{q['bytes']:,}",
                ]
            )
    lines += _table(["address", "queries", "SQL ms", "in-process ms", "bytes"], rows)
    lines += ["", "Page size:", ""]
    lines += _table(
        ["views", "paths", "queries", "result"],
        [
            [
                pair["label"],
                " vs ".join(f"`{path}`" for path in pair["paths"]),
                " vs ".join(str(n) for n in pair["queries"]),
                "independent" if pair["equal"] else "**grows**",
            ]
            for pair in part["page_size_checks"]
        ],
    )
    if part.get("soak"):
        lines += ["", *render_soak(part["soak"], level)]
    return lines


def _seed_line(seed: dict) -> str:
    name = urllib.parse.urlparse(seed.get("database_url", "")).path[1:] or "bench"
    if seed.get("seed_s") is not None:
        bulk = seed.get("bulk")
        how = (
            f"`{seed['command']}` took {seed['seed_s']:.0f} s "
            + (
                f"(seed_demo {seed['seed_demo_s']:.0f} s, COPY top-up "
                f"{bulk['wall_s']:.0f} s, "
                if bulk
                else "("
            )
            + f"migrate {seed['migrate_s']:.0f} s, VACUUM ANALYZE "
            f"{seed['vacuum_analyze_s']:.0f} s) on {seed['seeded_at']}"
        )
    else:
        how = "seeded outside the harness (no seed time)"
    reused = ", reused by this run." if seed.get("reused") else "."
    return f"PostgreSQL database `{name}`: {how}{reused}"


def _picked_line(picked: dict) -> str:
    line = (
        f"Picked: production `{picked['production']['slug']}` "
        f"({picked['production']['credits']} credits, "
        f"{picked['production']['published_posts']} published posts), "
        f"post `{picked['post']['slug']}` ({picked['post']['media']} media), "
        f"person `{picked['person']['slug']}` ({picked['person']['credits']} credits, "
        f"featured in {picked['person']['featured_in']} posts), search "
        f"“{picked['search']['word']}” ({picked['search']['productions']} "
        f"productions, {picked['search']['people']} people, "
        f"{picked['search']['posts']} posts match)"
    )
    if "craft" in picked:
        line += (
            f", craft `{picked['craft']['slug']}` ({picked['craft']['posts']:,} "
            f"published posts), tag `{picked['tag']['slug']}` "
            f"({picked['tag']['posts']:,}), common word "
            f"“{picked['common_word']['word']}” "
            f"({picked['common_word']['posts']:,} posts match)"
        )
    return line + "."


def render_scaled(scaled: dict) -> list[str]:
    """The report's section for the scaled-up catalogue (BENCH_SCALE)."""
    seed, machine = scaled["seed"], scaled["machine"]
    lines = [
        f"## At ×{scaled['scale']:g} (BENCH_SCALE={scaled['scale']:g})",
        "",
        f"`BENCH_SCALE={scaled['scale']:g} make bench` on {scaled['finished_at']}: "
        f"the run took {scaled['run_s'] / 60:.1f} min. "
        f"{_code_line(scaled['code'])} Load average "
        f"{machine['load_average_at_start']} at the start.",
        "",
        _seed_line(seed),
        "",
    ]
    lines += _table(
        ["rows", "count"],
        [[table, f"{count:,}"] for table, count in seed["counts"].items()],
    )
    bulk = seed.get("bulk")
    if bulk and bulk.get("steps"):
        lines += ["", "COPY top-up, seconds per step:", ""]
        lines += _table(
            ["step", "s"],
            [[step, f"{value:.1f}"] for step, value in bulk["steps"].items()],
        )
    lines += ["", _picked_line(scaled["picked"])]
    lines += render_catalogue(scaled, _addresses_of(scaled), "###")
    return lines


def _soak_summary(soaked: dict) -> str:
    reads, writes, errors = soaked["reads"], soaked["writes"], soaked["errors"]
    memory = soaked["memory"]
    return (
        f"{errors['total']} errors ({errors['connection']} connection, "
        f"{errors['server_5xx']} 5xx, {errors['writes_failed']} failed writes) in "
        f"{reads['requests']:,} reads ({reads['rps']:.0f} req/s, p95 "
        f"{reads['p95_ms']:.0f} ms), {writes['submit']['ok']} crew submissions and "
        f"{writes['publish']['ok']} curator publishes; workers alive throughout grew "
        f"{memory['whole_time_growth_mb']:+.0f} MB in all "
        f"({memory['whole_time_workers']} workers)"
    )


def render_soak(soaked: dict, level: str) -> list[str]:
    """The soak's figures: reads, writes, errors and the workers' memory."""
    reads, writes, memory = soaked["reads"], soaked["writes"], soaked["memory"]
    statuses = reads["statuses"]
    lines = [
        f"{level} Soak",
        "",
        f"{soaked['duration_s']:.0f} s of mixed load at {soaked['connections']} "
        f"connections on a gunicorn as deployed (the Redis page cache on): wrk "
        f"cycling through {len(soaked['paths'])} addresses (every page type and the "
        f"API; every other request with the fan's session cookie, "
        f"{reads['signed_in_requests']:,} in all), while the crew account submits "
        "posts through the API and the curator publishes them (a `publish_at` a "
        f"few seconds ahead), about {soaked['write_rate_per_s']:g} of each a "
        "second.",
        "",
        f"**{_mark(soaked['errors']['total'] == SOAK_ERRORS)}**: "
        + _soak_summary(soaked)
        + ".",
        "",
    ]
    lines += _table(
        ["reads", "req/s", "p50 ms", "p95 ms", "p99 ms", "2xx", "3xx", "4xx", "5xx"],
        [
            [
                f"{reads['requests']:,}",
                f"{reads['rps']:.0f}",
                f"{reads['p50_ms']:.1f}",
                f"{reads['p95_ms']:.1f}",
                f"{reads['p99_ms']:.1f}",
                f"{statuses.get('2xx', 0):,}",
                f"{statuses.get('3xx', 0):,}",
                f"{statuses.get('4xx', 0):,}",
                f"{statuses.get('5xx', 0):,}",
            ]
        ],
    )
    lines += [""]
    lines += _table(
        ["writes", "attempted", "ok", "failed", "p50 ms", "p95 ms"],
        [
            [
                label,
                writes[kind]["attempted"],
                writes[kind]["ok"],
                writes[kind]["failed"],
                f"{writes[kind].get('p50_ms') or 0:.0f}",
                f"{writes[kind].get('p95_ms') or 0:.0f}",
            ]
            for kind, label in (
                ("submit", "crew submits a post"),
                ("publish", "curator publishes it"),
            )
        ],
    )
    lines += [
        "",
        f"Workers' resident memory: {memory['total_start_mb']:.0f} MB at the start, "
        f"{memory['total_end_mb']:.0f} MB at the end (peak "
        f"{memory['total_peak_mb']:.0f} MB) over {memory['workers_at_end']} "
        f"workers; {memory['booted']} booted and {memory['exited']} recycled "
        "meanwhile (gunicorn.conf.py's max_requests). The "
        f"{memory['whole_time_workers']} alive throughout grew "
        f"{memory['whole_time_growth_mb']:+.0f} MB together, at most "
        f"{memory['whole_time_max_growth_mb']:+.0f} MB one.",
        "",
    ]
    return lines


def render_markdown(report: dict, targets: list[Address]) -> str:
    seed, machine = report["seed"], report["machine"]
    lines = [
        "# Benchmark report",
        "",
        f"`make bench` on {report['finished_at']}: the run took "
        f"{report['run_s'] / 60:.1f} min"
        + (
            " (the seeded database was reused)."
            if seed.get("reused")
            else f", of which seeding {seed['seed_s'] / 60:.1f} min."
        ),
        f"{machine['cores']} cores ({machine['cpu']}), {machine['memory_gb']} GB; "
        f"gunicorn with {report['load']['no_cache']['workers']} sync workers; "
        f"wrk {machine['wrk_threads']} threads × {machine['wrk_connections']} "
        f"connections, {machine['duration']} per address after a {machine['warmup']} "
        "warm-up, on the same machine.",
        _code_line(report["code"]),
        "",
        "## Targets",
        "",
    ]
    met = sum(check["met"] for check in report["targets"])
    lines.append(f"{met} of {len(report['targets'])} met.")
    shares = [
        result["cpu"]["others_share"]
        for part in (report, report.get("scaled") or {"load": {}})
        for load in part["load"].values()
        for result in load["results"].values()
    ]
    noisy = [share for share in shares if share > NOISY_SHARE]
    if noisy:
        lines += [
            "",
            f"**The machine was busy:** during {len(noisy)} of {len(shares)} "
            f"measurements, processes outside the benchmark took "
            f"{min(noisy):.0%}–{max(noisy):.0%} of its CPU (column *others' CPU*). "
            "Requests per second and latencies there are lower than a quiet "
            "machine gives; CPU time per request is much less affected.",
        ]
    lines.append("")
    lines += _table(
        ["target", "result", "measured"],
        [[c["target"], _mark(c["met"]), c["detail"]] for c in report["targets"]],
    )
    lines += render_catalogue(report, targets, "##")
    scaled = report.get("scaled")
    if scaled:
        lines += ["", *render_scaled(scaled)]
    lines += ["", *render_renditions(report["renditions"], report.get("sections"))]
    if "pageweight" in report:
        lines += render_pageweight(report["pageweight"], report.get("sections"))
    if "video" in report:
        lines += render_video(report["video"])
    lines += ["## Catalogue", "", _seed_line(seed), ""]
    lines += _table(
        ["rows", "count"],
        [[table, f"{count:,}"] for table, count in seed["counts"].items()],
    )
    lines += [
        "",
        _picked_line(report["picked"]),
        "",
        "## Machine",
        "",
    ]
    lines += _table(
        ["", ""],
        [
            [
                key,
                ", ".join(f"{k}={v}" for k, v in value.items())
                if isinstance(value, dict)
                else value,
            ]
            for key, value in machine.items()
        ],
    )
    lines += [
        "",
        "gunicorn runs `gunicorn.conf.py` as it is (sync workers, max_requests) with "
        "DEBUG=0, DATABASE_CONN_MAX_AGE=60 and the API throttle rates raised so one "
        "wrk client is not refused (the throttle itself still runs).",
        "",
    ]
    return "\n".join(lines)


# --- Main ----------------------------------------------------------------------------
def write_video_report(
    config: Config, started: float, load_at_start: str, code: dict
) -> None:
    """`python -m bench.run video`: the video measurements alone, written to
    bench/out/ (bench/report.* stay those of the last full run) and printed."""
    video = measure_video(config)
    report = {
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "run_s": round(time.perf_counter() - started, 1),
        "machine": host_facts(load_at_start),
        "code": code,
        "video": video,
        "targets": evaluate_video(video),
    }
    (OUT / "video-report.json").write_text(json.dumps(report, indent=2) + "\n")
    markdown = render_video_markdown(report)
    (OUT / "video-report.md").write_text(markdown)
    print(markdown, flush=True)
    met = sum(check["met"] for check in report["targets"])
    log(
        f"Video done in {report['run_s'] / 60:.1f} min: {met} of "
        f"{len(report['targets'])} targets met; see bench/out/video-report.md"
    )


def _on_signal(signum: int, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds through the finally that stops gunicorn


# Steps that can run alone and be merged into the last full report: report key →
# the function that measures it.
SECTIONS = {"renditions": measure_renditions, "pageweight": measure_pageweight}


def _addresses_of(report: dict) -> list[Address]:
    return [Address(**address) for address in report["addresses"]]


def _appendix(markdown: str) -> str:
    """What follows a line of three dashes in bench/report.md: figures measured
    apart and appended (the video report), which report.json does not hold."""
    head, rule, tail = markdown.partition("\n---\n")
    return rule + tail if rule else ""


def write_sections(
    config: Config, steps: list[str], started: float, load_at_start: str, code: dict
) -> None:
    """`python -m bench.run renditions pageweight`: measure these steps alone and
    merge them into bench/report.json and .md, whose other figures stay those of
    the last full run (and whose targets table is evaluated again)."""
    path = BENCH / "report.json"
    if not path.exists():
        raise SystemExit("No bench/report.json to merge into: run `make bench` first.")
    report = json.loads(path.read_text())
    for step in steps:
        report[step] = SECTIONS[step](config)
        report.setdefault("sections", {})[step] = {
            "finished_at": time.strftime("%Y-%m-%d %H:%M:%S"),
            "load_average_at_start": load_at_start,
            "load_average_at_end": _load_average(),
            "code": code,
        }
    targets = _addresses_of(report)
    report["targets"] = evaluate(report, targets)
    path.write_text(json.dumps(report, indent=2) + "\n")
    markdown_path = BENCH / "report.md"
    appendix = _appendix(markdown_path.read_text()) if markdown_path.exists() else ""
    markdown = render_markdown(report, targets)
    markdown_path.write_text(markdown.rstrip("\n") + "\n" + appendix)
    for step in steps:
        checks = {
            "renditions": evaluate_renditions,
            "pageweight": evaluate_pageweight,
        }[step](report[step])
        for check in checks:
            log(f"{_mark(check['met'])}: {check['target']}: {check['detail']}")
    log(
        f"{' and '.join(steps)} done in "
        f"{(time.perf_counter() - started) / 60:.1f} min; merged into bench/report.md"
    )


def main(steps: list[str]) -> None:
    alone = (
        bool(steps) and set(steps) <= set(SECTIONS) and len(set(steps)) == len(steps)
    )
    if steps == ["report"]:  # the tables and targets again, from report.json
        write_report(json.loads((BENCH / "report.json").read_text()))
        return
    if steps not in ([], ["seed"], ["video"], ["catalogue"]) and not alone:
        raise SystemExit(__doc__)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGHUP, _on_signal)
    started = time.perf_counter()
    load_at_start = _load_average()
    code = code_version()
    OUT.mkdir(parents=True, exist_ok=True)
    config = Config()
    if steps == ["video"]:
        write_video_report(config, started, load_at_start, code)
        return
    if alone:
        write_sections(config, steps, started, load_at_start, code)
        return
    wrk_version = ensure_wrk()
    seed = prepare_catalogue(config)
    if steps == ["seed"]:
        return

    catalogue = measure_catalogue(config)
    if config.scale != 1 or steps == ["catalogue"]:
        merge_catalogue(
            config, catalogue, seed, started, load_at_start, code, wrk_version
        )
        return
    renditions = measure_renditions(config)
    pageweight = measure_pageweight(config)
    video = measure_video(config)
    path = BENCH / "report.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    report = {
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "run_s": round(time.perf_counter() - started, 1),
        "machine": machine_facts(config, wrk_version, load_at_start),
        "code": code,
        "seed": seed,
        **catalogue,
        "renditions": renditions,
        "pageweight": pageweight,
        "video": video,
    }
    if "scaled" in previous:  # the last BENCH_SCALE run's section stays
        report["scaled"] = previous["scaled"]
    write_report(report)


def write_report(report: dict) -> None:
    targets = _addresses_of(report)
    report["targets"] = evaluate(report, targets)
    (BENCH / "report.json").write_text(json.dumps(report, indent=2) + "\n")
    (BENCH / "report.md").write_text(render_markdown(report, targets))
    met = sum(check["met"] for check in report["targets"])
    log(
        f"Done in {report['run_s'] / 60:.1f} min: {met} of {len(report['targets'])} "
        "targets met; see bench/report.md"
    )


def merge_catalogue(
    config: Config,
    catalogue: dict,
    seed: dict,
    started: float,
    load_at_start: str,
    code: dict,
    wrk_version: str,
) -> None:
    """The catalogue's figures merged into the last full run's report:
    `BENCH_SCALE=10 make bench` writes the report's section for that scale, and
    `python -m bench.run catalogue` the BENCH_SCALE=1 figures (queries, load
    passes, soak). The renditions, page weight and video stay as they were."""
    path = BENCH / "report.json"
    if not path.exists():
        raise SystemExit(
            "No bench/report.json to merge the catalogue's figures into: run "
            "`make bench` (BENCH_SCALE=1) first."
        )
    report = json.loads(path.read_text())
    measured = {
        "finished_at": time.strftime("%Y-%m-%d %H:%M:%S"),
        "run_s": round(time.perf_counter() - started, 1),
        "machine": machine_facts(config, wrk_version, load_at_start),
        "code": code,
        "seed": seed,
        **catalogue,
    }
    if config.scale == 1:
        report.update(measured)
    else:
        report["scaled"] = {"scale": config.scale, **measured}
    write_report(report)


def measure_catalogue(config: Config) -> dict:
    """What depends on the catalogue's size: queries per page, the load passes
    (anonymous without cache, signed in, anonymous with the page cache) and the
    soak."""
    picked = pick_targets(config)
    targets = addresses(picked)
    log(f"Picked {json.dumps(picked)}")
    accounts = run_json(
        [PYTHON, "-m", "bench.accounts"], env=config.django_env(), timeout=300
    )
    fan = accounts["fan"]
    anonymous = [a.path for a in targets if measured_in(a, "no_cache")]
    anonymous += [
        p for _, *pair in PAGE_SIZE_CHECKS for p in pair if p not in anonymous
    ]
    # Anonymous without any cache, as the no-cache pass; signed in as deployed, the
    # fragments warm (the probe counts a second request).
    queries = count_queries(config, anonymous, fragments=False)
    signed_in = count_queries(
        config,
        [a.path for a in targets if measured_in(a, "signed_in")],
        username=fan["username"],
    )
    bad = {
        p: q["status"]
        for p, q in [*queries.items(), *signed_in.items()]
        if q["status"] != 200
    }
    if bad:
        raise SystemExit(f"Not every address answers 200: {bad}")
    page_size_checks = [
        {
            "label": label,
            "paths": [first, second],
            "queries": [queries[first]["queries"], queries[second]["queries"]],
            "equal": queries[first]["queries"] == queries[second]["queries"],
        }
        for label, first, second in PAGE_SIZE_CHECKS
    ]
    log(
        "Queries per request: "
        + ", ".join(
            f"{a.key} {queries[a.path]['queries']}"
            for a in targets
            if a.path in queries
        )
    )

    log(f"Load without cache ({len(anonymous)} addresses)")
    load = {
        "no_cache": load_pass(
            config,
            "no_cache",
            targets,
            alone=True,
            PAGE_CACHE_SECONDS="0",
            FRAGMENT_CACHE_SECONDS="0",
        )
    }
    flush_redis(config.redis_url)
    log("Load signed in (a fan's session; the page cache on, which they skip)")
    load["signed_in"] = load_pass(
        config,
        "signed_in",
        targets,
        alone=True,
        cookie=fan["cookie"],
        PAGE_CACHE_SECONDS="300",
        REDIS_URL=config.redis_url,
    )
    flush_redis(config.redis_url)
    log("Load with the Redis page cache")
    load["cache"] = load_pass(
        config,
        "cache",
        targets,
        PAGE_CACHE_SECONDS="300",
        REDIS_URL=config.redis_url,
    )
    soaked = measure_soak(config, targets, accounts)
    return {
        "picked": picked,
        "addresses": [a.__dict__ for a in targets],
        "queries": queries,
        "queries_signed_in": signed_in,
        "page_size_checks": page_size_checks,
        "load": load,
        "soak": soaked,
    }


def measure_soak(config: Config, targets: list[Address], accounts: dict) -> dict:
    """60 s of mixed load at 32 connections: reads of every page type (half of
    them signed in) while the crew account submits posts and the curator publishes
    them, on a gunicorn as deployed (the Redis page cache on)."""
    if _seconds(config.soak) <= 0:
        return {}
    from bench.soak import soak

    flush_redis(config.redis_url)
    paths = [
        a.path for a in targets if a.kind not in YARDSTICKS and a.who != "signed_in"
    ]
    log(
        f"Soak: {config.soak} at {config.soak_connections} connections, "
        f"{len(paths)} addresses, crew submitting and the curator publishing"
    )
    with gunicorn(
        config, "soak", PAGE_CACHE_SECONDS="300", REDIS_URL=config.redis_url
    ) as server:
        # Unmeasured, as every other measurement has its warm-up: the workers'
        # first requests load templates and fill the caches.
        soak(
            server.base,
            accounts,
            paths,
            duration_s=max(_seconds(config.warmup), 5.0),
            connections=config.soak_connections,
            threads=config.threads,
            gunicorn_pid=server.process.pid,
        )
        result = soak(
            server.base,
            accounts,
            paths,
            duration_s=_seconds(config.soak),
            connections=config.soak_connections,
            threads=config.threads,
            gunicorn_pid=server.process.pid,
        )
        result["worker_boots"] = server.boots()
    result["removed_after"] = run_json(
        [PYTHON, "-m", "bench.accounts", "remove-soak-posts"],
        env=config.django_env(),
        timeout=300,
    )["removed"]
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
