"""Writes of the audience side: following and unfollowing, the private feed key,
applause and the productions a user has seen."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from bts_catalog.caching import bump_content_version
from media_assets.models import Post
from productions.models import Production

from .models import (
    Applause,
    FeedToken,
    Follow,
    FollowKind,
    SeenProduction,
    new_feed_key,
)


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


def applause_add(*, user, post: Post) -> bool:
    """Applaud a published post; False when the user already had (nothing
    changes: one applause per user and post)."""
    if not post.is_public:
        raise ValidationError({"post": "Only published posts can be applauded."})
    try:
        with transaction.atomic():  # a savepoint: the same click sent twice at once
            _, created = Applause.objects.get_or_create(user=user, post=post)
    except IntegrityError:
        return False
    if created:
        # Cached pages show the count.
        bump_content_version()
    return created


def applause_remove(*, user, post: Post) -> bool:
    """Take the applause back; False when there was none."""
    deleted, _ = Applause.objects.filter(user=user, post=post).delete()
    if deleted:
        bump_content_version()
    return bool(deleted)


def applause_toggle(*, user, post: Post) -> bool:
    """Applaud the post, or take the applause back if given: True when the user
    applauds it now."""
    if applause_remove(user=user, post=post):
        return False
    applause_add(user=user, post=post)
    return True


def seen_production_toggle(*, user, production: Production) -> bool:
    """Say "I've seen it" of a production, or take it back: True when the user
    has seen it now (its posts' spoiler warnings are dropped for them)."""
    deleted, _ = SeenProduction.objects.filter(
        user=user, production=production
    ).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            SeenProduction.objects.get_or_create(user=user, production=production)
    except IntegrityError:
        pass  # the same click twice at once: seen either way
    return True
