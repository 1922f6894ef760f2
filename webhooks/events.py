"""Which events go out, and when: the layers below send their signals (connected
in ``WebhooksConfig``), and this module turns them into deliveries.

Nothing is said of a post the public cannot see. ``post.published`` goes when a
post becomes public: at once for one published without an embargo, by
``posts_announce_due`` (the sweep) for one whose embargo has ended. Only a post
so announced is later ``post.updated`` or ``post.withdrawn``.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from media_assets.models import Post, PostStatus

from . import payloads
from .models import AnnouncedPost, WebhookEvent
from .services import deliveries_enqueue

# Embargoes that ended longer ago than this are not announced any more (e.g.
# when the sweep had not run for weeks): old news is not news.
ANNOUNCE_WITHIN = datetime.timedelta(days=7)

# Post fields whose change is not an edit a receiver needs to hear of (the
# moderation flow, featuring, computed search text).
NOT_AN_EDIT = {
    "status",
    "updated_at",
    "published_at",
    "publish_at",
    "is_featured",
    "moderation_note",
    "search_text",
}


# --- Posts -----------------------------------------------------------------------
def post_announce(*, post: Post) -> bool:
    """Send ``post.published`` once, if the post is public now."""
    if not Post.objects.published().filter(pk=post.pk).exists():
        return False
    with transaction.atomic():
        _, first_time = AnnouncedPost.objects.get_or_create(post=post)
        if first_time:
            deliveries_enqueue(
                event=WebhookEvent.POST_PUBLISHED, data=lambda: payloads.post_data(post)
            )
    return first_time


def posts_announce_due(*, now: datetime.datetime | None = None) -> int:
    """Announce the posts whose embargo has ended and that were not announced."""
    now = now or timezone.now()
    due = (
        Post.objects.published()
        .filter(publish_at__isnull=False, publish_at__gte=now - ANNOUNCE_WITHIN)
        .exclude(pk__in=AnnouncedPost.objects.values("post_id"))
        .select_related("production")
        .order_by("publish_at", "pk")
    )
    return sum(post_announce(post=post) for post in due.iterator())


def _post_withdraw(post: Post) -> None:
    """``post.withdrawn``, for a post that was announced."""
    deleted, _ = AnnouncedPost.objects.filter(post_id=post.pk).delete()
    if deleted:
        deliveries_enqueue(
            event=WebhookEvent.POST_WITHDRAWN,
            data=lambda: payloads.post_gone_data(post),
        )


def post_status_changed(*, post: Post, to_status, **_) -> None:
    if to_status == PostStatus.PUBLISHED:
        post_announce(post=post)
    else:
        _post_withdraw(post)


def post_saved(sender, instance: Post, created: bool, raw=False, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if raw or created or (update_fields and set(update_fields) <= NOT_AN_EDIT):
        return
    if instance.status != PostStatus.PUBLISHED:
        return  # leaving the published state is post_status_changed's to tell
    if AnnouncedPost.objects.filter(post_id=instance.pk).exists():
        deliveries_enqueue(
            event=WebhookEvent.POST_UPDATED, data=lambda: payloads.post_data(instance)
        )


def post_deleting(sender, instance: Post, **kwargs) -> None:
    _post_withdraw(instance)


# --- The catalogue -------------------------------------------------------------------
def production_saved(sender, instance, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    event = (
        WebhookEvent.PRODUCTION_CREATED if created else WebhookEvent.PRODUCTION_UPDATED
    )
    deliveries_enqueue(event=event, data=lambda: payloads.production_data(instance))


def production_deleting(sender, instance, **kwargs) -> None:
    deliveries_enqueue(
        event=WebhookEvent.PRODUCTION_DELETED,
        data={"id": instance.pk, "slug": instance.slug},
    )


def credit_saved(sender, instance, created: bool, raw=False, **kwargs) -> None:
    if raw:
        return
    event = WebhookEvent.CREDIT_CREATED if created else WebhookEvent.CREDIT_UPDATED
    deliveries_enqueue(event=event, data=lambda: payloads.credit_data(instance))


def credit_deleting(sender, instance, **kwargs) -> None:
    # Lazily: a production's deletion deletes its credits one by one, and the
    # production is read for each only when an endpoint wants the event.
    deliveries_enqueue(
        event=WebhookEvent.CREDIT_DELETED,
        data=lambda: {
            "id": instance.pk,
            "production": {"slug": instance.production.slug},
        },
    )
