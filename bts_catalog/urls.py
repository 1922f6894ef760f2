"""Root URLconf."""

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from bts_catalog.media import serve_media

handler400 = "bts_catalog.api.errors.bad_request"
handler404 = "bts_catalog.api.errors.not_found"
handler500 = "bts_catalog.api.errors.server_error"

admin.site.site_header = "BTS Catalog curation"
admin.site.site_title = "BTS Catalog admin"
admin.site.index_title = "Catalogue and behind-the-scenes posts"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("showcase.api.urls")),
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
