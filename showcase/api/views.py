"""API parts that show the catalogue with its posts."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action

from bts_catalog.api.pagination import PostStreamPagination
from media_assets.api.serializers import PostSerializer
from media_assets.models import Post
from productions.api import views as catalogue

from ..selectors import with_published_post_count
from .serializers import ProductionWithPostsSerializer

EMBEDDED_POSTS = 10
PRODUCTION_EXPANSIONS = {
    **catalogue.PRODUCTION_EXPANSIONS,
    "posts": f"the {EMBEDDED_POSTS} latest published posts",
}


@extend_schema_view(
    list=extend_schema(
        parameters=[catalogue.expand_parameter(PRODUCTION_EXPANSIONS)],
    ),
    retrieve=extend_schema(
        parameters=[catalogue.expand_parameter(PRODUCTION_EXPANSIONS)],
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
