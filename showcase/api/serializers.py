"""A production as the API shows it beside its posts; merging duplicates."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.reverse import reverse

from media_assets.api.serializers import PostSerializer
from productions.api.serializers import (
    PersonDetailSerializer,
    PersonSerializer,
    ProductionSerializer,
)
from productions.models import MergeRecord, Person, Production

# How many posts ``?expand=posts`` embeds for each person.
EMBEDDED_POSTS_OF_PERSON = 20


@extend_schema_serializer(component_name="Production")
class ProductionWithPostsSerializer(ProductionSerializer):
    posts_url = serializers.SerializerMethodField()
    published_post_count = serializers.IntegerField(read_only=True, default=0)

    expansions = {
        **ProductionSerializer.expansions,
        "posts": PostSerializer(
            source="latest_posts",
            many=True,
            read_only=True,
            help_text="The latest published posts, with `?expand=posts`.",
        ),
    }

    class Meta(ProductionSerializer.Meta):
        fields = [
            *ProductionSerializer.Meta.fields,
            "published_post_count",
            "posts_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_posts_url(self, production: Production) -> str:
        return reverse(
            "api:production-posts",
            kwargs={"slug": production.slug},
            request=self.context["request"],
        )


def _newest_first(post) -> tuple:
    """As ``PostQuerySet.latest()`` orders them."""
    published = post.published_at.timestamp() if post.published_at else 0.0
    return (post.published_at is None, -published, -post.pk)


class PersonPostsMixin:
    """A person's ``posts`` expansion: the published posts that feature them or
    that their crew account wrote, as the view prefetched them."""

    @extend_schema_field(PostSerializer(many=True))
    def get_posts(self, person: Person) -> list:
        posts = {post.pk: post for post in getattr(person, "featured_posts", [])}
        if person.user_id is not None:
            posts.update(
                (post.pk, post) for post in getattr(person.user, "written_posts", [])
            )
        newest_first = sorted(posts.values(), key=_newest_first)
        # Posts embed their own expansions only when they are the answer.
        context = {**self.context, "expand": set()}
        return PostSerializer(
            newest_first[: self.embedded_posts], many=True, context=context
        ).data


POSTS_OF_PERSON = serializers.SerializerMethodField(
    help_text="With `?expand=posts`: the latest published posts that feature them "
    "or that their crew account wrote, newest first."
)


@extend_schema_serializer(component_name="Person")
class PersonWithPostsSerializer(PersonPostsMixin, PersonSerializer):
    embedded_posts = EMBEDDED_POSTS_OF_PERSON
    expansions = {**PersonSerializer.expansions, "posts": POSTS_OF_PERSON}


@extend_schema_serializer(component_name="PersonDetail")
class PersonDetailWithPostsSerializer(PersonPostsMixin, PersonDetailSerializer):
    embedded_posts = EMBEDDED_POSTS_OF_PERSON
    expansions = {**PersonDetailSerializer.expansions, "posts": POSTS_OF_PERSON}


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
    survivor = PersonWithPostsSerializer(read_only=True)
    record = MergeRecordSerializer(read_only=True)


class ProductionMergeResultSerializer(serializers.Serializer):
    survivor = ProductionWithPostsSerializer(read_only=True)
    record = MergeRecordSerializer(read_only=True)
