"""Schemathesis over every operation of the live OpenAPI schema, in-process.

The schema is fetched from ``/api/schema/`` through the project's WSGI application
and every request goes through that same application (werkzeug's test client, no
server). The tests are transactional so each request runs in autocommit, as in
production, and sees the rows the fixtures committed.

Every operation runs as a superuser (token) so writes get past permissions, and
once more each as a curator, as a crew member (both with a token) and anonymously.
No response may be a 5xx, and every response must be one the schema documents for
the operation (its status, its content type, its body's schema).

Bounded and reproducible: 20 generated examples per operation for the superuser
and a quarter of that for the other identities (API_FUZZ_EXAMPLES raises it),
plus the schema's own examples and schemathesis' coverage cases, with Hypothesis
derandomised and its example database off.
"""

import datetime
import io
import os
import zlib

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, settings
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from taggit.models import Tag

from audience.models import NotificationKind, Question
from audience.notifications import notify
from audience.services import follow_add
from bts_catalog.images import intake_image
from bts_catalog.roles import CURATORS_GROUP
from media_assets import services
from media_assets.models import PostKind, PostPhase, PostStatus, Provenance
from productions.models import (
    Department,
    Episode,
    GameVersion,
    Performance,
    Platform,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
)
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)
from webhooks.models import WebhookEndpoint

APPLICATION = get_wsgi_application()

schema = schemathesis.openapi.from_wsgi(
    "/api/schema/",
    APPLICATION,
    config=schemathesis.Config.from_dict(
        {
            "generation": {
                "mode": "all",  # valid and invalid input alike
                # Authentication is ours to send (a token, or nothing).
                "with-security-parameters": False,
            },
        }
    ),
)

# Examples per operation; raise it for a deeper run, e.g. API_FUZZ_EXAMPLES=500.
MAX_EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "20"))
OTHER_EXAMPLES = max(1, MAX_EXAMPLES // 4)
HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)


# The other identities: fewer examples, the same settings otherwise.
HYPOTHESIS_OTHERS = settings(HYPOTHESIS, max_examples=OTHER_EXAMPLES)


def jpeg_bytes(size=(96, 64), color=(40, 90, 160)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.fixture
def no_throttling(monkeypatch):
    """Rates far above what a run sends, whatever the settings say.

    DRF copied the rates into the throttle classes at import, so they are raised
    there (tests/conftest.py already clears the counters around every test).
    """
    for scope in list(SimpleRateThrottle.THROTTLE_RATES):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "100000/second")


@pytest.fixture
def catalogue(vocabulary, no_throttling):
    """Committed rows of every kind the API serves, keyed by what names them."""
    film = ProductionFactory(
        title="The Salt Orchard",
        kind=ProductionKind.FILM,
        status=ProductionStatus.RELEASED,
        release_date=datetime.date(2024, 5, 17),
    )
    film.tags.add("drama", "coast")
    stage = ProductionFactory(
        title="A Winter's Lantern",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
        venue="The Old Quay Theatre",
        studio="Harbour Light",
        release_date=datetime.date(2025, 11, 14),
    )
    stage.tags.add("musical")
    game = ProductionFactory(
        title="Lanternfall",
        kind=ProductionKind.VIDEO_GAME,
        status=ProductionStatus.IN_DEVELOPMENT,
        release_date=None,
    )
    series = ProductionFactory(
        title="Tidewater",
        kind=ProductionKind.TV_SERIES,
        status=ProductionStatus.ANNOUNCED,
        release_date=None,
    )
    productions = [film, stage, game, series]

    crew_user = UserFactory(username="crew")
    crew = PersonFactory(name="Marta Ilves", user=crew_user)
    people = [
        crew,
        PersonFactory(name="Jonas Perl"),
        PersonFactory(name="Ada Okafor"),
        PersonFactory(name="Lee Ming"),
    ]
    roles = {slug: Role.objects.get(slug=slug) for slug in ("director", "actor")}
    credits = [
        CreditFactory(production=film, person=crew, role=roles["director"]),
        CreditFactory(
            production=film, person=people[1], role=roles["actor"], character="Ilse"
        ),
        CreditFactory(
            production=stage, person=people[2], role=roles["actor"], character="Nora"
        ),
        CreditFactory(production=game, person=people[3], role=roles["director"]),
    ]
    seasons = [
        Season.objects.create(
            production=series,
            number=number,
            start_date=datetime.date(2023 + number, 3, 1),
            end_date=datetime.date(2023 + number, 4, 30),
        )
        for number in (1, 2)
    ]
    episodes = [
        Episode.objects.create(
            season=season,
            number=number,
            title=f"Chapter {number}",
            air_date=datetime.date(2023 + season.number, 3, number),
        )
        for season in seasons
        for number in (1, 2)
    ]
    credits.append(
        CreditFactory(
            production=series,
            person=people[2],
            role=roles["director"],
            episode=episodes[0],
        )
    )

    venues = [
        Venue.objects.create(name="The Old Quay Theatre", city="Bristol", country="UK"),
        Venue.objects.create(name="Grand Opera House", city="Belfast", country="UK"),
    ]
    runs = [
        Run.objects.create(
            production=stage,
            venue=venue,
            tour="UK tour 2025",
            opening_date=datetime.date(2025, 11 + index, 14),
            closing_date=datetime.date(2025, 11 + index, 28),
        )
        for index, venue in enumerate(venues)
    ]
    performances = [
        Performance.objects.create(
            run=run, date=run.opening_date, time=datetime.time(19, 30), kind=kind
        )
        for run, kind in zip(runs, ("press_night", "understudy"), strict=True)
    ]
    credits.append(
        CreditFactory(
            production=stage,
            person=people[3],
            role=roles["actor"],
            character="Nora",
            run=runs[1],
            start_date=runs[1].opening_date,
        )
    )
    versions = [
        GameVersion.objects.create(
            production=game, name=name, kind=kind, release_date=date
        )
        for name, kind, date in (
            ("Early Access", "early_access", datetime.date(2024, 6, 1)),
            ("1.0", "release", None),
        )
    ]
    versions[0].platforms.set(Platform.objects.filter(slug__in=["windows", "ps5"]))

    crafts = list(Department.objects.crafts()[:3])
    published = PostFactory(
        production=film,
        title="Building the orchard",
        kind=PostKind.SET_DESIGN,
        phase=PostPhase.PRODUCTION,
        provenance=Provenance.OFFICIAL,
        is_featured=True,
    )
    published.tags.add("set build", "coast")
    published.crafts.set(crafts[:2])
    published.featured_people.set(people[:2])
    stage_post = PostFactory(
        production=stage,
        title="Tech week, day three",
        kind=PostKind.REHEARSAL,
        phase=PostPhase.PRE_PRODUCTION,
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    pending = PostFactory(
        production=film, title="Night shoot", author=crew_user, pending=True
    )
    draft = PostFactory(production=game, title="First level blockout", draft=True)
    rejected = PostFactory(production=film, title="Blurry", rejected=True)
    posts = [published, stage_post, pending, draft, rejected]
    assert pending.status == PostStatus.PENDING

    media = []
    for post, color in ((published, (200, 30, 30)), (pending, (30, 160, 60))):
        image = intake_image(jpeg_bytes(color=color), name="still.jpg")
        media.append(
            services.media_asset_add(
                actor=None,
                post=post,
                upload=image,
                alt_text="A still",
                credited_to=people[0],
            )
        )
    media.append(
        services.media_asset_add(
            actor=None,
            post=published,
            embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        )
    )

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    curator = UserFactory(username="curator", is_staff=True)
    curator.groups.add(Group.objects.get(name=CURATORS_GROUP))
    follows = [
        follow_add(user=superuser, target=target)
        for target in (film, people[1], crafts[0], Tag.objects.get(slug="drama"))
    ]
    return {
        "productions": [p.slug for p in productions],
        "people": [p.slug for p in people],
        "posts": [p.slug for p in posts],
        "credits": [c.pk for c in credits],
        "seasons": [s.pk for s in seasons],
        "episodes": [e.pk for e in episodes],
        "venues": [v.slug for v in venues],
        "runs": [r.pk for r in runs],
        "performances": [p.pk for p in performances],
        "versions": [v.pk for v in versions],
        "platforms": ["windows", "ps5", "switch"],
        "media": [m.pk for m in media],
        "departments": list(Department.objects.values_list("slug", flat=True)[:4]),
        "crafts": [d.slug for d in crafts],
        "roles": ["director", "actor", "cinematographer", "lighting-designer"],
        "tags": ["drama", "coast", "musical", "set-build"],
        "follows": [f.pk for f in follows],
        "notifications": [
            notify(
                user=superuser,
                kind=NotificationKind.FOLLOWED_POST,
                key=f"schemathesis:{index}",
                message=f"News number {index}",
                url=published.get_absolute_url(),
            ).pk
            for index in range(2)
        ],
        "questions": [
            Question.objects.create(
                post=published, asker=UserFactory(username=f"asker-{i}"), body="Why?"
            ).pk
            for i in range(2)
        ],
        # A host that never resolves: pings and deliveries fail, recorded.
        "webhooks": [
            WebhookEndpoint.objects.create(
                url=f"https://hooks-{i}.invalid/bts",
                secret="s" * 40,
                events=["post.published"],
            ).pk
            for i in range(2)
        ],
        "token": Token.objects.create(user=superuser).key,
        "curator_token": Token.objects.create(user=curator).key,
        "crew_token": Token.objects.create(user=crew_user).key,
    }


# Which rows a path parameter, query parameter or body field names.
PATH_RESOURCES = {
    "productions": "productions",
    "people": "people",
    "posts": "posts",
    "departments": "departments",
    "roles": "roles",
    "tags": "tags",
    "credits": "credits",
    "seasons": "seasons",
    "episodes": "episodes",
    "venues": "venues",
    "runs": "runs",
    "performances": "performances",
    "versions": "versions",
    "platforms": "platforms",
    "media": "media",
    "me": "follows",  # /me/follows/{id}/: the superuser's own follows
    "questions": "questions",
    "me/notifications": "notifications",  # and their own notifications
    "webhooks": "webhooks",
}
FIELD_RESOURCES = {
    "production": "productions",
    "person": "people",
    "credited_to": "people",
    "featured_people": "people",
    "role": "roles",
    "season": "seasons",
    "episode": "episodes",
    "venue": "venues",
    "run": "runs",
    "performance": "performances",
    "version": "versions",
    "platform": "platforms",
    "platforms": "platforms",
    "department": "departments",
    "craft": "crafts",
    "crafts": "crafts",
    "tag": "tags",
    "post__slug": "posts",
}


def use_real_rows(case, catalogue) -> None:
    """Point half the cases at existing rows, so they get past the 404 into
    validation, serialisation and the services.

    Which half, and which rows, follows from the generated data itself, so a
    case replays the same way (``@schema.given`` would rule out the schema's
    examples and the coverage phase).
    """
    generated = repr((case.path_parameters, case.query, case.body)).encode()
    real = zlib.crc32(generated) % 8
    if real >= 4:
        return
    segments = case.path.split("/")
    resource = PATH_RESOURCES.get(
        "/".join(segments[3:5]), PATH_RESOURCES.get(segments[3])
    )
    for name in case.path_parameters or {}:
        if resource not in catalogue:  # a resource the catalogue has no rows of
            break
        values = catalogue[resource]
        case.path_parameters[name] = values[real % len(values)]
    for container in (case.query, case.body):
        if not isinstance(container, dict):
            continue
        for name, value in list(container.items()):
            if name in FIELD_RESOURCES:
                values = catalogue[FIELD_RESOURCES[name]]
                pick = values[real % len(values)]
                container[name] = [pick] if isinstance(value, list) else pick
    if case.path.endswith("/media/") and isinstance(case.body, dict):
        if real % 2 == 0:
            case.body["file"] = jpeg_bytes(color=(real * 40, 80, 120))
            case.body.pop("embed_url", None)


# No 5xx, and every response is documented: its status, content type and body.
# A 500's traceback is in the test's captured log (django.request logs it).
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@schema.parametrize()
@HYPOTHESIS
@pytest.mark.django_db(transaction=True)
def test_api_as_superuser(case, catalogue):
    use_real_rows(case, catalogue)
    case.call_and_validate(
        headers={"Authorization": f"Token {catalogue['token']}"}, checks=CHECKS
    )


@schema.parametrize()
@HYPOTHESIS_OTHERS
@pytest.mark.django_db(transaction=True)
def test_api_as_curator(case, catalogue):
    use_real_rows(case, catalogue)
    case.call_and_validate(
        headers={"Authorization": f"Token {catalogue['curator_token']}"},
        checks=CHECKS,
    )


@schema.parametrize()
@HYPOTHESIS_OTHERS
@pytest.mark.django_db(transaction=True)
def test_api_as_crew(case, catalogue):
    use_real_rows(case, catalogue)
    case.call_and_validate(
        headers={"Authorization": f"Token {catalogue['crew_token']}"},
        checks=CHECKS,
    )


@schema.parametrize()
@HYPOTHESIS_OTHERS
@pytest.mark.django_db(transaction=True)
def test_api_anonymous(case, catalogue):
    use_real_rows(case, catalogue)
    case.call_and_validate(checks=CHECKS)
