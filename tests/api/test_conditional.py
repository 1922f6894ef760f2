"""Conditional requests on the API: ETag, Last-Modified, 304s and API-Version."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils.http import http_date

from bts_catalog import caching
from tests.factories import PostFactory, ProductionFactory

LIST = "/api/v1/productions/"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def detail(production) -> str:
    return f"/api/v1/productions/{production.slug}/"


@pytest.fixture
def clock(time_machine):
    """A stopped clock, moved on by hand: Last-Modified counts whole seconds."""
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def production(db, clock):
    production = ProductionFactory()
    clock.shift(5)
    return production


# --- ETag and If-None-Match ------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, "detail", "/api/v1/posts/", "/api/v1/tags/"])
def test_lists_and_details_answer_304_to_their_etag(client, production, url):
    url = detail(production) if url == "detail" else url
    response = client.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"')  # strong: a hash of the body

    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "Accept" in again["Vary"]


@pytest.mark.django_db
@pytest.mark.parametrize("if_none_match", ["W/{etag}", '"something-else", {etag}', "*"])
def test_if_none_match_compares_weakly_and_takes_lists(
    client, production, if_none_match
):
    etag = client.get(LIST)["ETag"]
    response = client.get(LIST, HTTP_IF_NONE_MATCH=if_none_match.format(etag=etag))
    assert response.status_code == 304


@pytest.mark.django_db
def test_another_etag_gets_the_whole_answer(client, production):
    response = client.get(LIST, HTTP_IF_NONE_MATCH='"something-else"')
    assert response.status_code == 200
    assert response.json()["results"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, "detail"])
def test_a_change_gives_a_new_etag(client, production, clock, url):
    url = detail(production) if url == "detail" else url
    etag = client.get(url)["ETag"]
    production.synopsis = "Changed."
    production.save()

    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_answers_replayed_from_the_page_cache_are_validated(client, production):
    first = client.get(LIST)
    assert first["X-Page-Cache"] == "miss"
    response = client.get(LIST, HTTP_IF_NONE_MATCH=f"W/{first['ETag']}")
    assert response.status_code == 304
    replayed = client.get(LIST, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert replayed.status_code == 304


@pytest.mark.django_db
def test_head_answers_the_same_validators(client, production):
    got = client.get(LIST)
    head = client.head(LIST)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == got["ETag"]
    assert head["Last-Modified"] == got["Last-Modified"]
    assert client.head(LIST, HTTP_IF_NONE_MATCH=got["ETag"]).status_code == 304
    since = got["Last-Modified"]
    assert client.head(LIST, HTTP_IF_MODIFIED_SINCE=since).status_code == 304


# --- Last-Modified and If-Modified-Since -----------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, "detail", "/api/v1/posts/"])
def test_catalogue_answers_say_when_the_content_last_changed(client, clock, url):
    production = ProductionFactory()
    PostFactory(production=production)
    changed = START.timestamp()
    clock.shift(5)
    url = detail(production) if url == "detail" else url

    response = client.get(url)
    assert response["Last-Modified"] == http_date(changed)
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    assert since.content == b""


@pytest.mark.django_db
def test_a_later_change_answers_200_to_if_modified_since(client, production, clock):
    modified = client.get(detail(production))["Last-Modified"]
    clock.shift(60)
    production.synopsis = "Changed."
    production.save()
    clock.shift(5)

    response = client.get(detail(production), HTTP_IF_MODIFIED_SINCE=modified)
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(START.timestamp() + 65)


@pytest.mark.django_db
def test_an_embargo_ending_is_a_change_to_if_modified_since(client, curator, clock):
    from media_assets.models import PostStatus
    from media_assets.services import post_publish

    post = PostFactory(status=PostStatus.PENDING, title="Trailer day")
    post_publish(
        post=post, actor=curator, publish_at=START + datetime.timedelta(minutes=10)
    )
    clock.shift(5)
    before = client.get("/api/v1/posts/")
    assert "Trailer day" not in before.content.decode()

    clock.shift(20 * 60)  # the embargo has ended; nobody wrote anything
    response = client.get(
        "/api/v1/posts/", HTTP_IF_MODIFIED_SINCE=before["Last-Modified"]
    )
    assert response.status_code == 200
    assert "Trailer day" in response.content.decode()
    assert response["Last-Modified"] == http_date(START.timestamp() + 600)


@pytest.mark.django_db
def test_if_none_match_wins_over_if_modified_since(client, production):
    modified = client.get(LIST)["Last-Modified"]
    response = client.get(
        LIST, HTTP_IF_NONE_MATCH='"something-else"', HTTP_IF_MODIFIED_SINCE=modified
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_no_date_within_the_second_of_a_change(client, clock):
    """Another change in the same second would keep the same date: ETag only."""
    ProductionFactory()
    response = client.get(LIST)
    assert "ETag" in response
    assert "Last-Modified" not in response


# --- A user's own answers ----------------------------------------------------------


@pytest.mark.django_db
def test_personal_answers_have_an_etag_but_no_date_and_are_private(
    client, fan, production
):
    client.force_login(fan)
    response = client.get("/api/v1/me/follows/")
    assert response.status_code == 200
    assert "ETag" in response
    assert "Last-Modified" not in response
    assert "private" in response["Cache-Control"]
    assert "X-Page-Cache" not in response

    again = client.get("/api/v1/me/follows/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert "private" in again["Cache-Control"]


@pytest.mark.django_db
def test_a_new_follow_changes_the_personal_etag(client, fan, production):
    client.force_login(fan)
    etag = client.get("/api/v1/me/follows/")["ETag"]
    client.post(
        "/api/v1/me/follows/",
        {"production": production.slug},
        content_type="application/json",
    )
    response = client.get("/api/v1/me/follows/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


# --- API-Version -------------------------------------------------------------------


@pytest.mark.django_db
def test_every_api_answer_names_the_schema_version(client, production):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    version = schema["info"]["version"]
    assert version == "1.2.0"
    for response in (
        client.get(LIST),
        client.get(detail(production), HTTP_IF_NONE_MATCH="*"),  # a 304
        client.get("/api/v1/productions/no-such-thing/"),  # a 404
        client.post(LIST, {}, content_type="application/json"),  # a 403
    ):
        assert response["API-Version"] == version


@pytest.mark.django_db
def test_pages_carry_no_api_version(client, production):
    response = client.get(production.get_absolute_url())
    assert response.status_code == 200
    assert "API-Version" not in response
    assert "Last-Modified" not in response


@pytest.mark.django_db
def test_the_schema_describes_the_changelog(client):
    schema = json.loads(client.get("/api/schema/", {"format": "json"}).content)
    assert "api-changelog.md" in schema["info"]["description"]


@pytest.mark.django_db
def test_a_stale_page_cache_answer_has_no_date(client, production, clock):
    client.get(LIST)  # stored
    production.synopsis = "Changed."
    production.save()  # the stored answer is now out of date
    clock.shift(5)
    another_request_renders_it = (
        f"{caching._page_key(RequestFactory().get(LIST))}:rendering"
    )
    cache.add(another_request_renders_it, 1, caching.RENDER_LOCK_SECONDS)

    response = client.get(LIST)
    assert response["X-Page-Cache"] == "stale"
    assert "ETag" in response
    assert "Last-Modified" not in response
