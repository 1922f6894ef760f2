"""Admin parts that span the catalogue and its posts: productions with their post
counts, and importing a whole catalogue."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path

from productions.admin import ProductionAdmin
from productions.models import Production

from . import transfer
from .transfer_forms import CatalogueImportForm


class ProductionWithPostsAdmin(ProductionAdmin):
    list_display = [*ProductionAdmin.list_display, "post_count"]

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


admin.site.unregister(Production)
admin.site.register(Production, ProductionWithPostsAdmin)
