"""Merging duplicates with the catalogue's depth: aliases and music videos for
people; runs, performances, versions and alternative titles for productions,
with the posts anchored to them kept valid and nothing doubled."""

import datetime

import pytest

from media_assets.models import Post
from productions.models import (
    AlternativeTitle,
    Credit,
    GameVersion,
    MergeRecord,
    Performance,
    PersonAlias,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Venue,
)
from showcase import merging
from tests.factories import CreditFactory, PersonFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

OPENING = datetime.date(2025, 11, 14)


# --- People -----------------------------------------------------------------------
def test_a_person_merge_moves_aliases_keeps_the_name_and_repoints_music_videos(
    curator,
):
    duplicate = PersonFactory(name="Marta Ilves")
    survivor = PersonFactory(name="Marta Ilves-Kask")
    PersonAlias.objects.create(person=duplicate, name="М. Ильвес")
    shared = PersonAlias.objects.create(person=duplicate, name="M. Ilves")
    PersonAlias.objects.create(person=survivor, name="M. Ilves")
    video = ProductionFactory(
        title="Glasswing", kind=ProductionKind.MUSIC_VIDEO, artist=duplicate
    )

    record = merging.person_merge(person=duplicate, into=survivor, actor=curator)

    assert sorted(survivor.aliases.values_list("name", flat=True)) == [
        "M. Ilves",
        "Marta Ilves",
        "М. Ильвес",
    ]
    assert not duplicate.aliases.exists()
    assert not PersonAlias.objects.filter(pk=shared.pk).exists()
    survivor.refresh_from_db()
    duplicate.refresh_from_db()
    assert set(survivor.other_names.splitlines()) == {
        "M. Ilves",
        "Marta Ilves",
        "М. Ильвес",
    }
    assert duplicate.other_names == ""
    video.refresh_from_db()
    assert video.artist == survivor
    assert record.moved["aliases_collapsed"] == {"count": 1, "ids": [shared.pk]}
    assert record.moved["music_videos"] == {"count": 1, "ids": [video.pk]}


def test_the_same_name_is_not_added_as_an_alias(curator):
    duplicate, survivor = (
        PersonFactory(name="Jonas Reed"),
        PersonFactory(name="Jonas Reed"),
    )
    merging.person_merge(person=duplicate, into=survivor, actor=curator)
    assert not PersonAlias.objects.exists()


@pytest.fixture
def play():
    production = ProductionFactory(
        title="Hamlet", kind=ProductionKind.THEATER, status=ProductionStatus.RUNNING
    )
    venue = Venue.objects.create(name="The Old Vic", city="London", country="UK")
    run = Run.objects.create(
        production=production,
        venue=venue,
        opening_date=OPENING,
        closing_date=datetime.date(2026, 1, 10),
    )
    return {"production": production, "venue": venue, "run": run}


def test_a_person_merge_collapses_run_credits_by_start_date(play, curator):
    actor = Role.objects.get(slug="actor")
    duplicate, survivor = PersonFactory(), PersonFactory()
    common = {"production": play["production"], "role": actor, "run": play["run"]}
    same = CreditFactory(person=duplicate, character="Ophelia", **common)
    held = CreditFactory(person=survivor, character="Ophelia", **common)
    later = CreditFactory(
        person=duplicate,
        character="Ophelia",
        start_date=datetime.date(2025, 12, 1),
        **common,
    )

    record = merging.person_merge(person=duplicate, into=survivor, actor=curator)

    assert set(survivor.credits.values_list("pk", flat=True)) == {held.pk, later.pk}
    assert not Credit.objects.filter(pk=same.pk).exists()
    assert record.moved["credits_collapsed"]["ids"] == [same.pk]


# --- Productions --------------------------------------------------------------------
@pytest.fixture
def twin_plays(play):
    """The same play twice: both with the London run (one performance at the same
    time in each, with posts), the duplicate with a tour run and cast of its own."""
    actor = Role.objects.get(slug="actor")
    survivor, kept_run = play["production"], play["run"]
    duplicate = ProductionFactory(
        title="The Tragedy of Hamlet",
        original_title="Hamlet, Prinz von Dänemark",
        original_language="de",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
    )
    AlternativeTitle.objects.create(production=duplicate, title="Hamlet")
    AlternativeTitle.objects.create(production=duplicate, title="Amleto", language="it")
    folded_run = Run.objects.create(
        production=duplicate,
        venue=play["venue"],
        opening_date=OPENING,
        closing_date=datetime.date(2026, 2, 28),
        tour="West End",
    )
    lowry = Venue.objects.create(name="The Lowry", city="Salford", country="UK")
    tour_run = Run.objects.create(
        production=duplicate, venue=lowry, opening_date=datetime.date(2026, 3, 1)
    )
    press = dict(date=datetime.date(2025, 11, 20), time=datetime.time(19, 30))
    kept_press = Performance.objects.create(run=kept_run, **press)
    folded_press = Performance.objects.create(run=folded_run, **press)
    late = Performance.objects.create(run=folded_run, date=datetime.date(2026, 2, 20))
    ada, ben = PersonFactory(), PersonFactory()
    kept_credit = CreditFactory(
        production=survivor, person=ada, role=actor, character="Ophelia", run=kept_run
    )
    doubled = CreditFactory(
        production=duplicate,
        person=ada,
        role=actor,
        character="Ophelia",
        run=folded_run,
        is_verified=True,
    )
    moving = CreditFactory(
        production=duplicate,
        person=ben,
        role=actor,
        character="Horatio",
        run=folded_run,
    )
    press_post = PostFactory(
        production=duplicate,
        title="Press night",
        run=folded_run,
        performance=folded_press,
    )
    late_post = PostFactory(
        production=duplicate, title="The last week", run=folded_run, performance=late
    )
    tour_post = PostFactory(production=duplicate, title="Get-in", run=tour_run)
    return locals()


def test_a_production_merge_folds_runs_and_keeps_posts_anchored(twin_plays, curator):
    t = twin_plays

    record = merging.production_merge(
        production=t["duplicate"], into=t["survivor"], actor=curator
    )

    kept_run = Run.objects.get(pk=t["kept_run"].pk)
    assert not Run.objects.filter(pk=t["folded_run"].pk).exists()
    assert set(t["survivor"].runs.values_list("pk", flat=True)) == {
        kept_run.pk,
        t["tour_run"].pk,
    }
    # The kept run widens to take in the duplicate's later performances.
    assert kept_run.closing_date == datetime.date(2026, 2, 28)
    assert kept_run.tour == "West End"
    assert set(kept_run.performances.values_list("pk", flat=True)) == {
        t["kept_press"].pk,
        t["late"].pk,
    }
    assert not Performance.objects.filter(pk=t["folded_press"].pk).exists()
    # Credits on the folded run: the doubled one collapses, the other moves.
    assert not Credit.objects.filter(pk=t["doubled"].pk).exists()
    t["kept_credit"].refresh_from_db()
    assert t["kept_credit"].is_verified
    t["moving"].refresh_from_db()
    assert (t["moving"].production, t["moving"].run) == (t["survivor"], kept_run)
    # Posts follow, anchored to the survivor's run and performance.
    for post in ("press_post", "late_post", "tour_post"):
        t[post].refresh_from_db()
        t[post].full_clean()
        assert t[post].production == t["survivor"]
    assert t["press_post"].performance == t["kept_press"]
    assert t["late_post"].run == kept_run
    assert t["tour_post"].run == t["tour_run"]
    assert record.moved["runs"] == {"count": 1, "ids": [t["tour_run"].pk]}
    assert record.moved["runs_folded"]["ids"] == [t["folded_run"].pk]
    assert record.moved["performances"]["ids"] == [t["late"].pk]
    assert record.moved["performances_folded"]["ids"] == [t["folded_press"].pk]
    assert record.moved["credits_collapsed"]["ids"] == [t["doubled"].pk]


def test_a_production_merge_moves_titles_and_keeps_the_duplicates(twin_plays, curator):
    t = twin_plays

    merging.production_merge(
        production=t["duplicate"], into=t["survivor"], actor=curator
    )

    survivor = Production.objects.get(pk=t["survivor"].pk)
    assert sorted(survivor.alternative_titles.values_list("title", "language")) == [
        ("Amleto", "it"),
        ("Hamlet, Prinz von Dänemark", "de"),
        ("The Tragedy of Hamlet", ""),
    ]
    assert not t["duplicate"].alternative_titles.exists()
    assert "The Tragedy of Hamlet" in survivor.other_titles.splitlines()
    assert Production.objects.get(pk=t["duplicate"].pk).other_titles == ""


def test_the_preview_counts_runs_and_titles_and_changes_nothing(twin_plays):
    t = twin_plays
    before = list(Run.objects.values_list("pk", "production_id", "closing_date"))

    preview = merging.production_merge_preview(
        production=t["duplicate"], into=t["survivor"]
    )

    assert preview == {
        "credits": 1,
        "credits_collapsed": 1,
        "posts": 3,
        "tags": 0,
        "seasons": 0,
        "runs": 1,
        "runs_folded": 1,
        "performances": 1,
        "performances_folded": 1,
        "versions": 0,
        "versions_folded": 0,
        "alternative_titles": 1,
        "alternative_titles_collapsed": 1,
        "follows": 0,
        "follows_collapsed": 0,
        "merged_records": 0,
    }
    assert list(Run.objects.values_list("pk", "production_id", "closing_date")) == (
        before
    )


def test_a_game_merge_folds_versions_of_the_same_name(curator):
    survivor = ProductionFactory(title="Starfall", kind=ProductionKind.VIDEO_GAME)
    duplicate = ProductionFactory(title="Starfall!", kind=ProductionKind.VIDEO_GAME)
    kept = GameVersion.objects.create(production=survivor, name="1.0")
    kept.platforms.set(Platform.objects.filter(slug="windows"))
    folded = GameVersion.objects.create(
        production=duplicate,
        name="1.0",
        release_date=datetime.date(2026, 3, 1),
        release_date_precision="month",
    )
    folded.platforms.set(Platform.objects.filter(slug__in=["windows", "switch"]))
    demo = GameVersion.objects.create(production=duplicate, name="Demo")
    diary = PostFactory(production=duplicate, version=folded)
    demo_post = PostFactory(production=duplicate, version=demo)

    record = merging.production_merge(
        production=duplicate, into=survivor, actor=curator
    )

    kept.refresh_from_db()
    assert sorted(kept.platforms.values_list("slug", flat=True)) == [
        "switch",
        "windows",
    ]
    assert kept.release_date_display == "March 2026"
    assert not GameVersion.objects.filter(pk=folded.pk).exists()
    diary.refresh_from_db()
    demo_post.refresh_from_db()
    assert (diary.production, diary.version) == (survivor, kept)
    assert demo_post.version == demo
    demo.refresh_from_db()
    assert demo.production == survivor
    assert record.moved["versions"]["ids"] == [demo.pk]
    assert record.moved["versions_folded"]["ids"] == [folded.pk]


def test_a_failed_merge_leaves_runs_versions_and_titles_as_they_were(
    twin_plays, curator, monkeypatch
):
    t = twin_plays

    def broken_record(**kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(merging, "_record", broken_record)
    with pytest.raises(RuntimeError):
        merging.production_merge(
            production=t["duplicate"], into=t["survivor"], actor=curator
        )

    assert Run.objects.filter(production=t["duplicate"]).count() == 2
    assert Performance.objects.filter(run=t["folded_run"]).count() == 2
    assert t["duplicate"].alternative_titles.count() == 2
    assert not t["survivor"].alternative_titles.exists()
    assert Post.objects.get(pk=t["press_post"].pk).performance == t["folded_press"]
    assert not MergeRecord.objects.exists()


def test_the_api_merges_runs_and_reports_what_moved(twin_plays, curator):
    from rest_framework.test import APIClient

    t = twin_plays
    api = APIClient()
    api.force_authenticate(curator)

    response = api.post(
        f"/api/v1/productions/{t['duplicate'].slug}/merge/",
        {"into": t["survivor"].slug},
        format="json",
    )

    assert response.status_code == 200, response.content
    moved = response.json()["record"]["moved"]
    assert moved["runs_folded"]["ids"] == [t["folded_run"].pk]
    assert Run.objects.filter(production=t["survivor"]).count() == 2
