"""Curation of the catalogue: productions, people, departments, roles, credits."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import ngettext

from bts_catalog.files import delete_files_on_commit
from bts_catalog.forms import ImageUploadField, clean_image_into_field

from . import services
from .models import (
    ClaimStatus,
    Credit,
    Department,
    Episode,
    MergeRecord,
    Person,
    PersonClaim,
    Production,
    ProductionKind,
    Role,
    Season,
)


class ImageFieldsAdminMixin:
    """Store an image field's replaced file away once the change is committed."""

    image_fields: tuple[str, ...] = ()

    def save_model(self, request, obj, form, change):
        replaced = []
        if change:
            for name in self.image_fields:
                if name in form.changed_data and form.initial.get(name):
                    replaced.append(str(form.initial[name]))
        super().save_model(request, obj, form, change)
        delete_files_on_commit(replaced)


class SeasonInline(admin.TabularInline):
    model = Season
    extra = 0
    fields = ["number", "title", "start_date", "end_date"]
    show_change_link = True  # a season's own page lists its episodes


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    autocomplete_fields = ["person", "role"]
    fields = [
        "person",
        "role",
        "character",
        "credited_as",
        "episode",
        "billing_order",
        "is_verified",
    ]
    ordering = ["role__department__position", "billing_order", "person__name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "person", "role__department", "production", "episode__season"
            )
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "episode" and self.parent_model is Production:
            # Only the episodes of the production being edited.
            production_id = request.resolver_match.kwargs.get("object_id", "")
            kwargs["queryset"] = (
                Episode.objects.with_season().filter(
                    season__production_id=production_id
                )
                if production_id.isdigit()
                else Episode.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonCreditInline(CreditInline):
    autocomplete_fields = ["production", "role", "episode"]
    fields = [
        "production",
        "role",
        "character",
        "credited_as",
        "episode",
        "billing_order",
        "is_verified",
    ]
    ordering = ["-production__release_date"]


class ProductionAdminForm(forms.ModelForm):
    poster = ImageUploadField(required=False)

    class Meta:
        model = Production
        fields = [
            "title",
            "slug",
            "kind",
            "status",
            "synopsis",
            "tags",
            "release_date",
            "studio",
            "venue",
            "platforms",
            "poster",
            "website",
            "imdb_id",
            "tmdb_id",
            "igdb_id",
        ]

    def clean(self):
        cleaned = super().clean()
        clean_image_into_field(self, "poster")
        return cleaned


class YearFilter(admin.SimpleListFilter):
    title = "year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        dates = Production.objects.dates("release_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in dates]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(release_date__year=int(self.value()))
        return queryset


@admin.register(Production)
class ProductionAdmin(ImageFieldsAdminMixin, admin.ModelAdmin):
    form = ProductionAdminForm
    image_fields = ("poster",)
    list_display = [
        "title",
        "kind",
        "status",
        "release_date",
        "studio",
        "credit_count",
    ]
    list_filter = ["kind", "status", YearFilter]
    search_fields = ["title", "studio", "venue", "imdb_id"]
    search_help_text = "Title, studio / company, venue or IMDb id."
    readonly_fields = ["poster_preview", "created_at", "updated_at"]
    inlines = [CreditInline]
    ordering = ["title"]
    date_hierarchy = "release_date"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", ("kind", "status"), "synopsis", "tags"]}),
        ("Release", {"fields": ["release_date", "studio", "venue", "platforms"]}),
        ("Poster", {"fields": ["poster", "poster_preview"]}),
        ("Links", {"fields": ["website", ("imdb_id", "tmdb_id", "igdb_id")]}),
        ("Record", {"fields": [("created_at", "updated_at")]}),
    ]

    def get_inlines(self, request, obj):
        if obj is not None and obj.kind == ProductionKind.TV_SERIES:
            return [SeasonInline, *self.inlines]
        return self.inlines

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_credit_count=Count("credits", distinct=True))
        )

    @admin.display(description="Credits", ordering="_credit_count")
    def credit_count(self, production: Production) -> int:
        return production._credit_count

    @admin.display(description="Current poster")
    def poster_preview(self, production: Production) -> str:
        if not production.poster:
            return "—"
        return format_html(
            '<img src="{}" alt="Poster of {}" class="bts-poster">',
            production.poster.url,
            production.title,
        )


class PersonAdminForm(forms.ModelForm):
    photo = ImageUploadField(required=False)

    class Meta:
        model = Person
        fields = [
            "name",
            "slug",
            "bio",
            "photo",
            "user",
            "website",
            "imdb_id",
            "instagram_handle",
        ]

    def clean(self):
        cleaned = super().clean()
        clean_image_into_field(self, "photo")
        return cleaned


class CrewAccountFilter(admin.SimpleListFilter):
    title = "crew account"
    parameter_name = "crew"

    def lookups(self, request, model_admin):
        return [("yes", "Linked to a user"), ("no", "No account")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(user__isnull=False)
        if self.value() == "no":
            return queryset.filter(user__isnull=True)
        return queryset


@admin.register(Person)
class PersonAdmin(ImageFieldsAdminMixin, admin.ModelAdmin):
    form = PersonAdminForm
    image_fields = ("photo",)
    list_display = ["name", "user", "credit_count", "updated_at"]
    list_filter = [
        CrewAccountFilter,
        "credits__role__department",
        ("merged_into", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["user"]
    search_fields = ["name", "slug", "user__username", "user__email", "imdb_id"]
    autocomplete_fields = ["user"]
    inlines = [PersonCreditInline]
    ordering = ["name"]
    readonly_fields = ["merged_into"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "bio", "photo"]}),
        ("Crew account", {"fields": ["user"]}),
        ("Links", {"fields": ["website", "imdb_id", "instagram_handle"]}),
        ("Merge", {"fields": ["merged_into"]}),
    ]

    def get_search_results(self, request, queryset, search_term):
        if request.path.endswith("/autocomplete/"):  # credit a merged person? no
            queryset = queryset.current()
        return super().get_search_results(request, queryset, search_term)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_credit_count=Count("credits", distinct=True))
        )

    @admin.display(description="Credits", ordering="_credit_count")
    def credit_count(self, person: Person) -> int:
        return person._credit_count


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0
    fields = ["name", "slug", "production_kinds"]
    show_change_link = True


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "role_count"]
    list_editable = ["position"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_role_count=Count("roles", distinct=True))
        )

    @admin.display(description="Roles", ordering="_role_count")
    def role_count(self, department: Department) -> int:
        return department._role_count


class RoleAdminForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label="Production kinds",
        choices=ProductionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked when the role exists on every kind.",
    )

    class Meta:
        model = Role
        fields = ["department", "name", "slug", "kinds", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("kinds", self.instance.kinds)

    def clean(self):
        cleaned = super().clean()
        kinds = cleaned.get("kinds") or []
        self.instance.production_kinds = ",".join(
            kind for kind in ProductionKind.values if kind in kinds
        )
        return cleaned


class ProductionKindFilter(admin.SimpleListFilter):
    title = "production kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return ProductionKind.choices

    def queryset(self, request, queryset):
        if self.value() in ProductionKind.values:
            return queryset.for_kind(self.value())
        return queryset


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    form = RoleAdminForm
    list_display = ["name", "department", "kinds_display", "credit_count"]
    list_filter = ["department", ProductionKindFilter]
    list_select_related = ["department"]
    search_fields = ["name", "slug", "department__name"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["department__position", "name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_credit_count=Count("credits", distinct=True))
        )

    @admin.display(description="Production kinds")
    def kinds_display(self, role: Role) -> str:
        if not role.kinds:
            return "All kinds"
        return ", ".join(ProductionKind(kind).label for kind in role.kinds)

    @admin.display(description="Credits", ordering="_credit_count")
    def credit_count(self, role: Role) -> int:
        return role._credit_count


@admin.action(description="Mark selected credits as verified", permissions=["change"])
def verify_credits(modeladmin, request, queryset):
    count = services.credits_verify(credits=queryset, verified=True)
    modeladmin.message_user(
        request,
        ngettext("Verified %d credit.", "Verified %d credits.", count) % count,
    )


@admin.action(description="Mark selected credits as unverified", permissions=["change"])
def unverify_credits(modeladmin, request, queryset):
    count = services.credits_verify(credits=queryset, verified=False)
    modeladmin.message_user(
        request,
        ngettext("Unverified %d credit.", "Unverified %d credits.", count) % count,
    )


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "role",
        "department",
        "character",
        "credited_as",
        "production",
        "episode",
        "billing_order",
        "is_verified",
    ]
    list_filter = [
        "is_verified",
        "role__department",
        "production__kind",
    ]
    list_select_related = [
        "person",
        "role__department",
        "production",
        "episode__season__production",
    ]
    search_fields = [
        "person__name",
        "credited_as",
        "production__title",
        "role__name",
        "character",
    ]
    autocomplete_fields = ["production", "person", "role", "episode"]
    actions = [verify_credits, unverify_credits]
    list_per_page = 100

    @admin.display(description="Department", ordering="role__department__position")
    def department(self, credit: Credit) -> str:
        return credit.role.department.name


@admin.action(description="Approve selected claims (link the accounts)")
def approve_claims(modeladmin, request, queryset):
    approved = 0
    for claim in queryset.filter(status=ClaimStatus.PENDING).select_related(
        "person", "user"
    ):
        try:
            services.person_claim_approve(claim=claim, curator=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{claim}: {' '.join(error.messages)}", level=messages.ERROR
            )
        else:
            approved += 1
    modeladmin.message_user(
        request,
        ngettext("Approved %d claim.", "Approved %d claims.", approved) % approved,
    )


@admin.action(description="Refuse selected claims")
def reject_claims(modeladmin, request, queryset):
    refused = 0
    for claim in queryset.filter(status=ClaimStatus.PENDING):
        services.person_claim_reject(claim=claim, curator=request.user)
        refused += 1
    modeladmin.message_user(
        request, ngettext("Refused %d claim.", "Refused %d claims.", refused) % refused
    )


class PersonClaimAdminForm(forms.ModelForm):
    class Meta:
        model = PersonClaim
        fields = ["status", "review_note"]

    def clean(self):
        cleaned = super().clean()
        if "status" in self.changed_data:
            if self.initial["status"] != ClaimStatus.PENDING:
                raise ValidationError("This claim has already been reviewed.")
            if cleaned.get("status") == ClaimStatus.APPROVED:
                pending = PersonClaim(
                    pk=self.instance.pk,
                    user_id=self.instance.user_id,
                    person_id=self.instance.person_id,
                    status=ClaimStatus.PENDING,
                )
                services.person_claim_check_approvable(
                    claim=pending, person=self.instance.person
                )
        return cleaned


@admin.register(PersonClaim)
class PersonClaimAdmin(admin.ModelAdmin):
    """Crew accounts waiting to be linked to the person they say they are."""

    form = PersonClaimAdminForm

    list_display = [
        "user",
        "user_email",
        "person",
        "person_credits",
        "status",
        "created_at",
        "reviewed_by",
    ]
    list_filter = ["status"]
    list_select_related = ["user", "person", "reviewed_by"]
    search_fields = ["user__username", "user__email", "person__name", "message"]
    autocomplete_fields = ["person"]
    readonly_fields = [
        "user",
        "person",
        "message",
        "created_at",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = [
        "user",
        "person",
        "message",
        "status",
        "review_note",
        "created_at",
        ("reviewed_by", "reviewed_at"),
    ]
    actions = [approve_claims, reject_claims]
    ordering = ["-status", "created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_credit_count=Count("person__credits", distinct=True))
        )

    @admin.display(description="Email", ordering="user__email")
    def user_email(self, claim: PersonClaim) -> str:
        return claim.user.email

    @admin.display(description="Credits", ordering="_credit_count")
    def person_credits(self, claim: PersonClaim) -> int:
        return claim._credit_count

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        # A status chosen on the form goes through the same services as the actions.
        if "status" in form.changed_data:
            wanted = obj.status
            obj.status = form.initial["status"]
            if wanted == ClaimStatus.APPROVED:
                services.person_claim_approve(claim=obj, curator=request.user)
            elif wanted == ClaimStatus.REJECTED:
                services.person_claim_reject(
                    claim=obj, curator=request.user, note=obj.review_note
                )
            return
        super().save_model(request, obj, form, change)


@admin.register(MergeRecord)
class MergeRecordAdmin(admin.ModelAdmin):
    """Who merged which duplicate into which record, and what moved: read only."""

    list_display = ["merged_name", "kind", "survivor_link", "actor", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["person", "production", "actor"]
    search_fields = ["merged_name", "merged_slug", "survivor_slug"]
    date_hierarchy = "created_at"
    fields = [
        "kind",
        ("merged_name", "merged_slug"),
        "survivor_link",
        "actor",
        "created_at",
        "moved_display",
    ]
    readonly_fields = [
        "kind",
        "merged_name",
        "merged_slug",
        "survivor_link",
        "actor",
        "created_at",
        "moved_display",
    ]

    @admin.display(description="Merged into")
    def survivor_link(self, record: MergeRecord) -> str:
        survivor = record.survivor
        if survivor is None:
            return record.survivor_slug
        return format_html('<a href="{}">{}</a>', survivor.get_absolute_url(), survivor)

    @admin.display(description="What moved")
    def moved_display(self, record: MergeRecord) -> str:
        return format_html("<pre>{}</pre>", json.dumps(record.moved, indent=2))

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 1
    fields = ["number", "title", "air_date", "synopsis"]
    show_change_link = True


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "production", "number", "start_date", "end_date"]
    list_select_related = ["production"]
    search_fields = ["production__title", "title"]
    autocomplete_fields = ["production"]
    inlines = [EpisodeInline]
    ordering = ["production__title", "number"]

    def get_readonly_fields(self, request, obj=None):
        # A season's episodes and credits belong to its series.
        return ["production"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "production":
            kwargs["queryset"] = Production.objects.of_kind(ProductionKind.TV_SERIES)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "air_date"]
    list_select_related = ["season__production"]
    list_filter = ["season__production"]
    search_fields = ["title", "season__production__title"]
    autocomplete_fields = ["season"]
    date_hierarchy = "air_date"
    ordering = ["season__production__title", "season__number", "number"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset.select_related("season__production"), search_term
        )
