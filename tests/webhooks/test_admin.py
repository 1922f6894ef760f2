import pytest
from django.urls import reverse

from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from webhooks.services import endpoint_pause

from .conftest import SECRET

pytestmark = pytest.mark.django_db


def test_curators_register_endpoints_in_admin(client, curator, receiver):
    client.force_login(curator)
    response = client.post(
        reverse("admin:webhooks_webhookendpoint_add"),
        {
            "url": receiver.url,
            "secret": SECRET,
            "events": ["post.published", "credit.created"],
            "description": "Our CMS",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["post.published", "credit.created"]
    assert endpoint.secret == SECRET and endpoint.created_by == curator


def test_admin_refuses_a_private_url_and_a_short_secret(client, curator, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    client.force_login(curator)
    response = client.post(
        reverse("admin:webhooks_webhookendpoint_add"),
        {"url": "http://127.0.0.1/x", "secret": "short", "events": ["ping"]},
    )
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"url", "secret", "events"}


def test_resume_ping_and_retry_now_in_admin(client, curator, endpoint, receiver):
    endpoint_pause(endpoint=endpoint, reason="10 deliveries in a row failed")
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=10)
    client.force_login(curator)
    changelist = reverse("admin:webhooks_webhookendpoint_changelist")
    page = client.get(changelist)
    assert "10 deliveries in a row failed" in page.content.decode()

    client.post(changelist, {"action": "resume", "_selected_action": [endpoint.pk]})
    endpoint.refresh_from_db()
    assert endpoint.is_active and endpoint.consecutive_failures == 0
    assert not endpoint.pause_reason

    receiver.status = 500
    client.post(changelist, {"action": "send_ping", "_selected_action": [endpoint.pk]})
    delivery = WebhookDelivery.objects.get(event="ping")
    assert delivery.status == DeliveryStatus.FAILED

    receiver.status = 200
    log = reverse("admin:webhooks_webhookdelivery_changelist")
    assert client.get(log, {"status": "failed"}).status_code == 200
    client.post(log, {"action": "retry_now", "_selected_action": [delivery.pk]})
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.attempts == 2
    assert len(receiver.received) == 2
