from django.contrib.sitemaps.views import sitemap
from django.urls import path

from media_assets.sitemaps import PostSitemap
from productions.sitemaps import (
    CraftSitemap,
    EpisodeSitemap,
    PersonSitemap,
    ProductionSitemap,
    StaticViewSitemap,
    VenueSitemap,
)

from . import views

app_name = "showcase"

sitemaps = {
    "home": StaticViewSitemap,
    "productions": ProductionSitemap,
    "episodes": EpisodeSitemap,
    "people": PersonSitemap,
    "venues": VenueSitemap,
    "crafts": CraftSitemap,
    "posts": PostSitemap,
}

urlpatterns = [
    path("", views.home, name="home"),
    path("productions/", views.production_list, name="production-list"),
    path("productions/<slug:slug>/", views.production_detail, name="production-detail"),
    path(
        "productions/<slug:slug>/season/<int:season>/episode/<int:episode>/",
        views.episode_detail,
        name="episode-detail",
    ),
    path("people/<slug:slug>/", views.person_detail, name="person-detail"),
    path("venues/", views.venue_list, name="venue-list"),
    path("venues/<slug:slug>/", views.venue_detail, name="venue-detail"),
    path("crafts/", views.craft_list, name="craft-list"),
    path("crafts/<slug:slug>/", views.craft_detail, name="craft-detail"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag-detail"),
    path("search/", views.search, name="search"),
    path(
        "sitemap.xml",
        sitemap,
        # Django's urlset, plus the posts' videos in Google's video fields.
        {"sitemaps": sitemaps, "template_name": "sitemap_video.xml"},
        name="sitemap",
    ),
]
