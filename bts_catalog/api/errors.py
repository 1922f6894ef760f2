"""API errors are JSON: a 4xx names the field and the problem, never a 500 page."""

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as a 400 with field messages."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    return drf_exception_handler(exc, context)


BAD_REQUESTS = {
    RequestDataTooBig: "The request body is too large.",
    TooManyFieldsSent: "The request has too many fields.",
    TooManyFilesSent: "The request has too many files.",
}


def bad_request(request, exception=None):
    """400 for requests Django refuses itself (too large a body, too many fields,
    a host not allowed): JSON under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        detail = next(
            (text for cls, text in BAD_REQUESTS.items() if isinstance(exception, cls)),
            "Bad request.",
        )
        return JsonResponse({"detail": detail}, status=400)
    from django.views.defaults import bad_request as page_bad_request

    return page_bad_request(request, exception)


def not_found(request, exception=None):
    """404 for paths no view answers: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Something went wrong on our side; it has been logged."},
            status=500,
        )
    from django.views.defaults import server_error as page_server_error

    return page_server_error(request)
