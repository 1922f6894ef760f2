"""A production as the API shows it beside its posts; merging duplicates."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from media_assets.api.serializers import PostSerializer
from productions.api.serializers import PersonSerializer, ProductionSerializer
from productions.models import MergeRecord, Person, Production


@extend_schema_serializer(component_name="Production")
class ProductionWithPostsSerializer(ProductionSerializer):
    posts_url = serializers.SerializerMethodField()
    published_post_count = serializers.IntegerField(read_only=True, default=0)
    posts = serializers.SerializerMethodField(
        help_text="The latest published posts, with `?expand=posts`."
    )

    expandable_fields = (*ProductionSerializer.expandable_fields, "posts")

    class Meta(ProductionSerializer.Meta):
        fields = [
            *ProductionSerializer.Meta.fields,
            "published_post_count",
            "posts_url",
            "posts",
        ]

    @extend_schema_field(PostSerializer(many=True))
    def get_posts(self, production: Production) -> list:
        return PostSerializer(
            getattr(production, "latest_posts", []), many=True, context=self.context
        ).data

    @extend_schema_field(OpenApiTypes.URI)
    def get_posts_url(self, production: Production) -> str:
        return reverse(
            "api:production-posts",
            kwargs={"slug": production.slug},
            request=self.context["request"],
        )


class MergeRecordSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = MergeRecord
        fields = [
            "id",
            "kind",
            "merged_slug",
            "merged_name",
            "survivor_slug",
            "actor",
            "moved",
            "created_at",
        ]
        read_only_fields = fields


class PersonMergeSerializer(serializers.Serializer):
    into = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Person.objects.all(),
        help_text="The slug of the person who stays.",
        error_messages={"does_not_exist": "No person has the slug “{value}”."},
    )


class ProductionMergeSerializer(serializers.Serializer):
    into = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Production.objects.all(),
        help_text="The slug of the production that stays.",
        error_messages={"does_not_exist": "No production has the slug “{value}”."},
    )


class PersonMergeResultSerializer(serializers.Serializer):
    survivor = PersonSerializer(read_only=True)
    record = MergeRecordSerializer(read_only=True)


class ProductionMergeResultSerializer(serializers.Serializer):
    survivor = ProductionWithPostsSerializer(read_only=True)
    record = MergeRecordSerializer(read_only=True)
