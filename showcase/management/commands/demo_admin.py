"""Create the demo accounts and print how to sign in with them.

    manage.py demo_admin [--reset-passwords]

A superuser ``admin``, a curator ``curator`` (staff, in the Curators group), a
crew account ``crew`` linked to a seeded person who holds credits (run
``seed_demo`` first) and a fan ``fan`` with a verified address who follows the
crew member's production and has had a question answered by them. Existing
accounts keep their passwords unless ``--reset-passwords`` is given. Passwords
come from DEMO_ADMIN_PASSWORD, DEMO_CURATOR_PASSWORD, DEMO_CREW_PASSWORD and
DEMO_FAN_PASSWORD, with demo defaults.
"""

import os
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch

from audience.models import Follow, Question, VerifiedEmail
from audience.questions import question_answer, question_ask
from audience.services import follow_add
from bts_catalog.roles import ensure_curators_group
from media_assets.models import Post
from productions.models import Person

SITE = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    kind: str
    password_variable: str
    default_password: str

    @property
    def password(self) -> str:
        return os.environ.get(self.password_variable) or self.default_password


ADMIN = DemoAccount("admin", "superuser", "DEMO_ADMIN_PASSWORD", "bts-demo-admin")
CURATOR = DemoAccount("curator", "curator", "DEMO_CURATOR_PASSWORD", "bts-demo-curator")
CREW = DemoAccount("crew", "crew", "DEMO_CREW_PASSWORD", "bts-demo-crew")
FAN = DemoAccount("fan", "fan", "DEMO_FAN_PASSWORD", "bts-demo-fan")
ACCOUNTS = (ADMIN, CURATOR, CREW, FAN)
DEMO_QUESTION = "What was the hardest day of the shoot for your department?"
DEMO_ANSWER = (
    "The night we lost the light two hours early: we relit the whole scene "
    "with **what was on the truck**."
)


def crew_candidate() -> Person | None:
    """The unlinked person with the most crew (non-cast) credits."""
    return (
        Person.objects.filter(user__isnull=True)
        .annotate(
            crew_credits=Count(
                "credits", filter=~Q(credits__role__department__slug="cast")
            )
        )
        .filter(crew_credits__gt=0)
        .order_by("-crew_credits", "slug")
        .first()
    )


class Command(BaseCommand):
    help = (
        "Create (once) the demo superuser, curator and crew accounts and print "
        "their sign-in details."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Set existing demo accounts' passwords back to the demo passwords.",
        )

    def handle(self, *args, reset_passwords: bool = False, **options) -> None:
        User = get_user_model()
        notes: dict[str, str] = {}
        with transaction.atomic():
            for account in ACCOUNTS:
                user = User.objects.filter(username=account.username).first()
                if user is None:
                    user = User.objects.create_user(
                        account.username,
                        f"{account.username}@example.com",
                        account.password,
                        is_staff=account in (ADMIN, CURATOR),
                        is_superuser=account is ADMIN,
                    )
                    notes[account.username] = "created"
                elif reset_passwords:
                    user.set_password(account.password)
                    user.save(update_fields=["password"])
                    notes[account.username] = "password reset"
                else:
                    notes[account.username] = (
                        "exists, password unchanged (--reset-passwords resets it)"
                    )
                if account is CURATOR:
                    user.groups.add(ensure_curators_group())
                if account is CREW:
                    notes["crew"] += self._link_crew(user)
                    crew = user
                if account is FAN:
                    notes["fan"] += self._fan_side(user, crew)

        self.stdout.write(f"Demo accounts (username / password) — {SITE}/admin/")
        for account in ACCOUNTS:
            self.stdout.write(
                f"  {account.kind:<9} {account.username} / {account.password:<18} "
                f"{notes[account.username]}"
            )
        login_url = resolve_url(settings.LOGIN_URL)
        if login_url.startswith("/admin/"):
            self.stdout.write(
                "The crew account is not staff, so admin will not let it in; it is "
                "for the crew pages once the site has its own sign-in page."
            )
        else:
            self.stdout.write(f"The crew account signs in at {SITE}{login_url}.")

    def _link_crew(self, user) -> str:
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = crew_candidate()
            if person is None:
                self.stderr.write(
                    "No seeded person with credits to link the crew account to; "
                    "run `manage.py seed_demo`, then this command again."
                )
                return "; not linked to a person yet"
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        try:
            where = f" ({SITE}{person.get_absolute_url()})"
        except NoReverseMatch:
            where = ""
        return f"; linked to {person.name}{where}"

    def _fan_side(self, fan, crew) -> str:
        """The fan's address is verified; they follow the crew member's
        production, and asked a question there that the crew member answered."""
        VerifiedEmail.objects.get_or_create(user=fan, defaults={"email": fan.email})
        person = Person.objects.filter(user=crew).first()
        post = (
            Post.objects.published()
            .filter(production__credits__person=person)
            .order_by("-published_at", "pk")
            .first()
            if person is not None
            else None
        )
        if post is None:
            return ""
        if not Follow.objects.of_user(fan).of_target(post.production).exists():
            follow_add(user=fan, target=post.production)
        if not Question.objects.filter(asker=fan).exists():
            question = question_ask(user=fan, post=post, body=DEMO_QUESTION)
            question_answer(user=crew, question=question, body=DEMO_ANSWER)
        return f"; follows {post.production}, asked on {SITE}{post.get_absolute_url()}"
