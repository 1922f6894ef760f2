"""``?expand=``: related data in one call, in as many queries for 2 rows as for 10,
and a 400 naming ``expand`` for anything it cannot embed."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import (
    CreditFactory,
    DepartmentFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    RoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def reader():
    """Signed in, so answers never come from the page cache."""
    client = APIClient()
    client.force_authenticate(UserFactory())
    return client


def results(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


def featured_post(person, **kwargs):
    post = PostFactory(**kwargs)
    post.featured_people.add(person)
    return post


def add_person_with_everything(index: int) -> None:
    crew = PersonFactory(name=f"Crew {index}", user=UserFactory())
    CreditFactory(person=crew)
    featured_post(crew, title=f"Featured {index}").crafts.add(DepartmentFactory())
    PostFactory(author=crew.user, title=f"Written {index}")


def add_credit(index: int) -> None:
    CreditFactory(person=PersonFactory(name=f"Credited {index}"))


def add_post(index: int) -> None:
    post = featured_post(PersonFactory(), title=f"Post {index}")
    post.crafts.add(DepartmentFactory())


def add_production(index: int) -> None:
    production = ProductionFactory(title=f"Production {index}")
    CreditFactory(production=production)
    PostFactory(production=production)


# --- what each expansion embeds ------------------------------------------------


def test_people_expand_credits_with_production_and_role(api):
    credit = CreditFactory(character="Ilse")
    plain = results(api.get("/api/v1/people/"))
    assert "credits" not in plain[0] and "posts" not in plain[0]
    [row] = results(api.get("/api/v1/people/?expand=credits"))
    [embedded] = row["credits"]
    assert embedded["production"]["slug"] == credit.production.slug
    assert embedded["role_slug"] == credit.role.slug
    assert embedded["character"] == "Ilse"


def test_people_expand_posts_they_feature_in_or_wrote_newest_first(api):
    person = PersonFactory(user=UserFactory())
    now = timezone.now()
    featured_post(person, title="Featured", published_at=now)
    PostFactory(author=person.user, title="Written", published_at=now)
    PostFactory(title="Someone else's")
    older = featured_post(person, title="Older")
    older.published_at = now - datetime.timedelta(days=3)
    older.save(update_fields=["published_at"])
    [row] = results(api.get(f"/api/v1/people/?expand=posts&search={person.name}"))
    titles = [post["title"] for post in row["posts"]]
    assert titles[-1] == "Older"
    assert sorted(titles[:2]) == ["Featured", "Written"]
    detail = api.get(f"/api/v1/people/{person.slug}/?expand=posts").json()
    assert [post["title"] for post in detail["posts"]] == titles
    assert "credits" in detail  # always on one person


def test_people_expand_posts_never_shows_unpublished_or_embargoed_ones(api):
    person = PersonFactory(user=UserFactory())
    featured_post(person, title="Out")
    featured_post(person, title="Draft", draft=True)
    featured_post(person, title="Pending", pending=True)
    featured_post(
        person,
        title="Embargoed",
        publish_at=timezone.now() + datetime.timedelta(days=2),
    )
    PostFactory(author=person.user, title="Written draft", draft=True)
    detail = api.get(f"/api/v1/people/{person.slug}/?expand=posts").json()
    assert [post["title"] for post in detail["posts"]] == ["Out"]


def test_people_expand_posts_caps_each_person(api):
    person = PersonFactory()
    for index in range(23):
        featured_post(person, title=f"Post {index}")
    detail = api.get(f"/api/v1/people/{person.slug}/?expand=posts").json()
    assert len(detail["posts"]) == 20


def test_posts_expand_crafts_replaces_slugs_with_departments(api):
    lighting = DepartmentFactory(name="Practical Lighting", slug="lighting-dept")
    post = featured_post(PersonFactory(name="Ada Grey"))
    post.crafts.add(lighting)
    [plain] = results(api.get("/api/v1/posts/"))
    assert plain["crafts"] == ["lighting-dept"]
    [row] = results(
        api.get("/api/v1/posts/?expand=production,media,featured_people,crafts")
    )
    assert row["crafts"][0]["slug"] == "lighting-dept"
    assert row["crafts"][0]["name"] == "Practical Lighting"
    assert row["production"]["slug"] == post.production.slug
    assert row["featured_people"][0]["name"] == "Ada Grey"
    assert row["media"] == []
    detail = api.get(f"/api/v1/posts/{post.slug}/?expand=crafts").json()
    assert detail["crafts"][0]["name"] == "Practical Lighting"


def test_credits_expand_person_role_and_production(api):
    credit = CreditFactory(role=RoleFactory(name="Gaffer"))
    [plain] = results(api.get("/api/v1/credits/"))
    assert plain["person"] == credit.person.slug
    assert plain["role"] == credit.role.slug
    assert plain["production"] == credit.production.slug
    [row] = results(api.get("/api/v1/credits/?expand=person,role,production"))
    assert row["person"]["slug"] == credit.person.slug
    assert row["person"]["name"] == credit.person.name
    assert row["role"]["name"] == "Gaffer"
    assert row["role"]["department"] == credit.role.department.slug
    assert row["production"]["title"] == credit.production.title
    assert row["person_name"] == credit.person.name  # the flat fields stay
    detail = api.get(f"/api/v1/credits/{credit.pk}/?expand=role").json()
    assert detail["role"]["slug"] == credit.role.slug
    assert detail["person"] == credit.person.slug


def test_productions_expand_as_before(api):
    production = ProductionFactory()
    CreditFactory(production=production)
    PostFactory(production=production, title="Night shoot")
    [row] = results(api.get("/api/v1/productions/?expand=credits,posts"))
    assert len(row["credits"]) == 1
    assert [post["title"] for post in row["posts"]] == ["Night shoot"]
    [plain] = results(api.get("/api/v1/productions/"))
    assert "credits" not in plain and "posts" not in plain


def test_embedded_posts_keep_their_own_shape(api):
    """A post inside a person or a production does not take their expansions."""
    person = PersonFactory()
    post = featured_post(person)
    post.crafts.add(DepartmentFactory(slug="set-decoration-x"))
    detail = api.get(f"/api/v1/people/{person.slug}/?expand=posts,credits").json()
    assert detail["posts"][0]["crafts"] == ["set-decoration-x"]


def test_writes_ignore_expand(api, curator):
    client = APIClient()
    client.force_authenticate(curator)
    response = client.post(
        "/api/v1/people/?expand=nonsense", {"name": "New Person"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert "posts" not in response.json()


# --- queries do not grow with the page -----------------------------------------

PAGES = [
    ("/api/v1/people/?expand=credits,posts", add_person_with_everything),
    ("/api/v1/credits/?expand=person,role,production", add_credit),
    ("/api/v1/posts/?expand=production,media,featured_people,crafts", add_post),
    ("/api/v1/productions/?expand=credits,posts", add_production),
]


@pytest.mark.parametrize(("url", "add_row"), PAGES)
def test_a_page_with_expand_takes_as_many_queries_for_2_rows_as_for_10(
    reader, url, add_row
):
    for index in range(2):
        add_row(index)
    few = queries_for(reader, url)
    for index in range(2, 10):
        add_row(index)
    with CaptureQueriesContext(connection) as queries:
        rows = results(reader.get(url))
    assert len(rows) >= 10
    assert len(queries) == few


# --- what cannot be expanded -----------------------------------------------------

UNKNOWN = [
    ("/api/v1/people/", "credits, posts"),
    ("/api/v1/credits/", "person, role, production"),
    ("/api/v1/posts/", "production, media, featured_people, crafts"),
    ("/api/v1/productions/", "credits, seasons, runs, versions, posts"),
]


@pytest.mark.parametrize(("url", "valid"), UNKNOWN)
def test_an_unknown_expansion_is_a_400_listing_the_valid_ones(api, url, valid):
    CreditFactory()
    PostFactory()
    response = api.get(f"{url}?expand=foo")
    assert response.status_code == 400, response.content
    assert response.json()["expand"] == [f"Unknown expansion 'foo'. Valid: {valid}."]


def test_an_unknown_expansion_on_a_detail_is_a_400(api):
    credit = CreditFactory()
    post = PostFactory()
    for url in (
        f"/api/v1/people/{credit.person.slug}/",
        f"/api/v1/credits/{credit.pk}/",
        f"/api/v1/posts/{post.slug}/",
        f"/api/v1/productions/{credit.production.slug}/",
    ):
        response = api.get(f"{url}?expand=credits,foo,crafts.x")
        assert response.status_code == 400, (url, response.content)
        assert "expand" in response.json()


def test_a_nested_expansion_is_a_400_naming_expand(api):
    CreditFactory()
    response = api.get("/api/v1/people/?expand=credits.production")
    assert response.status_code == 400, response.content
    [message] = response.json()["expand"]
    assert "'credits.production' is nested too deep" in message
    assert "Valid: credits, posts." in message


def test_the_schema_documents_expand_with_its_valid_values(api):
    schema = api.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    expected = {
        "/api/v1/people/": ["credits", "posts"],
        "/api/v1/people/{slug}/": ["credits", "posts"],
        "/api/v1/credits/": ["person", "role", "production"],
        "/api/v1/credits/{id}/": ["person", "role", "production"],
        "/api/v1/posts/": ["production", "media", "featured_people", "crafts"],
        "/api/v1/posts/{slug}/": ["production", "media", "featured_people", "crafts"],
        "/api/v1/productions/": ["credits", "seasons", "runs", "versions", "posts"],
    }
    for path, names in expected.items():
        [parameter] = [
            parameter
            for parameter in paths[path]["get"]["parameters"]
            if parameter["name"] == "expand"
        ]
        assert sorted(parameter["schema"]["items"]["enum"]) == sorted(names), path
        assert parameter["explode"] is False
