"""Notification emails: at once and in digests, unsubscribing, verifying an
address, resuming a batch, a real SMTP server and a real Celery worker."""

import datetime
import re
import smtplib
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from audience.models import (
    EmailStatus,
    Follow,
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboundEmail,
    VerifiedEmail,
)
from media_assets.services import post_publish, post_reject
from tests.conftest import eventually
from tests.factories import PostFactory, ProductionFactory, UserFactory

DAY_ONE = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def verified(user, address=None):
    VerifiedEmail.objects.create(user=user, email=address or user.email)
    return user


def prefer(user, kind, frequency):
    NotificationPreference.objects.create(user=user, kind=kind, frequency=frequency)


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    return urlsplit(header.strip("<>")).path


def html_of(message) -> str:
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return html


def deliver():
    call_command("send_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115


# --- At once -------------------------------------------------------------------------
@pytest.mark.django_db
def test_publishing_emails_the_verified_author_at_once(
    crew_person, curator, django_capture_on_commit_callbacks
):
    author = verified(crew_person.user)
    post = PostFactory(pending=True, author=author, title="Rigging the rain tower")
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=post, actor=curator)

    (message,) = mail.outbox
    assert message.to == [author.email]
    assert "Rigging the rain tower" in message.subject
    assert "http://localhost:8000/posts/" in message.body
    html = html_of(message)
    assert "BTS Catalog" in html and 'href="http://localhost:8000/posts/' in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://localhost:8000/notifications/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    outbound = OutboundEmail.objects.get()
    assert outbound.status == EmailStatus.SENT and outbound.sent_at is not None
    assert Notification.objects.get(user=author).email == outbound


@pytest.mark.django_db
def test_an_unverified_address_gets_no_email_but_the_site_notification(
    crew_person, curator, django_capture_on_commit_callbacks
):
    author = verified(crew_person.user, address="old-address@example.com")
    post = PostFactory(pending=True, author=author)
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=post, actor=curator)
    deliver()

    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()
    notification = Notification.objects.get(user=author)
    assert notification.kind == NotificationKind.POST_REVIEWED


# --- Digests -------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_daily_digest_goes_once_per_day(fan, curator):
    verified(fan)
    production = ProductionFactory()
    Follow.objects.create(user=fan, production=production)
    prefer(fan, NotificationKind.FOLLOWED_POST, Frequency.DAILY)

    with time_machine.travel(DAY_ONE):
        first = PostFactory(pending=True, production=production, title="Day one set")
        post_publish(post=first, actor=curator)
        assert mail.outbox == []  # nothing at once
        deliver()
        (digest,) = mail.outbox
        assert "daily" in digest.subject
        assert "Day one set" in digest.body and "Day one set" in html_of(digest)
        deliver()
        assert len(mail.outbox) == 1

    with time_machine.travel(DAY_ONE + datetime.timedelta(days=1)):
        second = PostFactory(pending=True, production=production, title="Day two set")
        post_publish(post=second, actor=curator)
        deliver()
        deliver()
    assert len(mail.outbox) == 2
    assert "Day two set" in mail.outbox[1].body
    assert "Day one set" not in mail.outbox[1].body
    assert set(OutboundEmail.objects.values_list("key", flat=True)) == {
        f"digest:daily:{fan.pk}:2026-03-02",
        f"digest:daily:{fan.pk}:2026-03-03",
    }


@pytest.mark.django_db
def test_a_weekly_digest_gathers_the_week(fan, curator):
    verified(fan)
    production = ProductionFactory()
    Follow.objects.create(user=fan, production=production)
    prefer(fan, NotificationKind.FOLLOWED_POST, Frequency.WEEKLY)
    with time_machine.travel(DAY_ONE):
        for title in ("Blocking", "Lighting"):
            post_publish(
                post=PostFactory(pending=True, production=production, title=title),
                actor=curator,
            )
        deliver()
        deliver()
    (digest,) = mail.outbox
    assert "weekly" in digest.subject
    assert "Blocking" in digest.body and "Lighting" in digest.body
    assert OutboundEmail.objects.get().key == f"digest:weekly:{fan.pk}:2026-W10"


@pytest.mark.django_db
def test_a_digest_says_nothing_of_a_post_taken_down(fan, curator):
    verified(fan)
    production = ProductionFactory()
    Follow.objects.create(user=fan, production=production)
    post = PostFactory(pending=True, production=production, title="Pulled footage")
    post_publish(post=post, actor=curator)
    post_reject(post=post, actor=curator, note="Not cleared")
    deliver()

    assert mail.outbox == []
    assert OutboundEmail.objects.get().status == EmailStatus.SKIPPED


# --- Embargoes -----------------------------------------------------------------------
@pytest.mark.django_db
def test_nothing_of_an_embargoed_post_is_emailed_before_it_is_public(
    fan, curator, django_capture_on_commit_callbacks
):
    verified(fan)
    production = ProductionFactory()
    Follow.objects.create(user=fan, production=production)
    prefer(fan, NotificationKind.FOLLOWED_POST, Frequency.IMMEDIATE)
    post = PostFactory(pending=True, production=production, title="Secret teaser")
    publish_at = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=post, actor=curator, publish_at=publish_at)
    deliver()
    assert not any("Secret teaser" in m.subject + m.body for m in mail.outbox)

    with time_machine.travel(publish_at + datetime.timedelta(minutes=1)):
        deliver()
    (message,) = mail.outbox
    assert message.to == [fan.email]
    assert "Secret teaser" in message.subject and "Secret teaser" in message.body


# --- A batch that stops half-way --------------------------------------------------
class FailsOnceBackend(LocmemBackend):
    """The locmem backend whose second message fails once, like a dropped SMTP
    connection."""

    sends = 0

    def send_messages(self, messages):
        type(self).sends += 1
        if type(self).sends == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_a_batch_that_fails_half_way_resumes_without_sending_twice(settings, curator):
    settings.EMAIL_BACKEND = f"{__name__}.FailsOnceBackend"
    FailsOnceBackend.sends = 0
    production = ProductionFactory()
    fans = [verified(UserFactory(username=f"batch-fan-{n}")) for n in range(2)]
    for fan in fans:
        Follow.objects.create(user=fan, production=production)
    post_publish(post=PostFactory(pending=True, production=production), actor=curator)

    deliver()
    first, second = OutboundEmail.objects.order_by("created_at", "pk")
    assert [m.to for m in mail.outbox] == [[first.to_address]]
    second.refresh_from_db()
    assert second.status == EmailStatus.PENDING and second.attempts == 1
    assert "Connection unexpectedly closed" in second.last_error

    deliver()
    assert [m.to for m in mail.outbox] == [[first.to_address], [second.to_address]]
    second.refresh_from_db()
    assert second.status == EmailStatus.SENT and second.last_error == ""
    deliver()
    assert len(mail.outbox) == 2


# --- Unsubscribing ---------------------------------------------------------------
@pytest.fixture
def emailed_author(crew_person, curator, django_capture_on_commit_callbacks):
    author = verified(crew_person.user)
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=PostFactory(pending=True, author=author), actor=curator)
    (message,) = mail.outbox
    return author, message


def frequency_of(user, kind) -> str | None:
    preference = NotificationPreference.objects.filter(user=user, kind=kind).first()
    return preference and preference.frequency


@pytest.mark.django_db
def test_one_click_unsubscribe_needs_no_sign_in(client, emailed_author):
    author, message = emailed_author
    path = unsubscribe_path(message)

    page = client.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    assert "no-store" in page["Cache-Control"]
    assert frequency_of(author, NotificationKind.POST_REVIEWED) is None

    response = client.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert frequency_of(author, NotificationKind.POST_REVIEWED) == Frequency.SITE


@pytest.mark.django_db
def test_a_tampered_unsubscribe_link_is_a_clear_error(client, emailed_author):
    author, message = emailed_author
    path = unsubscribe_path(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = path.replace(
        token, token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    )

    response = client.post(tampered, "List-Unsubscribe=One-Click", content_type="x")
    assert response.status_code == 400
    assert b"This unsubscribe link is not valid" in response.content
    assert frequency_of(author, NotificationKind.POST_REVIEWED) is None


@pytest.mark.django_db
def test_an_expired_unsubscribe_link_is_a_clear_error(client, emailed_author):
    author, message = emailed_author
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        response = client.post(unsubscribe_path(message))
    assert response.status_code == 400
    assert b"expired" in response.content
    assert frequency_of(author, NotificationKind.POST_REVIEWED) is None


# --- Verifying an address ------------------------------------------------------------
@pytest.mark.django_db
def test_verifying_an_address(
    fan, fan_client, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = fan_client.post("/my/email/verify/send/")
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [fan.email]
    link = re.search(r"http://testserver(/my/email/verify/\S+/)", message.body)[1]
    assert link in html_of(message)
    assert not message.extra_headers.get("List-Unsubscribe")

    response = client.get(link)  # from the email, signed in or not
    assert response.status_code == 200
    assert VerifiedEmail.objects.get(user=fan).covers(fan)


@pytest.mark.django_db
def test_signing_up_sends_the_link_that_verifies_the_address(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "username": "marta",
                "email": "marta@example.com",
                "password1": "a-long-harbour-password",
                "password2": "a-long-harbour-password",
            },
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["marta@example.com"]
    link = re.search(r"http://testserver(/my/email/verify/\S+/)", message.body)[1]
    assert client.get(link).status_code == 200
    assert VerifiedEmail.objects.get(user__username="marta").email == (
        "marta@example.com"
    )


@pytest.mark.django_db
def test_a_tampered_or_expired_verification_link_is_refused(
    fan, fan_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        fan_client.post("/my/email/verify/send/")
    link = re.search(r"http://testserver(/my/email/verify/\S+/)", mail.outbox[0].body)[
        1
    ]

    tampered = fan_client.get(link.replace("/verify/", "/verify/x"))
    assert tampered.status_code == 400
    assert b"This confirmation link is not valid" in tampered.content
    with time_machine.travel(timezone.now() + datetime.timedelta(days=4)):
        expired = fan_client.get(link)
    assert expired.status_code == 400 and b"expired" in expired.content
    assert not VerifiedEmail.objects.exists()


# --- A real SMTP server (the smtp_server fixture of tests/conftest.py) ----------
@pytest.mark.django_db
def test_emails_go_through_a_real_smtp_server(smtp_server, crew_person, curator):
    author = verified(crew_person.user)
    post_publish(
        post=PostFactory(pending=True, author=author, title="Foley session"),
        actor=curator,
    )
    deliver()

    (received,) = smtp_server.messages
    assert received["To"] == author.email
    assert "Foley session" in received["Subject"]
    assert received["List-Unsubscribe"].strip().startswith("<http://localhost:8000/")
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert received["Message-ID"]
    parts = {part.get_content_type(): part for part in received.walk()}
    assert "Foley session" in parts["text/plain"].get_content()
    assert "<html" in parts["text/html"].get_content()
    assert OutboundEmail.objects.get().status == EmailStatus.SENT


# --- A real Celery worker ---------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_a_worker_sends_an_email_at_once(celery_worker):
    with transaction.atomic():  # the worker is asked once the writes are committed
        author = verified(UserFactory(username="worker-author"))
        curator = UserFactory(username="worker-curator", is_staff=True)
        post = PostFactory(pending=True, author=author, title="Matte painting")
        post_publish(post=post, actor=curator)

    def sent() -> bool:
        return OutboundEmail.objects.filter(status=EmailStatus.SENT).exists()

    assert eventually(sent)
    (message,) = mail.outbox
    assert message.to == [author.email] and "Matte painting" in message.subject
