"""Curation of the catalogue: productions, people, departments, roles, credits,
venues, runs and performances, game versions and platforms."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import ngettext

from bts_catalog.files import delete_files_on_commit
from bts_catalog.forms import (
    ImageUploadField,
    PartialDateFormField,
    clean_image_into_field,
    partial_date_initial,
)
from bts_catalog.partial_dates import DatePrecision

from . import services
from .models import (
    AlternativeTitle,
    ClaimStatus,
    Credit,
    Department,
    Episode,
    GameVersion,
    MergeRecord,
    Performance,
    Person,
    PersonAlias,
    PersonClaim,
    Platform,
    Production,
    ProductionKind,
    Role,
    Run,
    Season,
    Venue,
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


class PartialReleaseDateForm(forms.ModelForm):
    """A model form whose ``release_date`` may be known to the day, the month or
    only the year: three inputs, saved as the model's first day known and its
    ``release_date_precision`` (a day without its month is a field error)."""

    release_date = PartialDateFormField(required=False, label="Release date")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.release_date is not None:
            self.initial["release_date"] = partial_date_initial(
                self.instance.release_date, self.instance.release_date_precision
            )

    def clean_release_date(self):
        partial = self.cleaned_data.get("release_date")
        self.instance.release_date_precision = (
            partial.precision if partial else DatePrecision.DAY
        )
        return partial.date if partial else None


class UnchangedWhenLeftOutFormSet(forms.BaseInlineFormSet):
    """An inline that a posted change form may leave out altogether (a script, or
    a page opened before the inline was added): without its management form it
    changes nothing, instead of refusing the whole save."""

    def __init__(self, data=None, files=None, *args, prefix=None, **kwargs):
        prefix = prefix or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = data.copy()
            data[f"{prefix}-TOTAL_FORMS"] = "0"
            data[f"{prefix}-INITIAL_FORMS"] = "0"
        super().__init__(data, files, *args, prefix=prefix, **kwargs)


def _edited_object_id(request) -> str:
    """The id in a change page's address ('' on an add page)."""
    match = request.resolver_match
    return str(match.kwargs.get("object_id", "")) if match else ""


class SeasonInline(admin.TabularInline):
    model = Season
    extra = 0
    fields = ["number", "title", "start_date", "end_date"]
    show_change_link = True  # a season's own page lists its episodes


class AlternativeTitleInline(admin.TabularInline):
    model = AlternativeTitle
    formset = UnchangedWhenLeftOutFormSet
    extra = 0
    fields = ["title", "language", "note"]
    verbose_name = "alternative title"


class RunInline(admin.TabularInline):
    """A stage production's runs; each run's own page lists its performances and
    its cast."""

    model = Run
    formset = UnchangedWhenLeftOutFormSet
    extra = 0
    autocomplete_fields = ["venue"]
    fields = ["venue", "tour", "opening_date", "closing_date"]
    ordering = ["opening_date", "id"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("venue")


class GameVersionForm(PartialReleaseDateForm):
    class Meta:
        model = GameVersion
        fields = ["name", "kind", "release_date", "platforms", "notes"]
        widgets = {
            "platforms": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class GameVersionInline(admin.StackedInline):
    model = GameVersion
    form = GameVersionForm
    formset = UnchangedWhenLeftOutFormSet
    extra = 0
    fields = [("name", "kind"), "release_date", "platforms", "notes"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("platforms")


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
        "run",
        "start_date",
        "end_date",
        "billing_order",
        "is_verified",
    ]
    ordering = ["role__department__position", "billing_order", "person__name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "person",
                "role__department",
                "production",
                "episode__season",
                "run__venue",
            )
        )

    def get_fields(self, request, obj=None):
        # An episode scope on a series, a run scope on a stage show.
        kind = obj.kind if obj is not None else None
        hidden = set()
        if kind != ProductionKind.TV_SERIES:
            hidden.add("episode")
        if kind != ProductionKind.THEATER:
            hidden.add("run")
        return [name for name in self.fields if name not in hidden]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        production_id = _edited_object_id(request)
        if db_field.name == "episode" and self.parent_model is Production:
            # Only the episodes of the production being edited.
            kwargs["queryset"] = (
                Episode.objects.with_season().filter(
                    season__production_id=production_id
                )
                if production_id.isdigit()
                else Episode.objects.none()
            )
        if db_field.name == "run" and self.parent_model is Production:
            kwargs["queryset"] = (
                Run.objects.with_related().filter(production_id=production_id)
                if production_id.isdigit()
                else Run.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PersonCreditInline(CreditInline):
    autocomplete_fields = ["production", "role", "episode", "run"]
    fields = [
        "production",
        "role",
        "character",
        "credited_as",
        "episode",
        "run",
        "start_date",
        "end_date",
        "billing_order",
        "is_verified",
    ]
    ordering = ["-production__release_date"]

    def get_fields(self, request, obj=None):
        return self.fields


class ProductionAdminForm(PartialReleaseDateForm):
    poster = ImageUploadField(required=False)
    release_date = PartialDateFormField(
        required=False,
        label="Release date",
        help_text="Release, premiere, opening night or launch date. Leave the day, "
        "or the month and day, empty when only the month or the year is known.",
    )

    class Meta:
        model = Production
        fields = [
            "title",
            "original_title",
            "original_language",
            "slug",
            "kind",
            "status",
            "synopsis",
            "tags",
            "release_date",
            "studio",
            "venue",
            "track",
            "artist_name",
            "artist",
            "poster",
            "website",
            "imdb_id",
            "tmdb_id",
            "igdb_id",
            "wikidata_id",
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
        "release",
        "studio",
        "credit_count",
    ]
    list_filter = ["kind", "status", YearFilter]
    search_fields = [
        "title",
        "original_title",
        "other_titles",
        "studio",
        "venue",
        "track",
        "artist_name",
        "imdb_id",
        "wikidata_id",
    ]
    search_help_text = (
        "Title (original or alternative), studio / company, venue, track, artist, "
        "IMDb or Wikidata id."
    )
    autocomplete_fields = ["artist"]
    readonly_fields = ["poster_preview", "created_at", "updated_at"]
    inlines = [AlternativeTitleInline, CreditInline]
    ordering = ["title"]
    date_hierarchy = "release_date"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", ("kind", "status"), "synopsis", "tags"]}),
        (
            "Original title",
            {
                "fields": [("original_title", "original_language")],
                "description": "The title in its original language, when it "
                "differs; other titles (working, in other countries) are listed "
                "below.",
            },
        ),
        ("Release", {"fields": ["release_date", "studio", "venue"]}),
        (
            "Music video",
            {"fields": ["track", ("artist_name", "artist")]},
        ),
        ("Poster", {"fields": ["poster", "poster_preview"]}),
        (
            "Links",
            {
                "fields": [
                    "website",
                    ("imdb_id", "tmdb_id", "igdb_id"),
                    "wikidata_id",
                ]
            },
        ),
        ("Record", {"fields": [("created_at", "updated_at")]}),
    ]

    def get_inlines(self, request, obj):
        kind = obj.kind if obj is not None else None
        by_kind = {
            ProductionKind.TV_SERIES: [SeasonInline],
            ProductionKind.THEATER: [RunInline],
            ProductionKind.VIDEO_GAME: [GameVersionInline],
        }
        return [*by_kind.get(kind, []), *self.inlines]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_credit_count=Count("credits", distinct=True))
        )

    @admin.display(description="Release", ordering="release_date")
    def release(self, production: Production) -> str:
        return production.release_date_display or "—"

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


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    formset = UnchangedWhenLeftOutFormSet
    extra = 0
    fields = ["name", "note"]
    verbose_name = "alias"
    verbose_name_plural = "aliases"


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
            "tmdb_id",
            "wikidata_id",
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
    search_fields = [
        "name",
        "other_names",
        "slug",
        "user__username",
        "user__email",
        "imdb_id",
        "wikidata_id",
    ]
    search_help_text = "Name or alias, username, email, IMDb or Wikidata id."
    autocomplete_fields = ["user"]
    inlines = [PersonAliasInline, PersonCreditInline]
    ordering = ["name"]
    readonly_fields = ["merged_into"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "bio", "photo"]}),
        ("Crew account", {"fields": ["user"]}),
        (
            "Links",
            {
                "fields": [
                    "website",
                    ("imdb_id", "tmdb_id", "wikidata_id"),
                    "instagram_handle",
                ]
            },
        ),
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
        "run",
        "start_date",
        "end_date",
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
        "run__production",
        "run__venue",
    ]
    search_fields = [
        "person__name",
        "credited_as",
        "production__title",
        "role__name",
        "character",
    ]
    autocomplete_fields = ["production", "person", "role", "episode", "run"]
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


# --- Stage: venues, runs, performances ----------------------------------------
class VenueRunInline(admin.TabularInline):
    """The runs at a venue, to open; they are added and changed on their
    production or their own page."""

    model = Run
    extra = 0
    can_delete = False
    fields = ["production", "tour", "opening_date", "closing_date"]
    readonly_fields = fields
    ordering = ["-opening_date", "id"]
    show_change_link = True
    verbose_name_plural = "runs here"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("production")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "country", "capacity", "run_count"]
    list_filter = ["country"]
    search_fields = ["name", "city", "wikidata_id"]
    search_help_text = "Name, city or Wikidata id."
    prepopulated_fields = {"slug": ["name", "city"]}
    inlines = [VenueRunInline]
    ordering = ["name", "city"]
    fieldsets = [
        (None, {"fields": ["name", "slug", ("city", "country"), "capacity"]}),
        ("About", {"fields": ["description", "website", "wikidata_id"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_run_counts()

    @admin.display(description="Runs", ordering="run_count")
    def run_count(self, venue: Venue) -> int:
        return venue.run_count


class PerformanceInline(admin.TabularInline):
    model = Performance
    extra = 1
    fields = ["date", "time", "kind", "notes"]
    ordering = ["date", "time", "id"]


class RunCreditFormSet(forms.BaseInlineFormSet):
    """The cast and crew of one run: each is also a credit on its production."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.production_id = self.instance.production_id
        return form


class RunCreditInline(admin.TabularInline):
    model = Credit
    fk_name = "run"
    formset = RunCreditFormSet
    extra = 1
    autocomplete_fields = ["person", "role"]
    fields = [
        "person",
        "role",
        "character",
        "credited_as",
        "start_date",
        "end_date",
        "billing_order",
        "is_verified",
    ]
    ordering = ["role__department__position", "billing_order", "start_date"]
    verbose_name = "credit on this run"
    verbose_name_plural = "credits on this run (cast changes: give the dates)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "role")


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "venue",
        "tour",
        "opening_date",
        "closing_date",
        "performance_count",
    ]
    list_filter = ["venue__country", "tour"]
    list_select_related = ["production", "venue"]
    search_fields = [
        "production__title",
        "venue__name",
        "venue__city",
        "tour",
    ]
    search_help_text = "Production, venue, city or tour."
    autocomplete_fields = ["production", "venue"]
    inlines = [PerformanceInline, RunCreditInline]
    date_hierarchy = "opening_date"
    ordering = ["-opening_date", "id"]
    fields = [
        "production",
        "venue",
        "tour",
        ("opening_date", "closing_date"),
        "notes",
    ]

    def get_readonly_fields(self, request, obj=None):
        # A run's performances, credits and posts belong to its production.
        return ["production"] if obj is not None else []

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_performance_count=Count("performances", distinct=True))
        )

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset.select_related("production", "venue"), search_term
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "production":
            kwargs["queryset"] = Production.objects.of_kind(ProductionKind.THEATER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Performances", ordering="_performance_count")
    def performance_count(self, run: Run) -> int:
        return run._performance_count


@admin.register(Performance)
class PerformanceAdmin(admin.ModelAdmin):
    """Performances one by one; they are usually added on their run."""

    list_display = ["__str__", "run", "kind"]
    list_filter = ["kind"]
    list_select_related = ["run__production", "run__venue"]
    search_fields = [
        "run__production__title",
        "run__venue__name",
        "run__venue__city",
        "notes",
    ]
    autocomplete_fields = ["run"]
    date_hierarchy = "date"
    ordering = ["-date", "time"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request,
            queryset.select_related("run__production", "run__venue"),
            search_term,
        )


# --- Games: platforms and versions --------------------------------------------
@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    """The curated list of platforms versions are released on."""

    list_display = ["name", "maker", "position", "version_count"]
    list_editable = ["position"]
    search_fields = ["name", "maker", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "name"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_version_count=Count("versions", distinct=True))
        )

    @admin.display(description="Versions", ordering="_version_count")
    def version_count(self, platform: Platform) -> int:
        return platform._version_count


class GameVersionAdminForm(GameVersionForm):
    class Meta(GameVersionForm.Meta):
        fields = ["production", *GameVersionForm.Meta.fields]


@admin.register(GameVersion)
class GameVersionAdmin(admin.ModelAdmin):
    form = GameVersionAdminForm
    list_display = ["__str__", "kind", "release", "platform_list"]
    list_filter = ["kind", "platforms"]
    list_select_related = ["production"]
    search_fields = ["production__title", "name"]
    autocomplete_fields = ["production"]
    fields = ["production", ("name", "kind"), "release_date", "platforms", "notes"]
    ordering = ["production__title", "release_date", "name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("platforms")

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset.select_related("production"), search_term
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "production":
            kwargs["queryset"] = Production.objects.of_kind(ProductionKind.VIDEO_GAME)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Release", ordering="release_date")
    def release(self, version: GameVersion) -> str:
        return version.release_date_display or "—"

    @admin.display(description="Platforms")
    def platform_list(self, version: GameVersion) -> str:
        return ", ".join(platform.name for platform in version.platforms.all())
