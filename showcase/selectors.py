"""Queries that read the catalogue and its posts together."""

from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from media_assets.models import Post
from productions.models import DepartmentQuerySet, ProductionQuerySet


def _published_post_count(field: str) -> Coalesce:
    """How many published posts point at the outer row through ``field``.

    A correlated subquery rather than a join: it is evaluated for the rows a page
    shows only, and counting the whole list for pagination ignores it.
    """
    counted = (
        Post.objects.published()
        .filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def with_published_post_count(productions: ProductionQuerySet) -> ProductionQuerySet:
    """Annotate each production's ``published_post_count``."""
    return productions.annotate(
        published_post_count=_published_post_count("production")
    )


def crafts_with_post_count(crafts: DepartmentQuerySet) -> DepartmentQuerySet:
    """Annotate each craft's ``post_count``: the published posts that show it."""
    return crafts.annotate(post_count=_published_post_count("crafts"))
