"""API representations of behind-the-scenes posts, their media and tags."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from bts_catalog.api.fields import TagNameField
from bts_catalog.captions import clean_captions, validate_language
from bts_catalog.images import ACCEPTED_LABEL
from bts_catalog.roles import is_curator
from bts_catalog.tagging import MAX_TAGS, tags_of
from bts_catalog.uploads import intake_upload
from bts_catalog.videos import ACCEPTED_VIDEO_LABEL
from productions.api.serializers import (
    PersonSummarySerializer,
    ProductionSummarySerializer,
)
from productions.models import Department, Person, Production

from ..models import (
    Caption,
    MediaAsset,
    MediaKind,
    MediaStatus,
    Post,
    PostKind,
    PostPhase,
    Provenance,
    SourcePlatform,
)


def absolute_media_url(request, field_file) -> str | None:
    if not field_file:
        return None
    return request.build_absolute_uri(field_file.url)


class RenditionsSerializer(serializers.Serializer):
    thumbnail = serializers.URLField(allow_null=True, help_text="320×320, cropped")
    card = serializers.URLField(allow_null=True, help_text="800×600, cropped")
    large = serializers.URLField(allow_null=True, help_text="At most 1600 px")


class PosterSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="WebP")
    jpeg_url = serializers.URLField(help_text="The same picture as JPEG")
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class VideoSourceSerializer(serializers.Serializer):
    url = serializers.URLField()
    type = serializers.CharField(help_text="MIME type, e.g. video/mp4")
    label = serializers.CharField(help_text="Its short side, e.g. 720p")
    width = serializers.IntegerField()
    height = serializers.IntegerField()


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

    @extend_schema_field(VideoSourceSerializer(many=True))
    def get_sources(self, asset: MediaAsset) -> list[dict]:
        """The playable files of a video, smallest first (empty until ready)."""
        if asset.kind != MediaKind.VIDEO_FILE or not asset.is_ready:
            return []
        request = self.context["request"]
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

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_message(self, asset: MediaAsset) -> str | None:
        """Why a video could not be processed: for its author and curators."""
        if asset.status != MediaStatus.FAILED:
            return None
        user = self.context["request"].user
        if is_curator(user) or (
            user.is_authenticated and asset.post.author_id == user.pk
        ):
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

    def validate(self, attrs):
        upload, embed_url = attrs.get("file"), attrs.get("embed_url")
        if bool(upload) == bool(embed_url):
            raise serializers.ValidationError(
                {"file": "Send either an image file or an embed_url, not both."}
            )
        if upload:
            try:
                attrs["file"] = intake_upload(upload)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"file": error.messages}) from None
        return attrs


class PostSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:post-detail", lookup_field="slug"
    )
    production = ProductionSummarySerializer(read_only=True)
    featured_people = PersonSummarySerializer(many=True, read_only=True)
    crafts = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    tags = serializers.SerializerMethodField()
    media = MediaAssetSerializer(many=True, read_only=True)
    author = serializers.SerializerMethodField()
    moderation_note = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField()
    # Blank for original uploads: declared so the schema allows the empty string.
    source_url = serializers.URLField(read_only=True, allow_blank=True)

    class Meta:
        model = Post
        fields = [
            "url",
            "slug",
            "title",
            "production",
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
            "published_at",
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
