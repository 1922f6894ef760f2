"""The one API router: /api/v1/ with every app's resources, its OpenAPI schema and
its docs."""

from csp.decorators import csp_update
from django.urls import URLPattern, include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from audience.api.account_views import AccountExportView, AccountView
from audience.api.question_views import (
    PostQuestionsView,
    QuestionAnswerView,
    QuestionReportView,
)
from audience.api.views import (
    FeedViewSet,
    FollowViewSet,
    NotificationPreferencesView,
    NotificationViewSet,
    PostApplauseView,
)
from bts_catalog.caching import cache_public_page
from media_assets.api.views import MediaAssetViewSet, PostViewSet, TagViewSet
from productions.api.views import (
    CreditViewSet,
    DepartmentViewSet,
    EpisodeViewSet,
    GameVersionViewSet,
    PerformanceViewSet,
    PlatformViewSet,
    RoleViewSet,
    RunViewSet,
    SeasonViewSet,
    VenueViewSet,
)

from .views import PersonViewSet, ProductionViewSet

router = DefaultRouter()
router.register("productions", ProductionViewSet, basename="production")
router.register("people", PersonViewSet, basename="person")
router.register("departments", DepartmentViewSet, basename="department")
router.register("roles", RoleViewSet, basename="role")
router.register("credits", CreditViewSet, basename="credit")
router.register("seasons", SeasonViewSet, basename="season")
router.register("episodes", EpisodeViewSet, basename="episode")
router.register("venues", VenueViewSet, basename="venue")
router.register("runs", RunViewSet, basename="run")
router.register("performances", PerformanceViewSet, basename="performance")
router.register("platforms", PlatformViewSet, basename="platform")
router.register("versions", GameVersionViewSet, basename="version")
router.register("posts", PostViewSet, basename="post")
router.register("media", MediaAssetViewSet, basename="media")
router.register("tags", TagViewSet, basename="tag")
# The signed-in user's own: never from the page cache.
router.register("me/follows", FollowViewSet, basename="me-follow")
router.register("me/feed", FeedViewSet, basename="me-feed")
router.register("me/notifications", NotificationViewSet, basename="me-notification")
PERSONAL_ROUTE_PREFIX = "me-"

app_name = "api"

# Swagger UI and Redoc style their widgets by injecting <style> elements from their
# (self-hosted) scripts; only these two pages allow inline style. Scripts stay strict.
docs_styles = csp_update({"style-src": ["'unsafe-inline'"]})

# Anonymous reads are served from the page cache like the pages are (and are
# invalidated the same way); signed-in and token requests always get fresh answers.
# A user's own resources (me/…) are never marked public at all.
cached_api = [
    route
    if (route.name or "").startswith(PERSONAL_ROUTE_PREFIX)
    else URLPattern(
        route.pattern, cache_public_page(route.callback), route.default_args, route.name
    )
    for route in router.urls
]

urlpatterns = [
    # The user's own applause: never from the page cache.
    path(
        "v1/posts/<slug:slug>/applause/",
        PostApplauseView.as_view(),
        name="me-post-applause",
    ),
    path(
        "v1/me/notification-preferences/",
        NotificationPreferencesView.as_view(),
        name="me-notification-preferences",
    ),
    # The user's own account: never from the page cache.
    path("v1/me/export/", AccountExportView.as_view(), name="me-export"),
    path("v1/me/account/", AccountView.as_view(), name="me-account"),
    # Questions: what a signed-in user sees of them is their own.
    path(
        "v1/posts/<slug:slug>/questions/",
        PostQuestionsView.as_view(),
        name="post-questions",
    ),
    path(
        "v1/questions/<int:pk>/answer/",
        QuestionAnswerView.as_view(),
        name="question-answer",
    ),
    path(
        "v1/questions/<int:pk>/report/",
        QuestionReportView.as_view(),
        name="question-report",
    ),
    path("v1/", include(cached_api)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file: no inline script for the CSP.
    path(
        "docs/",
        docs_styles(SpectacularSwaggerSplitView.as_view(url_name="api:schema")),
        name="docs",
    ),
    path(
        "redoc/",
        docs_styles(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
]
