"""API representations of follows: what is sent to follow something, and a follow."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Follow, FollowKind, Frequency, Notification, NotificationKind

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


# --- Notifications ----------------------------------------------------------------
class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)
    url = serializers.SerializerMethodField(
        help_text="Where it points (absolute), or empty."
    )
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "message",
            "detail",
            "url",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_url(self, notification: Notification) -> str:
        if not notification.url:
            return ""
        return self.context["request"].build_absolute_uri(notification.url)


class NotificationListQuerySerializer(serializers.Serializer):
    unread = serializers.BooleanField(
        required=False,
        default=None,
        allow_null=True,
        help_text="`true`: only the unread ones; `false`: only the read ones.",
    )


# The largest id a (64-bit) primary key holds.
MAX_ID = 2**63 - 1


class NotificationsReadSerializer(serializers.Serializer):
    """Which of your notifications to mark read: those of ``ids``, or all."""

    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=1000,
        help_text="Ids of your notifications; leave it out to mark all read.",
    )


class NotificationsReadResultSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(
        min_value=0, help_text="How many were unread and are read now."
    )
    unread_count = serializers.IntegerField(
        min_value=0, help_text="How many are still unread."
    )


class NotificationPreferencesSerializer(serializers.Serializer):
    """How you hear of each kind of notification: one field per kind, each a
    frequency. Fields other than the kinds are refused."""

    def get_fields(self) -> dict:
        return {
            kind.value: serializers.ChoiceField(
                choices=Frequency.choices,
                help_text=f"{kind.label}.",
                error_messages={
                    "invalid_choice": "“{input}” is not a frequency: choose one of "
                    + ", ".join(Frequency.values)
                    + "."
                },
            )
            for kind in NotificationKind
        }

    def validate(self, attrs: dict) -> dict:
        unknown = sorted(set(self.initial_data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError(
                {name: "Not a kind of notification." for name in unknown}
            )
        return attrs
