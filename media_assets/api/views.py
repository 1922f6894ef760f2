"""API endpoints of behind-the-scenes posts, their media and tags."""

import django_filters
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from taggit.models import Tag

from bts_catalog.api.expand import ExpandableViewMixin, expand_parameter
from bts_catalog.api.filters import SearchableFilter
from bts_catalog.api.pagination import PostStreamPagination
from bts_catalog.api.parsers import JSONParser

from .. import services
from ..filters import PostFilter
from ..models import MediaAsset, Post, PostKind, PostPhase
from .serializers import (
    ANCHOR_FIELDS,
    CaptionSerializer,
    CaptionUploadSerializer,
    MediaAssetSerializer,
    MediaAssetUpdateSerializer,
    MediaUploadSerializer,
    PostSerializer,
    PostWriteSerializer,
    TagSerializer,
)


class PostApiFilter(PostFilter):
    # The API spells these `search` and `ordering`, like every other list.
    q = None
    sort = None
    episode = django_filters.NumberFilter(
        field_name="episode", min_value=1, label="About this episode (its id)"
    )
    run = django_filters.NumberFilter(
        field_name="run",
        min_value=1,
        label="About this run (its id), its performances included",
    )
    performance = django_filters.NumberFilter(
        field_name="performance", min_value=1, label="About this performance (its id)"
    )
    version = django_filters.NumberFilter(
        field_name="version", min_value=1, label="About this game version (its id)"
    )

    class Meta(PostFilter.Meta):
        fields = [
            *(name for name in PostFilter.Meta.fields if name not in {"q", "sort"}),
            *ANCHOR_FIELDS,
        ]


class PostOrderingFilter(OrderingFilter):
    """``ordering`` of posts, where ``applause`` is how many users applauded one
    (its ``applause_count``; the model's own ``applause`` is the rows)."""

    ALIASES = {"applause": "applause_count"}

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        terms = []
        for term in ordering:
            descending, name = term.startswith("-"), term.lstrip("-")
            terms.append(("-" if descending else "") + self.ALIASES.get(name, name))
        if any(name.lstrip("-") == "applause_count" for name in terms):
            terms.append("-id")  # ties of applause in a stable order
        return terms


class IsSignedInToWrite(permissions.BasePermission):
    """Anyone reads; writing needs an account (the services decide the rest)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated)


# A post always embeds its production, media and featured people: asking for
# them is accepted (clients may ask for what they need without knowing that).
POST_EXPANSIONS = {
    "production": "its production (always embedded)",
    "media": "its media with their renditions (always embedded)",
    "featured_people": "the people it features (always embedded)",
    "crafts": "the crafts it shows, as departments in place of their slugs",
}


@extend_schema_view(
    list=extend_schema(
        summary="The stream of published posts",
        description="Newest first; paginated with a cursor (follow `next`).",
        parameters=[expand_parameter(POST_EXPANSIONS)],
    ),
    retrieve=extend_schema(
        summary="A post",
        description="Published posts for everyone; unpublished ones for their "
        "author and curators only.",
        parameters=[expand_parameter(POST_EXPANSIONS)],
    ),
    destroy=extend_schema(
        summary="Withdraw a post",
        description="Its author may delete it until it is published; curators always.",
    ),
)
class PostViewSet(ExpandableViewMixin, viewsets.ModelViewSet):
    """Posts; every expansion is already in ``for_display()``."""

    lookup_field = "slug"
    permission_classes = [IsSignedInToWrite]
    filterset_class = PostApiFilter
    filter_backends = [DjangoFilterBackend, SearchableFilter, PostOrderingFilter]
    ordering_fields = ["published_at", "happened_on", "applause"]
    pagination_class = PostStreamPagination
    serializer_class = PostSerializer
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]
    expandable = POST_EXPANSIONS

    def get_queryset(self):
        posts = self.expand_queryset(Post.objects.for_display())
        if self.action == "list":
            return posts.published()
        return posts.visible_to(self.request.user)

    @extend_schema(
        summary="Submit a post",
        description="A crew account may post about productions it holds a credit "
        "on; the post is first-hand and waits for a curator. A curator's post "
        "starts as a draft.",
        request=PostWriteSerializer,
        responses={201: PostSerializer, 400: OpenApiResponse(description="Invalid")},
        examples=[
            OpenApiExample(
                "A rehearsal diary",
                request_only=True,
                value={
                    "production": "a-winters-lantern-2025",
                    "title": "Tech week, day three",
                    "body": "We finally ran the **storm sequence** end to end.",
                    "kind": PostKind.REHEARSAL,
                    "phase": PostPhase.PRE_PRODUCTION,
                    "happened_on": "2025-11-05",
                    "source_platform": "instagram",
                    "source_url": "https://www.instagram.com/p/C1a2b3c4d5/",
                    "tags": ["tech week", "storm"],
                    "crafts": ["stage-management", "lighting"],
                },
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        serializer = PostWriteSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        publish_at = data.pop("publish_at", None)
        with transaction.atomic():
            post = services.post_submit(author=request.user, **data)
            if publish_at is not None:
                services.post_publish(
                    post=post, actor=request.user, publish_at=publish_at
                )
        return self._answer(post, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a post",
        description="Its author may change it until it is published; curators "
        "always. The production cannot change.",
        request=PostWriteSerializer,
        responses={200: PostSerializer},
    )
    def update(self, request, *args, **kwargs):
        post = self.get_object()
        partial = kwargs.pop("partial", False)
        serializer = PostWriteSerializer(
            post, data=request.data, partial=partial, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("production", None)
        publish_at = data.pop("publish_at", None)
        with transaction.atomic():
            services.post_revise(post=post, editor=request.user, **data)
            if publish_at is not None:
                services.post_publish(
                    post=post, actor=request.user, publish_at=publish_at
                )
        return self._answer(post, status.HTTP_200_OK)

    def _answer(self, post: Post, code: int) -> Response:
        post = Post.objects.for_display().get(pk=post.pk)
        return Response(
            PostSerializer(post, context={"request": self.request}).data, status=code
        )

    @extend_schema(
        summary="Change some fields of a post",
        request=PostWriteSerializer,
        responses={200: PostSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def perform_destroy(self, instance):
        services.post_withdraw(post=instance, user=self.request.user)

    @extend_schema(
        summary="Add an image, a video or an embed to a post",
        description="Multipart upload of one image (checked, re-encoded without "
        "metadata, with thumbnail / card / large renditions and its sizes in AVIF, "
        "WebP and JPEG; optionally with its focal point, projection and whether "
        "its camera details are public), a video file, or a link. The post's "
        "author (until it is published) and curators only.",
        request={"multipart/form-data": MediaUploadSerializer},
        responses={201: MediaAssetSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="media",
        url_name="media",
        parser_classes=[MultiPartParser, FormParser, JSONParser],
    )
    def add_media(self, request, slug=None):
        post = self.get_object()
        if not services.post_can_edit(post=post, user=request.user):
            self.permission_denied(
                request,
                message="Only the post's author (until it is published) "
                "and curators can add media.",
            )
        serializer = MediaUploadSerializer(
            data=request.data, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        asset = services.media_asset_add(
            post=post, actor=request.user, upload=data.pop("file", None), **data
        )
        return Response(
            MediaAssetSerializer(asset, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    def get_throttles(self):
        if self.action == "add_media":
            self.throttle_scope = "uploads"
        return super().get_throttles()


@extend_schema_view(
    list=extend_schema(summary="Media of published posts"),
    retrieve=extend_schema(
        summary="A media item with its rendition URLs",
        description="A picture comes with its sizes (`sources`), placeholder, focal "
        "point, projection and capture details; the capture details are null for "
        "the public when the post's author keeps them to the crew and curators.",
    ),
    destroy=extend_schema(
        summary="Remove a media item",
        description="The post's author until it is published; curators always.",
    ),
)
class MediaAssetViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = MediaAssetSerializer
    permission_classes = [IsSignedInToWrite]
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    filterset_fields = {"post__slug": ["exact"], "kind": ["exact"]}
    ordering_fields = ["created_at", "position"]
    ordering = ["-created_at", "id"]

    def get_queryset(self):
        assets = MediaAsset.objects.select_related("post", "credited_to").with_sources()
        if self.action == "list":
            return assets.published()
        visible = Post.objects.visible_to(self.request.user)
        return assets.filter(post__in=visible)

    @extend_schema(
        summary="Change a media item",
        description="Its alt text, caption and who made it; for a picture also its "
        "focal point (the crops are made again around it), whether its camera "
        "details are public, its projection (every size is made again) and the "
        "picture it is the “after” of. The post's author until it is published; "
        "curators always. Fields left out stay as they are.",
        request=MediaAssetUpdateSerializer,
        responses={
            200: MediaAssetSerializer,
            400: OpenApiResponse(description="Invalid; the message names the field"),
            403: OpenApiResponse(description="Not the post's author, or published"),
        },
        examples=[
            OpenApiExample(
                "Pair a picture with its before",
                request_only=True,
                value={
                    "alt_text": "The finished harbour, sky replaced",
                    "focal_point": {"x": 0.62, "y": 0.4},
                    "after_of": 41,
                },
            )
        ],
    )
    def partial_update(self, request, pk=None):
        asset = self.get_object()
        if not services.post_can_edit(post=asset.post, user=request.user):
            self.permission_denied(
                request,
                message="Only the post's author (until it is published) "
                "and curators can change its media.",
            )
        serializer = MediaAssetUpdateSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        services.media_asset_update(
            asset=asset, user=request.user, **serializer.validated_data
        )
        asset = self.get_queryset().get(pk=asset.pk)
        return Response(MediaAssetSerializer(asset, context={"request": request}).data)

    def perform_destroy(self, instance):
        services.media_asset_delete(asset=instance, user=self.request.user)

    @extend_schema(
        summary="Add captions to a video",
        description="A WebVTT or SRT file (converted to WebVTT, cue text "
        "sanitised) in one language. The post's author (until it is published) "
        "and curators only.",
        request={"multipart/form-data": CaptionUploadSerializer},
        responses={201: CaptionSerializer},
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="captions",
        url_name="captions",
        parser_classes=[MultiPartParser, FormParser],
    )
    def add_captions(self, request, pk=None):
        asset = self.get_object()
        serializer = CaptionUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        caption = services.caption_add(
            asset=asset,
            user=request.user,
            captions=data["file"],
            language=data["language"],
            label=data.get("label", ""),
        )
        return Response(
            CaptionSerializer(caption, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="Remove captions from a video", responses={204: None})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"captions/(?P<caption_id>\d+)",
        url_name="caption-detail",
    )
    def remove_captions(self, request, pk=None, caption_id=None):
        asset = self.get_object()
        caption = get_object_or_404(asset.captions.all(), pk=caption_id)
        services.caption_delete(caption=caption, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="Tags, most used first"),
    retrieve=extend_schema(summary="A tag"),
)
class TagViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TagSerializer
    lookup_field = "slug"
    filter_backends = [OrderingFilter]
    ordering_fields = ["name", "item_count"]
    ordering = ["-item_count", "name"]

    def get_queryset(self):
        return Tag.objects.annotate(item_count=Count("taggit_taggeditem_items"))
