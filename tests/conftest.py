"""Shared fixtures: temporary media storage, users of every role, image bytes."""

import importlib
import io
import os
import time

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from bts_catalog.roles import CURATORS_GROUP

from .factories import PersonFactory

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres", "pgsql"))


def pytest_collection_modifyitems(config, items):
    if ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "requires_postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test stores its uploads in a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT


@pytest.fixture
def files_in_private(media_root, settings):
    """The files kept in private storage (never served), e.g. video originals."""
    return lambda: (
        stored_files(settings.PRIVATE_MEDIA_ROOT)
        if settings.PRIVATE_MEDIA_ROOT.exists()
        else []
    )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counters and cached pages never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def stored_files(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def files_in_media(media_root):
    return lambda: stored_files(media_root)


def image_bytes(
    fmt: str = "JPEG",
    size: tuple[int, int] = (64, 48),
    color=(200, 30, 30),
    exif=None,
    mode: str = "RGB",
) -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


@pytest.fixture
def make_image():
    return image_bytes


@pytest.fixture
def vocabulary(transactional_db):
    """The seeded departments, roles and Curators group, for transactional tests.

    A transactional test's flush empties every table, migration data included, so
    tests that need committed rows (the live server, threads) seed it again.
    """
    from django.apps import apps

    from bts_catalog.roles import ensure_curators_group

    seed = importlib.import_module("productions.migrations.0002_seed_vocabulary")
    seed.seed_vocabulary(apps, None)
    ensure_curators_group()


@pytest.fixture
def curator(db):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        "curator", "curator@example.com", "pw", is_staff=True
    )
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))
    return user


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.com", "pw")


@pytest.fixture
def fan(db):
    return get_user_model().objects.create_user("fan", "fan@example.com", "pw")


@pytest.fixture
def crew_person(db):
    user = get_user_model().objects.create_user("crew", "crew@example.com", "pw")
    return PersonFactory(user=user)


BROKERS = {
    "redis": "redis://127.0.0.1:6379/15",
    "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//",
}


def broker_available(url: str) -> bool:
    import kombu

    connection = kombu.Connection(url, connect_timeout=3)
    try:
        connection.ensure_connection(max_retries=1)
    except Exception:  # noqa: BLE001 - any failure means: not here
        return False
    finally:
        connection.release()
    return True


@pytest.fixture(params=sorted(BROKERS))
def celery_worker(request, settings, vocabulary):
    """A real Celery worker (solo pool, in this process) on each local broker, the
    Redis and the RabbitMQ, with a queue of this test run's own; skips the test
    where that broker is absent."""
    broker = BROKERS[request.param]
    if not broker_available(broker):
        pytest.skip(f"needs the local {request.param} ({broker})")
    from celery.contrib.testing.worker import start_worker

    from bts_catalog.celery import app

    def forget_connections() -> None:  # pooled ones lead to the previous broker
        app._pool = None
        app.amqp._producer_pool = None

    settings.CELERY_BROKER_URL = broker
    changed = {
        "broker_url": broker,
        "broker_heartbeat": 0,  # else stopping waits for RabbitMQ's heartbeat
        "task_default_queue": f"bts-test-{os.getpid()}",
    }
    before = {name: app.conf[name] for name in changed}
    app.conf.update(changed)
    forget_connections()
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING"
        ):
            yield app
    finally:
        app.conf.update(before)
        forget_connections()


def eventually(check, seconds: float = 30) -> bool:
    """Poll ``check()`` until it is true or ``seconds`` have passed. On SQLite a
    read can find a table locked while a worker thread writes: that is "not yet"."""
    from django.db import OperationalError

    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return True
        except OperationalError:
            pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


class SmtpCollector:
    """What a local SMTP server received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(
            message_from_bytes(envelope.content, policy=policy.default)
        )
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m.get("To", "")]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives;
    the email settings point at it."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    collector = SmtpCollector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield collector
    finally:
        controller.stop()
