"""Root URLconf."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from bts_catalog.api.errors import api_not_found
from bts_catalog.media import serve_media

handler400 = "bts_catalog.api.errors.bad_request"
handler404 = "bts_catalog.api.errors.not_found"
handler500 = "bts_catalog.api.errors.server_error"

admin.site.site_header = "BTS Catalog curation"
admin.site.site_title = "BTS Catalog admin"
admin.site.index_title = "Catalogue and behind-the-scenes posts"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before the general API include, whose v1/ routes would answer first.
    path("api/v1/webhooks/", include("webhooks.api.urls")),
    path("api/", include("showcase.api.urls")),
    # Whatever else is under /api/ is a JSON 404, not the site's page.
    re_path(r"^api/", api_not_found, name="api-not-found"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("audience.urls")),
    path("", include("showcase.urls")),
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
