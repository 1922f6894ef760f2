"""The public pages that exist so far answer, and show only published posts."""

import pytest

from tests.factories import (
    CreditFactory,
    PostFactory,
    ProductionFactory,
)

pytestmark = pytest.mark.django_db


def test_home_production_person_and_post_pages(client, crew_person):
    production = ProductionFactory(title="The Salt Orchard")
    credit = CreditFactory(production=production, person=crew_person)
    published = PostFactory(production=production, title="Harbour night shoot")
    published.featured_people.add(crew_person)
    PostFactory(production=production, title="Secret pending post", pending=True)

    for url in [
        "/",
        production.get_absolute_url(),
        crew_person.get_absolute_url(),
        published.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Secret pending post" not in page
    page = client.get(production.get_absolute_url()).content.decode()
    assert "Harbour night shoot" in page
    assert credit.role.name in page


def test_pending_posts_are_not_found_but_their_author_sees_them(client, crew_person):
    post = PostFactory(pending=True, author=crew_person.user)
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(crew_person.user)
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "only visible to you" in response.content.decode()


def test_unknown_slugs_get_the_404_page(client):
    response = client.get("/productions/no-such-thing/")
    assert response.status_code == 404
    assert "couldn't find that page" in response.content.decode()
    assert client.get("/crafts/cast/").status_code == 404
