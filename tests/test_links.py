"""Detail addresses are the ones Django's reverse() gives, wherever the site is
mounted."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from bts_catalog.links import slug_url
from tests.factories import PersonFactory, PostFactory, ProductionFactory


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["/", "/catalogue/"])
def test_detail_addresses_match_reverse(prefix):
    set_script_prefix(prefix)
    try:
        post = PostFactory(production=ProductionFactory(title="The Salt Orchard"))
        person = PersonFactory(name="Ada Lind")
        expected = {
            post.production.get_absolute_url(): reverse(
                "productions:production-detail", kwargs={"slug": post.production.slug}
            ),
            person.get_absolute_url(): reverse(
                "productions:person-detail", kwargs={"slug": person.slug}
            ),
            post.get_absolute_url(): reverse(
                "media_assets:post-detail", kwargs={"slug": post.slug}
            ),
        }
        for fast, slow in expected.items():
            assert fast == slow
            assert fast.startswith(prefix)
    finally:
        set_script_prefix("/")


def test_a_value_that_is_no_slug_is_refused_as_reverse_refuses_it():
    with pytest.raises(NoReverseMatch):
        slug_url("productions:production-detail", "not a slug/..")
    with pytest.raises(NoReverseMatch):
        slug_url("productions:production-detail", "")


@pytest.mark.django_db
def test_pages_link_with_the_cached_addresses(client):
    production = ProductionFactory(title="The Salt Orchard")
    response = client.get("/productions/")
    assert f'href="/productions/{production.slug}/"'.encode() in response.content


@override_settings(ROOT_URLCONF="bench.urls")
def test_another_urlconf_gets_its_own_addresses():
    assert slug_url("productions:production-detail", "x") == "/productions/x/"
