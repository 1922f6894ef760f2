"""What the OpenAPI schema says beyond each view's own success response.

A drf-spectacular postprocessing hook gives every operation the error responses
it can answer, all in one ``Error`` shape (see ``bts_catalog.api.errors``), and
the ``RateLimit-*`` headers (see ``bts_catalog.api.throttling``) on every
response, with ``Retry-After`` on a 429.
"""

from copy import deepcopy

from bts_catalog.api import throttling

METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")
SAFE_METHODS = ("get", "head", "options")
ERROR_CODES = (
    "invalid",
    "parse_error",
    "bad_request",
    "authentication_failed",
    "not_authenticated",
    "permission_denied",
    "not_found",
    "method_not_allowed",
    "not_acceptable",
    "unsupported_media_type",
    "throttled",
    "server_error",
)

ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Every error. `code` is for programs, `message` for people. A 400 for "
        "bad input also names each rejected field: its key is the field's name "
        "and its value the field's messages (a list of strings), or, for a "
        "nested field, the same structure again; `non_field_errors` holds the "
        "messages about the request as a whole. Other errors repeat the message "
        "as `detail`."
    ),
    "properties": {
        "code": {
            "type": "string",
            "description": "What went wrong, for programs: one of "
            + ", ".join(f"`{code}`" for code in ERROR_CODES)
            + " (more may be added).",
            "example": "invalid",
        },
        "message": {
            "type": "string",
            "description": "What went wrong, for people.",
            "example": "The request is not valid; check title.",
        },
        "detail": {
            "type": "string",
            "description": "The message (not for a 400 with field errors).",
        },
        "non_field_errors": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Messages about the request as a whole.",
        },
    },
    "required": ["code", "message"],
    "additionalProperties": {
        "description": "The errors of the field of that name.",
    },
    "example": {
        "code": "invalid",
        "message": "The request is not valid; check title.",
        "title": ["This field is required."],
    },
}

HEADERS = {
    throttling.LIMIT: {
        "description": "Requests allowed in the window of the most restrictive "
        "rate limit that applies to this request.",
        "schema": {"type": "integer", "minimum": 0},
    },
    throttling.REMAINING: {
        "description": "Requests left in that window.",
        "schema": {"type": "integer", "minimum": 0},
    },
    throttling.RESET: {
        "description": "Seconds until a request leaves that window (and one "
        "more may be made).",
        "schema": {"type": "integer", "minimum": 0},
    },
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    },
}
RATE_LIMIT_HEADERS = {
    name: {"$ref": f"#/components/headers/{name}"} for name in throttling.HEADERS
}

# Error responses: status, component name, description.
RESPONSES = {
    "400": ("BadRequest", "The request is not valid: the fields named say why."),
    "401": (
        "Unauthorized",
        "No valid credentials: a bad token, or none where one is needed.",
    ),
    "403": ("Forbidden", "These credentials may not do this."),
    "404": ("NotFound", "No such thing, or not one these credentials may see."),
    "415": ("UnsupportedMediaType", "The body is not of a type this operation takes."),
    "429": ("TooManyRequests", "Too many requests: wait `Retry-After` seconds."),
}


ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def error_response(status: str, description: str) -> dict:
    headers = dict(RATE_LIMIT_HEADERS)
    if status == "429":
        headers["Retry-After"] = {"$ref": "#/components/headers/Retry-After"}
    return {
        "description": description,
        "headers": headers,
        "content": deepcopy(ERROR_CONTENT),
    }


def statuses_of(method: str, operation: dict) -> list[str]:
    """The error statuses an operation can answer."""
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    anonymous = {} in operation.get("security", [{}])
    statuses = []
    if has_body or any(p.get("in") == "query" for p in parameters):
        statuses.append("400")
    statuses.append("401")
    if method not in SAFE_METHODS or not anonymous:
        statuses.append("403")
    if any(p.get("in") == "path" for p in parameters) or any(
        p.get("name") in ("page", "cursor") for p in parameters
    ):
        statuses.append("404")
    if has_body:
        statuses.append("415")
    statuses.append("429")
    return statuses


def document_errors_and_rate_limits(result, generator, request, public):
    """Postprocessing hook: error responses and rate-limit headers everywhere."""
    components = result.setdefault("components", {})
    components.setdefault("schemas", {})["Error"] = deepcopy(ERROR_SCHEMA)
    components.setdefault("headers", {}).update(deepcopy(HEADERS))
    shared = components.setdefault("responses", {})
    for status, (name, description) in RESPONSES.items():
        shared[name] = error_response(status, description)

    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for status, response in responses.items():
                if "$ref" in response:
                    continue
                response.setdefault("headers", {}).update(RATE_LIMIT_HEADERS)
                if status >= "400" and not response.get("content"):
                    # A view's own words for an error: the body is the Error.
                    response["content"] = deepcopy(ERROR_CONTENT)
            for status in statuses_of(method, operation):
                if status not in responses:
                    name = RESPONSES[status][0]
                    responses[status] = {"$ref": f"#/components/responses/{name}"}
            operation["responses"] = dict(
                sorted(responses.items(), key=lambda entry: entry[0])
            )
    return result
