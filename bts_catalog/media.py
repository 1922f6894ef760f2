"""Serving uploads from Django (development, tests, SERVE_MEDIA=1).

Whatever the file, the browser may only show it, never run it: no content-type
sniffing, a sandboxing Content-Security-Policy, and anything that is not one of
the image or video types intake stores is a download.
"""

import mimetypes

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.static import serve

INLINE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "video/mp4",
    "video/quicktime",
    "video/webm",
}


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    content_type, _ = mimetypes.guess_type(path)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if content_type not in INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    return response
