"""API errors are JSON in one shape, never a 500 page.

Every error body has a machine-readable ``code`` and a human ``message``. A 400
for bad input also names each field it rejects, keyed by the field's name (a list
of messages, or the nested errors of a nested field), with ``non_field_errors``
for the rest; any other error repeats its message as ``detail``::

    {"code": "invalid", "message": "The request is not valid; check title.",
     "title": ["This field is required."]}
    {"code": "not_found", "message": "Not found.", "detail": "Not found."}
"""

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

SAFE = ("GET", "HEAD", "OPTIONS")

# Keys of an error body that are not field names.
RESERVED_KEYS = ("code", "message", "detail")


def error_body(code: str, message: str, **fields) -> dict:
    """The body of an error response: ``code``, ``message`` and either ``detail``
    (the message again) or the field errors."""
    return {"code": code, "message": message, **(fields or {"detail": message})}


def field_errors_body(errors) -> dict:
    """A 400's body from a ValidationError's detail (a dict by field, or a list)."""
    if not isinstance(errors, dict):
        errors = {api_settings.NON_FIELD_ERRORS_KEY: errors}
    fields = [name for name in errors if name != api_settings.NON_FIELD_ERRORS_KEY]
    if fields:
        message = "The request is not valid; check " + ", ".join(fields) + "."
    else:
        message = "The request is not valid."
    # A field that happens to share a name with a reserved key stays readable.
    errors = {(f"{k}_field" if k in RESERVED_KEYS else k): v for k, v in errors.items()}
    return error_body("invalid", message, **errors)


def error_code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return exc.default_code


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as a 400 with field messages,
    every body in the API's error shape."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = field_errors_body(response.data)
    else:
        detail = (
            response.data.get("detail") if isinstance(response.data, dict) else None
        )
        response.data = error_body(error_code(exc), str(detail or exc.detail))
    return response


BAD_REQUESTS = {
    RequestDataTooBig: "The request body is too large.",
    TooManyFieldsSent: "The request has too many fields.",
    TooManyFilesSent: "The request has too many files.",
}


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    """400 for requests Django refuses itself (too large a body, too many fields,
    a host not allowed): JSON under /api/, the site's page elsewhere."""
    if is_api(request):
        detail = next(
            (text for cls, text in BAD_REQUESTS.items() if isinstance(exception, cls)),
            "Bad request.",
        )
        return JsonResponse(error_body("bad_request", detail), status=400)
    from django.views.defaults import bad_request as page_bad_request

    return page_bad_request(request, exception)


def not_found(request, exception=None):
    """404 for paths no view answers: JSON under /api/, the site's page elsewhere."""
    if is_api(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


@csrf_exempt  # a POST to no address is a 404, not a CSRF failure page
def api_not_found(request, *args, **kwargs):
    """The last API route: an address under /api/ that matches nothing.

    Being a route, it stops CommonMiddleware from appending a slash, so it does
    that itself when the address with a slash is a real one."""
    path = request.path_info
    if settings.APPEND_SLASH and not path.endswith("/") and request.method in SAFE:
        try:
            match = resolve(path + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(
                request.get_full_path(force_append_slash=True)
            )
    return not_found(request)


def server_error(request):
    if is_api(request):
        return JsonResponse(
            error_body(
                "server_error", "Something went wrong on our side; it has been logged."
            ),
            status=500,
        )
    from django.views.defaults import server_error as page_server_error

    return page_server_error(request)
