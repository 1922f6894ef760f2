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

from bts_catalog.api.fields import TagListField

from ..models import (
    Credit,
    Department,
    Episode,
    Person,
    Production,
    ProductionStatus,
    Role,
    Season,
)


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


class CreditSerializer(serializers.ModelSerializer):
    """A credit; written with slugs, read with the linked objects summarised."""

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
            "billing_order",
            "is_verified",
        ]
        read_only_fields = ["is_verified"]
        # Unique per production, or per episode for episode credits: the model's
        # two constraints, checked in validate().
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


class ProductionSerializer(TaggitSerializer, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:production-detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()
    year = serializers.IntegerField(read_only=True, allow_null=True)
    tags = TagListField(required=False)
    poster = serializers.ImageField(read_only=True, allow_null=True)
    credits = ProductionCreditSerializer(
        many=True,
        read_only=True,
        help_text="On a single production, and on lists with `?expand=credits`.",
    )
    seasons = ProductionSeasonSerializer(
        many=True,
        read_only=True,
        help_text="TV series, with `?expand=seasons`: seasons and their episodes.",
    )

    # Fields shown only when asked for with ``?expand=``.
    expandable_fields: tuple[str, ...] = ("credits", "seasons")

    class Meta:
        model = Production
        fields = [
            "url",
            "slug",
            "title",
            "kind",
            "status",
            "synopsis",
            "release_date",
            "year",
            "studio",
            "venue",
            "platforms",
            "poster",
            "website",
            "imdb_id",
            "tmdb_id",
            "igdb_id",
            "tags",
            "page_url",
            "created_at",
            "updated_at",
            "credits",
            "seasons",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {
            "slug": {"required": False, "allow_blank": True},
            "status": {"default": ProductionStatus.ANNOUNCED},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expand = self.context.get("expand")
        if expand is not None:  # None: describing the schema, so show them all
            for name in self.expandable_fields:
                if name not in expand:
                    self.fields.pop(name)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, production: Production) -> str:
        return self.context["request"].build_absolute_uri(production.get_absolute_url())

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
        values.update({k: v for k, v in attrs.items() if k != "tags"})
        Production(**values).clean()
        return attrs

    def create(self, validated_data):
        with transaction.atomic():
            return super().create(validated_data)

    def update(self, instance, validated_data):
        with transaction.atomic():
            return super().update(instance, validated_data)


class PersonSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:person-detail", lookup_field="slug"
    )
    page_url = serializers.SerializerMethodField()
    photo = serializers.ImageField(read_only=True, allow_null=True)
    is_crew_account = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "url",
            "slug",
            "name",
            "bio",
            "photo",
            "website",
            "imdb_id",
            "instagram_handle",
            "is_crew_account",
            "page_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        extra_kwargs = {"slug": {"required": False, "allow_blank": True}}

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, person: Person) -> str:
        return self.context["request"].build_absolute_uri(person.get_absolute_url())

    def get_is_crew_account(self, person: Person) -> bool:
        return person.user_id is not None


class PersonDetailSerializer(PersonSerializer):
    credits = PersonCreditSerializer(many=True, read_only=True)

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "credits"]
