"""Behind-the-scenes posts, their media and the record of their moderation."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from bts_catalog.capture import EQUIRECTANGULAR, FLAT, Capture, panorama_view
from bts_catalog.files import file_names, private_storage
from bts_catalog.links import safe_link_host
from bts_catalog.roles import is_curator
from bts_catalog.search import search_queryset
from bts_catalog.slugs import save_with_unique_slug
from bts_catalog.tagging import prefetch_tags, tags_of
from productions.models import (
    Department,
    Episode,
    GameVersion,
    Performance,
    Person,
    Production,
    Run,
)

from .embeds import EMBED_REFUSED, embed_for
from .markdown import render_markdown


class PostKind(models.TextChoices):
    PHOTO_SET = "photo_set", "Photo set"
    VIDEO = "video", "Video"
    INTERVIEW = "interview", "Interview"
    REHEARSAL = "rehearsal", "Rehearsal"
    SET_DESIGN = "set_design", "Set design"
    COSTUME_DESIGN = "costume_design", "Costume design"
    VFX_BREAKDOWN = "vfx_breakdown", "VFX breakdown"
    DEV_DIARY = "dev_diary", "Dev diary"
    FEATURETTE = "featurette", "Making-of featurette"
    DAY_IN_THE_LIFE = "day_in_the_life", "A day in the life"
    IMMERSIVE = "immersive", "Immersive (AR/VR)"
    SOCIAL_POST = "social_post", "Social post"


class PostPhase(models.TextChoices):
    """Where in a production's life the post was made, in timeline order."""

    DEVELOPMENT = "development", "Development"
    PRE_PRODUCTION = "pre_production", "Pre-production"
    PRODUCTION = "production", "Production"
    POST_PRODUCTION = "post_production", "Post-production"
    RELEASE = "release", "Release"
    LIVE_RUN = "live_run", "Live run"

    @property
    def order(self) -> int:
        return list(PostPhase).index(self)

    @classmethod
    def ordering(cls) -> models.Case:
        """An expression that sorts rows by phase in timeline order."""
        return models.Case(
            *[models.When(phase=phase, then=index) for index, phase in enumerate(cls)],
            output_field=models.IntegerField(),
        )


class SourcePlatform(models.TextChoices):
    ORIGINAL = "original", "Original upload"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    X = "x", "X"
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"
    FACEBOOK = "facebook", "Facebook"
    WEBSITE = "website", "Website"

    @property
    def hosts(self) -> frozenset[str]:
        """Hosts a source URL on this platform may point at (empty: any host)."""
        return {
            "instagram": frozenset({"instagram.com", "www.instagram.com"}),
            "tiktok": frozenset(
                {"tiktok.com", "www.tiktok.com", "m.tiktok.com", "vm.tiktok.com"}
            ),
            "x": frozenset(
                {"x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.x.com"}
            ),
            "youtube": frozenset(
                {"youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"}
            ),
            "vimeo": frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"}),
            "facebook": frozenset(
                {"facebook.com", "www.facebook.com", "m.facebook.com", "fb.watch"}
            ),
        }.get(self.value, frozenset())

    def validate_url(self, url: str) -> None:
        """Raise ValidationError unless ``url`` fits this platform."""
        if self == SourcePlatform.ORIGINAL:
            if url:
                raise ValidationError(
                    "An original upload has no source link; pick the platform it "
                    "was first posted on."
                )
            return
        if not url:
            raise ValidationError(f"Give the link to the post on {self.label}.")
        host = safe_link_host(url)
        if self.hosts and host not in self.hosts:
            raise ValidationError(
                f"This link is not on {self.label} (expected "
                f"{', '.join(sorted(self.hosts))})."
            )


class Provenance(models.TextChoices):
    FIRST_HAND = "first_hand", "First-hand"
    OFFICIAL = "official", "Official"
    PRESS = "press", "Press"
    FAN = "fan", "Fan"

    @property
    def description(self) -> str:
        return {
            "first_hand": "Shared by a credited member of the crew or cast.",
            "official": "Released by the studio, producer or publicist.",
            "press": "Published by the press.",
            "fan": "Collected by a fan.",
        }[self.value]


class PostStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"


# The columns a post card shows: its link, kind, phase, day, production and
# whether it gives the story away.
CARD_FIELDS = (
    "title",
    "slug",
    "kind",
    "phase",
    "happened_on",
    "is_spoiler",
    "spoils_until",
    "production__title",
    "production__slug",
)


def anchor_prefetches() -> list:
    """The part of a production posts are about (an episode, a run or one of its
    performances, a game version), one query for each kind that some of them
    have, none for the posts about a whole production (most). Joined into the
    posts' own query instead, its fifteen joins took PostgreSQL 20–30 ms to plan,
    ten times what the query takes to run."""
    return [
        models.Prefetch(
            "episode", queryset=Episode.objects.select_related("season__production")
        ),
        models.Prefetch(
            "run", queryset=Run.objects.select_related("production", "venue")
        ),
        models.Prefetch(
            "performance", queryset=Performance.objects.select_related("run__venue")
        ),
        models.Prefetch(
            "version", queryset=GameVersion.objects.select_related("production")
        ),
    ]


def _as_list(values):
    """One model instance or id as a list, for an ``__in`` lookup; several (a list,
    or a queryset, which stays a subquery) as they are."""
    if isinstance(values, models.Model | int):
        return [values]
    return values


class PostQuerySet(models.QuerySet):
    def published(self) -> "PostQuerySet":
        """Posts the public may see: approved, and past any embargo.

        The embargo is compared with the time the query is built, so a post goes
        public at its ``publish_at`` without anything having to run then.
        """
        return self.filter(status=PostStatus.PUBLISHED).filter(
            Q(publish_at__isnull=True) | Q(publish_at__lte=timezone.now())
        )

    def embargoed(self) -> "PostQuerySet":
        """Approved posts still waiting for their ``publish_at``."""
        return self.filter(status=PostStatus.PUBLISHED, publish_at__gt=timezone.now())

    def pending(self) -> "PostQuerySet":
        return self.filter(status=PostStatus.PENDING)

    def featured(self) -> "PostQuerySet":
        return self.published().filter(is_featured=True)

    def for_production(self, production: Production) -> "PostQuerySet":
        return self.filter(production=production)

    def for_person(self, person: Person) -> "PostQuerySet":
        """Posts that feature the person or that their crew account wrote."""
        condition = Q(featured_people=person)
        if person.user_id:
            condition |= Q(author_id=person.user_id)
        return self.filter(condition).distinct()

    def featuring(self, people) -> "PostQuerySet":
        """Posts that feature any of ``people`` (ids or people), each once: an
        EXISTS, as ``showing_craft``."""
        return self.filter(
            Exists(
                Post.featured_people.through.objects.filter(
                    post_id=OuterRef("pk"), person__in=_as_list(people)
                )
            )
        )

    def showing_craft(self, departments) -> "PostQuerySet":
        """Posts that show any of ``departments`` (one department, or several
        as ids or departments), each once.

        EXISTS, not a join: newest first, the database walks the posts' index
        and stops at a page's worth instead of sorting every post of the craft.
        """
        return self.filter(
            Exists(
                Post.crafts.through.objects.filter(
                    post_id=OuterRef("pk"), department__in=_as_list(departments)
                )
            )
        )

    def tagged(self, tags) -> "PostQuerySet":
        """Posts with any of ``tags`` (one tag, or several as ids or tags), as
        ``showing_craft``, an EXISTS."""
        return self.filter(
            Exists(
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Post),
                    object_id=OuterRef("pk"),
                    tag__in=_as_list(tags),
                )
            )
        )

    def related_to(self, post: "Post") -> "PostQuerySet":
        """Other posts of the same production, newest first."""
        return (
            self.filter(production_id=post.production_id)
            .exclude(pk=post.pk)
            .order_by("-published_at", "-id")
        )

    def search(self, text: str, *, best: int | None = None) -> "PostQuerySet":
        """Posts matching ``text``, best first; with ``best``, only that many,
        the best of the newest matches (bts_catalog.search)."""
        return search_queryset(
            self,
            text,
            ["title", "search_text", "body"],
            ("-published_at", "-id"),
            best,
        )

    def by_author(self, user) -> "PostQuerySet":
        return self.filter(author=user)

    def visible_to(self, user) -> "PostQuerySet":
        """Published posts, plus a signed-in user's own; curators see everything."""
        if is_curator(user):
            return self
        if user.is_authenticated:
            return self.published() | self.by_author(user)
        return self.published()

    def latest(self) -> "PostQuerySet":
        return self.order_by("-published_at", "-id")

    def timeline(self) -> "PostQuerySet":
        """A making-of timeline: by phase, then by the day it shows."""
        return self.order_by(PostPhase.ordering(), "happened_on", "id")

    def moderation_queue(self) -> "PostQuerySet":
        """Pending posts, the longest-waiting first."""
        return self.pending().order_by("created_at", "id")

    def with_applause(self) -> "PostQuerySet":
        """Each post with ``applause_count``, how many users applauded it.

        A subquery rather than a join, so that it stays right beside the joins of
        other filters (featured people, tags) and needs no GROUP BY.
        """
        applause = self.model._meta.get_field("applause").related_model
        counts = (
            applause.objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(applause_count=Coalesce(Subquery(counts), 0))

    def with_cards(self) -> "PostQuerySet":
        """Only what a post card shows (templates/jinja2/includes/post_cards.html),
        for lists of them."""
        return (
            self.with_applause()
            .select_related("production")
            .only(*CARD_FIELDS)
            .prefetch_related(
                models.Prefetch(
                    "media", queryset=MediaAsset.objects.order_by("position", "id")
                )
            )
        )

    def for_display(self) -> "PostQuerySet":
        """Whole posts with everything a post page, an API answer or a feed item
        shows (production, author, what part of it the post is about, media, tags,
        crafts, featured people, applause count), in a fixed number of queries
        however many posts there are."""
        return self.for_display_header().prefetch_related(*display_prefetches())

    def for_display_header(self) -> "PostQuerySet":
        """Posts with what the top of a post page shows (production, author and
        applause count in one query; what part of the production it is about,
        ``anchor_prefetches``); the rest (``display_prefetches``) can be read
        later, or not at all."""
        return (
            self.with_applause()
            .select_related("production", "author__person")
            .prefetch_related(*anchor_prefetches())
        )


def display_prefetches() -> list:
    """What ``for_display`` prefetches beside the post: its media (with their
    sources, captions and renditions), tags, crafts and featured people."""
    return [
        models.Prefetch(
            "media",
            queryset=MediaAsset.objects.select_related("credited_to")
            .with_sources()
            .order_by("position", "id"),
        ),
        prefetch_tags(),
        "crafts",
        "featured_people",
    ]


class Post(models.Model):
    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="posts"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    body = models.TextField(blank=True, help_text="Markdown.")
    body_html = models.TextField(blank=True, editable=False)
    kind = models.CharField(max_length=20, choices=PostKind.choices)
    phase = models.CharField(max_length=20, choices=PostPhase.choices)
    happened_on = models.DateField(
        default=timezone.localdate,
        help_text="The day the post shows (shoot day, rehearsal, build…).",
    )
    source_platform = models.CharField(
        max_length=20, choices=SourcePlatform.choices, default=SourcePlatform.ORIGINAL
    )
    source_url = models.URLField(max_length=500, blank=True)
    provenance = models.CharField(max_length=20, choices=Provenance.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bts_posts",
    )
    episode = models.ForeignKey(
        Episode,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        help_text="TV series: the episode the post is about.",
    )
    run = models.ForeignKey(
        Run,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        help_text="Theater: the run the post is about.",
    )
    performance = models.ForeignKey(
        Performance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        help_text="Theater: the one performance, within the run.",
    )
    version = models.ForeignKey(
        GameVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        help_text="Video games: the version or release the post is about.",
    )
    featured_people = models.ManyToManyField(
        Person, blank=True, related_name="featured_in_posts"
    )
    crafts = models.ManyToManyField(
        Department,
        blank=True,
        related_name="posts",
        help_text="The crafts the post shows, e.g. cinematography or costume.",
    )
    status = models.CharField(
        max_length=20, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    publish_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Embargo: an approved post goes public at this time, not before.",
    )
    is_featured = models.BooleanField(default=False)
    is_spoiler = models.BooleanField(
        default=False,
        help_text="Its text and pictures give away the story: shown behind a warning.",
    )
    spoils_until = models.DateField(
        null=True,
        blank=True,
        help_text="A spoiler until this day (a finale's air date, say); blank for "
        "always.",
    )
    moderation_note = models.TextField(
        blank=True, help_text="Shown to the author, e.g. why a post was rejected."
    )
    tags = TaggableManager(blank=True)
    # The production title, tag names and featured people's names, kept current by
    # media_assets.search_text, so that search finds the post by them too.
    search_text = models.TextField(blank=True, editable=False)
    # Kept current by a database trigger on PostgreSQL (made by the migrations).
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PostKind.values), name="post_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=PostPhase.values), name="post_phase_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=PostStatus.values), name="post_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(provenance__in=Provenance.values),
                name="post_provenance_valid",
            ),
            models.CheckConstraint(
                condition=Q(source_platform__in=SourcePlatform.values),
                name="post_source_platform_valid",
            ),
            models.CheckConstraint(
                condition=Q(source_platform=SourcePlatform.ORIGINAL, source_url="")
                | (~Q(source_platform=SourcePlatform.ORIGINAL) & ~Q(source_url="")),
                name="post_source_url_matches_platform",
                violation_error_message="Original uploads have no source link; "
                "every other platform needs one.",
            ),
            models.CheckConstraint(
                condition=~Q(status=PostStatus.PUBLISHED)
                | Q(published_at__isnull=False),
                name="post_published_has_date",
                violation_error_message="A published post needs its publication date.",
            ),
            models.CheckConstraint(
                condition=Q(is_featured=False) | Q(status=PostStatus.PUBLISHED),
                name="post_featured_is_published",
                violation_error_message="Only published posts can be featured.",
            ),
        ]
        indexes = [
            # Newest published first, as every post list orders them; with the
            # embargo time, a deep page's skipped rows are read from the index
            # alone (PostgreSQL).
            models.Index(
                fields=["status", "-published_at", "-id"],
                include=["publish_at"],
                name="post_published_newest_idx",
            ),
            models.Index(
                fields=["production", "status", "happened_on"],
                name="post_production_timeline_idx",
            ),
            models.Index(
                fields=["is_featured", "status", "-published_at", "-id"],
                name="post_featured_newest_idx",
            ),
            models.Index(fields=["status", "created_at"], name="post_queue_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # body_html is derived from this row's own body, so it is kept in step here.
        self.body_html = render_markdown(self.body)
        if (
            kwargs.get("update_fields") is not None
            and "body" in kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html"}
        if self.slug:
            return super().save(*args, **kwargs)
        save_with_unique_slug(
            self, self.title, lambda: super(Post, self).save(*args, **kwargs)
        )

    def get_absolute_url(self) -> str:
        return reverse("media_assets:post-detail", kwargs={"slug": self.slug})

    @cached_property
    def sorted_tags(self) -> list:
        """Tags by name: the list prefetch_tags() fetched, or one query."""
        return tags_of(self)

    @property
    def anchor(self) -> "Episode | Performance | Run | GameVersion | None":
        """What part of the production the post is about, if it says."""
        for name in ("episode", "performance", "run", "version"):
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    def clean_anchor(self) -> None:
        """An anchor belongs to the post's production; one kind at a time; a
        performance brings its run."""
        if self.performance_id and not self.run_id:
            self.run_id = self.performance.run_id
        chosen = [
            name
            for name in ("episode", "run", "version")
            if getattr(self, f"{name}_id")
        ]
        if len(chosen) > 1:
            raise ValidationError(
                {
                    chosen[1]: "A post is about an episode, a run or a version: "
                    "choose one."
                }
            )
        if self.performance_id and self.performance.run_id != self.run_id:
            raise ValidationError(
                {"performance": "This performance belongs to another run."}
            )
        if not chosen or not self.production_id:
            return
        name = chosen[0]
        anchor = getattr(self, name)
        owner = (
            anchor.season.production_id if name == "episode" else anchor.production_id
        )
        if owner != self.production_id:
            raise ValidationError(
                {name: f"{anchor} is not part of {self.production.title}."}
            )

    def clean(self) -> None:
        self.clean_anchor()
        if self.source_platform in SourcePlatform.values:
            # (An unknown platform is reported by the field's own choices check.)
            try:
                SourcePlatform(self.source_platform).validate_url(self.source_url)
            except ValidationError as error:
                raise ValidationError({"source_url": error.messages}) from None
        if self.is_featured and self.status != PostStatus.PUBLISHED:
            raise ValidationError(
                {"is_featured": "Only published posts can be featured."}
            )
        self.clean_spoiler()

    def clean_spoiler(self) -> None:
        """A spoiler date belongs to a spoiler, and cannot come before the day the
        post shows."""
        if self.spoils_until is None:
            return
        if not self.is_spoiler:
            raise ValidationError(
                {
                    "spoils_until": "Only a post marked as a spoiler can spoil "
                    "until a date: tick “spoiler” or leave the date blank."
                }
            )
        if self.happened_on and self.spoils_until < self.happened_on:
            raise ValidationError(
                {
                    "spoils_until": "A post cannot spoil until a day before it "
                    f"happened ({self.happened_on.isoformat()})."
                }
            )

    @property
    def is_spoiler_today(self) -> bool:
        """Marked as a spoiler and not past its spoils-until day (the whole of that
        day still counts)."""
        return self.is_spoiler and (
            self.spoils_until is None or timezone.localdate() <= self.spoils_until
        )

    @property
    def is_public(self) -> bool:
        return self.status == PostStatus.PUBLISHED and not self.is_embargoed

    @property
    def is_embargoed(self) -> bool:
        """Approved, but not public before its ``publish_at``."""
        return (
            self.status == PostStatus.PUBLISHED
            and self.publish_at is not None
            and self.publish_at > timezone.now()
        )

    @property
    def provenance_enum(self) -> Provenance:
        return Provenance(self.provenance)


class PendingPost(Post):
    """The moderation queue in admin: the same rows, listed for curators' review."""

    class Meta:
        proxy = True
        verbose_name = "pending post"
        verbose_name_plural = "moderation queue"


class ModerationEvent(models.Model):
    """One change of a post's status: who made it, when, from what, to what."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(max_length=20, choices=PostStatus.choices)
    to_status = models.CharField(max_length=20, choices=PostStatus.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.post}: {self.from_status} → {self.to_status}"


class MediaKind(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO_FILE = "video_file", "Video file"
    EMBED = "embed", "Embedded video"


class MediaStatus(models.TextChoices):
    """Whether a medium can be shown: a video is processed before it plays."""

    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Processing failed"


class Projection(models.TextChoices):
    """How a picture maps onto a view: a flat photo or a 360° panorama."""

    FLAT = FLAT, "Flat"
    EQUIRECTANGULAR = EQUIRECTANGULAR, "360° panorama (equirectangular)"


class RenditionsDue(models.TextChoices):
    """Which renditions of a picture are to be made again, and why."""

    NONE = "", "None"
    CROPS = "crops", "Crops (new focal point)"
    ALL = "all", "All (new projection)"


ALT_TEXT_REQUIRED = "Describe the image for screen readers."
# The crops made of every image (see bts_catalog.renditions); its other sizes are
# ImageRendition rows.
RENDITION_FIELDS = ("thumbnail", "card", "large")
CROP_FIELDS = ("thumbnail", "card")
CAPTURE_FIELDS = (
    "taken_at",
    "camera_make",
    "camera_model",
    "lens",
    "focal_length_mm",
    "aperture",
    "shutter",
    "iso",
)
UNIT = [MinValueValidator(0.0), MaxValueValidator(1.0)]
# Every file field a medium keeps in public storage; ``source`` is private.
PUBLIC_FILE_FIELDS = ("file", *RENDITION_FIELDS, "poster", "poster_jpeg")


def validate_alt_text(kind: str, alt_text: str) -> None:
    """Images need alt text: the one rule every form, the API and admin apply."""
    if kind == MediaKind.IMAGE and not (alt_text or "").strip():
        raise ValidationError({"alt_text": ALT_TEXT_REQUIRED})


# The rows of its own that a medium of each kind can have: a picture has its sizes,
# a video file its MP4s and captions, an embed none.
SOURCES_OF_KIND = {
    MediaKind.IMAGE: ("image_sources",),
    MediaKind.VIDEO_FILE: ("video_sources", "captions"),
    MediaKind.EMBED: (),
}
SOURCES = ("image_sources", "video_sources", "captions")


def prefetch_sources(assets: list["MediaAsset"]) -> None:
    """Each medium's sizes, MP4s and captions, asking only for what its kind has:
    a post of pictures runs one query for them, not three. The others are
    recorded as empty, so reading them asks nothing either."""
    for kind, names in SOURCES_OF_KIND.items():
        of_kind = [asset for asset in assets if asset.kind == kind]
        if not of_kind:
            continue
        if names:
            prefetch_related_objects(of_kind, *names)
        for name in SOURCES:
            if name in names:
                continue
            for asset in of_kind:
                none = getattr(asset, name).get_queryset()
                none._result_cache, none._prefetch_done = [], True
                asset.__dict__.setdefault("_prefetched_objects_cache", {})[name] = none


class MediaAssetQuerySet(models.QuerySet):
    _with_sources = False

    def with_sources(self) -> "MediaAssetQuerySet":
        """Media with their sizes, MP4s and captions (``prefetch_sources``), as a
        prefetch of posts' media can ask for them."""
        clone = self._chain()
        clone._with_sources = True
        return clone

    def _clone(self) -> "MediaAssetQuerySet":
        clone = super()._clone()
        clone._with_sources = self._with_sources
        return clone

    def _fetch_all(self) -> None:
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._with_sources:
            prefetch_sources(
                [row for row in self._result_cache if isinstance(row, MediaAsset)]
            )

    def images(self) -> "MediaAssetQuerySet":
        return self.filter(kind=MediaKind.IMAGE)

    def needing_renditions(self) -> "MediaAssetQuerySet":
        """Pictures whose sizes or crops are missing (stored before they existed,
        or a worker that was down) or due again (a new focal point or
        projection)."""
        return (
            self.images()
            .exclude(file="")
            .filter(
                Q(image_sources__isnull=True)
                | ~Q(renditions_due="")
                | Q(thumbnail="")
                | Q(card="")
                | Q(large="")
            )
            .distinct()
        )

    def published(self) -> "MediaAssetQuerySet":
        """Media of published posts (see PostQuerySet.published)."""
        return self.filter(post__in=Post.objects.published())

    def gallery_for(self, production: Production) -> "MediaAssetQuerySet":
        """Published images of one production, newest posts first."""
        return (
            self.images()
            .published()
            .filter(post__production=production)
            .select_related("post", "credited_to")
            .order_by("-post__published_at", "position", "id")
        )


class MediaAsset(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(
        max_length=20, choices=MediaKind.choices, default=MediaKind.IMAGE
    )
    file = models.FileField(
        upload_to="bts/originals/%Y/%m/", blank=True, max_length=255
    )
    embed_url = models.URLField(
        max_length=500, blank=True, help_text="Embedded videos only."
    )
    caption = models.CharField(max_length=500, blank=True)
    is_spoiler = models.BooleanField(
        default=False,
        help_text="This picture or video gives away the story: shown behind a warning.",
    )
    alt_text = models.CharField(
        max_length=300,
        blank=True,
        help_text="Describes the image for people who cannot see it. Required for "
        "images.",
    )
    credited_to = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media_credits",
        help_text="Who shot or made it.",
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    position = models.PositiveSmallIntegerField(default=0)
    thumbnail = models.ImageField(
        upload_to="bts/renditions/%Y/%m/", blank=True, editable=False, max_length=255
    )
    card = models.ImageField(
        upload_to="bts/renditions/%Y/%m/", blank=True, editable=False, max_length=255
    )
    large = models.ImageField(
        upload_to="bts/renditions/%Y/%m/", blank=True, editable=False, max_length=255
    )
    # Video files: the original, kept privately (never served) for processing
    # again; what plays is in VideoRendition rows, shown over the poster.
    source = models.FileField(
        upload_to="videos/sources/%Y/%m/",
        storage=private_storage,
        blank=True,
        editable=False,
        max_length=255,
    )
    status = models.CharField(
        max_length=20, choices=MediaStatus.choices, default=MediaStatus.READY
    )
    processing_error = models.TextField(blank=True, editable=False)
    duration_seconds = models.FloatField(null=True, blank=True, editable=False)
    poster = models.ImageField(
        upload_to="bts/posters/%Y/%m/", blank=True, editable=False, max_length=255
    )
    poster_jpeg = models.ImageField(
        upload_to="bts/posters/%Y/%m/", blank=True, editable=False, max_length=255
    )
    poster_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    poster_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # Images: a few-pixel preview (a data: URI) shown until the picture arrives.
    placeholder = models.TextField(blank=True, editable=False)
    focal_x = models.FloatField(
        default=0.5,
        validators=UNIT,
        help_text="Where the subject is, from the left edge (0) to the right (1): "
        "crops are centred on it.",
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=UNIT,
        help_text="Where the subject is, from the top (0) to the bottom (1).",
    )
    # "Shot on": what the camera recorded, read before its metadata was dropped.
    taken_at = models.DateTimeField(null=True, blank=True)
    camera_make = models.CharField(max_length=100, blank=True)
    camera_model = models.CharField(max_length=100, blank=True)
    lens = models.CharField(max_length=100, blank=True)
    focal_length_mm = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0.1)]
    )
    aperture = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0.1)],
        help_text="The f-number, e.g. 2.8.",
    )
    shutter = models.CharField(
        max_length=20, blank=True, help_text="In seconds, e.g. 1/50 or 2."
    )
    iso = models.PositiveIntegerField(null=True, blank=True)
    capture_public = models.BooleanField(
        default=True,
        verbose_name="show the “shot on” details",
        help_text="Uncheck to keep the camera details to the crew and curators.",
    )
    projection = models.CharField(
        max_length=20, choices=Projection.choices, default=Projection.FLAT
    )
    renditions_due = models.CharField(
        max_length=10, choices=RenditionsDue.choices, blank=True, editable=False
    )
    # GPano crop details of a panorama that covers less than the whole sphere.
    panorama = models.JSONField(default=dict, blank=True, editable=False)
    after_of = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="after",
        help_text="The picture this one is the “after” of (plate and final shot, "
        "sketch and costume), shown together with a slider.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MediaAssetQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "media asset"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MediaKind.values), name="media_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind=MediaKind.IMAGE) | ~Q(alt_text=""),
                name="media_image_has_alt_text",
                violation_error_message=ALT_TEXT_REQUIRED,
            ),
            models.CheckConstraint(
                condition=Q(kind=MediaKind.IMAGE, source="") & ~Q(file="")
                | Q(kind=MediaKind.VIDEO_FILE, file="") & ~Q(source="")
                | Q(kind=MediaKind.EMBED, file="", source=""),
                name="media_file_matches_kind",
                violation_error_message="Images and video files need a file; "
                "embedded videos have none.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MediaStatus.values), name="media_status_valid"
            ),
            models.UniqueConstraint(
                fields=["post", "sha256"],
                condition=~Q(sha256=""),
                name="media_unique_file_per_post",
                violation_error_message="This file is already part of the post.",
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0)
                & Q(focal_y__lte=1),
                name="media_focal_point_inside",
                violation_error_message="The focal point must lie on the picture.",
            ),
            models.CheckConstraint(
                condition=Q(projection__in=Projection.values),
                name="media_projection_valid",
            ),
            models.CheckConstraint(
                condition=~Q(after_of=models.F("pk")),
                name="media_not_after_of_itself",
                violation_error_message="A picture cannot be its own “after”.",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text or self.caption or f"{self.get_kind_display()} {self.pk}"

    def clean(self) -> None:
        validate_alt_text(self.kind, self.alt_text)
        if self.kind == MediaKind.EMBED:
            if not self.embed_url:
                raise ValidationError({"embed_url": "Give the video's link."})
            if embed_for(self.embed_url) is None:
                raise ValidationError({"embed_url": EMBED_REFUSED})
        if self.kind != MediaKind.IMAGE and self.projection != Projection.FLAT:
            raise ValidationError({"projection": "Only pictures can be panoramas."})
        if self.after_of_id is not None:
            validate_pair(self, self.after_of)
        if (
            self.is_panorama
            and self.pk is not None
            and MediaAsset.objects.filter(after_of=self).exists()
        ):
            raise ValidationError(
                {"projection": "A 360° panorama cannot be part of a before/after pair."}
            )

    def stored_files(self) -> list[str]:
        """Names of every file this asset keeps in public storage, its picture
        sizes included."""
        names = file_names(self, PUBLIC_FILE_FIELDS)
        if self.pk is not None and self.kind == MediaKind.IMAGE:
            names += [source.file.name for source in self.image_sources.all()]
        return names

    @property
    def is_spoiler_today(self) -> bool:
        """Behind a warning today: marked itself or its post is a spoiler, until
        the post's spoils-until day has passed."""
        post = self.post
        if post.spoils_until is not None and timezone.localdate() > post.spoils_until:
            return False
        return self.is_spoiler or post.is_spoiler

    @property
    def is_ready(self) -> bool:
        return self.status == MediaStatus.READY

    @property
    def is_panorama(self) -> bool:
        return self.projection == Projection.EQUIRECTANGULAR

    @property
    def focal_point(self) -> tuple[float, float]:
        return (self.focal_x, self.focal_y)

    @property
    def capture(self) -> Capture:
        return Capture(**{name: getattr(self, name) for name in CAPTURE_FIELDS})

    @property
    def shot_on(self) -> str:
        """``ARRI ALEXA 35 · Signature Prime 32 mm · 32 mm · f/2.8 · 1/50 s · ISO
        800``: the capture details as one line, empty when there are none."""
        camera = " ".join(
            part for part in (self.camera_make, self.camera_model) if part
        )
        lens = self.lens
        if self.camera_model and lens.lower().startswith(self.camera_model.lower()):
            # Phones name the lens after themselves: "iPhone 15 Pro back camera …".
            lens = lens[len(self.camera_model) :].strip()
        parts = [camera, lens]
        if self.focal_length_mm:
            parts.append(f"{self.focal_length_mm:g} mm")
        if self.aperture:
            parts.append(f"f/{self.aperture:g}")
        if self.shutter:
            parts.append(f"{self.shutter} s")
        if self.iso:
            parts.append(f"ISO {self.iso}")
        return " · ".join(part for part in parts if part)

    @property
    def panorama_view(self) -> dict | None:
        """A partial panorama's angles of view (see bts_catalog.capture)."""
        if not self.is_panorama or not self.width:
            return None
        return panorama_view(self.width, self.height, self.panorama)

    @cached_property
    def picture_sources(self) -> list["ImageRendition"]:
        """An image's sizes a page offers, smallest first (the prefetched list when
        Post.for_display() fetched them); a panorama viewer's larger ones apart."""
        if self.kind != MediaKind.IMAGE:
            return []
        return [source for source in self.image_sources.all() if not source.for_viewer]

    def sources_of(self, fmt: str) -> list["ImageRendition"]:
        return [source for source in self.picture_sources if source.format == fmt]

    @property
    def avif_sources(self) -> list["ImageRendition"]:
        return self.sources_of(ImageFormat.AVIF)

    @property
    def webp_sources(self) -> list["ImageRendition"]:
        return self.sources_of(ImageFormat.WEBP)

    @property
    def jpeg_sources(self) -> list["ImageRendition"]:
        return self.sources_of(ImageFormat.JPEG)

    @property
    def viewer_sources(self) -> list["ImageRendition"]:
        """A panorama's JPEGs for a viewer, smallest first."""
        if not self.is_panorama:
            return []
        return [
            source
            for source in self.image_sources.all()
            if source.format == ImageFormat.JPEG
        ]

    @property
    def fallback(self) -> "ImageRendition | None":
        """The JPEG a browser that takes no srcset shows: the widest up to 1200 px."""
        jpegs = self.jpeg_sources
        fitting = [source for source in jpegs if source.width <= 1200]
        return (fitting or jpegs or [None])[-1]

    @cached_property
    def playable_sources(self) -> list["VideoRendition"]:
        """A ready video's MP4s, largest first (as a player picks the first it
        plays); the prefetched list when Post.for_display() fetched them."""
        if self.kind != MediaKind.VIDEO_FILE or not self.is_ready:
            return []
        return sorted(self.video_sources.all(), key=lambda source: -source.height)


def validate_pair(after: MediaAsset, before: MediaAsset) -> None:
    """A before/after pair: two flat pictures of one post, each in one pair."""
    message = None
    if before.pk is not None and before.pk == after.pk:
        message = "A picture cannot be its own “after”."
    elif before.post_id != after.post_id:
        message = "The “before” picture must be in the same post."
    elif before.kind != MediaKind.IMAGE or after.kind != MediaKind.IMAGE:
        message = "Only pictures can be paired."
    elif before.is_panorama or after.is_panorama:
        message = "A 360° panorama cannot be part of a before/after pair."
    elif before.after_of_id is not None:
        message = "That picture is itself an “after”; pair it with its “before”."
    elif after.pk is not None and MediaAsset.objects.filter(after_of=after).exists():
        message = "This picture already has an “after” of its own."
    elif MediaAsset.objects.filter(after_of=before).exclude(pk=after.pk).exists():
        message = "That picture already has an “after”."
    if message:
        raise ValidationError({"after_of": message})


class ImageFormat(models.TextChoices):
    AVIF = "avif", "AVIF"
    WEBP = "webp", "WebP"
    JPEG = "jpeg", "JPEG"


MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
# Pages offer sizes up to this width; a panorama's larger ones are for its viewer.
PAGE_WIDEST = 2400


class SizedFile(models.Model):
    """What every rendition records of its file: its size in pixels and bytes."""

    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveBigIntegerField()

    class Meta:
        abstract = True


class ImageRendition(SizedFile):
    """One size of a picture in one format, for a <picture>'s srcset."""

    asset = models.ForeignKey(
        MediaAsset, on_delete=models.CASCADE, related_name="image_sources"
    )
    format = models.CharField(max_length=10, choices=ImageFormat.choices)
    file = models.FileField(upload_to="bts/renditions/%Y/%m/", max_length=255)

    class Meta:
        ordering = ["width", "format", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "format", "width"], name="image_rendition_unique_size"
            ),
            models.CheckConstraint(
                condition=Q(format__in=ImageFormat.values),
                name="image_rendition_format_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} ({self.format}, {self.width} px)"

    @property
    def mime_type(self) -> str:
        return MIME_TYPES[self.format]

    @property
    def for_viewer(self) -> bool:
        return self.width > PAGE_WIDEST


class VideoRendition(SizedFile):
    """One playable MP4 of a video file, at one size."""

    asset = models.ForeignKey(
        MediaAsset, on_delete=models.CASCADE, related_name="video_sources"
    )
    label = models.CharField(max_length=10, help_text="Its short side, e.g. 720p.")
    file = models.FileField(upload_to="bts/videos/%Y/%m/", max_length=255)

    class Meta:
        ordering = ["height", "width", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "label"], name="video_rendition_unique_label"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} ({self.label})"

    @property
    def mime_type(self) -> str:
        return "video/mp4"


class Caption(models.Model):
    """Captions of a video file in one language: a WebVTT file (SRT is converted)
    served as a <track>, and its text, shown beside the video and searched."""

    asset = models.ForeignKey(
        MediaAsset, on_delete=models.CASCADE, related_name="captions"
    )
    language = models.CharField(max_length=35, help_text="A BCP 47 tag, e.g. en-GB.")
    label = models.CharField(max_length=100, help_text="As players list it.")
    file = models.FileField(upload_to="bts/captions/%Y/%m/", max_length=255)
    transcript = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "language"],
                name="caption_one_per_language",
                violation_error_message="This video already has captions in this "
                "language; remove them first.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.asset} — {self.label}"
