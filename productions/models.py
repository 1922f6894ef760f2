"""The catalogue: productions, the people who made them and their credits."""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.managers import TaggableManager

from bts_catalog.partial_dates import DatePrecision, first_day_known, partial_display
from bts_catalog.search import search_queryset
from bts_catalog.slugs import save_with_unique_slug
from bts_catalog.tagging import tags_of


class ProductionKind(models.TextChoices):
    FILM = "film", "Film"
    TV_SERIES = "tv_series", "TV series"
    THEATER = "theater", "Theater"
    VIDEO_GAME = "video_game", "Video game"
    MUSIC_VIDEO = "music_video", "Music video"

    @property
    def plural_label(self) -> str:
        return {
            "film": "Films",
            "tv_series": "TV series",
            "theater": "Theater",
            "video_game": "Video games",
            "music_video": "Music videos",
        }[self.value]

    @property
    def studio_label(self) -> str:
        """What the ``studio`` field means for this kind of production."""
        return {
            "film": "Studio",
            "tv_series": "Network",
            "theater": "Theatre company",
            "video_game": "Developer",
            "music_video": "Label",
        }[self.value]

    @property
    def release_label(self) -> str:
        return {"theater": "Opening night", "video_game": "Launch"}.get(
            self.value, "Release date"
        )


class ProductionStatus(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    IN_DEVELOPMENT = "in_development", "In development"
    PRE_PRODUCTION = "pre_production", "Pre-production"
    IN_PRODUCTION = "in_production", "In production"
    POST_PRODUCTION = "post_production", "Post-production"
    RELEASED = "released", "Released"
    RUNNING = "running", "Running"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"

    @classmethod
    def theater_only(cls) -> list[str]:
        """A stage show runs and closes; it is never 'released'."""
        return [cls.RUNNING, cls.CLOSED]

    @classmethod
    def for_kind(cls, kind: str) -> list["ProductionStatus"]:
        if kind == ProductionKind.THEATER:
            return [status for status in cls if status != cls.RELEASED]
        return [status for status in cls if status not in cls.theater_only()]


imdb_title_id = RegexValidator(
    r"^tt\d{7,10}$", "An IMDb title id looks like tt0133093."
)
imdb_person_id = RegexValidator(
    r"^nm\d{7,10}$", "An IMDb name id looks like nm0000206."
)
wikidata_id = RegexValidator(
    r"^Q[1-9]\d{0,11}$", "A Wikidata id is a Q and a number, like Q83495."
)
language_code = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    "Use a language code such as ja, fr, pt-BR or zh-Hant.",
)


# A merge re-points earlier merges at the new survivor, so one step is the rule;
# the bound only guards against a loop written by hand.
MAX_MERGE_STEPS = 10


def _follow_merges(record):
    for _ in range(MAX_MERGE_STEPS):
        if record.merged_into_id is None:
            break
        record = record.merged_into
    return record


class ProductionQuerySet(models.QuerySet):
    def current(self) -> "ProductionQuerySet":
        """Productions not merged into another: what lists and search show."""
        return self.filter(merged_into__isnull=True)

    def of_kind(self, kind: str) -> "ProductionQuerySet":
        return self.filter(kind=kind)

    def for_person(self, person: "Person") -> "ProductionQuerySet":
        return self.filter(credits__person=person).distinct()

    def search(self, text: str, *, best: int | None = None) -> "ProductionQuerySet":
        """Productions matching ``text``, best first; with ``best``, only that
        many, the best of the latest added matches (bts_catalog.search)."""
        return search_queryset(
            self,
            text,
            [
                "title",
                "original_title",
                "other_titles",
                "studio",
                "venue",
                "track",
                "artist_name",
                "synopsis",
            ],
            ("-pk",),
            best,
        )


class Production(models.Model):
    title = models.CharField(
        max_length=200, help_text="The title the catalogue shows it under."
    )
    original_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The title in its original language, when it differs.",
    )
    original_language = models.CharField(
        max_length=20,
        blank=True,
        validators=[language_code],
        help_text="The original language, as a code: ja, fr, pt-BR.",
    )
    slug = models.SlugField(
        max_length=220,
        unique=True,
        blank=True,
        help_text="Made from the title and year when left blank; keep it stable once "
        "the production has public posts.",
    )
    kind = models.CharField(max_length=20, choices=ProductionKind.choices)
    status = models.CharField(
        max_length=20,
        choices=ProductionStatus.choices,
        default=ProductionStatus.ANNOUNCED,
    )
    synopsis = models.TextField(blank=True)
    release_date = models.DateField(
        null=True,
        blank=True,
        help_text="Release, premiere, opening night or launch date.",
    )
    release_date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the release date is known: the day, the month or "
        "only the year.",
    )
    studio = models.CharField(
        max_length=200,
        blank=True,
        help_text="Studio, network, theatre company, game developer or label.",
    )
    venue = models.CharField(max_length=200, blank=True, help_text="Theater only.")
    poster = models.ImageField(upload_to="posters/%Y/%m/", blank=True)
    website = models.URLField("official site", blank=True)
    imdb_id = models.CharField(
        "IMDb id", max_length=12, blank=True, validators=[imdb_title_id]
    )
    tmdb_id = models.PositiveIntegerField("TMDB id", null=True, blank=True)
    igdb_id = models.PositiveIntegerField("IGDB id", null=True, blank=True)
    wikidata_id = models.CharField(
        "Wikidata id", max_length=13, blank=True, validators=[wikidata_id]
    )
    track = models.CharField(
        max_length=200, blank=True, help_text="Music videos only: the track's title."
    )
    artist_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Music videos only: the performing artist as billed.",
    )
    artist = models.ForeignKey(
        "Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="music_videos",
        help_text="Music videos only: the performing artist's page, when they have "
        "one.",
    )
    tags = TaggableManager(blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_records",
        help_text="The production this duplicate was merged into; its addresses "
        "answer with a permanent redirect there.",
    )
    # Alternative titles, one per line, kept current from AlternativeTitle rows so
    # that search finds them.
    other_titles = models.TextField(blank=True, editable=False)
    # Kept current by a database trigger on PostgreSQL (made by the migrations).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ProductionKind.values),
                name="production_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProductionStatus.values),
                name="production_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=ProductionKind.THEATER)
                    & ~Q(status=ProductionStatus.RELEASED)
                )
                | (
                    ~Q(kind=ProductionKind.THEATER)
                    & ~Q(status__in=ProductionStatus.theater_only())
                ),
                name="production_status_fits_kind",
                violation_error_message="Theater productions run and close; other "
                "productions are released.",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")),
                name="production_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(release_date_precision__in=DatePrecision.values),
                name="production_release_precision_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status"], name="production_kind_status_idx"),
            models.Index(fields=["release_date"], name="production_release_idx"),
            models.Index(fields=["title", "id"], name="production_title_idx"),
            # A list's pages in title order, of every kind and of one, read from
            # the index alone however deep (merged productions are never listed).
            models.Index(
                fields=["title", "id"],
                condition=Q(merged_into__isnull=True),
                name="production_current_title_idx",
            ),
            models.Index(
                fields=["kind", "title", "id"],
                condition=Q(merged_into__isnull=True),
                name="production_current_kind_idx",
            ),
            # The home page's newest productions of each kind, read in index order
            # (ties on the date, undated productions above all, broken by title).
            models.Index(
                fields=["kind", "-release_date", "title"],
                name="production_kind_newest_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs) -> None:
        self.release_date = first_day_known(
            self.release_date, self.release_date_precision
        )
        if self.slug:
            return super().save(*args, **kwargs)
        text = f"{self.title} {self.year}" if self.year else self.title
        save_with_unique_slug(
            self, text, lambda: super(Production, self).save(*args, **kwargs)
        )

    def get_absolute_url(self) -> str:
        return reverse("showcase:production-detail", kwargs={"slug": self.slug})

    def merge_survivor(self) -> "Production":
        """Where this production's addresses lead: itself, or the production it
        was merged into (and on, should that one have been merged too)."""
        return _follow_merges(self)

    @cached_property
    def sorted_tags(self) -> list:
        """Tags by name: the list prefetch_tags() fetched, or one query."""
        return tags_of(self)

    def clean(self) -> None:
        errors = {}
        if (
            self.kind
            and self.status
            and self.status not in ProductionStatus.for_kind(self.kind)
        ):
            errors["status"] = (
                f"A {ProductionKind(self.kind).label.lower()} cannot be "
                f"'{ProductionStatus(self.status).label}'."
            )
        if self.venue and self.kind and self.kind != ProductionKind.THEATER:
            errors["venue"] = "Only theater productions have a venue."
        if self.kind and self.kind != ProductionKind.MUSIC_VIDEO:
            for name in ("track", "artist_name", "artist"):
                if getattr(self, f"{name}_id" if name == "artist" else name):
                    errors[name] = "Only music videos have a track and an artist."
        if self.original_title and not self.original_language:
            errors["original_language"] = "Say which language the original title is in."
        if (
            self.pk
            and self.kind
            and self.kind != ProductionKind.TV_SERIES
            and self.seasons.exists()
        ):
            errors["kind"] = "This production has seasons, so it is a TV series."
        if errors:
            raise ValidationError(errors)

    @property
    def year(self) -> int | None:
        return self.release_date.year if self.release_date else None

    @property
    def release_date_display(self) -> str:
        """'1956', 'May 1956' or '14 May 1956': as much as is known."""
        return partial_display(self.release_date, self.release_date_precision)

    @property
    def kind_enum(self) -> ProductionKind:
        return ProductionKind(self.kind)

    def refresh_other_titles(self) -> None:
        """Copy the alternative titles into the searchable column."""
        text = "\n".join(self.alternative_titles.values_list("title", flat=True))
        Production.objects.filter(pk=self.pk).update(other_titles=text)
        self.other_titles = text


class PersonQuerySet(models.QuerySet):
    def current(self) -> "PersonQuerySet":
        """People not merged into another: what lists and search show."""
        return self.filter(merged_into__isnull=True)

    def with_counts(self) -> "PersonQuerySet":
        return self.annotate(
            credit_count=Count("credits", distinct=True),
            production_count=Count("credits__production", distinct=True),
        )

    def worked_with(self, person: "Person") -> "PersonQuerySet":
        """Everyone credited on a production that ``person`` is credited on,
        leaving out people merged into another."""
        return (
            self.current()
            .filter(credits__production__credits__person=person)
            .distinct()
        )

    def in_department(self, department: "Department") -> "PersonQuerySet":
        """People credited in a department, the most-credited first."""
        return (
            self.filter(credits__role__department=department)
            .annotate(department_credit_count=Count("credits", distinct=True))
            .order_by("-department_credit_count", "name")
        )

    def search(self, text: str, *, best: int | None = None) -> "PersonQuerySet":
        """People matching ``text``, best first; with ``best``, only that many,
        the best of the latest added matches (bts_catalog.search)."""
        return search_queryset(
            self, text, ["name", "other_names", "bio"], ("-pk",), best
        )


class Person(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    bio = models.TextField(blank=True)
    photo = models.ImageField(upload_to="people/%Y/%m/", blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        help_text="The crew account of this person, once a curator has approved it.",
    )
    website = models.URLField(blank=True)
    imdb_id = models.CharField(
        "IMDb id", max_length=12, blank=True, validators=[imdb_person_id]
    )
    instagram_handle = models.CharField(
        max_length=30,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9._]{1,30}$",
                "Letters, digits, dots and underscores only, without the @.",
            )
        ],
    )
    tmdb_id = models.PositiveIntegerField("TMDB id", null=True, blank=True)
    wikidata_id = models.CharField(
        "Wikidata id", max_length=13, blank=True, validators=[wikidata_id]
    )
    # Aliases, one per line, kept current from PersonAlias rows so that search
    # finds them.
    other_names = models.TextField(blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_records",
        help_text="The person this duplicate was merged into; their addresses "
        "answer with a permanent redirect there.",
    )
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")),
                name="person_not_merged_into_itself",
            ),
        ]
        indexes = [models.Index(fields=["name"], name="person_name_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.slug:
            return super().save(*args, **kwargs)
        save_with_unique_slug(
            self, self.name, lambda: super(Person, self).save(*args, **kwargs)
        )

    def get_absolute_url(self) -> str:
        return reverse("showcase:person-detail", kwargs={"slug": self.slug})

    def merge_survivor(self) -> "Person":
        """Where this person's addresses lead: themselves, or the person they were
        merged into (and on, should that one have been merged too)."""
        return _follow_merges(self)

    def is_credited_on(self, production: Production) -> bool:
        return self.credits.filter(production=production).exists()

    def refresh_other_names(self) -> None:
        """Copy the aliases into the searchable column."""
        text = "\n".join(self.aliases.values_list("name", flat=True))
        Person.objects.filter(pk=self.pk).update(other_names=text)
        self.other_names = text


class DepartmentQuerySet(models.QuerySet):
    def crafts(self) -> "DepartmentQuerySet":
        """Departments whose work behind the scenes has a craft page."""
        return self.exclude(slug="cast")


class Department(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("showcase:craft-detail", kwargs={"slug": self.slug})

    @property
    def is_cast(self) -> bool:
        return self.slug == "cast"


_KIND_LIST = re.compile(r"^(?:[a-z_]+)(?:,[a-z_]+)*$")


def validate_production_kinds(value: str) -> None:
    if not value:
        return
    if not _KIND_LIST.match(value):
        raise ValidationError("Use a comma-separated list of production kinds.")
    unknown = set(value.split(",")) - set(ProductionKind.values)
    if unknown:
        raise ValidationError(
            f"Unknown production kinds: {', '.join(sorted(unknown))}."
        )


class RoleQuerySet(models.QuerySet):
    def for_kind(self, kind: str) -> "RoleQuerySet":
        """Roles that exist on this kind of production (blank means every kind)."""
        return self.filter(
            Q(production_kinds="") | Q(production_kinds__regex=rf"(^|,){kind}(,|$)")
        )


class Role(models.Model):
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="roles"
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    production_kinds = models.CharField(
        max_length=100,
        blank=True,
        validators=[validate_production_kinds],
        help_text="Comma-separated production kinds this role exists on; blank "
        "means every kind.",
    )
    description = models.TextField(blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["department__position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "name"], name="role_unique_name_per_department"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kinds(self) -> list[str]:
        return self.production_kinds.split(",") if self.production_kinds else []

    def applies_to(self, kind: str) -> bool:
        return not self.production_kinds or kind in self.kinds


def _related_or_none(instance: models.Model, name: str) -> models.Model | None:
    """The object a foreign key points at, or None while it is not set yet."""
    try:
        return getattr(instance, name)
    except ObjectDoesNotExist:
        return None


class SeasonQuerySet(models.QuerySet):
    def for_production(self, production: Production) -> "SeasonQuerySet":
        return self.filter(production=production)

    def with_episodes(self) -> "SeasonQuerySet":
        """Seasons with their episodes in order: two queries however many."""
        return self.prefetch_related(
            models.Prefetch("episodes", queryset=Episode.objects.order_by("number"))
        )


class Season(models.Model):
    production = models.ForeignKey(
        Production,
        on_delete=models.CASCADE,
        related_name="seasons",
        help_text="A TV series.",
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(
        null=True, blank=True, help_text="When its first episode aired."
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="When its last episode aired."
    )

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "number"],
                name="season_unique_number_per_production",
                violation_error_message="This series already has a season with "
                "this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="season_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="season_ends_after_it_starts",
                violation_error_message="A season cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.production.title}, season {self.number}"
        return f"{label}: {self.title}" if self.title else label

    def get_absolute_url(self) -> str:
        return f"{self.production.get_absolute_url()}#season-{self.number}"

    def clean(self) -> None:
        errors = {}
        production = _related_or_none(self, "production")
        if production is not None and production.kind != ProductionKind.TV_SERIES:
            errors["production"] = (
                f"Only TV series have seasons; {production.title} is a "
                f"{production.kind_enum.label.lower()}."
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "A season cannot end before it starts."
        if production is not None and production.pk and self.number:
            if (
                Season.objects.filter(production=production, number=self.number)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["number"] = (
                    f"{production.title} already has a season {self.number}."
                )
            if (
                self.pk
                and Season.objects.filter(pk=self.pk)
                .exclude(production=production)
                .exists()
                and self.episodes.exists()
            ):
                errors["production"] = "A season with episodes stays with its series."
        if errors:
            raise ValidationError(errors)

    @property
    def years(self) -> str:
        return year_span(
            self.start_date and self.start_date.year,
            self.end_date and self.end_date.year,
        )


def year_span(first: int | None, last: int | None) -> str:
    """'2024', '2024–2025', or '' without a year."""
    if first and last and first != last:
        return f"{first}–{last}"
    return str(first or last or "")


class EpisodeQuerySet(models.QuerySet):
    def for_production(self, production: Production) -> "EpisodeQuerySet":
        return self.filter(season__production=production)

    def with_season(self) -> "EpisodeQuerySet":
        return self.select_related("season__production")

    def in_order(self) -> "EpisodeQuerySet":
        return self.order_by("season__number", "number")


class Episode(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="episodes"
    )
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Its number within the season."
    )
    title = models.CharField(max_length=200)
    air_date = models.DateField(null=True, blank=True)
    synopsis = models.TextField(blank=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["season__number", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                name="episode_unique_number_per_season",
                violation_error_message="This season already has an episode with "
                "this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="episode_number_positive"
            ),
        ]
        indexes = [models.Index(fields=["air_date"], name="episode_air_date_idx")]

    def __str__(self) -> str:
        return f"{self.season.production.title} {self.code} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "showcase:episode-detail",
            kwargs={
                "slug": self.season.production.slug,
                "season": self.season.number,
                "episode": self.number,
            },
        )

    def clean(self) -> None:
        errors = {}
        season = _related_or_none(self, "season")
        if season is not None and season.pk and self.number:
            if (
                Episode.objects.filter(season=season, number=self.number)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["number"] = (
                    f"Season {season.number} already has an episode {self.number}."
                )
            if (
                self.pk
                and Episode.objects.filter(pk=self.pk)
                .exclude(season__production_id=season.production_id)
                .exists()
                and self.credits.exists()
            ):
                errors["season"] = (
                    "An episode with credits stays in its series; choose a season "
                    "of the same production."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def code(self) -> str:
        """S1E3: how episode lists abbreviate it."""
        return f"S{self.season.number}E{self.number}"


class PersonAlias(models.Model):
    """Another name a person is known by: a birth or stage name, a spelling in
    another script, a former name. Search finds the person by each."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    note = models.CharField(
        max_length=100, blank=True, help_text="e.g. 'birth name', 'in Japanese'."
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "person aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name"],
                name="person_alias_unique_name",
                violation_error_message="This person already has this alias.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AlternativeTitle(models.Model):
    """Another title of a production: a working title, a title in another country
    or language. Search finds the production by each."""

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="alternative_titles"
    )
    title = models.CharField(max_length=200)
    language = models.CharField(
        max_length=20,
        blank=True,
        validators=[language_code],
        help_text="Its language, as a code: ja, fr, pt-BR.",
    )
    note = models.CharField(
        max_length=100, blank=True, help_text="e.g. 'working title', 'US title'."
    )

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "title", "language"],
                name="alternative_title_unique",
                violation_error_message="This production already has this title.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})" if self.language else self.title


class VenueQuerySet(models.QuerySet):
    def with_run_counts(self) -> "VenueQuerySet":
        return self.annotate(run_count=Count("runs", distinct=True))


class Venue(models.Model):
    """A theatre, concert hall or other house where productions run."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=100)
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Seats, when known.",
    )
    website = models.URLField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata id", max_length=13, blank=True, validators=[wikidata_id]
    )
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VenueQuerySet.as_manager()

    class Meta:
        ordering = ["name", "city"]
        indexes = [models.Index(fields=["city"], name="venue_city_idx")]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"

    def save(self, *args, **kwargs) -> None:
        if self.slug:
            return super().save(*args, **kwargs)
        save_with_unique_slug(
            self,
            f"{self.name} {self.city}",
            lambda: super(Venue, self).save(*args, **kwargs),
        )

    def get_absolute_url(self) -> str:
        return reverse("showcase:venue-detail", kwargs={"slug": self.slug})


class RunQuerySet(models.QuerySet):
    def for_production(self, production: Production) -> "RunQuerySet":
        return self.filter(production=production)

    def with_related(self) -> "RunQuerySet":
        return self.select_related("production", "venue")

    def with_performances(self) -> "RunQuerySet":
        return self.prefetch_related(
            models.Prefetch(
                "performances", queryset=Performance.objects.order_by("date", "time")
            )
        )

    def in_order(self) -> "RunQuerySet":
        return self.order_by(F("opening_date").asc(nulls_last=True), "venue__name")

    @staticmethod
    def playing_on_condition(date) -> Q:
        """Open by ``date`` and not closed before it (open-ended runs play on)."""
        return Q(opening_date__lte=date) & (
            Q(closing_date__isnull=True) | Q(closing_date__gte=date)
        )

    def playing_on(self, date) -> "RunQuerySet":
        return self.filter(self.playing_on_condition(date))

    def not_playing_on(self, date) -> "RunQuerySet":
        return self.exclude(self.playing_on_condition(date))


class Run(models.Model):
    """A theater production playing at one venue from opening to closing night.

    A tour is several runs, usually under one tour name."""

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="runs"
    )
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, related_name="runs")
    tour = models.CharField(
        max_length=200,
        blank=True,
        help_text="The tour this run is a stop of, e.g. 'UK & Ireland tour 2025'.",
    )
    opening_date = models.DateField(help_text="Opening night (or first preview).")
    closing_date = models.DateField(
        null=True, blank=True, help_text="Closing night; blank while open-ended."
    )
    notes = models.TextField(blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        ordering = ["opening_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closing_date__isnull=True)
                | Q(closing_date__gte=F("opening_date")),
                name="run_closes_after_it_opens",
                violation_error_message="A run cannot close before it opens.",
            ),
            models.UniqueConstraint(
                fields=["production", "venue", "opening_date"],
                name="run_unique_opening_per_venue",
                violation_error_message="This production already opens at this venue "
                "on this date.",
            ),
        ]
        indexes = [
            models.Index(fields=["venue", "opening_date"], name="run_venue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.production.title} at {self.venue.name} ({self.dates})"

    def get_absolute_url(self) -> str:
        return f"{self.production.get_absolute_url()}#run-{self.pk}"

    def clean(self) -> None:
        errors = {}
        production = _related_or_none(self, "production")
        if production is not None and production.kind != ProductionKind.THEATER:
            errors["production"] = (
                f"Only theater productions have runs; {production.title} is a "
                f"{production.kind_enum.label.lower()}."
            )
        if (
            self.opening_date
            and self.closing_date
            and self.closing_date < self.opening_date
        ):
            errors["closing_date"] = "A run cannot close before it opens."
        if self.pk and self.opening_date:
            outside = self.performances.filter(
                Q(date__lt=self.opening_date)
                | Q(date__gt=self.closing_date or self.opening_date.max)
            )
            if outside.exists():
                errors["closing_date" if self.closing_date else "opening_date"] = (
                    f"{outside.count()} of its performances would fall outside the "
                    "run; move them first."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def dates(self) -> str:
        """'14 Nov 2025 – 10 Jan 2026', or 'from 14 Nov 2025' while open-ended."""
        opening = f"{self.opening_date:%-d %b %Y}"
        if self.closing_date is None:
            return f"from {opening}"
        return f"{opening} – {self.closing_date:%-d %b %Y}"


class PerformanceKind(models.TextChoices):
    REGULAR = "regular", "Performance"
    PREVIEW = "preview", "Preview"
    PRESS_NIGHT = "press_night", "Press night"
    OPENING_NIGHT = "opening_night", "Opening night"
    GALA = "gala", "Gala"
    RELAXED = "relaxed", "Relaxed performance"
    UNDERSTUDY = "understudy", "Understudy performance"
    CAPTIONED = "captioned", "Captioned performance"
    CLOSING_NIGHT = "closing_night", "Closing night"


class Performance(models.Model):
    """One performance of a run: its date, curtain time and what made it special."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="performances")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True, help_text="Curtain up.")
    kind = models.CharField(
        max_length=20, choices=PerformanceKind.choices, default=PerformanceKind.REGULAR
    )
    notes = models.CharField(
        max_length=300,
        blank=True,
        help_text="e.g. 'Marta Ilves's last performance as Ilse'.",
    )

    class Meta:
        ordering = ["date", "time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PerformanceKind.values),
                name="performance_kind_valid",
            ),
            models.UniqueConstraint(
                fields=["run", "date", "time"],
                name="performance_unique_time_per_run",
                violation_error_message="This run already has a performance at this "
                "date and time.",
            ),
        ]

    def __str__(self) -> str:
        when = f"{self.date:%-d %b %Y}"
        if self.time:
            when += f", {self.time:%H:%M}"
        label = self.get_kind_display() if self.kind != PerformanceKind.REGULAR else ""
        return f"{when} · {label}" if label else when

    def clean(self) -> None:
        run = _related_or_none(self, "run")
        if run is None or self.date is None:
            return
        if self.date < run.opening_date or (
            run.closing_date and self.date > run.closing_date
        ):
            raise ValidationError(
                {
                    "date": f"The run at {run.venue.name} plays {run.dates}; this "
                    "performance falls outside it."
                }
            )


class Platform(models.Model):
    """A curated list of the machines games run on."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    maker = models.CharField(max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class VersionKind(models.TextChoices):
    ALPHA = "alpha", "Alpha"
    BETA = "beta", "Beta"
    DEMO = "demo", "Demo"
    EARLY_ACCESS = "early_access", "Early Access"
    RELEASE = "release", "Release"
    UPDATE = "update", "Update"
    EXPANSION = "expansion", "Expansion"
    REMASTER = "remaster", "Remaster"
    PORT = "port", "Port"


class GameVersionQuerySet(models.QuerySet):
    def for_production(self, production: Production) -> "GameVersionQuerySet":
        return self.filter(production=production)

    def with_platforms(self) -> "GameVersionQuerySet":
        return self.prefetch_related("platforms")

    def in_order(self) -> "GameVersionQuerySet":
        return self.order_by(F("release_date").asc(nulls_last=True), "name")


class GameVersion(models.Model):
    """A release of a video game: Early Access, 1.0, an expansion, a port."""

    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="versions"
    )
    name = models.CharField(max_length=100, help_text="e.g. 'Early Access', '1.0'.")
    kind = models.CharField(
        max_length=20, choices=VersionKind.choices, default=VersionKind.RELEASE
    )
    release_date = models.DateField(null=True, blank=True)
    release_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    platforms = models.ManyToManyField(Platform, blank=True, related_name="versions")
    notes = models.TextField(blank=True)

    objects = GameVersionQuerySet.as_manager()

    class Meta:
        ordering = [F("release_date").asc(nulls_last=True), "name"]
        verbose_name = "game version"
        constraints = [
            models.UniqueConstraint(
                fields=["production", "name"],
                name="game_version_unique_name",
                violation_error_message="This game already has a version of this name.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=VersionKind.values),
                name="game_version_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(release_date_precision__in=DatePrecision.values),
                name="game_version_precision_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.production.title} {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.release_date = first_day_known(
            self.release_date, self.release_date_precision
        )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"{self.production.get_absolute_url()}#version-{self.pk}"

    def clean(self) -> None:
        production = _related_or_none(self, "production")
        if production is not None and production.kind != ProductionKind.VIDEO_GAME:
            raise ValidationError(
                {
                    "production": f"Only video games have versions; "
                    f"{production.title} is a {production.kind_enum.label.lower()}."
                }
            )

    @property
    def release_date_display(self) -> str:
        return partial_display(self.release_date, self.release_date_precision)


class CreditQuerySet(models.QuerySet):
    def for_production(self, production: Production) -> "CreditQuerySet":
        return self.filter(production=production)

    def for_person(self, person: Person) -> "CreditQuerySet":
        return self.filter(person=person)

    def in_department(self, department: Department) -> "CreditQuerySet":
        return self.filter(role__department=department)

    def with_related(self) -> "CreditQuerySet":
        return self.select_related(
            "production", "person", "role__department", "episode__season", "run__venue"
        )

    def series_wide(self) -> "CreditQuerySet":
        """Credits on the whole production: no episode or run scope."""
        return self.filter(episode__isnull=True, run__isnull=True)

    def for_run(self, run: "Run") -> "CreditQuerySet":
        return self.filter(run=run)

    def for_episode(self, episode: Episode) -> "CreditQuerySet":
        return self.filter(episode=episode)

    def by_department(self) -> "CreditQuerySet":
        """Credits as a production page lists them: department, billing, name."""
        return self.with_related().order_by(
            "role__department__position", "billing_order", "person__name"
        )


class Credit(models.Model):
    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="credits"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="credits")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="credits")
    character = models.CharField(
        max_length=200, blank=True, help_text="Cast credits only: who they play."
    )
    credited_as = models.CharField(
        max_length=200,
        blank=True,
        help_text="The name on screen, when it differs from the person's",
    )
    episode = models.ForeignKey(
        Episode,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
        help_text="TV series: the one episode this credit is for (its director, "
        "writer, guest cast); blank for the whole series.",
    )
    run = models.ForeignKey(
        Run,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
        help_text="Theater: the one run this credit is for (a tour stop's cast); "
        "blank for every run.",
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        help_text="When they joined, for cast changes during a run.",
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="When they left; blank if they stayed."
    )
    billing_order = models.PositiveSmallIntegerField(default=100)
    is_verified = models.BooleanField(
        default=False, help_text="Confirmed by a curator."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["billing_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["production", "person", "role", "character"],
                condition=Q(episode__isnull=True, run__isnull=True),
                name="credit_unique_series_wide",
                violation_error_message="This person already holds this credit on "
                "this production.",
            ),
            # The same person may hold the same role in every episode, once each.
            models.UniqueConstraint(
                fields=["episode", "person", "role", "character"],
                condition=Q(episode__isnull=False),
                name="credit_unique_per_episode",
                violation_error_message="This person already holds this credit on "
                "this episode.",
            ),
            models.UniqueConstraint(
                fields=["run", "person", "role", "character", "start_date"],
                condition=Q(run__isnull=False),
                name="credit_unique_per_run",
                nulls_distinct=False,
                violation_error_message="This person already holds this credit on "
                "this run from this date.",
            ),
            models.CheckConstraint(
                condition=Q(episode__isnull=True) | Q(run__isnull=True),
                name="credit_one_scope",
                violation_error_message="A credit is for an episode or for a run, "
                "not both.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="credit_ends_after_it_starts",
                violation_error_message="A credit cannot end before it starts.",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "production"], name="credit_person_idx"),
            models.Index(fields=["role", "production"], name="credit_role_idx"),
        ]

    def __str__(self) -> str:
        label = f"{self.person} — {self.role}"
        if self.character:
            label += f" ({self.character})"
        scope = self.episode if self.episode_id else None
        scope = scope or (self.run if self.run_id else None)
        return f"{label}, {scope or self.production}"

    def clean(self) -> None:
        episode = self.episode if self.episode_id else None
        if (
            episode is not None
            and self.production_id
            and episode.season.production_id != self.production_id
        ):
            raise ValidationError(
                {
                    "episode": f"{episode} is an episode of another production, "
                    f"not of {self.production.title}."
                }
            )
        run = self.run if self.run_id else None
        if episode is not None and run is not None:
            raise ValidationError(
                {"run": "A credit is for an episode or for a run, not both."}
            )
        if (
            run is not None
            and self.production_id
            and run.production_id != self.production_id
        ):
            raise ValidationError(
                {
                    "run": f"The run at {run.venue.name} is of {run.production.title}, "
                    f"not of {self.production.title}."
                }
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A credit cannot end before it starts."})
        role = self.role if self.role_id else None
        if role is None:
            return
        if self.character and not role.department.is_cast:
            raise ValidationError(
                {"character": "Only cast credits carry a character name."}
            )
        if self.production_id and not role.applies_to(self.production.kind):
            raise ValidationError(
                {
                    "role": f"{role.name} is not a role on a "
                    f"{self.production.kind_enum.label.lower()}."
                }
            )


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a curator"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Not approved"


class PersonClaimQuerySet(models.QuerySet):
    def pending(self) -> "PersonClaimQuerySet":
        return self.filter(status=ClaimStatus.PENDING)


class PersonClaim(models.Model):
    """A signed-in user saying "this person is me"; a curator approves or refuses.

    Approval links ``Person.user``, which makes the account a crew account.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_claims"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="claims")
    message = models.TextField(
        blank=True,
        max_length=2000,
        help_text="How a curator can tell it is you: your role, a link to your work, "
        "who can vouch for you.",
    )
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PersonClaimQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values),
                name="person_claim_status_valid",
            ),
            models.UniqueConstraint(
                fields=["user", "person"],
                condition=Q(status=ClaimStatus.PENDING),
                name="person_claim_one_pending_per_user_person",
                violation_error_message="You have already claimed this person; a "
                "curator will look at it soon.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} claims {self.person}"


class MergeKind(models.TextChoices):
    PERSON = "person", "Person"
    PRODUCTION = "production", "Production"


class MergeRecordQuerySet(models.QuerySet):
    def with_related(self) -> "MergeRecordQuerySet":
        return self.select_related("person", "production", "actor")


class MergeRecord(models.Model):
    """A duplicate merged into its survivor: who did it, when, and what moved.

    The merged row stays (its slug answers with a redirect); its name and slug are
    copied here so the record reads the same whatever happens to the rows later.
    """

    kind = models.CharField(max_length=20, choices=MergeKind.choices)
    merged_slug = models.SlugField(max_length=220)
    merged_name = models.CharField(max_length=200)
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merge_records",
        help_text="The survivor, for a merge of people.",
    )
    production = models.ForeignKey(
        Production,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merge_records",
        help_text="The survivor, for a merge of productions.",
    )
    survivor_slug = models.SlugField(max_length=220)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moved = models.JSONField(
        default=dict,
        blank=True,
        help_text="What moved to the survivor: for each kind of row, its count and "
        "ids.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MergeRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MergeKind.values), name="merge_record_kind_valid"
            ),
            models.CheckConstraint(
                condition=(Q(kind=MergeKind.PERSON) & Q(production__isnull=True))
                | (Q(kind=MergeKind.PRODUCTION) & Q(person__isnull=True)),
                name="merge_record_survivor_fits_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.merged_name} merged into {self.survivor_slug}"

    @property
    def survivor(self) -> Person | Production | None:
        return self.person if self.kind == MergeKind.PERSON else self.production
