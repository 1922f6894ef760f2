"""Bad input is a 4xx with a JSON body naming the field, never a 500.

Regression tests for what the schemathesis run (test_schemathesis.py) and the
probes around it found, plus the input-hygiene cases every endpoint must keep.
"""

import datetime

import pytest
from rest_framework.test import APIClient

from media_assets.models import MediaKind, SourcePlatform
from media_assets.services import media_asset_add
from productions.models import Department, ProductionKind, ProductionStatus
from tests.factories import PersonFactory, PostFactory, ProductionFactory, UserFactory

pytestmark = pytest.mark.django_db

DEEP_JSON = "[" * 5000 + "]" * 5000
# NFKC turns U+FDFA into 18 characters: 20 of them make a 360-character slug.
EXPANDING_TAG = "\ufdfa" * 20


@pytest.fixture
def api():
    client = APIClient()
    client.raise_request_exception = False  # a 500 shows as a response
    return client


@pytest.fixture
def root_api(api):
    api.force_authenticate(
        UserFactory(username="root", is_staff=True, is_superuser=True)
    )
    return api


@pytest.fixture
def film():
    return ProductionFactory(
        title="The Salt Orchard",
        kind=ProductionKind.FILM,
        status=ProductionStatus.RELEASED,
        release_date=datetime.date(2024, 5, 17),
    )


def post_body(production, **fields):
    return {
        "production": production.slug,
        "title": "Tech week",
        "kind": "rehearsal",
        "phase": "production",
        **fields,
    }


def errors_of(response, status=400) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    return response.json()


# --- Found by the fuzzing -------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/api/v1/productions/", "/api/v1/people/", "/api/v1/credits/", "/api/v1/posts/"],
)
def test_json_nested_too_deeply_is_a_parse_error(root_api, path):
    response = root_api.post(path, DEEP_JSON, content_type="application/json")

    assert "nested too deeply" in errors_of(response)["detail"]


def test_json_nested_too_deeply_on_a_media_upload(root_api, film):
    post = PostFactory(production=film)

    response = root_api.post(
        f"/api/v1/posts/{post.slug}/media/", DEEP_JSON, content_type="application/json"
    )

    assert "nested too deeply" in errors_of(response)["detail"]


def test_production_tags_as_a_json_string_nested_too_deeply(root_api):
    response = root_api.post(
        "/api/v1/productions/",
        {"title": "Deep", "kind": "film", "tags": DEEP_JSON},
        format="json",
    )

    assert "tags" in errors_of(response)


def test_production_tag_longer_than_the_column(root_api):
    # SQLite stored it; PostgreSQL refused the INSERT and the API answered 500.
    response = root_api.post(
        "/api/v1/productions/",
        {"title": "Long", "kind": "film", "tags": ["x" * 101]},
        format="json",
    )

    assert "no more than 100 characters" in str(errors_of(response)["tags"])


@pytest.mark.parametrize("tags", [[EXPANDING_TAG], ["y " * 50]])
def test_production_tag_whose_slug_overflows(root_api, tags):
    """A slug longer than its name, or one taggit must suffix, must still fit."""
    response = root_api.post(
        "/api/v1/productions/",
        {"title": "Slugs", "kind": "film", "tags": tags},
        format="json",
    )

    assert "too long for its web address" in str(errors_of(response)["tags"])


@pytest.mark.parametrize("tags", [[EXPANDING_TAG], ["y " * 50]])
def test_post_tag_whose_slug_overflows(root_api, film, tags):
    response = root_api.post(
        "/api/v1/posts/", post_body(film, tags=tags), format="json"
    )

    assert "too long for its web address" in str(errors_of(response)["tags"])


def test_tags_that_fit_are_stored(root_api, film):
    tag = "z" * 90
    response = root_api.post(
        "/api/v1/posts/", post_body(film, tags=[tag]), format="json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["tags"] == [tag]


def test_production_posts_are_paged_with_a_documented_cursor(api, film):
    for day in range(1, 4):
        PostFactory(production=film, happened_on=datetime.date(2024, 2, day))
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/productions/{slug}/posts/"]["get"]

    assert {p["name"] for p in operation["parameters"]} == {
        "cursor",
        "page_size",
        "slug",
    }
    first = api.get(f"/api/v1/productions/{film.slug}/posts/?page_size=2").json()
    assert len(first["results"]) == 2 and "count" not in first
    rest = api.get(first["next"]).json()
    assert len(rest["results"]) == 1


def test_schema_allows_the_nulls_and_blanks_responses_carry(api, film):
    """Response schema conformance: each of these failed against real responses."""
    components = api.get("/api/schema/?format=json").json()["components"]["schemas"]

    assert components["Department"]["properties"]["page_url"]["nullable"]
    assert components["MediaAsset"]["properties"]["file"]["nullable"]
    assert components["Post"]["properties"]["moderation_note"]["nullable"]
    assert {"type": "string", "maxLength": 0} in components["Post"]["properties"][
        "source_url"
    ]["oneOf"]
    # ... and the responses really carry them.
    post = PostFactory(production=film, source_platform=SourcePlatform.ORIGINAL)
    media_asset_add(actor=None, post=post, embed_url="https://youtu.be/dQw4w9WgXcQ")
    body = api.get(f"/api/v1/posts/{post.slug}/").json()
    assert body["source_url"] == "" and body["moderation_note"] is None
    assert (
        body["media"][0]["kind"] == MediaKind.EMBED and body["media"][0]["file"] is None
    )
    cast = Department.objects.get(slug="cast")
    assert api.get(f"/api/v1/departments/{cast.slug}/").json()["page_url"] is None


@pytest.mark.parametrize("format", ["json", "multipart"])
def test_body_over_the_upload_limit_is_a_json_400(root_api, film, settings, format):
    # Django refuses it before the view runs; its 400 page was HTML.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    # Writes take JSON; only uploads take multipart.
    url = "/api/v1/productions/"
    if format == "multipart":
        url = f"/api/v1/posts/{PostFactory(production=film).slug}/media/"
    response = root_api.post(url, {"title": "x" * 2000, "kind": "film"}, format=format)

    assert errors_of(response)["detail"] == "The request body is too large."


def test_host_not_allowed_is_a_json_400_under_the_api(api):
    response = api.get("/api/v1/productions/", HTTP_HOST="evil.example")

    assert errors_of(response)["detail"] == "Bad request."
    page = api.get("/", HTTP_HOST="evil.example")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")


# --- Input hygiene every endpoint keeps -----------------------------------------
@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/productions/?tag=a%00b", "tag"),
        ("/api/v1/productions/?person=%00", "person"),
        ("/api/v1/people/?production=%00", "production"),
        ("/api/v1/credits/?role=%00", "role"),
        ("/api/v1/posts/?craft=%00", "craft"),
        ("/api/v1/posts/?production=%00", "production"),
        ("/api/v1/media/?post__slug=%00", "post__slug"),
    ],
)
def test_nul_bytes_in_query_parameters(api, path, field):
    assert field in errors_of(api.get(path))


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/productions/?year=99999999999999999999999999", "year"),
        ("/api/v1/productions/?year_min=1e999", "year_min"),
        ("/api/v1/productions/?year_max=NaN", "year_max"),
        ("/api/v1/posts/?happened_after=2024-02-30", "happened_after"),
        ("/api/v1/posts/?happened_before=0000-01-01", "happened_before"),
        ("/api/v1/productions/?kind=opera", "kind"),
        ("/api/v1/posts/?provenance=rumour", "provenance"),
        ("/api/v1/roles/?kind=%00", "kind"),
    ],
)
def test_out_of_range_numbers_bad_dates_and_unknown_choices(api, path, field):
    assert field in errors_of(api.get(path))


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/productions/%00/",
        "/api/v1/credits/99999999999999999999999999999/",
        "/api/v1/media/1e5/",
        "/api/v1/tags/%00/",
    ],
)
def test_unknown_or_malformed_identifiers_are_not_found(api, path):
    assert errors_of(api.get(path), status=404)["detail"]


@pytest.mark.parametrize("cursor", ["not-base64", "cD1hYmM="])  # p=abc
def test_bad_cursors(api, film, cursor):
    PostFactory(production=film)

    response = api.get(f"/api/v1/posts/?cursor={cursor}")

    assert response.status_code in {400, 404}, response.content
    assert response.json()


def test_huge_numbers_in_a_body(root_api):
    response = root_api.post(
        "/api/v1/productions/",
        '{"title": "Big", "kind": "film", "tmdb_id": 1e999}',
        content_type="application/json",
    )

    assert "tmdb_id" in errors_of(response)


def test_nan_in_json(root_api):
    response = root_api.post(
        "/api/v1/productions/",
        '{"title": "NaN", "kind": "film", "tmdb_id": NaN}',
        content_type="application/json",
    )

    assert "JSON parse error" in errors_of(response)["detail"]


def test_malformed_multipart(root_api, film):
    post = PostFactory(production=film)
    response = root_api.post(
        f"/api/v1/posts/{post.slug}/media/",
        b"title=x",
        content_type="multipart/form-data",
    )

    assert "Multipart form parse error" in errors_of(response)["detail"]


def test_wrong_content_type(root_api):
    response = root_api.post(
        "/api/v1/productions/", b"title=x", content_type="text/plain"
    )

    assert "Unsupported media type" in errors_of(response, status=415)["detail"]


def test_undecodable_json(root_api):
    response = root_api.post(
        "/api/v1/people/", b"\xff\xfe{", content_type="application/json"
    )

    assert "JSON parse error" in errors_of(response)["detail"]


def test_duplicate_slugs(root_api, film):
    person = PersonFactory(name="Marta Ilves")

    production = root_api.post(
        "/api/v1/productions/",
        {"title": "Again", "kind": "film", "slug": film.slug},
        format="json",
    )
    people = root_api.patch(
        f"/api/v1/people/{PersonFactory(name='Jonas').slug}/",
        {"slug": person.slug},
        format="json",
    )

    assert "slug" in errors_of(production)
    assert "slug" in errors_of(people)
