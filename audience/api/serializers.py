"""API representations of follows: what is sent to follow something, and a follow."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Follow, FollowKind

_NAMES = ", ".join(FollowKind.values[:-1]) + f" or {FollowKind.values[-1]}"


class FollowCreateSerializer(serializers.Serializer):
    """Exactly one of production, person, craft or tag, by its slug."""

    def get_fields(self) -> dict:
        return {
            kind.value: serializers.SlugRelatedField(
                slug_field="slug",
                queryset=kind.followable(),
                required=False,
                help_text=f"Slug of the {kind.label.lower()} to follow.",
                error_messages={
                    "does_not_exist": f"There is no {kind.label.lower()} "
                    "with the slug “{value}”.",
                    "invalid": f"Give the {kind.label.lower()}'s slug as text.",
                },
            )
            for kind in FollowKind
        }

    def validate(self, attrs: dict) -> dict:
        named = [name for name, value in attrs.items() if value is not None]
        if len(named) != 1:
            raise serializers.ValidationError(f"Name exactly one of {_NAMES}.")
        return attrs

    @property
    def target(self):
        return next(iter(self.validated_data.values()))


class FollowSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=FollowKind.choices, read_only=True)
    slug = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()

    class Meta:
        model = Follow
        fields = ["id", "kind", "slug", "name", "page_url", "created_at"]
        read_only_fields = fields

    def get_slug(self, follow: Follow) -> str:
        return follow.target.slug

    def get_name(self, follow: Follow) -> str:
        return str(follow.target)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, follow: Follow) -> str:
        return self.context["request"].build_absolute_uri(follow.target_url())


class ApplauseStateSerializer(serializers.Serializer):
    """Whether you applaud a post now, and how many users do."""

    post = serializers.SlugField(help_text="The post's slug.")
    applauded = serializers.BooleanField()
    applause_count = serializers.IntegerField(min_value=0)
