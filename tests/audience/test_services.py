"""Following and unfollowing, and the private feed key, through the services."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audience import services
from audience.models import FeedToken, Follow, FollowKind
from tests.factories import ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", FollowKind.values)
def test_each_kind_can_be_followed_once(fan, things, kind):
    target = things[kind]

    follow = services.follow_add(user=fan, target=target)

    assert follow.kind == kind
    assert follow.target == target
    with pytest.raises(ValidationError) as error:
        services.follow_add(user=fan, target=target)
    assert error.value.message_dict == {kind: [f"You already follow {target}."]}
    assert Follow.objects.count() == 1


def test_two_users_follow_the_same_thing(fan, other_fan, things):
    services.follow_add(user=fan, target=things["production"])
    services.follow_add(user=other_fan, target=things["production"])

    assert Follow.objects.of_target(things["production"]).count() == 2


def test_a_merged_production_is_not_followed(fan, curator):
    survivor = ProductionFactory(title="The Salt Orchard")
    duplicate = ProductionFactory(title="Salt Orchard")
    duplicate.merged_into = survivor
    duplicate.save()

    with pytest.raises(ValidationError) as error:
        services.follow_add(user=fan, target=duplicate)

    assert "follow The Salt Orchard" in error.value.message_dict["production"][0]
    assert not Follow.objects.exists()


def test_the_database_refuses_a_follow_of_nothing_or_of_two_things(fan, things):
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=fan)
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(
            user=fan, production=things["production"], tag=things["tag"]
        )


def test_the_database_refuses_a_second_follow_of_the_same_thing(fan, things):
    Follow.objects.create(user=fan, craft=things["craft"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=fan, craft=things["craft"])


def test_removing_a_follow(fan, things):
    follow = services.follow_add(user=fan, target=things["person"])
    assert services.follow_remove_target(user=fan, target=things["person"]) is True
    assert services.follow_remove_target(user=fan, target=things["person"]) is False
    assert not Follow.objects.filter(pk=follow.pk).exists()


def test_renewing_the_feed_key_replaces_it_and_revoking_deletes_it(fan):
    first = services.feed_token_renew(user=fan).key
    second = services.feed_token_renew(user=fan).key

    assert first != second
    assert FeedToken.objects.get(user=fan).key == second
    services.feed_token_revoke(user=fan)
    assert not FeedToken.objects.filter(user=fan).exists()
