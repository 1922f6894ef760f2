"""The admin's "Merge the selected …" action: the confirmation page with its
preview, the merge itself, refusals as messages, and the read-only record."""

import pytest
from django.urls import reverse

from productions.models import MergeRecord, Person, Production
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PEOPLE = reverse("admin:productions_person_changelist")
PRODUCTIONS = reverse("admin:productions_production_changelist")


@pytest.fixture(params=["superuser", "curator"])
def staff_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.fixture
def pair():
    duplicate = PersonFactory(name="Marta Ilves")
    survivor = PersonFactory(name="Marta Ilves-Kask")
    CreditFactory(person=duplicate)
    CreditFactory(person=duplicate)
    PostFactory().featured_people.add(duplicate)
    return duplicate, survivor


def select(*records, **extra) -> dict:
    return {
        "action": "merge_selected",
        "_selected_action": [record.pk for record in records],
        **extra,
    }


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_confirmation_page_previews_what_moves(staff_client, pair):
    duplicate, survivor = pair
    response = staff_client.post(PEOPLE, select(duplicate, survivor))
    assert response.status_code == 200
    assert response.templates[0].name == "admin/merge_confirmation.html"
    options = {
        option["merged"].pk: dict(option["moves"])
        for option in response.context["options"]
    }
    assert options[duplicate.pk]["credits"] == 2
    assert options[duplicate.pk]["posts featuring them"] == 1
    assert options[survivor.pk]["credits"] == 0
    assert not Person.objects.exclude(merged_into=None).exists()  # nothing yet


def test_confirming_merges_and_records_it(staff_client, pair):
    duplicate, survivor = pair
    response = staff_client.post(
        PEOPLE,
        select(duplicate, survivor, post="yes", survivor=survivor.pk),
        follow=True,
    )
    assert response.status_code == 200
    assert any(
        "Merged Marta Ilves into Marta Ilves-Kask: moved 2 credits" in text
        for text in messages_of(response)
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert survivor.credits.count() == 2
    record = MergeRecord.objects.get()
    change_page = reverse("admin:productions_mergerecord_change", args=[record.pk])
    page = staff_client.get(change_page)
    assert page.status_code == 200
    assert b"Marta Ilves" in page.content
    assert b"<pre>" in page.content
    assert staff_client.get(reverse("admin:productions_mergerecord_changelist"))
    assert (
        staff_client.get(reverse("admin:productions_mergerecord_add")).status_code
        == 403
    )


def test_selecting_other_than_two_is_refused_with_a_message(staff_client, pair):
    duplicate, survivor = pair
    third = PersonFactory()
    response = staff_client.post(
        PEOPLE, select(duplicate, survivor, third), follow=True
    )
    assert "Select exactly two people to merge." in messages_of(response)
    assert not MergeRecord.objects.exists()


def test_two_crew_accounts_are_shown_refused_and_refused_on_confirm(staff_client, pair):
    duplicate, survivor = pair
    for person, name in ((duplicate, "one"), (survivor, "two")):
        person.user = UserFactory(username=name)
        person.save()
    page = staff_client.post(PEOPLE, select(duplicate, survivor))
    assert not page.context["mergeable"]
    assert all(
        "each have a crew account" in o["refused"] for o in page.context["options"]
    )
    response = staff_client.post(
        PEOPLE,
        select(duplicate, survivor, post="yes", survivor=survivor.pk),
        follow=True,
    )
    assert any("each have a crew account" in text for text in messages_of(response))
    assert not MergeRecord.objects.exists()
    assert Person.objects.get(pk=duplicate.pk).merged_into is None


def test_a_confirmation_without_a_survivor_asks_again(staff_client, pair):
    duplicate, survivor = pair
    response = staff_client.post(PEOPLE, select(duplicate, survivor, post="yes"))
    assert response.status_code == 200
    assert response.context["error"] == "Pick the person that stays."
    assert not MergeRecord.objects.exists()


def test_staff_without_curating_permissions_cannot_merge(client, pair):
    duplicate, survivor = pair
    staff = UserFactory(username="helper", is_staff=True)
    client.force_login(staff)
    client.post(PEOPLE, select(duplicate, survivor, post="yes", survivor=survivor.pk))
    assert not MergeRecord.objects.exists()


def test_productions_merge_from_their_changelist(staff_client):
    duplicate = ProductionFactory(title="Salt Orchard")
    survivor = ProductionFactory(title="The Salt Orchard")
    PostFactory(production=duplicate)
    page = staff_client.post(PRODUCTIONS, select(duplicate, survivor))
    assert page.templates[0].name == "admin/merge_confirmation.html"
    staff_client.post(
        PRODUCTIONS, select(duplicate, survivor, post="yes", survivor=survivor.pk)
    )
    assert Production.objects.get(pk=duplicate.pk).merged_into == survivor
    assert survivor.posts.count() == 1
