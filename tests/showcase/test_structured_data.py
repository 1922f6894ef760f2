"""schema.org JSON-LD on production, person, episode and post pages, and the links
to a record's pages elsewhere (IMDb, TMDB, Wikidata, official site)."""

import datetime
import json
import re

import factory
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from bts_catalog.images import intake_image
from bts_catalog.partial_dates import DatePrecision
from media_assets.models import MediaAsset, MediaKind, MediaStatus, VideoRendition
from media_assets.services import media_asset_add
from media_assets.structured_data import large_size
from productions.external_ids import imdb_title_url, tmdb_url, wikidata_url
from productions.models import (
    AlternativeTitle,
    Episode,
    GameVersion,
    Person,
    PersonAlias,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Run,
    Season,
    Venue,
)
from productions.structured_data import json_ld_script
from tests.conftest import image_bytes
from tests.factories import PersonFactory, PostFactory, ProductionFactory, UserFactory

pytestmark = pytest.mark.django_db

HOSTILE = "</script><script>alert(1)</script>"
JSON_LD = re.compile(
    r'<script type="application/ld\+json">(?P<data>.*?)</script>', re.DOTALL
)
H1 = re.compile(r"<h1>(?P<text>.*?)</h1>", re.DOTALL)


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season

    production = factory.SubFactory(
        ProductionFactory, kind=ProductionKind.TV_SERIES, title="Harbour Lights"
    )
    number = factory.Sequence(lambda n: n + 1)


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    season = factory.SubFactory(SeasonFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Episode {n}")


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Playhouse {n}")
    city = "Manchester"
    country = "United Kingdom"


class RunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Run

    production = factory.SubFactory(
        ProductionFactory, kind=ProductionKind.THEATER, status=ProductionStatus.RUNNING
    )
    venue = factory.SubFactory(VenueFactory)
    opening_date = datetime.date(2025, 11, 14)


class VideoFileFactory(factory.django.DjangoModelFactory):
    """A video file as transcoding leaves it: ready, with a poster and one MP4."""

    class Meta:
        model = MediaAsset
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    kind = MediaKind.VIDEO_FILE
    status = MediaStatus.READY
    source = factory.django.FileField(filename="take.mov", data=b"original")
    caption = "Rigging the harbour crane"
    duration_seconds = 90.2
    width, height = 1280, 720
    poster_jpeg = factory.django.ImageField(filename="poster.jpg", width=64, height=36)
    poster_width, poster_height = 64, 36

    @factory.post_generation
    def mp4(asset, create, extracted, **kwargs):
        VideoRendition.objects.create(
            asset=asset,
            label="720p",
            file=ContentFile(b"mp4", name="take-720p.mp4"),
            width=1280,
            height=720,
            size_bytes=3,
        )


def structured_data(client, url: str) -> list[dict]:
    """Every JSON-LD block of the page, each read as JSON."""
    response = client.get(url)
    assert response.status_code == 200, url
    page = response.content.decode()
    blocks = [json.loads(match["data"]) for match in JSON_LD.finditer(page)]
    assert blocks, f"no JSON-LD on {url}"
    return blocks


def only_block(client, url: str) -> dict:
    [block] = structured_data(client, url)
    assert block["@context"] == "https://schema.org"
    return block


def page_of(client, url: str) -> str:
    return client.get(url).content.decode()


# --- Productions, kind by kind -------------------------------------------------------
def test_a_film_is_a_movie_with_its_partial_date_and_ids(client):
    film = ProductionFactory(
        title="The Salt Orchard",
        original_title="Le Verger de sel",
        original_language="fr",
        release_date=datetime.date(1956, 1, 1),
        release_date_precision=DatePrecision.YEAR,
        imdb_id="tt0049406",
        tmdb_id=11005,
        wikidata_id="Q83495",
        website="https://saltorchard.example.com/",
    )
    AlternativeTitle.objects.create(production=film, title="Salt", language="en")
    film.tags.add("harbour")
    data = only_block(client, film.get_absolute_url())
    page = page_of(client, film.get_absolute_url())

    assert data["@type"] == "Movie"
    assert data["name"] == H1.search(page)["text"] == "The Salt Orchard"
    assert data["url"] == f"http://testserver{film.get_absolute_url()}"
    assert data["@id"] == data["url"] + "#production"
    assert data["datePublished"] == "1956"
    assert data["alternateName"] == ["Le Verger de sel", "Salt"]
    assert data["inLanguage"] == "fr"
    assert data["productionCompany"] == {
        "@type": "Organization",
        "name": "Northlight Pictures",
    }
    assert data["keywords"] == "harbour"
    assert data["sameAs"] == [
        "https://saltorchard.example.com/",
        "https://www.imdb.com/title/tt0049406/",
        "https://www.themoviedb.org/movie/11005",
        "https://www.wikidata.org/wiki/Q83495",
    ]
    for url in data["sameAs"]:
        assert f'href="{url}" rel="noopener"' in page
    assert ">IMDb</a>" in page and ">TMDB</a>" in page and ">Wikidata</a>" in page


def test_month_and_day_precision_are_written_as_far_as_known(client):
    month = ProductionFactory(
        release_date=datetime.date(1956, 5, 14),
        release_date_precision=DatePrecision.MONTH,
    )
    day = ProductionFactory(release_date=datetime.date(1956, 5, 14))
    undated = ProductionFactory(release_date=None)
    assert only_block(client, month.get_absolute_url())["datePublished"] == "1956-05"
    assert only_block(client, day.get_absolute_url())["datePublished"] == "1956-05-14"
    assert "datePublished" not in only_block(client, undated.get_absolute_url())


def test_a_series_is_a_tv_series_with_its_seasons(client):
    first = SeasonFactory(
        number=1,
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2019, 5, 3),
        production__tmdb_id=1399,
        production__release_date=datetime.date(2019, 3, 1),
        production__release_date_precision=DatePrecision.MONTH,
    )
    series = first.production
    EpisodeFactory.create_batch(3, season=first)
    SeasonFactory(production=series, number=2, title="The Storm")
    data = only_block(client, series.get_absolute_url())

    assert data["@type"] == "TVSeries"
    assert data["name"] == "Harbour Lights"
    assert data["startDate"] == "2019-03"
    assert "https://www.themoviedb.org/tv/1399" in data["sameAs"]
    assert (data["numberOfSeasons"], data["numberOfEpisodes"]) == (2, 3)
    assert data["containsSeason"] == [
        {
            "@type": "TVSeason",
            "url": f"{data['url']}#season-1",
            "seasonNumber": 1,
            "name": "Season 1",
            "startDate": "2019-03-01",
            "endDate": "2019-05-03",
            "numberOfEpisodes": 3,
        },
        {
            "@type": "TVSeason",
            "url": f"{data['url']}#season-2",
            "seasonNumber": 2,
            "name": "The Storm",
            "numberOfEpisodes": 0,
        },
    ]


def test_a_series_page_fetches_its_seasons_once(client, django_assert_max_num_queries):
    season = SeasonFactory()
    EpisodeFactory.create_batch(4, season=season)
    SeasonFactory(production=season.production)
    with django_assert_max_num_queries(8):
        assert client.get(season.production.get_absolute_url()).status_code == 200


def test_a_stage_show_is_a_theater_event_with_a_sub_event_per_run(client):
    show = ProductionFactory(
        title="Ilse at Dusk",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
        studio="Tidewater Theatre Company",
        release_date=None,
    )
    home = VenueFactory(name="Royal Exchange", capacity=700, wikidata_id="Q7374418")
    tour = VenueFactory(name="King's Theatre", city="Glasgow")
    RunFactory(
        production=show,
        venue=home,
        opening_date=datetime.date(2025, 11, 14),
        closing_date=datetime.date(2026, 1, 10),
    )
    RunFactory(production=show, venue=tour, opening_date=datetime.date(2026, 2, 3))
    data = only_block(client, show.get_absolute_url())

    assert data["@type"] == "TheaterEvent"
    assert data["name"] == "Ilse at Dusk"
    assert data["organizer"]["name"] == "Tidewater Theatre Company"
    assert data["startDate"] == "2025-11-14"
    assert "endDate" not in data  # the tour stop is open-ended
    assert "location" not in data  # two venues: each run says where it is
    first, second = data["subEvent"]
    assert first["@type"] == second["@type"] == "TheaterEvent"
    assert (first["startDate"], first["endDate"]) == ("2025-11-14", "2026-01-10")
    assert first["location"] == {
        "@type": "Place",
        "name": "Royal Exchange",
        "url": f"http://testserver{home.get_absolute_url()}",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Manchester",
            "addressCountry": "United Kingdom",
        },
        "maximumAttendeeCapacity": 700,
        "sameAs": ["https://www.wikidata.org/wiki/Q7374418"],
    }
    assert second["location"]["address"]["addressLocality"] == "Glasgow"
    assert "endDate" not in second


def test_a_single_run_is_where_the_show_takes_place(client):
    run = RunFactory(closing_date=datetime.date(2026, 1, 10))
    data = only_block(client, run.production.get_absolute_url())
    assert data["location"]["name"] == run.venue.name
    assert data["endDate"] == "2026-01-10"


def test_a_video_game_lists_its_versions_platforms_and_its_igdb_id(client):
    game = ProductionFactory(
        title="Tidebreak", kind=ProductionKind.VIDEO_GAME, igdb_id=119133
    )
    pc, _ = Platform.objects.get_or_create(name="PC", defaults={"slug": "pc"})
    switch, _ = Platform.objects.get_or_create(
        name="Nintendo Switch", defaults={"slug": "nintendo-switch"}
    )
    early = GameVersion.objects.create(
        production=game, name="Early Access", release_date=datetime.date(2023, 4, 1)
    )
    early.platforms.add(pc)
    final = GameVersion.objects.create(
        production=game, name="1.0", release_date=datetime.date(2024, 9, 12)
    )
    final.platforms.add(pc, switch)
    data = only_block(client, game.get_absolute_url())

    assert data["@type"] == "VideoGame"
    assert data["gamePlatform"] == ["PC", "Nintendo Switch"]
    assert data["author"]["name"] == "Northlight Pictures"
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "propertyID": "IGDB",
        "value": "119133",
    }
    assert "igdb.com" not in page_of(client, game.get_absolute_url())


def test_a_music_video_is_by_its_artist(client):
    artist = PersonFactory(name="Mara Lind")
    linked = ProductionFactory(
        title="Northern Wire",
        kind=ProductionKind.MUSIC_VIDEO,
        track="Northern Wire",
        artist=artist,
    )
    billed = ProductionFactory(
        kind=ProductionKind.MUSIC_VIDEO, artist_name="The Quay Lamps"
    )
    data = only_block(client, linked.get_absolute_url())
    assert data["@type"] == "MusicVideoObject"
    assert data["byArtist"] == {
        "@type": "Person",
        "@id": f"http://testserver{artist.get_absolute_url()}#person",
        "url": f"http://testserver{artist.get_absolute_url()}",
        "name": "Mara Lind",
    }
    assert data["about"]["@type"] == "MusicRecording"
    assert data["about"]["name"] == "Northern Wire"
    assert only_block(client, billed.get_absolute_url())["byArtist"] == {
        "@type": "MusicGroup",
        "name": "The Quay Lamps",
    }


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (ProductionKind.FILM, "Movie"),
        (ProductionKind.TV_SERIES, "TVSeries"),
        (ProductionKind.THEATER, "TheaterEvent"),
        (ProductionKind.VIDEO_GAME, "VideoGame"),
        (ProductionKind.MUSIC_VIDEO, "MusicVideoObject"),
    ],
)
def test_every_kind_has_its_type_and_its_title(client, kind, schema_type):
    status = (
        ProductionStatus.RUNNING
        if kind == ProductionKind.THEATER
        else ProductionStatus.RELEASED
    )
    production = ProductionFactory(title="Lamplight", kind=kind, status=status)
    data = only_block(client, production.get_absolute_url())
    assert data["@type"] == schema_type
    assert data["name"] == "Lamplight"


def test_tmdb_links_only_kinds_tmdb_has_pages_for(client):
    show = ProductionFactory(
        kind=ProductionKind.THEATER, status=ProductionStatus.RUNNING, tmdb_id=5
    )
    data = only_block(client, show.get_absolute_url())
    assert "sameAs" not in data
    assert ">TMDB</a>" not in page_of(client, show.get_absolute_url())


# --- People and episodes -------------------------------------------------------------
def test_a_person_has_their_aliases_and_ids(client):
    person = PersonFactory(
        name="Jay Ames",
        bio="Gaffer on harbour films.",
        imdb_id="nm0000206",
        tmdb_id=6384,
        wikidata_id="Q42",
        instagram_handle="jay.ames",
    )
    PersonAlias.objects.create(person=person, name="J. D. Ames")
    data = only_block(client, person.get_absolute_url())
    page = page_of(client, person.get_absolute_url())

    assert data["@type"] == "Person"
    assert data["name"] == H1.search(page)["text"] == "Jay Ames"
    assert data["alternateName"] == ["J. D. Ames"]
    assert data["description"] == "Gaffer on harbour films."
    assert data["sameAs"] == [
        "https://www.imdb.com/name/nm0000206/",
        "https://www.themoviedb.org/person/6384",
        "https://www.wikidata.org/wiki/Q42",
        "https://www.instagram.com/jay.ames/",
    ]
    for url in data["sameAs"]:
        assert f'href="{url}" rel="noopener"' in page


def test_a_person_without_links_shows_no_empty_list(client):
    person = PersonFactory()
    assert "Elsewhere" not in page_of(client, person.get_absolute_url())
    assert "sameAs" not in only_block(client, person.get_absolute_url())


def test_an_episode_is_part_of_its_season_and_series(client):
    episode = EpisodeFactory(
        number=3,
        title="The Long Night",
        air_date=datetime.date(2024, 3, 8),
        synopsis="The crane fails.",
        season__number=2,
    )
    series = episode.season.production
    data = only_block(client, episode.get_absolute_url())
    series_data = only_block(client, series.get_absolute_url())

    assert data["@type"] == "TVEpisode"
    assert data["name"] == "The Long Night"
    assert data["episodeNumber"] == 3
    assert data["datePublished"] == "2024-03-08"
    assert data["partOfSeason"]["seasonNumber"] == 2
    assert data["partOfSeason"]["url"] == f"{series_data['url']}#season-2"
    assert data["partOfSeries"] == {
        "@type": "TVSeries",
        "@id": series_data["@id"],
        "url": series_data["url"],
        "name": "Harbour Lights",
    }


# --- Posts -------------------------------------------------------------------------
def test_a_post_is_an_article_about_its_production_with_its_pictures(
    client, crew_person
):
    post = PostFactory(
        title="Harbour night shoot",
        author=crew_person.user,
        body="Lamps on the **quay**.",
    )
    post.featured_people.add(crew_person)
    picture = intake_image(ContentFile(image_bytes("PNG", (2000, 1000)), name="q.png"))
    asset = media_asset_add(
        actor=None,
        post=post,
        upload=picture,
        alt_text="Lamps along the quay",
        caption="Night two",
        credited_to=crew_person,
    )
    data = only_block(client, post.get_absolute_url())
    production_data = only_block(client, post.production.get_absolute_url())
    crew = f"http://testserver{crew_person.get_absolute_url()}"

    assert data["@type"] == "Article"
    assert data["headline"] == "Harbour night shoot"
    assert data["description"] == "Lamps on the quay."
    assert data["datePublished"] == post.published_at.isoformat()
    assert data["dateModified"] == post.updated_at.isoformat()
    assert data["author"] == {
        "@type": "Person",
        "@id": f"{crew}#person",
        "url": crew,
        "name": crew_person.name,
    }
    assert data["publisher"]["name"] == "BTS Catalog"
    assert data["about"] == {
        key: production_data[key] for key in ("@type", "@id", "url", "name")
    }
    assert data["mentions"] == [data["author"]]
    [image] = data["image"]
    assert image == {
        "@type": "ImageObject",
        "contentUrl": f"http://testserver{asset.large.url}",
        "width": 1600,
        "height": 800,
        "caption": "Night two",
        "description": "Lamps along the quay",
        "creator": data["author"],
        "creditText": crew_person.name,
    }
    assert "video" not in data


def test_a_post_by_an_account_without_a_person_is_by_the_catalogue(client):
    post = PostFactory(author=UserFactory())
    data = only_block(client, post.get_absolute_url())
    assert data["author"] == {
        "@type": "Organization",
        "name": "BTS Catalog",
        "url": "http://testserver/",
    }


def test_a_post_video_is_a_video_object(client):
    video = VideoFileFactory(post__title="Crane day")
    data = only_block(client, video.post.get_absolute_url())
    [entry] = data["video"]
    assert entry == {
        "@type": "VideoObject",
        "name": "Rigging the harbour crane",
        "description": "Rigging the harbour crane",
        "contentUrl": f"http://testserver{video.video_sources.get().file.url}",
        "encodingFormat": "video/mp4",
        "width": 1280,
        "height": 720,
        "thumbnailUrl": f"http://testserver{video.poster_jpeg.url}",
        "uploadDate": video.post.published_at.isoformat(),
        "duration": "PT1M30S",
    }
    assert "image" not in data


def test_a_video_still_processing_is_left_out(client):
    video = VideoFileFactory(status=MediaStatus.PROCESSING)
    assert "video" not in only_block(client, video.post.get_absolute_url())


# --- Safety ------------------------------------------------------------------------
def test_a_hostile_title_stays_inside_its_block(client):
    production = ProductionFactory(title=HOSTILE, synopsis="A & B <i>")
    post = PostFactory(production=production, title=HOSTILE)
    for url in (production.get_absolute_url(), post.get_absolute_url()):
        page = page_of(client, url)
        assert "<script>alert(1)" not in page
        assert page.count("<script") == page.count("</script>")
        blocks = structured_data(client, url)
        names = {block.get("name") or block.get("headline") for block in blocks}
        assert names == {HOSTILE}
    assert "\\u003c/script\\u003e" in page


def test_the_script_block_escapes_what_could_end_it():
    html = json_ld_script({"name": "</script> & <!-- ü"})
    assert html == (
        '<script type="application/ld+json">'
        '{"name": "\\u003c/script\\u003e \\u0026 \\u003c!-- ü"}</script>'
    )


def test_an_invalid_wikidata_id_is_refused_with_a_clear_message():
    production = Production(title="Salt", kind=ProductionKind.FILM, wikidata_id="X12")
    with pytest.raises(ValidationError) as caught:
        production.full_clean()
    assert caught.value.message_dict["wikidata_id"] == [
        "A Wikidata id is a Q and a number, like Q83495."
    ]
    person = Person(name="Jay Ames", wikidata_id="X12")
    with pytest.raises(ValidationError) as caught:
        person.full_clean()
    assert "wikidata_id" in caught.value.message_dict


def test_ids_that_do_not_fit_are_not_linked(client):
    # A row written around the model's validation (an import, raw SQL).
    film = ProductionFactory(imdb_id="tt1", tmdb_id=None)
    Production.objects.filter(pk=film.pk).update(
        wikidata_id="X12", website="javascript:alert(1)"
    )
    page = page_of(client, film.get_absolute_url())
    assert "sameAs" not in only_block(client, film.get_absolute_url())
    assert "Elsewhere" not in page and "javascript:" not in page
    assert imdb_title_url("nm0000206") is None
    assert wikidata_url("Q0") is None
    assert tmdb_url("movie", None) is None


def test_large_size_follows_the_rendition_rounding():
    assert large_size(1200, 800) == (1200, 800)
    assert large_size(2000, 1000) == (1600, 800)
    assert large_size(1000, 3000) == (533, 1600)
