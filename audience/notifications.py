"""Telling users what happened: the notifications made for each event, as each
user chose (off, in the site only, or also by email at once or in a digest).

Events come from the layers below through their signals (see ``AudienceConfig``)
and from this layer's own services (questions and answers). A post's followers
are told when it is first public: at once for a post published without an
embargo, by ``posts_announce_due`` (run with the email batch) for one whose
embargo has ended.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from media_assets.models import Post, PostStatus
from productions.models import ClaimStatus, PersonClaim

from . import selectors
from .models import (
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    PostAnnouncement,
    Question,
)

# Posts that became public longer ago than this are not announced any more
# (e.g. when the batch had not run for weeks): old news is not news.
ANNOUNCE_WITHIN = datetime.timedelta(days=7)


# --- Preferences ------------------------------------------------------------------
def preferences_of(user) -> dict[NotificationKind, Frequency]:
    """Every kind's frequency for ``user``: their choice, else the default."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list(
            "kind", "frequency"
        )
    )
    return {
        kind: Frequency(chosen.get(kind, kind.default_frequency))
        for kind in NotificationKind
    }


def frequencies_for(
    user_ids: Iterable[int], kind: NotificationKind
) -> dict[int, Frequency]:
    """The frequency of ``kind`` for each of many users, in one query."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=user_ids, kind=kind
        ).values_list("user_id", "frequency")
    )
    return {pk: Frequency(chosen.get(pk, kind.default_frequency)) for pk in user_ids}


@transaction.atomic
def preferences_set(
    *, user, choices: dict[str, str]
) -> dict[NotificationKind, Frequency]:
    """Set the frequency of the kinds in ``choices`` (kind → frequency); the
    values must be valid (the form and serializer check them)."""
    for kind, frequency in choices.items():
        NotificationPreference.objects.update_or_create(
            user=user,
            kind=NotificationKind(kind),
            defaults={"frequency": Frequency(frequency)},
        )
    return preferences_of(user)


# --- Making notifications -------------------------------------------------------
def _send_at_once(notifications: list[Notification]) -> None:
    """Plan the emails of notifications whose users want them at once, and send
    them after the commit (in a worker when a broker is configured)."""
    if not notifications:
        return
    from .emails import email_plan_immediate, emails_send_soon

    planned = [email_plan_immediate(notification=n) for n in notifications]
    emails_send_soon([email.pk for email in planned if email is not None])


def notify_many(
    *,
    user_ids: Iterable[int],
    kind: NotificationKind,
    key: str,
    message: str,
    url: str = "",
    detail: str = "",
    post: Post | None = None,
    question: Question | None = None,
    claim: PersonClaim | None = None,
) -> list[Notification]:
    """Tell each of ``user_ids`` of one event, each as they chose; a user already
    told of it (the same ``key``) is not told again. Returns the new ones."""
    frequencies = frequencies_for(user_ids, kind)
    wanted = [pk for pk, frequency in frequencies.items() if frequency.in_site]
    if not wanted:
        return []
    already = set(
        Notification.objects.filter(user_id__in=wanted, key=key).values_list(
            "user_id", flat=True
        )
    )
    now = timezone.now()
    new = [
        Notification(
            user_id=pk,
            kind=kind,
            key=key,
            message=message[:300],
            url=url,
            detail=detail,
            post=post,
            question=question,
            claim=claim,
            created_at=now,
        )
        for pk in wanted
        if pk not in already
    ]
    with transaction.atomic():
        Notification.objects.bulk_create(new, ignore_conflicts=True)
        created = list(
            Notification.objects.filter(
                user_id__in=[n.user_id for n in new], key=key, created_at=now
            ).select_related("user")
        )
        _send_at_once(
            [n for n in created if frequencies[n.user_id] == Frequency.IMMEDIATE]
        )
    return created


def notify(*, user, kind: NotificationKind, key: str, message: str, **details):
    """Tell one user of one event (see ``notify_many``); None when they chose
    not to be told, or already were."""
    if user is None or not user.is_active:
        return None
    made = notify_many(
        user_ids=[user.pk], kind=kind, key=key, message=message, **details
    )
    return made[0] if made else None


# --- Events ----------------------------------------------------------------------
def post_announce(*, post: Post) -> int:
    """Tell the post's followers that it is public, once; returns how many were
    told. Does nothing before the post is public (an embargo still running)."""
    if not Post.objects.published().filter(pk=post.pk).exists():
        return 0
    with transaction.atomic():
        _, first_time = PostAnnouncement.objects.get_or_create(post=post)
        if not first_time:
            return 0
        followers = selectors.followers_of(post)
        if post.author_id is not None:
            followers = followers.exclude(user_id=post.author_id)
        made = notify_many(
            user_ids=followers,
            kind=NotificationKind.FOLLOWED_POST,
            key=f"post:{post.pk}:public",
            message=f"New on {post.production}: {post.title}",
            url=post.get_absolute_url(),
            post=post,
        )
    return len(made)


def posts_announce_due(*, now: datetime.datetime | None = None) -> int:
    """Announce every post that has become public and was not announced yet
    (embargoes that have ended, or an announcement a crash left undone)."""
    now = now or timezone.now()
    due = (
        Post.objects.published()
        .filter(published_at__gte=now - ANNOUNCE_WITHIN, announcement__isnull=True)
        .order_by("published_at", "pk")
    )
    told = 0
    for post in due.iterator():
        told += post_announce(post=post)
    return told


def post_status_changed(*, post: Post, from_status, to_status, note="", **_) -> None:
    """The author hears that their post was published (or approved to go public
    at its embargo's end) or rejected; followers hear of a post public now."""
    if to_status == PostStatus.PUBLISHED:
        if post.publish_at is not None and post.publish_at > timezone.now():
            moment = timezone.localtime(post.publish_at).strftime("%d %B %Y, %H:%M")
            message = f"Your post “{post.title}” is approved: it goes public {moment}."
        else:
            message = f"Your post “{post.title}” is published."
        notify(
            user=post.author,
            kind=NotificationKind.POST_REVIEWED,
            key=f"post:{post.pk}:published:{post.published_at:%Y%m%d%H%M%S}",
            message=message,
            detail=note,
            url=post.get_absolute_url(),
            post=post,
        )
        post_announce(post=post)
    elif to_status == PostStatus.REJECTED and from_status != PostStatus.REJECTED:
        notify(
            user=post.author,
            kind=NotificationKind.POST_REVIEWED,
            key=f"post:{post.pk}:rejected:{timezone.now():%Y%m%d%H%M%S%f}",
            message=f"Your post “{post.title}” was not published.",
            detail=note or post.moderation_note,
            url="/my/posts/",
            post=post,
        )


def claim_reviewed(*, claim: PersonClaim, **_) -> None:
    """The claimant hears whether they are now linked to the person."""
    if claim.status == ClaimStatus.APPROVED:
        message = (
            f"You are now linked to {claim.person}: you can post about the "
            "productions they are credited on."
        )
        url = "/contribute/"
    else:
        message = f"Your claim to be {claim.person} was not approved."
        url = claim.person.get_absolute_url()
    notify(
        user=claim.user,
        kind=NotificationKind.CLAIM_REVIEWED,
        key=f"claim:{claim.pk}:{claim.status}",
        message=message,
        detail=claim.review_note,
        url=url,
        claim=claim,
    )


def question_asked(*, question: Question, recipients: Iterable) -> list[Notification]:
    """The post's author (and the other ``recipients`` who may answer) hear of a
    new question."""
    post = question.post
    return notify_many(
        user_ids=[user.pk for user in recipients if user.pk != question.asker_id],
        kind=NotificationKind.QUESTION,
        key=f"question:{question.pk}:asked",
        message=f"A question on “{post.title}”",
        detail=question.body,
        url=f"{post.get_absolute_url()}#question-{question.pk}",
        post=post,
        question=question,
    )


def question_answered(*, question: Question) -> Notification | None:
    """The asker hears that their question has an answer."""
    post = question.post
    return notify(
        user=question.asker,
        kind=NotificationKind.ANSWER,
        key=f"question:{question.pk}:answered",
        message=f"Your question on “{post.title}” has an answer.",
        detail=question.answer.body,
        url=f"{post.get_absolute_url()}#question-{question.pk}",
        post=post,
        question=question,
    )


# --- Reading them -------------------------------------------------------------------
def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (all of them, or those of ``ids``);
    returns how many changed."""
    unread = Notification.objects.of_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
