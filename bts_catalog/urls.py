"""Root URLconf."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "BTS Catalog curation"
admin.site.site_title = "BTS Catalog admin"
admin.site.index_title = "Catalogue and behind-the-scenes posts"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("productions.urls")),
    path("", include("media_assets.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
