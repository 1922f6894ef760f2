"""Filters for lists of behind-the-scenes posts, shared by the pages and the API."""

import django_filters

from productions.models import Department, ProductionKind

from .models import Post, PostKind, PostPhase, Provenance, SourcePlatform

POST_SORTS = {
    "newest": ("Newest first", ["-published_at", "-id"]),
    "oldest": ("Oldest first", ["published_at", "id"]),
    "happened": ("Date it shows", ["-happened_on", "-id"]),
    # Needs PostQuerySet.with_applause() (with_cards() has it).
    "applause": ("Most applauded", ["-applause_count", "-published_at", "-id"]),
}
# The API's `ordering` spellings the page understands too, as sorts.
ORDERING_SORTS = {
    "-published_at": "newest",
    "published_at": "oldest",
    "-happened_on": "happened",
    "-applause": "applause",
}


class PostFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label="Search", max_length=200
    )
    kind = django_filters.ChoiceFilter(choices=PostKind.choices, empty_label="Any kind")
    phase = django_filters.ChoiceFilter(
        choices=PostPhase.choices, empty_label="Any phase"
    )
    provenance = django_filters.ChoiceFilter(
        choices=Provenance.choices, empty_label="Any source"
    )
    platform = django_filters.ChoiceFilter(
        field_name="source_platform",
        choices=SourcePlatform.choices,
        empty_label="Any platform",
    )
    production_kind = django_filters.ChoiceFilter(
        field_name="production__kind",
        choices=ProductionKind.choices,
        empty_label="Any production",
        label="Production kind",
    )
    craft = django_filters.ModelChoiceFilter(
        field_name="crafts",
        queryset=Department.objects.crafts(),
        to_field_name="slug",
        empty_label="Any craft",
        distinct=True,
    )
    production = django_filters.CharFilter(
        field_name="production__slug", label="Production", max_length=220
    )
    person = django_filters.CharFilter(
        field_name="featured_people__slug",
        label="Person",
        max_length=220,
        distinct=True,
    )
    tag = django_filters.CharFilter(
        field_name="tags__slug", label="Tag", max_length=100, distinct=True
    )
    happened_after = django_filters.DateFilter(
        field_name="happened_on", lookup_expr="gte", label="From"
    )
    happened_before = django_filters.DateFilter(
        field_name="happened_on", lookup_expr="lte", label="Until"
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _) in POST_SORTS.items()],
        method="filter_sort",
        empty_label=None,
        label="Sort by",
    )

    class Meta:
        model = Post
        fields = [
            "q",
            "kind",
            "phase",
            "provenance",
            "platform",
            "production_kind",
            "craft",
            "production",
            "person",
            "tag",
            "happened_after",
            "happened_before",
            "sort",
        ]

    def __init__(self, data=None, *args, **kwargs):
        # /posts/?ordering=-applause, as the API spells it, is the sort it names.
        if data is not None and "sort" in self.base_filters and not data.get("sort"):
            sort = ORDERING_SORTS.get(data.get("ordering", ""))
            if sort:
                data = data.copy()
                data["sort"] = sort
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        return queryset.filter(pk__in=Post.objects.search(value).values("pk"))

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*POST_SORTS[value][1])

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by(*POST_SORTS["newest"][1])
        return queryset
