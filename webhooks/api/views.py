"""The webhooks API: curators register endpoints and read their delivery log."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bts_catalog.roles import is_curator

from .. import services
from ..models import WebhookEndpoint
from .serializers import WebhookDeliverySerializer, WebhookEndpointSerializer

ERRORS = {
    401: OpenApiResponse(description="Not signed in."),
    403: OpenApiResponse(description="Not a curator."),
}
NOT_FOUND = {404: OpenApiResponse(description="No endpoint has this id.")}
INVALID = {
    400: OpenApiResponse(
        description="A field is invalid, named in the answer: `url` (not http(s), "
        "not resolving, or a private address), `events` (an unknown name), "
        "`secret` (too short)."
    )
}


class IsCurator(permissions.BasePermission):
    message = "Only curators manage webhooks."

    def has_permission(self, request, view) -> bool:
        return is_curator(request.user)


@extend_schema_view(
    list=extend_schema(
        summary="List webhook endpoints (curators)",
        responses={200: WebhookEndpointSerializer(many=True), **ERRORS},
    ),
    create=extend_schema(
        summary="Register a webhook endpoint (curators)",
        description="Deliveries are POSTed as JSON, signed: `Webhook-Id`, "
        "`Webhook-Timestamp` and `Webhook-Signature: v1=<hex HMAC-SHA256 of "
        '"{timestamp}.{body}" with the secret>`.',
        responses={201: WebhookEndpointSerializer, **INVALID, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="One webhook endpoint (curators)",
        responses={200: WebhookEndpointSerializer, **ERRORS, **NOT_FOUND},
    ),
    update=extend_schema(
        summary="Replace a webhook endpoint (curators)",
        responses={200: WebhookEndpointSerializer, **INVALID, **ERRORS, **NOT_FOUND},
    ),
    partial_update=extend_schema(
        summary="Change a webhook endpoint; `is_active` pauses or resumes it",
        responses={200: WebhookEndpointSerializer, **INVALID, **ERRORS, **NOT_FOUND},
    ),
    destroy=extend_schema(
        summary="Delete a webhook endpoint and its delivery log (curators)",
        responses={204: None, **ERRORS, **NOT_FOUND},
    ),
)
class WebhookEndpointViewSet(viewsets.ModelViewSet):
    serializer_class = WebhookEndpointSerializer
    permission_classes = [IsCurator]
    queryset = WebhookEndpoint.objects.all()
    filter_backends = []
    # Any segment reaches the view, which answers 404 (JSON) for what is no id.
    lookup_value_regex = r"[^/]+"

    def perform_create(self, serializer) -> None:
        serializer.instance = services.endpoint_create(
            **serializer.validated_data, created_by=self.request.user
        )

    def perform_update(self, serializer) -> None:
        serializer.instance = services.endpoint_update(
            endpoint=serializer.instance, **serializer.validated_data
        )

    @extend_schema(
        summary="The delivery log of one endpoint, newest first (curators)",
        responses={200: WebhookDeliverySerializer(many=True), **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["get"], serializer_class=WebhookDeliverySerializer)
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        page = self.paginate_queryset(endpoint.deliveries.all())
        return self.get_paginated_response(
            WebhookDeliverySerializer(page, many=True).data
        )

    @extend_schema(
        summary="Send a test `ping` delivery to this endpoint now (curators)",
        request=None,
        responses={201: WebhookDeliverySerializer, **ERRORS, **NOT_FOUND},
    )
    @action(detail=True, methods=["post"], serializer_class=WebhookDeliverySerializer)
    def ping(self, request, pk=None):
        delivery = services.endpoint_ping(endpoint=self.get_object())
        return Response(WebhookDeliverySerializer(delivery).data, status=201)
