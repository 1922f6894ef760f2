"""Catalogue import and export of the catalogue's depth: seasons and episodes,
venues, runs and performances, game versions and their platforms, aliases,
alternative titles, scoped credits, post anchors and partial release dates."""

import copy
import datetime
import io
import json

import pytest
from django.core.management import call_command

from media_assets.models import MediaAsset, Post
from productions.models import (
    AlternativeTitle,
    Credit,
    Episode,
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
    Season,
    Venue,
    VersionKind,
)
from tests.factories import CreditFactory, PersonFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db


def export(tmp_path, name: str = "catalogue.json") -> bytes:
    path = tmp_path / name
    call_command("export_catalogue", "--output", str(path), stderr=io.StringIO())
    return path.read_bytes()


def import_file(tmp_path, content, name: str = "catalogue.json") -> list[str]:
    path = tmp_path / name
    if isinstance(content, dict):
        content = json.dumps(content)
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out, no_color=True)
    return out.getvalue().splitlines()


@pytest.fixture
def deep_catalogue():
    """A play with two runs and a cast change, a series with an episode credit,
    a game with versions, a music video with its artist, and posts anchored to
    each part."""
    actor = Role.objects.get(slug="actor")
    ada = PersonFactory(name="Ada Marsh", tmdb_id=5, wikidata_id="Q42")
    PersonAlias.objects.create(person=ada, name="Ада Марш", note="in Russian")
    PersonAlias.objects.create(person=ada, name="A. Marsh")
    ben = PersonFactory(name="Ben Ode")

    play = ProductionFactory(
        title="Hamlet",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
        release_date=datetime.date(2025, 11, 1),
        release_date_precision="month",
    )
    AlternativeTitle.objects.create(production=play, title="Hamlet, Prince of Denmark")
    old_vic = Venue.objects.create(
        name="The Old Vic", city="London", country="United Kingdom", capacity=1000
    )
    lowry = Venue.objects.create(name="The Lowry", city="Salford", country="UK")
    london = Run.objects.create(
        production=play,
        venue=old_vic,
        opening_date=datetime.date(2025, 11, 14),
        closing_date=datetime.date(2026, 1, 10),
    )
    Run.objects.create(
        production=play,
        venue=lowry,
        tour="UK tour 2026",
        opening_date=datetime.date(2026, 2, 1),
    )
    press = Performance.objects.create(
        run=london,
        date=datetime.date(2025, 11, 20),
        time=datetime.time(19, 30),
        kind=PerformanceKind.PRESS_NIGHT,
    )
    Performance.objects.create(run=london, date=datetime.date(2025, 11, 22))
    CreditFactory(
        production=play,
        person=ada,
        role=actor,
        character="Ophelia",
        run=london,
        end_date=datetime.date(2025, 12, 20),
    )
    CreditFactory(
        production=play,
        person=ben,
        role=actor,
        character="Ophelia",
        run=london,
        start_date=datetime.date(2025, 12, 21),
    )

    series = ProductionFactory(
        title="Tidewater",
        original_title="Marea",
        original_language="es",
        kind=ProductionKind.TV_SERIES,
        wikidata_id="Q123",
    )
    season = Season.objects.create(production=series, number=1, title="Spring")
    pilot = Episode.objects.create(
        season=season, number=1, title="Pilot", air_date=datetime.date(2024, 3, 1)
    )
    CreditFactory(production=series, person=ben, role=Role.objects.get(slug="director"))
    CreditFactory(
        production=series,
        person=ada,
        role=Role.objects.get(slug="director"),
        episode=pilot,
    )

    game = ProductionFactory(
        title="Starfall",
        kind=ProductionKind.VIDEO_GAME,
        release_date=datetime.date(2026, 1, 1),
        release_date_precision="year",
    )
    early = GameVersion.objects.create(
        production=game,
        name="Early Access",
        kind=VersionKind.EARLY_ACCESS,
        release_date=datetime.date(2025, 6, 1),
        release_date_precision="month",
    )
    early.platforms.set(Platform.objects.filter(slug__in=["windows", "steam-deck"]))
    GameVersion.objects.create(production=game, name="1.0")

    ProductionFactory(
        title="Glasswing",
        kind=ProductionKind.MUSIC_VIDEO,
        track="Glasswing",
        artist_name="Ada & the Marsh",
        artist=ada,
    )

    PostFactory(production=play, title="Press night", run=london, performance=press)
    PostFactory(production=play, title="Get-in at the Old Vic", run=london)
    PostFactory(production=series, title="Pilot table read", episode=pilot)
    PostFactory(production=game, title="Early Access diary", version=early)
    return {"play": play, "london": london, "ada": ada}


def flush_catalogue() -> None:
    """Delete every catalogue row, keeping the curated vocabulary."""
    for model in (MediaAsset, Post, Credit, Production, Person, Venue):
        model.objects.all().delete()


def test_the_export_carries_every_part_by_natural_key(deep_catalogue):
    data = json.loads(call_and_capture())

    assert data["version"] == 2
    hamlet = next(row for row in data["productions"] if row["title"] == "Hamlet")
    assert hamlet["release_date"] == "2025-11"
    starfall = next(row for row in data["productions"] if row["title"] == "Starfall")
    assert starfall["release_date"] == "2026"
    glasswing = next(row for row in data["productions"] if row["title"] == "Glasswing")
    assert (glasswing["track"], glasswing["artist"]) == ("Glasswing", "ada-marsh")
    assert [row["name"] for row in data["aliases"]] == ["A. Marsh", "Ада Марш"]
    assert data["runs"][0] == {
        "production": "hamlet-2025",
        "venue": "the-lowry-salford",
        "opening_date": "2026-02-01",
        "closing_date": None,
        "tour": "UK tour 2026",
        "notes": "",
    }
    assert data["performances"][0] == {
        "production": "hamlet-2025",
        "venue": "the-old-vic-london",
        "opening_date": "2025-11-14",
        "date": "2025-11-20",
        "time": "19:30:00",
        "kind": "press_night",
        "notes": "",
    }
    early = next(row for row in data["versions"] if row["name"] == "Early Access")
    assert early["platforms"] == ["steam-deck", "windows"]
    assert early["release_date"] == "2025-06"
    ophelias = [row for row in data["credits"] if row["character"] == "Ophelia"]
    assert [
        (row["person"], row["start_date"], row["end_date"]) for row in ophelias
    ] == [
        ("ada-marsh", None, "2025-12-20"),
        ("ben-ode", "2025-12-21", None),
    ]
    assert {row["run_venue"] for row in ophelias} == {"the-old-vic-london"}
    pilot = next(row for row in data["credits"] if row["episode"] is not None)
    assert (pilot["season"], pilot["episode"], pilot["person"]) == (1, 1, "ada-marsh")
    press = next(row for row in data["posts"] if row["title"] == "Press night")
    assert (press["run_venue"], press["run_opening_date"]) == (
        "the-old-vic-london",
        "2025-11-14",
    )
    assert (press["performance_date"], press["performance_time"]) == (
        "2025-11-20",
        "19:30:00",
    )
    diary = next(row for row in data["posts"] if row["title"] == "Early Access diary")
    assert diary["version"] == "Early Access"
    assert any(row["slug"] == "switch" for row in data["platforms"])


def call_and_capture() -> str:
    out = io.StringIO()
    call_command("export_catalogue", stdout=out)
    return out.getvalue()


def test_export_then_import_into_an_empty_catalogue_is_exact(deep_catalogue, tmp_path):
    exported = export(tmp_path)
    flush_catalogue()
    assert not Venue.objects.exists() and not Season.objects.exists()

    lines = import_file(tmp_path, exported)

    assert not [line for line in lines if "refused" in line.split(":", 1)[-1][:9]]
    assert lines[-1] == "Summary: 27 created, 0 updated, 0 unchanged, 0 refused."
    assert export(tmp_path, "again.json") == exported
    ada = Person.objects.get(slug="ada-marsh")
    assert "Ада Марш" in ada.other_names.splitlines()
    play = Production.objects.get(slug="hamlet-2025")
    assert play.other_titles == "Hamlet, Prince of Denmark"
    assert play.release_date_display == "November 2025"
    press = Post.objects.get(title="Press night")
    assert press.performance.kind == PerformanceKind.PRESS_NIGHT
    assert press.run == press.performance.run
    assert Production.objects.get(slug="glasswing-2024").artist == ada
    # Importing the same file again changes nothing.
    lines = import_file(tmp_path, exported)
    assert lines[-1] == "Summary: 0 created, 0 updated, 27 unchanged, 0 refused."


def test_a_version_1_file_still_imports(tmp_path):
    lines = import_file(
        tmp_path,
        {
            "format": "bts-catalogue",
            "version": 1,
            "productions": [
                {
                    "slug": "the-salt-orchard-2024",
                    "title": "The Salt Orchard",
                    "kind": "film",
                    "status": "released",
                    "release_date": "2024-05-17",
                }
            ],
            "people": [{"slug": "ada-marsh", "name": "Ada Marsh"}],
            "credits": [
                {
                    "production": "the-salt-orchard-2024",
                    "person": "ada-marsh",
                    "role": "director-of-photography",
                }
            ],
        },
    )

    assert lines[-1] == "Summary: 3 created, 0 updated, 0 unchanged, 0 refused."
    salt = Production.objects.get()
    assert salt.release_date_precision == "day"
    assert salt.release_date_display == "17 May 2024"
    assert Credit.objects.series_wide().count() == 1


def test_a_partial_date_update_is_reported_and_stored(deep_catalogue, tmp_path):
    lines = import_file(
        tmp_path, {"productions": [{"slug": "hamlet-2025", "release_date": "2025"}]}
    )

    assert lines[0] == "productions #1: updated production hamlet-2025 (changed: " + (
        "release_date)"
    )
    play = Production.objects.get(slug="hamlet-2025")
    assert (play.release_date, play.release_date_precision) == (
        datetime.date(2025, 1, 1),
        "year",
    )


def test_a_run_credit_is_matched_by_its_run_and_start_date(deep_catalogue, tmp_path):
    lines = import_file(
        tmp_path,
        {
            "credits": [
                {
                    "production": "hamlet-2025",
                    "person": "ben-ode",
                    "role": "actor",
                    "character": "Ophelia",
                    "run_venue": "the-old-vic-london",
                    "run_opening_date": "2025-11-14",
                    "start_date": "2025-12-21",
                    "end_date": "2026-01-10",
                },
                {
                    "production": "hamlet-2025",
                    "person": "ben-ode",
                    "role": "actor",
                    "character": "Ophelia",
                    "run_venue": "the-lowry-salford",
                    "run_opening_date": "2026-02-01",
                },
            ]
        },
    )

    assert lines[:2] == [
        "credits #1: updated credit hamlet-2025 / ben-ode / actor / Ophelia / "
        "the-old-vic-london / 2025-11-14 / 2025-12-21 (changed: end_date)",
        "credits #2: created credit hamlet-2025 / ben-ode / actor / Ophelia / "
        "the-lowry-salford / 2026-02-01",
    ]
    assert Credit.objects.filter(person__slug="ben-ode", run__isnull=False).count() == 2


def test_csv_rows_of_the_new_kinds_are_read_by_file_name(deep_catalogue, tmp_path):
    lines = import_file(
        tmp_path,
        "production,venue,opening_date,date,time,kind\n"
        "hamlet-2025,the-old-vic-london,2025-11-14,2025-12-31,14:30,gala\n",
        "performances.csv",
    )

    assert lines[0] == (
        "line 2: created performance hamlet-2025 / the-old-vic-london / 2025-11-14 / "
        "2025-12-31 / 14:30:00"
    )
    gala = Performance.objects.get(kind=PerformanceKind.GALA)
    assert (gala.run, gala.time) == (deep_catalogue["london"], datetime.time(14, 30))


BAD_ROWS = [
    (
        "runs",
        {
            "production": "hamlet-2025",
            "venue": "the-lowry-salford",
            "opening_date": "2026-03-01",
            "closing_date": "2026-02-01",
        },
        "runs #1: refused run hamlet-2025 / the-lowry-salford / 2026-03-01 — "
        "closing_date: A run cannot close before it opens.",
    ),
    (
        "performances",
        {
            "production": "hamlet-2025",
            "venue": "the-old-vic-london",
            "opening_date": "2025-11-14",
            "date": "2026-03-01",
        },
        "performances #1: refused performance hamlet-2025 / the-old-vic-london / "
        "2025-11-14 / 2026-03-01 — date: The run at The Old Vic plays 14 Nov 2025 – "
        "10 Jan 2026; this performance falls outside it.",
    ),
    (
        "performances",
        {
            "production": "hamlet-2025",
            "venue": "the-old-vic-london",
            "opening_date": "2025-11-15",
            "date": "2025-11-20",
        },
        "performances #1: refused performance 2025-11-20 — opening_date: hamlet-2025 "
        "has no run at the-old-vic-london opening on 2025-11-15.",
    ),
    (
        "versions",
        {
            "production": "starfall-2026",
            "name": "Switch port",
            "platforms": ["switch", "gameboy"],
        },
        "versions #1: refused version starfall-2026 / Switch port — platforms: No "
        "platform with slug 'gameboy'.",
    ),
    (
        "versions",
        {"production": "starfall-2026", "name": "2.0", "release_date": "2026--14"},
        "versions #1: refused version starfall-2026 / 2.0 — release_date: A date with "
        "a day needs its month: give the month, or leave the day out.",
    ),
    (
        "credits",
        {
            "production": "tidewater-2024",
            "person": "ben-ode",
            "role": "director",
            "season": 1,
        },
        "credits #1: refused credit tidewater-2024 / ben-ode / director — season: "
        "Give season and episode together, or leave them all blank.",
    ),
    (
        "posts",
        {
            "slug": "pilot-table-read",
            "production": "tidewater-2024",
            "season": 1,
            "episode": 9,
        },
        "posts #1: refused post pilot-table-read — season: tidewater-2024 has no "
        "episode 9 in season 1.",
    ),
    (
        "posts",
        {"slug": "press-night", "performance_date": "2025-11-20"},
        "posts #1: refused post press-night — performance_date: Give run_venue and "
        "run_opening_date too: a performance is looked up in its run.",
    ),
    (
        "episodes",
        {"production": "hamlet-2025", "season": 1, "number": 1, "title": "x"},
        "episodes #1: refused episode episode 1 — season: hamlet-2025 has no season 1.",
    ),
]


@pytest.mark.parametrize(("section", "row", "line"), BAD_ROWS)
def test_bad_rows_are_refused_naming_the_record_and_leave_nothing(
    deep_catalogue, tmp_path, section, row, line
):
    before = export(tmp_path, "before.json")

    lines = import_file(tmp_path, {section: [row]})

    assert lines[0] == line
    assert lines[-1].endswith("1 refused.")
    assert export(tmp_path, "after.json") == before


def test_a_refused_row_in_a_file_keeps_the_rows_before_it(deep_catalogue, tmp_path):
    data = {
        "venues": [{"name": "Royal Exchange", "city": "Manchester", "country": "UK"}],
        "runs": [
            {
                "production": "hamlet-2025",
                "venue": "royal-exchange-manchester",
                "opening_date": "2026-04-01",
            },
            {
                "production": "hamlet-2025",
                "venue": "royal-exchange-manchester",
                "opening_date": "2026-05-01",
                "closing_date": "2026-04-01",
            },
        ],
    }

    lines = import_file(tmp_path, copy.deepcopy(data))

    assert lines[-1] == "Summary: 2 created, 0 updated, 0 unchanged, 1 refused."
    assert Run.objects.filter(venue__slug="royal-exchange-manchester").count() == 1


def test_post_anchors_left_out_are_kept_and_blank_ones_cleared(
    deep_catalogue, tmp_path
):
    import_file(tmp_path, {"posts": [{"slug": "press-night", "title": "Press!"}]})
    press = Post.objects.get(slug="press-night")
    assert press.performance is not None and press.title == "Press!"

    lines = import_file(
        tmp_path,
        {
            "posts": [
                {
                    "slug": "press-night",
                    "production": "hamlet-2025",
                    "run_venue": None,
                    "run_opening_date": None,
                    "performance_date": None,
                    "performance_time": None,
                }
            ]
        },
    )

    assert lines[0] == "posts #1: updated post press-night (changed: run, performance)"
    press.refresh_from_db()
    assert press.run is None and press.performance is None


def test_a_format_1_games_platforms_become_its_release_version():
    from showcase import transfer

    document = transfer.catalogue_parse(
        content=json.dumps(
            {
                "format": "bts-catalogue",
                "version": 1,
                "productions": [
                    {
                        "title": "Hollow Circuit",
                        "kind": "video_game",
                        "release_date": "2024-09-12",
                        "platforms": "PC, PS5, Nintendo Switch",
                    },
                    {
                        "title": "Lanternfall",
                        "kind": "video_game",
                        "platforms": "PC, Dreamcast",
                    },
                ],
            }
        ).encode(),
        file_format="json",
    )
    report = transfer.catalogue_import(document=document)
    lines = [str(line) for line in report.lines]
    release = GameVersion.objects.get(production__title="Hollow Circuit")
    assert release.name == "Release"
    assert sorted(release.platforms.values_list("slug", flat=True)) == [
        "ps5",
        "switch",
        "windows",
    ]
    assert any("Not on the list of platforms: Dreamcast." in line for line in lines), (
        lines
    )
    assert not GameVersion.objects.filter(production__title="Lanternfall").exists()


def test_an_embargoed_spoiler_post_stays_so_through_a_round_trip(tmp_path):
    from django.utils import timezone

    from tests.factories import PostFactory

    lifts = timezone.now() + datetime.timedelta(days=2)
    PostFactory(
        title="The finale's set",
        publish_at=lifts,
        published_at=lifts,
        is_spoiler=True,
        spoils_until=datetime.date(2030, 1, 1),
    )
    exported = export(tmp_path)
    flush_catalogue()
    import_file(tmp_path, exported)
    post = Post.objects.get(title="The finale's set")
    assert abs(post.publish_at - lifts) < datetime.timedelta(seconds=1)
    assert post.is_spoiler and post.spoils_until == datetime.date(2030, 1, 1)
    assert not Post.objects.published().filter(pk=post.pk).exists()
    assert export(tmp_path, "again.json") == exported
