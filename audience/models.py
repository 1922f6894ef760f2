"""The audience side: what a signed-in visitor follows, their private feed,
applause, notifications and the emails that carry them, and questions to the crew."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from media_assets.models import Post
from productions.models import Department, Person, PersonClaim, Production


class FollowKind(models.TextChoices):
    """What can be followed; each value is also the name of the Follow field that
    points at it, and what the API and the pages call it."""

    PRODUCTION = "production", "Production"
    PERSON = "person", "Person"
    CRAFT = "craft", "Craft"
    TAG = "tag", "Tag"

    @classmethod
    def of(cls, target: models.Model) -> "FollowKind":
        """The kind of a production, person, department (craft) or tag."""
        for kind, model in FOLLOWED_MODELS.items():
            if isinstance(target, model):
                return kind
        raise TypeError(f"{type(target).__name__} cannot be followed.")

    @property
    def model(self) -> type[models.Model]:
        return FOLLOWED_MODELS[self]

    def followable(self) -> models.QuerySet:
        """The rows of this kind that have a page to follow them from (the cast
        is a department, not a craft)."""
        if self == FollowKind.CRAFT:
            return Department.objects.crafts()
        return self.model._default_manager.all()


FOLLOWED_MODELS: dict[FollowKind, type[models.Model]] = {
    FollowKind.PRODUCTION: Production,
    FollowKind.PERSON: Person,
    FollowKind.CRAFT: Department,
    FollowKind.TAG: Tag,
}


def _only(kind: FollowKind) -> Q:
    """The condition that ``kind``'s field is set and every other one is not."""
    return Q(
        **{f"{other}__isnull": other != kind for other in FollowKind.values},
    )


class FollowQuerySet(models.QuerySet):
    def of_user(self, user) -> "FollowQuerySet":
        return self.filter(user=user)

    def of_target(self, target: models.Model) -> "FollowQuerySet":
        return self.filter(**{FollowKind.of(target): target})

    def with_targets(self) -> "FollowQuerySet":
        return self.select_related(*FollowKind.values)

    def newest_first(self) -> "FollowQuerySet":
        return self.order_by("-created_at", "-id")


class Follow(models.Model):
    """A user following exactly one production, person, craft or tag."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    production = models.ForeignKey(
        Production,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    craft = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_only(FollowKind.PRODUCTION)
                | _only(FollowKind.PERSON)
                | _only(FollowKind.CRAFT)
                | _only(FollowKind.TAG),
                name="follow_exactly_one_target",
                violation_error_message="A follow names exactly one production, "
                "person, craft or tag.",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", kind.value],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"follow_unique_{kind}",
                    violation_error_message=f"You already follow this "
                    f"{kind.label.lower()}.",
                )
                for kind in FollowKind
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="follow_user_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target}"

    @property
    def kind(self) -> FollowKind:
        return next(kind for kind in FollowKind if getattr(self, f"{kind}_id"))

    @property
    def target(self) -> models.Model:
        return getattr(self, self.kind)

    def target_url(self) -> str:
        """The followed row's page (taggit's Tag has no get_absolute_url)."""
        if self.kind == FollowKind.TAG:
            return reverse("showcase:tag-detail", kwargs={"slug": self.tag.slug})
        return self.target.get_absolute_url()


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a user's private Atom feed address. Making a new one revokes
    the old address at once; deleting it turns the private feed off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "private feed address"

    def __str__(self) -> str:
        return f"Private feed of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("audience:private-feed", kwargs={"token": self.key})


class Applause(models.Model):
    """A signed-in user's appreciation of a post: one each, taken back at will."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applause"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="applause")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "applause"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                name="applause_once_per_user_and_post",
                violation_error_message="You have already applauded this post.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} applauds {self.post}"


class SeenProduction(models.Model):
    """A user saying "I've seen it": spoiler warnings on that production's posts
    are dropped for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="seen_productions",
    )
    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="seen_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "production"],
                name="seen_production_once_per_user",
                violation_error_message="You have already said you have seen it.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} has seen {self.production}"


# --- Notifications ---------------------------------------------------------------
class Frequency(models.TextChoices):
    """How a user hears of one kind of notification."""

    OFF = "off", "Off"
    SITE = "site", "In the site only"
    IMMEDIATE = "immediate", "In the site, and by email at once"
    DAILY = "daily", "In the site, and in a daily email digest"
    WEEKLY = "weekly", "In the site, and in a weekly email digest"

    @property
    def in_site(self) -> bool:
        return self != Frequency.OFF

    @property
    def by_email(self) -> bool:
        return self in (Frequency.IMMEDIATE, Frequency.DAILY, Frequency.WEEKLY)

    @property
    def is_digest(self) -> bool:
        return self in (Frequency.DAILY, Frequency.WEEKLY)

    @property
    def period(self) -> datetime.timedelta:
        """How long a digest gathers notifications."""
        return datetime.timedelta(days=7 if self == Frequency.WEEKLY else 1)


class NotificationKind(models.TextChoices):
    FOLLOWED_POST = "followed_post", "A new post about something I follow"
    POST_REVIEWED = "post_reviewed", "My post is published or rejected"
    CLAIM_REVIEWED = "claim_reviewed", "My claim to be a person is approved or refused"
    QUESTION = "question", "A question on my post"
    ANSWER = "answer", "An answer to my question"

    @property
    def default_frequency(self) -> Frequency:
        """What a user who never chose gets: news of what they follow gathered in
        a daily digest, anything about their own work or questions at once."""
        if self == NotificationKind.FOLLOWED_POST:
            return Frequency.DAILY
        return Frequency.IMMEDIATE


class NotificationPreference(models.Model):
    """A user's choice for one kind; a kind without a row has its default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    frequency = models.CharField(max_length=20, choices=Frequency.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="notification_preference_once_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="notification_preference_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="notification_preference_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user}: {self.get_kind_display()} — {self.get_frequency_display()}"
        )


class NotificationQuerySet(models.QuerySet):
    def of_user(self, user) -> "NotificationQuerySet":
        return self.filter(user=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def newest_first(self) -> "NotificationQuerySet":
        return self.order_by("-created_at", "-id")

    def not_emailed(self) -> "NotificationQuerySet":
        return self.filter(email__isnull=True)


class Notification(models.Model):
    """Something a user is told of, in the site and, as they chose, by email.

    ``key`` names the event (one notification per user and event, so telling
    twice is harmless); ``message`` and ``url`` are written when it is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    key = models.CharField(max_length=100)
    message = models.CharField(max_length=300)
    detail = models.TextField(blank=True, help_text="E.g. the curator's note.")
    url = models.CharField(max_length=500, blank=True)
    post = models.ForeignKey(
        Post,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    question = models.ForeignKey(
        "Question",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    claim = models.ForeignKey(
        PersonClaim,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.ForeignKey(
        "OutboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        help_text="The email that carried it, once one has been planned.",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="notification_once_per_user_and_event"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="notification_kind_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "read_at", "-created_at"],
                name="notification_user_unread_idx",
            ),
            models.Index(
                fields=["kind", "email", "created_at"],
                name="notification_to_email_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"To {self.user}: {self.message}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class VerifiedEmail(models.Model):
    """The address a user proved is theirs by following a link sent to it. Email
    goes only to a user whose current address is this one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="verified_email",
    )
    email = models.EmailField()
    verified_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.email} (verified)"

    def covers(self, user) -> bool:
        return bool(user.email) and self.email.lower() == user.email.lower()


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Given up"
    SKIPPED = "skipped", "Not sent (nothing left to tell, or no verified address)"


class OutboundEmailQuerySet(models.QuerySet):
    def pending(self) -> "OutboundEmailQuerySet":
        return self.filter(status=EmailStatus.PENDING)


class OutboundEmail(models.Model):
    """One email the site means to send, written before it is sent.

    ``key`` names what it carries (one notification, or one user's digest for one
    period), so planning it twice makes one row; a batch that stops half-way
    leaves the rest pending for the next run, and a sent one is never sent again.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outbound_emails",
    )
    key = models.CharField(max_length=120, unique=True)
    to_address = models.EmailField()
    subject = models.CharField(max_length=250)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(
        max_length=20, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values),
                name="outbound_email_status_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "created_at"], name="outbound_email_due_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address}"


class PostAnnouncement(models.Model):
    """The record that a public post's followers have been told of it: made once,
    when the post is first public (at its embargo's end for an embargoed one)."""

    post = models.OneToOneField(
        Post, on_delete=models.CASCADE, related_name="announcement"
    )
    announced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.post} announced"


# --- Questions to the crew ----------------------------------------------------------
class QuestionQuerySet(models.QuerySet):
    def visible(self) -> "QuestionQuerySet":
        """Not hidden by a curator."""
        return self.filter(is_hidden=False)

    def answered(self) -> "QuestionQuerySet":
        return self.filter(answer__isnull=False, answer__is_hidden=False)

    def unanswered(self) -> "QuestionQuerySet":
        return self.filter(answer__isnull=True)


class Question(models.Model):
    """A signed-in fan's question on a published post, for its author or the
    production's credited crew. Only the asker sees it until it is answered."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="questions"
    )
    body = models.TextField(max_length=1000, help_text="Markdown.")
    is_hidden = models.BooleanField(
        default=False, help_text="Hidden by a curator: nobody but the asker sees it."
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["post", "created_at"], name="question_post_idx"),
            models.Index(fields=["asker", "-created_at"], name="question_asker_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.asker} on {self.post}: {self.body[:60]}"


class Answer(models.Model):
    """The answer to a question, by the post's author, credited crew or a curator;
    ``by_credited_crew`` is fixed when it is written (the badge it shows)."""

    question = models.OneToOneField(
        Question, on_delete=models.CASCADE, related_name="answer"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="answers",
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        help_text="The credited person who answered, for the badge.",
    )
    body = models.TextField(max_length=4000, help_text="Markdown.")
    by_credited_crew = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Answer to {self.question_id}: {self.body[:60]}"


class QuestionReport(models.Model):
    """A signed-in user flagging a question (or its answer) for curators."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="question_reports",
    )
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "reporter"],
                name="question_report_once_per_user",
                violation_error_message="You have already reported this question.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reporter} reports question {self.question_id}"
