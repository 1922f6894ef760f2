"""The API of a signed-in user's notifications and notification settings."""

import itertools

import pytest
from django.test import Client
from rest_framework.test import APIClient

from audience.models import (
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from audience.notifications import notify, preferences_of
from media_assets.models import PostStatus
from media_assets.services import post_publish, post_reject
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/v1/me/notifications/"
READ = "/api/v1/me/notifications/read/"
PREFERENCES = "/api/v1/me/notification-preferences/"

_keys = itertools.count()


def tell(user, n: int = 1, *, url: str = "/posts/") -> list[Notification]:
    return [
        notify(
            user=user,
            kind=NotificationKind.FOLLOWED_POST,
            key=f"api-test:{next(_keys)}",
            message=f"News number {index}",
            url=url,
        )
        for index in range(n)
    ]


@pytest.fixture
def crew_api(crew_person) -> APIClient:
    client = APIClient()
    client.force_authenticate(crew_person.user)
    return client


def test_the_list_has_ones_own_notifications_newest_first(
    crew_api, crew_person, curator, fan
):
    author = crew_person.user
    published = PostFactory(author=author, status=PostStatus.PENDING, title="Rigging")
    rejected = PostFactory(author=author, status=PostStatus.PENDING, title="Blurry")
    post_publish(post=published, actor=curator)
    post_reject(post=rejected, actor=curator, note="Please add alt text.")
    tell(fan)

    response = crew_api.get(NOTIFICATIONS)

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"next", "previous", "results"}
    first, second = body["results"]
    assert first["message"] == "Your post “Blurry” was not published."
    assert first["detail"] == "Please add alt text."
    assert first["kind"] == NotificationKind.POST_REVIEWED
    assert first["url"] == "http://testserver/my/posts/"
    assert first["is_read"] is False
    assert first["read_at"] is None
    assert set(first) == {
        "id",
        "kind",
        "message",
        "detail",
        "url",
        "created_at",
        "read_at",
        "is_read",
    }
    assert second["url"] == f"http://testserver{published.get_absolute_url()}"


def test_the_list_is_paginated_with_a_cursor(fan_api, fan):
    tell(fan, 5)

    first = fan_api.get(NOTIFICATIONS, {"page_size": 3}).json()
    second = fan_api.get(first["next"]).json()

    assert len(first["results"]) == 3
    assert len(second["results"]) == 2
    seen = {n["id"] for n in first["results"] + second["results"]}
    assert seen == set(Notification.objects.of_user(fan).values_list("pk", flat=True))


def test_the_list_filters_unread_and_read(fan_api, fan):
    read, unread = tell(fan, 2)
    fan_api.post(READ, {"ids": [read.pk]}, format="json")

    only_unread = fan_api.get(NOTIFICATIONS, {"unread": "true"}).json()["results"]
    only_read = fan_api.get(NOTIFICATIONS, {"unread": "false"}).json()["results"]

    assert [n["id"] for n in only_unread] == [unread.pk]
    assert [n["id"] for n in only_read] == [read.pk]
    assert only_read[0]["is_read"] is True
    assert only_read[0]["read_at"] is not None


def test_a_bad_unread_filter_is_a_400(fan_api):
    response = fan_api.get(NOTIFICATIONS, {"unread": "maybe"})
    assert response.status_code == 400
    assert "unread" in response.json()


def test_the_lists_queries_do_not_grow_with_its_rows(
    fan_api, fan, django_assert_max_num_queries
):
    tell(fan, 2)
    with django_assert_max_num_queries(4) as few:
        fan_api.get(NOTIFICATIONS)
    tell(fan, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(fan_api.get(NOTIFICATIONS).json()["results"]) == 25


def test_one_notification(fan_api, fan, other_fan):
    (mine,) = tell(fan)
    (theirs,) = tell(other_fan)

    assert fan_api.get(f"{NOTIFICATIONS}{mine.pk}/").json()["id"] == mine.pk
    assert fan_api.get(f"{NOTIFICATIONS}{theirs.pk}/").status_code == 404


def test_marking_some_read(fan_api, fan, other_fan):
    first, second, third = tell(fan, 3)
    (theirs,) = tell(other_fan)

    response = fan_api.post(READ, {"ids": [first.pk, theirs.pk]}, format="json")

    assert response.status_code == 200
    assert response.json() == {"marked_read": 1, "unread_count": 2}
    assert set(Notification.objects.of_user(fan).unread()) == {second, third}
    theirs.refresh_from_db()
    assert not theirs.is_read
    again = fan_api.post(READ, {"ids": [first.pk]}, format="json")
    assert again.json() == {"marked_read": 0, "unread_count": 2}


def test_marking_all_read(fan_api, fan, other_fan):
    tell(fan, 3)
    tell(other_fan)

    response = fan_api.post(READ, {}, format="json")

    assert response.json() == {"marked_read": 3, "unread_count": 0}
    assert Notification.objects.of_user(other_fan).unread().count() == 1


@pytest.mark.parametrize(
    "body",
    [{"ids": "all"}, {"ids": ["one"]}, {"ids": [0]}, {"ids": [2**63]}, {"ids": None}],
)
def test_marking_read_refuses_what_is_not_a_list_of_ids(fan_api, fan, body):
    tell(fan)

    response = fan_api.post(READ, body, format="json")

    assert response.status_code == 400
    assert "ids" in response.json()
    assert Notification.objects.of_user(fan).unread().count() == 1


# --- Preferences -------------------------------------------------------------------
def test_the_preferences_name_every_kind_with_its_default(fan_api):
    response = fan_api.get(PREFERENCES)

    assert response.status_code == 200
    assert response.json() == {
        kind.value: kind.default_frequency.value for kind in NotificationKind
    }


def test_patch_changes_only_the_kinds_sent(fan_api, fan):
    response = fan_api.patch(PREFERENCES, {"followed_post": "weekly"}, format="json")

    assert response.status_code == 200
    assert response.json()["followed_post"] == "weekly"
    assert response.json()["answer"] == "immediate"
    assert preferences_of(fan)[NotificationKind.FOLLOWED_POST] == Frequency.WEEKLY
    assert NotificationPreference.objects.filter(user=fan).count() == 1


def test_put_sets_every_kind(fan_api, fan):
    every = {kind.value: Frequency.SITE.value for kind in NotificationKind}

    response = fan_api.put(PREFERENCES, every, format="json")

    assert response.status_code == 200
    assert response.json() == every
    assert set(preferences_of(fan).values()) == {Frequency.SITE}


def test_put_wants_every_kind(fan_api, fan):
    response = fan_api.put(PREFERENCES, {"followed_post": "off"}, format="json")

    assert response.status_code == 400
    assert set(response.json()) - {"code", "message"} == set(
        NotificationKind.values
    ) - {"followed_post"}
    assert not NotificationPreference.objects.filter(user=fan).exists()


def test_a_value_that_is_not_a_frequency_is_a_400_naming_the_field(fan_api, fan):
    response = fan_api.patch(PREFERENCES, {"answer": "hourly"}, format="json")

    assert response.status_code == 400
    assert "“hourly” is not a frequency" in response.json()["answer"][0]
    assert not NotificationPreference.objects.filter(user=fan).exists()


def test_a_field_that_is_not_a_kind_is_a_400_naming_it(fan_api, fan):
    response = fan_api.patch(
        PREFERENCES, {"answer": "off", "gossip": "daily"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["gossip"] == ["Not a kind of notification."]
    assert not NotificationPreference.objects.filter(user=fan).exists()


def test_a_body_that_is_not_an_object_is_a_400(fan_api):
    response = fan_api.patch(PREFERENCES, ["answer"], format="json")
    assert response.status_code == 400


# --- Who may ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", NOTIFICATIONS),
        ("get", f"{NOTIFICATIONS}1/"),
        ("post", READ),
        ("get", PREFERENCES),
        ("put", PREFERENCES),
        ("patch", PREFERENCES),
    ],
)
def test_anonymous_clients_are_refused(fan, method, path):
    tell(fan)
    response = getattr(APIClient(), method)(path, {}, format="json")
    assert response.status_code == 401
    assert Notification.objects.of_user(fan).unread().count() == 1


def test_personal_answers_are_never_cached(settings, fan, other_fan):
    settings.PAGE_CACHE_SECONDS = 300
    tell(fan, 2)
    mine, theirs = APIClient(), APIClient()
    mine.force_authenticate(fan)
    theirs.force_authenticate(other_fan)

    assert len(mine.get(NOTIFICATIONS).json()["results"]) == 2
    assert theirs.get(NOTIFICATIONS).json()["results"] == []
    for path in (NOTIFICATIONS, PREFERENCES):
        response = Client().get(path)
        assert response.status_code == 401
        assert "X-Page-Cache" not in response


def test_the_schema_documents_the_endpoints(api_schema):
    paths = api_schema["paths"]
    assert set(paths["/api/v1/me/notifications/"]) >= {"get"}
    assert set(paths["/api/v1/me/notifications/read/"]) >= {"post"}
    assert set(paths["/api/v1/me/notification-preferences/"]) >= {
        "get",
        "put",
        "patch",
    }


@pytest.fixture
def api_schema():
    import yaml

    response = Client().get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)
