"""Feeds, sitemap and robots.txt: only published posts, in a fixed number of queries."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bts_catalog.images import intake_image
from media_assets.services import media_asset_add
from productions.models import Department
from tests.factories import PersonFactory, PostFactory, ProductionFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
LATEST_FEEDS = ["/feeds/latest/", "/feeds/latest/atom/"]


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def parse(response) -> ET.Element:
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own response)


def rss_items(root: ET.Element) -> list[ET.Element]:
    assert root.tag == "rss"
    return root.findall("./channel/item")


def atom_entries(root: ET.Element) -> list[ET.Element]:
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def titles(root: ET.Element) -> list[str]:
    if root.tag == "rss":
        return [item.findtext("title") for item in rss_items(root)]
    return [entry.findtext(f"{ATOM}title") for entry in atom_entries(root)]


def add_image(post, make_image, alt_text="The camera crew on the harbour wall"):
    image = intake_image(make_image(size=(120, 90)), name="harbour.jpg")
    return media_asset_add(actor=None, post=post, upload=image, alt_text=alt_text)


@pytest.fixture
def posts_of_every_status():
    production = ProductionFactory(title="The Salt Orchard")
    newest = PostFactory(
        production=production, title="Wrap party", published_at=days_ago(1)
    )
    older = PostFactory(
        production=production, title="Harbour night shoot", published_at=days_ago(5)
    )
    oldest = PostFactory(title="Table read", published_at=days_ago(9))
    for trait in ("pending", "draft", "rejected"):
        PostFactory(
            production=production, title=f"Secret {trait} post", **{trait: True}
        )
    return production, [newest, older, oldest]


@pytest.mark.parametrize("url", LATEST_FEEDS)
def test_latest_feeds_list_published_posts_newest_first(
    client, posts_of_every_status, url
):
    _, published = posts_of_every_status
    root = parse(client.get(url))
    assert titles(root) == [post.title for post in published]
    assert b"Secret" not in client.get(url).content


def test_rss_feed_items(client, posts_of_every_status):
    production, (newest, *_) = posts_of_every_status
    newest.tags.add("night shoot", "harbour")
    response = client.get("/feeds/latest/")
    assert response["Content-Type"].startswith("application/rss+xml")
    item = rss_items(parse(response))[0]
    assert item.findtext("link") == f"http://testserver{newest.get_absolute_url()}"
    assert "<strong>the shoot</strong>" in item.findtext("description")
    assert item.findtext("pubDate")
    assert sorted(c.text for c in item.findall("category")) == [
        "harbour",
        "night shoot",
    ]
    # Written by a curator without a crew profile: credited to the production.
    assert item.findtext(DC_CREATOR) == production.title
    assert item.find("enclosure") is None


def test_atom_feed_entries(client, posts_of_every_status):
    _, (newest, *_) = posts_of_every_status
    response = client.get("/feeds/latest/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    entry = atom_entries(parse(response))[0]
    assert entry.find(f"{ATOM}link").get("href") == (
        f"http://testserver{newest.get_absolute_url()}"
    )
    assert entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated")
    assert "<strong>the shoot</strong>" in entry.findtext(f"{ATOM}summary")


def test_author_is_the_crew_members_person(client, crew_person):
    PostFactory(author=crew_person.user)
    item = rss_items(parse(client.get("/feeds/latest/")))[0]
    assert item.findtext(DC_CREATOR) == crew_person.name
    entry = atom_entries(parse(client.get("/feeds/latest/atom/")))[0]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == crew_person.name


def test_feeds_show_the_first_image(client, make_image, media_root):
    post = PostFactory()
    asset = add_image(post, make_image)
    add_image(post, lambda **kw: make_image(color=(0, 0, 200), **kw), "Second")

    item = rss_items(parse(client.get("/feeds/latest/")))[0]
    enclosure = item.find("enclosure")
    assert enclosure.get("url") == f"http://testserver{asset.large.url}"
    assert enclosure.get("type") == "image/webp"
    assert enclosure.get("length") == str(asset.large.size)
    description = item.findtext("description")
    assert f'<img src="http://testserver{asset.card.url}"' in description
    assert 'alt="The camera crew on the harbour wall"' in description

    entry = atom_entries(parse(client.get("/feeds/latest/atom/")))[0]
    links = entry.findall(f"{ATOM}link[@rel='enclosure']")
    assert [link.get("href") for link in links] == [
        f"http://testserver{asset.large.url}"
    ]

    # A rendition gone from storage does not break the feed.
    (media_root / asset.large.name).unlink()
    enclosure = rss_items(parse(client.get("/feeds/latest/")))[0].find("enclosure")
    assert enclosure.get("length") == "0"


def test_alt_text_is_escaped_in_the_description(client, make_image):
    add_image(PostFactory(), make_image, alt_text='A "quoted" <b>set</b>')
    description = rss_items(parse(client.get("/feeds/latest/")))[0].findtext(
        "description"
    )
    assert 'alt="A &quot;quoted&quot; &lt;b&gt;set&lt;/b&gt;"' in description


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_production_feed_has_only_that_productions_posts(
    client, posts_of_every_status, suffix
):
    production, (newest, older, oldest) = posts_of_every_status
    response = client.get(f"/productions/{production.slug}/feed/{suffix}")
    assert titles(parse(response)) == [newest.title, older.title]
    assert b"Secret" not in response.content
    assert oldest.title.encode() not in response.content


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_production_feed_of_an_unknown_production_is_not_found(client, suffix):
    assert client.get(f"/productions/no-such-show/feed/{suffix}").status_code == 404


def test_production_feed_without_posts_is_empty(client):
    production = ProductionFactory()
    assert titles(parse(client.get(f"/productions/{production.slug}/feed/"))) == []


def make_feed_posts(count: int, make_image, production) -> None:
    crew = PersonFactory(user=UserFactory())
    for number in range(count):
        post = PostFactory(
            production=production,
            author=crew.user if number % 2 else None,
            published_at=days_ago(number),
        )
        post.tags.add("costume", f"day {number}")
        if number % 3 == 0:
            add_image(post, make_image)
    PostFactory(production=production, pending=True)


@pytest.mark.parametrize(
    "url",
    [*LATEST_FEEDS, "/productions/salt/feed/", "/productions/salt/feed/atom/"],
)
def test_feed_queries_do_not_grow_with_the_items(
    client, make_image, django_assert_max_num_queries, url
):
    production = ProductionFactory(slug="salt")
    make_feed_posts(5, make_image, production)
    # Posts, their media with the media's video files, captions and picture sizes,
    # tags, crafts and featured people (Post.for_display()), and for a production's
    # feed the production itself.
    bound = 8 if url in LATEST_FEEDS else 9
    with CaptureQueriesContext(connection) as few:
        with django_assert_max_num_queries(bound):
            root = parse(client.get(url))
    assert len(titles(root)) == 5

    make_feed_posts(30, make_image, production)
    with CaptureQueriesContext(connection) as many:
        with django_assert_max_num_queries(bound):
            root = parse(client.get(url))
    assert len(titles(root)) == 30
    assert len(many) == len(few)


def sitemap_locations(client) -> set[str]:
    response = client.get("/sitemap.xml")
    root = parse(response)
    return {url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")}


def test_sitemap_lists_public_pages_only(client, posts_of_every_status):
    production, published = posts_of_every_status
    person = PersonFactory(name="Ada Marlow")
    locations = sitemap_locations(client)

    def absolute(path: str) -> str:
        return f"http://testserver{path}"

    assert absolute("/") in locations
    assert absolute(production.get_absolute_url()) in locations
    assert absolute(person.get_absolute_url()) in locations
    for post in published:
        assert absolute(post.get_absolute_url()) in locations
    crafts = Department.objects.crafts()
    assert crafts.exists()
    for craft in crafts:
        assert absolute(craft.get_absolute_url()) in locations
    assert absolute("/crafts/cast/") not in locations
    assert not [location for location in locations if "secret" in location]


def test_sitemap_gives_last_modified_dates(client, posts_of_every_status):
    production, _ = posts_of_every_status
    root = parse(client.get("/sitemap.xml"))
    for url in root.findall(f"{SITEMAP}url"):
        if url.findtext(f"{SITEMAP}loc").endswith(production.get_absolute_url()):
            assert url.findtext(f"{SITEMAP}lastmod") == (
                production.updated_at.date().isoformat()
            )
            break
    else:
        pytest.fail("the production is not in the sitemap")


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text.splitlines()


def test_sitemap_queries_do_not_grow_with_the_catalogue(
    client, django_assert_max_num_queries
):
    # One query a section (venues included) and the page's own few.
    PostFactory()
    with django_assert_max_num_queries(11):
        client.get("/sitemap.xml")
    PostFactory.create_batch(20)
    PersonFactory.create_batch(20)
    with django_assert_max_num_queries(11):
        assert client.get("/sitemap.xml").status_code == 200


def test_sitemap_lists_episodes_of_current_series_in_few_queries(
    client, django_assert_max_num_queries
):
    from productions.models import Episode, ProductionKind, Season

    series = ProductionFactory(kind=ProductionKind.TV_SERIES, status="released")
    merged = ProductionFactory(
        kind=ProductionKind.TV_SERIES, status="released", merged_into=series
    )
    episodes = [
        Episode.objects.create(
            season=Season.objects.get_or_create(production=series, number=season)[0],
            number=number,
            title=f"Episode {season}.{number}",
        )
        for season in (1, 2)
        for number in (1, 2, 3)
    ]
    hidden = Episode.objects.create(
        season=Season.objects.create(production=merged, number=1), number=1
    )

    with django_assert_max_num_queries(12):
        locations = sitemap_locations(client)

    for episode in episodes:
        assert f"http://testserver{episode.get_absolute_url()}" in locations
    assert f"http://testserver{hidden.get_absolute_url()}" not in locations
