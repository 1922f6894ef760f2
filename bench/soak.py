"""The soak: reads from wrk (bench/soak.lua) over every page type, signed in and not,
while a crew account submits posts and a curator publishes them through the API,
and every gunicorn worker's memory is sampled.

    python -m bench.soak <base-url> <accounts.json> <paths-file> [--duration 60]
        [--connections 32] [--threads 2] [--write-rate 2] --gunicorn-pid N

accounts.json is what ``python -m bench.accounts`` prints; the paths file has one
path a line. Prints the result as JSON; a one-line summary goes to stderr.
"""

import argparse
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# The curator approves a post to go public this long after asking: the API's only
# way to publish is an embargo, which must end in the future when it is checked.
PUBLISH_DELAY_S = 5.0
REQUEST_TIMEOUT_S = 10.0


# --- Writes --------------------------------------------------------------------------
class Writer(threading.Thread):
    """Sends one API request every 1/rate s until stopped, and counts the answers."""

    def __init__(self, kind: str, rate: float, stop: threading.Event) -> None:
        super().__init__(name=f"soak-{kind}", daemon=True)
        self.kind, self.interval, self.stop = kind, 1.0 / rate, stop
        self.attempted = self.ok = self.idle = 0
        self.statuses: Counter[str] = Counter()
        self.exceptions: Counter[str] = Counter()
        self.latencies_ms: list[float] = []

    def next_request(self) -> urllib.request.Request | None:
        raise NotImplementedError

    def answered(self, request: urllib.request.Request, body: bytes) -> None:
        """A 2xx answer to ``request``."""

    def run(self) -> None:
        due = time.monotonic()
        while not self.stop.is_set():
            self.once()
            due += self.interval
            now = time.monotonic()
            if due < now - self.interval:  # fell behind: keep the rate, not a burst
                due = now
            if self.stop.wait(max(0.0, due - now)):
                return

    def once(self) -> None:
        request = self.next_request()
        if request is None:
            self.idle += 1
            return
        self.attempted += 1
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(  # noqa: S310 - see _api_request
                request, timeout=REQUEST_TIMEOUT_S
            ) as answer:
                body = answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            error.read()
            self.statuses[str(error.code)] += 1
            return
        except (OSError, ValueError) as error:  # refused, reset, timed out
            self.exceptions[type(error).__name__] += 1
            return
        finally:
            self.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.statuses[str(status)] += 1
        if 200 <= status < 300:
            self.ok += 1
            self.answered(request, body)

    @property
    def failed(self) -> int:
        return self.attempted - self.ok

    def summary(self) -> dict:
        latencies = sorted(self.latencies_ms)

        def percentile(share: float) -> float | None:
            if not latencies:
                return None
            return round(
                latencies[min(len(latencies) - 1, int(share * len(latencies)))], 1
            )

        return {
            "attempted": self.attempted,
            "ok": self.ok,
            "failed": self.failed,
            "statuses": dict(sorted(self.statuses.items())),
            "exceptions": dict(self.exceptions),
            "idle": self.idle,
            "p50_ms": percentile(0.50),
            "p95_ms": percentile(0.95),
            "max_ms": round(latencies[-1], 1) if latencies else None,
        }


def _api_request(
    base: str, path: str, token: str, method: str, payload: dict
) -> urllib.request.Request:
    # The base is checked to be http(s) by soak().
    return urllib.request.Request(  # noqa: S310
        base.rstrip("/") + path,
        data=json.dumps(payload).encode(),
        method=method,
        headers={
            "Authorization": f"Token {token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        },
    )


class Submitter(Writer):
    """The crew account submits posts about its production; they wait, pending."""

    def __init__(self, base: str, crew: dict, rate: float, stop, submitted) -> None:
        super().__init__("submit", rate, stop)
        self.base, self.crew, self.submitted = base, crew, submitted
        self.run_id = f"{os.getpid()}-{int(time.time())}"

    def next_request(self) -> urllib.request.Request:
        return _api_request(
            self.base,
            "/api/v1/posts/",
            self.crew["token"],
            "POST",
            {
                "production": self.crew["production"],
                "title": f"Soak {self.run_id} no. {self.attempted + 1}",
                "kind": "photo_set",
                "phase": "production",
                "body": "Written by the **soak**: a crew member's post under load.",
                "tags": ["soak"],
            },
        )

    def answered(self, request, body: bytes) -> None:
        self.submitted.put(json.loads(body)["slug"])


class Publisher(Writer):
    """The curator publishes the pending posts the submitter made, through the API:
    approved with an embargo ending PUBLISH_DELAY_S later (the API has no
    immediate publishing; admin's action has)."""

    def __init__(self, base: str, curator: dict, rate: float, stop, submitted) -> None:
        super().__init__("publish", rate, stop)
        self.base, self.curator, self.submitted = base, curator, submitted

    def next_request(self) -> urllib.request.Request | None:
        try:
            slug = self.submitted.get_nowait()
        except queue.Empty:
            return None
        publish_at = datetime.now(UTC) + timedelta(seconds=PUBLISH_DELAY_S)
        return _api_request(
            self.base,
            f"/api/v1/posts/{slug}/",
            self.curator["token"],
            "PATCH",
            {"publish_at": publish_at.isoformat()},
        )


# --- Memory --------------------------------------------------------------------------
def _children(parent: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return sorted(children)


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _pss_mb(pid: int) -> float | None:
    """Proportional set size: shared (preloaded, copy-on-write) pages split among
    the processes sharing them, so that the workers' sum is not counted twice."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemorySampler(threading.Thread):
    """Every worker's (child of the gunicorn master) RSS, every ``interval`` s."""

    def __init__(self, master: int, stop: threading.Event, interval: float = 1.0):
        super().__init__(name="soak-memory", daemon=True)
        self.master, self.stop, self.interval = master, stop, interval
        self.started = time.monotonic()
        self.workers: dict[int, dict] = {}
        self.totals: list[tuple[float, float]] = []  # (s, summed RSS)
        self.initial: set[int] = set()
        self.pss_start = self.pss_end = None

    def sample(self) -> set[int]:
        at = round(time.monotonic() - self.started, 1)
        alive, total = set(), 0.0
        for pid in _children(self.master):
            rss = _rss_mb(pid)
            if rss is None:
                continue
            alive.add(pid)
            total += rss
            worker = self.workers.setdefault(
                pid, {"first_s": at, "start_mb": rss, "peak_mb": rss}
            )
            worker.update(last_s=at, end_mb=rss, peak_mb=max(worker["peak_mb"], rss))
        self.totals.append((at, total))
        return alive

    def _pss_total(self, pids: set[int]) -> float | None:
        values = [_pss_mb(pid) for pid in pids]
        return None if None in values or not values else sum(values)

    def begin(self) -> None:
        self.initial = self.sample()
        self.pss_start = self._pss_total(self.initial)
        self.start()

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            self.sample()

    def finish(self) -> dict:
        self.join()
        final = self.sample()
        self.pss_end = self._pss_total(final)
        whole_time = self.initial & final
        booted = sorted(set(self.workers) - self.initial)
        start_total, end_total = self.totals[0][1], self.totals[-1][1]

        def mb(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        return {
            "workers": {
                str(pid): {
                    "start_mb": mb(w["start_mb"]),
                    "end_mb": mb(w["end_mb"]) if pid in final else None,
                    "peak_mb": mb(w["peak_mb"]),
                    "first_seen_s": w["first_s"],
                    "last_seen_s": w["last_s"],
                    "alive_at_end": pid in final,
                }
                for pid, w in sorted(self.workers.items())
            },
            "workers_at_start": len(self.initial),
            "workers_at_end": len(final),
            "booted": len(booted),
            "exited": len(self.initial - final),
            "total_start_mb": mb(start_total),
            "total_end_mb": mb(end_total),
            "total_peak_mb": mb(max(total for _, total in self.totals)),
            "total_growth_mb": mb(end_total - start_total),
            "whole_time_workers": len(whole_time),
            "whole_time_growth_mb": mb(
                sum(
                    self.workers[p]["end_mb"] - self.workers[p]["start_mb"]
                    for p in whole_time
                )
            ),
            "whole_time_max_growth_mb": mb(
                max(
                    (
                        self.workers[p]["end_mb"] - self.workers[p]["start_mb"]
                        for p in whole_time
                    ),
                    default=0.0,
                )
            ),
            "pss_total_start_mb": mb(self.pss_start),
            "pss_total_end_mb": mb(self.pss_end),
            "master_mb": mb(_rss_mb(self.master)),
            "samples": len(self.totals),
        }


# --- Reads ---------------------------------------------------------------------------
def _wrk(
    base: str,
    cookie: str,
    paths_file: Path,
    *,
    duration_s: float,
    connections: int,
    threads: int,
) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "wrk",
            f"-t{min(threads, connections)}",
            f"-c{connections}",
            f"-d{max(1, round(duration_s))}s",
            "--timeout",
            f"{REQUEST_TIMEOUT_S:.0f}s",
            "-s",
            str(BENCH / "soak.lua"),
            base.rstrip("/"),
        ],
        env={**os.environ, "SOAK_PATHS": str(paths_file), "SOAK_COOKIE": cookie},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wrk_result(process: subprocess.Popen, duration_s: float) -> dict:
    try:
        stdout, stderr = process.communicate(timeout=duration_s + 60)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    for line in stdout.splitlines():
        if line.startswith("SOAK_JSON "):
            return json.loads(line.removeprefix("SOAK_JSON "))
    raise RuntimeError(f"wrk printed no result:\n{stdout}\n{stderr}")


# --- The soak ------------------------------------------------------------------------
def soak(
    base: str,
    accounts: dict,
    paths: list[str],
    *,
    duration_s: float = 60,
    connections: int = 32,
    threads: int = 2,
    gunicorn_pid: int,
    write_rate: float = 2.0,
) -> dict:
    """Load ``base`` for ``duration_s``: wrk over ``paths`` (half of them signed in
    as the fan), ``write_rate`` post submissions a second by the crew and as many
    publications by the curator, the workers' memory sampled every second."""
    if not base.startswith(("http://", "https://")):
        raise ValueError(f"Not an http(s) address: {base!r}")
    stop = threading.Event()
    submitted: queue.Queue[str] = queue.Queue()
    writers = [
        Submitter(base, accounts["crew"], write_rate, stop, submitted),
        Publisher(base, accounts["curator"], write_rate, stop, submitted),
    ]
    memory = MemorySampler(gunicorn_pid, stop)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", prefix="soak-paths-") as file:
        file.write("\n".join(paths) + "\n")
        file.flush()
        started = time.monotonic()
        memory.begin()
        process = _wrk(
            base,
            accounts["fan"]["cookie"],
            Path(file.name),
            duration_s=duration_s,
            connections=connections,
            threads=threads,
        )
        for writer in writers:
            writer.start()
        try:
            reads = _wrk_result(process, duration_s)
        finally:
            stop.set()
            for writer in writers:
                writer.join(REQUEST_TIMEOUT_S + 5)
        memory_report = memory.finish()
        elapsed = time.monotonic() - started
    writes = {writer.kind: writer.summary() for writer in writers}
    # Submitted, and still pending when the soak ended: the curator fell behind.
    writes["publish"]["left_pending"] = submitted.qsize()
    connection_errors = sum(
        reads["errors"][key] for key in ("connect", "read", "write", "timeout")
    )
    errors = {
        "connection": connection_errors,
        "server_5xx": reads["statuses"]["5xx"],
        "writes_failed": sum(writer.failed for writer in writers),
    }
    result = {
        "base": base,
        "duration_s": round(elapsed, 1),
        "connections": connections,
        "threads": min(threads, connections),
        "paths": paths,
        "write_rate_per_s": write_rate,
        "reads": reads,
        "writes": writes,
        "errors": {"total": sum(errors.values()), **errors},
        "memory": memory_report,
    }
    print(summary_line(result), file=sys.stderr, flush=True)
    return result


def summary_line(result: dict) -> str:
    reads, writes, memory = result["reads"], result["writes"], result["memory"]
    return (
        f"[soak] {result['duration_s']:.0f} s: {reads['requests']:,} reads "
        f"({reads['rps']:,.0f}/s, p95 {reads['p95_ms']:.1f} ms, "
        f"{reads['not_2xx_3xx']} not 2xx/3xx, {reads['statuses']['5xx']} 5xx); "
        f"posts submitted {writes['submit']['ok']}/{writes['submit']['attempted']}, "
        f"published {writes['publish']['ok']}/{writes['publish']['attempted']}; "
        f"{result['errors']['total']} errors; workers "
        f"{memory['total_start_mb']}→{memory['total_end_mb']} MiB RSS "
        f"({memory['whole_time_growth_mb']:+} MiB over the "
        f"{memory['whole_time_workers']} alive throughout, {memory['booted']} booted)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("base", help="http://127.0.0.1:PORT")
    parser.add_argument("accounts", type=Path, help="what bench.accounts printed")
    parser.add_argument("paths", type=Path, help="one path a line")
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--write-rate", type=float, default=2.0)
    parser.add_argument("--gunicorn-pid", type=int, required=True)
    args = parser.parse_args(argv)
    accounts = json.loads(args.accounts.read_text().strip().splitlines()[-1])
    paths = [
        line.strip()
        for line in args.paths.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    result = soak(
        args.base,
        accounts,
        paths,
        duration_s=args.duration,
        connections=args.connections,
        threads=args.threads,
        gunicorn_pid=args.gunicorn_pid,
        write_rate=args.write_rate,
    )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
