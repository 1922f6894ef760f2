"""Page cache and invalidation, conditional GET, background renditions, the read
replica router, object storage and gunicorn settings."""

import gc
import json
import os
import runpy
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from bts_catalog.db_router import (
    PIN_COOKIE,
    PrimaryReplicaRouter,
    ReadYourWritesMiddleware,
)
from bts_catalog.images import intake_image
from media_assets.models import MediaAsset
from media_assets.services import media_asset_add, post_publish
from tests.conftest import eventually, image_bytes
from tests.factories import CreditFactory, PostFactory, ProductionFactory

ROOT = Path(__file__).resolve().parent.parent


# --- Page cache ---------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_pages_are_cached_and_served_without_queries(
    client, django_assert_num_queries
):
    production = ProductionFactory(title="The Salt Orchard")
    PostFactory(production=production, title="Night shoot")
    first = client.get(production.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(production.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


@pytest.mark.django_db
def test_publishing_or_editing_shows_at_once(client, curator):
    production = ProductionFactory(title="The Salt Orchard")
    pending = PostFactory(production=production, title="Quay rigging", pending=True)
    url = production.get_absolute_url()
    assert b"Quay rigging" not in client.get(url).content
    post_publish(post=pending, actor=curator)
    assert b"Quay rigging" in client.get(url).content
    pending.title = "Quay rigging, revisited"
    pending.save()
    assert b"Quay rigging, revisited" in client.get(url).content
    production.title = "The Pepper Orchard"
    production.save()
    assert b"The Pepper Orchard" in client.get(url).content
    CreditFactory(production=production, person__name="Newly Credited")
    assert b"Newly Credited" in client.get(url).content


@pytest.mark.django_db
def test_bulk_admin_actions_invalidate_the_cache(client, curator):
    post = PostFactory(title="Night shoot")
    assert b"Featured" not in client.get("/").content
    client.force_login(curator)
    client.post(
        reverse("admin:media_assets_post_changelist"),
        {"action": "feature_posts", "_selected_action": [post.pk]},
    )
    client.logout()
    assert b"Featured" in client.get("/").content


@pytest.mark.django_db
def test_signed_in_users_never_get_cached_pages(client, fan):
    client.force_login(fan)
    client.get("/")
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert b"Sign out" in response.content


@pytest.mark.django_db
def test_an_out_of_date_page_is_rendered_once_while_others_get_the_previous_one(
    client, django_assert_num_queries
):
    production = ProductionFactory(title="The Salt Orchard")
    url = production.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    production.title = "The Pepper Orchard"
    production.save()  # every stored page is out of date now
    # Another request is re-rendering the page: this one gets the previous page
    # at once, without a query.
    with mock.patch.object(cache, "add", return_value=False):
        with django_assert_num_queries(0):
            stale = client.get(url)
    assert stale["X-Page-Cache"] == "stale"
    assert b"The Salt Orchard" in stale.content
    # The first request to find it out of date renders it, and frees the way.
    fresh = client.get(url)
    assert fresh["X-Page-Cache"] == "miss"
    assert b"The Pepper Orchard" in fresh.content
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_failed_render_frees_the_page_for_the_next_request(client):
    production = ProductionFactory(title="The Salt Orchard")
    url = production.get_absolute_url()
    client.get(url)
    production.save()
    with mock.patch(
        "showcase.views.render", side_effect=RuntimeError("template broke")
    ):
        client.raise_request_exception = False
        assert client.get(url).status_code == 500
    client.raise_request_exception = True
    assert client.get(url)["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_only_public_pages_cost_a_cache_lookup(client):
    """Sign-in, admin and unknown addresses are answered without asking the cache."""
    ProductionFactory(title="The Salt Orchard")
    with mock.patch.object(cache, "get_many", wraps=cache.get_many) as lookup:
        assert client.get(reverse("login")).status_code == 200
        assert client.get("/admin/login/").status_code == 200
        assert client.get("/no-such-page/").status_code == 404
        assert lookup.call_count == 0
        assert client.get("/productions/")["X-Page-Cache"] == "miss"
        assert lookup.call_count == 1


@pytest.mark.django_db
def test_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


# --- Conditional GET ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("api", [False, True])
def test_unchanged_pages_and_api_details_answer_304(client, api):
    production = ProductionFactory()
    url = (
        f"/api/v1/productions/{production.slug}/"
        if api
        else production.get_absolute_url()
    )
    response = client.get(url)
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    production.synopsis = "Changed."
    production.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


# --- Background renditions ---------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_renditions_from_the_broker(celery_worker):
    image = intake_image(ContentFile(image_bytes("JPEG", (900, 600)), name="a.jpg"))
    with transaction.atomic():  # the worker starts once the writes are committed
        post = PostFactory()
        asset = media_asset_add(actor=None, post=post, upload=image, alt_text="Slate")
    assert asset.file and not asset.thumbnail  # stored at once, rendered later

    def rendered() -> bool:
        asset.refresh_from_db()
        return bool(asset.thumbnail and asset.card and asset.large)

    assert eventually(rendered)
    assert asset.large.storage.exists(asset.large.name)


@pytest.mark.django_db
def test_rendition_task_is_idempotent(django_capture_on_commit_callbacks):
    from media_assets.tasks import make_asset_renditions

    post = PostFactory()
    image = intake_image(ContentFile(image_bytes(), name="a.jpg"))
    asset = media_asset_add(actor=None, post=post, upload=image, alt_text="Slate")
    names = (asset.thumbnail.name, asset.card.name, asset.large.name)
    assert make_asset_renditions(asset.pk) is False  # nothing missing
    MediaAsset.objects.filter(pk=asset.pk).update(thumbnail="")
    assert make_asset_renditions(asset.pk) is True
    asset.refresh_from_db()
    assert asset.thumbnail and (asset.card.name, asset.large.name) == names[1:]
    assert make_asset_renditions(asset.pk) is False
    assert make_asset_renditions(10**9) is False  # deleted meanwhile


# --- Read replica ---------------------------------------------------------------------


def routed_reads(settings, method="GET", cookies=None) -> tuple[str, object]:
    settings.DATABASE_REPLICA_URL = "postgres://replica.invalid/db"
    router = PrimaryReplicaRouter()
    seen = {}

    def view(request):
        from django.http import HttpResponse

        seen["db"] = router.db_for_read(None)
        return HttpResponse("ok")

    request = getattr(RequestFactory(), method.lower())("/")
    request.COOKIES.update(cookies or {})
    response = ReadYourWritesMiddleware(view)(request)
    return seen["db"], response


def test_reads_go_to_the_replica_and_writes_pin_the_primary(settings):
    db, response = routed_reads(settings)
    assert db == "replica"
    assert PIN_COOKIE not in response.cookies
    db, response = routed_reads(settings, method="POST")
    assert db == "default"
    pinned = response.cookies[PIN_COOKIE]
    db, _ = routed_reads(settings, cookies={PIN_COOKIE: pinned.value})
    assert db == "default"  # the author reads their own write
    db, _ = routed_reads(settings, cookies={PIN_COOKIE: str(time.time() - 1)})
    assert db == "replica"
    db, _ = routed_reads(settings, cookies={PIN_COOKIE: "garbage"})
    assert db == "replica"
    assert PrimaryReplicaRouter().db_for_write(None) == "default"


def test_without_a_replica_everything_uses_the_primary(settings):
    settings.DATABASE_REPLICA_URL = ""
    assert PrimaryReplicaRouter().db_for_read(None) == "default"


# --- Settings for scaling out -------------------------------------------------------


def load(tmp_path, code: str, **env) -> dict:
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        "DJANGO_SETTINGS_MODULE": "bts_catalog.settings.base",
        "BTS_VAR_DIR": str(tmp_path),
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django, json; django.setup(); " + code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_redis_cache_replica_and_s3_are_switched_on_by_environment(tmp_path):
    code = (
        "from django.conf import settings; "
        "from django.core.files.storage import storages; "
        "default_storage = storages['default']; "
        "print(json.dumps({'cache': settings.CACHES['default']['BACKEND'], "
        "'dbs': sorted(settings.DATABASES), 'routers': settings.DATABASE_ROUTERS, "
        "'storage': type(default_storage).__name__, "
        "'url': default_storage.url('bts/a.jpg')}))"
    )
    plain = load(tmp_path, code)
    assert plain["cache"].endswith("LocMemCache")
    assert plain["dbs"] == ["default"]
    assert plain["storage"] == "FileSystemStorage"
    scaled = load(
        tmp_path,
        code,
        REDIS_URL="redis://127.0.0.1:6379/3",
        DATABASE_REPLICA_URL="postgres://reader@127.0.0.1:5432/bts",
        AWS_STORAGE_BUCKET_NAME="bts-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.com",
        AWS_ACCESS_KEY_ID="test",
        AWS_SECRET_ACCESS_KEY="test",  # noqa: S106
    )
    assert scaled["cache"].endswith("RedisCache")
    assert scaled["dbs"] == ["default", "replica"]
    assert scaled["routers"] == ["bts_catalog.db_router.PrimaryReplicaRouter"]
    assert scaled["storage"] == "S3Storage"
    assert scaled["url"] == "https://media.example.com/bts/a.jpg"


def test_gunicorn_workers_are_sized_from_the_cpu_count(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == os.cpu_count() * 2 + 1
    assert config["worker_class"] == "sync"


def test_gunicorn_freezes_the_preloaded_app_before_forking_workers():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    try:
        config["when_ready"](None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_anonymous_api_reads_are_cached_but_never_per_user_answers(client, crew_person):
    from rest_framework.authtoken.models import Token

    post = PostFactory(author=crew_person.user, moderation_note="Nice framing.")
    url = f"/api/v1/posts/{post.slug}/"
    client.get(url)
    anonymous = client.get(url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert anonymous.json()["moderation_note"] is None
    token = Token.objects.create(user=crew_person.user)
    mine = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert "X-Page-Cache" not in mine
    assert mine.json()["moderation_note"] == "Nice framing."
    post.title = "Renamed"
    post.save()
    assert client.get(url).json()["title"] == "Renamed"
    html = client.get(url, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    assert client.get(url)["Content-Type"] == "application/json"
