"""bench.bulkseed tops a demo catalogue up with COPY, and the pages show the rows."""

import pytest
from django.core.management import call_command
from django.db import connection

from bench.bulkseed import missing, targets, top_up
from media_assets.models import Post, PostStatus
from productions.models import Credit, Person, Production

pytestmark = pytest.mark.requires_postgres


def test_missing_counts_only_what_is_short():
    assert targets(0.01) == {
        "productions": 250,
        "people": 500,
        "credits": 5000,
        "posts": 1000,
    }
    assert missing({"productions": 300, "people": 100}, 0.01)["productions"] == 0
    assert missing({"productions": 300, "people": 100}, 0.01)["people"] == 400


def _skip_ids(offset: int) -> None:
    """Start the id sequences further on, as rows that earlier tests in the same
    database wrote and rolled back leave them."""
    with connection.cursor() as cursor:
        for table in (
            "productions_production",
            "productions_person",
            "productions_credit",
            "media_assets_post",
        ):
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s)",
                [table, table, offset],
            )


@pytest.mark.django_db
@pytest.mark.parametrize("offset", [1, 17, 389, 4111])
def test_top_up_meets_the_targets_exactly_whatever_the_ids(offset):
    if connection.vendor != "postgresql":
        pytest.skip("COPY needs PostgreSQL")
    _skip_ids(offset)
    call_command("seed_demo", size=1, images=0, videos=0, verbosity=0)

    counts = top_up(scale=0.01)["counts"]

    assert counts["productions"] == Production.objects.count() == 250
    assert counts["people"] == 500
    assert counts["posts"] == Post.objects.count() == 1000


@pytest.mark.django_db
def test_top_up_reaches_the_scale_and_the_pages_show_it(client):
    if connection.vendor != "postgresql":
        pytest.skip("COPY needs PostgreSQL")
    call_command("seed_demo", size=1, images=0, videos=0, verbosity=0)
    first_production = Production.objects.order_by("-pk").first().pk
    first_post = Post.objects.order_by("-pk").first().pk

    result = top_up(scale=0.01)

    assert result["counts"]["productions"] == 250
    assert result["counts"]["people"] == 500
    assert result["counts"]["credits"] >= 5000
    assert result["counts"]["posts"] == 1000
    assert top_up(scale=0.01)["added"]["productions"] == 0  # nothing left to add
    for model in (Production, Person, Post):
        slugs = model.objects.values_list("slug", flat=True)
        assert len(set(slugs)) == len(slugs)
    production = Production.objects.filter(pk__gt=first_production).last()
    assert Credit.objects.filter(production=production).count() > 1
    post = Post.objects.filter(pk__gt=first_post, status=PostStatus.PUBLISHED).last()
    assert post.search_vector
    person = post.featured_people.first()
    published = Post.objects.filter(pk__gt=first_post, status=PostStatus.PUBLISHED)
    assert published.count() > 0.7 * Post.objects.filter(pk__gt=first_post).count()
    for url in (
        "/productions/",
        production.get_absolute_url(),
        post.get_absolute_url(),
        person.get_absolute_url(),
        "/api/v1/posts/",
    ):
        assert client.get(url).status_code == 200, url
    word = post.title.split()[-1]
    assert post.slug.encode() in client.get("/search/", {"q": post.title}).content
    assert client.get("/search/", {"q": word}).status_code == 200
    # Later ORM inserts get fresh ids.
    extra = Production.objects.create(title="After the top-up", kind="film")
    assert extra.pk > production.pk
