"""A fan follows a stage show; a rehearsal post approved under an embargo stays
out of sight until its time, then reaches the fan's feed, the pages and the fan's
mailbox (through a real SMTP server); the fan asks the crew a question, a credited
crew member answers and the fan is told."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from audience.models import Frequency, NotificationKind, VerifiedEmail
from bts_catalog.roles import CURATORS_GROUP
from media_assets.models import PostKind, PostPhase
from media_assets.services import post_submit
from productions.models import Role
from tests.factories import CreditFactory, PersonFactory, RunFactory, TheaterFactory

from .test_crew_journey import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TITLE = "First stagger-through in the rehearsal room"


@pytest.fixture
def theatre(vocabulary):
    users = get_user_model().objects
    crew_user = users.create_user("ines", "ines@example.com", "prompt-corner-42")
    crew = PersonFactory(name="Ines Moreau", user=crew_user)
    show = TheaterFactory(title="The Lighthouse Keeper's Daughter")
    RunFactory(production=show)
    CreditFactory(
        production=show, person=crew, role=Role.objects.get(slug="stage-manager")
    )
    fan = users.create_user("noor", "noor@example.com", "front-row-42")
    VerifiedEmail.objects.create(user=fan, email=fan.email)
    curator = users.create_user(
        "cora", "cora@example.com", "curator-pass-42", is_staff=True
    )
    curator.groups.add(Group.objects.get(name=CURATORS_GROUP))
    post = post_submit(
        author=crew_user,
        production=show,
        title=TITLE,
        kind=PostKind.REHEARSAL,
        phase=PostPhase.PRE_PRODUCTION,
        body="Act one on its feet for the first time, scripts still in hand.",
        happened_on=datetime.date(2025, 10, 2),
    )
    return {"show": show, "post": post}


def test_an_embargoed_rehearsal_reaches_its_follower_then_the_crew_answers(
    new_page, theatre, smtp_server, screenshot
):
    show, post = theatre["show"], theatre["post"]

    # The fan follows the show and asks to hear of its posts by email at once.
    fan = new_page()
    sign_in(fan, "noor", "front-row-42")
    fan.goto(show.get_absolute_url())
    fan.get_by_role("button", name=f"Follow {show}").click()
    expect(fan.get_by_text("You follow this production.")).to_be_visible()
    fan.get_by_role("link", name="Notifications").click()
    fan.get_by_role("link", name="Choose how you hear of each kind").click()
    fan.get_by_role("group", name=NotificationKind.FOLLOWED_POST.label).get_by_label(
        Frequency.IMMEDIATE.label
    ).check()
    fan.get_by_role("button", name="Save settings").click()
    expect(fan.locator(".messages")).to_be_visible()

    # A curator approves the rehearsal post to go public tomorrow.
    publish_at = timezone.localtime() + datetime.timedelta(days=1)
    publish_at = publish_at.replace(second=0, microsecond=0)
    curator = new_page()
    sign_in(curator, "cora", "curator-pass-42")
    curator.goto("/admin/media_assets/post/")
    curator.get_by_role("row", name=TITLE).get_by_role("checkbox").check()
    curator.get_by_label("Embargo until").fill(publish_at.strftime("%Y-%m-%dT%H:%M"))
    curator.locator("select[name=action]").select_option(label="Publish selected posts")
    curator.get_by_role("button", name="Go").click()
    expect(curator.locator(".messagelist")).to_contain_text(
        "Approved 1 post to go public at"
    )

    # Until then nothing shows: not the feed, the show's page or the posts list.
    call_command("send_notifications")
    for address in ("/feed/", show.get_absolute_url(), "/posts/"):
        fan.goto(address)
        expect(fan.get_by_text(TITLE)).to_have_count(0)
    anonymous = new_page()
    anonymous.goto(show.get_absolute_url())
    expect(anonymous.get_by_text(TITLE)).to_have_count(0)
    assert smtp_server.to("noor@example.com") == []

    with time_machine.travel(publish_at + datetime.timedelta(minutes=5), tick=True):
        # The clock passes the embargo; the notification batch (cron or Celery
        # beat) runs as it does every minute.
        call_command("send_notifications")

        fan.goto("/feed/")
        expect(fan.get_by_role("link", name=TITLE)).to_be_visible()
        anonymous.goto(show.get_absolute_url())
        expect(anonymous.get_by_role("link", name=TITLE).first).to_be_visible()
        (mail,) = smtp_server.to("noor@example.com")
        assert TITLE in mail.get_body(("plain",)).get_content()
        assert mail["List-Unsubscribe"]
        screenshot(fan, "audience-feed-after-embargo")

        # The fan asks the crew a question under the post.
        fan.get_by_role("link", name=TITLE).click()
        fan.get_by_label("Ask the crew a question").fill(
            "How long did the company rehearse before the stagger-through?"
        )
        fan.get_by_role("button", name="Ask", exact=True).click()
        expect(fan.get_by_text("only you can see it")).to_be_visible()

        # The credited stage manager answers it.
        crew = new_page()
        sign_in(crew, "ines", "prompt-corner-42")
        crew.goto(post.get_absolute_url())
        crew.get_by_label("Your answer").fill("Three weeks of **table work** first.")
        crew.get_by_role("button", name="Publish the answer").click()
        expect(crew.locator(".badge-credited-crew")).to_be_visible()

        # The fan is told, in the site and by email.
        fan.goto("/")
        expect(fan.get_by_role("link", name="Notifications")).to_contain_text(
            "2 unread notifications"
        )
        fan.get_by_role("link", name="Notifications").click()
        fan.get_by_role(
            "link", name=f"Your question on “{TITLE}” has an answer."
        ).click()
        expect(fan.get_by_text("table work")).to_be_visible()
        screenshot(fan, "audience-answer")
        assert len(smtp_server.to("noor@example.com")) == 2
