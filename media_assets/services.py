"""Writes to posts and media: storing uploads, moderation transitions, deletion.

Every function here either finishes completely or leaves nothing behind: rows
are written in a transaction and files written before a failure are removed.
"""

import datetime
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bts_catalog.caching import bump_content_version
from bts_catalog.roles import is_curator
from productions.models import Department, Person, Production

from .images import RENDITIONS, CleanImage, CleanVideo, make_renditions
from .models import (
    MediaAsset,
    MediaKind,
    ModerationEvent,
    Post,
    PostStatus,
    Provenance,
    SourcePlatform,
)

_ledgers = threading.local()
RENDITION_NAMES = tuple(rendition.name for rendition in RENDITIONS)


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


@contextmanager
def files_rollback() -> Iterator[None]:
    """Delete every file stored inside the block if the block raises.

    Pair it with ``transaction.atomic()`` (outside it) so that a failure leaves
    neither rows nor files behind: ``with files_rollback(), transaction.atomic():``.
    """
    stack = _ledgers.__dict__.setdefault("stack", [])
    ledger: list[str] = []
    stack.append(ledger)
    try:
        yield
    except BaseException:
        _delete_files(ledger)
        raise
    finally:
        stack.pop()


def _store(field_file, filename: str, content: bytes) -> None:
    field_file.save(filename, ContentFile(content), save=False)
    for ledger in getattr(_ledgers, "stack", []):
        ledger.append(field_file.name)


def _next_position(post: Post) -> int:
    highest = post.media.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def _new_asset(
    *,
    post: Post,
    kind: str,
    caption: str,
    credited_to: Person | None,
    position: int | None,
    **fields,
) -> MediaAsset:
    """An unsaved media item with the fields every kind shares."""
    return MediaAsset(
        post=post,
        kind=kind,
        caption=caption.strip(),
        credited_to=credited_to,
        position=_next_position(post) if position is None else position,
        **fields,
    )


def media_asset_create(
    *,
    post: Post,
    image: CleanImage,
    alt_text: str,
    caption: str = "",
    credited_to: Person | None = None,
    position: int | None = None,
    renditions: dict[str, bytes] | None = None,
) -> MediaAsset:
    """Store an accepted image on ``post`` with its renditions.

    ``renditions`` takes what :func:`make_renditions` returned for ``image``, for
    callers that store the same picture many times. Otherwise they are made here,
    or, when a Celery broker is configured, by a worker once the row is committed.
    """
    asset = _new_asset(
        post=post,
        kind=MediaKind.IMAGE,
        caption=caption,
        credited_to=credited_to,
        position=position,
        alt_text=alt_text.strip(),
        width=image.width,
        height=image.height,
        sha256=image.sha256,
    )
    asset.full_clean(exclude=["file", "thumbnail", "card", "large"])
    stem = image.filename.rsplit(".", 1)[0]
    in_background = renditions is None and bool(settings.CELERY_BROKER_URL)
    if renditions is None and not in_background:
        renditions = make_renditions(image)
    with files_rollback(), transaction.atomic():
        _store(asset.file, f"{stem}{image.extension}", image.content)
        for name, content in (renditions or {}).items():
            _store(getattr(asset, name), f"{stem}-{name}.webp", content)
        asset.save()
        if in_background:
            from .tasks import make_asset_renditions

            transaction.on_commit(lambda: make_asset_renditions.delay(asset.pk))
    return asset


def media_asset_add_renditions(*, asset: MediaAsset) -> bool:
    """Make the renditions an image lacks from its stored original.

    Idempotent: an asset that has them all is left alone (returns False).
    """
    missing = [name for name in RENDITION_NAMES if not getattr(asset, name)]
    if asset.kind != MediaKind.IMAGE or not asset.file or not missing:
        return False
    with asset.file.open("rb") as original:
        renditions = make_renditions(original.read())
    stem = asset.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    with files_rollback(), transaction.atomic():
        for name in missing:
            _store(getattr(asset, name), f"{stem}-{name}.webp", renditions[name])
        asset.save(update_fields=missing)
    return True


def media_asset_create_video(
    *,
    post: Post,
    video: CleanVideo,
    caption: str = "",
    alt_text: str = "",
    credited_to: Person | None = None,
    position: int | None = None,
) -> MediaAsset:
    """Store an accepted video file on ``post``."""
    asset = _new_asset(
        post=post,
        kind=MediaKind.VIDEO_FILE,
        caption=caption,
        credited_to=credited_to,
        position=position,
        alt_text=alt_text.strip(),
        sha256=video.sha256,
    )
    asset.full_clean(exclude=["file", "thumbnail", "card", "large"])
    with files_rollback(), transaction.atomic():
        _store(asset.file, video.filename, video.content)
        asset.save()
    return asset


def media_asset_create_embed(
    *,
    post: Post,
    embed_url: str,
    caption: str = "",
    credited_to: Person | None = None,
    position: int | None = None,
) -> MediaAsset:
    """Attach a YouTube or Vimeo video to ``post``."""
    asset = _new_asset(
        post=post,
        kind=MediaKind.EMBED,
        caption=caption,
        credited_to=credited_to,
        position=position,
        embed_url=embed_url.strip(),
    )
    asset.full_clean()
    asset.save()
    return asset


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Remove files from storage once the current transaction has committed."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: _delete_files(names))


def media_asset_delete(*, asset: MediaAsset) -> None:
    """Delete the row, and its files once the deletion is committed."""
    names = asset.stored_files()
    asset.delete()
    delete_files_on_commit(names)


def post_delete(*, post: Post) -> None:
    """Delete a post with its media rows and every file they kept."""
    names = [name for asset in post.media.all() for name in asset.stored_files()]
    post.delete()
    delete_files_on_commit(names)


# --- Moderation ----------------------------------------------------------------
def post_transition(*, post: Post, to_status: str, actor, note: str = "") -> Post:
    """Move a post to ``to_status`` and record who did it, when, and why."""
    if post.status == to_status:
        return post
    event = ModerationEvent(
        post=post, actor=actor, from_status=post.status, to_status=to_status, note=note
    )
    post.status = to_status
    fields = ["status", "updated_at"]
    if to_status == PostStatus.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
        fields.append("published_at")
    if to_status != PostStatus.PUBLISHED and post.is_featured:
        post.is_featured = False
        fields.append("is_featured")
    if note:
        post.moderation_note = note
        fields.append("moderation_note")
    with transaction.atomic():
        post.save(update_fields=fields)
        event.save()
    return post


def post_publish(*, post: Post, actor) -> Post:
    """Make a post public (it keeps its first publication date if it had one)."""
    return post_transition(post=post, to_status=PostStatus.PUBLISHED, actor=actor)


def post_reject(*, post: Post, actor, note: str = "") -> Post:
    """Refuse a post; the note is shown to its author."""
    return post_transition(
        post=post, to_status=PostStatus.REJECTED, actor=actor, note=note
    )


def post_submit_for_review(*, post: Post, actor) -> Post:
    return post_transition(post=post, to_status=PostStatus.PENDING, actor=actor)


def posts_set_featured(*, posts, featured: bool) -> int:
    """Feature (published posts only) or unfeature many posts; returns how many."""
    if featured:
        posts = posts.filter(status=PostStatus.PUBLISHED)
    count = posts.exclude(is_featured=featured).update(is_featured=featured)
    if count:
        bump_content_version()  # a bulk update sends no save signals
    return count


def post_set_featured(*, post: Post, featured: bool) -> Post:
    """Feature or unfeature a post; only published posts can be featured."""
    if featured and post.status != PostStatus.PUBLISHED:
        raise ValidationError(
            {"is_featured": f"'{post}' is not published, so it cannot be featured."}
        )
    if post.is_featured != featured:
        post.is_featured = featured
        post.save(update_fields=["is_featured", "updated_at"])
    return post


# --- Submission ----------------------------------------------------------------


def post_create(
    *,
    author,
    production: Production,
    title: str,
    kind: str,
    phase: str,
    body: str = "",
    happened_on: datetime.date | None = None,
    source_platform: str = SourcePlatform.ORIGINAL,
    source_url: str = "",
    tags: Sequence[str] = (),
    featured_people: Sequence[Person] = (),
    crafts: Sequence[Department] = (),
    provenance: str | None = None,
) -> Post:
    """Create a post for ``production`` on behalf of ``author``.

    A crew account may only post about a production it holds a credit on: its
    post is first-hand and waits in the moderation queue. A curator's post is a
    draft with the provenance the curator gives (official by default).
    """
    if is_curator(author):
        status = PostStatus.DRAFT
        provenance = provenance or Provenance.OFFICIAL
    else:
        person = getattr(author, "person", None)
        if person is None or not person.is_credited_on(production):
            raise ValidationError(
                {
                    "production": "You can only post about productions you hold a "
                    "credit on."
                }
            )
        status = PostStatus.PENDING
        provenance = Provenance.FIRST_HAND
    post = Post(
        production=production,
        author=author,
        title=title.strip(),
        body=body,
        kind=kind,
        phase=phase,
        happened_on=happened_on or timezone.localdate(),
        source_platform=source_platform,
        source_url=source_url.strip(),
        provenance=provenance,
        status=status,
    )
    post.full_clean(exclude=["slug"])
    with transaction.atomic():
        post.save()
        post.featured_people.set(featured_people)
        post.crafts.set(crafts)
        if tags:
            post.tags.set(list(tags))
        if status == PostStatus.PENDING:
            ModerationEvent.objects.create(
                post=post,
                actor=author,
                from_status=PostStatus.DRAFT,
                to_status=PostStatus.PENDING,
            )
    return post


EDITABLE_POST_FIELDS = frozenset(
    {
        "title",
        "body",
        "kind",
        "phase",
        "happened_on",
        "source_platform",
        "source_url",
    }
)


def post_update(
    *,
    post: Post,
    editor,
    tags: Sequence[str] | None = None,
    featured_people: Sequence[Person] | None = None,
    crafts: Sequence[Department] | None = None,
    **fields,
) -> Post:
    """Change a post's content. Authors may edit until it is published."""
    if not post_can_edit(post=post, user=editor):
        raise PermissionDenied("Published posts can only be changed by curators.")
    unknown = set(fields) - EDITABLE_POST_FIELDS
    if unknown:
        raise ValidationError(
            {name: "This field cannot be changed here." for name in sorted(unknown)}
        )
    for name, value in fields.items():
        setattr(post, name, value.strip() if isinstance(value, str) else value)
    post.full_clean()
    with transaction.atomic():
        post.save()
        if featured_people is not None:
            post.featured_people.set(featured_people)
        if crafts is not None:
            post.crafts.set(crafts)
        if tags is not None:
            post.tags.set(list(tags))
        if not is_curator(editor) and post.status == PostStatus.REJECTED:
            # An author's edit of a refused post sends it back for review.
            post_transition(post=post, to_status=PostStatus.PENDING, actor=editor)
    return post


def post_can_edit(*, post: Post, user) -> bool:
    """Curators always; the author while the post is not yet published."""
    if is_curator(user):
        return True
    return (
        user is not None
        and user.is_authenticated
        and post.author_id == user.pk
        and post.status != PostStatus.PUBLISHED
    )


def post_withdraw(*, post: Post, user) -> None:
    """Delete a post (and its files) if ``user`` may: see :func:`post_can_edit`."""
    if not post_can_edit(post=post, user=user):
        raise PermissionDenied("Published posts can only be removed by curators.")
    post_delete(post=post)


def upload_quota_check(*, user, adding: int) -> None:
    """Refuse uploads past the daily quota (UPLOAD_DAILY_QUOTA); curators have none."""
    if adding <= 0 or is_curator(user):
        return
    since = timezone.now() - datetime.timedelta(days=1)
    uploaded = MediaAsset.objects.filter(
        post__author=user, created_at__gte=since
    ).count()
    quota = settings.UPLOAD_DAILY_QUOTA
    if uploaded + adding > quota:
        raise ValidationError(
            f"You can add {quota} images a day and have added {uploaded} in the last "
            "24 hours; please try again tomorrow.",
            code="upload_quota",
        )


def post_submit(*, author, images: Sequence[dict] = (), **fields) -> Post:
    """Create a post with its pictures, all or nothing.

    ``images`` holds dicts with ``image`` (a CleanImage), ``alt_text`` and
    ``credited_to``; ``fields`` are :func:`post_create`'s. If any picture fails,
    neither the post nor any stored file remains.
    """
    upload_quota_check(user=author, adding=len(images))
    with files_rollback(), transaction.atomic():
        post = post_create(author=author, **fields)
        for position, item in enumerate(images):
            media_asset_create(
                post=post,
                image=item["image"],
                alt_text=item["alt_text"],
                credited_to=item.get("credited_to"),
                position=position,
            )
    return post
