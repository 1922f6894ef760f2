"""API endpoints of the catalogue: productions, people, departments, roles, credits,
seasons and episodes, venues, runs and performances, platforms and game versions."""

import django_filters
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.response import Response

from bts_catalog.api.expand import ExpandableViewMixin, expand_parameter
from bts_catalog.api.filters import SearchableFilter
from bts_catalog.tagging import prefetch_tags

from ..filters import ProductionFilter
from ..models import (
    Credit,
    Department,
    Episode,
    GameVersion,
    Performance,
    PerformanceKind,
    Person,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
    VersionKind,
)
from .serializers import (
    CreditSerializer,
    DepartmentSerializer,
    EpisodeSerializer,
    GameVersionSerializer,
    PerformanceSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    PlatformSerializer,
    ProductionSerializer,
    RoleSerializer,
    RunDetailSerializer,
    RunSerializer,
    RunWriteSerializer,
    SeasonSerializer,
    VenueSerializer,
)

MOVED_TO_SURVIVOR = OpenApiResponse(
    description="Merged into another record: `Location` is the survivor's address."
)


def redirect_to_survivor(request, record, view_name: str) -> HttpResponse:
    """301 from a merged record's address to its survivor's, query kept."""
    path = reverse(view_name, kwargs={"slug": record.merge_survivor().slug})
    url = request.build_absolute_uri(path)
    if query := request.META.get("QUERY_STRING"):
        url = f"{url}?{query}"
    return HttpResponsePermanentRedirect(url)


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


PRODUCTION_EXPANSIONS = {
    "credits": "every credit, by department",
    "seasons": "a TV series' seasons with their episodes",
    "runs": "a stage show's runs with their venues and performances",
    "versions": "a video game's versions with their platforms",
}


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
class ProductionViewSet(ExpandableViewMixin, viewsets.ModelViewSet):
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
        queryset = Production.objects.select_related("artist").prefetch_related(
            prefetch_tags(), "alternative_titles"
        )
        if self.action != "retrieve":  # a merged one is only found to redirect
            queryset = queryset.current()
        return self.expand_queryset(queryset)

    def expand_credits(self, queryset):
        return queryset.prefetch_related(
            Prefetch("credits", queryset=Credit.objects.by_department())
        )

    def expand_seasons(self, queryset):
        return queryset.prefetch_related(
            Prefetch("seasons", queryset=Season.objects.with_episodes())
        )

    def expand_runs(self, queryset):
        return queryset.prefetch_related(
            Prefetch(
                "runs",
                queryset=Run.objects.select_related("venue")
                .with_performances()
                .in_order(),
            )
        )

    def expand_versions(self, queryset):
        return queryset.prefetch_related(
            Prefetch(
                "versions", queryset=GameVersion.objects.with_platforms().in_order()
            )
        )

    def retrieve(self, request, *args, **kwargs):
        production = self.get_object()
        if production.merged_into_id:
            return redirect_to_survivor(request, production, "api:production-detail")
        return Response(self.get_serializer(production).data)

    def expansions(self) -> set[str]:
        """What to embed: ``?expand=``; a single production always has its credits."""
        expansions = super().expansions()
        if self.action == "retrieve":
            expansions.add("credits")
        return expansions


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


PERSON_EXPANSIONS = {
    "credits": "their credits with production and role (always on one person)",
}


@extend_schema_view(
    list=extend_schema(
        summary="List people", parameters=[expand_parameter(PERSON_EXPANSIONS)]
    ),
    retrieve=extend_schema(
        summary="A person with their credits",
        parameters=[expand_parameter(PERSON_EXPANSIONS)],
        responses={200: PersonDetailSerializer, 301: MOVED_TO_SURVIVOR},
    ),
    create=extend_schema(summary="Add a person (curators)"),
    update=extend_schema(summary="Replace a person (curators)"),
    partial_update=extend_schema(summary="Change a person (curators)"),
    destroy=extend_schema(summary="Delete a person and their credits (curators)"),
)
class PersonViewSet(ExpandableViewMixin, viewsets.ModelViewSet):
    """People; ``expandable`` names what ``?expand=`` may embed, each made by an
    ``expand_<name>(queryset)`` method (a subclass adds its own)."""

    lookup_field = "slug"
    filterset_class = PersonApiFilter
    filter_backends = [DjangoFilterBackend, SearchableFilter, OrderingFilter]
    ordering_fields = ["name", "created_at", "updated_at"]
    ordering = ["name", "id"]
    expandable = PERSON_EXPANSIONS

    def get_queryset(self):
        queryset = Person.objects.prefetch_related("aliases")
        if self.action != "retrieve":  # a merged one is only found to redirect
            queryset = queryset.current()
        return self.expand_queryset(queryset)

    def expand_credits(self, queryset):
        return queryset.prefetch_related(
            Prefetch(
                "credits",
                queryset=Credit.objects.with_related().order_by(
                    "-production__release_date", "production__title"
                ),
            )
        )

    def expansions(self) -> set[str]:
        """What to embed: ``?expand=``; a single person always has their credits."""
        expansions = super().expansions()
        if self.action == "retrieve":
            expansions.add("credits")
        return expansions

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        if person.merged_into_id:
            return redirect_to_survivor(request, person, "api:person-detail")
        return Response(self.get_serializer(person).data)

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
    episode = django_filters.NumberFilter(field_name="episode", min_value=1)
    run = django_filters.NumberFilter(field_name="run", min_value=1)
    series_wide = django_filters.BooleanFilter(
        method="filter_series_wide",
        label="Credits on the whole production (true) or on one episode or run (false)",
    )

    class Meta:
        model = Credit
        fields = [
            "production",
            "person",
            "role",
            "department",
            "kind",
            "is_verified",
            "episode",
            "run",
            "series_wide",
        ]

    def filter_series_wide(self, queryset, name, value):
        series_wide = queryset.series_wide()
        if value:
            return series_wide
        return queryset.exclude(pk__in=series_wide.values("pk"))


CREDIT_EXPANSIONS = {
    "person": "the person in place of their slug",
    "role": "the role, with its department, in place of its slug",
    "production": "the production in place of its slug",
}


@extend_schema_view(
    list=extend_schema(
        summary="List credits", parameters=[expand_parameter(CREDIT_EXPANSIONS)]
    ),
    retrieve=extend_schema(
        summary="A credit", parameters=[expand_parameter(CREDIT_EXPANSIONS)]
    ),
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
class CreditViewSet(ExpandableViewMixin, viewsets.ModelViewSet):
    """Credits; each expansion is already joined in (``with_related``)."""

    queryset = Credit.objects.with_related()
    expandable = CREDIT_EXPANSIONS
    serializer_class = CreditSerializer
    filterset_class = CreditApiFilter
    ordering_fields = ["billing_order", "created_at"]
    ordering = [
        "production__title",
        "role__department__position",
        "billing_order",
        "id",
    ]


class SeasonApiFilter(django_filters.FilterSet):
    production = django_filters.CharFilter(
        field_name="production__slug", max_length=220
    )
    number = django_filters.NumberFilter(min_value=1, max_value=32767)

    class Meta:
        model = Season
        fields = ["production", "number"]


@extend_schema_view(
    list=extend_schema(summary="List seasons of TV series"),
    retrieve=extend_schema(summary="A season with its episodes"),
    create=extend_schema(
        summary="Add a season to a TV series (curators)",
        examples=[
            OpenApiExample(
                "A first season",
                request_only=True,
                value={
                    "production": "tidewater-2024",
                    "number": 1,
                    "title": "The Flood Year",
                    "start_date": "2024-03-01",
                    "end_date": "2024-04-05",
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace a season (curators)"),
    partial_update=extend_schema(summary="Change a season (curators)"),
    destroy=extend_schema(
        summary="Delete a season, its episodes and their credits (curators)"
    ),
)
class SeasonViewSet(viewsets.ModelViewSet):
    queryset = Season.objects.select_related("production").with_episodes()
    serializer_class = SeasonSerializer
    filterset_class = SeasonApiFilter
    ordering_fields = ["number", "start_date"]
    ordering = ["production__title", "number", "id"]


class EpisodeApiFilter(django_filters.FilterSet):
    production = django_filters.CharFilter(
        field_name="season__production__slug", max_length=220
    )
    season = django_filters.NumberFilter(
        field_name="season__number",
        min_value=1,
        max_value=32767,
        label="Season number",
    )
    air_date = django_filters.DateFromToRangeFilter(
        label="Aired on or after (`air_date_after`) and on or before "
        "(`air_date_before`)"
    )

    class Meta:
        model = Episode
        fields = ["production", "season", "air_date"]


@extend_schema_view(
    list=extend_schema(summary="List episodes of TV series"),
    retrieve=extend_schema(summary="An episode"),
    create=extend_schema(
        summary="Add an episode to a season (curators)",
        examples=[
            OpenApiExample(
                "A pilot",
                request_only=True,
                value={
                    "season": 1,
                    "number": 1,
                    "title": "High Water",
                    "air_date": "2024-03-01",
                    "synopsis": "The river rises and the town decides to stay.",
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace an episode (curators)"),
    partial_update=extend_schema(summary="Change an episode (curators)"),
    destroy=extend_schema(summary="Delete an episode and its credits (curators)"),
)
class EpisodeViewSet(viewsets.ModelViewSet):
    queryset = Episode.objects.with_season()
    serializer_class = EpisodeSerializer
    filterset_class = EpisodeApiFilter
    ordering_fields = ["air_date", "number"]
    ordering = ["season__production__title", "season__number", "number", "id"]


class VenueHasRuns(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Runs play at this venue; delete them or move them first."
    default_code = "venue_has_runs"


class VenueApiFilter(django_filters.FilterSet):
    city = django_filters.CharFilter(lookup_expr="iexact", max_length=100)
    country = django_filters.CharFilter(lookup_expr="iexact", max_length=100)

    class Meta:
        model = Venue
        fields = ["city", "country"]


@extend_schema_view(
    list=extend_schema(
        summary="List venues",
        description="Theatres and other houses; `search` looks in their names.",
    ),
    retrieve=extend_schema(summary="A venue"),
    create=extend_schema(
        summary="Add a venue (curators)",
        examples=[
            OpenApiExample(
                "A theatre",
                request_only=True,
                value={
                    "name": "The Old Quay Theatre",
                    "city": "Bristol",
                    "country": "United Kingdom",
                    "capacity": 420,
                    "website": "https://oldquay.example/",
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace a venue (curators)"),
    partial_update=extend_schema(summary="Change a venue (curators)"),
    destroy=extend_schema(
        summary="Delete a venue without runs (curators)",
        responses={
            204: None,
            409: OpenApiResponse(description="Runs play at it: delete them first."),
        },
    ),
)
class VenueViewSet(viewsets.ModelViewSet):
    queryset = Venue.objects.with_run_counts()
    serializer_class = VenueSerializer
    lookup_field = "slug"
    filterset_class = VenueApiFilter
    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]
    search_fields = ["name"]
    ordering_fields = ["name", "city", "capacity"]
    ordering = ["name", "city", "id"]

    def perform_destroy(self, instance):
        if instance.runs.exists():
            raise VenueHasRuns()
        instance.delete()


class RunApiFilter(django_filters.FilterSet):
    production = django_filters.CharFilter(
        field_name="production__slug", max_length=220
    )
    venue = django_filters.CharFilter(field_name="venue__slug", max_length=220)
    tour = django_filters.CharFilter(
        lookup_expr="icontains", max_length=200, label="Tour name contains"
    )
    open_on = django_filters.DateFilter(
        method="filter_open_on", label="Runs playing on this date"
    )
    current = django_filters.BooleanFilter(
        method="filter_current",
        label="Runs playing today (true) or not playing today (false)",
    )

    class Meta:
        model = Run
        fields = ["production", "venue", "tour", "open_on", "current"]

    def filter_open_on(self, queryset, name, value):
        return queryset.playing_on(value)

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.playing_on(today) if value else queryset.not_playing_on(today)


RUN_WRITE_SCHEMA = {"request": RunWriteSerializer, "responses": RunDetailSerializer}


@extend_schema_view(
    list=extend_schema(summary="List runs of stage productions"),
    retrieve=extend_schema(summary="A run with its performances"),
    create=extend_schema(
        summary="Add a run of a stage production (curators)",
        description="Written with the production's and the venue's slugs; answered "
        "with the run as read.",
        request=RunWriteSerializer,
        responses={201: RunDetailSerializer},
        examples=[
            OpenApiExample(
                "A first run",
                request_only=True,
                value={
                    "production": "a-winters-lantern-2025",
                    "venue": "the-old-quay-theatre-bristol",
                    "tour": "",
                    "opening_date": "2025-11-14",
                    "closing_date": "2026-01-10",
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace a run (curators)", **RUN_WRITE_SCHEMA),
    partial_update=extend_schema(summary="Change a run (curators)", **RUN_WRITE_SCHEMA),
    destroy=extend_schema(
        summary="Delete a run, its performances and its credits (curators)"
    ),
)
class RunViewSet(viewsets.ModelViewSet):
    filterset_class = RunApiFilter
    ordering_fields = ["opening_date", "closing_date"]
    ordering = ["opening_date", "id"]

    def get_queryset(self):
        runs = Run.objects.with_related()
        return runs if self.action == "list" else runs.with_performances()

    def get_serializer_class(self):
        if self.action in {"create", "update", "partial_update"}:
            return RunWriteSerializer
        if self.action == "retrieve":
            return RunDetailSerializer
        return RunSerializer


class PerformanceApiFilter(django_filters.FilterSet):
    run = django_filters.NumberFilter(field_name="run", min_value=1)
    production = django_filters.CharFilter(
        field_name="run__production__slug", max_length=220
    )
    kind = django_filters.ChoiceFilter(choices=PerformanceKind.choices)
    date = django_filters.DateFromToRangeFilter(
        label="On or after (`date_after`) and on or before (`date_before`)"
    )

    class Meta:
        model = Performance
        fields = ["run", "production", "kind", "date"]


@extend_schema_view(
    list=extend_schema(summary="List performances of runs"),
    retrieve=extend_schema(summary="A performance"),
    create=extend_schema(
        summary="Add a performance to a run (curators)",
        description="Its date falls within the run.",
        examples=[
            OpenApiExample(
                "A press night",
                request_only=True,
                value={
                    "run": 1,
                    "date": "2025-11-18",
                    "time": "19:30",
                    "kind": PerformanceKind.PRESS_NIGHT,
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace a performance (curators)"),
    partial_update=extend_schema(summary="Change a performance (curators)"),
    destroy=extend_schema(summary="Delete a performance (curators)"),
)
class PerformanceViewSet(viewsets.ModelViewSet):
    queryset = Performance.objects.select_related("run__production", "run__venue")
    serializer_class = PerformanceSerializer
    filterset_class = PerformanceApiFilter
    ordering_fields = ["date", "time"]
    ordering = ["date", "time", "id"]


@extend_schema_view(
    list=extend_schema(summary="List the platforms games come out on"),
    retrieve=extend_schema(summary="A platform"),
)
class PlatformViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Platform.objects.all()
    serializer_class = PlatformSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []


class GameVersionApiFilter(django_filters.FilterSet):
    production = django_filters.CharFilter(
        field_name="production__slug", max_length=220
    )
    kind = django_filters.ChoiceFilter(choices=VersionKind.choices)
    platform = django_filters.CharFilter(
        field_name="platforms__slug", max_length=100, distinct=True
    )

    class Meta:
        model = GameVersion
        fields = ["production", "kind", "platform"]


@extend_schema_view(
    list=extend_schema(summary="List versions of video games"),
    retrieve=extend_schema(summary="A version of a video game"),
    create=extend_schema(
        summary="Add a version to a video game (curators)",
        examples=[
            OpenApiExample(
                "Early Access",
                request_only=True,
                value={
                    "production": "lanternfall",
                    "name": "Early Access",
                    "kind": VersionKind.EARLY_ACCESS,
                    "release_date": "2024-09",
                    "platforms": ["windows", "ps5"],
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace a version (curators)"),
    partial_update=extend_schema(summary="Change a version (curators)"),
    destroy=extend_schema(summary="Delete a version (curators)"),
)
class GameVersionViewSet(viewsets.ModelViewSet):
    queryset = GameVersion.objects.select_related("production").with_platforms()
    serializer_class = GameVersionSerializer
    filterset_class = GameVersionApiFilter
    ordering_fields = ["release_date", "name"]
    ordering = ["production__title", "release_date", "name", "id"]
