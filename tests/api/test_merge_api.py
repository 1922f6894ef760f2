"""Merging duplicates through the API: POST /api/v1/people|productions/{slug}/merge/,
and the 301 a merged record's address answers with."""

import pytest
from rest_framework.test import APIClient

from productions.models import Credit, MergeRecord, Person, Production
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def curator_api(curator):
    client = APIClient()
    client.force_authenticate(curator)
    return client


@pytest.fixture
def pair():
    duplicate = PersonFactory(name="Marta Ilves")
    survivor = PersonFactory(name="Marta Ilves-Kask")
    credit = CreditFactory(person=duplicate)
    return duplicate, survivor, credit


def merge_url(slug: str, kind: str = "people") -> str:
    return f"/api/v1/{kind}/{slug}/merge/"


def test_a_curator_merges_two_people(curator_api, pair, curator):
    duplicate, survivor, credit = pair
    response = curator_api.post(
        merge_url(duplicate.slug), {"into": survivor.slug}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["survivor"]["slug"] == survivor.slug
    assert body["record"]["kind"] == "person"
    assert body["record"]["merged_slug"] == duplicate.slug
    assert body["record"]["survivor_slug"] == survivor.slug
    assert body["record"]["actor"] == curator.username
    assert body["record"]["moved"]["credits"] == {"count": 1, "ids": [credit.pk]}
    credit.refresh_from_db()
    assert credit.person == survivor


def test_the_merged_persons_address_answers_301_to_the_survivors(
    api, curator_api, pair
):
    duplicate, survivor, _ = pair
    curator_api.post(merge_url(duplicate.slug), {"into": survivor.slug}, format="json")
    response = api.get(f"/api/v1/people/{duplicate.slug}/?format=json")
    assert response.status_code == 301
    assert response["Location"] == (
        f"http://testserver/api/v1/people/{survivor.slug}/?format=json"
    )
    assert api.get(response["Location"]).status_code == 200
    listed = [row["slug"] for row in api.get("/api/v1/people/").json()["results"]]
    assert duplicate.slug not in listed
    assert survivor.slug in listed
    # Nothing more may be written to the merged person.
    assert (
        curator_api.patch(
            f"/api/v1/people/{duplicate.slug}/", {"bio": "x"}, format="json"
        ).status_code
        == 404
    )


def test_a_credit_cannot_name_a_merged_person(curator_api, pair):
    duplicate, survivor, credit = pair
    curator_api.post(merge_url(duplicate.slug), {"into": survivor.slug}, format="json")
    response = curator_api.post(
        "/api/v1/credits/",
        {
            "production": credit.production.slug,
            "person": duplicate.slug,
            "role": credit.role.slug,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()


def test_anonymous_visitors_and_fans_may_not_merge(api, fan, pair):
    duplicate, survivor, _ = pair
    body = {"into": survivor.slug}
    assert api.post(merge_url(duplicate.slug), body, format="json").status_code == 401
    api.force_authenticate(fan)
    assert api.post(merge_url(duplicate.slug), body, format="json").status_code == 403
    assert not MergeRecord.objects.exists()
    assert Person.objects.get(pk=duplicate.pk).merged_into is None


def test_a_crew_account_may_not_merge(api, crew_person, pair):
    duplicate, survivor, _ = pair
    api.force_authenticate(crew_person.user)
    response = api.post(
        merge_url(duplicate.slug), {"into": survivor.slug}, format="json"
    )
    assert response.status_code == 403


def assert_refused(client, slug: str, body: dict, expected: str) -> None:
    before = (
        list(Credit.objects.values_list("pk", "person_id")),
        list(Person.objects.values_list("pk", "merged_into_id", "user_id")),
        MergeRecord.objects.count(),
    )
    response = client.post(merge_url(slug), body, format="json")
    assert response.status_code == 400, response.json()
    assert expected in " ".join(response.json()["into"])
    after = (
        list(Credit.objects.values_list("pk", "person_id")),
        list(Person.objects.values_list("pk", "merged_into_id", "user_id")),
        MergeRecord.objects.count(),
    )
    assert after == before


def test_merging_a_person_into_themselves_is_a_400(curator_api, pair):
    duplicate, _, _ = pair
    assert_refused(curator_api, duplicate.slug, {"into": duplicate.slug}, "itself")


def test_an_unknown_survivor_is_a_400(curator_api, pair):
    duplicate, _, _ = pair
    assert_refused(
        curator_api, duplicate.slug, {"into": "nobody-here"}, "No person has the slug"
    )


def test_a_missing_survivor_is_a_400(curator_api, pair):
    duplicate, _, _ = pair
    response = curator_api.post(merge_url(duplicate.slug), {}, format="json")
    assert response.status_code == 400
    assert "into" in response.json()


def test_merging_into_a_merged_person_is_a_400(curator_api, pair, curator):
    duplicate, survivor, _ = pair
    third = PersonFactory()
    curator_api.post(merge_url(survivor.slug), {"into": third.slug}, format="json")
    assert_refused(
        curator_api, duplicate.slug, {"into": survivor.slug}, "has itself been merged"
    )


def test_merging_a_merged_person_again_is_a_400(curator_api, pair):
    duplicate, survivor, _ = pair
    third = PersonFactory()
    curator_api.post(merge_url(duplicate.slug), {"into": survivor.slug}, format="json")
    assert_refused(
        curator_api, duplicate.slug, {"into": third.slug}, "already been merged"
    )


def test_two_crew_accounts_are_a_400(curator_api, pair):
    duplicate, survivor, _ = pair
    duplicate.user = UserFactory(username="one")
    duplicate.save()
    survivor.user = UserFactory(username="two")
    survivor.save()
    assert_refused(
        curator_api, duplicate.slug, {"into": survivor.slug}, "each have a crew account"
    )


def test_an_unknown_person_to_merge_is_a_404(curator_api, pair):
    _, survivor, _ = pair
    response = curator_api.post(
        merge_url("nobody-here"), {"into": survivor.slug}, format="json"
    )
    assert response.status_code == 404


def test_a_curator_merges_two_productions(api, curator_api):
    duplicate = ProductionFactory(title="Salt Orchard")
    survivor = ProductionFactory(title="The Salt Orchard")
    post = PostFactory(production=duplicate)
    response = curator_api.post(
        merge_url(duplicate.slug, "productions"),
        {"into": survivor.slug},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["survivor"]["slug"] == survivor.slug
    assert response.json()["record"]["moved"]["posts"]["ids"] == [post.pk]
    response = api.get(f"/api/v1/productions/{duplicate.slug}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/productions/{survivor.slug}/")
    listed = [row["slug"] for row in api.get("/api/v1/productions/").json()["results"]]
    assert listed == [survivor.slug]
    assert Production.objects.get(pk=duplicate.pk).merged_into == survivor


def test_a_production_merge_into_itself_is_a_400(curator_api):
    production = ProductionFactory()
    response = curator_api.post(
        merge_url(production.slug, "productions"),
        {"into": production.slug},
        format="json",
    )
    assert response.status_code == 400
    assert "itself" in " ".join(response.json()["into"])


def test_the_schema_documents_both_merges(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    for kind in ("people", "productions"):
        operation = schema["paths"][f"/api/v1/{kind}/{{slug}}/merge/"]["post"]
        assert {"200", "400", "401", "403", "404"} <= set(operation["responses"])
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith("MergeSerializer") or "Merge" in body["$ref"]
