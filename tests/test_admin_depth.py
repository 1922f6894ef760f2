"""Admin for the catalogue's depth: venues, runs and performances, partial
release dates, game versions, aliases and other titles, and posts anchored to a
part of their production; and the About choice of the crew's contribution form."""

import datetime

import pytest
from django.urls import reverse

from bts_catalog.partial_dates import DatePrecision
from media_assets.forms import PostContributionForm, anchor_value
from media_assets.models import Post
from productions.models import (
    Credit,
    Episode,
    GameVersion,
    Performance,
    PerformanceKind,
    Platform,
    ProductionKind,
    ProductionStatus,
    Role,
    Run,
    Season,
    Venue,
)
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
)
from tests.test_admin import post_form_data

pytestmark = pytest.mark.django_db


def management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def musical():
    return ProductionFactory(
        title="Cassius!",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
        release_date=datetime.date(2026, 4, 11),
    )


@pytest.fixture
def venue():
    return Venue.objects.create(name="Alder Hall", city="Manchester", country="UK")


def venue_data(**extra) -> dict:
    return {
        "name": "The Tin Lantern",
        "slug": "",
        "city": "Glasgow",
        "country": "United Kingdom",
        "capacity": "420",
        "description": "",
        "website": "",
        "wikidata_id": "",
        **management("runs"),
        **extra,
    }


# --- Venues ------------------------------------------------------------------
def test_adding_a_venue(admin_client):
    response = admin_client.post(reverse("admin:productions_venue_add"), venue_data())

    assert response.status_code == 302
    venue = Venue.objects.get()
    assert (venue.name, venue.city, venue.capacity) == (
        "The Tin Lantern",
        "Glasgow",
        420,
    )
    assert venue.slug == "the-tin-lantern-glasgow"


@pytest.mark.parametrize(
    ("field", "value"), [("capacity", "0"), ("wikidata_id", "83495"), ("city", "")]
)
def test_an_invalid_venue_shows_a_field_error_and_writes_nothing(
    admin_client, field, value
):
    response = admin_client.post(
        reverse("admin:productions_venue_add"), venue_data(**{field: value})
    )

    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Venue.objects.exists()


def test_a_venue_lists_its_runs_to_open(admin_client, musical, venue):
    run = Run.objects.create(
        production=musical, venue=venue, opening_date=datetime.date(2026, 4, 11)
    )

    page = admin_client.get(
        reverse("admin:productions_venue_change", args=[venue.pk])
    ).content.decode()

    assert reverse("admin:productions_run_change", args=[run.pk]) in page
    changelist = admin_client.get(
        reverse("admin:productions_venue_changelist") + "?q=manch"
    )
    assert "Alder Hall" in changelist.content.decode()


# --- Runs and performances ---------------------------------------------------
def run_data(production, venue, **extra) -> dict:
    return {
        "production": production.pk,
        "venue": venue.pk,
        "tour": "UK & Ireland tour 2026",
        "opening_date": "2026-04-11",
        "closing_date": "2026-06-16",
        "notes": "",
        **management("performances"),
        **management("credits"),
        **extra,
    }


def test_adding_a_run_with_its_performances(admin_client, musical, venue):
    data = run_data(
        musical,
        venue,
        **management("performances", total=2),
        **{
            "performances-0-date": "2026-04-11",
            "performances-0-time": "19:30",
            "performances-0-kind": PerformanceKind.OPENING_NIGHT,
            "performances-0-notes": "",
            "performances-1-date": "2026-04-13",
            "performances-1-time": "19:30",
            "performances-1-kind": PerformanceKind.PRESS_NIGHT,
            "performances-1-notes": "Reviewers in.",
        },
    )

    response = admin_client.post(reverse("admin:productions_run_add"), data)

    assert response.status_code == 302
    run = Run.objects.get()
    assert run.tour == "UK & Ireland tour 2026"
    assert list(run.performances.values_list("kind", flat=True)) == [
        PerformanceKind.OPENING_NIGHT,
        PerformanceKind.PRESS_NIGHT,
    ]


def test_a_performance_outside_its_run_is_refused(admin_client, musical, venue):
    data = run_data(
        musical,
        venue,
        **management("performances", total=1),
        **{
            "performances-0-date": "2026-07-01",
            "performances-0-time": "",
            "performances-0-kind": PerformanceKind.REGULAR,
            "performances-0-notes": "",
        },
    )

    response = admin_client.post(reverse("admin:productions_run_add"), data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "date" in formset.forms[0].errors
    assert not Run.objects.exists() and not Performance.objects.exists()


def test_a_run_closing_before_it_opens_is_refused(admin_client, musical, venue):
    response = admin_client.post(
        reverse("admin:productions_run_add"),
        run_data(musical, venue, closing_date="2026-04-01"),
    )

    assert response.status_code == 200
    assert "closing_date" in response.context["adminform"].form.errors
    assert not Run.objects.exists()


def test_only_stage_productions_have_runs(admin_client, venue):
    film = ProductionFactory(kind=ProductionKind.FILM)

    response = admin_client.post(
        reverse("admin:productions_run_add"), run_data(film, venue)
    )

    assert response.status_code == 200
    assert "production" in response.context["adminform"].form.errors
    assert not Run.objects.exists()


def test_a_cast_change_is_credited_on_the_run(admin_client, musical, venue):
    run = Run.objects.create(
        production=musical,
        venue=venue,
        opening_date=datetime.date(2026, 4, 11),
        closing_date=datetime.date(2026, 6, 16),
    )
    actor = Role.objects.get(slug="actor")
    leaving, joining = PersonFactory(), PersonFactory()
    rows = {}
    for index, (person, start, end) in enumerate(
        [(leaving, "", "2026-05-10"), (joining, "2026-05-11", "")]
    ):
        rows.update(
            {
                f"credits-{index}-person": person.pk,
                f"credits-{index}-role": actor.pk,
                f"credits-{index}-character": "Ilse",
                f"credits-{index}-credited_as": "",
                f"credits-{index}-start_date": start,
                f"credits-{index}-end_date": end,
                f"credits-{index}-billing_order": "10",
            }
        )
    url = reverse("admin:productions_run_change", args=[run.pk])
    data = run_data(musical, venue, **management("credits", total=2), **rows)
    del data["production"]  # read only once the run exists

    response = admin_client.post(url, data)

    assert response.status_code == 302
    credits = Credit.objects.filter(run=run).order_by("start_date")
    assert {credit.production_id for credit in credits} == {musical.pk}
    assert credits.get(person=leaving).end_date == datetime.date(2026, 5, 10)
    assert credits.get(person=joining).start_date == datetime.date(2026, 5, 11)


def test_a_credit_ending_before_it_starts_is_refused(admin_client, musical, venue):
    run = Run.objects.create(
        production=musical, venue=venue, opening_date=datetime.date(2026, 4, 11)
    )
    data = run_data(
        musical,
        venue,
        closing_date="",
        **management("credits", total=1),
        **{
            "credits-0-person": PersonFactory().pk,
            "credits-0-role": Role.objects.get(slug="actor").pk,
            "credits-0-character": "Ilse",
            "credits-0-credited_as": "",
            "credits-0-start_date": "2026-05-11",
            "credits-0-end_date": "2026-05-01",
            "credits-0-billing_order": "10",
        },
    )
    del data["production"]

    response = admin_client.post(
        reverse("admin:productions_run_change", args=[run.pk]), data
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][1].formset
    assert "end_date" in formset.forms[0].errors
    assert not Credit.objects.exists()


# --- Productions: partial release dates, titles, versions --------------------
def production_data(production, **extra) -> dict:
    return {
        "title": production.title,
        "original_title": "",
        "original_language": "",
        "slug": production.slug,
        "kind": production.kind,
        "status": production.status,
        "synopsis": "",
        "tags": "",
        "release_date_year": "",
        "release_date_month": "",
        "release_date_day": "",
        "studio": "",
        "venue": "",
        "track": "",
        "artist_name": "",
        "artist": "",
        "website": "",
        "imdb_id": "",
        "tmdb_id": "",
        "igdb_id": "",
        "wikidata_id": "",
        **management("alternative_titles"),
        **management("credits"),
        **extra,
    }


def test_a_release_date_known_only_to_the_year(admin_client):
    production = ProductionFactory()
    url = reverse("admin:productions_production_change", args=[production.pk])

    response = admin_client.post(
        url, production_data(production, release_date_year="1956")
    )

    assert response.status_code == 302
    production.refresh_from_db()
    assert production.release_date == datetime.date(1956, 1, 1)
    assert production.release_date_precision == DatePrecision.YEAR
    assert production.release_date_display == "1956"
    page = admin_client.get(url).content.decode()
    assert 'name="release_date_year" value="1956"' in page


def test_a_release_date_known_to_the_month(admin_client):
    production = ProductionFactory()

    response = admin_client.post(
        reverse("admin:productions_production_change", args=[production.pk]),
        production_data(production, release_date_year="1956", release_date_month="5"),
    )

    assert response.status_code == 302
    production.refresh_from_db()
    assert production.release_date == datetime.date(1956, 5, 1)
    assert production.release_date_precision == DatePrecision.MONTH


@pytest.mark.parametrize(
    "parts",
    [
        {"release_date_year": "1956", "release_date_day": "14"},  # day, no month
        {
            "release_date_year": "1956",
            "release_date_month": "2",
            "release_date_day": "30",
        },
        {"release_date_month": "5"},  # no year
    ],
)
def test_an_impossible_release_date_is_a_field_error(admin_client, parts):
    production = ProductionFactory()

    response = admin_client.post(
        reverse("admin:productions_production_change", args=[production.pk]),
        production_data(production, title="Changed", **parts),
    )

    assert response.status_code == 200
    assert "release_date" in response.context["adminform"].form.errors
    production.refresh_from_db()
    assert production.title != "Changed"
    assert production.release_date == datetime.date(2024, 5, 17)


def test_an_original_title_needs_its_language(admin_client):
    production = ProductionFactory()

    response = admin_client.post(
        reverse("admin:productions_production_change", args=[production.pk]),
        production_data(production, original_title="Das Erbe"),
    )

    assert response.status_code == 200
    assert "original_language" in response.context["adminform"].form.errors


def test_alternative_titles_are_added_inline_and_searched(admin_client):
    production = ProductionFactory(title="The Inheritance")

    response = admin_client.post(
        reverse("admin:productions_production_change", args=[production.pk]),
        production_data(
            production,
            original_title="Das Erbe",
            original_language="de",
            **management("alternative_titles", total=1),
            **{
                "alternative_titles-0-title": "Heritage of the Tides",
                "alternative_titles-0-language": "en",
                "alternative_titles-0-note": "UK title",
            },
        ),
    )

    assert response.status_code == 302
    production.refresh_from_db()
    assert production.original_title == "Das Erbe"
    assert "Heritage of the Tides" in production.other_titles
    found = admin_client.get(
        reverse("admin:productions_production_changelist") + "?q=heritage"
    )
    assert "The Inheritance" in found.content.decode()


def test_a_music_video_names_its_track_and_artist(admin_client):
    video = ProductionFactory(kind=ProductionKind.MUSIC_VIDEO)
    artist = PersonFactory(name="Aurora Lark")

    response = admin_client.post(
        reverse("admin:productions_production_change", args=[video.pk]),
        production_data(
            video,
            release_date_year="2025",
            track="Lonely Wires",
            artist_name="Aurora Lark",
            artist=artist.pk,
        ),
    )

    assert response.status_code == 302
    video.refresh_from_db()
    assert (video.track, video.artist) == ("Lonely Wires", artist)


def test_only_music_videos_have_a_track(admin_client):
    film = ProductionFactory(kind=ProductionKind.FILM)

    response = admin_client.post(
        reverse("admin:productions_production_change", args=[film.pk]),
        production_data(film, track="Lonely Wires"),
    )

    assert response.status_code == 200
    assert "track" in response.context["adminform"].form.errors


def test_game_versions_inline_with_platforms_and_partial_dates(admin_client):
    game = ProductionFactory(kind=ProductionKind.VIDEO_GAME)
    pc, deck = (
        Platform.objects.get(slug="windows"),
        Platform.objects.get(slug="steam-deck"),
    )
    url = reverse("admin:productions_production_change", args=[game.pk])
    page = admin_client.get(url).content.decode()
    assert 'type="checkbox" name="versions-__prefix__-platforms"' in page

    response = admin_client.post(
        url,
        production_data(
            game,
            release_date_year="2024",
            release_date_month="5",
            release_date_day="17",
            **management("versions", total=1),
            **{
                "versions-0-name": "Early Access",
                "versions-0-kind": "early_access",
                "versions-0-release_date_year": "2023",
                "versions-0-release_date_month": "3",
                "versions-0-release_date_day": "",
                "versions-0-platforms": [pc.pk, deck.pk],
                "versions-0-notes": "",
            },
        ),
    )

    assert response.status_code == 302
    version = GameVersion.objects.get(production=game)
    assert version.release_date == datetime.date(2023, 3, 1)
    assert version.release_date_precision == DatePrecision.MONTH
    assert set(version.platforms.all()) == {pc, deck}


def test_a_version_with_a_day_but_no_month_is_refused(admin_client):
    game = ProductionFactory(kind=ProductionKind.VIDEO_GAME)

    response = admin_client.post(
        reverse("admin:productions_production_change", args=[game.pk]),
        production_data(
            game,
            **management("versions", total=1),
            **{
                "versions-0-name": "1.0",
                "versions-0-kind": "release",
                "versions-0-release_date_year": "2024",
                "versions-0-release_date_month": "",
                "versions-0-release_date_day": "17",
                "versions-0-notes": "",
            },
        ),
    )

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert "release_date" in formset.forms[0].errors
    assert not GameVersion.objects.exists()


def test_a_stage_production_lists_its_runs(admin_client, musical, venue):
    run = Run.objects.create(
        production=musical, venue=venue, opening_date=datetime.date(2026, 4, 11)
    )

    page = admin_client.get(
        reverse("admin:productions_production_change", args=[musical.pk])
    ).content.decode()

    assert reverse("admin:productions_run_change", args=[run.pk]) in page


def test_person_aliases_inline_are_searched(admin_client):
    person = PersonFactory(name="Marta Ilves")
    url = reverse("admin:productions_person_change", args=[person.pk])
    data = {
        "name": person.name,
        "slug": person.slug,
        "bio": "",
        "user": "",
        "website": "",
        "imdb_id": "",
        "tmdb_id": "",
        "wikidata_id": "Q83495",
        "instagram_handle": "",
        **management("aliases", total=1),
        **management("credits"),
        "aliases-0-name": "Marta Ilvesová",
        "aliases-0-note": "birth name",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.wikidata_id == "Q83495"
    assert "Marta Ilvesová" in person.other_names
    found = admin_client.get(
        reverse("admin:productions_person_changelist") + "?q=ilvesov"
    )
    assert "Marta Ilves" in found.content.decode()


def test_the_new_changelists_load(admin_client, musical, venue):
    run = Run.objects.create(
        production=musical, venue=venue, opening_date=datetime.date(2026, 4, 11)
    )
    Performance.objects.create(run=run, date=run.opening_date)
    for name in ("venue", "run", "performance", "platform", "gameversion"):
        response = admin_client.get(reverse(f"admin:productions_{name}_changelist"))
        assert response.status_code == 200, name


# --- Posts anchored to a part of their production ----------------------------
def series_with_episode(title: str) -> Episode:
    series = ProductionFactory(title=title, kind=ProductionKind.TV_SERIES)
    season = Season.objects.create(production=series, number=1)
    return Episode.objects.create(season=season, number=1, title="High Water")


def test_a_post_anchored_to_an_episode_of_its_series(client, curator):
    client.force_login(curator)
    episode = series_with_episode("Tidewater")

    response = client.post(
        reverse("admin:media_assets_post_add"),
        post_form_data(
            episode.season.production,
            episode=episode.pk,
            **management("media"),
        ),
    )

    assert response.status_code == 302
    assert Post.objects.get().episode == episode


def test_a_post_anchored_to_another_productions_episode_is_refused(client, curator):
    client.force_login(curator)
    episode = series_with_episode("Tidewater")
    other = ProductionFactory(title="Larkhill Nights", kind=ProductionKind.TV_SERIES)

    response = client.post(
        reverse("admin:media_assets_post_add"),
        post_form_data(other, episode=episode.pk, **management("media")),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "not part of Larkhill Nights" in str(errors["episode"])
    assert not Post.objects.exists()


def test_a_posts_change_page_offers_only_its_productions_anchors(client, curator):
    client.force_login(curator)
    episode = series_with_episode("Tidewater")
    elsewhere = series_with_episode("Larkhill Nights")
    post = PostFactory(production=episode.season.production)
    url = reverse("admin:media_assets_post_change", args=[post.pk])

    field = client.get(url).context["adminform"].form.fields["episode"]
    assert list(field.queryset) == [episode]

    data = post_form_data(
        post.production,
        title=post.title,
        slug=post.slug,
        kind=post.kind,
        phase=post.phase,
        provenance=post.provenance,
        episode=elsewhere.pk,
        **management("media"),
    )
    response = client.post(url, data)

    assert response.status_code == 200
    assert "episode" in response.context["adminform"].form.errors
    post.refresh_from_db()
    assert post.episode is None


def test_a_performance_of_another_run_is_refused(client, curator, musical, venue):
    client.force_login(curator)
    first = Run.objects.create(
        production=musical, venue=venue, opening_date=datetime.date(2026, 4, 11)
    )
    second = Run.objects.create(
        production=musical, venue=venue, opening_date=datetime.date(2026, 7, 1)
    )
    performance = Performance.objects.create(run=second, date=second.opening_date)

    response = client.post(
        reverse("admin:media_assets_post_add"),
        post_form_data(
            musical,
            phase="live_run",
            run=first.pk,
            performance=performance.pk,
            **management("media"),
        ),
    )

    assert response.status_code == 200
    assert "performance" in response.context["adminform"].form.errors
    assert not Post.objects.exists()


# --- The crew's About choice -------------------------------------------------
def test_about_lists_the_anchors_of_the_crews_productions_by_production():
    person = PersonFactory()
    episode = series_with_episode("Tidewater")
    game = ProductionFactory(title="Hollow Drift", kind=ProductionKind.VIDEO_GAME)
    version = GameVersion.objects.create(production=game, name="1.0")
    unrelated = series_with_episode("Not Mine")
    for production in (episode.season.production, game):
        CreditFactory(production=production, person=person)

    form = PostContributionForm(person=person)

    groups = dict(form.fields["about"].choices[1:])
    assert groups[str(episode.season.production)] == [
        (anchor_value(episode), "S1E1 · High Water")
    ]
    assert groups[str(game)] == [(anchor_value(version), "1.0")]
    assert anchor_value(unrelated) not in str(form.fields["about"].choices)


def contribution_data(production, about: str) -> dict:
    return {
        "production": production.pk,
        "about": about,
        "title": "Night shoot",
        "body": "",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "source_platform": "original",
        "source_url": "",
        "tags": "",
    }


def test_about_an_anchor_of_another_production_is_a_field_error():
    person = PersonFactory()
    episode = series_with_episode("Tidewater")
    other = ProductionFactory(title="Larkhill Nights")
    for production in (episode.season.production, other):
        CreditFactory(production=production, person=person)

    form = PostContributionForm(
        contribution_data(other, anchor_value(episode)), person=person
    )

    assert not form.is_valid()
    assert "not part of Larkhill Nights" in str(form.errors["about"])


def test_about_gives_the_posts_anchor_fields():
    person = PersonFactory()
    musical = ProductionFactory(
        kind=ProductionKind.THEATER, status=ProductionStatus.RUNNING
    )
    venue = Venue.objects.create(name="Alder Hall", city="Manchester", country="UK")
    run = Run.objects.create(
        production=musical, venue=venue, opening_date=datetime.date(2026, 4, 11)
    )
    press = Performance.objects.create(
        run=run, date=run.opening_date, kind=PerformanceKind.PRESS_NIGHT
    )
    CreditFactory(production=musical, person=person)

    form = PostContributionForm(
        contribution_data(musical, anchor_value(press)), person=person
    )

    assert form.is_valid(), form.errors
    assert "about" not in form.cleaned_data
    assert form.anchor_fields() == {
        "episode": None,
        "run": run,
        "performance": press,
        "version": None,
    }


def test_about_is_left_out_when_no_production_has_parts():
    person = PersonFactory()
    CreditFactory(production=ProductionFactory(), person=person)

    assert "about" not in PostContributionForm(person=person).fields


@pytest.mark.parametrize(
    "model, own_page",
    [
        ("venue", True),
        ("run", True),
        ("performance", True),
        ("platform", True),
        ("gameversion", True),
        ("personalias", False),  # edited inline, on the person
        ("alternativetitle", False),  # edited inline, on the production
    ],
)
def test_curators_run_the_catalogues_depth_in_admin(client, curator, model, own_page):
    client.force_login(curator)
    assert curator.has_perm(f"productions.change_{model}")
    assert curator.has_perm(f"productions.add_{model}")
    if own_page:
        response = client.get(reverse(f"admin:productions_{model}_changelist"))
        assert response.status_code == 200
