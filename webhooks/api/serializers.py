from rest_framework import serializers

from ..models import SECRET_MIN_LENGTH, WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointSerializer(serializers.ModelSerializer):
    secret = serializers.CharField(
        write_only=True,
        min_length=SECRET_MIN_LENGTH,
        max_length=200,
        trim_whitespace=False,
        help_text=f"Signs every delivery; at least {SECRET_MIN_LENGTH} characters. "
        "Never shown again: `secret_hint` shows its last characters.",
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[(e.value, e.label) for e in WebhookEvent.subscribable()]
        ),
        allow_empty=False,
        help_text="The events this endpoint receives.",
    )
    secret_hint = serializers.CharField(read_only=True)
    is_active = serializers.BooleanField(
        required=False,
        help_text="False pauses deliveries; true resumes them (and resets "
        "`consecutive_failures`).",
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "secret",
            "secret_hint",
            "events",
            "description",
            "is_active",
            "paused_at",
            "pause_reason",
            "consecutive_failures",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "paused_at",
            "pause_reason",
            "consecutive_failures",
            "created_at",
            "updated_at",
        ]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "delivery_id",
            "event",
            "status",
            "attempts",
            "response_status",
            "response_ms",
            "error",
            "next_attempt_at",
            "created_at",
            "last_attempt_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields
