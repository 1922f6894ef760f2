"""Long lists: counts that do not read every row, deep pages fetched by id."""

import datetime
import re

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from bts_catalog import paging
from tests.factories import PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


@pytest.fixture
def posts():
    start = timezone.now() - datetime.timedelta(days=1)
    production = ProductionFactory()
    return [
        PostFactory(
            production=production,
            title=f"Day {n} on set",
            published_at=start + datetime.timedelta(minutes=n % 7),  # ties on purpose
        )
        for n in range(60)
    ]


def _titles(content: bytes) -> list[str]:
    return re.findall(r"<h3>(Day \d+ on set)</h3>", content.decode())


def test_a_deep_page_has_the_rows_and_order_of_offset_paging(
    client, posts, uncached, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(paging, "DEFERRED_FROM", 10**9)
    by_offset = {n: _titles(client.get(f"/posts/?page={n}").content) for n in (2, 3)}
    monkeypatch.setattr(paging, "DEFERRED_FROM", 1)
    for number, expected in by_offset.items():
        with django_assert_max_num_queries(10):
            response = client.get(f"/posts/?page={number}")
        assert response.status_code == 200
        assert _titles(response.content) == expected
    assert len(by_offset[2]) == 24 and len(by_offset[3]) == 12
    assert not set(by_offset[2]) & set(by_offset[3])


def test_a_deep_api_page_matches_offset_paging(posts, monkeypatch):
    api = APIClient()
    address = "/api/v1/productions/?page_size=2&page=3&ordering=title"
    ProductionFactory.create_batch(7)
    monkeypatch.setattr(paging, "DEFERRED_FROM", 10**9)
    expected = api.get(address).json()
    monkeypatch.setattr(paging, "DEFERRED_FROM", 1)
    answer = api.get(address, HTTP_CACHE_CONTROL="no-cache").json()
    assert [p["slug"] for p in answer["results"]] == [
        p["slug"] for p in expected["results"]
    ]
    assert answer["count"] == 8 and answer["count_is_estimate"] is False


def test_short_lists_are_counted_exactly(client, posts, uncached):
    page = client.get("/posts/").content.decode()
    assert 'role="status">60 posts<' in page
    assert "Page 1 of 3<" in page


def test_estimates_are_rounded_to_two_figures():
    assert paging.rounded(849_123) == 850_000
    assert paging.rounded(26_325) == 26_000
    assert paging.rounded(99) == 99
    assert paging.about(850_000) == "about 850,000"


@pytest.mark.requires_postgres
def test_a_long_list_shows_the_planners_estimate(client, posts, uncached, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_UP_TO", 10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE media_assets_post")
    page = client.get("/posts/").content.decode()
    assert re.search(r'role="status">About \d[\d,]* posts<', page)
    assert re.search(r"Page 1 of about \d[\d,]*<", page)
    # Past the last full page there is no "Next" however long the estimate is.
    last = client.get("/posts/?page=3").content.decode()
    assert _titles(last.encode()) and 'rel="next"' not in last


@pytest.mark.requires_postgres
def test_the_api_says_when_its_count_is_an_estimate(posts, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_COUNT_UP_TO", 3)
    ProductionFactory.create_batch(9)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE productions_production")
    answer = APIClient().get("/api/v1/productions/?page_size=4").json()
    assert answer["count_is_estimate"] is True
    assert answer["count"] > 3
