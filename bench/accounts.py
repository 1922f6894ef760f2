"""The accounts the soak and a signed-in pass use: a fan with a session and a feed,
a credited crew member and a curator with API tokens.

    python -m bench.accounts    (DJANGO_SETTINGS_MODULE=bench.settings, DATABASE_URL)
    python -m bench.accounts remove-soak-posts    the posts a soak submitted, deleted

Idempotent: the accounts are made once and reused; each run opens a new session
for the fan. Prints one JSON line:
{"fan": {"cookie", "username", ...}, "crew": {"token", "production", ...},
"curator": {"token", ...}}.
"""

import json
import sys

FAN = "bench-fan"
CREW = "bench-crew"
CURATOR = "bench-curator"
# How many productions with recent published posts the fan follows.
FOLLOWED_PRODUCTIONS = 3
# How far back into the stream of published posts the crew's production is sought.
RECENT_POSTS = 500


def _user(username: str, **fields):
    from django.contrib.auth import get_user_model

    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.com", **fields}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _token(user) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.get_or_create(user=user)[0].key


def _crew_person(user):
    """The person the crew account is linked to: kept once linked, else an
    unlinked person credited on a production with recent published posts (or on
    any production)."""
    from media_assets.models import Post
    from productions.models import Credit, Person

    person = Person.objects.filter(user=user).first()
    if person is not None:
        return person
    recent = list(
        Post.objects.published()
        .order_by("-published_at", "-id")
        .values_list("production_id", flat=True)[:RECENT_POSTS]
    )
    unlinked = Credit.objects.filter(
        person__user__isnull=True, person__merged_into=None
    )
    credit = (
        unlinked.filter(production_id__in=recent).order_by("id").first()
        or unlinked.order_by("id").first()
    )
    if credit is None:
        raise SystemExit("No credited person to link the crew account to: seed first.")
    person = credit.person
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return person


def _crew_production(person):
    """Of the person's productions, the one with the most published posts."""
    from django.db.models import Count, Q

    from productions.models import Production

    return (
        Production.objects.filter(credits__person=person, merged_into=None)
        .annotate(published=Count("posts", filter=Q(posts__status="published")))
        .order_by("-published", "slug")
        .first()
    )


def _follow(user, target) -> None:
    from audience.models import Follow
    from audience.services import follow_add

    if not Follow.objects.of_user(user).of_target(target).exists():
        follow_add(user=user, target=target)


def _fan_follows(fan, production, person) -> None:
    """The crew member and their production, and a few productions with recent
    published posts: the fan's feed has posts, and gets the soak's new ones."""
    from media_assets.models import Post
    from productions.models import Production

    recent = Post.objects.published().order_by("-published_at", "-id")
    recent_ids = list(recent.values_list("production_id", flat=True)[:RECENT_POSTS])
    chosen = list(dict.fromkeys(recent_ids))[:FOLLOWED_PRODUCTIONS]
    for other in Production.objects.filter(pk__in=chosen, merged_into=None):
        _follow(fan, other)
    _follow(fan, production)
    _follow(fan, person)


def _session_cookie(user) -> dict[str, str]:
    """A session opened as django.contrib.auth.login() opens one, and a CSRF
    cookie for forms; the Cookie header that carries both."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    return {
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}",
        "session_key": session.session_key,
        "csrf_token": csrf,
    }


def accounts() -> dict:
    """Make or reuse the three accounts; Django must be set up."""
    from django.db import transaction

    from bts_catalog.roles import ensure_curators_group

    with transaction.atomic():
        crew = _user(CREW)
        person = _crew_person(crew)
        production = _crew_production(person)
        curator = _user(CURATOR, is_staff=True)
        if not curator.is_staff:
            curator.is_staff = True
            curator.save(update_fields=["is_staff"])
        curator.groups.add(ensure_curators_group())
        fan = _user(FAN)
        _fan_follows(fan, production, person)
        session = _session_cookie(fan)
    return {
        "fan": {"username": fan.username, **session},
        "crew": {
            "username": crew.username,
            "token": _token(crew),
            "person": person.slug,
            "production": production.slug,
        },
        "curator": {"username": curator.username, "token": _token(curator)},
    }


def remove_soak_posts() -> dict:
    """Delete the posts a soak's crew account submitted, so that runs do not pile
    them up (they have no files; the files of any row go with it anyway)."""
    from media_assets.models import Post

    posts = Post.objects.filter(
        pk__in=Post.objects.filter(author__username=CREW, tags__name="soak").values(
            "pk"
        )
    )
    return {"removed": posts.delete()[1].get("media_assets.Post", 0)}


def main(argv: list[str] | None = None) -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    command = argv or ["accounts"]
    if command == ["accounts"]:
        result = accounts()
    elif command == ["remove-soak-posts"]:
        result = remove_soak_posts()
    else:
        raise SystemExit("python -m bench.accounts [accounts | remove-soak-posts]")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
