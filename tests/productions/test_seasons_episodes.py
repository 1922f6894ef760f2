"""Seasons and episodes of TV series, and credits scoped to an episode."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from productions.models import (
    Credit,
    Episode,
    ProductionKind,
    ProductionStatus,
    Role,
    Season,
)
from productions.selectors import credit_lines
from tests.factories import CreditFactory, PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return ProductionFactory(
        title="Tidewater",
        kind=ProductionKind.TV_SERIES,
        status=ProductionStatus.RELEASED,
        release_date=datetime.date(2024, 3, 1),
    )


def make_season(series, number=1, **fields) -> Season:
    return Season.objects.create(production=series, number=number, **fields)


def make_episode(season, number=1, **fields) -> Episode:
    fields.setdefault("title", f"Episode {number}")
    return Episode.objects.create(season=season, number=number, **fields)


def messages(error) -> dict:
    return error.value.message_dict


def test_season_and_episode_read_as_the_series_lists_them(series):
    season = make_season(series, title="The Flood Year")
    episode = make_episode(season, 3, title="The Lighthouse")
    assert str(season) == "Tidewater, season 1: The Flood Year"
    assert str(episode) == "Tidewater S1E3 · The Lighthouse"
    assert episode.get_absolute_url() == (
        f"/productions/{series.slug}/season/1/episode/3/"
    )
    assert season.get_absolute_url() == f"/productions/{series.slug}/#season-1"


def test_only_tv_series_have_seasons():
    film = ProductionFactory(kind=ProductionKind.FILM)
    with pytest.raises(ValidationError) as error:
        Season(production=film, number=1).full_clean()
    assert "Only TV series have seasons" in messages(error)["production"][0]


def test_a_series_with_seasons_stays_a_series(series):
    make_season(series)
    series.kind = ProductionKind.FILM
    with pytest.raises(ValidationError) as error:
        series.full_clean()
    assert "kind" in messages(error)


def test_season_number_clash_is_a_field_error_and_refused_by_the_database(series):
    make_season(series, 1)
    with pytest.raises(ValidationError) as error:
        Season(production=series, number=1).full_clean()
    assert messages(error) == {"number": ["Tidewater already has a season 1."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        Season.objects.create(production=series, number=1)
    other = ProductionFactory(kind=ProductionKind.TV_SERIES)
    Season(production=other, number=1).full_clean()


def test_season_and_episode_numbers_start_at_one(series):
    with pytest.raises(ValidationError) as error:
        Season(production=series, number=0).full_clean()
    assert "number" in messages(error)
    season = make_season(series)
    with pytest.raises(ValidationError) as error:
        Episode(season=season, number=0, title="Zero").full_clean()
    assert "number" in messages(error)


def test_a_season_cannot_end_before_it_starts(series):
    season = Season(
        production=series,
        number=1,
        start_date=datetime.date(2024, 5, 1),
        end_date=datetime.date(2024, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        season.full_clean()
    assert messages(error) == {"end_date": ["A season cannot end before it starts."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        season.save()


def test_episode_number_clash_is_a_field_error(series):
    season = make_season(series)
    make_episode(season, 1)
    with pytest.raises(ValidationError) as error:
        Episode(season=season, number=1, title="Again").full_clean()
    assert messages(error) == {"number": ["Season 1 already has an episode 1."]}
    Episode(season=make_season(series, 2), number=1, title="Fine").full_clean()


def test_an_episode_credit_must_be_on_the_episodes_production(series):
    episode = make_episode(make_season(series))
    other = ProductionFactory(kind=ProductionKind.TV_SERIES, title="Other Show")
    credit = Credit(
        production=other,
        person=PersonFactory(),
        role=Role.objects.get(slug="director"),
        episode=episode,
    )
    with pytest.raises(ValidationError) as error:
        credit.full_clean()
    assert "not of Other Show" in messages(error)["episode"][0]


def test_same_person_and_role_once_per_episode_and_once_series_wide(series):
    season = make_season(series)
    first, second = make_episode(season, 1), make_episode(season, 2)
    person, director = PersonFactory(), Role.objects.get(slug="director")
    for episode in (None, first, second):
        credit = Credit(
            production=series, person=person, role=director, episode=episode
        )
        credit.full_clean()
        credit.save()
    again = Credit(production=series, person=person, role=director, episode=first)
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert error.value.messages == [
        "This person already holds this credit on this episode."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()
    with pytest.raises(ValidationError):
        Credit(production=series, person=person, role=director).full_clean()


def test_credit_lines_fold_episode_credits_with_their_years(series):
    first = make_season(series, 1)
    second = make_season(series, 2)
    dates = [datetime.date(2024, 3, 1), datetime.date(2024, 3, 8)]
    dates += [datetime.date(2025, 4, 1), None]
    episodes = [make_episode(first, n, air_date=d) for n, d in enumerate(dates[:2], 1)]
    episodes += [
        make_episode(second, n, air_date=d) for n, d in enumerate(dates[2:], 1)
    ]
    dp = Role.objects.get(slug="director-of-photography")
    person = PersonFactory(name="Marta Ilves")
    for episode in episodes:
        CreditFactory(production=series, person=person, role=dp, episode=episode)
    series_wide = CreditFactory(
        production=series, person=person, role=Role.objects.get(slug="director")
    )
    film_credit = CreditFactory(person=person, role=dp)

    lines = credit_lines(Credit.objects.for_person(person).with_related())
    assert len(lines) == 3
    folded = next(line for line in lines if line.episode_count)
    assert (folded.role, folded.episodes_label, folded.years) == (
        dp,
        "4 episodes",
        "2024–2025",
    )
    unfolded = [line.credits for line in lines if not line.episode_count]
    assert sorted(unfolded, key=lambda credits: credits[0].pk) == [
        [series_wide],
        [film_credit],
    ]


def test_admin_edits_seasons_on_a_series_and_episodes_on_a_season(client, curator):
    client.force_login(curator)
    series = ProductionFactory(title="Tidewater", kind=ProductionKind.TV_SERIES)
    season = make_season(series)
    make_episode(season, 1, title="Pilot")
    page = client.get(f"/admin/productions/production/{series.pk}/change/")
    assert page.status_code == 200
    assert b"seasons-TOTAL_FORMS" in page.content
    film = ProductionFactory(kind=ProductionKind.FILM)
    page = client.get(f"/admin/productions/production/{film.pk}/change/")
    assert b"seasons-TOTAL_FORMS" not in page.content
    page = client.get(f"/admin/productions/season/{season.pk}/change/")
    assert page.status_code == 200 and b"Pilot" in page.content


def test_admin_refuses_an_episode_of_another_production(client, curator):
    client.force_login(curator)
    series = ProductionFactory(kind=ProductionKind.TV_SERIES)
    episode = make_episode(make_season(series))
    other = ProductionFactory(kind=ProductionKind.TV_SERIES, title="Other Show")
    response = client.post(
        "/admin/productions/credit/add/",
        {
            "production": other.pk,
            "person": PersonFactory().pk,
            "role": Role.objects.get(slug="director").pk,
            "character": "",
            "episode": episode.pk,
            "billing_order": 100,
        },
    )
    assert response.status_code == 200
    assert "not of Other Show" in str(response.context["adminform"].form.errors)
    assert not Credit.objects.exists()


def test_a_series_wide_credit_in_a_file_leaves_the_episode_credit_alone(series):
    from showcase import transfer

    director = Role.objects.get(slug="director")
    person = PersonFactory(name="Marta Ilves")
    episode_credit = CreditFactory(
        production=series,
        person=person,
        role=director,
        episode=make_episode(make_season(series)),
        billing_order=7,
    )
    exported = transfer.catalogue_export()["credits"]
    assert [(row["season"], row["episode"]) for row in exported] == [(1, 1)]
    transfer.catalogue_import(
        document=transfer.catalogue_parse(
            content=json.dumps(
                {
                    "credits": [
                        {
                            "production": series.slug,
                            "person": person.slug,
                            "role": "director",
                            "billing_order": 1,
                        }
                    ]
                }
            ).encode(),
            file_format="json",
        )
    )
    episode_credit.refresh_from_db()
    assert episode_credit.billing_order == 7
    assert Credit.objects.series_wide().get().billing_order == 1
