"""Search finds a post by its production's title, its tags and the people it
features, and keeps finding it correctly as any of those change, on SQLite and
PostgreSQL alike."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
from taggit.models import Tag

from media_assets.models import Post
from media_assets.search_text import refresh_post_search_text
from media_assets.services import post_publish, posts_set_featured
from media_assets.tasks import refresh_post_search_text_task
from tests.conftest import eventually
from tests.factories import PersonFactory, PostFactory, ProductionFactory


def found(query: str) -> set[str]:
    """Titles of the published posts the API's post search finds."""
    api = APIClient().get("/api/v1/posts/", {"search": query}).json()["results"]
    return {post["title"] for post in api}


@pytest.fixture
def night_shoot():
    production = ProductionFactory(title="The Salt Orchard")
    post = PostFactory(production=production, title="Quay rigging", body="Cables.")
    post.tags.add("steadicam", "harbour")
    post.featured_people.add(PersonFactory(name="Marta Ilves"))
    return post


@pytest.mark.django_db
def test_a_post_is_found_by_its_production_tags_and_people(client, night_shoot):
    assert found("orchard") == {"Quay rigging"}
    assert found("steadicam") == {"Quay rigging"}
    assert found("Ilves") == {"Quay rigging"}
    assert found("Quay") == {"Quay rigging"}
    assert found("zeppelin") == set()
    page = client.get("/search/", {"q": "steadicam"}).content.decode()
    assert "Quay rigging" in page


@pytest.mark.django_db
def test_own_words_still_rank_first(night_shoot):
    other = PostFactory(title="Orchard at dawn", production=ProductionFactory())
    other.tags.add("orchard-tag")
    results = APIClient().get("/api/v1/posts/", {"search": "orchard"}).json()
    assert [post["title"] for post in results["results"]][0] == "Orchard at dawn"


@pytest.mark.django_db
def test_search_follows_every_change(night_shoot):
    production = night_shoot.production
    production.title = "The Pepper Orchard"
    production.save()
    assert found("pepper") == {"Quay rigging"}
    assert found("salt") == set()

    marta = night_shoot.featured_people.get()
    marta.name = "Marta Kask"
    marta.save()
    assert found("Kask") == {"Quay rigging"}
    assert found("Ilves") == set()

    night_shoot.tags.remove("steadicam")
    assert found("steadicam") == set()
    night_shoot.tags.add("gimbal")
    assert found("gimbal") == {"Quay rigging"}

    tag = Tag.objects.get(name="gimbal")
    tag.name = "ronin"
    tag.save()
    assert found("ronin") == {"Quay rigging"}

    marta.featured_in_posts.clear()
    assert found("Kask") == set()
    marta.featured_in_posts.add(night_shoot)
    assert found("Kask") == {"Quay rigging"}

    moved = ProductionFactory(title="Lantern Hill")
    night_shoot.production = moved
    night_shoot.save()
    assert found("lantern") == {"Quay rigging"}
    assert found("pepper") == set()


@pytest.mark.django_db
def test_saves_that_cannot_change_the_search_text_leave_it_alone(night_shoot, curator):
    pending = PostFactory(production=night_shoot.production, pending=True)
    with CaptureQueriesContext(connection) as queries:
        post_publish(post=pending, actor=curator)
        posts_set_featured(posts=Post.objects.filter(pk=pending.pk), featured=True)
    assert not [q for q in queries.captured_queries if "search_text" in q["sql"]]
    production = night_shoot.production
    production.title = "The Pepper Orchard"
    production.save(update_fields=["title", "updated_at"])
    assert found("pepper") == {"Quay rigging", pending.title}


@pytest.mark.django_db
def test_deleting_a_person_or_a_tag_forgets_them(night_shoot):
    night_shoot.featured_people.get().delete()
    assert found("Ilves") == set()
    Tag.objects.get(name="steadicam").delete()
    assert found("steadicam") == set()
    assert found("harbour") == {"Quay rigging"}


@pytest.mark.django_db
def test_the_refresh_is_idempotent_and_skips_deleted_posts(night_shoot):
    Post.objects.filter(pk=night_shoot.pk).update(search_text="")
    assert found("steadicam") == set()
    assert refresh_post_search_text([night_shoot.pk, 10**9]) == 1
    assert found("steadicam") == {"Quay rigging"}
    assert refresh_post_search_text([night_shoot.pk]) == 0  # nothing changed
    assert refresh_post_search_text_task([10**9]) == 0
    assert refresh_post_search_text() == 0


@pytest.mark.django_db
def test_the_demo_seeder_fills_search_text_for_its_bulk_posts():
    call_command("seed_demo", "--size", "1", "--images", "0", verbosity=0)
    post = Post.objects.filter(tags__isnull=False).first()
    tag = post.tags.first()
    assert post.production.title in post.search_text
    assert tag.name in post.search_text


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_refreshes_search_text_from_the_broker(celery_worker):
    with transaction.atomic():  # the worker starts once both writes are committed
        post = PostFactory(title="Quay rigging")
        post.tags.add("steadicam")
    assert eventually(lambda: found("steadicam") == {"Quay rigging"})
