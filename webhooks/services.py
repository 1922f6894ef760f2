"""Writes of the webhooks app: registering endpoints, recording deliveries and
their attempts, pausing endpoints that keep failing."""

import datetime
import json
import uuid
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from .signing import signed_headers
from .transport import DeliveryError
from .transport import post as http_post

# How long an attempt holds its delivery: one that crashed mid-way is retried
# after this (by the sweep), never twice at once.
ATTEMPT_LEASE = datetime.timedelta(minutes=2)

CLOCK_SLACK = datetime.timedelta(seconds=2)

ENDPOINT_FIELDS = ("url", "secret", "events", "description", "is_active")


# --- Endpoints -----------------------------------------------------------------------
def endpoint_create(
    *, url: str, secret: str, events: list[str], description: str = "", created_by
) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(
        url=url,
        secret=secret,
        events=list(dict.fromkeys(events)),
        description=description,
        created_by=created_by,
    )
    endpoint.full_clean()
    endpoint.save()
    return endpoint


def endpoint_update(*, endpoint: WebhookEndpoint, **changes) -> WebhookEndpoint:
    """Change the given fields; turning ``is_active`` back on resumes a paused
    endpoint (see ``endpoint_resume``)."""
    resume = changes.get("is_active") is True and not endpoint.is_active
    for name, value in changes.items():
        if name not in ENDPOINT_FIELDS:
            raise TypeError(f"Not an endpoint field: {name}")
        setattr(endpoint, name, value)
    if "events" in changes:
        endpoint.events = list(dict.fromkeys(endpoint.events))
    if changes.get("is_active") is False and endpoint.paused_at is None:
        endpoint.paused_at = timezone.now()
        endpoint.pause_reason = "Paused by a curator."
    if resume:
        endpoint.paused_at, endpoint.pause_reason = None, ""
        endpoint.consecutive_failures = 0
    endpoint.full_clean()
    endpoint.save()
    return endpoint


def endpoint_pause(*, endpoint: WebhookEndpoint, reason: str) -> None:
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=False, paused_at=timezone.now(), pause_reason=reason[:300]
    )


def endpoint_resume(*, endpoint: WebhookEndpoint) -> None:
    """Active again, its failure count reset; deliveries still due go out at the
    next sweep."""
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
        is_active=True, paused_at=None, pause_reason="", consecutive_failures=0
    )


# --- Deliveries ----------------------------------------------------------------------
def _payload(*, delivery_id: uuid.UUID, event: str, data: dict, now) -> dict:
    return {
        "id": str(delivery_id),
        "event": str(event),
        "created_at": now.isoformat(),
        "data": json.loads(json.dumps(data, cls=DjangoJSONEncoder)),
    }


def deliveries_enqueue(
    *,
    event: WebhookEvent,
    data: dict | Callable[[], dict],
    endpoints: Iterable[WebhookEndpoint] | None = None,
    send: bool = True,
) -> list[WebhookDelivery]:
    """Record a delivery of ``event`` for every endpoint that asked for it (or the
    ``endpoints`` given), sent once the current transaction commits (unless
    ``send`` is false: the caller sends it). ``data`` may be a function, called
    only when some endpoint wants the event (saves cost one query otherwise)."""
    if endpoints is None:
        endpoints = WebhookEndpoint.objects.subscribed_to(event)
    endpoints = list(endpoints)
    if not endpoints:
        return []
    if callable(data):
        data = data()
    now = timezone.now()
    deliveries = []
    for endpoint in endpoints:
        delivery_id = uuid.uuid4()
        deliveries.append(
            WebhookDelivery(
                endpoint=endpoint,
                event=event,
                delivery_id=delivery_id,
                payload=_payload(
                    delivery_id=delivery_id, event=event, data=data, now=now
                ),
                created_at=now,
                next_attempt_at=now,
            )
        )
    if not deliveries:
        return []
    WebhookDelivery.objects.bulk_create(deliveries)  # sets their pks
    ids = [delivery.pk for delivery in deliveries]
    if send:
        transaction.on_commit(lambda: deliveries_send_soon(ids))
    return deliveries


def deliveries_send_soon(delivery_ids: list[int]) -> None:
    """In a worker when a broker is configured, else at once (one attempt; the
    retries are left to ``manage.py deliver_webhooks``)."""
    if settings.CELERY_BROKER_URL:
        from .tasks import deliver

        for pk in delivery_ids:
            deliver.delay(pk)
    else:
        for pk in delivery_ids:
            delivery_attempt(delivery_id=pk)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failure."""
    return datetime.timedelta(
        seconds=settings.WEBHOOKS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    )


def _claim(delivery_id: int, now, force: bool) -> bool:
    """Take the delivery for one attempt, unless another attempt holds it or it
    is not due; True when this caller may send it."""
    # A little early is due: a worker's countdown may end a moment before.
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + CLOCK_SLACK)
    query = WebhookDelivery.objects.filter(
        pk=delivery_id, status__in=DeliveryStatus.retriable()
    )
    if not force:
        query = query.filter(due, endpoint__is_active=True)
    return bool(query.update(next_attempt_at=now + ATTEMPT_LEASE))


def delivery_attempt(
    *, delivery_id: int, force: bool = False
) -> WebhookDelivery | None:
    """Make one attempt of a delivery that is due (any time with ``force``), and
    record how it went. Returns the delivery, or None when there was nothing to do
    (sent already, given up, not due, or being sent by another attempt)."""
    now = timezone.now()
    if not _claim(delivery_id, now, force):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = signed_headers(
        secret=endpoint.secret,
        delivery_id=str(delivery.delivery_id),
        timestamp=int(now.timestamp()),
        body=body,
    )
    delivery.attempts += 1
    delivery.last_attempt_at = now
    try:
        response = http_post(endpoint.url, body, headers)
    except DeliveryError as error:
        delivery.response_status, delivery.response_ms = None, None
        delivery.error = str(error)[:500]
    else:
        delivery.response_status = response.status
        delivery.response_ms = response.elapsed_ms
        delivery.error = (
            "" if 200 <= response.status < 300 else f"HTTP {response.status}"
        )
    if not delivery.error:
        _record_success(delivery)
    else:
        _record_failure(delivery)
    return delivery


def _record_success(delivery: WebhookDelivery) -> None:
    delivery.status = DeliveryStatus.SUCCEEDED
    delivery.delivered_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.save()
    WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
        consecutive_failures=0
    )


def _record_failure(delivery: WebhookDelivery) -> None:
    if delivery.attempts < settings.WEBHOOKS_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        delivery.next_attempt_at = delivery.last_attempt_at + retry_delay(
            delivery.attempts
        )
        delivery.save()
        if settings.CELERY_BROKER_URL:
            from .tasks import deliver

            countdown = (delivery.next_attempt_at - timezone.now()).total_seconds()
            deliver.apply_async((delivery.pk,), countdown=max(countdown, 0))
        return
    delivery.status = DeliveryStatus.GIVEN_UP
    delivery.next_attempt_at = None
    delivery.save()
    with transaction.atomic():
        WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(
            consecutive_failures=F("consecutive_failures") + 1
        )
        endpoint = WebhookEndpoint.objects.get(pk=delivery.endpoint_id)
        limit = settings.WEBHOOKS_PAUSE_AFTER_FAILURES
        if endpoint.is_active and endpoint.consecutive_failures >= limit:
            endpoint_pause(
                endpoint=endpoint,
                reason=f"{endpoint.consecutive_failures} deliveries in a row failed; "
                f"the last: {delivery.error}",
            )


def deliveries_retry_due(*, now=None) -> int:
    """Attempt every delivery whose time has come; returns how many were tried."""
    tried = 0
    due = WebhookDelivery.objects.due(now).order_by("next_attempt_at", "pk")
    for pk in list(due.values_list("pk", flat=True)[:500]):
        tried += delivery_attempt(delivery_id=pk) is not None
    return tried


def delivery_retry_now(*, delivery: WebhookDelivery) -> WebhookDelivery | None:
    """One more attempt at once, even of a delivery given up (a curator's
    "Retry now")."""
    if delivery.status == DeliveryStatus.SUCCEEDED:
        return None
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED,
        attempts=min(delivery.attempts, settings.WEBHOOKS_MAX_ATTEMPTS - 1),
    )
    return delivery_attempt(delivery_id=delivery.pk, force=True)


def endpoint_ping(*, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Send a ``ping`` to one endpoint at once (paused or not), to check that it
    receives and verifies deliveries; returns the delivery as it went."""
    (delivery,) = deliveries_enqueue(
        event=WebhookEvent.PING,
        data={"endpoint": endpoint.pk, "message": "Hello from BTS Catalog."},
        endpoints=[endpoint],
        send=False,
    )
    return delivery_attempt(delivery_id=delivery.pk, force=True) or delivery
