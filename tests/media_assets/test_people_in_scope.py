"""People merged into another are never offered as featured people or
photographers: not to curators, not to crew who worked beside them."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from bts_catalog.images import intake_image
from media_assets.services import media_asset_add
from productions.models import Role
from tests.conftest import image_bytes
from tests.factories import CreditFactory, PersonFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(crew_person):
    """A production crewed by the signed-in crew member, a colleague, and a
    duplicate of the colleague merged into them that still holds a credit."""
    production = ProductionFactory(title="The Salt Orchard")
    gaffer = Role.objects.get(slug="gaffer")
    colleague = PersonFactory(name="Marta Ilves")
    duplicate = PersonFactory(name="Marta Ilvès", merged_into=colleague)
    for person in (crew_person, colleague, duplicate):
        CreditFactory(production=production, person=person, role=gaffer)
    return {"production": production, "colleague": colleague, "duplicate": duplicate}


def test_crew_are_not_offered_a_merged_colleague(client, crew_person, team):
    client.force_login(crew_person.user)

    page = client.get(reverse("media_assets:contribute")).content.decode()

    assert "Marta Ilves" in page
    assert "Marta Ilvès" not in page


def test_curators_are_not_offered_merged_people(client, curator, team):
    post = PostFactory(production=team["production"], author=curator)
    asset = media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(
            ContentFile(image_bytes("PNG", (64, 48), (0, 0, 200)), name="still.png")
        ),
        alt_text="A lamp on the pier",
    )
    client.force_login(curator)
    url = reverse("media_assets:media-edit", args=[post.slug, asset.pk])

    page = client.get(url).content.decode()
    assert "Marta Ilves" in page
    assert "Marta Ilvès" not in page

    client.post(
        url,
        {"alt_text": "A lamp on the pier", "credited_to": team["duplicate"].pk},
    )
    asset.refresh_from_db()
    assert asset.credited_to is None
