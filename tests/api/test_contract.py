"""The API's contract with integrators: one error shape, rate-limit headers, and
a schema that documents both and offers only the body types each write takes."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from tests.factories import PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

RATE_LIMIT = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")
UPLOADS = {"/api/v1/posts/{slug}/media/", "/api/v1/media/{id}/captions/"}


@pytest.fixture
def api():
    return APIClient()


def as_user(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user)}")
    return client


def error_of(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    for header in RATE_LIMIT:
        assert int(response[header]) >= 0
    return body


def test_a_400_names_the_fields_beside_a_code_and_a_message(curator):
    body = error_of(
        as_user(curator).post("/api/v1/productions/", {}, format="json"), 400, "invalid"
    )
    assert body["title"] == ["This field is required."]
    assert "title" in body["message"]
    assert "detail" not in body


def test_a_parse_error_is_a_400_in_the_same_shape(curator):
    response = as_user(curator).post(
        "/api/v1/productions/", "{", content_type="application/json"
    )
    body = error_of(response, 400, "parse_error")
    assert body["detail"] == body["message"]


def test_a_bad_token_and_no_token_are_401s(api):
    assert api.post("/api/v1/productions/", {}, format="json").status_code == 401
    error_of(api.post("/api/v1/productions/", {}), 401, "not_authenticated")
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    error_of(api.get("/api/v1/productions/"), 401, "authentication_failed")


def test_a_403_for_what_the_user_may_not_do(fan):
    response = as_user(fan).post("/api/v1/productions/", {}, format="json")
    error_of(response, 403, "permission_denied")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/productions/no-such-film/", "/api/v1/nothing/", "/api/nothing", "/api/"],
)
def test_not_found_under_api_is_json(api, path):
    body = error_of(api.get(path), 404, "not_found")
    assert body["detail"] == "Not found."


def test_an_api_address_without_its_slash_still_redirects(api):
    response = api.get("/api/v1/productions?kind=film")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/productions/?kind=film"


def test_a_method_not_allowed(curator):
    response = as_user(curator).delete("/api/v1/departments/")
    error_of(response, 405, "method_not_allowed")


def test_writes_take_json_only(curator):
    response = as_user(curator).post(
        "/api/v1/productions/", {"title": "Form", "kind": "film"}, format="multipart"
    )
    error_of(response, 415, "unsupported_media_type")


def test_uploads_stay_multipart(curator):
    post = PostFactory(production=ProductionFactory())
    response = as_user(curator).post(
        f"/api/v1/posts/{post.slug}/media/",
        {"embed_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
        format="multipart",
    )
    assert response.status_code == 201, response.content


def test_rate_limit_headers_count_down_then_429_with_retry_after(api, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "3/minute")

    # Distinct addresses: a public page served from the page cache is not counted.
    answers = [api.get(f"/api/v1/departments/?n={n}") for n in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 200]
    assert {a["RateLimit-Limit"] for a in answers} == {"3"}
    assert [a["RateLimit-Remaining"] for a in answers] == ["2", "1", "0"]
    assert all(0 < int(a["RateLimit-Reset"]) <= 60 for a in answers)

    refused = api.get("/api/v1/departments/?n=3")
    body = error_of(refused, 429, "throttled")
    assert refused["RateLimit-Remaining"] == "0"
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["Retry-After"] == refused["RateLimit-Reset"]
    assert "throttled" in body["message"]


def test_the_most_restrictive_throttle_is_reported(fan, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "5/minute")
    client = as_user(fan)

    first = client.get("/api/v1/departments/")
    refused = client.post("/api/v1/productions/", {}, format="json")  # not counted

    assert first["RateLimit-Limit"] == "5"
    assert first["RateLimit-Remaining"] == "4"
    assert refused.status_code == 403
    assert refused["RateLimit-Remaining"] == "4"


def test_the_site_has_no_rate_limit_headers(client):
    assert "RateLimit-Limit" not in client.get("/robots.txt")


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "patch", "delete"):
                yield path, method, operation


def test_the_schema_documents_the_error_shape_and_headers(schema):
    components = schema["components"]
    error = components["schemas"]["Error"]
    assert error["required"] == ["code", "message"]
    assert set(RATE_LIMIT) | {"Retry-After"} <= set(components["headers"])
    too_many = components["responses"]["TooManyRequests"]
    assert "Retry-After" in too_many["headers"]
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert {"401", "429"} <= set(responses), (path, method)
        if "requestBody" in operation:
            assert {"400", "415"} <= set(responses), (path, method)
        if "{" in path:
            assert "404" in responses, (path, method)
        for status, response in responses.items():
            if status.startswith("2"):
                assert set(RATE_LIMIT) <= set(response["headers"]), (path, status)
            elif "$ref" in response:
                assert response["$ref"].startswith("#/components/responses/")
            elif status >= "400":
                content = response["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}


def test_request_bodies_are_json_except_uploads(schema):
    bodies = {
        (path, method): set(operation["requestBody"]["content"])
        for path, method, operation in operations(schema)
        if "requestBody" in operation
    }
    assert bodies
    for (path, method), types in bodies.items():
        expected = {"multipart/form-data"} if path in UPLOADS else {"application/json"}
        assert types == expected, (path, method)


def test_a_write_to_no_address_is_a_json_404(fan):
    response = as_user(fan).delete("/api/v1/me/follows/not-a-number/")
    error_of(response, 404, "not_found")
