"""Webhooks: the endpoints integrators register, and the log of what was sent."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .ssrf import validate_webhook_url

SECRET_MIN_LENGTH = 32


class WebhookEvent(models.TextChoices):
    POST_PUBLISHED = "post.published", "A post became public"
    POST_UPDATED = "post.updated", "A public post was edited"
    POST_WITHDRAWN = "post.withdrawn", "A public post was withdrawn or deleted"
    PRODUCTION_CREATED = "production.created", "A production was added"
    PRODUCTION_UPDATED = "production.updated", "A production was edited"
    PRODUCTION_DELETED = "production.deleted", "A production was deleted"
    CREDIT_CREATED = "credit.created", "A credit was added"
    CREDIT_UPDATED = "credit.updated", "A credit was edited"
    CREDIT_DELETED = "credit.deleted", "A credit was removed"
    PING = "ping", "A test delivery (sent on request, to any endpoint)"

    @classmethod
    def subscribable(cls) -> list["WebhookEvent"]:
        """The events an endpoint can ask for (a ping is sent on request only)."""
        return [event for event in cls if event != cls.PING]


def validate_events(value) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Name at least one event, as a list.")
    known = {event.value for event in WebhookEvent.subscribable()}
    unknown = [name for name in value if name not in known]
    if unknown:
        raise ValidationError(
            "Unknown event(s): %(unknown)s. Known: %(known)s.",
            params={"unknown": ", ".join(map(str, unknown)), "known": ", ".join(known)},
        )


class WebhookEndpointQuerySet(models.QuerySet):
    def active(self) -> "WebhookEndpointQuerySet":
        return self.filter(is_active=True)

    def subscribed_to(self, event: str) -> list["WebhookEndpoint"]:
        """The active endpoints that asked for ``event`` (checked in Python: the
        lists are short, and SQLite cannot search inside JSON lists)."""
        return [endpoint for endpoint in self.active() if event in endpoint.events]


class WebhookEndpoint(models.Model):
    url = models.URLField(
        max_length=500,
        validators=[validate_webhook_url],
        help_text="Where deliveries are POSTed: http(s), on a public address.",
    )
    secret = models.CharField(
        max_length=200,
        validators=[MinLengthValidator(SECRET_MIN_LENGTH)],
        help_text=f"Signs every delivery (HMAC-SHA256); at least "
        f"{SECRET_MIN_LENGTH} characters.",
    )
    events = models.JSONField(
        default=list,
        validators=[validate_events],
        help_text="The event names this endpoint receives.",
    )
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(
        default=0, help_text="Deliveries given up in a row since the last success."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="webhook_endpoints",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["is_active"], name="webhook_endpoint_active")]

    def __str__(self) -> str:
        return self.url

    @property
    def secret_hint(self) -> str:
        return f"…{self.secret[-4:]}" if self.secret else ""


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed, will be retried"
    GIVEN_UP = "given_up", "Given up"

    @classmethod
    def retriable(cls) -> list["DeliveryStatus"]:
        return [cls.PENDING, cls.FAILED]


class WebhookDeliveryQuerySet(models.QuerySet):
    def due(self, now=None) -> "WebhookDeliveryQuerySet":
        """Deliveries to attempt now: not done, their time come, endpoint active."""
        now = now or timezone.now()
        return self.filter(
            status__in=DeliveryStatus.retriable(),
            next_attempt_at__lte=now,
            endpoint__is_active=True,
        )


class WebhookDelivery(models.Model):
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    delivery_id = models.UUIDField(default=uuid.uuid4, editable=False)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["delivery_id"], name="webhook_delivery_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values),
                name="webhook_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(event__in=WebhookEvent.values),
                name="webhook_delivery_event_valid",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "next_attempt_at"], name="webhook_delivery_due"
            ),
            models.Index(
                fields=["endpoint", "-created_at"], name="webhook_delivery_log"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} ({self.get_status_display()})"


class AnnouncedPost(models.Model):
    """A post whose ``post.published`` went out: it is announced once per time it
    becomes public, and only posts announced can be ``post.updated`` or
    ``post.withdrawn`` (nothing is ever said of a post the public cannot see)."""

    post = models.OneToOneField(
        "media_assets.Post", on_delete=models.CASCADE, related_name="+"
    )
    announced_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Post {self.post_id} announced {self.announced_at:%Y-%m-%d %H:%M}"
