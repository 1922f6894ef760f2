"""Writes that must never fail half-way: concurrent slugs, unicode and long values."""

import threading

import pytest
from django.db import connection

from media_assets.models import Post
from media_assets.services import post_submit
from productions.models import Person, Production, Role
from tests.factories import CreditFactory, PersonFactory, ProductionFactory, UserFactory


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_with_the_same_title_get_distinct_slugs(vocabulary):
    production = ProductionFactory()
    crew = []
    for _ in range(8):
        person = PersonFactory(user=UserFactory())
        CreditFactory(
            production=production, person=person, role=Role.objects.get(slug="gaffer")
        )
        crew.append(person.user)
    start = threading.Barrier(len(crew))
    errors = []

    def submit(user):
        try:
            start.wait()
            post_submit(
                author=user,
                production=production,
                title="First day of the shoot",
                kind="photo_set",
                phase="production",
            )
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(user,)) for user in crew]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    slugs = list(Post.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs)) == 8
    assert "first-day-of-the-shoot" in slugs


@pytest.mark.requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_productions_and_people_with_one_name(vocabulary):
    start = threading.Barrier(6)
    errors = []

    def create(index):
        try:
            start.wait()
            if index % 2:
                Production.objects.create(title="Echo", kind="film")
            else:
                Person.objects.create(name="Alex Kim")
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert Production.objects.values("slug").distinct().count() == 3
    assert Person.objects.values("slug").distinct().count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    "title",
    [
        "東京物語 — メイキング",
        "Ünïcødé ☃ and emoji 🎬🎭",
        "x" * 200,
        "  spaces around  ",
        "'; DROP TABLE media_assets_post; --",
    ],
)
def test_unicode_long_and_odd_titles_are_stored(title, crew_person):
    production = ProductionFactory(title=title[:200])
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    post = post_submit(
        author=crew_person.user,
        production=production,
        title=title,
        kind="photo_set",
        phase="production",
        body=title * 3,
    )
    post.refresh_from_db()
    assert post.title == title.strip()
    assert post.slug and len(post.slug) <= 220
    assert production.slug and len(production.slug) <= 220
