"""Curation of behind-the-scenes posts: moderation queue, media, featuring."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from bts_catalog.files import files_rollback
from productions.models import (
    Episode,
    GameVersion,
    Performance,
    ProductionKind,
    Run,
)

from . import services
from .forms import MediaAssetInlineForm, MediaAssetInlineFormSet, PictureAdminForm
from .models import (
    Caption,
    MediaAsset,
    MediaKind,
    MediaStatus,
    ModerationEvent,
    PendingPost,
    Post,
    PostStatus,
)


def image_preview(asset: MediaAsset | None, size: int = 96) -> str:
    """An image's thumbnail, or a video's poster with its state."""
    if asset is None:
        return "—"
    if asset.kind == MediaKind.VIDEO_FILE:
        state = asset.get_status_display()
        if not asset.poster:
            return state
        return format_html(
            '<img src="{}" alt="{}" width="{}" class="bts-preview"><br>{}',
            asset.poster.url,
            asset.caption or "Video poster",
            size,
            state,
        )
    if not asset.thumbnail:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" class="bts-preview">',
        asset.thumbnail.url,
        asset.alt_text,
        size,
        size,
    )


FOCAL_POINT_HELP = (
    "Click where the subject is, or move the point with the arrow keys: "
    "thumbnails and cards are cropped around it."
)


def focal_point_picker(asset: MediaAsset) -> str:
    """A picture, whole, on which js/focal-point.js marks and sets the focal point
    inputs of the same form (or inline row); for a picture not stored yet, the file
    chosen for it."""
    if asset.pk is None:
        return mark_safe(  # noqa: S308 - a constant
            '<span class="focal-point-preview bts-focal-admin" data-focal-point '
            'data-focal-from-file="" hidden></span>'
        )
    picture = asset.large or asset.file
    if not picture:
        return "—"
    return format_html(
        '<div><span class="focal-point-preview bts-focal-admin" data-focal-point>'
        '<img src="{}" alt="" width="{}" height="{}"></span>'
        '<p class="help">{}</p></div>',
        picture.url,
        asset.width or "",
        asset.height or "",
        FOCAL_POINT_HELP,
    )


def renditions_state(asset: MediaAsset) -> str:
    if asset.pk is None or asset.kind != MediaKind.IMAGE:
        return "—"
    if asset.renditions_due:
        return f"Being made again: {asset.get_renditions_due_display().lower()}"
    return "Up to date"


def save_admin_only_fields(asset: MediaAsset, form) -> None:
    """What admin changes of a medium beside what media_asset_update does: its
    order in the post and an embed's link (checked with the rest of the form)."""
    changed = [name for name in ("position", "embed_url") if name in form.changed_data]
    for name in changed:
        setattr(asset, name, form.cleaned_data[name])
    if changed:
        asset.save(update_fields=changed)


PICTURE_ADMIN_MEDIA = {
    "js": ["js/focal-point.js"],
    "css": {"all": ["css/focal-point.css"]},
}


class MediaAssetInline(admin.StackedInline):
    model = MediaAsset
    form = MediaAssetInlineForm
    formset = MediaAssetInlineFormSet
    extra = 1
    autocomplete_fields = ["credited_to"]
    readonly_fields = ["preview", "dimensions", "processing_error", "renditions"]
    fields = [
        ("preview", "dimensions"),
        "processing_error",
        ("kind", "upload", "embed_url"),
        "alt_text",
        "caption",
        ("credited_to", "position"),
        ("focal_across", "focal_down", "renditions"),
        ("projection", "after_of"),
        ("capture_public", "is_spoiler"),
        ("taken_at", "camera_make", "camera_model", "lens"),
        ("focal_length_mm", "aperture", "shutter", "iso"),
    ]

    class Media:
        js = PICTURE_ADMIN_MEDIA["js"]
        css = PICTURE_ADMIN_MEDIA["css"]

    @admin.display(description="Preview")
    def preview(self, asset: MediaAsset) -> str:
        if asset.kind == MediaKind.IMAGE:
            return focal_point_picker(asset)
        return image_preview(asset if asset.pk else None, size=160)

    @admin.display(description="Renditions")
    def renditions(self, asset: MediaAsset) -> str:
        return renditions_state(asset)

    @admin.display(description="Size")
    def dimensions(self, asset: MediaAsset) -> str:
        if asset.width and asset.height:
            return f"{asset.width} × {asset.height} px"
        return "—"


class ModerationEventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields
    verbose_name = "status change"
    verbose_name_plural = "status history"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _embargo_field() -> forms.DateTimeField:
    return forms.DateTimeField(
        required=False,
        label="Embargo until",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="With 'Publish': approved now, public from this time (the day "
        "a trailer drops, say).",
    )


class PublishActionForm(ActionForm):
    """The actions bar, with the embargo that 'Publish selected posts' may set."""

    publish_at = _embargo_field()


@admin.action(description="Publish selected posts", permissions=["change"])
def publish_posts(modeladmin, request, queryset):
    try:
        publish_at = PublishActionForm.base_fields["publish_at"].clean(
            request.POST.get("publish_at", "")
        )
        count = 0
        with transaction.atomic():
            for post in queryset.exclude(status=PostStatus.PUBLISHED):
                services.post_publish(
                    post=post, actor=request.user, publish_at=publish_at
                )
                count += 1
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), level=messages.ERROR)
        return
    if publish_at is not None:
        moment = timezone.localtime(publish_at).strftime("%Y-%m-%d %H:%M %Z")
        modeladmin.message_user(
            request,
            ngettext(
                "Approved %(count)d post to go public at %(moment)s.",
                "Approved %(count)d posts to go public at %(moment)s.",
                count,
            )
            % {"count": count, "moment": moment},
        )
        return
    modeladmin.message_user(
        request, ngettext("Published %d post.", "Published %d posts.", count) % count
    )


@admin.action(description="Reject selected posts", permissions=["change"])
def reject_posts(modeladmin, request, queryset):
    count = 0
    for post in queryset.exclude(status=PostStatus.REJECTED):
        services.post_reject(post=post, actor=request.user, note=post.moderation_note)
        count += 1
    modeladmin.message_user(
        request,
        ngettext("Rejected %d post.", "Rejected %d posts.", count) % count
        + " Write the reason in each post's moderation note so the author sees it.",
    )


@admin.action(description="Feature selected posts", permissions=["change"])
def feature_posts(modeladmin, request, queryset):
    skipped = queryset.exclude(status=PostStatus.PUBLISHED).count()
    count = services.posts_set_featured(posts=queryset, featured=True)
    modeladmin.message_user(
        request, ngettext("Featured %d post.", "Featured %d posts.", count) % count
    )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%d post is not published and was not featured.",
                "%d posts are not published and were not featured.",
                skipped,
            )
            % skipped,
            level=messages.WARNING,
        )


@admin.action(description="Stop featuring selected posts", permissions=["change"])
def unfeature_posts(modeladmin, request, queryset):
    count = services.posts_set_featured(posts=queryset, featured=False)
    modeladmin.message_user(
        request,
        ngettext("Unfeatured %d post.", "Unfeatured %d posts.", count) % count,
    )


class ProductionKindFilter(admin.SimpleListFilter):
    title = "production kind"
    parameter_name = "production_kind"

    def lookups(self, request, model_admin):
        return ProductionKind.choices

    def queryset(self, request, queryset):
        if self.value() in ProductionKind.values:
            return queryset.filter(production__kind=self.value())
        return queryset


class PostAdminForm(forms.ModelForm):
    """The post form, plus a moderation decision applied (and recorded) on save."""

    decision = forms.ChoiceField(
        label="Moderation decision",
        required=False,
        choices=[
            ("", "Keep the current status"),
            (PostStatus.PUBLISHED, "Publish"),
            (
                PostStatus.REJECTED,
                "Reject (the moderation note is shown to the author)",
            ),
            (PostStatus.PENDING, "Return to pending review"),
        ],
    )
    publish_at = _embargo_field()

    class Meta:
        model = Post
        fields = [
            "production",
            "title",
            "slug",
            "body",
            "tags",
            "kind",
            "phase",
            "happened_on",
            "crafts",
            "featured_people",
            "source_platform",
            "source_url",
            "provenance",
            "author",
            "episode",
            "run",
            "performance",
            "version",
            "is_spoiler",
            "spoils_until",
            "is_featured",
            "moderation_note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown, but changed only through a decision (PostAdmin.save_model).
        self.fields["publish_at"].initial = self.instance.publish_at

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if cleaned.get("is_featured") and decision and decision != PostStatus.PUBLISHED:
            self.add_error("is_featured", "Only published posts can be featured.")
        publish_at = cleaned.get("publish_at")
        if publish_at is not None and "publish_at" in self.changed_data:
            if decision != PostStatus.PUBLISHED:
                self.add_error(
                    "publish_at", "Choose 'Publish' to approve it under an embargo."
                )
            elif self.instance.status == PostStatus.PUBLISHED:
                self.add_error(
                    "publish_at",
                    "The post is already published: it cannot be embargoed.",
                )
            elif publish_at <= timezone.now():
                self.add_error("publish_at", "The embargo must end in the future.")
        return cleaned

    def _post_clean(self):
        # A post being published now may be featured in the same save: the feature
        # is applied after the status has changed (PostAdmin.save_model).
        self.feature_after_publish = False
        if self.cleaned_data.get("decision") == PostStatus.PUBLISHED:
            self.feature_after_publish = self.cleaned_data.get("is_featured", False)
            self.cleaned_data["is_featured"] = False
        super()._post_clean()


ANCHOR_FIELDS = ("episode", "run", "performance", "version")


def anchor_choices(name: str, production_id: int):
    """The episodes, runs, performances or versions of one production."""
    if name == "episode":
        return Episode.objects.with_season().filter(season__production_id=production_id)
    if name == "run":
        return Run.objects.with_related().filter(production_id=production_id)
    if name == "performance":
        return Performance.objects.select_related("run__venue").filter(
            run__production_id=production_id
        )
    return GameVersion.objects.select_related("production").filter(
        production_id=production_id
    )


class EmbargoFilter(admin.SimpleListFilter):
    title = "embargo"
    parameter_name = "embargo"

    def lookups(self, request, model_admin):
        return [("embargoed", "Embargoed")]

    def queryset(self, request, queryset):
        if self.value() == "embargoed":
            return queryset.embargoed()
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """Status, with 'Pending review' first because that is where work waits."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        order = [PostStatus.PENDING, PostStatus.PUBLISHED, PostStatus.REJECTED]
        return [(s.value, s.label) for s in order] + [
            (PostStatus.DRAFT.value, PostStatus.DRAFT.label)
        ]

    def queryset(self, request, queryset):
        if self.value() in PostStatus.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    form = PostAdminForm
    list_display = [
        "cover",
        "title",
        "production",
        "kind",
        "phase",
        "happened_on",
        "provenance",
        "status",
        "embargo",
        "is_featured",
        "media_count",
    ]
    list_display_links = ["cover", "title"]
    list_filter = [
        StatusFilter,
        EmbargoFilter,
        "is_featured",
        "is_spoiler",
        "kind",
        "phase",
        "provenance",
        "source_platform",
        ProductionKindFilter,
        "crafts",
    ]
    list_select_related = ["production"]
    search_fields = ["title", "body", "production__title", "featured_people__name"]
    search_help_text = "Title, text, production or featured person."
    autocomplete_fields = ["production", "author", "featured_people", "crafts"]
    date_hierarchy = "happened_on"
    readonly_fields = ["published_at", "created_at", "updated_at", "status"]
    actions = [publish_posts, reject_posts, feature_posts, unfeature_posts]
    action_form = PublishActionForm
    inlines = [MediaAssetInline, ModerationEventInline]
    list_per_page = 50
    # Work first: pending posts lead, then the newest.
    ordering = [
        Case(When(status=PostStatus.PENDING, then=0), default=1),
        "-created_at",
    ]
    show_facets = admin.ShowFacets.NEVER
    fieldsets = [
        (None, {"fields": ["production", "title", "slug", "body", "tags"]}),
        (
            "What it is about",
            {
                "fields": ["episode", ("run", "performance"), "version"],
                "description": "Optionally, the part of the production the post "
                "is about: an episode, a run (or one performance of it) or a game "
                "version, all of its own production.",
            },
        ),
        (
            "What it shows",
            {
                "fields": [
                    ("kind", "phase", "happened_on"),
                    "crafts",
                    "featured_people",
                    ("is_spoiler", "spoils_until"),
                ]
            },
        ),
        (
            "Where it comes from",
            {"fields": [("source_platform", "source_url"), "provenance", "author"]},
        ),
        (
            "Moderation",
            {
                "fields": [
                    ("status", "published_at"),
                    ("decision", "publish_at"),
                    "is_featured",
                    "moderation_note",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_media_count=Count("media", distinct=True))
            .prefetch_related("media")
        )

    def get_autocomplete_fields(self, request):
        # A new post's production is not known yet: its anchor is searched for.
        if self._edited_post(request) is None:
            return [*self.autocomplete_fields, *ANCHOR_FIELDS]
        return self.autocomplete_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        post = self._edited_post(request)
        if db_field.name in ANCHOR_FIELDS and post is not None:
            # An existing post offers the anchors of its own production only.
            kwargs["queryset"] = anchor_choices(db_field.name, post.production_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _edited_post(self, request) -> Post | None:
        """The post a change page edits (None on an add page), read once."""
        if not hasattr(request, "_bts_edited_post"):
            match = request.resolver_match
            object_id = str(match.kwargs.get("object_id", "")) if match else ""
            request._post_edited = (
                Post.objects.filter(pk=object_id).only("production_id").first()
                if object_id.isdigit()
                else None
            )
        return request._post_edited

    @admin.display(description="")
    def cover(self, post: Post) -> str:
        media = [asset for asset in post.media.all() if asset.thumbnail]
        return image_preview(
            min(media, key=lambda a: (a.position, a.id), default=None), 48
        )

    @admin.display(description="Embargoed until", ordering="publish_at")
    def embargo(self, post: Post) -> str:
        if not post.is_embargoed:
            return "—"
        return timezone.localtime(post.publish_at).strftime("%Y-%m-%d %H:%M %Z")

    @admin.display(description="Media", ordering="_media_count")
    def media_count(self, post: Post) -> int:
        return post._media_count

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        super().save_model(request, obj, form, change)
        decision = form.cleaned_data.get("decision")
        if decision:
            # Status changes go through the service so that each one is recorded.
            services.post_transition(
                post=obj,
                to_status=decision,
                actor=request.user,
                note=obj.moderation_note,
                publish_at=form.cleaned_data.get("publish_at")
                if "publish_at" in form.changed_data
                else None,
            )
        if form.feature_after_publish:
            services.post_set_featured(post=obj, featured=True)

    def save_formset(self, request, form, formset, change):
        if formset.model is not MediaAsset:
            return super().save_formset(request, form, formset, change)
        post = form.instance
        # Admin's change message reads these three lists, as formset.save() sets them.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = (
            [],
            [],
            [],
        )
        deleted = set()
        with files_rollback(), transaction.atomic():
            for inline_form in formset.deleted_forms:
                if inline_form.instance.pk:
                    formset.deleted_objects.append(inline_form.instance)
                    deleted.add(inline_form.instance.pk)
                    services.media_asset_delete(
                        asset=inline_form.instance, user=request.user
                    )
            for inline_form in formset.forms:
                if (
                    inline_form in formset.deleted_forms
                    or not inline_form.has_changed()
                ):
                    continue
                if inline_form.instance.pk:
                    # Through the service, as every change of a medium: a new focal
                    # point or projection makes its renditions again.
                    changes = inline_form.service_changes()
                    if getattr(changes.get("after_of"), "pk", None) in deleted:
                        changes["after_of"] = None  # its "before" has just gone
                    asset = services.media_asset_update(
                        asset=MediaAsset.objects.get(pk=inline_form.instance.pk),
                        user=request.user,
                        **changes,
                    )
                    save_admin_only_fields(asset, inline_form)
                    formset.changed_objects.append(
                        (inline_form.instance, inline_form.changed_data)
                    )
                else:
                    data = inline_form.cleaned_data
                    asset = services.media_asset_add(
                        post=post,
                        actor=request.user,
                        upload=data.get("clean_file"),
                        embed_url=data.get("embed_url") or "",
                        alt_text=data.get("alt_text") or "",
                        caption=data.get("caption") or "",
                        credited_to=data.get("credited_to"),
                        position=data.get("position"),
                        **inline_form.new_asset_details(),
                    )
                    if data.get("is_spoiler"):
                        asset = services.media_asset_update(
                            asset=asset, user=request.user, is_spoiler=True
                        )
                    formset.new_objects.append(asset)


@admin.register(PendingPost)
class ModerationQueueAdmin(PostAdmin):
    """Pending posts only, the longest-waiting first, with their media."""

    list_display = [
        "cover",
        "title",
        "production",
        "author",
        "provenance",
        "kind",
        "created_at",
        "media_count",
    ]
    list_filter = ["kind", "phase", ProductionKindFilter]
    actions = [publish_posts, reject_posts]
    date_hierarchy = None
    ordering = ["created_at", "id"]

    def get_queryset(self, request):
        # The queue's own order, unless a column header asks for another.
        return super().get_queryset(request).moderation_queue()

    def has_add_permission(self, request) -> bool:
        return False


@admin.action(description="Process selected videos again", permissions=["change"])
def process_videos_again(modeladmin, request, queryset):
    count = 0
    for asset in queryset.filter(kind=MediaKind.VIDEO_FILE).exclude(
        status=MediaStatus.READY
    ):
        services.media_asset_reprocess(asset=asset)
        count += 1
    modeladmin.message_user(
        request,
        ngettext(
            "%d video is being processed again.",
            "%d videos are being processed again.",
            count,
        )
        % count,
    )


class CaptionInline(admin.TabularInline):
    model = Caption
    extra = 0
    fields = ["language", "label", "file", "created_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # added through the API, where the file is checked


class MediaAssetAdminForm(PictureAdminForm):
    class Meta(PictureAdminForm.Meta):
        fields = ["embed_url", *PictureAdminForm.Meta.fields]


@admin.register(MediaAsset)
class MediaAssetAdmin(admin.ModelAdmin):
    form = MediaAssetAdminForm
    list_display = [
        "preview",
        "__str__",
        "post",
        "kind",
        "status",
        "credited_to",
        "dimensions",
    ]
    list_filter = ["kind", "status", "post__status", "is_spoiler"]
    actions = [process_videos_again]
    inlines = [CaptionInline]
    list_select_related = ["post", "credited_to"]
    search_fields = ["alt_text", "caption", "post__title", "sha256"]
    autocomplete_fields = ["credited_to"]
    readonly_fields = [
        "post",
        "kind",
        "large_preview",
        "file",
        "width",
        "height",
        "sha256",
        "status",
        "processing_error",
        "duration_seconds",
        "renditions",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "large_preview",
                    "post",
                    "kind",
                    ("status", "duration_seconds"),
                    "processing_error",
                    "file",
                    "embed_url",
                    "alt_text",
                    "caption",
                    "is_spoiler",
                    "credited_to",
                    "position",
                    ("width", "height"),
                    "sha256",
                ]
            },
        ),
        (
            "Picture",
            {
                "fields": [
                    ("focal_across", "focal_down"),
                    "renditions",
                    ("projection", "after_of"),
                ]
            },
        ),
        (
            "Camera details (“shot on”)",
            {
                "fields": [
                    "capture_public",
                    "taken_at",
                    ("camera_make", "camera_model"),
                    "lens",
                    ("focal_length_mm", "aperture", "shutter", "iso"),
                ]
            },
        ),
    ]

    class Media:
        js = PICTURE_ADMIN_MEDIA["js"]
        css = PICTURE_ADMIN_MEDIA["css"]

    @admin.display(description="")
    def preview(self, asset: MediaAsset) -> str:
        return image_preview(asset, 48)

    @admin.display(description="Preview")
    def large_preview(self, asset: MediaAsset) -> str:
        if asset.kind == MediaKind.VIDEO_FILE:
            return image_preview(asset, 480)
        if asset.kind == MediaKind.IMAGE:
            return focal_point_picker(asset)
        return "—"

    @admin.display(description="Size")
    def dimensions(self, asset: MediaAsset) -> str:
        return f"{asset.width} × {asset.height}" if asset.width else "—"

    @admin.display(description="Renditions")
    def renditions(self, asset: MediaAsset) -> str:
        return renditions_state(asset)

    def save_model(self, request, obj, form, change):
        # Through the service, as every change of a medium: a new focal point or
        # projection makes its renditions again.
        asset = services.media_asset_update(
            asset=MediaAsset.objects.get(pk=obj.pk),
            user=request.user,
            **form.service_changes(),
        )
        save_admin_only_fields(asset, form)

    def has_add_permission(self, request) -> bool:
        # Media is added on its post, where the upload goes through image intake.
        return False
