"""Queries that read the catalogue and its posts together."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from taggit.models import Tag, TaggedItem

from media_assets.models import CARD_FIELDS, Post, PostQuerySet
from productions.models import (
    Department,
    DepartmentQuerySet,
    Episode,
    GameVersion,
    Person,
    Production,
    ProductionQuerySet,
    Run,
    Venue,
)

# What a post card needs of the episode, run, performance or version it is about.
ANCHOR_FIELDS = (
    "episode__number",
    "episode__title",
    "episode__season__number",
    "run__opening_date",
    "run__closing_date",
    "run__venue__name",
    "performance__date",
    "performance__time",
    "performance__kind",
    "version__name",
    "version__kind",
    "version__release_date",
)
# The query parameters that filter a timeline, each naming a Post anchor field.
ANCHOR_PARAMS = ("episode", "run", "version")


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


def with_anchors(posts: PostQuerySet) -> PostQuerySet:
    """Posts as cards, each with the episode, run, performance or version it is
    about read in the same query."""
    return (
        posts.with_cards()
        .select_related("episode__season", "run__venue", "performance", "version")
        .only(*CARD_FIELDS, *ANCHOR_FIELDS)
    )


def posts_about_episode(episode: Episode) -> PostQuerySet:
    """Published posts about one episode, as its making-of timeline orders them."""
    return with_anchors(Post.objects.published().filter(episode=episode)).timeline()


def posts_about_runs_at(venue: Venue) -> PostQuerySet:
    """Published posts about the runs at a venue (their performances included),
    newest first."""
    return with_anchors(
        Post.objects.published().filter(
            run__venue=venue, production__merged_into__isnull=True
        )
    ).latest()


@dataclass
class TimelineAnchor:
    """An episode, run or version that posts of a timeline are about: one of the
    links that filter the timeline."""

    param: str
    target: Episode | Run | GameVersion
    count: int = 0

    @property
    def pk(self) -> int:
        return self.target.pk

    @property
    def query(self) -> str:
        return f"{self.param}={self.target.pk}"

    @property
    def episode(self) -> Episode | None:
        return self.target if self.param == "episode" else None

    @property
    def run(self) -> Run | None:
        return self.target if self.param == "run" else None

    @property
    def version(self) -> GameVersion | None:
        return self.target if self.param == "version" else None


class InvalidAnchorFilter(ValueError):
    """A timeline filter whose id is not a number."""


def anchor_filter(params: Mapping[str, str]) -> tuple[str, int] | None:
    """The (param, id) a timeline is filtered by, from ``?episode=``, ``?run=`` or
    ``?version=`` (the first given), or None to show every post."""
    for param in ANCHOR_PARAMS:
        value = params.get(param)
        if value is None or value == "":
            continue
        if not value.isascii() or not value.isdigit():
            raise InvalidAnchorFilter(f"{param} is an id, a whole number.")
        return param, int(value)
    return None


def timeline_anchors(posts: Iterable[Post]) -> list[TimelineAnchor]:
    """The episodes, runs and versions the posts are about, each once with its
    number of posts: episodes in broadcast order, runs by opening night, versions
    by release. A post about a performance counts for its run. Pass posts
    ``with_anchors()`` so that no post costs a query."""
    found: dict[tuple[str, int], TimelineAnchor] = {}
    for post in posts:
        for param in ANCHOR_PARAMS:
            pk = getattr(post, f"{param}_id")
            if pk is None:
                continue
            anchor = found.setdefault(
                (param, pk), TimelineAnchor(param=param, target=getattr(post, param))
            )
            anchor.count += 1

    def order(anchor: TimelineAnchor) -> tuple:
        target = anchor.target
        if anchor.param == "episode":
            return (0, target.season.number, target.number, "")
        if anchor.param == "run":
            return (1, target.opening_date.toordinal(), 0, target.venue.name)
        released = target.release_date.toordinal() if target.release_date else 0
        return (2, released == 0, released, target.name)

    return sorted(found.values(), key=order)


def posts_about(posts: Iterable[Post], selected: tuple[str, int] | None) -> list[Post]:
    """The posts about the selected episode, run or version (a run's performances
    included); every post when nothing is selected. The timeline filters the posts
    it has already read, so that the filter links and the posts cost one query."""
    if selected is None:
        return list(posts)
    param, pk = selected
    return [post for post in posts if getattr(post, f"{param}_id") == pk]


# Who is most credited in a craft changes slowly and costs a count of every credit
# in it (five million credits: seconds): the ranking is kept this long, apart from
# the content version, and the people themselves are read fresh.
CRAFT_PEOPLE_SECONDS = 3600


def most_credited_in(department: Department, count: int) -> list[Person]:
    """The ``count`` people most credited in ``department``, the most first: the
    ranking from the cache (at most CRAFT_PEOPLE_SECONDS old), the people as they
    are now (a merged or deleted one drops out)."""
    key = f"craft-people:{department.pk}:{count}"
    ids = cache.get(key)
    if ids is None:
        ids = list(
            Person.objects.in_department(department).values_list("pk", flat=True)[
                :count
            ]
        )
        cache.set(key, ids, CRAFT_PEOPLE_SECONDS)
    people = Person.objects.current().in_bulk(ids)
    return [people[pk] for pk in ids if pk in people]


# Up to this many of a tag's productions are read by id; past it the tag is a big one.
TAGGED_BY_ID = 2000


def productions_tagged(tag: Tag, count: int) -> ProductionQuerySet:
    """The first ``count`` current productions with ``tag``, by title. Those of a
    tag on few productions (most tags) are found by id; a tag on many is read
    along the titles until ``count`` of them carry it. Either way no query reads
    every production to keep a few, as a join does when PostgreSQL misjudges how
    many productions a tag that thousands of posts carry is on."""
    kind = ContentType.objects.get_for_model(Production)
    items = TaggedItem.objects.filter(tag=tag, content_type=kind)
    ids = list(items.values_list("object_id", flat=True)[: TAGGED_BY_ID + 1])
    productions = Production.objects.current().order_by("title", "id")
    if len(ids) <= TAGGED_BY_ID:
        return productions.filter(pk__in=ids)[:count]
    return productions.filter(Exists(items.filter(object_id=OuterRef("pk"))))[:count]
