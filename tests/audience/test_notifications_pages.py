"""The notification pages: the list, marking read, opening one, the settings
form, and the unread count in the header."""

import itertools
import re

import pytest
from django.db import connection
from django.template import engines
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audience.models import (
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    VerifiedEmail,
)
from audience.notifications import notify, preferences_of
from media_assets.models import PostStatus
from media_assets.services import post_publish, post_reject
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

LIST = "/my/notifications/"
SETTINGS = "/my/notifications/settings/"


_keys = itertools.count()


def tell(
    user,
    n: int = 1,
    *,
    message: str = "",
    url: str = "/posts/",
    detail: str = "",
) -> list[Notification]:
    """Make ``n`` notifications for ``user`` (a kind with no email sent at once)."""
    return [
        notify(
            user=user,
            kind=NotificationKind.FOLLOWED_POST,
            key=f"test:{next(_keys)}",
            message=message or f"Something happened, number {index}",
            url=url,
            detail=detail,
        )
        for index in range(n)
    ]


@pytest.fixture
def crew_client(crew_person) -> Client:
    client = Client()
    client.force_login(crew_person.user)
    return client


@pytest.fixture
def reviewed(crew_person, curator):
    """A crew member's post published, and another rejected with a note."""
    published = PostFactory(
        author=crew_person.user, status=PostStatus.PENDING, title="Rigging the quay"
    )
    rejected = PostFactory(
        author=crew_person.user, status=PostStatus.PENDING, title="Blurry dailies"
    )
    post_publish(post=published, actor=curator)
    post_reject(post=rejected, actor=curator, note="Please add alt text.")
    return published, rejected


def test_the_list_shows_ones_own_notifications_newest_first(crew_client, reviewed, fan):
    tell(fan, message="Meant for the fan alone")

    response = crew_client.get(LIST)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Meant for the fan alone" not in body
    rejected_at = body.index("Your post “Blurry dailies” was not published.")
    published_at = body.index("Your post “Rigging the quay” is published.")
    assert rejected_at < published_at
    assert "Please add alt text." in body
    assert body.count("notification-unread") == 2
    assert "You have 2 unread notifications." in body


def test_unread_ones_are_marked_for_screen_readers_and_link_through_open(
    fan_client, fan
):
    (notice,) = tell(fan, message="A question on your post", url="/posts/")

    body = fan_client.get(LIST).content.decode()

    assert 'class="badge notification-state">Unread' in body
    assert reverse("audience:notification-open", args=[notice.pk]) in body
    assert 'Mark read<span class="visually-hidden">: A question on your post' in body


def test_the_list_needs_signing_in():
    response = Client().get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_list_is_paginated(fan_client, fan):
    tell(fan, 35)

    first = fan_client.get(LIST).content.decode()
    second = fan_client.get(LIST, {"page": 2}).content.decode()

    assert first.count('class="notification ') == 30
    assert second.count('class="notification ') == 5
    assert "Page 1 of 2" in first


def test_the_lists_queries_do_not_grow_with_its_rows(
    fan_client, fan, django_assert_max_num_queries
):
    tell(fan, 2)
    with django_assert_max_num_queries(8) as few:
        fan_client.get(LIST)
    tell(fan, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert fan_client.get(LIST).status_code == 200


def test_marking_one_read(fan_client, fan):
    first, second = tell(fan, 2)

    response = fan_client.post(
        reverse("audience:notification-read", args=[first.pk]), {"next": LIST}
    )

    assert response.status_code == 302
    assert response["Location"] == LIST
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.is_read
    assert not second.is_read


def test_marking_anothers_notification_is_a_404(fan_client, other_fan):
    (theirs,) = tell(other_fan)

    response = fan_client.post(reverse("audience:notification-read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_marking_read_needs_a_post(fan_client, fan):
    (notice,) = tell(fan)
    response = fan_client.get(reverse("audience:notification-read", args=[notice.pk]))
    assert response.status_code == 405


def test_marking_all_read(fan_client, fan, other_fan):
    tell(fan, 3)
    tell(other_fan, 2)

    response = fan_client.post(
        reverse("audience:notifications-read-all"), {"next": "https://evil.example/"}
    )

    assert response["Location"] == LIST
    assert not Notification.objects.of_user(fan).unread().exists()
    assert Notification.objects.of_user(other_fan).unread().count() == 2


def test_opening_marks_read_and_goes_where_it_points(crew_client, reviewed):
    published, _ = reviewed
    notice = Notification.objects.get(post=published, user=published.author)

    response = crew_client.get(reverse("audience:notification-open", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == published.get_absolute_url()
    notice.refresh_from_db()
    assert notice.is_read


@pytest.mark.parametrize(
    "url", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"]
)
def test_opening_refuses_an_address_off_the_site(fan_client, fan, url):
    (notice,) = tell(fan, url=url)

    response = fan_client.get(reverse("audience:notification-open", args=[notice.pk]))

    assert response.status_code == 302
    assert response["Location"] == LIST
    notice.refresh_from_db()
    assert notice.is_read
    assert "points away from this site" in fan_client.get(LIST).content.decode()


def test_opening_anothers_notification_is_a_404(fan_client, other_fan):
    (theirs,) = tell(other_fan)
    response = fan_client.get(reverse("audience:notification-open", args=[theirs.pk]))
    assert response.status_code == 404


# --- The header ---------------------------------------------------------------------
def test_the_header_shows_the_unread_count(fan_client, fan):
    tell(fan, 3)

    body = fan_client.get("/").content.decode()

    assert f'href="{LIST}"' in body
    assert '<span class="unread-count" aria-hidden="true">3</span>' in body
    assert "(3 unread notifications)" in body


def test_the_header_has_no_count_when_all_are_read(fan_client, fan):
    (notice,) = tell(fan)
    Notification.objects.filter(pk=notice.pk).update(read_at=notice.created_at)

    body = fan_client.get("/").content.decode()

    assert f'href="{LIST}"' in body
    assert "unread-count" not in body


def test_the_count_costs_one_query(fan, rf):
    tell(fan, 5)
    request = rf.get("/")
    request.user = fan
    template = engines["django"].from_string(
        "{% load notifications %}{% notifications_link %}"
    )
    with CaptureQueriesContext(connection) as queries:
        html = template.render({"request": request})

    assert len(queries) == 1
    assert "(5 unread notifications)" in html


def test_a_signed_in_count_never_reaches_an_anonymous_visitor(settings, fan):
    settings.PAGE_CACHE_SECONDS = 300
    tell(fan, 4)
    signed_in = Client()
    signed_in.force_login(fan)
    assert "(4 unread notifications)" in signed_in.get("/").content.decode()

    anonymous = Client()
    first = anonymous.get("/")
    again = anonymous.get("/")

    for response in (first, again):
        body = response.content.decode()
        assert "unread notification" not in body
        assert "unread-count" not in body
        assert f'href="{LIST}"' not in body
    assert again["X-Page-Cache"] == "hit"
    # and the signed-in visitor still gets a fresh page of their own
    assert "X-Page-Cache" not in signed_in.get("/")


def test_the_notifications_page_is_never_cached(settings, fan_client, fan):
    settings.PAGE_CACHE_SECONDS = 300
    tell(fan, message="Private to the fan")

    assert "X-Page-Cache" not in fan_client.get(LIST)
    anonymous = Client().get(LIST)
    assert anonymous.status_code == 302
    assert "X-Page-Cache" not in anonymous


# --- Settings -------------------------------------------------------------------
def test_the_settings_form_shows_one_choice_per_kind(fan_client):
    body = fan_client.get(SETTINGS).content.decode()

    for kind in NotificationKind:
        assert kind.label in body
        assert f'name="{kind.value}"' in body
    for frequency in Frequency:
        assert frequency.label in body
    assert body.count('type="radio"') == len(NotificationKind) * len(Frequency)
    # the defaults are checked
    checked = re.findall(r'<input [^>]*name="(\w+)" value="(\w+)"[^>]* checked', body)
    assert dict(checked) == {
        kind.value: kind.default_frequency.value for kind in NotificationKind
    }


def test_the_settings_form_saves(fan_client, fan):
    choices = {kind.value: kind.default_frequency.value for kind in NotificationKind}
    choices[NotificationKind.FOLLOWED_POST] = Frequency.WEEKLY
    choices[NotificationKind.QUESTION] = Frequency.OFF

    response = fan_client.post(SETTINGS, choices)

    assert response.status_code == 302
    assert response["Location"] == SETTINGS
    chosen = preferences_of(fan)
    assert chosen[NotificationKind.FOLLOWED_POST] == Frequency.WEEKLY
    assert chosen[NotificationKind.QUESTION] == Frequency.OFF
    assert chosen[NotificationKind.ANSWER] == Frequency.IMMEDIATE


def test_the_settings_form_refuses_a_value_that_is_not_a_frequency(fan_client, fan):
    choices = {kind.value: Frequency.SITE.value for kind in NotificationKind}
    choices[NotificationKind.ANSWER] = "hourly"

    response = fan_client.post(SETTINGS, choices)

    assert response.status_code == 200
    assert response.context["form"].errors["answer"]
    assert "hourly is not one of the available choices" in response.content.decode()
    assert not NotificationPreference.objects.filter(user=fan).exists()


def test_the_settings_form_wants_every_kind(fan_client, fan):
    response = fan_client.post(SETTINGS, {"followed_post": "off"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not NotificationPreference.objects.filter(user=fan).exists()


def test_the_settings_say_email_needs_a_verified_address(fan_client, fan):
    body = fan_client.get(SETTINGS).content.decode()

    assert "Email is only sent to a verified address." in body
    assert "fan@example.com" in body


def test_the_settings_show_a_verified_address(fan_client, fan):
    VerifiedEmail.objects.create(user=fan, email="FAN@example.com")

    body = fan_client.get(SETTINGS).content.decode()

    assert "which you have verified" in body
    assert "Email is only sent to a verified address." not in body


def test_an_address_changed_since_it_was_verified_is_not_verified(fan_client, fan):
    VerifiedEmail.objects.create(user=fan, email="old@example.com")

    body = fan_client.get(SETTINGS).content.decode()

    assert "Email is only sent to a verified address." in body


def test_the_settings_need_signing_in():
    response = Client().get(SETTINGS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
