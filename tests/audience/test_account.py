"""A user's own account: the export of everything held about them, and deleting
the account (pages, services and API)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from audience.account import AuthoredPosts, account_delete, account_export
from audience.models import (
    Answer,
    Applause,
    FeedToken,
    Follow,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboundEmail,
    Question,
    QuestionReport,
    SeenProduction,
    VerifiedEmail,
)
from audience.services import applause_add, feed_token_renew, follow_add
from bts_catalog.images import intake_image
from media_assets import services as media_services
from media_assets.models import MediaAsset, Post, Provenance
from productions.models import Person, PersonClaim
from tests.factories import PersonFactory, PostFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def crew_client(crew_person) -> Client:
    client = Client()
    client.force_login(crew_person.user)
    return client


@pytest.fixture
def holdings(crew_person, other_fan, things, make_image):
    """A crew account holding one of everything, and another fan's rows beside it."""
    crew = crew_person.user
    production = things["production"]
    published = PostFactory(
        production=production,
        author=crew,
        title="Rigging the orchard",
        provenance=Provenance.FIRST_HAND,
    )
    media_services.media_asset_add(
        post=published,
        actor=None,
        upload=intake_image(make_image(), name="rig.jpg"),
        alt_text="Lamps in the trees",
        caption="The rig at dusk",
    )
    draft = PostFactory(production=production, author=crew, title="Unsent", draft=True)
    someone_elses = PostFactory(production=production, title="Costume fitting")

    follow_add(user=crew, target=production)
    follow_add(user=crew, target=things["tag"])
    follow_add(user=other_fan, target=things["person"])
    applause_add(user=crew, post=someone_elses)
    applause_add(user=other_fan, post=published)
    feed_token_renew(user=crew)
    SeenProduction.objects.create(user=crew, production=production)
    NotificationPreference.objects.create(
        user=crew, kind=NotificationKind.QUESTION, frequency="off"
    )
    Notification.objects.create(
        user=crew,
        kind=NotificationKind.POST_REVIEWED,
        key="reviewed-1",
        message="Your post is published",
        url=published.get_absolute_url(),
    )
    Notification.objects.create(
        user=other_fan, kind=NotificationKind.ANSWER, key="a-1", message="Not theirs"
    )
    OutboundEmail.objects.create(
        user=crew,
        key="email-1",
        to_address=crew.email,
        subject="Your post is published",
        body_text="…",
    )
    VerifiedEmail.objects.create(user=crew, email=crew.email)
    asked = Question.objects.create(
        post=someone_elses, asker=crew, body="Which lens did you use?"
    )
    Answer.objects.create(question=asked, body="A 35mm.")
    theirs = Question.objects.create(
        post=published, asker=other_fan, body="How tall is the rig?"
    )
    written = Answer.objects.create(
        question=theirs, author=crew, person=crew_person, body="Six metres."
    )
    QuestionReport.objects.create(question=theirs, reporter=crew, reason="Spam?")
    PersonClaim.objects.create(user=crew, person=PersonFactory(name="M. Ilves"))
    return {
        "crew": crew,
        "person": crew_person,
        "published": published,
        "draft": draft,
        "someone_elses": someone_elses,
        "asked": asked,
        "theirs": theirs,
        "written": written,
    }


def rows_of(user_id: int) -> dict[str, int]:
    """The rows that point at a user, by model (every relation to the user model)."""
    counts = {}
    for relation in User._meta.related_objects:
        rows = relation.related_model._default_manager.filter(
            **{relation.field.name: user_id}
        )
        counts[relation.related_model._meta.label] = rows.count()
    return counts


# --- What cascades ----------------------------------------------------------------
def test_every_relation_to_a_user_says_what_happens_on_deletion():
    """Rows the user made go with them; shared public ones stay without them. A new
    relation must be placed on one side of this list on purpose."""
    policies = {
        relation.related_model._meta.label: relation.on_delete.__name__
        for relation in User._meta.related_objects
    }
    assert policies == {
        "admin.LogEntry": "CASCADE",
        "authtoken.Token": "CASCADE",
        "productions.Person": "SET_NULL",
        "productions.PersonClaim": "CASCADE",
        "media_assets.Post": "SET_NULL",
        "audience.Follow": "CASCADE",
        "audience.FeedToken": "CASCADE",
        "audience.Applause": "CASCADE",
        "audience.SeenProduction": "CASCADE",
        "audience.NotificationPreference": "CASCADE",
        "audience.Notification": "CASCADE",
        "audience.VerifiedEmail": "CASCADE",
        "audience.OutboundEmail": "CASCADE",
        "audience.Question": "CASCADE",
        "audience.Answer": "SET_NULL",
        "audience.QuestionReport": "CASCADE",
        "webhooks.WebhookEndpoint": "SET_NULL",
    }


# --- Export -------------------------------------------------------------------------
def test_export_holds_the_users_rows_and_nothing_of_anyone_elses(holdings):
    crew = holdings["crew"]
    data = account_export(user=crew)
    json.dumps(data)  # ready to serialise as it is

    assert data["format"] == "bts-catalog-account-export"
    assert data["version"] == 1
    assert data["account"]["username"] == "crew"
    assert data["account"]["verified_email"]["email"] == crew.email
    assert data["person"]["slug"] == holdings["person"].slug
    assert [claim["person"]["name"] for claim in data["person_claims"]] == ["M. Ilves"]
    assert sorted(f["kind"] for f in data["follows"]) == ["production", "tag"]
    assert (
        data["private_feed"]["url"]
        == FeedToken.objects.get(user=crew).get_absolute_url()
    )
    assert [a["post"]["name"] for a in data["applause"]] == ["Costume fitting"]
    assert len(data["seen_productions"]) == 1
    question_pref = next(
        p for p in data["notification_preferences"] if p["kind"] == "question"
    )
    assert question_pref == {"kind": "question", "frequency": "off", "chosen": True}
    assert [n["message"] for n in data["notifications"]] == ["Your post is published"]
    assert [e["subject"] for e in data["emails"]] == ["Your post is published"]
    assert "body_text" not in data["emails"][0]
    [question] = data["questions"]
    assert question["body"] == "Which lens did you use?"
    assert question["answer"]["body"] == "A 35mm."
    assert [a["body"] for a in data["answers"]] == ["Six metres."]
    assert [r["reason"] for r in data["question_reports"]] == ["Spam?"]
    assert sorted(p["title"] for p in data["posts"]) == [
        "Rigging the orchard",
        "Unsent",
    ]
    rig = next(p for p in data["posts"] if p["title"] == "Rigging the orchard")
    [medium] = rig["media"]
    assert medium["alt_text"] == "Lamps in the trees"
    assert medium["file_url"].startswith("/media/")

    everything = json.dumps(data)
    # (The question each answer of theirs answers is there, for its context.)
    for theirs in ("Not theirs", "other-fan", "Marta Ilves"):
        assert theirs not in everything


def test_export_of_an_empty_account(other_fan):
    data = account_export(user=other_fan)
    assert data["person"] is None
    assert data["private_feed"] is None
    assert data["follows"] == data["posts"] == data["questions"] == []


def test_export_queries_do_not_grow_with_the_rows(
    holdings, things, django_assert_max_num_queries
):
    crew = holdings["crew"]
    with django_assert_max_num_queries(40) as first:
        account_export(user=crew)
    for n in range(3):
        post = PostFactory(production=things["production"], author=crew)
        applause_add(user=crew, post=post)
        Question.objects.create(post=post, asker=crew, body=f"Question {n}")
    follow_add(user=crew, target=things["craft"])
    with django_assert_max_num_queries(len(first.captured_queries)):
        account_export(user=crew)


def test_export_download_is_an_uncached_attachment(holdings, crew_client):
    response = crew_client.get(reverse("audience:account-export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["account"]["username"] == "crew"
    assert data["posts"][0]["url"].startswith("http://testserver/posts/")


def test_account_pages_ask_anonymous_visitors_to_sign_in(client):
    for name in ("audience:account", "audience:account-export"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("audience:account-delete"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_account_page_shows_counts_the_download_and_the_form(holdings, crew_client):
    response = crew_client.get(reverse("audience:account"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert reverse("audience:account-export") in page
    assert "2 follows" in page
    assert "2 posts (1 published)" in page
    assert 'name="confirm"' in page
    assert page.count('name="posts"') == 2
    assert reverse("audience:account") in crew_client.get("/").content.decode()


# --- Deletion -----------------------------------------------------------------------
def test_delete_keeping_posts(
    holdings, crew_client, django_capture_on_commit_callbacks
):
    crew, person = holdings["crew"], holdings["person"]
    published, written = holdings["published"], holdings["written"]
    with django_capture_on_commit_callbacks(execute=True):
        response = crew_client.post(
            reverse("audience:account-delete"), {"confirm": "crew", "posts": "keep"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("showcase:home")
    assert not User.objects.filter(pk=crew.pk).exists()
    assert all(count == 0 for count in rows_of(crew.pk).values())

    published.refresh_from_db()
    assert published.author is None
    assert Post.objects.published().filter(pk=published.pk).exists()
    assert MediaAsset.objects.filter(post=published).count() == 1
    assert not Post.objects.filter(pk=holdings["draft"].pk).exists()
    written.refresh_from_db()
    assert written.author is None  # the answer stays, by the person still shown
    assert not Question.objects.filter(pk=holdings["asked"].pk).exists()
    assert not Answer.objects.filter(question_id=holdings["asked"].pk).exists()
    assert Question.objects.filter(pk=holdings["theirs"].pk).exists()
    assert Person.objects.get(pk=person.pk).user is None
    assert not Follow.objects.filter(user_id=crew.pk).exists()
    assert Follow.objects.count() == 1  # the other fan's
    assert Applause.objects.filter(post=published).count() == 1  # the other fan's

    # Signed out, told so, and the post shows its author as removed.
    home = crew_client.get(response["Location"])
    assert "Your account has been deleted." in home.content.decode()
    assert "Sign in" in home.content.decode()
    page = crew_client.get(published.get_absolute_url()).content.decode()
    assert "Author's account removed" in page


def test_delete_deleting_posts_removes_their_media_files(
    holdings, files_in_media, django_capture_on_commit_callbacks
):
    crew, published = holdings["crew"], holdings["published"]
    stored = MediaAsset.objects.get(post=published).stored_files()
    assert stored and set(stored) <= set(files_in_media())

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=crew, posts=AuthoredPosts.DELETE)

    assert crew.pk is None
    assert not Post.objects.filter(pk=published.pk).exists()
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []
    assert not Answer.objects.filter(pk=holdings["written"].pk).exists()
    assert Post.objects.filter(pk=holdings["someone_elses"].pk).exists()
    assert Person.objects.get(pk=holdings["person"].pk).user is None


def test_deleting_an_account_bumps_the_content_version(
    holdings, django_capture_on_commit_callbacks
):
    from bts_catalog.caching import content_version

    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=holdings["crew"], posts="keep")
    assert content_version() > before


def test_wrong_confirmation_deletes_nothing(holdings, crew_client):
    crew = holdings["crew"]
    before = rows_of(crew.pk)
    for data in (
        {"confirm": "Crew", "posts": "keep"},
        {"confirm": "crew"},
        {"confirm": "crew", "posts": "both"},
        {"posts": "delete"},
    ):
        response = crew_client.post(reverse("audience:account-delete"), data)
        assert response.status_code == 400
        assert 'class="field-errors"' in response.content.decode()
    assert (
        "That is not your username"
        in crew_client.post(
            reverse("audience:account-delete"), {"confirm": "nope", "posts": "keep"}
        ).content.decode()
    )
    assert User.objects.filter(pk=crew.pk).exists()
    assert rows_of(crew.pk) == before
    assert crew_client.get(reverse("audience:account")).status_code == 200


@pytest.mark.parametrize("role", ["curator", "superuser"])
def test_staff_accounts_are_refused(request, role):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    page = client.get(reverse("audience:account")).content.decode()
    assert "a superuser removes them in admin" in page
    assert 'name="confirm"' not in page

    response = client.post(
        reverse("audience:account-delete"),
        {"confirm": user.username, "posts": "keep"},
        follow=True,
    )
    assert "cannot be deleted from here" in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    with pytest.raises(PermissionDenied):
        account_delete(user=user, posts="keep")


# --- API ----------------------------------------------------------------------------
@pytest.fixture
def crew_api(crew_person) -> APIClient:
    client = APIClient()
    client.force_authenticate(crew_person.user)
    return client


def test_api_export(holdings, crew_api, client):
    response = crew_api.get("/api/v1/me/export/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    data = response.json()
    assert data["account"]["username"] == "crew"
    assert {p["title"] for p in data["posts"]} == {"Rigging the orchard", "Unsent"}
    assert client.get("/api/v1/me/export/").status_code in (401, 403)


@pytest.mark.parametrize(
    ("given", "fields"),
    [
        ({}, {"confirm", "posts"}),
        ({"confirm": "crew"}, {"posts"}),
        ({"confirm": "someone", "posts": "keep"}, {"confirm"}),
        ({"confirm": "crew", "posts": "maybe"}, {"posts"}),
    ],
)
def test_api_delete_needs_both_fields_right(holdings, crew_api, given, fields):
    response = crew_api.delete("/api/v1/me/account/", given, format="json")
    assert response.status_code == 400
    assert set(response.json()) - {"code", "message"} == fields
    assert User.objects.filter(pk=holdings["crew"].pk).exists()


def test_api_delete_by_query(holdings, crew_api, django_capture_on_commit_callbacks):
    crew = holdings["crew"]
    with django_capture_on_commit_callbacks(execute=True):
        response = crew_api.delete("/api/v1/me/account/?confirm=crew&posts=delete")
    assert response.status_code == 204
    assert not User.objects.filter(pk=crew.pk).exists()
    assert not Post.objects.filter(pk=holdings["published"].pk).exists()


def test_api_delete_by_body_keeping_posts(holdings, crew_api):
    response = crew_api.delete(
        "/api/v1/me/account/", {"confirm": "crew", "posts": "keep"}, format="json"
    )
    assert response.status_code == 204
    holdings["published"].refresh_from_db()
    assert holdings["published"].author is None


def test_api_refuses_staff_and_anonymous(superuser, client):
    api = APIClient()
    api.force_authenticate(superuser)
    response = api.delete(
        "/api/v1/me/account/", {"confirm": "root", "posts": "keep"}, format="json"
    )
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]
    assert User.objects.filter(pk=superuser.pk).exists()
    assert APIClient().delete("/api/v1/me/account/").status_code in (401, 403)
