"""Filters for catalogue lists, shared by the pages and the API."""

import django_filters
from django.db.models import Q

from .models import Production, ProductionKind, ProductionStatus

PRODUCTION_SORTS = {
    "title": ("Title A–Z", ["title", "id"]),
    "newest": ("Newest first", ["-release_date", "title"]),
    "oldest": ("Oldest first", ["release_date", "title"]),
    "recently-updated": ("Recently updated", ["-updated_at", "id"]),
}


class ProductionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label="Search", max_length=200
    )
    kind = django_filters.ChoiceFilter(
        choices=ProductionKind.choices, empty_label="Any kind"
    )
    status = django_filters.ChoiceFilter(
        choices=ProductionStatus.choices, empty_label="Any status"
    )
    year = django_filters.NumberFilter(
        field_name="release_date",
        lookup_expr="year",
        label="Year",
        min_value=1870,
        max_value=2100,
    )
    tag = django_filters.CharFilter(
        field_name="tags__slug", label="Tag", max_length=100, distinct=True
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in PRODUCTION_SORTS.items()],
        method="filter_sort",
        empty_label=None,
        label="Sort by",
    )

    class Meta:
        model = Production
        fields = ["q", "kind", "status", "year", "tag", "sort"]

    def filter_search(self, queryset, name, value):
        return queryset.filter(Q(pk__in=Production.objects.search(value).values("pk")))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*PRODUCTION_SORTS[value][1])

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by(*PRODUCTION_SORTS["title"][1])
        return queryset
