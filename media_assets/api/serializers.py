"""API representations of behind-the-scenes posts, their media and tags."""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from bts_catalog.api.expand import ExpandableSerializerMixin
from bts_catalog.api.fields import TagNameField
from bts_catalog.captions import clean_captions, validate_language
from bts_catalog.images import ACCEPTED_LABEL, CleanImage
from bts_catalog.roles import is_curator
from bts_catalog.tagging import MAX_TAGS, tags_of
from bts_catalog.uploads import intake_upload
from bts_catalog.videos import ACCEPTED_VIDEO_LABEL
from productions.api.serializers import (
    DepartmentSerializer,
    PersonSummarySerializer,
    ProductionSummarySerializer,
)
from productions.models import (
    Department,
    Episode,
    GameVersion,
    Performance,
    Person,
    Production,
    Run,
)

from ..models import (
    CAPTURE_FIELDS,
    Caption,
    ImageFormat,
    MediaAsset,
    MediaKind,
    MediaStatus,
    Post,
    PostKind,
    PostPhase,
    PostStatus,
    Projection,
    Provenance,
    SourcePlatform,
)


def absolute_media_url(request, field_file) -> str | None:
    if not field_file:
        return None
    return request.build_absolute_uri(field_file.url)


FORMAT_ORDER = {fmt.value: index for index, fmt in enumerate(ImageFormat)}


def _size_and_format(source) -> tuple[int, int]:
    """Narrowest first; for one width AVIF, then WebP, then JPEG."""
    return (source.width, FORMAT_ORDER.get(source.format, len(FORMAT_ORDER)))


class RenditionsSerializer(serializers.Serializer):
    thumbnail = serializers.URLField(allow_null=True, help_text="320×320, cropped")
    card = serializers.URLField(allow_null=True, help_text="800×600, cropped")
    large = serializers.URLField(allow_null=True, help_text="At most 1600 px")


class PosterSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="WebP")
    jpeg_url = serializers.URLField(help_text="The same picture as JPEG")
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class MediaSourceSerializer(serializers.Serializer):
    """One file of a video (an MP4 at one size) or of a picture (one width in one
    format)."""

    url = serializers.URLField()
    type = serializers.CharField(
        help_text="MIME type, e.g. video/mp4, image/avif, image/webp or image/jpeg"
    )
    label = serializers.CharField(
        allow_null=True, help_text="Videos: its short side, e.g. 720p; pictures: null"
    )
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class FocalPointSerializer(serializers.Serializer):
    """Where a picture's subject is; crops are centred on it."""

    x = serializers.FloatField(
        min_value=0.0,
        max_value=1.0,
        help_text="From the left edge (0) to the right (1)",
    )
    y = serializers.FloatField(
        min_value=0.0, max_value=1.0, help_text="From the top (0) to the bottom (1)"
    )

    def validate(self, attrs):
        # Both, even in a partial update (which would let either be left out).
        missing = [name for name in ("x", "y") if name not in attrs]
        if missing:
            raise serializers.ValidationError(
                {name: "This field is required." for name in missing}
            )
        return attrs


class CaptureSerializer(serializers.Serializer):
    """What the camera recorded ("shot on"); any detail may be unknown (null)."""

    taken_at = serializers.DateTimeField(allow_null=True)
    camera_make = serializers.CharField(allow_null=True)
    camera_model = serializers.CharField(allow_null=True)
    lens = serializers.CharField(allow_null=True)
    focal_length_mm = serializers.FloatField(allow_null=True)
    aperture = serializers.FloatField(allow_null=True, help_text="The f-number")
    shutter = serializers.CharField(
        allow_null=True, help_text="In seconds, e.g. 1/50 or 2"
    )
    iso = serializers.IntegerField(allow_null=True)


class PanoramaViewSerializer(serializers.Serializer):
    """How much of the sphere a partial 360° panorama covers, in degrees."""

    haov = serializers.FloatField(help_text="Horizontal angle of view")
    vaov = serializers.FloatField(help_text="Vertical angle of view")
    v_offset = serializers.FloatField(
        help_text="Vertical offset of the picture's centre from the horizon"
    )


class CaptionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Caption
        fields = ["id", "language", "label", "url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, caption: Caption) -> str:
        return absolute_media_url(self.context["request"], caption.file)


class CaptionUploadSerializer(serializers.Serializer):
    """A WebVTT or SRT file of captions in one language."""

    file = serializers.FileField(
        help_text="WebVTT or SRT (converted to WebVTT)", allow_empty_file=True
    )
    language = serializers.CharField(
        max_length=35, help_text="A BCP 47 tag, e.g. en, en-GB or pt-BR"
    )
    label = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        help_text="How players list them; made from the language when left out",
    )

    def validate_language(self, value: str) -> str:
        try:
            return validate_language(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None

    def validate_file(self, upload):
        try:
            return clean_captions(upload)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None


class MediaAssetSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:media-detail")
    post = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    credited_to = PersonSummarySerializer(read_only=True, allow_null=True)
    file = serializers.SerializerMethodField()
    renditions = serializers.SerializerMethodField()
    duration_seconds = serializers.FloatField(read_only=True, allow_null=True)
    poster = serializers.SerializerMethodField()
    sources = serializers.SerializerMethodField()
    captions = CaptionSerializer(many=True, read_only=True)
    message = serializers.SerializerMethodField()
    placeholder = serializers.SerializerMethodField()
    focal_point = serializers.SerializerMethodField()
    capture = serializers.SerializerMethodField()
    capture_public = serializers.SerializerMethodField()
    projection = serializers.ChoiceField(choices=Projection.choices, read_only=True)
    panorama_view = serializers.SerializerMethodField()
    after_of = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The id of the picture this one is the “after” of (shown together "
        "with a slider), or null.",
    )

    class Meta:
        model = MediaAsset
        fields = [
            "url",
            "id",
            "post",
            "kind",
            "file",
            "embed_url",
            "alt_text",
            "caption",
            "credited_to",
            "width",
            "height",
            "position",
            "renditions",
            "status",
            "duration_seconds",
            "poster",
            "sources",
            "captions",
            "message",
            "placeholder",
            "focal_point",
            "capture",
            "capture_public",
            "projection",
            "panorama_view",
            "after_of",
            "is_spoiler",
            "created_at",
        ]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_file(self, asset: MediaAsset) -> str | None:
        return absolute_media_url(self.context["request"], asset.file)

    @extend_schema_field(PosterSerializer(allow_null=True))
    def get_poster(self, asset: MediaAsset) -> dict | None:
        if not asset.poster:
            return None
        request = self.context["request"]
        return {
            "url": absolute_media_url(request, asset.poster),
            "jpeg_url": absolute_media_url(request, asset.poster_jpeg),
            "width": asset.poster_width,
            "height": asset.poster_height,
        }

    @extend_schema_field(MediaSourceSerializer(many=True))
    def get_sources(self, asset: MediaAsset) -> list[dict]:
        """A ready video's playable files, or a picture's sizes (AVIF, then WebP,
        then JPEG for each width, a panorama viewer's JPEGs over 2400 px included);
        smallest first, empty until they are made."""
        request = self.context["request"]
        if asset.kind == MediaKind.IMAGE:
            return [
                {
                    "url": absolute_media_url(request, source.file),
                    "type": source.mime_type,
                    "label": None,
                    "width": source.width,
                    "height": source.height,
                }
                for source in sorted(asset.image_sources.all(), key=_size_and_format)
            ]
        if asset.kind != MediaKind.VIDEO_FILE or not asset.is_ready:
            return []
        return [
            {
                "url": absolute_media_url(request, source.file),
                "type": source.mime_type,
                "label": source.label,
                "width": source.width,
                "height": source.height,
            }
            for source in asset.video_sources.all()
        ]

    @extend_schema_field(
        serializers.CharField(
            allow_null=True,
            help_text="Pictures: a few-pixel preview as a data:image/webp URI, to "
            "show blurred until the picture arrives",
        )
    )
    def get_placeholder(self, asset: MediaAsset) -> str | None:
        if asset.kind != MediaKind.IMAGE:
            return None
        return asset.placeholder or None

    @extend_schema_field(FocalPointSerializer(allow_null=True))
    def get_focal_point(self, asset: MediaAsset) -> dict | None:
        if asset.kind != MediaKind.IMAGE:
            return None
        return {"x": asset.focal_x, "y": asset.focal_y}

    @extend_schema_field(
        serializers.BooleanField(
            allow_null=True,
            help_text="Pictures: whether everyone sees `capture` (else only the "
            "post's author and curators)",
        )
    )
    def get_capture_public(self, asset: MediaAsset) -> bool | None:
        if asset.kind != MediaKind.IMAGE:
            return None
        return asset.capture_public

    @extend_schema_field(CaptureSerializer(allow_null=True))
    def get_capture(self, asset: MediaAsset) -> dict | None:
        """A picture's capture details: null for others, and for the public when
        its author keeps them to the crew and curators."""
        if asset.kind != MediaKind.IMAGE:
            return None
        if not asset.capture_public and not self._edits_post_of(asset):
            return None
        details = {name: getattr(asset, name) for name in CAPTURE_FIELDS}
        details = {
            name: None if value == "" else value for name, value in details.items()
        }
        return CaptureSerializer(details, context=self.context).data

    @extend_schema_field(PanoramaViewSerializer(allow_null=True))
    def get_panorama_view(self, asset: MediaAsset) -> dict | None:
        """A partial 360° panorama's angles of view; null for a whole sphere."""
        view = asset.panorama_view if asset.kind == MediaKind.IMAGE else None
        if view is None:
            return None
        return {"haov": view["haov"], "vaov": view["vaov"], "v_offset": view["vOffset"]}

    def _edits_post_of(self, asset: MediaAsset) -> bool:
        """The post's author and curators see what the public does not."""
        user = self.context["request"].user
        return is_curator(user) or (
            user.is_authenticated and asset.post.author_id == user.pk
        )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_message(self, asset: MediaAsset) -> str | None:
        """Why a video could not be processed: for its author and curators."""
        if asset.status != MediaStatus.FAILED:
            return None
        if self._edits_post_of(asset):
            return asset.processing_error
        return "This video could not be processed."

    @extend_schema_field(RenditionsSerializer(allow_null=True))
    def get_renditions(self, asset: MediaAsset) -> dict | None:
        if asset.kind != "image":
            return None
        request = self.context["request"]
        return {
            name: absolute_media_url(request, getattr(asset, name))
            for name in ("thumbnail", "card", "large")
        }


ONLY_PICTURES = "Only pictures have this."
PICTURE_UPLOAD_FIELDS = ("focal_x", "focal_y", "projection", "capture_public")


class MediaUploadSerializer(serializers.Serializer):
    """One image or video file (multipart), or a link to embed."""

    file = serializers.FileField(
        required=False,
        help_text=f"An image ({ACCEPTED_LABEL}) or a video ({ACCEPTED_VIDEO_LABEL}).",
        allow_empty_file=True,
    )
    embed_url = serializers.URLField(
        required=False,
        max_length=500,
        help_text="Instead of a file: a YouTube, Vimeo or TikTok video, or an "
        "Instagram or X post.",
    )
    alt_text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Required for images: what the picture shows.",
    )
    caption = serializers.CharField(required=False, allow_blank=True, max_length=500)
    credited_to = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the person who shot or made it.",
    )
    position = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    focal_x = serializers.FloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        help_text="Images: where the subject is, from the left edge (0) to the right "
        "(1); crops are centred on it. 0.5 when left out.",
    )
    focal_y = serializers.FloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        help_text="Images: where the subject is, from the top (0) to the bottom (1). "
        "0.5 when left out.",
    )
    projection = serializers.ChoiceField(
        choices=Projection.choices,
        required=False,
        help_text="Images: `equirectangular` for a 360° panorama; read from the "
        "picture's metadata when left out.",
    )
    # A form leaves out an unticked box: absent means shown, not hidden.
    capture_public = serializers.BooleanField(
        required=False,
        default=True,
        help_text="Images: whether everyone sees the camera details (else only the "
        "post's author and curators).",
    )

    def validate(self, attrs):
        upload, embed_url = attrs.get("file"), attrs.get("embed_url")
        if bool(upload) == bool(embed_url):
            raise serializers.ValidationError(
                {"file": "Send either an image file or an embed_url, not both."}
            )
        if not upload:
            self._refuse_picture_fields(attrs)
        else:
            try:
                attrs["file"] = intake_upload(upload)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"file": error.messages}) from None
            if not isinstance(attrs["file"], CleanImage):
                self._refuse_picture_fields(attrs)
        if "focal_x" in attrs or "focal_y" in attrs:
            attrs["focal_point"] = (
                attrs.pop("focal_x", 0.5),
                attrs.pop("focal_y", 0.5),
            )
        return attrs

    def _refuse_picture_fields(self, attrs) -> None:
        sent = {name for name in PICTURE_UPLOAD_FIELDS if name in attrs}
        if "capture_public" not in self.initial_data:
            sent.discard("capture_public")
        if sent:
            raise serializers.ValidationError(
                {name: ONLY_PICTURES for name in sorted(sent)}
            )
        attrs.pop("capture_public", None)


class MediaAssetUpdateSerializer(serializers.Serializer):
    """What the post's author (until it is published) or a curator may change of a
    medium; every field may be left out. The picture-only ones are refused for
    videos and embeds."""

    alt_text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="Required for images: what the picture shows.",
    )
    caption = serializers.CharField(required=False, allow_blank=True, max_length=500)
    credited_to = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Person.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the person who shot or made it, or null.",
    )
    focal_point = FocalPointSerializer(
        required=False,
        help_text="Pictures: where the subject is; the crops are made again around it.",
    )
    capture_public = serializers.BooleanField(
        required=False,
        help_text="Pictures: whether everyone sees the camera details (else only "
        "the post's author and curators).",
    )
    projection = serializers.ChoiceField(
        choices=Projection.choices,
        required=False,
        help_text="Pictures: `equirectangular` for a 360° panorama; every size is "
        "made again.",
    )
    after_of = serializers.PrimaryKeyRelatedField(
        queryset=MediaAsset.objects.none(),
        required=False,
        allow_null=True,
        help_text="Pictures: the id of the picture of the same post this one is the "
        "“after” of, or null to unpair.",
        error_messages={"does_not_exist": "There is no medium {pk_value}."},
    )
    is_spoiler = serializers.BooleanField(
        required=False,
        help_text="It gives the story away: shown behind a warning, even when the "
        "rest of the post is not.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only media the user can see may be named: others are as if absent.
        request = self.context.get("request")
        if request is not None:
            self.fields["after_of"].queryset = MediaAsset.objects.filter(
                post__in=Post.objects.visible_to(request.user)
            )

    def validate(self, attrs):
        if "focal_point" in attrs:
            point = attrs["focal_point"]
            attrs["focal_point"] = (point["x"], point["y"])
        return attrs


# The parts of a production a post can be about, as Post.anchor tries them.
ANCHOR_FIELDS = ("episode", "performance", "run", "version")


def anchor_label(anchor) -> str:
    """How a post names the part of its production it is about."""
    if isinstance(anchor, Episode):
        return f"{anchor.code} · {anchor.title}"
    if isinstance(anchor, Performance):
        return f"{anchor} at {anchor.run.venue.name}"
    if isinstance(anchor, Run):
        return f"{anchor.venue.name}, {anchor.dates}"
    return anchor.name


class AnchorSerializer(serializers.Serializer):
    """The part of its production a post is about."""

    type = serializers.ChoiceField(
        choices=[(name, name) for name in ANCHOR_FIELDS],
        help_text="Which of the post's episode, performance, run or version it is.",
    )
    id = serializers.IntegerField()
    label = serializers.CharField(help_text="e.g. 'S1E3 · High Water'.")
    page_url = serializers.URLField(
        allow_null=True, help_text="Where it is shown; null for a performance."
    )


class PostSerializer(ExpandableSerializerMixin, serializers.ModelSerializer):
    """A post; its production, featured people and media always come embedded,
    its crafts as slugs or, with ``?expand=crafts``, as departments."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:post-detail", lookup_field="slug"
    )
    production = ProductionSummarySerializer(read_only=True)
    episode = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    run = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    performance = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    version = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    anchor = serializers.SerializerMethodField()
    featured_people = PersonSummarySerializer(many=True, read_only=True)
    crafts = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Slugs of the crafts it shows; with `?expand=crafts`, the "
        "departments.",
    )
    tags = serializers.SerializerMethodField()
    media = MediaAssetSerializer(many=True, read_only=True)
    author = serializers.SerializerMethodField()
    moderation_note = serializers.SerializerMethodField()
    publish_at = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    # Blank for original uploads: declared so the schema allows the empty string.
    source_url = serializers.URLField(read_only=True, allow_blank=True)
    spoils_until = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="A spoiler until this day included; null: for as long as "
        "`is_spoiler` says.",
    )
    is_spoiler_today = serializers.BooleanField(
        read_only=True,
        help_text="Whether it is a spoiler today (`is_spoiler`, and not past "
        "`spoils_until`): show it behind a warning.",
    )
    applause_count = serializers.SerializerMethodField()

    expansions = {
        "crafts": DepartmentSerializer(
            many=True,
            read_only=True,
            help_text="Slugs of the crafts it shows; with `?expand=crafts`, the "
            "departments.",
        ),
    }

    class Meta:
        model = Post
        fields = [
            "url",
            "slug",
            "title",
            "production",
            "episode",
            "run",
            "performance",
            "version",
            "anchor",
            "kind",
            "phase",
            "happened_on",
            "body",
            "body_html",
            "source_platform",
            "source_url",
            "provenance",
            "status",
            "is_featured",
            "is_spoiler",
            "spoils_until",
            "is_spoiler_today",
            "applause_count",
            "published_at",
            "publish_at",
            "author",
            "featured_people",
            "crafts",
            "tags",
            "media",
            "moderation_note",
            "page_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_tags(self, post: Post) -> list[str]:
        return [tag.name for tag in tags_of(post)]

    def get_applause_count(self, post: Post) -> int:
        """How many users applauded it (annotated by PostQuerySet.with_applause)."""
        count = getattr(post, "applause_count", None)
        return post.applause.count() if count is None else count

    @extend_schema_field(AnchorSerializer(allow_null=True))
    def get_anchor(self, post: Post) -> dict | None:
        """The episode, performance, run or version the post is about, if any."""
        anchor = post.anchor
        if anchor is None:
            return None
        kind = next(name for name in ANCHOR_FIELDS if getattr(post, f"{name}_id"))
        page = getattr(anchor, "get_absolute_url", None)
        return {
            "type": kind,
            "id": anchor.pk,
            "label": anchor_label(anchor),
            "page_url": (
                self.context["request"].build_absolute_uri(page()) if page else None
            ),
        }

    @extend_schema_field(PersonSummarySerializer(allow_null=True))
    def get_author(self, post: Post) -> dict | None:
        """The credited person behind a crew account; curators' posts show none."""
        person = getattr(post.author, "person", None) if post.author_id else None
        if person is None:
            return None
        return PersonSummarySerializer(person, context=self.context).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_moderation_note(self, post: Post) -> str | None:
        user = self.context["request"].user
        if is_curator(user) or (user.is_authenticated and post.author_id == user.pk):
            return post.moderation_note
        return None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_publish_at(self, post: Post) -> str | None:
        """When an embargoed post goes public: for its author and curators only."""
        user = self.context["request"].user
        if post.publish_at is None or not (
            is_curator(user) or (user.is_authenticated and post.author_id == user.pk)
        ):
            return None
        return serializers.DateTimeField().to_representation(post.publish_at)

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, post: Post) -> str:
        return self.context["request"].build_absolute_uri(post.get_absolute_url())


class PostWriteSerializer(serializers.Serializer):
    """What a crew member or curator sends to submit or change a post."""

    production = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Production.objects.all(),
        help_text="Slug of a production you hold a credit on.",
    )
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(
        required=False, allow_blank=True, max_length=50_000, help_text="Markdown."
    )
    kind = serializers.ChoiceField(choices=PostKind.choices)
    phase = serializers.ChoiceField(choices=PostPhase.choices)
    happened_on = serializers.DateField(required=False)
    source_platform = serializers.ChoiceField(
        choices=SourcePlatform.choices, required=False
    )
    source_url = serializers.URLField(required=False, allow_blank=True, max_length=500)
    tags = serializers.ListField(
        child=TagNameField(),
        required=False,
        max_length=MAX_TAGS,
    )
    featured_people = serializers.SlugRelatedField(
        slug_field="slug", queryset=Person.objects.all(), many=True, required=False
    )
    crafts = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Department.objects.crafts(),
        many=True,
        required=False,
    )
    provenance = serializers.ChoiceField(
        choices=Provenance.choices,
        required=False,
        help_text="Curators only: a crew member's post is first-hand automatically.",
    )
    episode = serializers.PrimaryKeyRelatedField(
        queryset=Episode.objects.with_season(),
        required=False,
        allow_null=True,
        help_text="TV series: the id of the episode the post is about.",
    )
    run = serializers.PrimaryKeyRelatedField(
        queryset=Run.objects.with_related(),
        required=False,
        allow_null=True,
        help_text="Theater: the id of the run the post is about.",
    )
    performance = serializers.PrimaryKeyRelatedField(
        queryset=Performance.objects.select_related("run__production"),
        required=False,
        allow_null=True,
        help_text="Theater: the id of the one performance; its run comes with it.",
    )
    version = serializers.PrimaryKeyRelatedField(
        queryset=GameVersion.objects.select_related("production"),
        required=False,
        allow_null=True,
        help_text="Video games: the id of the version the post is about.",
    )
    is_spoiler = serializers.BooleanField(
        required=False,
        help_text="It gives the story away: its text and media are shown behind a "
        "warning, and never in feeds or link previews.",
    )
    spoils_until = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="A spoiler until this day included (a finale's air date, say); "
        "null for always. Not before `happened_on`; only with `is_spoiler`.",
    )
    publish_at = serializers.DateTimeField(
        required=False,
        help_text="Curators only: approve the post now to go public at this time "
        "(an embargo, which must end in the future). Until then only its author "
        "and curators see it.",
    )

    def validate_publish_at(self, value):
        if not is_curator(self.context["request"].user):
            raise serializers.ValidationError("Only curators can approve a post.")
        if value <= timezone.now():
            raise serializers.ValidationError("The embargo must end in the future.")
        if self.instance is not None and self.instance.status == PostStatus.PUBLISHED:
            raise serializers.ValidationError(
                "The post is already published: it cannot be embargoed."
            )
        return value

    def validate(self, attrs):
        """The anchors as the model's clean_anchor() has them: of the post's
        production, one kind at a time, a performance with its run; the spoiler
        date as clean_spoiler() has it."""
        attrs = super().validate(attrs)
        self._validate_spoiler(attrs)
        anchors = {name: attrs[name] for name in ANCHOR_FIELDS if name in attrs}
        if not anchors:
            return attrs
        if anchors.get("performance") is not None and "run" not in anchors:
            anchors["run"] = None  # the performance's run, filled in below
        post = copy.copy(self.instance) if self.instance is not None else Post()
        if "production" in attrs:
            post.production = attrs["production"]
        for name, value in anchors.items():
            setattr(post, name, value)
        try:
            post.clean_anchor()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        attrs.update({name: getattr(post, name) for name in anchors})
        return attrs

    def _validate_spoiler(self, attrs: dict) -> None:
        names = ("is_spoiler", "spoils_until", "happened_on")
        if not any(name in attrs for name in names):
            return
        post = copy.copy(self.instance) if self.instance is not None else Post()
        for name in names:
            if name in attrs:
                setattr(post, name, attrs[name])
        if self.instance is None and "happened_on" not in attrs:
            post.happened_on = None  # dated by its pictures later: checked then
        try:
            post.clean_spoiler()
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give the post a title.")
        return value

    def validate_tags(self, value: list[str]) -> list[str]:
        tags = [tag.strip() for tag in value if tag.strip()]
        if any("," in tag or '"' in tag for tag in tags):
            raise serializers.ValidationError("Tags cannot contain commas or quotes.")
        return tags

    def validate_production(self, value: Production) -> Production:
        if self.instance is not None and value.pk != self.instance.production_id:
            raise serializers.ValidationError(
                "A post cannot move to another production."
            )
        return value


class TagSerializer(serializers.ModelSerializer):
    page_url = serializers.SerializerMethodField()
    item_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Tag
        fields = ["slug", "name", "item_count", "page_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, tag: Tag) -> str:
        from django.urls import reverse

        return self.context["request"].build_absolute_uri(
            reverse("showcase:tag-detail", kwargs={"slug": tag.slug})
        )
