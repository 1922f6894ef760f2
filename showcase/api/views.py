"""API parts that show the catalogue with its posts, and merge duplicates."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from bts_catalog.api.expand import expand_parameter
from bts_catalog.api.pagination import PostStreamPagination
from bts_catalog.roles import is_curator
from media_assets.api.serializers import PostSerializer
from media_assets.models import Post
from productions.api import views as catalogue
from productions.models import Person, Production

from .. import merging
from ..selectors import with_published_post_count
from .serializers import (
    EMBEDDED_POSTS_OF_PERSON,
    MergeRecordSerializer,
    PersonDetailWithPostsSerializer,
    PersonMergeResultSerializer,
    PersonMergeSerializer,
    PersonWithPostsSerializer,
    ProductionMergeResultSerializer,
    ProductionMergeSerializer,
    ProductionWithPostsSerializer,
)


class IsCurator(permissions.BasePermission):
    message = "Only curators merge records."

    def has_permission(self, request, view) -> bool:
        return is_curator(request.user)


def merge_schema(noun: str, result) -> dict:
    return {
        "summary": f"Merge a duplicate {noun} into another (curators)",
        "description": f"Everything that points at this {noun} moves to `into`, "
        "without doubling what is there already; this address then answers `301` "
        "to the survivor's. The merge is recorded and atomic.",
        "responses": {
            200: result,
            400: OpenApiResponse(
                description="`into` is this record, unknown, already merged, or "
                "cannot take what this one has (e.g. a second crew account)."
            ),
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Not a curator."),
            404: OpenApiResponse(description=f"No {noun} has this slug."),
        },
    }


def merge_response(view, survivor, record) -> Response:
    return Response(
        {
            "survivor": view.get_serializer(survivor).data,
            "record": MergeRecordSerializer(record).data,
        }
    )


EMBEDDED_POSTS = 10
PRODUCTION_EXPANSIONS = {
    **catalogue.PRODUCTION_EXPANSIONS,
    "posts": f"the {EMBEDDED_POSTS} latest published posts",
}


@extend_schema_view(
    list=extend_schema(
        parameters=[expand_parameter(PRODUCTION_EXPANSIONS)],
    ),
    retrieve=extend_schema(
        parameters=[expand_parameter(PRODUCTION_EXPANSIONS)],
        responses={
            200: ProductionWithPostsSerializer,
            301: catalogue.MOVED_TO_SURVIVOR,
        },
    ),
)
class ProductionViewSet(catalogue.ProductionViewSet):
    """Productions with their published-post counts, ``?expand=posts`` and the
    ``posts`` stream of each."""

    serializer_class = ProductionWithPostsSerializer
    expandable = PRODUCTION_EXPANSIONS

    def get_queryset(self):
        return with_published_post_count(super().get_queryset())

    def expand_posts(self, queryset):
        return queryset.prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.published()
                .for_display()
                .latest()[:EMBEDDED_POSTS],
                to_attr="latest_posts",
            )
        )

    @extend_schema(
        summary="Published posts of a production",
        responses=PostSerializer(many=True),
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        url_path="posts",
        url_name="posts",
        # Declared here, not made in the method, so the schema documents `cursor`.
        pagination_class=PostStreamPagination,
    )
    def posts(self, request, slug=None):
        production = self.get_object()
        queryset = Post.objects.published().for_production(production).for_display()
        page = self.paginate_queryset(queryset)
        serializer = PostSerializer(page, many=True, context={"request": request})
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        request=ProductionMergeSerializer,
        filters=False,
        **merge_schema("production", ProductionMergeResultSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="merge",
        url_name="merge",
        permission_classes=[IsCurator],
    )
    def merge(self, request, slug=None):
        production = get_object_or_404(Production, slug=slug)
        data = ProductionMergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = merging.production_merge(
            production=production, into=data.validated_data["into"], actor=request.user
        )
        return merge_response(
            self, self.get_queryset().get(pk=record.production_id), record
        )


PERSON_EXPANSIONS = {
    **catalogue.PERSON_EXPANSIONS,
    "posts": f"the {EMBEDDED_POSTS_OF_PERSON} latest published posts that feature "
    "them or that their crew account wrote",
}


def latest_published_posts():
    return Post.objects.published().for_display().latest()[:EMBEDDED_POSTS_OF_PERSON]


@extend_schema_view(
    list=extend_schema(parameters=[expand_parameter(PERSON_EXPANSIONS)]),
    retrieve=extend_schema(
        parameters=[expand_parameter(PERSON_EXPANSIONS)],
        responses={
            200: PersonDetailWithPostsSerializer,
            301: catalogue.MOVED_TO_SURVIVOR,
        },
    ),
)
class PersonViewSet(catalogue.PersonViewSet):
    """People with ``?expand=posts``, and merging a duplicate person into
    another."""

    expandable = PERSON_EXPANSIONS

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PersonDetailWithPostsSerializer
        return PersonWithPostsSerializer

    def expand_posts(self, queryset):
        """The latest of the posts featuring each person and of those their crew
        account wrote: the serializer keeps the newest of both."""
        return queryset.prefetch_related(
            Prefetch(
                "featured_in_posts",
                queryset=latest_published_posts(),
                to_attr="featured_posts",
            ),
            Prefetch(
                "user__bts_posts",
                queryset=latest_published_posts(),
                to_attr="written_posts",
            ),
        )

    @extend_schema(
        request=PersonMergeSerializer,
        filters=False,
        **merge_schema("person", PersonMergeResultSerializer),
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="merge",
        url_name="merge",
        permission_classes=[IsCurator],
    )
    def merge(self, request, slug=None):
        person = get_object_or_404(Person, slug=slug)
        data = PersonMergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = merging.person_merge(
            person=person, into=data.validated_data["into"], actor=request.user
        )
        return merge_response(
            self, self.get_queryset().get(pk=record.person_id), record
        )
