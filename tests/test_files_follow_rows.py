"""Files follow their rows: however a row that owns files goes, its files go once
the deletion commits, and stay when it rolls back."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from rest_framework.test import APIClient

from bts_catalog.images import intake_image
from media_assets.models import MediaAsset, Post
from media_assets.services import media_asset_add
from productions.models import Person, Production
from tests.conftest import image_bytes
from tests.factories import PersonFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


def picture(color):
    return intake_image(
        SimpleUploadedFile("still.jpg", image_bytes("JPEG", (120, 90), color=color))
    )


@pytest.fixture
def production_with_files():
    """A production with a poster and two posts, each with images and renditions."""
    production = ProductionFactory(title="The Salt Orchard")
    production.poster.save("poster.jpg", ContentFile(image_bytes("JPEG")), save=True)
    for number in range(2):
        post = PostFactory(production=production)
        for shade in range(2):
            media_asset_add(
                post=post,
                actor=None,
                upload=picture((40 * number, 90, 30 * shade)),
                alt_text="The orchard set at dusk",
            )
    return production


def test_the_fixture_stores_originals_renditions_and_the_poster(
    production_with_files, files_in_media
):
    # 4 images × (original + 3 renditions) + the poster
    assert len(files_in_media()) == 4 * 7 + 1


def test_deleting_a_production_through_the_api_empties_storage(
    production_with_files, superuser, files_in_media, django_capture_on_commit_callbacks
):
    api = APIClient()
    api.force_authenticate(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/api/v1/productions/{production_with_files.slug}/")
    assert response.status_code == 204
    assert not Post.objects.exists()
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_deleting_a_production_in_admin_empties_storage(
    production_with_files,
    client,
    superuser,
    files_in_media,
    django_capture_on_commit_callbacks,
):
    client.force_login(superuser)
    url = reverse(
        "admin:productions_production_delete", args=[production_with_files.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Production.objects.exists()
    assert files_in_media() == []


def test_a_bulk_delete_in_admin_empties_storage(
    production_with_files,
    client,
    superuser,
    files_in_media,
    django_capture_on_commit_callbacks,
):
    client.force_login(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:media_assets_post_changelist"),
            {
                "action": "delete_selected",
                "post": "yes",
                "_selected_action": list(Post.objects.values_list("pk", flat=True)),
            },
        )
    assert not Post.objects.exists()
    assert files_in_media() == [production_with_files.poster.name]


def test_a_queryset_delete_takes_the_files_along(
    production_with_files, files_in_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Production.objects.all().delete()
    assert files_in_media() == []


def test_a_rolled_back_delete_keeps_every_file(production_with_files, files_in_media):
    before = files_in_media()

    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        Production.objects.all().delete()
        raise Undo
    assert Production.objects.count() == 1
    assert MediaAsset.objects.count() == 4
    assert files_in_media() == before


def test_files_wait_for_the_commit(production_with_files, files_in_media):
    before = files_in_media()
    with transaction.atomic():
        production_with_files.delete()
        assert files_in_media() == before


def test_deleting_a_person_removes_their_photo(
    client, superuser, files_in_media, django_capture_on_commit_callbacks
):
    person = PersonFactory(name="Marta Ilves")
    person.photo.save("marta.jpg", ContentFile(image_bytes("JPEG")), save=True)
    api = APIClient()
    api.force_authenticate(superuser)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/people/{person.slug}/").status_code == 204
    assert not Person.objects.exists()
    assert files_in_media() == []
