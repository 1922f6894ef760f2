from django import forms
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import ngettext

from . import services
from .models import (
    SECRET_MIN_LENGTH,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)


class WebhookEndpointForm(forms.ModelForm):
    secret = forms.CharField(
        required=False,
        min_length=SECRET_MIN_LENGTH,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=f"At least {SECRET_MIN_LENGTH} characters. Never shown again; "
        "leave blank to keep the current one.",
    )
    events = forms.MultipleChoiceField(
        choices=[(e.value, e.label) for e in WebhookEvent.subscribable()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "secret", "events", "description", "is_active"]

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if not secret:
            if not self.instance.pk:
                raise forms.ValidationError("A new endpoint needs a secret.")
            return self.instance.secret
        return secret


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = [
        "url",
        "event_list",
        "is_active",
        "pause_reason",
        "consecutive_failures",
        "last_delivery",
    ]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    readonly_fields = [
        "secret_hint",
        "paused_at",
        "pause_reason",
        "consecutive_failures",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["resume", "pause", "send_ping"]

    def get_queryset(self, request):
        last = WebhookDelivery.objects.filter(endpoint=OuterRef("pk")).order_by(
            "-created_at", "-pk"
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_status=Subquery(last.values("status")[:1]),
                last_at=Subquery(last.values("created_at")[:1]),
            )
        )

    @admin.display(description="events")
    def event_list(self, endpoint) -> str:
        return ", ".join(endpoint.events)

    @admin.display(description="last delivery", ordering="last_at")
    def last_delivery(self, endpoint) -> str:
        if not endpoint.last_at:
            return "—"
        status = DeliveryStatus(endpoint.last_status).label
        return f"{endpoint.last_at:%Y-%m-%d %H:%M} · {status}"

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        if change and "is_active" in form.changed_data:
            if obj.is_active:  # resumed: the failures so far are forgiven
                obj.paused_at, obj.pause_reason, obj.consecutive_failures = None, "", 0
            else:
                obj.paused_at, obj.pause_reason = timezone.now(), "Paused by a curator."
        super().save_model(request, obj, form, change)

    @admin.action(description="Resume the selected endpoints", permissions=["change"])
    def resume(self, request, queryset) -> None:
        for endpoint in queryset:
            services.endpoint_resume(endpoint=endpoint)
        self.message_user(request, f"{queryset.count()} resumed.", messages.SUCCESS)

    @admin.action(description="Pause the selected endpoints", permissions=["change"])
    def pause(self, request, queryset) -> None:
        for endpoint in queryset:
            services.endpoint_pause(endpoint=endpoint, reason="Paused by a curator.")
        self.message_user(request, f"{queryset.count()} paused.", messages.SUCCESS)

    @admin.action(description="Send a test ping", permissions=["change"])
    def send_ping(self, request, queryset) -> None:
        for endpoint in queryset:
            delivery = services.endpoint_ping(endpoint=endpoint)
            if delivery.status == DeliveryStatus.SUCCEEDED:
                self.message_user(
                    request,
                    f"{endpoint}: ping delivered (HTTP {delivery.response_status}, "
                    f"{delivery.response_ms} ms).",
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    f"{endpoint}: ping failed ({delivery.error}).",
                    messages.ERROR,
                )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_status",
        "response_ms",
        "error",
    ]
    list_filter = ["status", "event", "endpoint"]
    list_select_related = ["endpoint"]
    search_fields = ["delivery_id", "error"]
    actions = ["retry_now"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("webhooks.view_webhookdelivery") and (
            request.user.has_perm("webhooks.change_webhookendpoint")
        )

    @admin.action(description="Retry now", permissions=["retry"])
    def retry_now(self, request, queryset) -> None:
        tried = [
            delivery
            for delivery in queryset.exclude(status=DeliveryStatus.SUCCEEDED)
            if services.delivery_retry_now(delivery=delivery) is not None
        ]
        succeeded = sum(d.status == DeliveryStatus.SUCCEEDED for d in tried)
        self.message_user(
            request,
            ngettext(
                "%(tried)d delivery tried, %(ok)d delivered.",
                "%(tried)d deliveries tried, %(ok)d delivered.",
                len(tried),
            )
            % {"tried": len(tried), "ok": succeeded},
        )
