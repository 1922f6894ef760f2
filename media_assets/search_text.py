"""What post search finds besides a post's own title and body.

A post is also found by its production's title, its tags and the names of the
people it features. Those live in other tables, so each post keeps them in
``Post.search_text``: on PostgreSQL the search trigger folds that column into
``search_vector`` (title A, search text B, body C); on SQLite the fallback search
matches it like the other columns.

Any change to one of those (a post saved or retagged, people featured, a
production, person or tag renamed) refreshes the posts concerned: with a Celery
broker configured, in a worker once the change is committed; otherwise at once.
Bulk writers, which send no signals (the demo seeder), call
``refresh_post_search_text`` once they are done.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from taggit.models import TaggedItem

from bts_catalog.caching import bump_content_version

from .models import Caption, Post

BATCH = 2000


def _texts(rows: list[tuple[int, str]]) -> dict[int, str]:
    """The search text of each post, from its (id, production title): that title,
    then its tags and its featured people, each by name, then its videos' captions."""
    parts: dict[int, list[str]] = {post_id: [title] for post_id, title in rows}
    tagged = TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(Post), object_id__in=parts
    ).order_by("tag__name")
    for post_id, name in tagged.values_list("object_id", "tag__name"):
        parts[post_id].append(name)
    featured = Post.featured_people.through.objects.filter(post_id__in=parts).order_by(
        "person__name"
    )
    for post_id, name in featured.values_list("post_id", "person__name"):
        parts[post_id].append(name)
    # What the post's videos say, from their captions (one language each).
    spoken = Caption.objects.filter(asset__post_id__in=parts).order_by(
        "asset__position", "asset_id", "language"
    )
    for post_id, transcript in spoken.values_list("asset__post_id", "transcript"):
        parts[post_id].append(transcript)
    return {post_id: " ".join(words) for post_id, words in parts.items()}


def refresh_post_search_text(post_ids: Iterable[int] | None = None) -> int:
    """Recompute the search text of the given posts (all posts when None).

    Idempotent; ids of posts deleted meanwhile are skipped. Only rows whose text
    changed are written. Returns how many were.
    """
    if post_ids is None:
        ids = Post.objects.order_by("pk").values_list("pk", flat=True).iterator()
    else:
        ids = iter(sorted(set(post_ids)))
    changed = 0
    while batch := [post_id for _, post_id in zip(range(BATCH), ids, strict=False)]:
        rows = Post.objects.filter(pk__in=batch).values_list(
            "pk", "production__title", "search_text"
        )
        current = {post_id: text for post_id, _, text in rows}
        texts = _texts([(post_id, title) for post_id, title, _ in rows])
        stale = [
            Post(pk=post_id, search_text=text)
            for post_id, text in texts.items()
            if text != current[post_id]
        ]
        Post.objects.bulk_update(stale, ["search_text"])
        changed += len(stale)
    if changed:
        bump_content_version()  # search pages show the new matches at once
    return changed


def schedule_refresh(post_ids: Iterable[int]) -> None:
    """Refresh these posts' search text: at once, in the current transaction, or
    with a broker, in a worker once the transaction commits."""
    ids = sorted(set(post_ids))
    if not ids:
        return
    if settings.CELERY_BROKER_URL:
        from .tasks import refresh_post_search_text_task

        transaction.on_commit(lambda: refresh_post_search_text_task.delay(ids))
    else:
        refresh_post_search_text(ids)


# --- Signal receivers (connected in MediaAssetsConfig.ready) --------------------------
def _may_have_changed(update_fields, *names: str) -> bool:
    """Whether a save could have changed one of these fields: a save that names
    its fields (a moderation decision, featuring) and none of these could not."""
    return update_fields is None or not update_fields.isdisjoint(names)


def post_saved(sender, instance: Post, raw: bool = False, update_fields=None, **kwargs):
    # Fixtures (loaddata, raw) carry their own search text.
    if not raw and _may_have_changed(update_fields, "production", "production_id"):
        schedule_refresh([instance.pk])


def post_tags_changed(sender, instance, action: str, model, **kwargs) -> None:
    if action.startswith("post_") and isinstance(instance, Post):
        schedule_refresh([instance.pk])


def featured_people_changed(
    sender, instance, action: str, reverse: bool, pk_set, **kwargs
) -> None:
    if not reverse:  # post.featured_people.add/remove/clear/set(…)
        if action.startswith("post_"):
            schedule_refresh([instance.pk])
    elif action == "pre_clear":  # person.featured_in_posts.clear(): remember whom
        instance._search_refresh = _posts_featuring(instance)
    elif action == "post_clear":
        schedule_refresh(getattr(instance, "_search_refresh", ()))
    elif action in {"post_add", "post_remove"}:  # person.featured_in_posts.add(…)
        schedule_refresh(pk_set or ())


def production_saved(
    sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs
):
    if not (created or raw) and _may_have_changed(update_fields, "title"):
        schedule_refresh(instance.posts.values_list("pk", flat=True))


def _posts_featuring(person) -> list[int]:
    return list(person.featured_in_posts.values_list("pk", flat=True))


def _posts_tagged(tag) -> list[int]:
    return list(
        TaggedItem.objects.filter(
            tag=tag, content_type=ContentType.objects.get_for_model(Post)
        ).values_list("object_id", flat=True)
    )


def person_saved(
    sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs
):
    if not (created or raw) and _may_have_changed(update_fields, "name"):
        schedule_refresh(_posts_featuring(instance))


def tag_saved(
    sender, instance, created: bool, raw: bool = False, update_fields=None, **kwargs
):
    if not (created or raw) and _may_have_changed(update_fields, "name"):
        schedule_refresh(_posts_tagged(instance))


# Deleting a person or a tag deletes its links to posts without an m2m signal:
# note the posts before, refresh them after.
def person_deleting(sender, instance, **kwargs) -> None:
    instance._search_refresh = _posts_featuring(instance)


def tag_deleting(sender, instance, **kwargs) -> None:
    instance._search_refresh = _posts_tagged(instance)


def deleted(sender, instance, **kwargs) -> None:
    schedule_refresh(getattr(instance, "_search_refresh", ()))
