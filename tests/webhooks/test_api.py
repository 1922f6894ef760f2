import pytest
from rest_framework.test import APIClient

from webhooks.models import WebhookEndpoint

from .conftest import SECRET
from .receiver import verify_webhook

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"


def fields_named(response) -> set[str]:
    """The fields a 400 names (besides its code and message)."""
    assert response.status_code == 400
    return set(response.json()) - {"code", "message", "detail"}


def registration(**changes) -> dict:
    return {
        "url": "http://127.0.0.1:9/hooks",
        "secret": SECRET,
        "events": ["post.published"],
        **changes,
    }


def test_registering_a_webhook_and_receiving_a_signed_post_published(
    curator, curator_api, receiver, django_capture_on_commit_callbacks
):
    from media_assets.services import post_publish
    from tests.factories import PostFactory

    response = curator_api.post(
        URL,
        registration(url=receiver.url, events=["post.published", "post.updated"]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert "secret" not in body and body["secret_hint"] == f"…{SECRET[-4:]}"
    post = PostFactory(pending=True)
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=post, actor=curator)

    (request,) = receiver.received
    assert verify_webhook(SECRET, request["headers"], request["body"])
    assert not verify_webhook("another-secret" * 3, request["headers"], request["body"])
    assert request["headers"]["User-Agent"] == "BTS-Catalog-Webhooks/1"
    (payload,) = receiver.payloads()
    assert payload["event"] == "post.published"
    assert payload["id"] == request["headers"]["Webhook-Id"]
    assert payload["data"]["slug"] == post.slug
    assert payload["data"]["url"].endswith(f"/api/v1/posts/{post.slug}/")
    assert "moderation_note" not in payload["data"]

    log = curator_api.get(f"{URL}{body['id']}/deliveries/").json()["results"]
    assert [(d["event"], d["status"], d["attempts"]) for d in log] == [
        ("post.published", "succeeded", 1)
    ]
    assert log[0]["response_status"] == 200 and log[0]["response_ms"] is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://localhost:8000/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.1.20/hook",
    ],
)
def test_private_addresses_are_refused_naming_url(curator_api, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    response = curator_api.post(URL, registration(url=url), format="json")
    assert fields_named(response) == {"url"}
    assert "public" in str(response.json()["url"])


@pytest.mark.parametrize("url", ["ftp://example.com/hook", "file:///etc/passwd"])
def test_only_http_urls_are_accepted(curator_api, settings, url):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    response = curator_api.post(URL, registration(url=url), format="json")
    assert fields_named(response) == {"url"}


def test_unknown_events_and_short_secrets_are_refused(curator_api, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    response = curator_api.post(
        URL, registration(events=["post.published", "post.exploded"]), format="json"
    )
    assert fields_named(response) == {"events"}
    response = curator_api.post(URL, registration(events=[]), format="json")
    assert fields_named(response) == {"events"}
    response = curator_api.post(URL, registration(secret="short"), format="json")
    assert fields_named(response) == {"secret"}
    assert not WebhookEndpoint.objects.exists()


def test_only_curators_manage_webhooks(fan, curator_api, settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert APIClient().get(URL).status_code == 401
    client = APIClient()
    client.force_authenticate(fan)
    assert client.get(URL).status_code == 403
    assert client.post(URL, registration(), format="json").status_code == 403
    created = curator_api.post(URL, registration(), format="json").json()
    assert client.get(f"{URL}{created['id']}/deliveries/").status_code == 403
    assert curator_api.get(URL).json()["results"][0]["id"] == created["id"]


def test_pausing_and_resuming_through_the_api(curator_api, endpoint):
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=4)
    response = curator_api.patch(f"{URL}{endpoint.pk}/", {"is_active": False})
    assert response.json()["pause_reason"] == "Paused by a curator."
    response = curator_api.patch(f"{URL}{endpoint.pk}/", {"is_active": True})
    body = response.json()
    assert body["is_active"] and body["paused_at"] is None
    assert body["consecutive_failures"] == 0
    endpoint.refresh_from_db()
    assert endpoint.secret == SECRET  # unchanged when not given


def test_a_ping_is_delivered_on_request(curator_api, endpoint, receiver):
    response = curator_api.post(f"{URL}{endpoint.pk}/ping/")
    assert response.status_code == 201
    assert response.json()["status"] == "succeeded"
    (payload,) = receiver.payloads()
    assert payload["event"] == "ping"
