import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from media_assets.services import post_publish, post_reject
from tests.conftest import eventually
from tests.factories import CreditFactory, PostFactory, ProductionFactory
from webhooks import ssrf
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_create

from .conftest import SECRET
from .receiver import Receiver, verify_webhook


def events_received(receiver) -> list[str]:
    return [payload["event"] for payload in receiver.payloads()]


@pytest.mark.django_db
def test_failed_deliveries_back_off_then_give_up_and_pause_the_endpoint(
    settings, curator, endpoint, receiver, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 4
    settings.WEBHOOKS_PAUSE_AFTER_FAILURES = 1
    receiver.status = 500
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(events=["post.published"])
    post = PostFactory(pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=post, actor=curator)
    delivery = WebhookDelivery.objects.get(event="post.published")
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert delivery.response_status == 500 and delivery.error == "HTTP 500"

    delays = []
    while delivery.status == DeliveryStatus.FAILED:
        delays.append(delivery.next_attempt_at - delivery.last_attempt_at)
        call_command("deliver_webhooks")  # not due yet: nothing happens
        assert WebhookDelivery.objects.get(pk=delivery.pk).attempts == delivery.attempts
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(0, 1)):
            call_command("deliver_webhooks")
        delivery.refresh_from_db()
    assert delays == sorted(delays) and len(set(delays)) == 3  # 30 s, 60 s, 120 s
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.GIVEN_UP, 4)
    ids = {request["headers"]["Webhook-Id"] for request in receiver.received}
    assert ids == {str(delivery.delivery_id)} and len(receiver.received) == 4

    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.paused_at is not None
    assert endpoint.pause_reason == "1 deliveries in a row failed; the last: HTTP 500"
    with django_capture_on_commit_callbacks(execute=True):
        ProductionFactory()  # a paused endpoint is sent nothing
    assert len(receiver.received) == 4


@pytest.mark.django_db
def test_an_endpoint_is_paused_only_after_n_given_up_deliveries_in_a_row(
    settings, endpoint, receiver, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    settings.WEBHOOKS_PAUSE_AFTER_FAILURES = 3
    receiver.status = 503
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            ProductionFactory()
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 2
    receiver.status = 204
    with django_capture_on_commit_callbacks(execute=True):
        ProductionFactory()
    endpoint.refresh_from_db()
    assert endpoint.consecutive_failures == 0  # a success resets the count


@pytest.mark.django_db
def test_an_embargoed_post_is_announced_once_public(
    curator, endpoint, receiver, django_capture_on_commit_callbacks
):
    post = PostFactory(pending=True)
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=post, actor=curator, publish_at=publish_at)
    call_command("deliver_webhooks")
    assert "post.published" not in events_received(receiver)
    with time_machine.travel(publish_at + datetime.timedelta(minutes=1)):
        call_command("deliver_webhooks")
        call_command("deliver_webhooks")  # once only
        (request,) = [r for r in receiver.received if b'"post.published"' in r["body"]]
        assert verify_webhook(SECRET, request["headers"], request["body"])


@pytest.mark.django_db
def test_only_public_posts_are_told_of(
    curator, endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory(pending=True)
        post.title = "Still a draft"
        post.save()  # not public: nothing to say
    assert not [e for e in events_received(receiver) if e.startswith("post.")]
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=post, actor=curator)
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Day one, revisited"
        post.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_reject(post=post, actor=curator, note="Wrong production")
    with django_capture_on_commit_callbacks(execute=True):
        post.title = "Hidden again"
        post.save()
    posts = [e for e in events_received(receiver) if e.startswith("post.")]
    assert posts == ["post.published", "post.updated", "post.withdrawn"]
    assert receiver.payloads()[-1]["data"] == {
        "id": post.pk,
        "slug": post.slug,
        "production": {"slug": post.production.slug},
    }


@pytest.mark.django_db
def test_catalogue_events_and_deleting_a_public_post(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        credit = CreditFactory()
    assert events_received(receiver)[-1] == "credit.created"
    assert receiver.payloads()[-1]["data"]["person"]["slug"] == credit.person.slug
    with django_capture_on_commit_callbacks(execute=True):
        credit.production.title = "Renamed"
        credit.production.save()
    assert events_received(receiver)[-1] == "production.updated"
    with django_capture_on_commit_callbacks(execute=True):
        post = PostFactory(pending=True, production=credit.production)
        post_publish(post=post, actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        credit.production.delete()
    assert set(events_received(receiver)[-3:]) == {
        "post.withdrawn",
        "credit.deleted",
        "production.deleted",
    }


@pytest.mark.django_db
def test_an_endpoint_gets_only_the_events_it_asked_for(
    receiver, curator, django_capture_on_commit_callbacks
):
    endpoint_create(
        url=receiver.url, secret=SECRET, events=["credit.created"], created_by=curator
    )
    with django_capture_on_commit_callbacks(execute=True):
        CreditFactory()
    assert events_received(receiver) == ["credit.created"]


# --- Addresses checked at delivery time ----------------------------------------------


@pytest.fixture
def public_looking_receiver(settings, monkeypatch):
    """A receiver on 127.0.0.2, which the address check is told is public: the
    rest of the loopback (127.0.0.1) stays private."""
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    real = ssrf.is_public_address
    monkeypatch.setattr(
        ssrf, "is_public_address", lambda a: str(a) == "127.0.0.2" or real(a)
    )
    receiver = Receiver("127.0.0.2")
    yield receiver
    receiver.close()


@pytest.mark.django_db
def test_a_redirect_to_a_private_address_is_refused_and_recorded(
    public_looking_receiver, curator, django_capture_on_commit_callbacks
):
    inside = Receiver("127.0.0.1")
    try:
        public_looking_receiver.status = 307
        public_looking_receiver.location = inside.url
        endpoint_create(
            url=public_looking_receiver.url,
            secret=SECRET,
            events=["production.created"],
            created_by=curator,
        )
        with django_capture_on_commit_callbacks(execute=True):
            ProductionFactory()
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED
        assert delivery.error.startswith(f"Refused {inside.url}")
        assert "127.0.0.1" in delivery.error
        assert len(public_looking_receiver.received) == 1 and not inside.received
    finally:
        inside.close()


@pytest.mark.django_db
def test_redirects_are_followed_a_few_times_with_the_same_signed_post(
    receiver, curator, django_capture_on_commit_callbacks
):
    first = Receiver()
    try:
        first.status, first.location = 308, receiver.url
        endpoint_create(
            url=first.url,
            secret=SECRET,
            events=["credit.created"],
            created_by=curator,
        )
        with django_capture_on_commit_callbacks(execute=True):
            CreditFactory()
        (request,) = receiver.received
        assert verify_webhook(SECRET, request["headers"], request["body"])
        assert WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED

        first.location = first.url  # a loop
        with django_capture_on_commit_callbacks(execute=True):
            CreditFactory()
        looped = WebhookDelivery.objects.order_by("pk").last()
        assert looped.error == "More than 3 redirects." and len(first.received) == 5
    finally:
        first.close()


def test_the_address_check():
    import ipaddress

    public = ssrf.is_public_address
    assert public(ipaddress.ip_address("93.184.216.34"))
    assert public(ipaddress.ip_address("2606:4700::1111"))
    for private in [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "0.0.0.0",  # noqa: S104 - an address checked, not bound
        "224.0.0.1",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
    ]:
        assert not public(ipaddress.ip_address(private)), private


# --- A real worker -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_from_the_broker(celery_worker, receiver):
    endpoint_create(
        url=receiver.url, secret=SECRET, events=["post.published"], created_by=None
    )
    with transaction.atomic():  # the worker starts once the writes are committed
        post = PostFactory(pending=True)
        post_publish(post=post, actor=None)
    assert eventually(lambda: receiver.received)
    (request,) = receiver.received
    assert verify_webhook(SECRET, request["headers"], request["body"])
    assert eventually(
        lambda: WebhookDelivery.objects.get().status == DeliveryStatus.SUCCEEDED
    )
    assert WebhookEndpoint.objects.get().consecutive_failures == 0


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retries_with_backoff_until_it_gives_up(
    celery_worker, receiver, settings
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 0  # no waiting between the attempts
    receiver.status = 500
    endpoint_create(
        url=receiver.url, secret=SECRET, events=["production.created"], created_by=None
    )
    ProductionFactory()
    assert eventually(
        lambda: WebhookDelivery.objects.get().status == DeliveryStatus.GIVEN_UP
    )
    assert WebhookDelivery.objects.get().attempts == 3 and len(receiver.received) == 3
    assert WebhookEndpoint.objects.get().consecutive_failures == 1
