"""API endpoints of a signed-in user's own account: everything held about them
(/me/export/) and the deletion of the account (/me/account/)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from ..account import (
    EXPORT_FORMAT,
    STAFF_REFUSAL,
    AuthoredPosts,
    account_can_be_deleted,
    account_delete,
    account_export,
)

NOT_SIGNED_IN = OpenApiResponse(description="Not signed in.")


class AccountDeleteSerializer(serializers.Serializer):
    """What a deletion must say: the account's own username, and what becomes of
    its published posts and answers."""

    posts = serializers.ChoiceField(
        choices=AuthoredPosts.choices,
        help_text="`keep`: published posts and answers stay, with the author "
        "shown as removed; `delete`: they go, with their files. Unpublished "
        "posts are deleted either way.",
    )
    confirm = serializers.CharField(
        max_length=150, help_text="Your username, exactly, to confirm."
    )

    def validate_confirm(self, value: str) -> str:
        if value != self.context["user"].get_username():
            raise serializers.ValidationError(
                "That is not your username: nothing was deleted."
            )
        return value


class AccountExportView(APIView):
    """Everything the site holds about you."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="me_export",
        summary="Everything held about you",
        description=f"Your account, linked person and claims, follows, private "
        f"feed address, applause, seen productions, notification preferences, "
        f"notifications, emails, questions, answers, reports and posts with their "
        f"media, as one JSON object (`format` is `{EXPORT_FORMAT}`, with a "
        f"`version`). Never cached. Signed-in only.",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The export."),
            401: NOT_SIGNED_IN,
        },
    )
    def get(self, request):
        data = account_export(user=request.user, absolute=request.build_absolute_uri)
        response = Response(data)
        response["Cache-Control"] = "private, no-store"
        return response


class AccountView(APIView):
    """Your account, to delete."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="me_account_destroy",
        summary="Delete your account",
        description="Give `confirm` (your username) and `posts` (`keep` or "
        "`delete`) in the query or a JSON body. Follows, applause, notifications, "
        "emails, questions and the private feed go with the account; a person "
        "linked to it stays in the catalogue, unlinked. Staff and superuser "
        "accounts are refused (403): they are managed in admin.",
        parameters=[
            OpenApiParameter(
                "posts", str, enum=AuthoredPosts.values, description="keep or delete"
            ),
            OpenApiParameter("confirm", str, description="Your username."),
        ],
        request=AccountDeleteSerializer,
        responses={
            204: OpenApiResponse(description="The account is deleted."),
            400: OpenApiResponse(
                description="`posts` or `confirm` missing or wrong; nothing is deleted."
            ),
            401: NOT_SIGNED_IN,
            403: OpenApiResponse(description="A staff or superuser account."),
        },
    )
    def delete(self, request):
        if not account_can_be_deleted(request.user):
            raise PermissionDenied(STAFF_REFUSAL)
        given = request.query_params.dict()
        if isinstance(request.data, dict):
            given.update(request.data.items())
        incoming = AccountDeleteSerializer(data=given, context={"user": request.user})
        incoming.is_valid(raise_exception=True)
        account_delete(user=request.user, posts=incoming.validated_data["posts"])
        return Response(status=status.HTTP_204_NO_CONTENT)
