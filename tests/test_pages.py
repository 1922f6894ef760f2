"""Public pages: what they show, what they never show, and bounded query counts."""

import datetime

import pytest
from django.core.files.base import ContentFile

from bts_catalog.images import intake_image
from media_assets.models import PostKind, PostPhase
from media_assets.services import media_asset_add
from productions.models import (
    Department,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
)
from tests.conftest import image_bytes
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def orchard(crew_person):
    production = ProductionFactory(
        title="The Salt Orchard", synopsis="Harbour workers in a hard winter."
    )
    production.tags.add("harbour")
    credit = CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    published = PostFactory(
        production=production, title="Harbour night shoot", author=crew_person.user
    )
    published.featured_people.add(crew_person)
    published.crafts.add(Department.objects.get(slug="lighting"))
    published.tags.add("night-shoot")
    hidden = {
        PostFactory(production=production, title="Secret pending post", pending=True),
        PostFactory(production=production, title="Secret draft post", draft=True),
        PostFactory(production=production, title="Secret rejected post", rejected=True),
    }
    return {
        "production": production,
        "credit": credit,
        "post": published,
        "hidden": hidden,
        "person": crew_person,
    }


def public_urls(orchard) -> list[str]:
    return [
        "/",
        "/productions/",
        "/productions/?kind=film",
        orchard["production"].get_absolute_url(),
        orchard["person"].get_absolute_url(),
        "/posts/",
        orchard["post"].get_absolute_url(),
        "/crafts/",
        "/crafts/lighting/",
        "/tags/night-shoot/",
        "/tags/harbour/",
        "/search/?q=secret",
        "/search/?q=harbour",
    ]


def test_every_public_page_answers_and_hides_unpublished_posts(client, orchard):
    for url in public_urls(orchard):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Secret" not in page, url


def test_production_page_shows_synopsis_credits_timeline_and_tags(client, orchard):
    page = client.get(orchard["production"].get_absolute_url()).content.decode()
    assert "Harbour workers in a hard winter." in page
    assert "Harbour night shoot" in page
    assert orchard["person"].name in page
    assert "Lighting" in page
    assert "#harbour" in page
    assert 'property="og:title"' in page


def test_timeline_groups_posts_by_phase_in_order(client):
    production = ProductionFactory()
    for phase, title in [
        (PostPhase.RELEASE, "Premiere night"),
        (PostPhase.DEVELOPMENT, "First sketches"),
        (PostPhase.PRODUCTION, "Day one on set"),
    ]:
        PostFactory(production=production, phase=phase, title=title)
    page = client.get(production.get_absolute_url()).content.decode()
    positions = [
        page.index(text)
        for text in ["First sketches", "Day one on set", "Premiere night"]
    ]
    assert positions == sorted(positions)
    assert page.index("Development") < page.index("Production</h3>")


def test_post_page_shows_media_provenance_source_and_related(client, orchard):
    post = orchard["post"]
    media_asset_add(
        actor=None,
        post=post,
        upload=intake_image(ContentFile(image_bytes("JPEG", (640, 480)), name="a.jpg")),
        alt_text="A gaffer rigging a lamp on the quay",
        credited_to=orchard["person"],
    )
    related = PostFactory(production=post.production, title="Rigging the quay")
    response = client.get(post.get_absolute_url())
    page = response.content.decode()
    assert 'alt="A gaffer rigging a lamp on the quay"' in page
    assert 'width="640" height="480"' in page
    assert "Official" in page
    assert related.title in page
    assert "#night-shoot" in page


def test_source_link_is_shown_for_social_posts(client):
    post = PostFactory(
        source_platform="instagram", source_url="https://www.instagram.com/p/Cx1/"
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'href="https://www.instagram.com/p/Cx1/"' in page
    assert "View on Instagram" in page


def test_unpublished_posts_are_404_except_for_their_author(client, orchard):
    for post in orchard["hidden"]:
        assert client.get(post.get_absolute_url()).status_code == 404
    mine = PostFactory(pending=True, author=orchard["person"].user)
    client.force_login(orchard["person"].user)
    response = client.get(mine.get_absolute_url())
    assert response.status_code == 200
    assert "only visible to you" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/productions/no-such-thing/",
        "/people/nobody/",
        "/posts/nothing/",
        "/tags/no-tag/",
        "/crafts/no-craft/",
        "/crafts/cast/",
    ],
)
def test_unknown_slugs_get_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "couldn't find that page" in response.content.decode()


def test_production_list_filters_by_kind_status_year_and_tag(client):
    ProductionFactory(
        title="Stage Show", kind=ProductionKind.THEATER, status=ProductionStatus.RUNNING
    )
    old = ProductionFactory(title="Old Film", release_date=datetime.date(1999, 1, 1))
    old.tags.add("noir")
    ProductionFactory(title="New Film", release_date=datetime.date(2024, 1, 1))

    def titles(query: str) -> str:
        return client.get(f"/productions/{query}").content.decode()

    assert "Stage Show" in titles("?kind=theater")
    assert "Old Film" not in titles("?kind=theater")
    assert "Stage Show" in titles("?status=running")
    assert "Old Film" in titles("?year=1999")
    assert "New Film" not in titles("?year=1999")
    assert "Old Film" in titles("?tag=noir")
    assert "New Film" not in titles("?tag=noir")
    newest = titles("?sort=newest")
    assert newest.index("New Film") < newest.index("Old Film")


@pytest.mark.parametrize(
    "query",
    [
        "?kind=opera",
        "?year=abc",
        "?year=99999999999999999999",
        "?sort=sideways",
        "?status=%00",
        "?tag=" + "x" * 500,
    ],
)
def test_bad_filter_values_give_a_friendly_page(client, query):
    response = client.get(f"/productions/{query}")
    assert response.status_code == 400
    assert "could not be used" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999999", "1.5", "%00"])
def test_bad_page_numbers_never_fail(client, page):
    ProductionFactory.create_batch(3)
    assert client.get(f"/productions/?page={page}").status_code == 200
    assert client.get(f"/posts/?page={page}").status_code == 200


def test_post_list_filters(client):
    costume = Department.objects.get(slug="costume")
    fitting = PostFactory(title="Costume fitting", kind=PostKind.COSTUME_DESIGN)
    fitting.crafts.add(costume)
    PostFactory(
        title="Dev diary one",
        kind=PostKind.DEV_DIARY,
        production=ProductionFactory(kind=ProductionKind.VIDEO_GAME),
    )
    page = client.get("/posts/?craft=costume").content.decode()
    assert "Costume fitting" in page and "Dev diary one" not in page
    page = client.get("/posts/?production_kind=video_game").content.decode()
    assert "Dev diary one" in page and "Costume fitting" not in page
    assert client.get("/posts/?craft=nope").status_code == 400
    assert client.get("/posts/?happened_after=2024-13-45").status_code == 400


def test_search_finds_productions_people_and_posts(client, orchard):
    page = client.get("/search/?q=salt orchard").content.decode()
    assert "The Salt Orchard" in page
    person_page = client.get(f"/search/?q={orchard['person'].name}").content.decode()
    assert orchard["person"].get_absolute_url() in person_page
    posts_page = client.get("/search/?q=harbour night").content.decode()
    assert "Harbour night shoot" in posts_page
    assert client.get("/search/?q=").status_code == 200
    assert client.get("/search/?q=%00%00").status_code == 200
    assert client.get("/search/?q=" + "a" * 5000).status_code == 200


def test_search_shows_the_best_of_the_newest_matches(client, monkeypatch):
    monkeypatch.setattr("bts_catalog.search.RANKED_AMONG", 3)
    production = ProductionFactory(title="Quay Lights")
    start = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)
    titles = [
        "Lantern lantern lantern, the oldest",
        "Rigging the lantern, second",
        "Lantern test, third",
        "A lantern on the quay, fourth",
        "Lanterns at dusk, the newest",
    ]
    for day, title in enumerate(titles):
        PostFactory(
            production=production,
            title=title,
            body="",
            published_at=start + datetime.timedelta(days=day),
        )
    ProductionFactory(title="The Lantern Years")

    page = client.get("/search/?q=lantern").content.decode()
    shown = [title for title in titles if title in page]
    assert shown == titles[2:]  # the three newest matches, ranked among themselves
    assert "The Lantern Years" in page
    listed = client.get("/posts/?q=lantern").content.decode()
    assert all(title in listed for title in titles)  # the full list has every match


@pytest.mark.parametrize("window", [2, 4, 6, 100])
def test_search_finds_the_newest_matches_within_the_newest_rows_or_before(
    client, monkeypatch, window
):
    # The newest matches are looked for among the newest `window` posts first,
    # then, if those hold too few, among the older ones; 100: fewer posts than that.
    monkeypatch.setattr("bts_catalog.search.RANKED_AMONG", 3)
    monkeypatch.setattr("bts_catalog.search.SEARCH_WINDOW", window)
    production = ProductionFactory(title="Quay Lights")
    start = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)

    def post(day: int, title: str, **fields):
        return PostFactory(
            production=production,
            title=title,
            body="",
            published_at=start + datetime.timedelta(days=day),
            **fields,
        )

    matching = {day: f"Lantern rig {day:02d}" for day in (0, 1, 2, 5, 8, 9)}
    for day in range(10):
        post(day, matching.get(day, f"Crane move {day:02d}"))
    post(10, "Lantern rig, still embargoed", publish_at=start.replace(year=2099))

    page = client.get("/search/?q=lantern").content.decode()
    assert [title for title in matching.values() if title in page] == [
        matching[5],
        matching[8],
        matching[9],
    ]
    assert "still embargoed" not in page

    # Newer posts move the newest rows on; where the window was found before, or
    # anywhere else, the page still shows the newest matches.
    newer = [post(day, f"Lantern rig {day:02d}") for day in (11, 12)]
    page = client.get("/search/?q=lantern").content.decode()
    assert [title for title in matching.values() if title in page] == [matching[9]]
    assert all(item.title in page for item in newer)

    crane = client.get("/search/?q=crane").content.decode()
    assert [f"Crane move {day:02d}" in crane for day in (3, 4, 6, 7)] == [
        False,
        True,
        True,
        True,
    ]


def test_search_finds_the_newest_productions_and_people_within_the_window(
    client, monkeypatch
):
    monkeypatch.setattr("bts_catalog.search.RANKED_AMONG", 2)
    monkeypatch.setattr("bts_catalog.search.SEARCH_WINDOW", 3)
    titles = ["Harbour One", "Inland Two", "Harbour Three", "Inland Four"]
    titles += ["Inland Five", "Inland Six", "Harbour Seven", "Inland Eight"]
    for title in titles:
        ProductionFactory(title=title)
        PersonFactory(name=f"Ada {title}")
    page = client.get("/search/?q=harbour").content.decode()
    assert [title for title in titles if f">{title}<" in page] == [
        "Harbour Three",
        "Harbour Seven",
    ]
    assert [title for title in titles if f">Ada {title}<" in page] == [
        "Harbour Three",
        "Harbour Seven",
    ]


@pytest.mark.parametrize("read_by_id", [100, 1])
def test_tag_page_lists_the_tagged_productions_by_title(
    client, monkeypatch, read_by_id
):
    # A tag on few productions is read by id, one on many along the titles.
    monkeypatch.setattr("showcase.selectors.TAGGED_BY_ID", read_by_id)
    titles = ["Windward", "Anchor Line", "Quay Lights"]
    for title in titles:
        ProductionFactory(title=title).tags.add("harbour")
    ProductionFactory(title="Inland").tags.add("desert")
    merged = ProductionFactory(title="Anchor Line (duplicate)")
    merged.tags.add("harbour")
    merged.merged_into = Production.objects.get(title="Anchor Line")
    merged.save()
    PostFactory(title="Rigging at the harbour").tags.add("harbour")

    page = client.get("/tags/harbour/").content.decode()

    shown = [title for title in sorted(titles) if f">{title}" in page]
    assert shown == sorted(titles)
    assert (
        page.index(">Anchor Line")
        < page.index(">Quay Lights")
        < page.index(">Windward")
    )
    assert "Inland" not in page and "(duplicate)" not in page
    assert "Rigging at the harbour" in page


def test_craft_page_shows_the_posts_and_people_of_a_craft(client, orchard):
    page = client.get("/crafts/lighting/").content.decode()
    assert "Harbour night shoot" in page
    assert orchard["person"].name in page
    assert "Gaffer" in page


# --- Query counts -------------------------------------------------------------


def build_catalogue(size: int):
    """A production with ``size`` credits and posts (each with an image)."""
    production = ProductionFactory(title=f"Big Show {size}")
    production.tags.add("big")
    lighting = Department.objects.get(slug="lighting")
    gaffer = Role.objects.get(slug="gaffer")
    image = intake_image(ContentFile(image_bytes("PNG", (40, 30)), name="x.png"))
    people = PersonFactory.create_batch(size)
    for index, person in enumerate(people):
        CreditFactory(production=production, person=person, role=gaffer)
        post = PostFactory(production=production, title=f"Post {size}-{index}")
        post.featured_people.add(person)
        post.crafts.add(lighting)
        post.tags.add("big")
        media_asset_add(
            actor=None, post=post, upload=image, alt_text="Lamp", credited_to=person
        )
        ProductionFactory(title=f"Other {size}-{index}")
    return production, people[0], post


@pytest.mark.parametrize("size", [5, 50])
def test_page_query_counts_do_not_grow_with_rows(
    client, django_assert_max_num_queries, size
):
    production, person, post = build_catalogue(size)
    urls = {
        "/": 12,
        "/productions/": 6,
        production.get_absolute_url(): 8,
        person.get_absolute_url(): 6,
        "/posts/": 6,
        "/posts/?craft=lighting": 7,
        post.get_absolute_url(): 11,  # its answered questions: one more
        "/crafts/": 3,
        "/crafts/lighting/": 8,
        "/tags/big/": 7,
        # PostgreSQL: three more once in a while, to find where the newest
        # rows of each kind begin (bts_catalog.search.SEARCH_WINDOW).
        "/search/?q=big": 9,
    }
    for url, limit in urls.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_tags_read_by_name_on_pages_api_and_feed_at_a_fixed_query_count(
    client, django_assert_max_num_queries
):
    production = ProductionFactory(title="The Salt Orchard")
    production.tags.add("night-shoot", "animatronics", "location")
    posts = [PostFactory(production=production) for _ in range(3)]
    for post in posts:
        post.tags.add("rigging", "b-roll", "steadicam")
    page = client.get(production.get_absolute_url()).content.decode()
    assert (
        page.index("#animatronics")
        < page.index("#location")
        < page.index("#night-shoot")
    )
    detail = client.get(posts[0].get_absolute_url()).content.decode()
    assert (
        detail.index("#b-roll") < detail.index("#rigging") < detail.index("#steadicam")
    )
    api = client.get("/api/v1/productions/", HTTP_ACCEPT="application/json").json()
    assert api["results"][0]["tags"] == ["animatronics", "location", "night-shoot"]
    with django_assert_max_num_queries(6):
        stream = client.get("/api/v1/posts/", HTTP_ACCEPT="application/json").json()
    assert [post["tags"] for post in stream["results"]] == [
        ["b-roll", "rigging", "steadicam"]
    ] * 3
    feed = client.get("/feeds/latest/").content.decode()
    assert feed.count("<category>b-roll</category>") == 3
