"""Writes to posts and media: storing uploads, moderation transitions, deletion.

Every function here either finishes completely or leaves nothing behind: rows
are written in a transaction and files written before a failure are removed.
"""

import datetime
import tempfile
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bts_catalog.caching import bump_content_version, record_embargo_lifts
from bts_catalog.captions import CleanCaptions, language_label, validate_language
from bts_catalog.files import (
    delete_files_on_commit,
    files_rollback,
    store_file,
    stored_files,
)
from bts_catalog.images import CleanImage
from bts_catalog.renditions import Renditions, make_crops, make_renditions
from bts_catalog.roles import is_curator
from bts_catalog.videos import CleanVideo, copy_to_disk, transcode
from productions.models import (
    Department,
    Episode,
    GameVersion,
    Performance,
    Person,
    PersonQuerySet,
    Production,
    Run,
)

from .models import (
    CAPTURE_FIELDS,
    CROP_FIELDS,
    RENDITION_FIELDS,
    Caption,
    ImageRendition,
    MediaAsset,
    MediaKind,
    MediaStatus,
    ModerationEvent,
    Post,
    PostStatus,
    Provenance,
    RenditionsDue,
    SourcePlatform,
    VideoRendition,
)
from .search_text import schedule_refresh
from .signals import post_status_changed


def _next_position(post: Post) -> int:
    highest = post.media.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


# --- Whom a crew member may name ---------------------------------------------------
def people_in_scope(user) -> PersonQuerySet:
    """The people ``user`` may feature in a post or credit for a picture: curators
    anyone; a crew member everyone credited on a production they worked on. People
    merged into another are never offered."""
    if is_curator(user):
        return Person.objects.current()
    person = getattr(user, "person", None) if user is not None else None
    if person is None:
        return Person.objects.none()
    return Person.objects.worked_with(person)


def _check_people_in_scope(user, field: str, people: Sequence[Person]) -> None:
    if user is None or is_curator(user) or not people:
        return
    allowed = set(
        people_in_scope(user)
        .filter(pk__in=[person.pk for person in people])
        .values_list("pk", flat=True)
    )
    outside = [person.name for person in people if person.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                field: f"{', '.join(sorted(outside))} did not work with you on any "
                "of your productions; you can only name people credited beside you."
            }
        )


# --- Media -------------------------------------------------------------------------
def media_asset_add(
    *,
    post: Post,
    actor,
    upload: CleanImage | CleanVideo | None = None,
    embed_url: str = "",
    alt_text: str = "",
    caption: str = "",
    credited_to: Person | None = None,
    position: int | None = None,
    renditions: Renditions | None = None,
    focal_point: tuple[float, float] | None = None,
    projection: str | None = None,
    capture_public: bool = True,
) -> MediaAsset:
    """Add one medium to ``post``: an accepted image or video file (``upload``,
    from :mod:`bts_catalog.uploads`) or a link to embed (``embed_url``, see
    :mod:`media_assets.embeds`).

    ``actor`` is who adds it (None: the system, e.g. the demo seeder): a crew
    member may only credit people who worked with them and is held to the daily
    upload quota. An image gets its renditions here, or, when a Celery broker is
    configured, in a worker once the row is committed; ``renditions`` takes what
    :func:`make_renditions` returned, for callers that store one picture often.
    An image keeps its capture details ("shot on", shown unless ``capture_public``
    is false) and its projection: a 360° panorama if its metadata says so or
    ``projection`` does. If anything fails, no row and no file remain.
    """
    if isinstance(upload, CleanImage):
        kind = MediaKind.IMAGE
    elif isinstance(upload, CleanVideo):
        kind = MediaKind.VIDEO_FILE
    elif upload is None:
        kind = MediaKind.EMBED
    else:
        raise TypeError(f"Not an accepted upload: {upload!r}")
    if credited_to is not None:
        _check_people_in_scope(actor, "credited_to", [credited_to])
    asset = MediaAsset(
        post=post,
        kind=kind,
        caption=caption.strip(),
        alt_text=alt_text.strip(),
        credited_to=credited_to,
        embed_url=embed_url.strip() if kind == MediaKind.EMBED else "",
        position=_next_position(post) if position is None else position,
    )
    if kind == MediaKind.EMBED:
        asset.full_clean()
        asset.save()
        return asset
    asset.sha256 = upload.sha256
    asset.width, asset.height = upload.width, upload.height
    if kind == MediaKind.IMAGE:
        for name, value in upload.capture.as_dict().items():
            setattr(asset, name, value)
        asset.capture_public = capture_public
        asset.projection = projection or upload.projection.kind
        asset.panorama = upload.projection.details
        if focal_point is not None:
            asset.focal_x, asset.focal_y = focal_point
    if kind == MediaKind.VIDEO_FILE:
        asset.status = MediaStatus.PROCESSING
        asset.duration_seconds = upload.duration
    asset.full_clean(exclude=["file", "source", *RENDITION_FIELDS])
    if actor is not None:
        upload_quota_check(user=actor, adding=1)
    in_background = (
        kind == MediaKind.IMAGE
        and renditions is None
        and bool(settings.CELERY_BROKER_URL)
    )
    if kind == MediaKind.IMAGE and renditions is None and not in_background:
        renditions = make_renditions(
            upload, focal=asset.focal_point, projection=asset.projection
        )
    with files_rollback(), transaction.atomic():
        if kind == MediaKind.IMAGE:
            stem = upload.filename.rsplit(".", 1)[0]
            store_file(asset.file, f"{stem}{upload.extension}", upload.content)
            if renditions is not None:
                _set_renditions(asset, stem, renditions)
        else:
            with upload.open() as video:
                store_file(asset.source, upload.filename, File(video))
        asset.save()
        if renditions is not None:
            _save_sources(asset, stem, renditions)
        if in_background:
            from .tasks import make_asset_renditions

            transaction.on_commit(lambda: make_asset_renditions.delay(asset.pk))
        if kind == MediaKind.VIDEO_FILE:
            transaction.on_commit(lambda: _process_video(asset.pk))
    return asset


def _process_video(asset_id: int) -> None:
    """Transcode a new video: in a worker when a broker is configured, else at once
    (the request that stored it waits, and a failure is shown at once)."""
    if settings.CELERY_BROKER_URL:
        from .tasks import transcode_video

        transcode_video.delay(asset_id)
        return
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is None:
        return
    try:
        media_asset_transcode(asset=asset)
    except Exception as error:  # noqa: BLE001 - recorded and shown, not raised
        media_asset_mark_failed(asset=asset, reason=error)


def media_asset_transcode(*, asset: MediaAsset) -> bool:
    """Make a video's playable MP4s and poster from its private original.

    Idempotent: a video that is ready is left alone (returns False). Raises when
    the original cannot be decoded; the caller decides whether to try again (the
    Celery task does, then marks it failed). Whatever happens, no file is left
    half-written: renditions are stored and recorded in one transaction.
    """
    asset = MediaAsset.objects.get(pk=asset.pk)
    if asset.kind != MediaKind.VIDEO_FILE or asset.status == MediaStatus.READY:
        return False
    with tempfile.TemporaryDirectory(prefix="bts-transcode-") as workdir:
        result = transcode(copy_to_disk(asset.source, workdir), workdir)
        stem = asset.source.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        with files_rollback(), transaction.atomic():
            asset = MediaAsset.objects.select_for_update().get(pk=asset.pk)
            asset.video_sources.all().delete()
            for made in result.renditions:
                rendition = VideoRendition(
                    asset=asset,
                    label=made.label,
                    width=made.width,
                    height=made.height,
                    size_bytes=made.size,
                )
                with open(made.path, "rb") as video:
                    store_file(rendition.file, f"{stem}-{made.label}.mp4", File(video))
                rendition.save()
            replaced = stored_files(asset, ["poster", "poster_jpeg"])
            store_file(asset.poster, f"{stem}-poster.webp", result.poster_webp)
            store_file(asset.poster_jpeg, f"{stem}-poster.jpg", result.poster_jpeg)
            asset.poster_width = result.poster_width
            asset.poster_height = result.poster_height
            asset.duration_seconds = round(result.duration, 3)
            asset.status = MediaStatus.READY
            asset.processing_error = ""
            asset.save(
                update_fields=[
                    "poster",
                    "poster_jpeg",
                    "poster_width",
                    "poster_height",
                    "duration_seconds",
                    "status",
                    "processing_error",
                ]
            )
            delete_files_on_commit(replaced)
    return True


# --- Captions ----------------------------------------------------------------------
def caption_add(
    *,
    asset: MediaAsset,
    user,
    captions: CleanCaptions,
    language: str,
    label: str = "",
) -> Caption:
    """Attach captions in one language to a video file (its author until the post
    is published, and curators; None: the system, e.g. the demo seeder). Their text
    joins the post's search text."""
    if user is not None and not post_can_edit(post=asset.post, user=user):
        raise PermissionDenied(
            "Only the post's author (until it is published) and curators can add "
            "captions."
        )
    if asset.kind != MediaKind.VIDEO_FILE:
        raise ValidationError({"file": "Only video files have captions."})
    language = validate_language(language)
    caption = Caption(
        asset=asset,
        language=language,
        label=label.strip() or language_label(language),
        transcript=captions.transcript,
    )
    caption.full_clean(exclude=["file"])
    stem = asset.source.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "captions"
    with files_rollback(), transaction.atomic():
        store_file(caption.file, f"{stem}-{language}.vtt", captions.content)
        caption.save()
        schedule_refresh([asset.post_id])
    return caption


def caption_delete(*, caption: Caption, user) -> None:
    if not post_can_edit(post=caption.asset.post, user=user):
        raise PermissionDenied(
            "Only the post's author (until it is published) and curators can remove "
            "captions."
        )
    post_id = caption.asset.post_id
    with transaction.atomic():
        caption.delete()
        schedule_refresh([post_id])


def media_asset_reprocess(*, asset: MediaAsset) -> None:
    """Process a video that failed (or never finished) again from its original."""
    if asset.kind != MediaKind.VIDEO_FILE or not asset.source:
        raise ValidationError("Only video files with their original can be processed.")
    MediaAsset.objects.filter(pk=asset.pk).update(
        status=MediaStatus.PROCESSING, processing_error=""
    )
    transaction.on_commit(lambda: _process_video(asset.pk))


def media_asset_mark_failed(*, asset: MediaAsset, reason) -> None:
    """Record why a video could not be processed; its author and the curators see
    the reason."""
    message = str(reason).strip() or type(reason).__name__
    MediaAsset.objects.filter(pk=asset.pk).update(
        status=MediaStatus.FAILED,
        processing_error=f"This video could not be processed: {message}"[:2000],
    )
    bump_content_version()  # an update() sends no save signal


def _stem(asset: MediaAsset) -> str:
    return asset.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def _set_renditions(asset: MediaAsset, stem: str, renditions: Renditions) -> None:
    """Store the crops and the placeholder on ``asset`` (not saved yet)."""
    for name, content in renditions.crops.items():
        store_file(getattr(asset, name), f"{stem}-{name}.webp", content)
    asset.placeholder = renditions.placeholder


def _save_sources(asset: MediaAsset, stem: str, renditions: Renditions) -> None:
    """Store the sizes of a saved ``asset`` as ImageRendition rows."""
    for source in renditions.sources:
        rendition = ImageRendition(
            asset=asset,
            format=source.format,
            width=source.width,
            height=source.height,
            size_bytes=len(source.content),
        )
        store_file(
            rendition.file,
            f"{stem}-{source.width}{source.extension}",
            source.content,
        )
        rendition.save()


def _read_original(asset: MediaAsset) -> bytes:
    with asset.file.open("rb") as original:
        return original.read()


def media_asset_add_renditions(*, asset: MediaAsset) -> bool:
    """Make an image's renditions from its stored original: the ones it lacks, or
    those its new focal point or projection asks for (``renditions_due``).

    A new focal point makes the thumbnail and card again (nothing else changes),
    a new projection every size. With nothing missing or due, nothing is done
    (returns False), so running it again is safe. The files it replaces go once
    the new ones are committed.
    """
    asset = MediaAsset.objects.get(pk=asset.pk)
    if asset.kind != MediaKind.IMAGE or not asset.file:
        return False
    missing = [name for name in RENDITION_FIELDS if not getattr(asset, name)]
    due = asset.renditions_due
    has_sources = asset.image_sources.exists()
    if not missing and not due and has_sources:
        return False
    crops_only = (
        due != RenditionsDue.ALL and set(missing) <= set(CROP_FIELDS) and has_sources
    )
    # A new focal point makes both crops again; otherwise only what is missing.
    crop_names = CROP_FIELDS if due == RenditionsDue.CROPS else missing
    content = _read_original(asset)
    stem = _stem(asset)
    with files_rollback(), transaction.atomic():
        asset = MediaAsset.objects.select_for_update().get(pk=asset.pk)
        if crops_only:
            replaced = stored_files(asset, crop_names)
            crops = make_crops(content, focal=asset.focal_point)
            for name in crop_names:
                store_file(getattr(asset, name), f"{stem}-{name}.webp", crops[name])
            fields = [*crop_names]
        else:
            renditions = make_renditions(
                content, focal=asset.focal_point, projection=asset.projection
            )
            replaced = stored_files(asset, RENDITION_FIELDS)
            old_sources = list(asset.image_sources.all())
            for source in old_sources:
                replaced += stored_files(source, ["file"])
            ImageRendition.objects.filter(
                pk__in=[source.pk for source in old_sources]
            ).delete()
            _set_renditions(asset, stem, renditions)
            _save_sources(asset, stem, renditions)
            fields = [*RENDITION_FIELDS, "placeholder"]
        asset.renditions_due = ""
        asset.save(update_fields=[*fields, "renditions_due"])
        delete_files_on_commit(replaced)
    return True


def _render_image(asset_id: int) -> None:
    """Make an image's renditions again: in a worker when a broker is configured,
    else at once."""
    if settings.CELERY_BROKER_URL:
        from .tasks import make_asset_renditions

        make_asset_renditions.delay(asset_id)
        return
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is not None:
        media_asset_add_renditions(asset=asset)


UNSET = object()
EDITABLE_MEDIA_FIELDS = frozenset(
    {"alt_text", "caption", "capture_public", "is_spoiler"}
)


def media_asset_update(
    *,
    asset: MediaAsset,
    user,
    focal_point: tuple[float, float] | None = None,
    projection: str | None = None,
    after_of=UNSET,
    capture: dict | None = None,
    credited_to=UNSET,
    **fields,
) -> MediaAsset:
    """Change what is said of a medium, by its post's author (until the post is
    published) or a curator (None: the system, e.g. the demo seeder): alt text,
    caption, who made it, whether it gives the story away, and for a picture its
    focal point, its capture details and whether they are shown, its projection
    and the picture it is the "after" of.

    A new focal point makes the crops again, a new projection every rendition
    (after the change is committed, in a worker when a broker is configured).
    """
    if user is not None and not post_can_edit(post=asset.post, user=user):
        raise PermissionDenied(
            "Only the post's author (until it is published) and curators can change "
            "its media."
        )
    unknown = set(fields) - EDITABLE_MEDIA_FIELDS
    if unknown:
        raise ValidationError(
            {name: "This field cannot be changed here." for name in sorted(unknown)}
        )
    is_image = asset.kind == MediaKind.IMAGE
    picture_only = {
        "focal_point": focal_point,
        "projection": projection,
        "capture": capture,
        "capture_public": fields.get("capture_public"),
    }
    if after_of is not UNSET:
        picture_only["after_of"] = after_of
    for name, value in picture_only.items():
        if value is not None and not is_image:
            raise ValidationError({name: "Only pictures have this."})
    for name, value in fields.items():
        setattr(asset, name, value.strip() if isinstance(value, str) else value)
    if credited_to is not UNSET:
        if credited_to is not None:
            _check_people_in_scope(user, "credited_to", [credited_to])
        asset.credited_to = credited_to
    refocused = focal_point is not None and tuple(focal_point) != asset.focal_point
    if focal_point is not None:
        asset.focal_x, asset.focal_y = (float(value) for value in focal_point)
    reprojected = projection is not None and projection != asset.projection
    if projection is not None:
        asset.projection = projection
    for name, value in (capture or {}).items():
        if name not in CAPTURE_FIELDS:
            raise ValidationError({"capture": f"“{name}” is not a capture detail."})
        setattr(asset, name, value if value is not None or name in _NULLABLE else "")
    if after_of is not UNSET:
        asset.after_of = after_of
    asset.full_clean(exclude=["file", "source", *RENDITION_FIELDS])
    if reprojected:
        asset.renditions_due = RenditionsDue.ALL
    elif refocused and asset.renditions_due != RenditionsDue.ALL:
        asset.renditions_due = RenditionsDue.CROPS
    with transaction.atomic():
        asset.save()
        if reprojected or refocused:
            asset_id = asset.pk
            transaction.on_commit(lambda: _render_image(asset_id))
    return asset


_NULLABLE = frozenset({"taken_at", "focal_length_mm", "aperture", "iso"})


def media_asset_delete(*, asset: MediaAsset, user) -> None:
    """Delete a medium if ``user`` may edit its post (see :func:`post_can_edit`);
    its files go once the deletion commits."""
    if not post_can_edit(post=asset.post, user=user):
        raise PermissionDenied(
            "Only the post's author (until it is published) and curators can "
            "remove media."
        )
    asset.delete()


# --- Moderation ----------------------------------------------------------------
def post_transition(
    *,
    post: Post,
    to_status: str,
    actor,
    note: str = "",
    publish_at: datetime.datetime | None = None,
) -> Post:
    """Move a post to ``to_status`` and record who did it, when, and why.

    A post published with ``publish_at`` is embargoed: approved now, public from
    that moment (which must be in the future), and dated by it.
    """
    if publish_at is not None:
        if to_status != PostStatus.PUBLISHED:
            raise ValidationError(
                {"publish_at": "Only a post being published can be embargoed."}
            )
        if publish_at <= timezone.now():
            raise ValidationError({"publish_at": "The embargo must end in the future."})
        if post.status == PostStatus.PUBLISHED:
            raise ValidationError(
                {"publish_at": "The post is already published: it cannot be embargoed."}
            )
    if post.status == to_status:
        return post
    recorded = note
    if publish_at is not None:
        moment = timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M %Z")
        recorded = f"{note}\n\nEmbargoed until {moment}.".strip()
    event = ModerationEvent(
        post=post,
        actor=actor,
        from_status=post.status,
        to_status=to_status,
        note=recorded,
    )
    embargo_changes = post.publish_at is not None or publish_at is not None
    post.status = to_status
    fields = ["status", "updated_at"]
    if to_status == PostStatus.PUBLISHED:
        if publish_at is not None:
            post.published_at = publish_at
        elif post.published_at is None or post.published_at > timezone.now():
            # A post first dated by an embargo it never got past starts afresh.
            post.published_at = timezone.now()
        post.publish_at = publish_at
        fields += ["published_at", "publish_at"]
    if to_status != PostStatus.PUBLISHED and post.is_featured:
        post.is_featured = False
        fields.append("is_featured")
    if note:
        post.moderation_note = note
        fields.append("moderation_note")
    with transaction.atomic():
        post.save(update_fields=fields)
        event.save()
        if embargo_changes:
            # Before the commit: a page made from then on is kept no longer than
            # the moment this post goes public.
            embargo_lifts_refresh()
        post_status_changed.send(
            sender=Post,
            post=post,
            from_status=event.from_status,
            to_status=to_status,
            actor=actor,
            note=note,
        )
    return post


def embargo_lifts_refresh() -> None:
    """Tell the page cache when the embargoes still pending end, so that no page
    it keeps outlives the next one (see bts_catalog.caching)."""
    record_embargo_lifts(
        Post.objects.embargoed()
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
    )
    bump_content_version()  # pages stored before the record was made go too


def post_publish(
    *, post: Post, actor, publish_at: datetime.datetime | None = None
) -> Post:
    """Make a post public (it keeps its first publication date if it had one), or,
    with ``publish_at``, approve it to go public at that moment."""
    return post_transition(
        post=post, to_status=PostStatus.PUBLISHED, actor=actor, publish_at=publish_at
    )


def post_reject(*, post: Post, actor, note: str = "") -> Post:
    """Refuse a post; the note is shown to its author."""
    return post_transition(
        post=post, to_status=PostStatus.REJECTED, actor=actor, note=note
    )


def posts_set_featured(*, posts, featured: bool) -> int:
    """Feature (published posts only) or unfeature many posts; returns how many."""
    if featured:
        posts = posts.published()
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


def _captured_on(media: Sequence[dict]) -> datetime.date | None:
    """The day the earliest of these pictures was taken, if a camera said."""
    moments = [
        item["upload"].capture.taken_at
        for item in media
        if isinstance(item.get("upload"), CleanImage)
        and item["upload"].capture.taken_at is not None
    ]
    return timezone.localdate(min(moments)) if moments else None


def _files_in(media: Sequence[dict]) -> int:
    return sum(1 for item in media if item.get("upload") is not None)


def _add_media(post: Post, actor, media: Sequence[dict]) -> None:
    """Add each of ``media`` (:func:`media_asset_add`'s keywords, and for a video
    ``captions``: (CleanCaptions, language, label) triples) after the post's last
    medium, all of them or, in the caller's transaction, none."""
    start = _next_position(post)
    for offset, item in enumerate(media):
        fields = dict(item)
        captions = fields.pop("captions", ())
        asset = media_asset_add(
            post=post, actor=actor, position=start + offset, **fields
        )
        for clean, language, label in captions:
            caption_add(
                asset=asset, user=actor, captions=clean, language=language, label=label
            )


def post_submit(
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
    media: Sequence[dict] = (),
    episode: Episode | None = None,
    run: Run | None = None,
    performance: Performance | None = None,
    version: GameVersion | None = None,
    is_spoiler: bool = False,
    spoils_until: datetime.date | None = None,
) -> Post:
    """Create a post for ``production`` on behalf of ``author``, with its media.

    A crew account may only post about a production it holds a credit on, and
    feature or credit only people who worked with it: its post is first-hand and
    waits in the moderation queue. A curator's post is a draft with the
    provenance the curator gives (official by default). ``media`` holds
    :func:`media_asset_add`'s keywords for each medium. Without ``happened_on``,
    the post is dated the day its earliest picture was taken (as its camera
    recorded it), else today. All or nothing: if any part fails, neither the post
    nor any stored file remains.
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
        if provenance is not None:
            raise ValidationError({"provenance": PROVENANCE_IS_CURATORS})
        status = PostStatus.PENDING
        provenance = Provenance.FIRST_HAND
    _check_people_in_scope(author, "featured_people", featured_people)
    upload_quota_check(user=author, adding=_files_in(media))
    post = Post(
        production=production,
        author=author,
        title=title.strip(),
        body=body,
        kind=kind,
        phase=phase,
        happened_on=happened_on or _captured_on(media) or timezone.localdate(),
        source_platform=source_platform,
        source_url=source_url.strip(),
        provenance=provenance,
        status=status,
        episode=episode,
        run=run,
        performance=performance,
        version=version,
        is_spoiler=is_spoiler,
        spoils_until=spoils_until,
    )
    post.full_clean(exclude=["slug"])
    with files_rollback(), transaction.atomic():
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
        _add_media(post, author, media)
    return post


PROVENANCE_IS_CURATORS = (
    "Provenance is set for you: posts by credited crew are first-hand; only "
    "curators change it."
)
EDITABLE_POST_FIELDS = frozenset(
    {
        "title",
        "body",
        "kind",
        "phase",
        "happened_on",
        "source_platform",
        "source_url",
        # Whether it gives the story away, and until when (Post.clean_spoiler).
        "is_spoiler",
        "spoils_until",
        # What part of the production it is about (Post.clean_anchor checks it).
        "episode",
        "run",
        "performance",
        "version",
    }
)


def post_revise(
    *,
    post: Post,
    editor,
    tags: Sequence[str] | None = None,
    featured_people: Sequence[Person] | None = None,
    crafts: Sequence[Department] | None = None,
    provenance: str | None = None,
    media: Sequence[dict] = (),
    **fields,
) -> Post:
    """Change a post's content and add new media, all or nothing.

    Authors may revise their post until it is published (an author's revision of
    a rejected post sends it back for review); curators always, and only they
    change its provenance. The same rules on people and uploads hold as in
    :func:`post_submit`.
    """
    if not post_can_edit(post=post, user=editor):
        raise PermissionDenied("Published posts can only be changed by curators.")
    unknown = set(fields) - EDITABLE_POST_FIELDS
    if unknown:
        raise ValidationError(
            {name: "This field cannot be changed here." for name in sorted(unknown)}
        )
    if provenance is not None and provenance != post.provenance:
        if not is_curator(editor):
            raise ValidationError({"provenance": PROVENANCE_IS_CURATORS})
        post.provenance = provenance
    if featured_people is not None:
        _check_people_in_scope(editor, "featured_people", featured_people)
    upload_quota_check(user=editor, adding=_files_in(media))
    for name, value in fields.items():
        setattr(post, name, value.strip() if isinstance(value, str) else value)
    post.full_clean()
    with files_rollback(), transaction.atomic():
        post.save()
        if featured_people is not None:
            post.featured_people.set(featured_people)
        if crafts is not None:
            post.crafts.set(crafts)
        if tags is not None:
            post.tags.set(list(tags))
        _add_media(post, editor, media)
        if not is_curator(editor) and post.status == PostStatus.REJECTED:
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
    """Delete a post if ``user`` may (see :func:`post_can_edit`); its media rows
    and every file they keep go with it once the deletion commits."""
    if not post_can_edit(post=post, user=user):
        raise PermissionDenied("Published posts can only be removed by curators.")
    post.delete()
