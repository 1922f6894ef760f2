"""Who may do what to a post, on every page and endpoint (DESIGN §5).

Each table below is the expected outcome, written out from DESIGN §5 and the
README, for every role and (where it matters) every status of the post:

* read: everyone sees published posts; an author sees their own in any status;
  curators (staff) see everything;
* create: crew credited on the production only (crew credited elsewhere and fans
  get a 400 naming the production; anonymous clients a 401 or the login page);
* edit / delete / add media: the author until the post is published, curators
  always; anyone else gets a 404 when they cannot see the post, a 403 when they can;
* publish: curators only. Crew cannot publish by any path: admin sends them to its
  login page, the API ignores or refuses status fields.

Every cell checks the response and what happened to the data. The posts under
test are written by ``crew_on`` (credited on the production); ``co_crew`` is also
credited on it but is not the author.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from bts_catalog.images import intake_image
from media_assets.models import MediaAsset, ModerationEvent, Post, PostStatus
from media_assets.services import media_asset_add
from productions.models import Credit, Production, Role
from tests.conftest import image_bytes
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "fan",
    "crew_on",
    "co_crew",
    "crew_elsewhere",
    "curator",
    "superuser",
)
STATUSES = ("draft", "pending", "published", "rejected")
NEW_TITLE = "Rigging the quay, take two"
SUBMITTED_TITLE = "Balloon lights on the quay"

# Outcomes are "<response> <effect>".
#   response: an HTTP status, or "login" / "admin-login" (a 302 to that sign-in page)
#   effect on the post (default "same"):
#     same       nothing changed (title, status, featuring, media, history)
#     edited     the new title is stored, the status is unchanged
#     edited+pending  the new title is stored and a rejected post is pending again
#     pending    only the status changed, to pending (an author's edit resubmits)
#     gone       the post is deleted
#     published  the post is published (and the change recorded)
#     media      one image (original, crops and sizes) was added
#     retold     a medium's alt text changed (PATCH /api/v1/media/{id}/)
#   effect of a submission: created-pending, created-draft, none
#   effect on a catalogue row: changed, created, same / none

# fmt: off
# --- Pages -------------------------------------------------------------------------
#                  draft         pending       published     rejected
POST_DETAIL_PAGE = {
    "anonymous":      ("404",        "404",        "200",        "404"),
    "fan":            ("404",        "404",        "200",        "404"),
    "crew_on":        ("200",        "200",        "200",        "200"),
    "co_crew":        ("404",        "404",        "200",        "404"),
    "crew_elsewhere": ("404",        "404",        "200",        "404"),
    "curator":        ("200",        "200",        "200",        "200"),
    "superuser":      ("200",        "200",        "200",        "200"),
}
# Curators and superusers have no person: /contribute/ is for crew, they use admin.
CONTRIBUTE_PAGE = {
    "anonymous":      "login",
    "fan":            "403",
    "crew_on":        "200",
    "co_crew":        "200",
    "crew_elsewhere": "200",
    "curator":        "403",
    "superuser":      "403",
}
CONTRIBUTE_SUBMIT = {
    "anonymous":      "login none",
    "fan":            "403 none",
    "crew_on":        "302 created-pending",
    "co_crew":        "302 created-pending",
    "crew_elsewhere": "400 none",
    "curator":        "403 none",
    "superuser":      "403 none",
}
# /my/posts/… is the author's own space: anybody else's post is not found there.
EDIT_PAGE = {
    "anonymous":      ("login",      "login",      "login",      "login"),
    "fan":            ("403",        "403",        "403",        "403"),
    "crew_on":        ("200",        "200",        "403",        "200"),
    "co_crew":        ("404",        "404",        "404",        "404"),
    "crew_elsewhere": ("404",        "404",        "404",        "404"),
    "curator":        ("403",        "403",        "403",        "403"),
    "superuser":      ("403",        "403",        "403",        "403"),
}
EDIT_SUBMIT = {
    "anonymous":      ("login",      "login",      "login",      "login"),
    "fan":            ("403",        "403",        "403",        "403"),
    "crew_on":        ("302 edited", "302 edited", "403",        "302 edited+pending"),
    "co_crew":        ("404",        "404",        "404",        "404"),
    "crew_elsewhere": ("404",        "404",        "404",        "404"),
    "curator":        ("403",        "403",        "403",        "403"),
    "superuser":      ("403",        "403",        "403",        "403"),
}
WITHDRAW = {
    "anonymous":      ("login",      "login",      "login",      "login"),
    "fan":            ("403",        "403",        "403",        "403"),
    "crew_on":        ("302 gone",   "302 gone",   "403",        "302 gone"),
    "co_crew":        ("404",        "404",        "404",        "404"),
    "crew_elsewhere": ("404",        "404",        "404",        "404"),
    "curator":        ("403",        "403",        "403",        "403"),
    "superuser":      ("403",        "403",        "403",        "403"),
}
ADMIN_CHANGE_PAGE = {
    "anonymous":      ("admin-login",) * 4,
    "fan":            ("admin-login",) * 4,
    "crew_on":        ("admin-login",) * 4,
    "co_crew":        ("admin-login",) * 4,
    "crew_elsewhere": ("admin-login",) * 4,
    "curator":        ("200",) * 4,
    "superuser":      ("200",) * 4,
}
ADMIN_PUBLISH_ACTION = {
    "anonymous":      ("admin-login",) * 4,
    "fan":            ("admin-login",) * 4,
    "crew_on":        ("admin-login",) * 4,
    "co_crew":        ("admin-login",) * 4,
    "crew_elsewhere": ("admin-login",) * 4,
    "curator":        ("302 published",) * 4,
    "superuser":      ("302 published",) * 4,
}
ADMIN_CHANGE_FORM_PUBLISH = ADMIN_PUBLISH_ACTION

# --- API ---------------------------------------------------------------------------
#                  draft         pending       published     rejected
API_POST_DETAIL = POST_DETAIL_PAGE
API_SUBMIT = {
    "anonymous":      "401 none",
    "fan":            "400 none",
    "crew_on":        "201 created-pending",
    "co_crew":        "201 created-pending",
    "crew_elsewhere": "400 none",
    "curator":        "201 created-draft",
    "superuser":      "201 created-draft",
}
API_EDIT = {
    "anonymous":      ("401",        "401",        "401",        "401"),
    "fan":            ("404",        "404",        "403",        "404"),
    "crew_on":        ("200 edited", "200 edited", "403",        "200 edited+pending"),
    "co_crew":        ("404",        "404",        "403",        "404"),
    "crew_elsewhere": ("404",        "404",        "403",        "404"),
    "curator":        ("200 edited", "200 edited", "200 edited", "200 edited"),
    "superuser":      ("200 edited", "200 edited", "200 edited", "200 edited"),
}
# {"status": "published", "is_featured": true, ...}: nobody publishes through the API.
API_PUBLISH_ATTEMPT = {
    "anonymous":      ("401",        "401",        "401",        "401"),
    "fan":            ("404",        "404",        "403",        "404"),
    "crew_on":        ("200",        "200",        "403",        "200 pending"),
    "co_crew":        ("404",        "404",        "403",        "404"),
    "crew_elsewhere": ("404",        "404",        "403",        "404"),
    "curator":        ("200",        "200",        "200",        "200"),
    "superuser":      ("200",        "200",        "200",        "200"),
}
API_DELETE = {
    "anonymous":      ("401",        "401",        "401",        "401"),
    "fan":            ("404",        "404",        "403",        "404"),
    "crew_on":        ("204 gone",   "204 gone",   "403",        "204 gone"),
    "co_crew":        ("404",        "404",        "403",        "404"),
    "crew_elsewhere": ("404",        "404",        "403",        "404"),
    "curator":        ("204 gone",   "204 gone",   "204 gone",   "204 gone"),
    "superuser":      ("204 gone",   "204 gone",   "204 gone",   "204 gone"),
}
API_ADD_MEDIA = {
    "anonymous":      ("401",        "401",        "401",        "401"),
    "fan":            ("404",        "404",        "403",        "404"),
    "crew_on":        ("201 media",  "201 media",  "403",        "201 media"),
    "co_crew":        ("404",        "404",        "403",        "404"),
    "crew_elsewhere": ("404",        "404",        "403",        "404"),
    "curator":        ("201 media",  "201 media",  "201 media",  "201 media"),
    "superuser":      ("201 media",  "201 media",  "201 media",  "201 media"),
}
API_CHANGE_MEDIA = {
    "anonymous":      ("401",        "401",        "401",        "401"),
    "fan":            ("404",        "404",        "403",        "404"),
    "crew_on":        ("200 retold", "200 retold", "403",        "200 retold"),
    "co_crew":        ("404",        "404",        "403",        "404"),
    "crew_elsewhere": ("404",        "404",        "403",        "404"),
    "curator":        ("200 retold", "200 retold", "200 retold", "200 retold"),
    "superuser":      ("200 retold", "200 retold", "200 retold", "200 retold"),
}
# The catalogue is written by curators only (Django model permissions).
API_CREATE_PRODUCTION = {
    "anonymous":      "401 none",
    "fan":            "403 none",
    "crew_on":        "403 none",
    "co_crew":        "403 none",
    "crew_elsewhere": "403 none",
    "curator":        "201 created",
    "superuser":      "201 created",
}
# crew_on tries to change (and verify) their own credit.
API_CHANGE_CREDIT = {
    "anonymous":      "401 same",
    "fan":            "403 same",
    "crew_on":        "403 same",
    "co_crew":        "403 same",
    "crew_elsewhere": "403 same",
    "curator":        "200 changed",
    "superuser":      "200 changed",
}
# fmt: on

BY_STATUS = [
    POST_DETAIL_PAGE,
    EDIT_PAGE,
    EDIT_SUBMIT,
    WITHDRAW,
    ADMIN_CHANGE_PAGE,
    ADMIN_PUBLISH_ACTION,
    ADMIN_CHANGE_FORM_PUBLISH,
    API_POST_DETAIL,
    API_EDIT,
    API_PUBLISH_ATTEMPT,
    API_DELETE,
    API_ADD_MEDIA,
    API_CHANGE_MEDIA,
]
BY_ROLE = [
    CONTRIBUTE_PAGE,
    CONTRIBUTE_SUBMIT,
    API_SUBMIT,
    API_CREATE_PRODUCTION,
    API_CHANGE_CREDIT,
]
CELL_COUNT = len(BY_STATUS) * len(ROLES) * len(STATUSES) + len(BY_ROLE) * len(ROLES)


def per_status(table: dict) -> list:
    return [
        pytest.param(role, status, outcome, id=f"{role}-{status}")
        for role in ROLES
        for status, outcome in zip(STATUSES, table[role], strict=True)
    ]


def per_role(table: dict) -> list:
    return [pytest.param(role, table[role], id=role) for role in ROLES]


def parse(outcome: str, default: str = "same") -> tuple[str, str]:
    response, _, effect = outcome.partition(" ")
    return response, effect or default


def test_every_table_covers_every_role_and_status():
    for table in BY_STATUS:
        assert set(table) == set(ROLES)
        assert all(len(row) == len(STATUSES) for row in table.values())
    for table in BY_ROLE:
        assert set(table) == set(ROLES)
    assert CELL_COUNT == 399


# --- The world -----------------------------------------------------------------------


@pytest.fixture
def world(fan, curator, superuser, crew_person):
    production = ProductionFactory(title="The Salt Orchard")
    elsewhere = ProductionFactory(title="Somebody Else's Film")
    gaffer = Role.objects.get(slug="gaffer")
    credit = CreditFactory(production=production, person=crew_person, role=gaffer)
    co_crew = PersonFactory(user=UserFactory(username="co-crew"))
    CreditFactory(production=production, person=co_crew, role=gaffer)
    far = PersonFactory(user=UserFactory(username="crew-elsewhere"))
    CreditFactory(production=elsewhere, person=far, role=gaffer)
    users = {
        "anonymous": None,
        "fan": fan,
        "crew_on": crew_person.user,
        "co_crew": co_crew.user,
        "crew_elsewhere": far.user,
        "curator": curator,
        "superuser": superuser,
    }
    return SimpleNamespace(
        production=production, elsewhere=elsewhere, credit=credit, users=users
    )


def make_post(world, status: str) -> Post:
    traits = {} if status == "published" else {status: True}
    return PostFactory(
        production=world.production,
        author=world.users["crew_on"],
        title="Rigging the quay",
        provenance="first_hand",
        moderation_note="Needs a photo credit." if status == "rejected" else "",
        **traits,
    )


def page_client(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def api_client(world, role: str) -> APIClient:
    client = APIClient()
    if world.users[role] is not None:
        client.force_authenticate(world.users[role])
    return client


def snapshot(post: Post) -> dict:
    post = Post.objects.get(pk=post.pk)
    return {
        "title": post.title,
        "status": post.status,
        "is_featured": post.is_featured,
        "published_at": post.published_at,
        "provenance": post.provenance,
        "production": post.production_id,
        "author": post.author_id,
        "media": post.media.count(),
        "events": post.events.count(),
    }


def assert_response(response, expected: str) -> None:
    body = response.content[:2000]
    if expected in {"login", "admin-login"}:
        prefix = reverse("login") if expected == "login" else reverse("admin:login")
        assert response.status_code == 302, body
        assert response["Location"].startswith(prefix), response["Location"]
        return
    assert response.status_code == int(expected), body
    if expected == "401":
        assert response.has_header("WWW-Authenticate")


def assert_post_effect(
    post: Post, before: dict, effect: str, files_in_media=None
) -> None:
    if effect == "gone":
        assert not Post.objects.filter(pk=post.pk).exists()
        return
    after = snapshot(post)
    expected = dict(before)
    if effect in {"edited", "edited+pending"}:
        expected["title"] = NEW_TITLE
    if effect in {"pending", "edited+pending"}:
        expected["status"] = PostStatus.PENDING
        expected["events"] += 1
    if effect == "published":
        expected["status"] = PostStatus.PUBLISHED
        if before["status"] != PostStatus.PUBLISHED:
            expected["events"] += 1
            assert after["published_at"] is not None
            expected["published_at"] = after["published_at"]
    if effect == "media":
        expected["media"] += 1
        assert len(files_in_media()) == 7
    elif files_in_media is not None:
        assert files_in_media() == []
    assert effect in {
        "same",
        "edited",
        "edited+pending",
        "pending",
        "published",
        "media",
    }, effect
    assert after == expected


def assert_submission(world, role: str, effect: str, title: str) -> None:
    created = Post.objects.filter(title=title)
    if effect == "none":
        assert not created.exists()
        return
    post = created.get()
    assert post.production == world.production
    assert post.author == world.users[role]
    assert not post.is_featured and post.published_at is None
    if effect == "created-pending":
        assert (post.status, post.provenance) == (PostStatus.PENDING, "first_hand")
    else:
        assert effect == "created-draft"
        assert (post.status, post.provenance) == (PostStatus.DRAFT, "official")


# --- Pages ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(POST_DETAIL_PAGE))
def test_post_detail_page(world, role, status, outcome):
    post = make_post(world, status)
    before = snapshot(post)
    response = page_client(world, role).get(f"/posts/{post.slug}/")
    assert_response(response, outcome)
    if response.status_code == 200:
        assert post.title in response.content.decode()
    assert snapshot(post) == before


@pytest.mark.parametrize(("role", "outcome"), per_role(CONTRIBUTE_PAGE))
def test_contribute_page(world, role, outcome):
    response = page_client(world, role).get(reverse("media_assets:contribute"))
    assert_response(response, outcome)
    if outcome == "403":
        assert "Posting is for credited crew" in response.content.decode()
    if outcome == "200":
        offered = set(response.context["form"].fields["production"].queryset)
        credited_on_it = role in {"crew_on", "co_crew"}
        assert (world.production in offered) == credited_on_it
        assert (world.elsewhere in offered) == (role == "crew_elsewhere")


def contribution(production, **extra) -> dict:
    data = {
        "production": production.pk,
        "title": SUBMITTED_TITLE,
        "body": "Three **balloon lights** and a lot of cable.",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "source_platform": "original",
        "source_url": "",
        "tags": "lighting",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12",
        "images-0-alt_text": "",
        "images-0-credited_to": "",
        "images-0-kept": "",
        # Fields the form does not have: a crew member trying to publish.
        "status": "published",
        "is_featured": "on",
        "published_at": "2024-02-02 10:00",
        "provenance": "official",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(("role", "outcome"), per_role(CONTRIBUTE_SUBMIT))
def test_contribute_submit(world, role, outcome):
    expected, effect = parse(outcome)
    response = page_client(world, role).post(
        reverse("media_assets:contribute"), contribution(world.production)
    )
    assert_response(response, expected)
    if expected == "400":
        assert "production" in response.context["form"].errors
    assert_submission(world, role, effect, SUBMITTED_TITLE)


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(EDIT_PAGE))
def test_edit_page(world, role, status, outcome):
    post = make_post(world, status)
    before = snapshot(post)
    response = page_client(world, role).get(
        reverse("media_assets:post-edit", args=[post.slug])
    )
    assert_response(response, outcome)
    if outcome == "200":
        assert f'value="{post.title}"' in response.content.decode()
    assert snapshot(post) == before


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(EDIT_SUBMIT))
def test_edit_submit(world, role, status, outcome, files_in_media):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = page_client(world, role).post(
        reverse("media_assets:post-edit", args=[post.slug]),
        contribution(world.production, title=NEW_TITLE),
    )
    assert_response(response, expected)
    if expected == "302":
        assert response["Location"] == reverse("media_assets:my-posts")
    assert_post_effect(post, before, effect, files_in_media)


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(WITHDRAW))
def test_withdraw(world, role, status, outcome):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = page_client(world, role).post(
        reverse("media_assets:post-withdraw", args=[post.slug])
    )
    assert_response(response, expected)
    assert_post_effect(post, before, effect)


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(ADMIN_CHANGE_PAGE))
def test_admin_change_page(world, role, status, outcome):
    post = make_post(world, status)
    before = snapshot(post)
    response = page_client(world, role).get(
        reverse("admin:media_assets_post_change", args=[post.pk])
    )
    assert_response(response, outcome)
    if outcome == "200":
        assert post.title in response.content.decode()
    assert snapshot(post) == before


@pytest.mark.parametrize(
    ("role", "status", "outcome"), per_status(ADMIN_PUBLISH_ACTION)
)
def test_admin_publish_action(world, role, status, outcome):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = page_client(world, role).post(
        reverse("admin:media_assets_post_changelist"),
        {"action": "publish_posts", "_selected_action": [post.pk]},
    )
    assert_response(response, expected)
    assert_post_effect(post, before, effect)
    if effect == "published" and before["status"] != PostStatus.PUBLISHED:
        event = ModerationEvent.objects.get(post=post)
        assert event.actor == world.users[role]


def admin_change_form(post: Post, **extra) -> dict:
    data = {
        "production": post.production_id,
        "title": post.title,
        "slug": post.slug,
        "body": post.body,
        "tags": "",
        "kind": post.kind,
        "phase": post.phase,
        "happened_on": post.happened_on.isoformat(),
        "source_platform": post.source_platform,
        "source_url": post.source_url,
        "provenance": post.provenance,
        "author": post.author_id,
        "moderation_note": post.moderation_note,
        "media-TOTAL_FORMS": "0",
        "media-INITIAL_FORMS": "0",
        "media-MIN_NUM_FORMS": "0",
        "media-MAX_NUM_FORMS": "1000",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize(
    ("role", "status", "outcome"), per_status(ADMIN_CHANGE_FORM_PUBLISH)
)
def test_admin_change_form_publish(world, role, status, outcome):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = page_client(world, role).post(
        reverse("admin:media_assets_post_change", args=[post.pk]),
        admin_change_form(post, decision="published"),
    )
    if expected == "302" and response.status_code == 200:
        pytest.fail(f"admin form refused: {response.context['errors']}")
    assert_response(response, expected)
    assert_post_effect(post, before, effect)


# --- API -----------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(API_POST_DETAIL))
def test_api_post_detail(world, role, status, outcome):
    post = make_post(world, status)
    before = snapshot(post)
    response = api_client(world, role).get(f"/api/v1/posts/{post.slug}/")
    assert_response(response, outcome)
    if response.status_code == 200:
        body = response.json()
        assert (body["slug"], body["status"]) == (post.slug, status)
    assert snapshot(post) == before


@pytest.mark.parametrize(("role", "outcome"), per_role(API_SUBMIT))
def test_api_submit(world, role, outcome):
    expected, effect = parse(outcome)
    response = api_client(world, role).post(
        "/api/v1/posts/",
        {
            "production": world.production.slug,
            "title": SUBMITTED_TITLE,
            "kind": "photo_set",
            "phase": "production",
            "body": "Three **balloon lights**.",
            # Read-only fields: ignored, whoever sends them.
            "status": "published",
            "is_featured": True,
            "published_at": "2024-02-02T10:00:00Z",
        },
        format="json",
    )
    assert_response(response, expected)
    if expected == "400":
        body = response.json()
        assert set(body) - {"code", "message"} == {"production"}, body
        assert "credit" in " ".join(body["production"])
    assert_submission(world, role, effect, SUBMITTED_TITLE)


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(API_EDIT))
def test_api_edit(world, role, status, outcome):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = api_client(world, role).patch(
        f"/api/v1/posts/{post.slug}/", {"title": NEW_TITLE}, format="json"
    )
    assert_response(response, expected)
    if expected == "200":
        assert response.json()["title"] == NEW_TITLE
    assert_post_effect(post, before, effect)


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(API_PUBLISH_ATTEMPT))
def test_api_publish_attempt(world, role, status, outcome):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = api_client(world, role).patch(
        f"/api/v1/posts/{post.slug}/",
        {
            "status": "published",
            "is_featured": True,
            "published_at": "2024-02-02T10:00:00Z",
            "author": None,
        },
        format="json",
    )
    assert_response(response, expected)
    assert_post_effect(post, before, effect)


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(API_DELETE))
def test_api_delete(world, role, status, outcome):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = api_client(world, role).delete(f"/api/v1/posts/{post.slug}/")
    assert_response(response, expected)
    assert_post_effect(post, before, effect)


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(API_ADD_MEDIA))
def test_api_add_media(world, role, status, outcome, files_in_media):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    before = snapshot(post)
    response = api_client(world, role).post(
        f"/api/v1/posts/{post.slug}/media/",
        {
            "file": SimpleUploadedFile("quay.jpg", image_bytes("JPEG", (90, 60))),
            "alt_text": "Balloon lights over the quay",
        },
        format="multipart",
    )
    assert_response(response, expected)
    assert_post_effect(post, before, effect, files_in_media)
    if effect != "media":
        assert MediaAsset.objects.count() == 0


@pytest.mark.parametrize(("role", "status", "outcome"), per_status(API_CHANGE_MEDIA))
def test_api_change_media(world, role, status, outcome):
    expected, effect = parse(outcome)
    post = make_post(world, status)
    asset = media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(SimpleUploadedFile("q.jpg", image_bytes("JPEG"))),
        alt_text="Balloon lights over the quay",
    )
    before = snapshot(post)
    response = api_client(world, role).patch(
        f"/api/v1/media/{asset.pk}/",
        {
            "alt_text": "Balloon lights, seen from the pier",
            "focal_point": {"x": 0.2, "y": 0.4},
        },
        format="json",
    )
    assert_response(response, expected)
    assert_post_effect(post, before, "same")
    asset.refresh_from_db()
    changed = (asset.alt_text, asset.focal_x) == (
        "Balloon lights, seen from the pier",
        0.2,
    )
    assert changed == (effect == "retold")


@pytest.mark.parametrize(("role", "outcome"), per_role(API_CREATE_PRODUCTION))
def test_api_create_production(world, role, outcome):
    expected, effect = parse(outcome)
    count = Production.objects.count()
    response = api_client(world, role).post(
        "/api/v1/productions/",
        {
            "title": "A Winter's Lantern",
            "kind": "theater",
            "status": "running",
            "release_date": "2025-11-14",
        },
        format="json",
    )
    assert_response(response, expected)
    created = Production.objects.filter(title="A Winter's Lantern")
    if effect == "created":
        assert created.count() == 1
        assert Production.objects.count() == count + 1
    else:
        assert effect == "none"
        assert not created.exists()
        assert Production.objects.count() == count


@pytest.mark.parametrize(("role", "outcome"), per_role(API_CHANGE_CREDIT))
def test_api_change_credit(world, role, outcome):
    expected, effect = parse(outcome)
    credit = world.credit
    order = credit.billing_order
    response = api_client(world, role).patch(
        f"/api/v1/credits/{credit.pk}/",
        {"billing_order": 7, "is_verified": True},
        format="json",
    )
    assert_response(response, expected)
    credit = Credit.objects.get(pk=credit.pk)
    # Verification is admin's job: the API never sets it, not even for curators.
    assert credit.is_verified is False
    assert credit.billing_order == (7 if effect == "changed" else order)
    assert order != 7


# --- Staff outside the Curators group ---------------------------------------------
# DESIGN §1/§5: curators are staff *in the Curators group*, with its model
# permissions. Everywhere, a staff account without them is an ordinary user.


@pytest.fixture
def staff_only(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(
        "staffer", "staffer@example.com", "pw", is_staff=True
    )


def _staff_cell(name):
    return pytest.param(name, id=name)


@pytest.mark.parametrize(
    "operation",
    [
        _staff_cell("admin-change-page-403"),
        _staff_cell("admin-publish-action-403"),
        _staff_cell("api-create-production-403"),
        _staff_cell("page-draft-404"),
        _staff_cell("api-draft-404"),
        _staff_cell("api-edit-published-403"),
        _staff_cell("api-delete-published-403"),
        _staff_cell("api-submit-400"),
    ],
)
def test_staff_without_curators_group_is_not_a_curator(world, staff_only, operation):
    draft = make_post(world, "draft")
    published = make_post(world, "published")
    before = {post.pk: snapshot(post) for post in (draft, published)}
    pages, api = Client(), APIClient()
    pages.force_login(staff_only)
    api.force_authenticate(staff_only)
    if operation == "admin-change-page-403":
        url = reverse("admin:media_assets_post_change", args=[draft.pk])
        assert pages.get(url).status_code == 403
    elif operation == "admin-publish-action-403":
        response = pages.post(
            reverse("admin:media_assets_post_changelist"),
            {"action": "publish_posts", "_selected_action": [draft.pk]},
        )
        assert response.status_code == 403
    elif operation == "api-create-production-403":
        response = api.post(
            "/api/v1/productions/", {"title": "X", "kind": "film"}, format="json"
        )
        assert response.status_code == 403
        assert not Production.objects.filter(title="X").exists()
    elif operation == "page-draft-404":
        assert pages.get(f"/posts/{draft.slug}/").status_code == 404
    elif operation == "api-draft-404":
        assert api.get(f"/api/v1/posts/{draft.slug}/").status_code == 404
    elif operation == "api-edit-published-403":
        response = api.patch(
            f"/api/v1/posts/{published.slug}/", {"title": NEW_TITLE}, format="json"
        )
        assert response.status_code == 403
    elif operation == "api-delete-published-403":
        assert api.delete(f"/api/v1/posts/{published.slug}/").status_code == 403
    elif operation == "api-submit-400":
        response = api.post(
            "/api/v1/posts/",
            {
                "production": world.production.slug,
                "title": SUBMITTED_TITLE,
                "kind": "photo_set",
                "phase": "production",
                "provenance": "official",
            },
            format="json",
        )
        assert response.status_code == 400
        assert not Post.objects.filter(title=SUBMITTED_TITLE).exists()
    for post in (draft, published):
        assert snapshot(post) == before[post.pk]
