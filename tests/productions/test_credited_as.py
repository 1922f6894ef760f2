"""A credit's ``credited_as``: the name on screen when it differs from the
person's, shown on the pages, read and written through the API, carried by
export and import."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from productions.models import Credit, Episode, ProductionKind, Role, Season
from showcase import transfer
from tests.factories import CreditFactory, PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane():
    return PersonFactory(name="Jane Doe")


@pytest.fixture
def film_credit(jane):
    film = ProductionFactory(title="The Salt Orchard")
    return CreditFactory(
        production=film,
        person=jane,
        role=Role.objects.get(slug="director-of-photography"),
        credited_as="J. D. Ames",
    )


def series_with_episodes(person, names):
    """A series whose episodes credit ``person`` as Director of Photography, the
    n-th episode under ``names[n]`` ("" for the person's own name)."""
    series = ProductionFactory(title="Tidewater", kind=ProductionKind.TV_SERIES)
    season = Season.objects.create(production=series, number=1)
    dp = Role.objects.get(slug="director-of-photography")
    episodes = []
    for number, name in enumerate(names, start=1):
        episode = Episode.objects.create(
            season=season,
            number=number,
            title=f"Chapter {number}",
            air_date=datetime.date(2024, 3, number),
        )
        CreditFactory(
            production=series, person=person, role=dp, episode=episode, credited_as=name
        )
        episodes.append(episode)
    return series, episodes


# --- Model --------------------------------------------------------------------------
def test_credited_as_is_optional_and_limited_to_200_characters(jane):
    credit = CreditFactory(person=jane)
    assert credit.credited_as == ""
    credit.credited_as = "x" * 201
    with pytest.raises(ValidationError) as error:
        credit.full_clean()
    assert "credited_as" in error.value.message_dict


# --- Pages --------------------------------------------------------------------------
def test_the_production_page_shows_the_name_on_screen(client, film_credit):
    page = client.get(film_credit.production.get_absolute_url()).content.decode()
    assert 'Jane Doe</a> <span class="credited-as">(as J. D. Ames)</span>' in page


def test_the_person_page_shows_the_name_each_credit_used(client, film_credit, jane):
    CreditFactory(person=jane, role=Role.objects.get(slug="gaffer"))
    page = client.get(jane.get_absolute_url()).content.decode()
    assert page.count("(credited as J. D. Ames)") == 1


def test_a_credit_under_the_persons_own_name_shows_nothing_more(client, jane):
    credit = CreditFactory(person=jane, role=Role.objects.get(slug="gaffer"))
    page = client.get(credit.production.get_absolute_url()).content.decode()
    assert "Jane Doe" in page and "credited-as" not in page


def test_the_episode_page_shows_the_name_on_screen(client, jane):
    _, episodes = series_with_episodes(jane, ["J. D. Ames", ""])
    first = client.get(episodes[0].get_absolute_url()).content.decode()
    second = client.get(episodes[1].get_absolute_url()).content.decode()
    assert "(as J. D. Ames)" in first
    assert "Jane Doe" in second and "credited-as" not in second


def test_a_folded_episode_line_names_every_name_used_once(client, jane):
    series, _ = series_with_episodes(jane, ["J. D. Ames", "", "Jay Ames", "J. D. Ames"])
    for url in (series.get_absolute_url(), jane.get_absolute_url()):
        page = client.get(url).content.decode()
        assert page.count("Director of Photography") == 1
        assert "J. D. Ames / Jay Ames)" in page
        assert "· 4 episodes" in page


# --- API ----------------------------------------------------------------------------
def test_curators_write_credited_as_and_everyone_reads_it(curator, jane):
    film = ProductionFactory(title="The Salt Orchard")
    writer = APIClient()
    writer.force_authenticate(curator)

    created = writer.post(
        "/api/v1/credits/",
        {
            "production": film.slug,
            "person": jane.slug,
            "role": "actor",
            "character": "Ophelia",
            "credited_as": "J. D. Ames",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["credited_as"] == "J. D. Ames"
    credit = Credit.objects.get(pk=created.json()["id"])
    assert credit.credited_as == "J. D. Ames"

    too_long = writer.patch(
        f"/api/v1/credits/{credit.pk}/", {"credited_as": "x" * 201}, format="json"
    )
    assert too_long.status_code == 400
    assert "credited_as" in too_long.json()

    reader = APIClient()
    detail = reader.get(f"/api/v1/credits/{credit.pk}/").json()
    assert detail["credited_as"] == "J. D. Ames"
    production = reader.get(f"/api/v1/productions/{film.slug}/").json()
    assert [row["credited_as"] for row in production["credits"]] == ["J. D. Ames"]
    person = reader.get(f"/api/v1/people/{jane.slug}/").json()
    assert [row["credited_as"] for row in person["credits"]] == ["J. D. Ames"]


def test_a_credit_written_without_credited_as_has_none(curator, jane):
    film = ProductionFactory(title="The Salt Orchard")
    writer = APIClient()
    writer.force_authenticate(curator)
    created = writer.post(
        "/api/v1/credits/",
        {"production": film.slug, "person": jane.slug, "role": "gaffer"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["credited_as"] == ""


# --- Export and import --------------------------------------------------------------
def test_export_and_import_carry_credited_as(film_credit):
    data = transfer.catalogue_export()
    assert [row["credited_as"] for row in data["credits"]] == ["J. D. Ames"]

    data["credits"][0]["credited_as"] = "  Jay Ames  "
    transfer.catalogue_import_file(content=json.dumps(data).encode())

    film_credit.refresh_from_db()
    assert film_credit.credited_as == "Jay Ames"
