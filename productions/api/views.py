"""API endpoints of the catalogue: productions, people, departments, roles, credits."""

import django_filters
from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter

from bts_catalog.api.filters import SearchableFilter
from bts_catalog.tagging import prefetch_tags

from ..filters import ProductionFilter
from ..models import (
    Credit,
    Department,
    Person,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
)
from .serializers import (
    CreditSerializer,
    DepartmentSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    ProductionSerializer,
    RoleSerializer,
)


def expand_parameter(expandable: dict[str, str]) -> OpenApiParameter:
    """The ``expand`` query parameter, documenting each relation it embeds."""
    return OpenApiParameter(
        "expand",
        OpenApiTypes.STR,
        description="Related data to embed, comma-separated: "
        + ", ".join(f"`{name}` ({what})" for name, what in expandable.items())
        + ".",
        examples=[OpenApiExample("All of it", value=",".join(expandable))],
    )


def requested_expansions(request, expandable) -> set[str]:
    raw = request.query_params.get("expand", "")
    return {part.strip() for part in raw.split(",") if part.strip()} & set(expandable)


class ProductionApiFilter(ProductionFilter):
    # The API spells these `search` and `ordering`, like every other list.
    q = None
    sort = None
    year_min = django_filters.NumberFilter(
        field_name="release_date",
        lookup_expr="year__gte",
        min_value=1870,
        max_value=2100,
        label="Released in or after this year",
    )
    year_max = django_filters.NumberFilter(
        field_name="release_date",
        lookup_expr="year__lte",
        min_value=1870,
        max_value=2100,
        label="Released in or before this year",
    )
    person = django_filters.CharFilter(
        field_name="credits__person__slug", max_length=220, distinct=True
    )
    department = django_filters.CharFilter(
        field_name="credits__role__department__slug", max_length=100, distinct=True
    )
    role = django_filters.CharFilter(
        field_name="credits__role__slug", max_length=100, distinct=True
    )

    class Meta(ProductionFilter.Meta):
        fields = [
            "kind",
            "status",
            "year",
            "tag",
            "year_min",
            "year_max",
            "person",
            "department",
            "role",
        ]


PRODUCTION_EXPANSIONS = {"credits": "every credit, by department"}


@extend_schema_view(
    list=extend_schema(
        summary="List productions",
        parameters=[expand_parameter(PRODUCTION_EXPANSIONS)],
        description="Productions of every kind, filtered and ordered as asked.",
    ),
    retrieve=extend_schema(
        summary="A production with its credits",
        parameters=[expand_parameter(PRODUCTION_EXPANSIONS)],
    ),
    create=extend_schema(
        summary="Add a production (curators)",
        examples=[
            OpenApiExample(
                "A stage show",
                request_only=True,
                value={
                    "title": "A Winter's Lantern",
                    "kind": ProductionKind.THEATER,
                    "status": ProductionStatus.RUNNING,
                    "venue": "The Old Quay Theatre",
                    "studio": "Harbour Light Theatre Company",
                    "release_date": "2025-11-14",
                    "tags": ["musical", "winter"],
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace a production (curators)"),
    partial_update=extend_schema(summary="Change a production (curators)"),
    destroy=extend_schema(summary="Delete a production and its credits (curators)"),
)
class ProductionViewSet(viewsets.ModelViewSet):
    """Productions; ``expandable`` names what ``?expand=`` may embed, each made by
    an ``expand_<name>(queryset)`` method (a subclass adds its own)."""

    lookup_field = "slug"
    serializer_class = ProductionSerializer
    filterset_class = ProductionApiFilter
    filter_backends = [DjangoFilterBackend, SearchableFilter, OrderingFilter]
    ordering_fields = ["title", "release_date", "created_at", "updated_at"]
    ordering = ["title", "id"]
    expandable = PRODUCTION_EXPANSIONS

    def get_queryset(self):
        queryset = Production.objects.prefetch_related(prefetch_tags())
        for name in sorted(self.expansions()):
            queryset = getattr(self, f"expand_{name}")(queryset)
        return queryset

    def expand_credits(self, queryset):
        return queryset.prefetch_related(
            Prefetch("credits", queryset=Credit.objects.by_department())
        )

    def expansions(self) -> set[str]:
        """What to embed: ``?expand=``; a single production always has its credits."""
        expansions = requested_expansions(self.request, self.expandable)
        if self.action == "retrieve":
            expansions.add("credits")
        return expansions

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "expand": self.expansions()}


class PersonApiFilter(django_filters.FilterSet):
    production = django_filters.CharFilter(
        field_name="credits__production__slug", max_length=220, distinct=True
    )
    department = django_filters.CharFilter(
        field_name="credits__role__department__slug", max_length=100, distinct=True
    )
    role = django_filters.CharFilter(
        field_name="credits__role__slug", max_length=100, distinct=True
    )
    crew_account = django_filters.BooleanFilter(
        field_name="user", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Person
        fields = ["production", "department", "role", "crew_account"]


@extend_schema_view(
    list=extend_schema(summary="List people"),
    retrieve=extend_schema(summary="A person with their credits"),
    create=extend_schema(summary="Add a person (curators)"),
    update=extend_schema(summary="Replace a person (curators)"),
    partial_update=extend_schema(summary="Change a person (curators)"),
    destroy=extend_schema(summary="Delete a person and their credits (curators)"),
)
class PersonViewSet(viewsets.ModelViewSet):
    lookup_field = "slug"
    filterset_class = PersonApiFilter
    filter_backends = [DjangoFilterBackend, SearchableFilter, OrderingFilter]
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name", "id"]

    def get_queryset(self):
        queryset = Person.objects.all()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "credits",
                    queryset=Credit.objects.with_related().order_by(
                        "-production__release_date", "production__title"
                    ),
                )
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PersonDetailSerializer
        return PersonSerializer


@extend_schema_view(
    list=extend_schema(summary="List departments (crafts)"),
    retrieve=extend_schema(summary="A department"),
)
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []


class RoleApiFilter(django_filters.FilterSet):
    department = django_filters.CharFilter(
        field_name="department__slug", max_length=100
    )
    kind = django_filters.ChoiceFilter(
        choices=ProductionKind.choices,
        method="filter_kind",
        label="Roles that exist on this kind of production",
    )

    class Meta:
        model = Role
        fields = ["department", "kind"]

    def filter_kind(self, queryset, name, value):
        return queryset.for_kind(value)


@extend_schema_view(
    list=extend_schema(summary="List roles"),
    retrieve=extend_schema(summary="A role"),
)
class RoleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Role.objects.select_related("department")
    serializer_class = RoleSerializer
    lookup_field = "slug"
    filterset_class = RoleApiFilter
    ordering_fields = ["name"]
    ordering = ["department__position", "name"]


class CreditApiFilter(django_filters.FilterSet):
    production = django_filters.CharFilter(
        field_name="production__slug", max_length=220
    )
    person = django_filters.CharFilter(field_name="person__slug", max_length=220)
    role = django_filters.CharFilter(field_name="role__slug", max_length=100)
    department = django_filters.CharFilter(
        field_name="role__department__slug", max_length=100
    )
    kind = django_filters.ChoiceFilter(
        field_name="production__kind", choices=ProductionKind.choices
    )

    class Meta:
        model = Credit
        fields = ["production", "person", "role", "department", "kind", "is_verified"]


@extend_schema_view(
    list=extend_schema(summary="List credits"),
    retrieve=extend_schema(summary="A credit"),
    create=extend_schema(
        summary="Add a credit (curators)",
        examples=[
            OpenApiExample(
                "A cast credit",
                request_only=True,
                value={
                    "production": "the-salt-orchard-2024",
                    "person": "marta-ilves",
                    "role": "actor",
                    "character": "Ilse",
                    "billing_order": 1,
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace a credit (curators)"),
    partial_update=extend_schema(summary="Change a credit (curators)"),
    destroy=extend_schema(summary="Delete a credit (curators)"),
)
class CreditViewSet(viewsets.ModelViewSet):
    queryset = Credit.objects.with_related()
    serializer_class = CreditSerializer
    filterset_class = CreditApiFilter
    ordering_fields = ["billing_order", "created_at"]
    ordering = [
        "production__title",
        "role__department__position",
        "billing_order",
        "id",
    ]
