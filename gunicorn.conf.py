"""gunicorn settings: ``gunicorn -c gunicorn.conf.py bts_catalog.wsgi``.

Sized from the machine unless WEB_CONCURRENCY says otherwise; put any load
balancer or TLS-terminating proxy in front of as many of these as needed.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that no slow leak can grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The app is loaded (preload_app) and the workers are about to be forked.

    Everything loaded so far is moved out of the garbage collector's sight:
    workers then no longer scan Django's own objects in every full collection
    (pauses of tens of milliseconds in the middle of a request), and do not write
    to the memory pages they share with this process.
    """
    gc.freeze()
