"""factory_boy factories for the catalogue and its posts."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from media_assets.models import (
    Post,
    PostKind,
    PostPhase,
    PostStatus,
    Provenance,
    SourcePlatform,
)
from productions.models import (
    Credit,
    Department,
    Episode,
    GameVersion,
    Performance,
    PerformanceKind,
    Person,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
    VersionKind,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password("pw")


class ProductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Production

    title = factory.Sequence(lambda n: f"Production {n}")
    kind = ProductionKind.FILM
    status = ProductionStatus.RELEASED
    release_date = datetime.date(2024, 5, 17)
    studio = "Northlight Pictures"
    synopsis = "A story told on screen."


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Department {n}")
    slug = factory.Sequence(lambda n: f"department-{n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("slug",)

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")


class CreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Credit

    production = factory.SubFactory(ProductionFactory)
    person = factory.SubFactory(PersonFactory)
    role = factory.SubFactory(RoleFactory)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    production = factory.SubFactory(ProductionFactory)
    title = factory.Sequence(lambda n: f"On set, day {n}")
    body = "A look at **the shoot**."
    kind = PostKind.PHOTO_SET
    phase = PostPhase.PRODUCTION
    happened_on = datetime.date(2024, 2, 1)
    source_platform = SourcePlatform.ORIGINAL
    provenance = Provenance.OFFICIAL
    status = PostStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        pending = factory.Trait(status=PostStatus.PENDING, published_at=None)
        draft = factory.Trait(status=PostStatus.DRAFT, published_at=None)
        rejected = factory.Trait(status=PostStatus.REJECTED, published_at=None)


class SeriesFactory(ProductionFactory):
    kind = ProductionKind.TV_SERIES


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    production = factory.SubFactory(SeriesFactory)
    number = factory.Sequence(lambda n: n + 1)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    season = factory.SubFactory(SeasonFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Episode {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Playhouse {n}")
    city = "Bristol"
    country = "United Kingdom"


class TheaterFactory(ProductionFactory):
    kind = ProductionKind.THEATER
    status = ProductionStatus.RUNNING
    studio = "Harbour Stage Company"


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Run

    production = factory.SubFactory(TheaterFactory)
    venue = factory.SubFactory(VenueFactory)
    opening_date = datetime.date(2025, 11, 14)
    closing_date = datetime.date(2026, 1, 10)


class PerformanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Performance

    run = factory.SubFactory(RunFactory)
    date = factory.LazyAttribute(lambda performance: performance.run.opening_date)
    kind = PerformanceKind.REGULAR


class GameFactory(ProductionFactory):
    kind = ProductionKind.VIDEO_GAME
    studio = "Lantern Works"


class GameVersionFactory(factory.django.DjangoModelFactory):
    """A version of a game; ``platforms=["windows", "ps5"]`` names its platforms
    by slug."""

    class Meta:
        model = GameVersion
        skip_postgeneration_save = True

    production = factory.SubFactory(GameFactory)
    name = factory.Sequence(lambda n: f"1.{n}")
    kind = VersionKind.RELEASE

    @factory.post_generation
    def platforms(self, create, slugs, **kwargs):
        if create and slugs:
            self.platforms.set(Platform.objects.filter(slug__in=slugs))
