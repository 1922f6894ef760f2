"""Tags: how many and how long they may be, and tags fetched for many rows at once.

taggit's manager can be prefetched, but Django then builds a fresh queryset for
every row to hold that row's tags: on a page of 25 posts that costs more than the
query itself. Prefetched into a plain list instead (``prefetch_tags()``), they
cost the one query and nothing per row; ``tags_of()`` reads that list, or asks
the database when nothing was prefetched.
"""

from django.db.models import Model, Prefetch

MAX_TAGS = 20  # on one post or production
TAG_MAX_LENGTH = 100  # taggit's Tag.name and Tag.slug columns
# taggit adds "_<n>" to a slug another tag already has, so its slug keeps room.
TAG_SLUG_MAX_LENGTH = TAG_MAX_LENGTH - 10

PREFETCHED = "prefetched_tags"


def prefetch_tags() -> Prefetch:
    return Prefetch("tags", to_attr=PREFETCHED)


def tags_of(instance: Model) -> list:
    """The instance's tags, by name."""
    tags = getattr(instance, PREFETCHED, None)
    if tags is None:
        tags = instance.tags.all()
    return sorted(tags, key=lambda tag: tag.name)
