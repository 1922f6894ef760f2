"""Writes of the audience side: following and unfollowing, the private feed key."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from .models import FeedToken, Follow, FollowKind, new_feed_key


def _already(target: models.Model) -> ValidationError:
    return ValidationError({FollowKind.of(target): f"You already follow {target}."})


@transaction.atomic
def follow_add(*, user, target: models.Model) -> Follow:
    """Follow a production, person, craft (Department) or tag.

    Following something twice, or a person or production merged into another,
    is refused with a ValidationError on the field that names it.
    """
    kind = FollowKind.of(target)
    survivor = getattr(target, "merged_into", None)
    if survivor is not None:
        raise ValidationError(
            {kind: f"{target} has been merged into {survivor}; follow {survivor}."}
        )
    if Follow.objects.of_user(user).of_target(target).exists():
        raise _already(target)
    follow = Follow(user=user, **{kind: target})
    follow.full_clean()
    try:
        with transaction.atomic():  # a savepoint: the same follow sent twice at once
            follow.save()
    except IntegrityError:
        raise _already(target) from None
    return follow


def follow_remove(*, follow: Follow) -> None:
    follow.delete()


def follow_remove_target(*, user, target: models.Model) -> bool:
    """Stop following ``target``; False when the user did not follow it."""
    deleted, _ = Follow.objects.of_user(user).of_target(target).delete()
    return bool(deleted)


def feed_token_renew(*, user) -> FeedToken:
    """A new private feed address for ``user``; the old one stops working."""
    token, created = FeedToken.objects.get_or_create(user=user)
    if not created:
        token.key = new_feed_key()
        token.save(update_fields=["key"])
    return token


def feed_token_revoke(*, user) -> None:
    """Turn the private feed off: its address answers 404 from now on."""
    FeedToken.objects.filter(user=user).delete()
