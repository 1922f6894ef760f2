"""Root URLconf."""

import re

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from bts_catalog.media import serve_media
from media_assets.feeds import (
    LatestPostsAtomFeed,
    LatestPostsFeed,
    ProductionPostsAtomFeed,
    ProductionPostsFeed,
)
from media_assets.sitemaps import PostSitemap
from productions.sitemaps import (
    CraftSitemap,
    PersonSitemap,
    ProductionSitemap,
    StaticViewSitemap,
)

handler400 = "bts_catalog.api.errors.bad_request"
handler404 = "bts_catalog.api.errors.not_found"
handler500 = "bts_catalog.api.errors.server_error"

admin.site.site_header = "BTS Catalog curation"
admin.site.site_title = "BTS Catalog admin"
admin.site.index_title = "Catalogue and behind-the-scenes posts"

sitemaps = {
    "home": StaticViewSitemap,
    "productions": ProductionSitemap,
    "people": PersonSitemap,
    "crafts": CraftSitemap,
    "posts": PostSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("bts_catalog.api.urls")),
    # Feeds first: their paths sit under the productions app's URL space.
    path("feeds/latest/", LatestPostsFeed(), name="latest-feed"),
    path("feeds/latest/atom/", LatestPostsAtomFeed(), name="latest-feed-atom"),
    path(
        "productions/<slug:slug>/feed/",
        ProductionPostsFeed(),
        name="production-feed",
    ),
    path(
        "productions/<slug:slug>/feed/atom/",
        ProductionPostsAtomFeed(),
        name="production-feed-atom",
    ),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("productions.urls")),
    path("", include("media_assets.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve_media,
            name="media",
        )
    ]
