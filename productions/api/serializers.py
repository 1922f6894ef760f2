"""API representations of the catalogue."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings
from taggit.serializers import TaggitSerializer

from bts_catalog.api.expand import ExpandableSerializerMixin
from bts_catalog.api.fields import PartialDateField, TagListField

from ..models import (
    AlternativeTitle,
    Credit,
    Department,
    Episode,
    GameVersion,
    Performance,
    Person,
    PersonAlias,
    Platform,
    Production,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
)
from ..services import alternative_titles_set, person_aliases_set


def check_model_rules(
    model: type[models.Model], instance: models.Model | None, attrs: dict
) -> None:
    """Run the model's clean() and constraints on the row as it would be saved, so
    the API refuses what admin refuses, with the same field messages."""
    row = copy.copy(instance) if instance is not None else model()
    for name, value in attrs.items():
        setattr(row, name, value)
    try:
        row.clean()
        row.validate_constraints()
    except DjangoValidationError as error:
        errors = (
            error.message_dict
            if hasattr(error, "error_dict")
            else {NON_FIELD_ERRORS: error.messages}
        )
        if NON_FIELD_ERRORS in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
        raise serializers.ValidationError(errors) from error


class DepartmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:department-detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Department
        fields = ["url", "slug", "name", "description", "position", "page_url"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_page_url(self, department: Department) -> str | None:
        if department.is_cast:
            return None
        return self.context["request"].build_absolute_uri(department.get_absolute_url())


class RoleSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:role-detail", lookup_field="slug"
    )
    department = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    production_kinds = serializers.ListField(
        source="kinds",
        child=serializers.CharField(),
        read_only=True,
        help_text="Production kinds the role exists on; empty means every kind.",
    )

    class Meta:
        model = Role
        fields = [
            "url",
            "slug",
            "name",
            "department",
            "production_kinds",
            "description",
        ]


class PersonSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:person-detail", lookup_field="slug"
    )

    class Meta:
        model = Person
        fields = ["url", "slug", "name"]


class ProductionSummarySerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:production-detail", lookup_field="slug"
    )

    class Meta:
        model = Production
        fields = ["url", "slug", "title", "kind", "year"]


class EpisodeSummarySerializer(serializers.ModelSerializer):
    """An episode as its season lists it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:episode-detail")

    class Meta:
        model = Episode
        fields = ["url", "id", "number", "title", "air_date"]


class CreditEpisodeSerializer(EpisodeSummarySerializer):
    """The episode a credit is scoped to."""

    season = serializers.IntegerField(source="season.number", read_only=True)

    class Meta(EpisodeSummarySerializer.Meta):
        fields = ["url", "id", "season", "number", "title", "air_date"]


class EpisodeSerializer(serializers.ModelSerializer):
    """An episode; written with its season's id."""

    url = serializers.HyperlinkedIdentityField(view_name="api:episode-detail")
    production = serializers.SlugRelatedField(
        source="season.production", slug_field="slug", read_only=True
    )
    season = serializers.PrimaryKeyRelatedField(
        queryset=Season.objects.select_related("production"),
        help_text="The id of the season.",
    )
    season_number = serializers.IntegerField(source="season.number", read_only=True)
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Episode
        fields = [
            "url",
            "id",
            "production",
            "season",
            "season_number",
            "number",
            "title",
            "air_date",
            "synopsis",
            "page_url",
        ]
        validators = []  # the model's rules, with field messages: see validate()

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, episode: Episode) -> str:
        return self.context["request"].build_absolute_uri(episode.get_absolute_url())

    def validate(self, attrs):
        attrs = super().validate(attrs)
        check_model_rules(Episode, self.instance, attrs)
        return attrs


class SeasonSerializer(serializers.ModelSerializer):
    """A season of a TV series, with its episodes."""

    url = serializers.HyperlinkedIdentityField(view_name="api:season-detail")
    production = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Production.objects.current(),
        help_text="The slug of the TV series.",
    )
    episodes = EpisodeSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Season
        fields = [
            "url",
            "id",
            "production",
            "number",
            "title",
            "start_date",
            "end_date",
            "episodes",
        ]
        validators = []  # the model's rules, with field messages: see validate()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        check_model_rules(Season, self.instance, attrs)
        return attrs


class ProductionSeasonSerializer(SeasonSerializer):
    """A season as its production lists it."""

    class Meta(SeasonSerializer.Meta):
        fields = [name for name in SeasonSerializer.Meta.fields if name != "production"]


def check_unique_entries(entries: list[dict], keys: tuple[str, ...], noun: str):
    """Refuse a nested list naming the same entry twice, before the database does."""
    seen = set()
    for entry in entries:
        key = tuple(entry.get(name, "") for name in keys)
        if key in seen:
            raise serializers.ValidationError(
                f"“{entry[keys[0]]}” is listed twice; give each {noun} once."
            )
        seen.add(key)
    return entries


class AlternativeTitleSerializer(serializers.ModelSerializer):
    class Meta:
        model = AlternativeTitle
        fields = ["title", "language", "note"]
        extra_kwargs = {"language": {"default": ""}, "note": {"default": ""}}


class PersonAliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = PersonAlias
        fields = ["name", "note"]
        extra_kwargs = {"note": {"default": ""}}


class VenueSummarySerializer(serializers.ModelSerializer):
    """A venue as a run shows it."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:venue-detail", lookup_field="slug"
    )

    class Meta:
        model = Venue
        fields = ["url", "slug", "name", "city", "country"]


class VenueSerializer(serializers.ModelSerializer):
    """A theatre or other house; written and found by its slug."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:venue-detail", lookup_field="slug"
    )
    run_count = serializers.IntegerField(
        read_only=True, default=0, help_text="Runs of productions at this venue."
    )

    class Meta:
        model = Venue
        fields = [
            "url",
            "slug",
            "name",
            "city",
            "country",
            "capacity",
            "website",
            "wikidata_id",
            "description",
            "run_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False, "allow_blank": True}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        check_model_rules(Venue, self.instance, attrs)
        return attrs


@extend_schema_field(
    {"type": "string", "pattern": r"^\d{2}:\d{2}$", "example": "19:30"}
)
class CurtainTimeField(serializers.TimeField):
    """A curtain time, read as HH:MM: a local time, so without a time zone (which
    OpenAPI's ``format: time`` would ask for)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        kwargs.setdefault("help_text", "Curtain up, e.g. 19:30.")
        super().__init__(**kwargs)


class PerformanceSummarySerializer(serializers.ModelSerializer):
    """A performance as its run lists it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:performance-detail")
    time = CurtainTimeField(read_only=True)

    class Meta:
        model = Performance
        fields = ["url", "id", "date", "time", "kind", "notes"]


class PerformanceSerializer(serializers.ModelSerializer):
    """One performance of a run; written with the run's id, on a date within it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:performance-detail")
    run = serializers.PrimaryKeyRelatedField(
        queryset=Run.objects.with_related(), help_text="The id of the run."
    )
    production = serializers.SlugRelatedField(
        source="run.production", slug_field="slug", read_only=True
    )
    venue = serializers.SlugRelatedField(
        source="run.venue", slug_field="slug", read_only=True
    )
    time = CurtainTimeField()

    class Meta:
        model = Performance
        fields = [
            "url",
            "id",
            "run",
            "production",
            "venue",
            "date",
            "time",
            "kind",
            "notes",
        ]
        validators = []  # the model's rules, with field messages: see validate()
        extra_kwargs = {"notes": {"default": ""}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        check_model_rules(Performance, self.instance, attrs)
        return attrs


class RunSummarySerializer(serializers.ModelSerializer):
    """The run a credit or a post is scoped to."""

    url = serializers.HyperlinkedIdentityField(view_name="api:run-detail")
    venue = serializers.CharField(source="venue.slug", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True)

    class Meta:
        model = Run
        fields = [
            "url",
            "id",
            "venue",
            "venue_name",
            "tour",
            "opening_date",
            "closing_date",
            "dates",
        ]


class RunSerializer(serializers.ModelSerializer):
    """A run as lists show it: its production, its venue and its dates."""

    url = serializers.HyperlinkedIdentityField(view_name="api:run-detail")
    production = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    venue = VenueSummarySerializer(read_only=True)
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Run
        fields = [
            "url",
            "id",
            "production",
            "venue",
            "tour",
            "opening_date",
            "closing_date",
            "dates",
            "notes",
            "page_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, run: Run) -> str:
        return self.context["request"].build_absolute_uri(run.get_absolute_url())


class RunDetailSerializer(RunSerializer):
    """A run with its performances, in order."""

    performances = PerformanceSummarySerializer(many=True, read_only=True)

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "performances"]


class ProductionRunSerializer(RunDetailSerializer):
    """A run as its production lists it."""

    class Meta(RunDetailSerializer.Meta):
        fields = [
            name for name in RunDetailSerializer.Meta.fields if name != "production"
        ]


class RunWriteSerializer(serializers.ModelSerializer):
    """What a curator sends to add or change a run: the production's and the
    venue's slugs. The answer is the run as read, with its performances."""

    production = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Production.objects.current(),
        help_text="The slug of the theater production.",
    )
    venue = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Venue.objects.all(),
        help_text="The slug of the venue.",
        error_messages={"does_not_exist": "No venue has the slug “{value}”."},
    )

    class Meta:
        model = Run
        fields = [
            "production",
            "venue",
            "tour",
            "opening_date",
            "closing_date",
            "notes",
        ]
        validators = []  # the model's rules, with field messages: see validate()
        extra_kwargs = {"tour": {"default": ""}, "notes": {"default": ""}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        check_model_rules(Run, self.instance, attrs)
        return attrs

    def to_representation(self, instance):
        return RunDetailSerializer(instance, context=self.context).data


class PlatformSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:platform-detail", lookup_field="slug"
    )

    class Meta:
        model = Platform
        fields = ["url", "slug", "name", "maker", "position"]


class GameVersionSerializer(serializers.ModelSerializer):
    """A release of a video game; its platforms are written and read as slugs."""

    url = serializers.HyperlinkedIdentityField(view_name="api:version-detail")
    production = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Production.objects.current(),
        help_text="The slug of the video game.",
    )
    release_date = PartialDateField(
        date_field="release_date",
        precision_field="release_date_precision",
        allow_null=True,
        required=False,
        help_text="As much as is known: 2024, 2024-09 or 2024-09-12.",
    )
    platforms = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Platform.objects.all(),
        many=True,
        required=False,
        help_text="Slugs of the platforms it came out on (see /platforms/).",
        error_messages={"does_not_exist": "No platform has the slug “{value}”."},
    )
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = GameVersion
        fields = [
            "url",
            "id",
            "production",
            "name",
            "kind",
            "release_date",
            "release_date_precision",
            "platforms",
            "notes",
            "page_url",
        ]
        read_only_fields = ["release_date_precision"]
        validators = []  # the model's rules, with field messages: see validate()
        extra_kwargs = {"notes": {"default": ""}}

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, version: GameVersion) -> str:
        return self.context["request"].build_absolute_uri(version.get_absolute_url())

    def validate(self, attrs):
        attrs = super().validate(attrs)
        row = {name: value for name, value in attrs.items() if name != "platforms"}
        check_model_rules(GameVersion, self.instance, row)
        return attrs


class ProductionVersionSerializer(GameVersionSerializer):
    """A version as its game lists it."""

    class Meta(GameVersionSerializer.Meta):
        fields = [
            name for name in GameVersionSerializer.Meta.fields if name != "production"
        ]


class CreditSerializer(ExpandableSerializerMixin, serializers.ModelSerializer):
    """A credit; written with slugs, read with the linked objects summarised;
    with ``?expand=`` a slug read becomes the object it names."""

    expansions = {
        "person": PersonSummarySerializer(
            read_only=True,
            help_text="The person's slug; with `?expand=person`, the person.",
        ),
        "role": RoleSerializer(
            read_only=True,
            help_text="The role's slug; with `?expand=role`, the role.",
        ),
        "production": ProductionSummarySerializer(
            read_only=True,
            help_text="The production's slug; with `?expand=production`, the "
            "production.",
        ),
    }

    url = serializers.HyperlinkedIdentityField(view_name="api:credit-detail")
    production = serializers.SlugRelatedField(
        slug_field="slug", queryset=Production.objects.current()
    )
    person = serializers.SlugRelatedField(
        slug_field="slug", queryset=Person.objects.current()
    )
    role = serializers.SlugRelatedField(
        slug_field="slug", queryset=Role.objects.select_related("department")
    )
    episode = serializers.PrimaryKeyRelatedField(
        queryset=Episode.objects.select_related("season"),
        required=False,
        allow_null=True,
        help_text="TV series: the id of the one episode this credit is for; null "
        "for the whole series.",
    )
    run = serializers.PrimaryKeyRelatedField(
        queryset=Run.objects.with_related(),
        required=False,
        allow_null=True,
        help_text="Theater: the id of the one run this credit is for; null for "
        "every run.",
    )
    run_summary = RunSummarySerializer(
        source="run", read_only=True, allow_null=True, help_text="Null for every run."
    )
    department = serializers.SlugRelatedField(
        source="role.department", slug_field="slug", read_only=True
    )
    person_name = serializers.CharField(source="person.name", read_only=True)
    role_name = serializers.CharField(source="role.name", read_only=True)
    production_title = serializers.CharField(source="production.title", read_only=True)

    class Meta:
        model = Credit
        fields = [
            "url",
            "id",
            "production",
            "production_title",
            "person",
            "person_name",
            "role",
            "role_name",
            "department",
            "character",
            "credited_as",
            "episode",
            "run",
            "run_summary",
            "start_date",
            "end_date",
            "billing_order",
            "is_verified",
        ]
        read_only_fields = ["is_verified"]
        # Unique per production, per episode or per run and start date: the
        # model's constraints, checked in validate().
        validators = []
        extra_kwargs = {"character": {"default": ""}, "credited_as": {"default": ""}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        check_model_rules(Credit, self.instance, attrs)
        return attrs


class CreditListingSerializer(serializers.ModelSerializer):
    """What a credit shows when listed on its production or its person."""

    role = serializers.CharField(source="role.name", read_only=True)
    role_slug = serializers.CharField(source="role.slug", read_only=True)
    department = serializers.CharField(source="role.department.slug", read_only=True)
    episode = CreditEpisodeSerializer(
        read_only=True, allow_null=True, help_text="Null for a series-wide credit."
    )
    run = RunSummarySerializer(
        read_only=True, allow_null=True, help_text="Null for a credit on every run."
    )

    class Meta:
        model = Credit
        fields = [
            "id",
            "role",
            "role_slug",
            "department",
            "character",
            "credited_as",
            "episode",
            "run",
            "start_date",
            "end_date",
            "is_verified",
        ]


class ProductionCreditSerializer(CreditListingSerializer):
    """A credit as listed on its production."""

    person = PersonSummarySerializer(read_only=True)

    class Meta(CreditListingSerializer.Meta):
        fields = [*CreditListingSerializer.Meta.fields, "person", "billing_order"]


class PersonCreditSerializer(CreditListingSerializer):
    """A credit as listed on its person."""

    production = ProductionSummarySerializer(read_only=True)

    class Meta(CreditListingSerializer.Meta):
        fields = [*CreditListingSerializer.Meta.fields, "production"]


class ReplacedListMixin:
    """Writes the row and its nested list (``replaced_list``, e.g. a person's
    aliases) in one transaction: a list given replaces the stored one, a list
    left out keeps it."""

    replaced_list: str

    def replace_list(self, instance, items: list[dict]) -> None:
        raise NotImplementedError

    def create(self, validated_data):
        items = validated_data.pop(self.replaced_list, None)
        with transaction.atomic():
            instance = super().create(validated_data)
            if items is not None:
                self.replace_list(instance, items)
        return instance

    def update(self, instance, validated_data):
        items = validated_data.pop(self.replaced_list, None)
        with transaction.atomic():
            instance = super().update(instance, validated_data)
            if items is not None:
                self.replace_list(instance, items)
        return instance


class ProductionSerializer(
    ExpandableSerializerMixin,
    ReplacedListMixin,
    TaggitSerializer,
    serializers.ModelSerializer,
):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:production-detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()
    year = serializers.IntegerField(read_only=True, allow_null=True)
    release_date = PartialDateField(
        date_field="release_date",
        precision_field="release_date_precision",
        allow_null=True,
        required=False,
        help_text="As much as is known: 1956, 1956-05 or 1956-05-14.",
    )
    artist = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Person.objects.current(),
        required=False,
        allow_null=True,
        help_text="Music videos only: the slug of the performing artist's person.",
    )
    alternative_titles = AlternativeTitleSerializer(
        many=True,
        required=False,
        help_text="Working titles, titles in other countries or languages; writing "
        "the list replaces them all.",
    )
    tags = TagListField(required=False)
    poster = serializers.ImageField(read_only=True, allow_null=True)
    # Shown only when asked for with ``?expand=`` (credits: always on one).
    expansions = {
        "credits": ProductionCreditSerializer(
            many=True,
            read_only=True,
            help_text="On a single production, and on lists with `?expand=credits`.",
        ),
        "seasons": ProductionSeasonSerializer(
            many=True,
            read_only=True,
            help_text="TV series, with `?expand=seasons`: seasons and their episodes.",
        ),
        "runs": ProductionRunSerializer(
            many=True,
            read_only=True,
            help_text="Theater, with `?expand=runs`: runs with their venues and "
            "performances, in order.",
        ),
        "versions": ProductionVersionSerializer(
            many=True,
            read_only=True,
            help_text="Video games, with `?expand=versions`: versions with their "
            "platforms, in order.",
        ),
    }
    replaced_list = "alternative_titles"

    class Meta:
        model = Production
        fields = [
            "url",
            "slug",
            "title",
            "original_title",
            "original_language",
            "alternative_titles",
            "kind",
            "status",
            "synopsis",
            "release_date",
            "release_date_precision",
            "year",
            "studio",
            "venue",
            "track",
            "artist_name",
            "artist",
            "poster",
            "website",
            "imdb_id",
            "tmdb_id",
            "igdb_id",
            "wikidata_id",
            "tags",
            "page_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["release_date_precision", "created_at", "updated_at"]
        extra_kwargs = {
            "slug": {"required": False, "allow_blank": True},
            "status": {"default": ProductionStatus.ANNOUNCED},
        }

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, production: Production) -> str:
        return self.context["request"].build_absolute_uri(production.get_absolute_url())

    def validate_alternative_titles(self, value: list[dict]) -> list[dict]:
        return check_unique_entries(value, ("title", "language"), "title")

    def validate(self, attrs):
        attrs = super().validate(attrs)
        values = (
            {
                field.name: getattr(self.instance, field.name)
                for field in Production._meta.concrete_fields
            }
            if self.instance
            else {}
        )
        values.update(
            {
                name: value
                for name, value in attrs.items()
                if name not in {"tags", "alternative_titles"}
            }
        )
        Production(**values).clean()
        return attrs

    def replace_list(self, production: Production, titles: list[dict]) -> None:
        alternative_titles_set(production=production, titles=titles)


class PersonSerializer(
    ExpandableSerializerMixin, ReplacedListMixin, serializers.ModelSerializer
):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:person-detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()
    photo = serializers.ImageField(read_only=True, allow_null=True)
    is_crew_account = serializers.SerializerMethodField()
    replaced_list = "aliases"
    aliases = PersonAliasSerializer(
        many=True,
        required=False,
        help_text="Other names they are known by: birth or stage names, other "
        "scripts; writing the list replaces them all.",
    )

    class Meta:
        model = Person
        fields = [
            "url",
            "slug",
            "name",
            "aliases",
            "bio",
            "photo",
            "website",
            "imdb_id",
            "tmdb_id",
            "wikidata_id",
            "instagram_handle",
            "is_crew_account",
            "page_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False, "allow_blank": True}}

    # Shown only when asked for with ``?expand=``.
    expansions = {
        "credits": PersonCreditSerializer(
            many=True,
            read_only=True,
            help_text="With `?expand=credits` (always on one person): their "
            "credits with production and role.",
        ),
    }

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, person: Person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())

    def get_is_crew_account(self, person: Person) -> bool:
        return person.user_id is not None

    def validate_aliases(self, value: list[dict]) -> list[dict]:
        return check_unique_entries(value, ("name",), "alias")

    def replace_list(self, person: Person, aliases: list[dict]) -> None:
        person_aliases_set(person=person, aliases=aliases)


class PersonDetailSerializer(PersonSerializer):
    credits = PersonCreditSerializer(many=True, read_only=True)
    # Their credits are always there on one person.
    expansions = {
        name: field
        for name, field in PersonSerializer.expansions.items()
        if name != "credits"
    }

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "credits"]
