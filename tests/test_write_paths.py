"""One rule, one answer: the pages, the API and admin take the same path for each
write, so they refuse the same things with the same words."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from media_assets.models import MediaAsset, Post, Provenance
from productions.models import ClaimStatus, PersonClaim, Role
from tests.conftest import image_bytes
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)
from tests.test_crew import contribution

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "did not work with you on any of your productions"


@pytest.fixture
def production():
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def crew(crew_person, production):
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    return crew_person.user


@pytest.fixture
def stranger():
    """Someone credited only on another production."""
    person = PersonFactory(name="Ada Outsider")
    CreditFactory(person=person, production=ProductionFactory(title="Elsewhere"))
    return person


@pytest.fixture
def colleague(production):
    person = PersonFactory(name="Bo Colleague")
    CreditFactory(person=person, production=production)
    return person


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def api_post(production, **extra) -> dict:
    return {
        "production": production.slug,
        "title": "Balloon lights on the quay",
        "kind": "photo_set",
        "phase": "production",
        **extra,
    }


def test_featuring_a_stranger_is_refused_alike_by_form_and_api(
    client, crew, production, stranger
):
    client.force_login(crew)
    page = client.post(
        reverse("media_assets:contribute"),
        contribution(production, featured_people=[stranger.pk]),
    )
    assert page.status_code == 400
    assert f"{stranger.name} {OUT_OF_SCOPE}" in page.content.decode()
    assert "featured_people" in page.context["form"].errors

    answer = api_as(crew).post(
        "/api/v1/posts/",
        api_post(production, featured_people=[stranger.slug]),
        format="json",
    )
    assert answer.status_code == 400
    assert OUT_OF_SCOPE in answer.json()["featured_people"][0]
    assert (
        page.context["form"].errors["featured_people"]
        == answer.json()["featured_people"]
    )
    assert not Post.objects.exists()


def test_featuring_a_colleague_is_accepted_alike(client, crew, production, colleague):
    client.force_login(crew)
    page = client.post(
        reverse("media_assets:contribute"),
        contribution(production, featured_people=[colleague.pk]),
    )
    assert page.status_code == 302
    answer = api_as(crew).post(
        "/api/v1/posts/",
        api_post(production, title="Second post", featured_people=[colleague.slug]),
        format="json",
    )
    assert answer.status_code == 201
    for post in Post.objects.all():
        assert list(post.featured_people.all()) == [colleague]


def test_the_stranger_cannot_be_featured_by_editing_either(
    client, crew, production, stranger
):
    post = PostFactory(production=production, author=crew, pending=True)
    client.force_login(crew)
    page = client.post(
        reverse("media_assets:post-edit", args=[post.slug]),
        contribution(production, featured_people=[stranger.pk]),
    )
    assert page.status_code == 400
    answer = api_as(crew).patch(
        f"/api/v1/posts/{post.slug}/",
        {"featured_people": [stranger.slug]},
        format="json",
    )
    assert answer.status_code == 400
    assert OUT_OF_SCOPE in answer.json()["featured_people"][0]
    assert not post.featured_people.exists()


def test_crediting_a_stranger_for_a_picture_is_refused_alike(
    client, crew, production, stranger, files_in_media
):
    client.force_login(crew)
    data = contribution(
        production,
        images=[(SimpleUploadedFile("a.jpg", image_bytes()), "Cable on the quay")],
    )
    data["images-0-credited_to"] = str(stranger.pk)
    page = client.post(reverse("media_assets:contribute"), data)
    assert page.status_code == 400
    assert f"{stranger.name} {OUT_OF_SCOPE}" in page.content.decode()

    post = PostFactory(production=production, author=crew, pending=True)
    answer = api_as(crew).post(
        f"/api/v1/posts/{post.slug}/media/",
        {
            "file": SimpleUploadedFile("a.jpg", image_bytes()),
            "alt_text": "Cable on the quay",
            "credited_to": stranger.slug,
        },
        format="multipart",
    )
    assert answer.status_code == 400
    assert OUT_OF_SCOPE in answer.json()["credited_to"][0]
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_curators_may_name_anyone(curator, production, stranger):
    answer = api_as(curator).post(
        "/api/v1/posts/",
        api_post(production, featured_people=[stranger.slug]),
        format="json",
    )
    assert answer.status_code == 201


def test_provenance_is_the_curators_to_change(crew, curator, production):
    post = PostFactory(
        production=production,
        author=crew,
        pending=True,
        provenance=Provenance.FIRST_HAND,
    )
    refused = api_as(crew).patch(
        f"/api/v1/posts/{post.slug}/", {"provenance": "official"}, format="json"
    )
    assert refused.status_code == 400
    assert "only curators change it" in refused.json()["provenance"][0]
    post.refresh_from_db()
    assert post.provenance == Provenance.FIRST_HAND

    changed = api_as(curator).patch(
        f"/api/v1/posts/{post.slug}/", {"provenance": "press"}, format="json"
    )
    assert changed.status_code == 200
    post.refresh_from_db()
    assert post.provenance == Provenance.PRESS


def test_the_alt_text_rule_speaks_with_one_voice(client, crew, production):
    post = PostFactory(production=production, author=crew, pending=True)
    answer = api_as(crew).post(
        f"/api/v1/posts/{post.slug}/media/",
        {"file": SimpleUploadedFile("a.jpg", image_bytes()), "alt_text": " "},
        format="multipart",
    )
    assert answer.status_code == 400
    client.force_login(crew)
    data = contribution(
        production, images=[(SimpleUploadedFile("a.jpg", image_bytes()), "")]
    )
    page = client.post(reverse("media_assets:contribute"), data)
    assert page.status_code == 400
    message = answer.json()["alt_text"][0]
    assert message == "Describe the image for screen readers."
    assert message in page.content.decode()


# --- Claims in admin: the change form and the list action alike --------------------


@pytest.fixture
def claim():
    return PersonClaim.objects.create(
        user=UserFactory(username="marta"),
        person=PersonFactory(name="Marta Ilves"),
        message="DP on The Salt Orchard.",
    )


def change_claim(client, curator, claim, status, note=""):
    client.force_login(curator)
    return client.post(
        reverse("admin:productions_personclaim_change", args=[claim.pk]),
        {"status": status, "review_note": note},
    )


def test_a_claim_is_approved_from_its_change_form(client, curator, claim):
    response = change_claim(client, curator, claim, ClaimStatus.APPROVED)
    assert response.status_code == 302
    claim.refresh_from_db()
    claim.person.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED
    assert claim.reviewed_by == curator
    assert claim.person.user == claim.user


def test_a_claim_is_refused_from_its_change_form(client, curator, claim):
    response = change_claim(
        client, curator, claim, ClaimStatus.REJECTED, note="Not on the call sheet."
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    claim.person.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert claim.review_note == "Not on the call sheet."
    assert claim.person.user is None


def test_the_change_form_refuses_a_claim_on_a_linked_person(client, curator, claim):
    claim.person.user = UserFactory(username="someone-else")
    claim.person.save()
    response = change_claim(client, curator, claim, ClaimStatus.APPROVED)
    assert response.status_code == 200
    assert "already linked to another account" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PENDING


def test_claims_are_refused_from_the_list_too(client, curator, claim):
    client.force_login(curator)
    client.post(
        reverse("admin:productions_personclaim_changelist"),
        {"action": "reject_claims", "_selected_action": [claim.pk]},
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
