"""API endpoints of a signed-in user's own follows, personal feed and
notifications (/me/…), and their applause of posts."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.views import APIView

from bts_catalog.api.pagination import PostStreamPagination
from media_assets.api.serializers import PostSerializer
from media_assets.models import Post

from .. import selectors, services
from ..models import Applause
from ..notifications import notifications_mark_read, preferences_of, preferences_set
from .serializers import (
    ApplauseStateSerializer,
    FollowCreateSerializer,
    FollowSerializer,
    NotificationListQuerySerializer,
    NotificationPreferencesSerializer,
    NotificationSerializer,
    NotificationsReadResultSerializer,
    NotificationsReadSerializer,
)

NOT_SIGNED_IN = OpenApiResponse(description="Not signed in.")


@extend_schema_view(
    list=extend_schema(
        summary="What you follow",
        description="Your follows, the newest first. Signed-in only.",
        responses={200: FollowSerializer(many=True), 401: NOT_SIGNED_IN},
    ),
    destroy=extend_schema(
        summary="Unfollow",
        description="Stop following it; its posts leave your feed.",
        responses={
            204: OpenApiResponse(description="Unfollowed."),
            401: NOT_SIGNED_IN,
            404: OpenApiResponse(description="Not one of your follows."),
        },
    ),
)
class FollowViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = FollowSerializer
    filter_backends = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return selectors.follows_of(self.request.user)

    @extend_schema(
        summary="Follow a production, person, craft or tag",
        description="Send exactly one of `production`, `person`, `craft` or `tag` "
        "with its slug. Following something twice, or something that does not "
        "exist, is a 400 naming the field.",
        request=FollowCreateSerializer,
        responses={
            201: FollowSerializer,
            400: OpenApiResponse(
                description="Not exactly one of them, nothing with that slug, or "
                "already followed."
            ),
            401: NOT_SIGNED_IN,
        },
        examples=[
            OpenApiExample(
                "A production",
                request_only=True,
                value={"production": "a-winters-lantern-2025"},
            ),
            OpenApiExample("A craft", request_only=True, value={"craft": "lighting"}),
        ],
    )
    def create(self, request, *args, **kwargs):
        incoming = FollowCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        follow = services.follow_add(user=request.user, target=incoming.target)
        follow = selectors.follows_of(request.user).get(pk=follow.pk)
        answer = FollowSerializer(follow, context={"request": request})
        return Response(answer.data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance) -> None:
        services.follow_remove(follow=instance)


@extend_schema_view(
    list=extend_schema(
        summary="Your personal feed",
        description="Published posts about what you follow (their production, "
        "people they feature, crafts they show or tags), the newest first, each "
        "once; paginated with a cursor (follow `next`). Signed-in only.",
        responses={200: PostSerializer(many=True), 401: NOT_SIGNED_IN},
    ),
)
class FeedViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = PostSerializer
    pagination_class = PostStreamPagination
    filter_backends = []

    def get_queryset(self):
        return selectors.feed_for(self.request.user)


NO_SUCH_POST = OpenApiResponse(description="No published post has this slug.")


class PostApplauseView(APIView):
    """Your applause of one published post: given once, taken back at will."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ApplauseStateSerializer

    def _state(self, post: Post, code: int) -> Response:
        answer = ApplauseStateSerializer(
            {
                "post": post.slug,
                "applauded": Applause.objects.filter(
                    user=self.request.user, post=post
                ).exists(),
                "applause_count": Applause.objects.filter(post=post).count(),
            }
        )
        return Response(answer.data, status=code)

    @extend_schema(
        summary="Applaud a post",
        description="One applause per user and post: applauding again changes "
        "nothing (200). Published posts only. Signed-in only.",
        request=None,
        responses={
            201: ApplauseStateSerializer,
            200: OpenApiResponse(
                ApplauseStateSerializer, description="You had already applauded it."
            ),
            401: NOT_SIGNED_IN,
            404: NO_SUCH_POST,
        },
    )
    def post(self, request, slug: str):
        post = get_object_or_404(Post.objects.published(), slug=slug)
        created = services.applause_add(user=request.user, post=post)
        return self._state(post, status.HTTP_201_CREATED if created else 200)

    @extend_schema(
        summary="Take back your applause",
        description="Nothing changes if you had not applauded it. Signed-in only.",
        request=None,
        responses={200: ApplauseStateSerializer, 401: NOT_SIGNED_IN, 404: NO_SUCH_POST},
    )
    def delete(self, request, slug: str):
        post = get_object_or_404(Post.objects.published(), slug=slug)
        services.applause_remove(user=request.user, post=post)
        return self._state(post, status.HTTP_200_OK)


# --- Notifications ----------------------------------------------------------------
class NotificationPagination(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-created_at", "-id")


UNREAD_PARAMETER = OpenApiParameter(
    "unread",
    OpenApiTypes.BOOL,
    description="`true`: only the unread ones; `false`: only the read ones.",
)


@extend_schema_view(
    list=extend_schema(
        summary="Your notifications",
        description="The newest first, paginated with a cursor (follow `next`); "
        "`?unread=true` for the unread ones only. Signed-in only.",
        parameters=[UNREAD_PARAMETER],
        responses={
            200: NotificationSerializer(many=True),
            400: OpenApiResponse(description="`unread` is not true or false."),
            401: NOT_SIGNED_IN,
        },
    ),
    retrieve=extend_schema(
        summary="One of your notifications",
        responses={
            200: NotificationSerializer,
            401: NOT_SIGNED_IN,
            404: OpenApiResponse(description="Not one of your notifications."),
        },
    ),
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination
    filter_backends = []
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        notifications = selectors.notifications_of(self.request.user)
        if self.action == "list":
            query = NotificationListQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            unread = query.validated_data["unread"]
            if unread is not None:
                notifications = notifications.filter(read_at__isnull=unread)
        return notifications

    @extend_schema(
        summary="Mark notifications read",
        description="Marks those of `ids` read (ids that are not yours, or already "
        "read, change nothing), or all of them when `ids` is left out. Signed-in "
        "only.",
        request=NotificationsReadSerializer,
        responses={
            200: NotificationsReadResultSerializer,
            400: OpenApiResponse(description="`ids` is not a list of ids."),
            401: NOT_SIGNED_IN,
        },
        examples=[
            OpenApiExample("Some of them", request_only=True, value={"ids": [3, 7]}),
            OpenApiExample("All of them", request_only=True, value={}),
        ],
    )
    @action(detail=False, methods=["post"])
    def read(self, request):
        incoming = NotificationsReadSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        changed = notifications_mark_read(
            user=request.user, ids=incoming.validated_data.get("ids")
        )
        answer = NotificationsReadResultSerializer(
            {
                "marked_read": changed,
                "unread_count": selectors.unread_notifications_count(request.user),
            }
        )
        return Response(answer.data)


BAD_PREFERENCES = OpenApiResponse(
    description="A field that is not a kind of notification, or a value that is "
    "not a frequency (the error names the field)."
)


class NotificationPreferencesView(APIView):
    """How you hear of each kind of notification: off, in the site only, or also
    by email at once or in a daily or weekly digest."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = NotificationPreferencesSerializer

    def _answer(self, preferences) -> Response:
        return Response(
            NotificationPreferencesSerializer(
                {kind.value: frequency.value for kind, frequency in preferences.items()}
            ).data
        )

    def _save(self, request, *, partial: bool) -> Response:
        incoming = NotificationPreferencesSerializer(data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        return self._answer(
            preferences_set(user=request.user, choices=incoming.validated_data)
        )

    @extend_schema(
        summary="Your notification settings",
        description="Every kind of notification with its frequency (a kind you "
        "never chose has its default). Signed-in only.",
        responses={200: NotificationPreferencesSerializer, 401: NOT_SIGNED_IN},
    )
    def get(self, request):
        return self._answer(preferences_of(request.user))

    @extend_schema(
        summary="Set every notification setting",
        description="Send every kind with its frequency. Signed-in only.",
        request=NotificationPreferencesSerializer,
        responses={
            200: NotificationPreferencesSerializer,
            400: BAD_PREFERENCES,
            401: NOT_SIGNED_IN,
        },
    )
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(
        summary="Change some notification settings",
        description="Send only the kinds to change. Signed-in only.",
        request=NotificationPreferencesSerializer,
        responses={
            200: NotificationPreferencesSerializer,
            400: BAD_PREFERENCES,
            401: NOT_SIGNED_IN,
        },
        examples=[
            OpenApiExample(
                "Weekly news of what you follow",
                request_only=True,
                value={"followed_post": "weekly"},
            ),
        ],
    )
    def patch(self, request):
        return self._save(request, partial=True)
