"""Which events make notifications, for whom, once each, as each user chose."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from audience import notifications
from audience.models import (
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    PostAnnouncement,
)
from audience.services import follow_add
from media_assets.models import PostStatus
from media_assets.services import post_publish, post_reject
from productions.models import ClaimStatus, PersonClaim
from productions.services import person_claim_approve, person_claim_reject
from tests.factories import PersonFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def kinds_of(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


@pytest.fixture
def crew_post(crew_person):
    return PostFactory(
        author=crew_person.user, status=PostStatus.PENDING, title="Rigging the quay"
    )


def test_the_author_hears_that_their_post_is_published(crew_post, curator):
    post_publish(post=crew_post, actor=curator)

    (notice,) = Notification.objects.filter(user=crew_post.author)
    assert notice.kind == NotificationKind.POST_REVIEWED
    assert notice.message == "Your post “Rigging the quay” is published."
    assert notice.url == crew_post.get_absolute_url()
    assert not notice.is_read


def test_a_rejection_carries_the_curators_note(crew_post, curator):
    post_reject(post=crew_post, actor=curator, note="Please add alt text.")

    (notice,) = Notification.objects.filter(user=crew_post.author)
    assert notice.message == "Your post “Rigging the quay” was not published."
    assert notice.detail == "Please add alt text."


def test_an_embargoed_approval_says_when_it_goes_public(crew_post, curator):
    publish_at = timezone.now() + datetime.timedelta(days=1)
    post_publish(post=crew_post, actor=curator, publish_at=publish_at)

    (notice,) = Notification.objects.filter(user=crew_post.author)
    assert "is approved: it goes public" in notice.message


def test_followers_hear_of_a_new_post_once_however_many_ways_they_follow_it(
    crew_post, curator, fan, things
):
    production = crew_post.production
    person = PersonFactory()
    crew_post.featured_people.add(person)
    crew_post.tags.add(things["tag"])
    for target in (production, person, things["tag"]):
        follow_add(user=fan, target=target)
    follow_add(user=crew_post.author, target=production)  # the author: not told
    bystander = UserFactory()

    post_publish(post=crew_post, actor=curator)
    post_reject(post=crew_post, actor=curator)
    post_publish(post=crew_post, actor=curator)  # public again: not news again

    assert kinds_of(fan) == [NotificationKind.FOLLOWED_POST]
    assert NotificationKind.FOLLOWED_POST not in kinds_of(crew_post.author)
    assert kinds_of(bystander) == []


def test_followers_hear_of_an_embargoed_post_only_when_it_is_public(
    crew_post, curator, fan
):
    follow_add(user=fan, target=crew_post.production)
    publish_at = timezone.now() + datetime.timedelta(days=1)
    post_publish(post=crew_post, actor=curator, publish_at=publish_at)

    assert notifications.posts_announce_due() == 0
    assert kinds_of(fan) == []
    assert not PostAnnouncement.objects.exists()

    with time_machine.travel(publish_at + datetime.timedelta(minutes=1)):
        assert notifications.posts_announce_due() == 1
        assert notifications.posts_announce_due() == 0  # once

    (notice,) = Notification.objects.filter(user=fan)
    assert notice.post == crew_post
    assert notice.message == f"New on {crew_post.production}: Rigging the quay"


def test_a_kind_turned_off_makes_nothing(crew_post, curator):
    NotificationPreference.objects.create(
        user=crew_post.author,
        kind=NotificationKind.POST_REVIEWED,
        frequency=Frequency.OFF,
    )
    post_publish(post=crew_post, actor=curator)
    assert kinds_of(crew_post.author) == []


def test_preferences_default_and_can_be_set(fan):
    chosen = notifications.preferences_of(fan)
    assert chosen[NotificationKind.FOLLOWED_POST] == Frequency.DAILY
    assert chosen[NotificationKind.ANSWER] == Frequency.IMMEDIATE

    chosen = notifications.preferences_set(
        user=fan, choices={"followed_post": "weekly", "answer": "site"}
    )
    assert chosen[NotificationKind.FOLLOWED_POST] == Frequency.WEEKLY
    assert chosen[NotificationKind.ANSWER] == Frequency.SITE
    assert chosen[NotificationKind.QUESTION] == Frequency.IMMEDIATE


def test_claims_approved_and_refused_are_told(curator):
    person = PersonFactory(name="Ilse Varga")
    approved_user, refused_user, other_user = UserFactory.create_batch(3)
    approved = PersonClaim.objects.create(user=approved_user, person=person)
    crowded_out = PersonClaim.objects.create(user=other_user, person=person)
    refused = PersonClaim.objects.create(user=refused_user, person=PersonFactory())

    person_claim_approve(claim=approved, curator=curator)
    person_claim_reject(claim=refused, curator=curator, note="No proof given.")

    (yes,) = Notification.objects.filter(user=approved_user)
    assert yes.message.startswith("You are now linked to Ilse Varga")
    (no,) = Notification.objects.filter(user=refused_user)
    assert no.kind == NotificationKind.CLAIM_REVIEWED
    assert no.detail == "No proof given."
    crowded_out.refresh_from_db()
    assert crowded_out.status == ClaimStatus.REJECTED
    (other,) = Notification.objects.filter(user=other_user)
    assert other.detail == "Ilse Varga was linked to another account."


def test_mark_read_touches_only_the_users_own(crew_post, curator, fan):
    post_publish(post=crew_post, actor=curator)
    notifications.notify(
        user=fan, kind=NotificationKind.ANSWER, key="x", message="An answer"
    )
    assert notifications.notifications_mark_read(user=fan) == 1
    assert Notification.objects.filter(user=crew_post.author).unread().count() == 1
