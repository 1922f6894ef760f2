import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from media_assets.models import (
    Post,
    PostKind,
    PostPhase,
    PostStatus,
    Provenance,
    SourcePlatform,
)
from tests.factories import (
    DepartmentFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def make_post(**overrides) -> Post:
    fields = {
        "production": ProductionFactory(),
        "title": "Lighting the harbour",
        "kind": PostKind.PHOTO_SET,
        "phase": PostPhase.PRODUCTION,
        "provenance": Provenance.OFFICIAL,
    }
    fields.update(overrides)
    return Post(**fields)


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        (SourcePlatform.INSTAGRAM, "https://www.instagram.com/p/C1a2b3c4d5/"),
        (SourcePlatform.TIKTOK, "https://www.tiktok.com/@crew/video/7301234567890"),
        (SourcePlatform.X, "https://x.com/studio/status/1790000000000000000"),
        (SourcePlatform.X, "https://twitter.com/studio/status/1790000000000000000"),
        (SourcePlatform.YOUTUBE, "https://youtu.be/dQw4w9WgXcQ"),
        (SourcePlatform.VIMEO, "https://vimeo.com/123456789"),
        (SourcePlatform.FACEBOOK, "https://www.facebook.com/watch/?v=1"),
        (SourcePlatform.WEBSITE, "https://studio.example.com/news/making-of"),
        (SourcePlatform.ORIGINAL, ""),
    ],
)
def test_source_url_matching_its_platform_is_accepted(platform, url):
    make_post(source_platform=platform, source_url=url).full_clean()


@pytest.mark.parametrize(
    ("platform", "url", "message"),
    [
        (SourcePlatform.INSTAGRAM, "https://www.tiktok.com/@crew", "not on Instagram"),
        (SourcePlatform.YOUTUBE, "https://youtube.com.evil.example/watch", "not on"),
        (SourcePlatform.X, "javascript:alert(1)", "Enter a valid URL"),
        (SourcePlatform.TIKTOK, "", "Give the link"),
        (SourcePlatform.ORIGINAL, "https://www.instagram.com/p/x/", "no source link"),
    ],
)
def test_source_url_must_match_its_platform(platform, url, message):
    post = make_post(source_platform=platform, source_url=url)
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert message in " ".join(error.value.message_dict["source_url"])


def test_database_refuses_a_platform_without_a_link():
    post = make_post(source_platform=SourcePlatform.YOUTUBE, source_url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save()


def test_published_posts_need_a_publication_date_and_only_they_are_featured():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_post(status=PostStatus.PUBLISHED, published_at=None).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_post(status=PostStatus.PENDING, is_featured=True).save()
    with pytest.raises(ValidationError) as error:
        make_post(status=PostStatus.PENDING, is_featured=True).full_clean()
    assert "is_featured" in error.value.message_dict


def test_body_is_rendered_and_sanitised_on_save():
    post = make_post(
        body="**Bold** move\n\n<script>alert('x')</script>\n\n"
        "[link](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    post.save()
    assert "<strong>Bold</strong>" in post.body_html
    assert "<script" not in post.body_html
    assert "javascript:" not in post.body_html
    assert "onerror" not in post.body_html
    post.body = "Changed"
    post.save(update_fields=["body"])
    post.refresh_from_db()
    assert post.body_html == "<p>Changed</p>"


def test_slugs_are_unique_across_posts():
    first = PostFactory(title="Day one")
    second = PostFactory(title="Day one")
    assert (first.slug, second.slug) == ("day-one", "day-one-2")
    assert first.get_absolute_url() == "/posts/day-one/"


def test_published_and_visibility_querysets(curator):
    author = UserFactory()
    published = PostFactory()
    pending = PostFactory(pending=True, author=author)
    PostFactory(draft=True)
    PostFactory(rejected=True)
    assert list(Post.objects.published()) == [published]
    assert set(Post.objects.visible_to(author)) == {published, pending}
    assert Post.objects.visible_to(curator).count() == 4
    staff_without_permissions = UserFactory(is_staff=True)
    assert Post.objects.visible_to(staff_without_permissions).count() == 1


def test_timeline_orders_by_phase_then_date():
    production = ProductionFactory()
    release = PostFactory(
        production=production,
        phase=PostPhase.RELEASE,
        happened_on=datetime.date(2024, 1, 1),
    )
    late_shoot = PostFactory(
        production=production,
        phase=PostPhase.PRODUCTION,
        happened_on=datetime.date(2024, 3, 1),
    )
    early_shoot = PostFactory(
        production=production,
        phase=PostPhase.PRODUCTION,
        happened_on=datetime.date(2024, 2, 1),
    )
    development = PostFactory(
        production=production,
        phase=PostPhase.DEVELOPMENT,
        happened_on=datetime.date(2025, 1, 1),
    )
    assert list(Post.objects.for_production(production).timeline()) == [
        development,
        early_shoot,
        late_shoot,
        release,
    ]


def test_posts_for_a_person_include_featured_and_authored():
    user = UserFactory()
    person = PersonFactory(user=user)
    featured = PostFactory()
    featured.featured_people.add(person)
    authored = PostFactory(author=user)
    PostFactory()
    assert set(Post.objects.for_person(person)) == {featured, authored}


def test_posts_by_craft():
    costume = DepartmentFactory(name="Costume test", slug="costume-test")
    post = PostFactory()
    post.crafts.add(costume)
    PostFactory()
    assert list(Post.objects.showing_craft(costume)) == [post]


def test_posts_of_several_crafts_tags_or_people_come_once_each():
    costume = DepartmentFactory(name="Costume test", slug="costume-test")
    sound = DepartmentFactory(name="Sound test", slug="sound-test")
    lead, double = PersonFactory(), PersonFactory()
    both = PostFactory()
    both.crafts.add(costume, sound)
    both.tags.add("rigging", "stunts")
    both.featured_people.add(lead, double)
    one = PostFactory()
    one.crafts.add(sound)
    one.tags.add("stunts")
    one.featured_people.add(double)
    PostFactory()
    both_and_one = sorted([both.pk, one.pk])

    assert (
        sorted(post.pk for post in Post.objects.showing_craft([costume, sound.pk]))
        == both_and_one
    )
    assert list(Post.objects.showing_craft(costume)) == [both]
    tags = both.tags.all()
    assert sorted(post.pk for post in Post.objects.tagged(tags)) == both_and_one
    assert list(Post.objects.tagged(tags.get(name="rigging"))) == [both]
    assert (
        sorted(post.pk for post in Post.objects.featuring([lead.pk, double.pk]))
        == both_and_one
    )
    assert list(Post.objects.featuring(lead)) == [both]
    assert not Post.objects.featuring([]).exists()


def test_moderation_queue_lists_pending_oldest_first():
    first = PostFactory(pending=True)
    second = PostFactory(pending=True)
    PostFactory()
    assert list(Post.objects.moderation_queue()) == [first, second]
