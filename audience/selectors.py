"""Reads of the audience side: a user's follows and the posts they bring."""

from django.db import models
from django.db.models import Q

from media_assets.models import Post, PostQuerySet
from productions.models import Person

from .models import (
    FeedToken,
    Follow,
    FollowKind,
    FollowQuerySet,
    Notification,
    NotificationQuerySet,
    VerifiedEmail,
)


def follows_of(user) -> FollowQuerySet:
    """The user's follows with what they follow, the newest first."""
    return Follow.objects.of_user(user).with_targets().newest_first()


def follow_of(user, target: models.Model) -> Follow | None:
    """The user's follow of ``target``, if any (None for anonymous visitors)."""
    if not user.is_authenticated:
        return None
    return Follow.objects.of_user(user).of_target(target).first()


def followed_ids(user) -> dict[FollowKind, list[int]]:
    """The ids of what the user follows, by kind, in one query; a kind the user
    follows nothing of is left out (so an empty dict: nothing followed)."""
    followed: dict[FollowKind, list[int]] = {}
    kinds = list(FollowKind)
    rows = Follow.objects.of_user(user).values_list(*(f"{k}_id" for k in kinds))
    for row in rows:
        for kind, pk in zip(kinds, row, strict=True):
            if pk is not None:
                followed.setdefault(kind, []).append(pk)
    return followed


def followed_posts(
    user, followed: dict | None = None, *, newest: int | None = None
) -> PostQuerySet:
    """Published posts about what the user follows, newest first, each once.

    A post comes in through its production, the people it features (or whose
    crew account wrote it), the crafts it shows or its tags: one part per kind
    the user follows (``followed``, from ``followed_ids``), each a list of the
    ids of published posts, read through its own index, so that no join
    multiplies the rows and nothing needs DISTINCT. The followed ids are written
    into the query, so the database knows how many posts each part brings: a
    few productions' posts are fetched by id. The outer query has no filter of
    its own, or the database would rather read every published post and keep
    those that match even when a handful do.

    All of a big craft's or tag's posts are still read to make the union. A
    page needs only the ``newest`` of them, though: with ``newest``, each part
    is its newest that many (a walk down the published posts' index that stops
    there), and the union holds at most that many posts a part. What it returns
    is then the same as without, as far as the ``newest`` first.
    """
    if followed is None:
        followed = followed_ids(user)
    published = Post.objects.published().order_by()
    parts = []
    if productions := followed.get(FollowKind.PRODUCTION):
        parts.append(published.filter(production__in=productions))
    if people := followed.get(FollowKind.PERSON):
        parts.append(published.featuring(people))
        accounts = Person.objects.filter(pk__in=people, user__isnull=False)
        parts.append(published.filter(author__in=accounts.values("user_id")))
    if crafts := followed.get(FollowKind.CRAFT):
        parts.append(published.showing_craft(crafts))
    if tags := followed.get(FollowKind.TAG):
        parts.append(published.tagged(tags))
    if not parts:
        return Post.objects.none()
    if newest is not None:
        # Each part's LIMIT inside an IN: SQLite allows no LIMIT in a UNION's parts.
        parts = [
            Post.objects.filter(pk__in=part.latest().values("pk")[:newest]).order_by()
            for part in parts
        ]
    first, *others = (part.values("pk") for part in parts)
    matching = first.union(*others) if others else first
    return Post.objects.filter(pk__in=matching).latest()


def feed_for(user) -> PostQuerySet:
    """The personal feed as whole posts (the API's and the Atom feed's), in a
    fixed number of queries however many posts there are."""
    return followed_posts(user).for_display()


def feed_token_of(user) -> FeedToken | None:
    return FeedToken.objects.filter(user=user).first()


def feed_token_owner(key: str):
    """The user whose private feed address has ``key``, or None."""
    token = FeedToken.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return None
    return token.user


def followers_of(post: Post) -> models.QuerySet:
    """The ids of the users who follow anything the post is about (its
    production, the people it features or whose account wrote it, its crafts
    or its tags), each once."""
    people = Q(person__in=post.featured_people.values("pk"))
    if post.author_id is not None:
        people |= Q(person__user_id=post.author_id)
    about = (
        Q(production_id=post.production_id)
        | people
        | Q(craft__in=post.crafts.values("pk"))
        | Q(tag__in=post.tags.values("pk"))
    )
    return Follow.objects.filter(about).values_list("user_id", flat=True).distinct()


# --- Notifications ----------------------------------------------------------------
def notifications_of(user) -> NotificationQuerySet:
    """The user's notifications, the newest first (one query per page: nothing
    they show needs another row)."""
    return Notification.objects.of_user(user).newest_first()


def unread_notifications_count(user) -> int:
    """How many of the user's notifications are unread (0 for anonymous visitors)."""
    if not user.is_authenticated:
        return 0
    return notifications_of(user).unread().count()


def email_verified(user) -> bool:
    """Whether email may go to the user's current address (they proved it)."""
    verified = VerifiedEmail.objects.filter(user=user).first()
    return verified is not None and verified.covers(user)


def questions_for(post: Post, user, *, can_answer: bool = False) -> list:
    """The questions on ``post`` that ``user`` may see, the oldest first, in one
    query: the answered ones (not hidden) for everyone, the user's own whatever
    their state, and the unanswered ones for those who can answer (``can_answer``,
    see ``audience.questions.post_can_answer``).

    Each question has ``shown_answer``: its answer, or None while there is none
    to show (a curator may hide an answer).
    """
    from .models import Question

    shown = Q(is_hidden=False, answer__isnull=False, answer__is_hidden=False)
    if user.is_authenticated:
        shown |= Q(asker=user)
        if can_answer:
            shown |= Q(is_hidden=False, answer__isnull=True)
    questions = list(
        Question.objects.filter(post=post)
        .filter(shown)
        .select_related("answer__person", "answer__author")
        .order_by("created_at", "id")
    )
    for question in questions:
        answer = getattr(question, "answer", None)
        question.shown_answer = None if answer is None or answer.is_hidden else answer
        question.is_own = user.is_authenticated and question.asker_id == user.pk
    return questions
