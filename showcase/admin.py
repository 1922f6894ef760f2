"""Admin parts that span the catalogue and its posts: productions with their post
counts, importing a whole catalogue, and merging duplicate people and productions."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path

from bts_catalog.roles import is_curator
from productions.admin import PersonAdmin, ProductionAdmin
from productions.models import Person, Production

from . import merging, transfer
from .transfer_forms import CatalogueImportForm


class MergeActionMixin:
    """A changelist action merging two selected duplicates, after a page where the
    curator picks the one that stays and sees what would move."""

    merge_moves: dict[str, str] = {}

    def merge_service(self, merged, into, actor):
        raise NotImplementedError

    def merge_check(self, merged, into) -> None:
        raise NotImplementedError

    def merge_preview(self, merged, into) -> dict[str, int]:
        raise NotImplementedError

    @admin.action(
        description="Merge the selected %(verbose_name_plural)s…",
        permissions=["change"],
    )
    def merge_selected(self, request, queryset):
        plural = self.opts.verbose_name_plural
        records = list(queryset.order_by("pk")[:3])
        if len(records) != 2:
            self.message_user(
                request, f"Select exactly two {plural} to merge.", messages.ERROR
            )
            return None
        if not is_curator(request.user):
            self.message_user(request, f"Only curators merge {plural}.", messages.ERROR)
            return None
        if request.POST.get("post") == "yes":
            return self._merge_confirmed(request, records)
        return self._merge_page(request, records)

    def _merge_confirmed(self, request, records):
        chosen = request.POST.get("survivor", "")
        survivors = [record for record in records if str(record.pk) == chosen]
        if not survivors:
            return self._merge_page(
                request, records, error=f"Pick the {self.opts.verbose_name} that stays."
            )
        (into,) = survivors
        (merged,) = [record for record in records if record is not into]
        try:
            record = self.merge_service(merged, into, request.user)
        except (ValidationError, PermissionDenied) as error:
            text = " ".join(getattr(error, "messages", None) or [str(error)])
            self.message_user(request, text, messages.ERROR)
            return None
        moved = ", ".join(
            f"{count} {self.merge_moves[name]}"
            for name, count in ((n, len(v["ids"])) for n, v in record.moved.items())
            if count
        )
        self.message_user(
            request,
            f"Merged {merged} into {into}"
            + (f": moved {moved}." if moved else "; nothing else had to move."),
            messages.SUCCESS,
        )
        return None

    def _merge_page(self, request, records, error: str = ""):
        first, second = records
        options = []
        for into, merged in ((first, second), (second, first)):
            try:
                self.merge_check(merged, into)
            except ValidationError as refused:
                options.append(
                    {
                        "into": into,
                        "merged": merged,
                        "refused": " ".join(refused.messages),
                    }
                )
                continue
            counts = self.merge_preview(merged, into)
            options.append(
                {
                    "into": into,
                    "merged": merged,
                    "moves": [
                        (label, counts.get(name, 0))
                        for name, label in self.merge_moves.items()
                    ],
                }
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Merge two {self.opts.verbose_name_plural}",
            "options": options,
            "mergeable": any("moves" in option for option in options),
            "records": records,
            "error": error,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/merge_confirmation.html", context)


class ProductionWithPostsAdmin(MergeActionMixin, ProductionAdmin):
    list_display = [*ProductionAdmin.list_display, "post_count"]
    actions = ["merge_selected"]
    merge_moves = merging.PRODUCTION_MOVES

    def merge_service(self, merged, into, actor):
        return merging.production_merge(production=merged, into=into, actor=actor)

    def merge_check(self, merged, into) -> None:
        merging.production_merge_check(production=merged, into=into)

    def merge_preview(self, merged, into) -> dict[str, int]:
        return merging.production_merge_preview(production=merged, into=into)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(_post_count=Count("posts", distinct=True))
        )

    @admin.display(description="Posts", ordering="_post_count")
    def post_count(self, production: Production) -> int:
        return production._post_count

    def get_urls(self):
        import_view = self.admin_site.admin_view(self.import_catalogue_view)
        return [
            path("import/", import_view, name="productions_production_import"),
            *super().get_urls(),
        ]

    def import_catalogue_view(self, request):
        """Upload a JSON or CSV catalogue file and read the row-by-row report."""
        if not request.user.has_perm("productions.add_production"):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = CatalogueImportForm(request.POST, request.FILES)
            if form.is_valid():
                report = transfer.catalogue_import(
                    document=form.cleaned_data["document"],
                    dry_run=form.cleaned_data["dry_run"],
                )
        else:
            form = CatalogueImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import catalogue",
            "form": form,
            "report": report,
        }
        return TemplateResponse(
            request, "admin/productions/production/import_catalogue.html", context
        )


class PersonWithMergeAdmin(MergeActionMixin, PersonAdmin):
    actions = ["merge_selected"]
    merge_moves = merging.PERSON_MOVES

    def merge_service(self, merged, into, actor):
        return merging.person_merge(person=merged, into=into, actor=actor)

    def merge_check(self, merged, into) -> None:
        merging.person_merge_check(person=merged, into=into)

    def merge_preview(self, merged, into) -> dict[str, int]:
        return merging.person_merge_preview(person=merged, into=into)


admin.site.unregister(Production)
admin.site.register(Production, ProductionWithPostsAdmin)
admin.site.unregister(Person)
admin.site.register(Person, PersonWithMergeAdmin)
