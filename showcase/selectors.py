"""Queries that read the catalogue and its posts together."""

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from media_assets.models import Post, PostStatus
from productions.models import DepartmentQuerySet, ProductionQuerySet


def with_published_post_count(productions: ProductionQuerySet) -> ProductionQuerySet:
    """Annotate ``published_post_count``.

    A correlated subquery rather than a join: it is evaluated for the rows a page
    shows only, and counting the whole list for pagination ignores it.
    """
    counted = (
        Post.objects.published()
        .filter(production=OuterRef("pk"))
        .order_by()
        .values("production")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return productions.annotate(
        published_post_count=Coalesce(
            Subquery(counted, output_field=models.IntegerField()), 0
        )
    )


def crafts_with_post_count(crafts: DepartmentQuerySet) -> DepartmentQuerySet:
    """Annotate each craft's ``post_count``: the published posts that show it."""
    return crafts.annotate(
        post_count=Count(
            "posts", filter=Q(posts__status=PostStatus.PUBLISHED), distinct=True
        )
    )
