"""Fixtures of the audience tests: signed-in fans and something to follow."""

import pytest
from django.test import Client
from rest_framework.test import APIClient
from taggit.models import Tag

from productions.models import Department
from tests.factories import PersonFactory, ProductionFactory, UserFactory


@pytest.fixture
def things(db):
    """One of each kind that can be followed."""
    return {
        "production": ProductionFactory(title="The Salt Orchard"),
        "person": PersonFactory(name="Marta Ilves"),
        "craft": Department.objects.get(slug="costume"),
        "tag": Tag.objects.create(name="night shoot", slug="night-shoot"),
    }


@pytest.fixture
def fan_client(fan) -> Client:
    client = Client()
    client.force_login(fan)
    return client


@pytest.fixture
def fan_api(fan) -> APIClient:
    client = APIClient()
    client.force_authenticate(fan)
    return client


@pytest.fixture
def other_fan(db):
    return UserFactory(username="other-fan")
