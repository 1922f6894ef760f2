import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from productions.models import (
    Credit,
    Person,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
)
from tests.factories import (
    CreditFactory,
    PersonFactory,
    ProductionFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_title_and_year_and_stays_unique():
    first = ProductionFactory(
        title="The Salt Orchard", release_date=datetime.date(2023, 1, 1)
    )
    second = ProductionFactory(
        title="The Salt Orchard", release_date=datetime.date(2023, 6, 1)
    )
    undated = ProductionFactory(title="The Salt Orchard", release_date=None)
    assert first.slug == "the-salt-orchard-2023"
    assert second.slug == "the-salt-orchard-2023-2"
    assert undated.slug == "the-salt-orchard"


def test_slug_is_stable_when_the_title_changes():
    production = ProductionFactory(title="Working Title", release_date=None)
    production.title = "Final Title"
    production.save()
    production.refresh_from_db()
    assert production.slug == "working-title"


def test_slug_falls_back_when_the_title_has_no_ascii_letters():
    production = ProductionFactory(title="東京物語", release_date=None)
    assert production.slug == "production"
    assert PersonFactory(name="李").slug == "person"
    assert PersonFactory(name="Amélie Nørby").slug == "amelie-nrby"


def test_str_and_absolute_url():
    production = ProductionFactory(
        title="Hollow Circuit", kind=ProductionKind.VIDEO_GAME
    )
    assert str(production) == "Hollow Circuit (2024)"
    assert production.get_absolute_url() == f"/productions/{production.slug}/"
    person = PersonFactory(name="Ada Brandt")
    assert person.get_absolute_url() == "/people/ada-brandt/"


@pytest.mark.parametrize(
    ("kind", "status", "allowed"),
    [
        (ProductionKind.THEATER, ProductionStatus.RUNNING, True),
        (ProductionKind.THEATER, ProductionStatus.CLOSED, True),
        (ProductionKind.THEATER, ProductionStatus.RELEASED, False),
        (ProductionKind.FILM, ProductionStatus.RELEASED, True),
        (ProductionKind.FILM, ProductionStatus.RUNNING, False),
        (ProductionKind.VIDEO_GAME, ProductionStatus.CLOSED, False),
        (ProductionKind.TV_SERIES, ProductionStatus.IN_PRODUCTION, True),
    ],
)
def test_status_must_fit_the_kind(kind, status, allowed):
    production = Production(title="Show", kind=kind, status=status)
    if allowed:
        production.full_clean()
        production.save()
        return
    with pytest.raises(ValidationError) as error:
        production.full_clean()
    assert "status" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        production.save()


def test_unknown_kind_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Production.objects.create(title="Odd", kind="opera", slug="odd")


def test_a_venue_belongs_to_a_stage_show():
    film = Production(title="Film", kind=ProductionKind.FILM, venue="The Old Vic")
    with pytest.raises(ValidationError) as error:
        film.full_clean()
    assert "venue" in error.value.message_dict


def test_imdb_ids_are_validated():
    production = Production(title="Film", kind=ProductionKind.FILM, imdb_id="12345")
    with pytest.raises(ValidationError) as error:
        production.full_clean()
    assert "imdb_id" in error.value.message_dict
    person = Person(name="Someone", imdb_id="tt0133093")
    with pytest.raises(ValidationError):
        person.full_clean()


def test_credit_is_unique_per_person_role_and_character():
    credit = CreditFactory(character="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.create(
            production=credit.production, person=credit.person, role=credit.role
        )
    duplicate = Credit(
        production=credit.production, person=credit.person, role=credit.role
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_cast_credits_alone_carry_a_character():
    actor = Role.objects.get(slug="actor")
    crew = RoleFactory(name="Gaffer", slug="gaffer-test")
    production = ProductionFactory()
    person = PersonFactory()
    Credit(
        production=production, person=person, role=actor, character="Ilse"
    ).full_clean()
    with pytest.raises(ValidationError) as error:
        Credit(
            production=production, person=person, role=crew, character="Ilse"
        ).full_clean()
    assert "character" in error.value.message_dict


def test_role_must_exist_on_the_production_kind():
    role = RoleFactory(name="Stage Manager X", slug="sm-x", production_kinds="theater")
    film = ProductionFactory(kind=ProductionKind.FILM)
    with pytest.raises(ValidationError) as error:
        Credit(production=film, person=PersonFactory(), role=role).full_clean()
    assert "role" in error.value.message_dict


def test_person_queries():
    production = ProductionFactory()
    people = PersonFactory.create_batch(3)
    for person in people:
        CreditFactory(production=production, person=person)
    assert set(Person.objects.worked_with(people[0])) == set(people)
    assert list(Production.objects.for_person(people[0])) == [production]
    assert people[0].is_credited_on(production)
    assert not PersonFactory().is_credited_on(production)
