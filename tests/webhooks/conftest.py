import pytest
from rest_framework.test import APIClient

from .receiver import Receiver

SECRET = "s3cret-" + "x" * 33


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def curator_api(curator):
    client = APIClient()
    client.force_authenticate(curator)
    return client


@pytest.fixture
def endpoint(receiver, curator):
    from webhooks.models import WebhookEvent
    from webhooks.services import endpoint_create

    return endpoint_create(
        url=receiver.url,
        secret=SECRET,
        events=[event.value for event in WebhookEvent.subscribable()],
        created_by=curator,
    )
