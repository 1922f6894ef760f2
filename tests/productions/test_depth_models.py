"""The catalogue's depth, at the model: partial dates, venues, runs and
performances, game versions, music video tracks, credits scoped to a run, aliases
and other titles."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bts_catalog.partial_dates import DatePrecision, PartialDate
from productions.models import (
    AlternativeTitle,
    Credit,
    GameVersion,
    Performance,
    PerformanceKind,
    Person,
    PersonAlias,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Venue,
)
from tests.factories import PersonFactory, ProductionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def musical():
    return ProductionFactory(
        title="The Lantern Road",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
    )


@pytest.fixture
def venue():
    return Venue.objects.create(
        name="The Old Quay Theatre", city="Bristol", country="UK"
    )


def make_run(production, venue, opening=(2025, 11, 14), closing=(2026, 1, 10), **kw):
    return Run.objects.create(
        production=production,
        venue=venue,
        opening_date=datetime.date(*opening),
        closing_date=datetime.date(*closing) if closing else None,
        **kw,
    )


# Partial dates


@pytest.mark.parametrize(
    "text, shown, precision",
    [
        ("1956", "1956", DatePrecision.YEAR),
        ("1956-05", "May 1956", DatePrecision.MONTH),
        ("1956-05-14", "14 May 1956", DatePrecision.DAY),
    ],
)
def test_a_partial_date_keeps_its_precision(text, shown, precision):
    partial = PartialDate.parse(text)
    assert (str(partial), partial.precision, partial.isoformat()) == (
        shown,
        precision,
        text,
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("1956--12", "A date with a day needs its month"),
        ("1956-13", "The month is between 1 and 12."),
        ("1956-02-30", "February 1956 has no day 30."),
        ("May 1956", "Write the date as YYYY, YYYY-MM or YYYY-MM-DD"),
        ("0999", "The year is between"),
    ],
)
def test_a_bad_partial_date_says_what_is_wrong(text, message):
    with pytest.raises(ValidationError) as caught:
        PartialDate.parse(text)
    assert message in caught.value.messages[0]


def test_a_year_only_release_is_stored_as_its_first_day_and_shown_as_the_year():
    film = ProductionFactory(
        kind=ProductionKind.FILM,
        release_date=datetime.date(1956, 8, 20),
        release_date_precision=DatePrecision.YEAR,
    )
    film.refresh_from_db()
    assert film.release_date == datetime.date(1956, 1, 1)
    assert film.release_date_display == "1956"
    assert film.year == 1956
    film.release_date_precision = DatePrecision.MONTH
    film.release_date = datetime.date(1956, 5, 20)
    film.save()
    film.refresh_from_db()
    assert (film.release_date, film.release_date_display) == (
        datetime.date(1956, 5, 1),
        "May 1956",
    )


# Venues, runs and performances


def test_a_venue_has_its_own_address(venue):
    assert venue.slug == "the-old-quay-theatre-bristol"
    assert venue.get_absolute_url() == "/venues/the-old-quay-theatre-bristol/"


def test_a_run_that_closes_before_it_opens_is_a_field_error(musical, venue):
    run = Run(
        production=musical,
        venue=venue,
        opening_date=datetime.date(2026, 2, 1),
        closing_date=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        run.full_clean()
    assert caught.value.message_dict["closing_date"] == [
        "A run cannot close before it opens."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        run.save()
    assert not Run.objects.exists()


def test_only_theater_productions_have_runs(venue):
    film = ProductionFactory(kind=ProductionKind.FILM)
    run = Run(production=film, venue=venue, opening_date=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        run.full_clean()
    assert (
        "Only theater productions have runs"
        in caught.value.message_dict["production"][0]
    )


def test_a_performance_outside_its_run_is_a_field_error(musical, venue):
    run = make_run(musical, venue)
    late = Performance(run=run, date=datetime.date(2026, 1, 11))
    with pytest.raises(ValidationError) as caught:
        late.full_clean()
    assert "falls outside it" in caught.value.message_dict["date"][0]
    Performance(run=run, date=datetime.date(2026, 1, 10)).full_clean()


def test_a_run_cannot_be_shortened_past_its_performances(musical, venue):
    run = make_run(musical, venue)
    Performance.objects.create(
        run=run, date=datetime.date(2026, 1, 9), kind=PerformanceKind.UNDERSTUDY
    )
    run.closing_date = datetime.date(2026, 1, 1)
    with pytest.raises(ValidationError) as caught:
        run.full_clean()
    assert (
        "1 of its performances would fall outside the run"
        in (caught.value.message_dict["closing_date"][0])
    )


def test_a_performance_reads_as_its_date_time_and_kind(musical, venue):
    run = make_run(musical, venue)
    press = Performance.objects.create(
        run=run,
        date=datetime.date(2025, 11, 20),
        time=datetime.time(19, 30),
        kind=PerformanceKind.PRESS_NIGHT,
    )
    assert str(press) == "20 Nov 2025, 19:30 · Press night"
    assert run.dates == "14 Nov 2025 – 10 Jan 2026"
    assert make_run(musical, venue, opening=(2026, 3, 1), closing=None).dates == (
        "from 1 Mar 2026"
    )


def test_a_venue_with_runs_cannot_be_deleted(musical, venue):
    make_run(musical, venue)
    with pytest.raises(Exception, match="protected"):
        venue.delete()


# Credits scoped to a run


@pytest.fixture
def actor_role():
    return Role.objects.get(slug="actor")


def test_the_same_role_on_two_runs_is_two_credits(musical, venue, actor_role):
    person = PersonFactory()
    first = make_run(musical, venue)
    second = make_run(
        musical,
        Venue.objects.create(name="Grand Opera House", city="Belfast", country="UK"),
        opening=(2026, 2, 3),
        closing=(2026, 2, 21),
    )
    for run in (first, second):
        Credit.objects.create(
            production=musical,
            person=person,
            role=actor_role,
            character="Ilse",
            run=run,
        )
    Credit.objects.create(
        production=musical, person=person, role=actor_role, character="Ilse"
    )
    assert Credit.objects.filter(person=person).count() == 3
    assert Credit.objects.series_wide().filter(person=person).count() == 1
    duplicate = Credit(
        production=musical, person=person, role=actor_role, character="Ilse", run=first
    )
    with pytest.raises(ValidationError):
        duplicate.validate_constraints()


def test_a_cast_change_is_two_dated_credits_on_one_run(musical, venue, actor_role):
    run = make_run(musical, venue)
    leaving, joining = PersonFactory(), PersonFactory()
    Credit.objects.create(
        production=musical,
        person=leaving,
        role=actor_role,
        character="Ilse",
        run=run,
        end_date=datetime.date(2025, 12, 20),
    )
    Credit.objects.create(
        production=musical,
        person=joining,
        role=actor_role,
        character="Ilse",
        run=run,
        start_date=datetime.date(2025, 12, 21),
    )
    assert Credit.objects.for_run(run).count() == 2


def test_a_credit_on_a_run_of_another_production_is_a_field_error(
    musical, venue, actor_role
):
    other = ProductionFactory(kind=ProductionKind.THEATER, status="running")
    run = make_run(other, venue)
    credit = Credit(
        production=musical, person=PersonFactory(), role=actor_role, run=run
    )
    with pytest.raises(ValidationError) as caught:
        credit.full_clean()
    assert "not of The Lantern Road" in caught.value.message_dict["run"][0]


def test_a_credit_cannot_end_before_it_starts(musical, actor_role):
    credit = Credit(
        production=musical,
        person=PersonFactory(),
        role=actor_role,
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        credit.full_clean()
    assert caught.value.message_dict["end_date"] == [
        "A credit cannot end before it starts."
    ]


# Game versions and platforms


def test_platforms_are_a_curated_list():
    assert {"PlayStation 5", "Nintendo Switch", "PC (Windows)"} <= set(
        Platform.objects.values_list("name", flat=True)
    )


def test_a_game_has_versions_on_platforms():
    game = ProductionFactory(kind=ProductionKind.VIDEO_GAME)
    early = GameVersion.objects.create(
        production=game,
        name="Early Access",
        kind="early_access",
        release_date=datetime.date(2024, 6, 1),
        release_date_precision=DatePrecision.MONTH,
    )
    early.platforms.set(Platform.objects.filter(slug__in=["windows", "steam-deck"]))
    GameVersion.objects.create(production=game, name="1.0")
    assert [version.name for version in game.versions.in_order()] == [
        "Early Access",
        "1.0",
    ]
    assert early.release_date_display == "June 2024"
    with pytest.raises(ValidationError):
        GameVersion(production=game, name="1.0").validate_constraints()


def test_only_games_have_versions():
    film = ProductionFactory(kind=ProductionKind.FILM)
    with pytest.raises(ValidationError) as caught:
        GameVersion(production=film, name="1.0").full_clean()
    assert (
        "Only video games have versions" in caught.value.message_dict["production"][0]
    )


# Music videos


def test_a_music_video_has_a_track_and_an_artist():
    artist = PersonFactory(name="Nadia Vell")
    video = ProductionFactory(
        kind=ProductionKind.MUSIC_VIDEO,
        track="Low Tide",
        artist_name="Nadia Vell",
        artist=artist,
    )
    video.full_clean()
    assert list(artist.music_videos.all()) == [video]


def test_only_music_videos_have_a_track():
    film = ProductionFactory.build(kind=ProductionKind.FILM, track="Low Tide")
    with pytest.raises(ValidationError) as caught:
        film.clean()
    assert caught.value.message_dict["track"] == [
        "Only music videos have a track and an artist."
    ]


# Aliases and other titles


def test_search_finds_a_person_by_an_alias():
    person = PersonFactory(name="Marta Ilves")
    PersonAlias.objects.create(person=person, name="Marta Ilvesová", note="birth name")
    assert list(Person.objects.search("Ilvesová")) == [person]
    PersonAlias.objects.filter(person=person).delete()
    assert not Person.objects.search("Ilvesová").exists()


def test_search_finds_a_production_by_its_original_and_alternative_titles():
    film = ProductionFactory(
        title="Spirited Lanterns",
        kind=ProductionKind.FILM,
        original_title="Kaze no Tōrō",
        original_language="ja",
    )
    AlternativeTitle.objects.create(
        production=film, title="Les Lanternes", language="fr"
    )
    assert list(Production.objects.search("Lanternes")) == [film]
    assert list(Production.objects.search("Tōrō")) == [film]


def test_an_original_title_needs_its_language():
    film = ProductionFactory.build(
        kind=ProductionKind.FILM, original_title="Kaze no Tōrō"
    )
    with pytest.raises(ValidationError) as caught:
        film.clean()
    assert "original_language" in caught.value.message_dict


@pytest.mark.parametrize("value", ["X12", "Q0", "q42", "Q12a"])
def test_a_wikidata_id_is_validated(value):
    film = ProductionFactory.build(kind=ProductionKind.FILM, wikidata_id=value)
    with pytest.raises(ValidationError) as caught:
        film.full_clean(exclude=["slug"])
    assert caught.value.message_dict["wikidata_id"] == [
        "A Wikidata id is a Q and a number, like Q83495."
    ]
