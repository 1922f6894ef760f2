"""From sign-up to a published, credited post: crew accounts and contributions."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from media_assets.models import MediaAsset, Post, PostStatus, Provenance
from media_assets.services import post_publish, post_reject
from productions.models import ClaimStatus, PersonClaim, Role
from tests.conftest import image_bytes
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def production():
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def crew_client(client, crew_person, production):
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    client.force_login(crew_person.user)
    return client


def contribution(production, images=(), **extra) -> dict:
    data = {
        "production": production.pk,
        "title": "Balloon lights on the quay",
        "body": "Three **balloon lights** and a lot of cable.",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "source_platform": "original",
        "source_url": "",
        "tags": "lighting, night shoot",
        "images-TOTAL_FORMS": "4",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12",
    }
    for index in range(4):
        data[f"images-{index}-alt_text"] = ""
        data[f"images-{index}-credited_to"] = ""
        data[f"images-{index}-kept"] = ""
    for index, (upload, alt_text) in enumerate(images):
        data[f"images-{index}-image"] = upload
        data[f"images-{index}-alt_text"] = alt_text
    data.update(extra)
    return data


def jpeg(name="still.jpg", color=(200, 30, 30), size=(900, 600)):
    return SimpleUploadedFile(name, image_bytes("JPEG", size, color=color))


# --- Accounts ---------------------------------------------------------------------


def test_sign_up_then_claim_a_person_and_a_curator_approves(client, curator):
    person = PersonFactory(name="Marta Ilves")
    response = client.post(
        reverse("productions:signup"),
        {
            "username": "marta",
            "email": "Marta@Example.com",
            "password1": "a-long-harbour-password",
            "password2": "a-long-harbour-password",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("productions:claim")
    user = get_user_model().objects.get(username="marta")
    assert user.email == "marta@example.com"

    found = client.get(reverse("productions:claim"), {"q": "marta"})
    assert "Marta Ilves" in found.content.decode()
    client.post(
        reverse("productions:claim"),
        {"person": person.pk, "message": "DP on The Salt Orchard."},
    )
    claim = PersonClaim.objects.get()
    assert (claim.user, claim.person, claim.status) == (
        user,
        person,
        ClaimStatus.PENDING,
    )
    # Until a curator approves, the account is a fan.
    assert client.get(reverse("media_assets:contribute")).status_code == 403

    client.force_login(curator)
    client.post(
        reverse("admin:productions_personclaim_changelist"),
        {"action": "approve_claims", "_selected_action": [claim.pk]},
    )
    person.refresh_from_db()
    claim.refresh_from_db()
    assert person.user == user
    assert claim.status == ClaimStatus.APPROVED
    assert claim.reviewed_by == curator


def test_sign_up_refuses_a_taken_email_and_weak_passwords(client):
    UserFactory(username="someone", email="taken@example.com")
    response = client.post(
        reverse("productions:signup"),
        {
            "username": "newbie",
            "email": "taken@example.com",
            "password1": "123",
            "password2": "123",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "already exists" in page
    assert "too short" in page


def test_a_person_already_linked_cannot_be_claimed(client, crew_person, fan):
    client.force_login(fan)
    response = client.post(reverse("productions:claim"), {"person": crew_person.pk})
    assert response.status_code == 400
    assert not PersonClaim.objects.exists()


def test_approving_one_claim_refuses_the_others_on_the_same_person(curator):
    from productions.services import person_claim_approve, person_claim_submit

    person = PersonFactory()
    first = person_claim_submit(user=UserFactory(), person=person)
    second = person_claim_submit(user=UserFactory(), person=person)
    person_claim_approve(claim=first, curator=curator)
    second.refresh_from_db()
    assert second.status == ClaimStatus.REJECTED


def test_password_reset_sends_a_working_link(client, crew_person):
    crew_person.user.email = "crew@example.com"
    crew_person.user.save()
    response = client.post(reverse("password_reset"), {"email": "crew@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)
    page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in page.content.decode()


def test_login_page_and_sign_out(client, crew_person):
    assert client.get(reverse("login")).status_code == 200
    response = client.post(
        reverse("login"), {"username": crew_person.user.username, "password": "pw"}
    )
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302


# --- Contributing ---------------------------------------------------------------------


def test_fans_and_visitors_cannot_reach_contribute(client, fan):
    url = reverse("media_assets:contribute")
    assert client.get(url)["Location"].startswith(reverse("login"))
    client.force_login(fan)
    response = client.get(url)
    assert response.status_code == 403
    assert "Find my credits" in response.content.decode()


def test_crew_submit_a_post_with_two_images(crew_client, crew_person, production):
    page = crew_client.get(reverse("media_assets:contribute")).content.decode()
    assert production.title in page
    photographer = PersonFactory()
    CreditFactory(production=production, person=photographer)
    response = crew_client.post(
        reverse("media_assets:contribute"),
        contribution(
            production,
            images=[
                (jpeg("one.jpg"), "Balloon light rising over the quay"),
                (jpeg("two.jpg", color=(20, 60, 140)), "Cable runs along the harbour"),
            ],
            **{"images-1-credited_to": photographer.pk},
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Post.objects.get()
    assert post.status == PostStatus.PENDING
    assert post.provenance == Provenance.FIRST_HAND
    assert post.author == crew_person.user
    media = list(post.media.order_by("position"))
    assert [m.alt_text for m in media] == [
        "Balloon light rising over the quay",
        "Cable runs along the harbour",
    ]
    assert media[1].credited_to == photographer
    assert sorted(post.tags.names()) == ["lighting", "night shoot"]
    listing = crew_client.get(reverse("media_assets:my-posts")).content.decode()
    assert post.title in listing and "Pending review" in listing


def test_one_bad_image_keeps_everything_else(crew_client, production, files_in_media):
    response = crew_client.post(
        reverse("media_assets:contribute"),
        contribution(
            production,
            images=[
                (jpeg("good.jpg"), "A good picture"),
                (SimpleUploadedFile("bad.jpg", b"GIF89a-not-really"), "A bad picture"),
            ],
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "not an image we can read" in page
    assert 'value="Balloon lights on the quay"' in page
    assert "good.jpg is uploaded" in page
    assert Post.objects.count() == 0
    assert files_in_media() == []
    kept = re.search(r'name="images-0-kept" value="([0-9a-f]+)"', page).group(1)

    # Sending the form again with the bad image replaced needs no new good file.
    retry = contribution(
        production,
        images=[(None, "A good picture"), (jpeg("fixed.jpg", (9, 99, 9)), "Fixed")],
        **{"images-0-kept": kept},
    )
    del retry["images-0-image"]
    response = crew_client.post(reverse("media_assets:contribute"), retry)
    assert response.status_code == 302
    assert MediaAsset.objects.count() == 2
    # Each: its original, 3 crops, and 480, 800 and 900 px wide in 3 formats.
    assert len(files_in_media()) == 2 * (1 + 3 + 3 * 3)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"source_platform": "instagram"}, "Give the link to the post on Instagram."),
        (
            {"source_platform": "youtube", "source_url": "https://vimeo.com/1"},
            "This link is not on YouTube",
        ),
        ({"happened_on": "2024-02-31"}, "Enter a valid date."),
        ({"kind": "hologram"}, "Select a valid choice."),
        ({"images-0-alt_text": "Orphan alt text"}, "Choose the image this alt text"),
    ],
)
def test_bad_input_gets_a_clear_message(crew_client, production, extra, message):
    response = crew_client.post(
        reverse("media_assets:contribute"), contribution(production, **extra)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Post.objects.exists()


def test_images_need_alt_text(crew_client, production, files_in_media):
    response = crew_client.post(
        reverse("media_assets:contribute"),
        contribution(production, images=[(jpeg(), "")]),
    )
    assert response.status_code == 400
    assert "Describe the image for screen readers." in response.content.decode()
    assert files_in_media() == []


def test_crew_cannot_post_for_a_production_they_are_not_credited_on(crew_client):
    elsewhere = ProductionFactory(title="Somebody Else's Film")
    page = crew_client.get(reverse("media_assets:contribute")).content.decode()
    assert "Somebody Else&#x27;s Film" not in page
    response = crew_client.post(
        reverse("media_assets:contribute"), contribution(elsewhere)
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Post.objects.exists()


def test_authors_edit_and_withdraw_until_published(
    crew_client, crew_person, production, curator
):
    crew_client.post(reverse("media_assets:contribute"), contribution(production))
    post = Post.objects.get()
    edit_url = reverse("media_assets:post-edit", args=[post.slug])
    response = crew_client.post(
        edit_url, contribution(production, title="Balloon lights, take two")
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Balloon lights, take two"

    post_reject(post=post, actor=curator, note="Please add a photo.")
    listing = crew_client.get(reverse("media_assets:my-posts")).content.decode()
    assert "Please add a photo." in listing
    crew_client.post(
        edit_url,
        contribution(production, images=[(jpeg(), "The photo you asked for")]),
    )
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    assert post.media.count() == 1

    post_publish(post=post, actor=curator)
    assert crew_client.get(edit_url).status_code == 403
    withdraw_url = reverse("media_assets:post-withdraw", args=[post.slug])
    assert crew_client.post(withdraw_url).status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_authors_withdraw_pending_posts(crew_client, production):
    crew_client.post(reverse("media_assets:contribute"), contribution(production))
    post = Post.objects.get()
    url = reverse("media_assets:post-withdraw", args=[post.slug])
    assert crew_client.get(url).status_code == 200
    assert crew_client.post(url).status_code == 302
    assert not Post.objects.exists()


def test_crew_cannot_edit_another_crew_members_post(crew_client, production):
    other = PersonFactory(user=UserFactory())
    theirs = PostFactory(production=production, pending=True, author=other.user)
    assert (
        crew_client.get(
            reverse("media_assets:post-edit", args=[theirs.slug])
        ).status_code
        == 404
    )
    assert (
        crew_client.post(
            reverse("media_assets:post-withdraw", args=[theirs.slug])
        ).status_code
        == 404
    )


def test_crew_cannot_publish_their_own_post(crew_client, crew_person, production):
    crew_client.post(reverse("media_assets:contribute"), contribution(production))
    post = Post.objects.get()
    crew_client.post(
        reverse("media_assets:post-edit", args=[post.slug]),
        contribution(production, status="published", is_featured="on"),
    )
    assert crew_client.get("/admin/").status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING
    assert not post.is_featured


def test_pending_posts_are_invisible_everywhere_public(client, crew_client, production):
    crew_client.post(
        reverse("media_assets:contribute"),
        contribution(production, title="Zzyzx secret pending"),
    )
    post = Post.objects.get()
    client.logout()
    urls = [
        "/",
        "/posts/",
        production.get_absolute_url(),
        "/search/?q=zzyzx",
        "/feeds/latest/",
        f"/productions/{production.slug}/feed/",
        "/sitemap.xml",
        "/api/v1/posts/",
        "/api/v1/posts/?search=zzyzx",
        f"/api/v1/productions/{production.slug}/posts/",
        f"/api/v1/productions/{production.slug}/?expand=posts",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Zzyzx" not in response.content, url
    assert client.get(post.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/posts/{post.slug}/").status_code == 404


def test_published_crew_post_appears_on_the_timeline(
    client, crew_client, production, curator
):
    crew_client.post(reverse("media_assets:contribute"), contribution(production))
    post = Post.objects.get()
    post_publish(post=post, actor=curator)
    client.logout()
    page = client.get(production.get_absolute_url()).content.decode()
    assert post.title in page
    assert "First-hand" in client.get(post.get_absolute_url()).content.decode()


def test_tags_too_long_for_the_database_are_refused(crew_client, production):
    response = crew_client.post(
        reverse("media_assets:contribute"),
        contribution(production, tags="x" * 101),
    )
    assert response.status_code == 400
    assert "too long for a tag" in response.content.decode()
    assert not Post.objects.exists()
