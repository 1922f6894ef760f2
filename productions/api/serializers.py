"""API representations of the catalogue."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator
from taggit.serializers import TaggitSerializer

from bts_catalog.api.fields import TagListField

from ..models import Credit, Department, Person, Production, ProductionStatus, Role


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


class CreditSerializer(serializers.ModelSerializer):
    """A credit; written with slugs, read with the linked objects summarised."""

    url = serializers.HyperlinkedIdentityField(view_name="api:credit-detail")
    production = serializers.SlugRelatedField(
        slug_field="slug", queryset=Production.objects.all()
    )
    person = serializers.SlugRelatedField(
        slug_field="slug", queryset=Person.objects.all()
    )
    role = serializers.SlugRelatedField(
        slug_field="slug", queryset=Role.objects.select_related("department")
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
            "billing_order",
            "is_verified",
        ]
        read_only_fields = ["is_verified"]
        validators = [
            UniqueTogetherValidator(
                queryset=Credit.objects.all(),
                fields=["production", "person", "role", "character"],
                message="This person already holds this credit on this production.",
            )
        ]
        extra_kwargs = {"character": {"default": ""}}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = Credit(**{**self._current(), **attrs})
        instance.clean()
        return attrs

    def _current(self) -> dict:
        if self.instance is None:
            return {}
        return {
            "production": self.instance.production,
            "person": self.instance.person,
            "role": self.instance.role,
            "character": self.instance.character,
        }


class CreditListingSerializer(serializers.ModelSerializer):
    """What a credit shows when listed on its production or its person."""

    role = serializers.CharField(source="role.name", read_only=True)
    role_slug = serializers.CharField(source="role.slug", read_only=True)
    department = serializers.CharField(source="role.department.slug", read_only=True)

    class Meta:
        model = Credit
        fields = ["id", "role", "role_slug", "department", "character", "is_verified"]


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

    # Fields shown only when asked for with ``?expand=``.
    expandable_fields: tuple[str, ...] = ("credits",)

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
