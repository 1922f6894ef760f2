"""bench.run: the one-request-at-a-time run starts once the server is idle, not
while it still renders what the load run before it left queued."""

import subprocess
import sys
import time

from bench.run import Server, _cpu_s

BUSY_THEN_IDLE = """
import time
print("busy", flush=True)
deadline = time.process_time() + 0.8
while time.process_time() < deadline:
    pass
time.sleep(60)
"""


def _cpu_of(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as stat:
        return _cpu_s(stat.read().rsplit(")", 1)[1].split())


def test_settle_waits_until_the_server_stops_using_the_cpu(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-c", BUSY_THEN_IDLE], stdout=subprocess.PIPE, text=True
    )
    try:
        # Only once it is busy: on a loaded machine, the interpreter's own start
        # can take longer than a window and look idle.
        assert process.stdout.readline() == "busy\n"
        server = Server("http://127.0.0.1:1", process, tmp_path / "log", "bench")
        # A window long enough that a busy process shows, even sharing the CPU.
        waited = server.settle(window=0.3, timeout=20)
        assert _cpu_of(process.pid) >= 0.75  # the busy part was over
        assert 0 < waited < 20
        started = time.monotonic()
        assert server.settle(window=0.1) < 1  # idle already: one window or two
        assert time.monotonic() - started < 1
    finally:
        process.kill()
        process.wait()


def test_settle_gives_up_after_its_timeout(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-c", "print('busy', flush=True)\nwhile True:\n    pass"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline() == "busy\n"
        server = Server("http://127.0.0.1:1", process, tmp_path / "log", "bench")
        assert server.settle(window=0.3, timeout=1.0) >= 1.0
    finally:
        process.kill()
        process.wait()
