"""A user's own account: everything the site holds about them, as one export, and
the deletion of the account with what it leaves behind."""

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Prefetch
from django.utils import timezone

from bts_catalog.caching import bump_content_version
from media_assets.models import MediaAsset, Post, PostStatus
from media_assets.services import embargo_lifts_refresh
from productions.models import Person, PersonClaim

from .models import (
    Answer,
    Applause,
    FeedToken,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboundEmail,
    Question,
    QuestionReport,
    SeenProduction,
    VerifiedEmail,
)
from .selectors import follows_of

EXPORT_FORMAT = "bts-catalog-account-export"
EXPORT_VERSION = 1

# Turns a site path into the address given in the export (absolute in a request).
Absolute = Callable[[str], str]


class AuthoredPosts(models.TextChoices):
    """What becomes of a deleted account's published posts and answers."""

    KEEP = "keep", "Keep them on the site, with the author shown as removed"
    DELETE = "delete", "Delete them, with their pictures and videos"


def account_can_be_deleted(user) -> bool:
    """Staff and superuser accounts are managed in admin, not by their owners."""
    return not (user.is_staff or user.is_superuser)


STAFF_REFUSAL = (
    "Staff and superuser accounts cannot be deleted from here: a superuser "
    "removes them in admin."
)


def _when(moment: datetime.datetime | datetime.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _link(row: models.Model, name: str, absolute: Absolute) -> dict:
    return {"name": name, "url": absolute(row.get_absolute_url())}


def _person(person: Person, absolute: Absolute) -> dict:
    return {
        "name": person.name,
        "slug": person.slug,
        "url": absolute(person.get_absolute_url()),
    }


def _file_url(field_file, absolute: Absolute) -> str | None:
    return absolute(field_file.url) if field_file else None


def _answer(answer: Answer) -> dict:
    return {
        "body": answer.body,
        "created_at": _when(answer.created_at),
        "by_credited_crew": answer.by_credited_crew,
        "hidden": answer.is_hidden,
    }


def _account(user) -> dict:
    verified = VerifiedEmail.objects.filter(user=user).first()
    return {
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "verified_email": (
            {"email": verified.email, "verified_at": _when(verified.verified_at)}
            if verified is not None
            else None
        ),
    }


def _notification_preferences(user) -> list[dict]:
    """Every kind with the frequency in force: the user's choice or the default."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list(
            "kind", "frequency"
        )
    )
    return [
        {
            "kind": kind.value,
            "frequency": chosen.get(kind.value, kind.default_frequency.value),
            "chosen": kind.value in chosen,
        }
        for kind in NotificationKind
    ]


def _posts(user, absolute: Absolute) -> list[dict]:
    posts = (
        Post.objects.filter(author=user)
        .select_related("production")
        .prefetch_related(
            Prefetch("media", queryset=MediaAsset.objects.order_by("position", "id"))
        )
        .order_by("created_at", "id")
    )
    return [
        {
            "title": post.title,
            "slug": post.slug,
            "url": absolute(post.get_absolute_url()),
            "status": post.status,
            "kind": post.kind,
            "phase": post.phase,
            "provenance": post.provenance,
            "production": _link(post.production, post.production.title, absolute),
            "body": post.body,
            "happened_on": _when(post.happened_on),
            "created_at": _when(post.created_at),
            "updated_at": _when(post.updated_at),
            "published_at": _when(post.published_at),
            "publish_at": _when(post.publish_at),
            "media": [
                {
                    "kind": asset.kind,
                    "caption": asset.caption,
                    "alt_text": asset.alt_text,
                    "file_url": _file_url(asset.file, absolute),
                    "embed_url": asset.embed_url or None,
                }
                for asset in post.media.all()
            ],
        }
        for post in posts
    ]


def account_export(*, user, absolute: Absolute = str) -> dict:
    """Everything the site holds about ``user``, ready for ``json.dumps``.

    ``absolute`` turns the site's paths into full addresses (a request's
    ``build_absolute_uri``). The number of queries does not grow with the rows.
    """
    person = Person.objects.filter(user=user).first()
    feed_token = FeedToken.objects.filter(user=user).first()
    claims = PersonClaim.objects.filter(user=user).select_related("person")
    applause = Applause.objects.filter(user=user).select_related("post")
    seen = SeenProduction.objects.filter(user=user).select_related("production")
    notifications = Notification.objects.of_user(user).newest_first()
    emails = OutboundEmail.objects.filter(user=user).order_by("-created_at", "-id")
    questions = Question.objects.filter(asker=user).select_related("post", "answer")
    answers = Answer.objects.filter(author=user).select_related("question__post")
    reports = QuestionReport.objects.filter(reporter=user).select_related(
        "question__post"
    )
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _when(timezone.now()),
        "account": _account(user),
        "person": _person(person, absolute) if person is not None else None,
        "person_claims": [
            {
                "person": _person(claim.person, absolute),
                "status": claim.status,
                "message": claim.message,
                "created_at": _when(claim.created_at),
                "reviewed_at": _when(claim.reviewed_at),
                "review_note": claim.review_note,
            }
            for claim in claims
        ],
        "follows": [
            {
                "kind": follow.kind.value,
                "name": str(follow.target),
                "url": absolute(follow.target_url()),
                "since": _when(follow.created_at),
            }
            for follow in follows_of(user)
        ],
        "private_feed": (
            {
                "url": absolute(feed_token.get_absolute_url()),
                "created_at": _when(feed_token.created_at),
            }
            if feed_token is not None
            else None
        ),
        "applause": [
            {
                "post": _link(each.post, each.post.title, absolute),
                "created_at": _when(each.created_at),
            }
            for each in applause
        ],
        "seen_productions": [
            {
                "production": _link(each.production, each.production.title, absolute),
                "created_at": _when(each.created_at),
            }
            for each in seen
        ],
        "notification_preferences": _notification_preferences(user),
        "notifications": [
            {
                "kind": note.kind,
                "message": note.message,
                "detail": note.detail,
                "url": absolute(note.url) if note.url else None,
                "created_at": _when(note.created_at),
                "read_at": _when(note.read_at),
            }
            for note in notifications
        ],
        "emails": [
            {
                "subject": email.subject,
                "to_address": email.to_address,
                "status": email.status,
                "created_at": _when(email.created_at),
                "sent_at": _when(email.sent_at),
            }
            for email in emails
        ],
        "questions": [
            {
                "post": _link(question.post, question.post.title, absolute),
                "body": question.body,
                "created_at": _when(question.created_at),
                "hidden": question.is_hidden,
                "answer": (
                    _answer(question.answer) if hasattr(question, "answer") else None
                ),
            }
            for question in questions
        ],
        "answers": [
            {
                "question": {
                    "post": _link(
                        answer.question.post, answer.question.post.title, absolute
                    ),
                    "body": answer.question.body,
                },
                **_answer(answer),
            }
            for answer in answers
        ],
        "question_reports": [
            {
                "question": {
                    "post": _link(
                        report.question.post, report.question.post.title, absolute
                    ),
                    "body": report.question.body,
                },
                "reason": report.reason,
                "created_at": _when(report.created_at),
                "resolved": report.resolved,
            }
            for report in reports
        ],
        "posts": _posts(user, absolute),
    }


def account_counts(*, user) -> dict[str, int]:
    """How many rows of each kind the site holds about ``user`` (the account page)."""
    return {
        "follows": follows_of(user).count(),
        "applause": Applause.objects.filter(user=user).count(),
        "seen_productions": SeenProduction.objects.filter(user=user).count(),
        "notifications": Notification.objects.of_user(user).count(),
        "emails": OutboundEmail.objects.filter(user=user).count(),
        "questions": Question.objects.filter(asker=user).count(),
        "answers": Answer.objects.filter(author=user).count(),
        "posts": Post.objects.filter(author=user).count(),
        "published_posts": Post.objects.filter(
            author=user, status=PostStatus.PUBLISHED
        ).count(),
    }


@transaction.atomic
def account_delete(*, user, posts: AuthoredPosts | str) -> None:
    """Delete ``user``'s account and what it holds.

    Follows, applause, notifications, emails, preferences, the private feed,
    claims, reports and questions (with their answers) go with the account.
    Their unpublished posts go too. Their published posts and the answers they
    wrote stay with no author (``AuthoredPosts.KEEP``) or go with their files
    (``AuthoredPosts.DELETE``). A person linked to the account stays in the
    catalogue, unlinked. Staff and superuser accounts are refused.
    """
    posts = AuthoredPosts(posts)
    if not account_can_be_deleted(user):
        raise PermissionDenied(STAFF_REFUSAL)
    authored = Post.objects.filter(author=user)
    if posts == AuthoredPosts.DELETE:
        # Media rows go with their posts, and their files after the commit.
        authored.delete()
        Answer.objects.filter(author=user).delete()
    else:
        authored.exclude(status=PostStatus.PUBLISHED).delete()
    Person.objects.filter(user=user).update(user=None)
    # Everything else points at the account with on_delete=CASCADE; published
    # posts and answers kept point with SET_NULL.
    user.delete()
    # Counts and posts on cached pages change, and so may the embargoes pending.
    transaction.on_commit(embargo_lifts_refresh)
    transaction.on_commit(bump_content_version)
