"""Catalogue import and export: JSON and CSV, idempotence, refused rows and their
reasons, dry runs, unreadable files, a deterministic export, the round trip, and
admin's "Import catalogue" page."""

import copy
import io
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from taggit.models import TaggedItem

from bts_catalog.images import intake_image
from media_assets.models import (
    MediaAsset,
    Post,
    PostKind,
    PostPhase,
    PostStatus,
    Provenance,
    SourcePlatform,
)
from media_assets.services import media_asset_add, media_asset_update
from productions.models import (
    Credit,
    Department,
    GameVersion,
    Person,
    Platform,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
)
from showcase import transfer
from showcase.transfer import Outcome
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CATALOGUE = {
    "productions": [
        {
            "slug": "the-salt-orchard-2024",
            "title": "The Salt Orchard",
            "kind": "film",
            "status": "released",
            "release_date": "2024-05-17",
            "studio": "Northlight Pictures",
            "imdb_id": "tt0133093",
            "tmdb_id": 603,
            "tags": ["drama", "coastal"],
        },
        {
            "title": "Hamlet",
            "kind": "theater",
            "status": "running",
            "release_date": "2023-09-01",
            "venue": "The Old Vic",
        },
    ],
    "people": [
        {"slug": "ada-marsh", "name": "Ada Marsh", "imdb_id": "nm0000206"},
        {"slug": "bjork-g", "name": "Björk Guðmundsdóttir 🎭", "bio": "Sings.\n"},
    ],
    "credits": [
        {
            "production": "the-salt-orchard-2024",
            "person": "ada-marsh",
            "role": "director-of-photography",
            "billing_order": 3,
        },
        {
            "production": "hamlet-2023",
            "person": "bjork-g",
            "role": "actor",
            "character": "Ophelia",
            "billing_order": 1,
            "is_verified": True,
        },
    ],
}


def catalogue() -> dict:
    return copy.deepcopy(CATALOGUE)


def import_json(data, *, dry_run: bool = False) -> transfer.ImportReport:
    return transfer.catalogue_import_file(
        content=json.dumps(data).encode(), dry_run=dry_run
    )


def outcomes(report: transfer.ImportReport) -> list[tuple[str, str]]:
    return [(line.where, line.outcome) for line in report.lines]


def run_command(tmp_path, content, name: str = "catalogue.json", *args) -> str:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    out = io.StringIO()
    call_command("import_catalogue", str(path), *args, stdout=out, no_color=True)
    return out.getvalue()


# --- JSON ---------------------------------------------------------------------------
def test_json_import_creates_productions_people_and_credits():
    report = import_json(catalogue())

    assert outcomes(report) == [
        ("productions #1", Outcome.CREATED),
        ("productions #2", Outcome.CREATED),
        ("people #1", Outcome.CREATED),
        ("people #2", Outcome.CREATED),
        ("credits #1", Outcome.CREATED),
        ("credits #2", Outcome.CREATED),
    ]
    assert report.summary == "Summary: 6 created, 0 updated, 0 unchanged, 0 refused."
    salt = Production.objects.get(slug="the-salt-orchard-2024")
    assert salt.tmdb_id == 603 and salt.release_date.isoformat() == "2024-05-17"
    assert sorted(salt.tags.names()) == ["coastal", "drama"]
    hamlet = Production.objects.get(slug="hamlet-2023")  # made from title and year
    assert hamlet.venue == "The Old Vic"
    bjork = Person.objects.get(slug="bjork-g")
    assert bjork.name == "Björk Guðmundsdóttir 🎭" and bjork.bio == "Sings.\n"
    ophelia = Credit.objects.get(character="Ophelia")
    assert (ophelia.production, ophelia.person, ophelia.role.slug) == (
        hamlet,
        bjork,
        "actor",
    )
    assert ophelia.is_verified and ophelia.billing_order == 1


def test_report_lines_name_the_row_the_record_and_the_outcome():
    report = import_json(catalogue())

    assert str(report.lines[0]) == (
        "productions #1: created production the-salt-orchard-2024"
    )
    assert str(report.lines[5]) == (
        "credits #2: created credit hamlet-2023 / bjork-g / actor / Ophelia"
    )
    assert str(report).splitlines()[-1] == report.summary


def test_a_second_import_changes_nothing():
    import_json(catalogue())
    before = transfer.catalogue_export_json()

    report = import_json(catalogue())

    assert {outcome for _, outcome in outcomes(report)} == {Outcome.UNCHANGED}
    assert report.summary == "Summary: 0 created, 0 updated, 6 unchanged, 0 refused."
    assert transfer.catalogue_export_json() == before
    assert Production.objects.count() == 2 and Credit.objects.count() == 2


def test_changed_rows_are_updated_and_left_out_fields_kept():
    import_json(catalogue())
    data = {
        "productions": [
            {
                "slug": "the-salt-orchard-2024",
                "synopsis": "Orchards by the sea.",
                "tags": ["drama", "Coastal", "harbour"],
            },
            {"slug": "hamlet-2023", "status": "closed"},
        ],
        "credits": [{**CATALOGUE["credits"][0], "billing_order": 1}],
        "people": [{"slug": "ada-marsh", "name": "Ada Marsh"}],
    }

    report = import_json(data)

    assert [str(line) for line in report.lines] == [
        "productions #1: updated production the-salt-orchard-2024 "
        "(changed: synopsis, tags)",
        "productions #2: updated production hamlet-2023 (changed: status)",
        "people #1: unchanged person ada-marsh",
        "credits #1: updated credit the-salt-orchard-2024 / ada-marsh / "
        "director-of-photography (changed: billing_order)",
    ]
    salt = Production.objects.get(slug="the-salt-orchard-2024")
    assert salt.synopsis == "Orchards by the sea."
    assert salt.studio == "Northlight Pictures"  # not in the row: kept
    assert sorted(salt.tags.names(), key=str.lower) == ["coastal", "drama", "harbour"]
    assert Production.objects.get(slug="hamlet-2023").status == "closed"
    assert Credit.objects.get(person__slug="ada-marsh").billing_order == 1


def test_tags_differing_only_in_case_are_unchanged():
    import_json(catalogue())
    data = {"productions": [{"slug": "the-salt-orchard-2024", "tags": ["DRAMA"]}]}
    data["productions"][0]["tags"] = ["Drama", "COASTAL"]

    assert outcomes(import_json(data)) == [("productions #1", Outcome.UNCHANGED)]


# --- CSV ----------------------------------------------------------------------------
PRODUCTIONS_CSV = (
    "\ufeffslug,title,kind,status,release_date,synopsis,tags,tmdb_id\r\n"
    "the-salt-orchard-2024,The Salt Orchard,film,released,2024-05-17,"
    '"Two sisters,\none orchard.","drama, coastal",603\r\n'
    "\r\n"
    ",Hamlet,theater,running,2023-09-01,,,\r\n"
    "bad-one,Bad One,opera,released,2024-01-01,,,\r\n"
)


def test_csv_import_of_productions_reports_file_lines(tmp_path):
    output = run_command(tmp_path, PRODUCTIONS_CSV, "productions.csv")

    assert output.splitlines() == [
        "line 2: created production the-salt-orchard-2024",
        "line 5: created production hamlet-2023",
        "line 6: refused production bad-one — kind: Value 'opera' is not a valid "
        "choice.",
        "Summary: 2 created, 0 updated, 0 unchanged, 1 refused.",
    ]
    salt = Production.objects.get(slug="the-salt-orchard-2024")
    assert salt.synopsis == "Two sisters,\none orchard."
    assert sorted(salt.tags.names()) == ["coastal", "drama"]
    assert salt.tmdb_id == 603
    assert Production.objects.get(slug="hamlet-2023").tmdb_id is None


def test_csv_people_and_credits_by_kind_option(tmp_path):
    run_command(tmp_path, PRODUCTIONS_CSV, "productions.csv")
    people = "slug,name,imdb_id\nada-marsh,Ada Marsh,nm0000206\nben-ode,Ben Ode,\n"
    credits = (
        "production,person,role,character,billing_order,is_verified\n"
        "the-salt-orchard-2024,ada-marsh,director-of-photography,,2,yes\n"
        "hamlet-2023,ben-ode,actor,Ophelia,,no\n"
    )

    run_command(tmp_path, people, "crew.csv", "--kind", "people")
    output = run_command(tmp_path, credits, "credits-2024.csv", "--kind", "credits")

    assert output.splitlines()[-1] == (
        "Summary: 2 created, 0 updated, 0 unchanged, 0 refused."
    )
    dop = Credit.objects.get(person__slug="ada-marsh")
    assert dop.is_verified and dop.billing_order == 2
    ophelia = Credit.objects.get(character="Ophelia")
    assert not ophelia.is_verified and ophelia.billing_order == 100  # the default


def test_csv_blank_cells_clear_text_and_keep_required_values(tmp_path):
    run_command(tmp_path, PRODUCTIONS_CSV, "productions.csv")
    update = "slug,synopsis,tmdb_id,release_date\nthe-salt-orchard-2024,,,2024-05-17\n"

    output = run_command(tmp_path, update, "productions.csv")

    assert output.splitlines()[0] == (
        "line 2: updated production the-salt-orchard-2024 (changed: synopsis, tmdb_id)"
    )
    salt = Production.objects.get(slug="the-salt-orchard-2024")
    assert salt.synopsis == "" and salt.tmdb_id is None


def test_csv_line_with_the_wrong_number_of_cells_is_refused(tmp_path):
    content = "slug,name\nada-marsh,Ada Marsh\nben-ode,Ben Ode,extra\n"

    output = run_command(tmp_path, content, "people.csv")

    assert output.splitlines()[1] == (
        "line 3: refused person — This line has 3 cells; the header has 2."
    )
    assert Person.objects.filter(slug="ada-marsh").exists()


# --- Refused rows -------------------------------------------------------------------
GOOD_PRODUCTION = {"slug": "good-2024", "title": "Good", "kind": "film"}
HUGE = "x" * 5000

REFUSED_PRODUCTIONS = [
    ({"title": "Opera", "kind": "opera"}, "kind: Value 'opera' is not a valid choice."),
    (
        {"title": "Play", "kind": "theater", "status": "released"},
        "status: A theater cannot be 'Released'.",
    ),
    ({"slug": "untitled", "kind": "film"}, "title: This field cannot be blank."),
    ({"kind": "film"}, "slug: Give a slug, or a title to make one from."),
    ({}, "slug: Give a slug, or a title to make one from."),
    (
        {"title": "Matrix", "kind": "film", "imdb_id": "0133093"},
        "imdb_id: An IMDb title id looks like tt0133093.",
    ),
    (
        {"title": "Feb", "kind": "film", "release_date": "2024-02-30"},
        "release_date: “2024-02-30” value has the correct format (YYYY-MM-DD) but "
        "it is an invalid date.",
    ),
    (
        {"title": "Feb", "kind": "film", "release_date": "30/01/2024"},
        "release_date: “30/01/2024” value has an invalid date format.",
    ),
    (
        {"title": "Year", "kind": "film", "release_date": 2024},
        "release_date: Expected a date as text, got a number.",
    ),
    (
        {"slug": "huge", "title": HUGE, "kind": "film"},
        "title: Ensure this value has at most 200 characters (it has 5000).",
    ),
    (
        {"title": "Big", "kind": "film", "tmdb_id": 10**30},
        "tmdb_id: Ensure this value is less than or equal to",
    ),
    (
        {"title": "Neg", "kind": "film", "igdb_id": "-3"},
        "igdb_id: Ensure this value is greater than or equal to 0.",
    ),
    ({"title": "List", "kind": ["film"]}, "kind: Expected text, got a list."),
    ({"title": "Nul\x00", "kind": "film"}, "title: Null characters are not allowed."),
    (
        {"slug": "café", "title": "Café", "kind": "film"},
        "slug: Enter a valid “slug” consisting of letters, numbers, underscores or "
        "hyphens.",
    ),
    ({"titel": "Typo", "kind": "film"}, "titel: Unknown field."),
    (
        {"title": "Game", "kind": "film", "platforms": "PC"},
        "platforms: Only video games have platforms.",
    ),
    (
        {"title": "Poster", "kind": "film", "poster": "../../etc/passwd"},
        "poster: Give a file name relative to the media folder",
    ),
    (["not", "an", "object"], "Expected an object with the production's fields"),
    ("just text", "Expected an object with the production's fields, got text."),
]


@pytest.mark.parametrize(("row", "reason"), REFUSED_PRODUCTIONS)
def test_refused_production_rows_say_why_and_the_good_rows_land(row, reason):
    report = import_json({"productions": [GOOD_PRODUCTION, row, GOOD_PRODUCTION]})

    assert outcomes(report) == [
        ("productions #1", Outcome.CREATED),
        ("productions #2", Outcome.REFUSED),
        ("productions #3", Outcome.REFUSED),  # the same slug twice in one file
    ]
    assert reason in report.lines[1].detail
    assert report.lines[2].detail == "The same production is already at productions #1."
    assert Production.objects.filter(slug="good-2024").exists()
    assert Production.objects.count() == 1
    assert len(str(report.lines[1])) < 600  # a huge value is never echoed in full


REFUSED_CREDITS = [
    (
        {"role": "chief-vibes-officer"},
        "role: No role with slug 'chief-vibes-officer'.",
    ),
    ({"person": "nobody"}, "person: No person with slug 'nobody'."),
    ({"production": None}, "production: This field is required."),
    (
        {"role": "director-of-photography", "character": "Ophelia"},
        "character: Only cast credits carry a character name.",
    ),
    (
        {"role": "director-of-photography"},  # on a theater production
        "role: Director of Photography is not a role on a theater.",
    ),
    ({"billing_order": "first"}, "billing_order: Expected a whole number"),
    ({"is_verified": "maybe"}, "is_verified: Expected true or false"),
]


@pytest.mark.parametrize(("change", "reason"), REFUSED_CREDITS)
def test_refused_credit_rows_say_why(change, reason):
    data = catalogue()
    bad = {**data["credits"][1], "character": "", **change}
    data["credits"].insert(1, bad)

    report = import_json(data)

    line = report.lines[5]
    assert (line.where, line.outcome) == ("credits #2", Outcome.REFUSED)
    assert reason in line.detail
    assert Credit.objects.count() == 2  # both good credits landed


def test_a_duplicate_credit_in_the_same_file_is_refused():
    data = catalogue()
    data["credits"].append({**data["credits"][1], "billing_order": 9})

    report = import_json(data)

    assert str(report.lines[-1]) == (
        "credits #3: refused credit hamlet-2023 / bjork-g / actor / Ophelia — "
        "The same credit is already at credits #2."
    )
    assert Credit.objects.get(character="Ophelia").billing_order == 1


def test_sections_that_are_not_lists_are_refused_and_the_rest_imported():
    data = catalogue()
    data["people"] = {"slug": "ada-marsh", "name": "Ada Marsh"}
    data["extras"] = []

    report = import_json(data)

    assert [str(line) for line in report.lines[:2]] == [
        "people: refused section — Expected a list of people, got an object.",
        "extras: refused section — Unknown section; expected productions, "
        "alternative_titles, seasons, episodes, venues, runs, performances, "
        "versions, people, aliases, credits, posts, media.",
    ]
    assert Production.objects.count() == 2
    # The credits name people the file did not give: refused, with the reason.
    assert [line.outcome for line in report.lines[4:]] == [Outcome.REFUSED] * 2
    assert "person: No person with slug 'ada-marsh'." in report.lines[4].detail


def test_refused_posts_and_media_say_why():
    import_json(catalogue())
    data = {
        "posts": [
            {
                "slug": "harbour",
                "production": "the-salt-orchard-2024",
                "title": "Harbour",
                "kind": "photo_set",
                "phase": "production",
                "provenance": "official",
                "source_platform": "instagram",
                "source_url": "https://www.youtube.com/watch?v=x",
            },
            {
                "slug": "published-undated",
                "production": "the-salt-orchard-2024",
                "title": "Undated",
                "kind": "photo_set",
                "phase": "production",
                "provenance": "official",
                "status": "published",
                "featured_people": ["ada-marsh", "ghost"],
                "author": "nobody",
            },
            {
                "slug": "ok",
                "production": "the-salt-orchard-2024",
                "title": "OK",
                "kind": "interview",
                "phase": "release",
                "provenance": "press",
                "crafts": ["camera"],
            },
        ],
        "media": [
            {"post": "ok", "file": "bts/originals/a.jpg", "alt_text": ""},
            {"post": "ok", "file": "bts/originals/b.jpg", "alt_text": "B"},
            {"post": "ok", "kind": "embed", "embed_url": "https://evil.example/v"},
            {"post": "missing", "file": "bts/originals/c.jpg", "alt_text": "C"},
        ],
    }

    report = import_json(data)

    details = {line.where: (line.outcome, line.detail) for line in report.lines}
    assert details["posts #1"] == (
        Outcome.REFUSED,
        "source_url: This link is not on Instagram (expected instagram.com, "
        "www.instagram.com).",
    )
    assert details["posts #2"] == (
        Outcome.REFUSED,
        "featured_people: No person with slug 'ghost'.; author: No user with "
        "username 'nobody'.",
    )
    assert details["posts #3"] == (Outcome.CREATED, "")
    assert details["media #1"] == (
        Outcome.REFUSED,
        "alt_text: Describe the image for screen readers.",
    )
    assert details["media #2"] == (Outcome.CREATED, "")
    assert details["media #3"][1] == (
        "embed_url: Give a link to a YouTube, Vimeo or TikTok video, or to an "
        "Instagram or X post."
    )
    assert details["media #4"][1] == "post: No post with slug 'missing'."
    assert list(Post.objects.get(slug="ok").crafts.values_list("slug", flat=True)) == [
        "camera"
    ]
    assert MediaAsset.objects.get().file.name == "bts/originals/b.jpg"


def test_a_published_post_needs_its_publication_date():
    import_json(catalogue())
    post = {
        "slug": "undated",
        "production": "the-salt-orchard-2024",
        "title": "Undated",
        "kind": "photo_set",
        "phase": "production",
        "provenance": "official",
        "status": "published",
    }

    report = import_json({"posts": [post]})

    assert str(report.lines[0]) == (
        "posts #1: refused post undated — A published post needs its publication date."
    )
    post["published_at"] = "2024-06-01T09:30:00+02:00"
    assert outcomes(import_json({"posts": [post]})) == [("posts #1", Outcome.CREATED)]
    assert Post.objects.get().published_at.isoformat() == "2024-06-01T07:30:00+00:00"


def test_csv_posts_take_lists_in_one_cell(tmp_path):
    import_json(catalogue())
    posts = (
        "slug,production,title,kind,phase,provenance,happened_on,featured_people,"
        "crafts,tags\n"
        "grading,the-salt-orchard-2024,Grading the sea,vfx_breakdown,post_production,"
        'official,2024-03-02,"ada-marsh, bjork-g",camera,"colour, sea"\n'
    )

    output = run_command(tmp_path, posts, "posts.csv")

    assert output.splitlines()[0] == "line 2: created post grading"
    post = Post.objects.get(slug="grading")
    assert sorted(post.featured_people.values_list("slug", flat=True)) == [
        "ada-marsh",
        "bjork-g",
    ]
    assert list(post.crafts.values_list("slug", flat=True)) == ["camera"]
    assert sorted(post.tags.names()) == ["colour", "sea"]
    assert post.status == PostStatus.DRAFT and post.happened_on.day == 2
    assert run_command(tmp_path, posts, "posts.csv").splitlines()[0] == (
        "line 2: unchanged post grading"
    )


# --- Dry run ------------------------------------------------------------------------
def test_dry_run_reports_what_would_happen_and_writes_nothing(tmp_path):
    output = run_command(
        tmp_path, json.dumps(catalogue()), "catalogue.json", "--dry-run"
    )

    assert output.splitlines()[-1] == (
        "Summary: 6 created, 0 updated, 0 unchanged, 0 refused. "
        "Dry run: nothing was written."
    )
    # Credits see the productions and people the same dry run would create.
    assert "credits #2: created credit" in output
    assert not Production.objects.exists()
    assert not Person.objects.exists()
    assert not Credit.objects.exists()
    assert not TaggedItem.objects.exists()


def test_dry_run_of_an_update_keeps_the_stored_values():
    import_json(catalogue())
    data = {"productions": [{"slug": "hamlet-2023", "status": "closed"}]}

    report = import_json(data, dry_run=True)

    assert outcomes(report) == [("productions #1", Outcome.UPDATED)]
    assert Production.objects.get(slug="hamlet-2023").status == "running"


# --- Unreadable files ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b'{"productions": [', "c.json", "The file is not valid JSON"),
        (b"", "c.json", "The file is not valid JSON"),
        (b'[{"title": "x"}]', "c.json", "holds one JSON object"),
        (b'"text"', "c.json", "this file holds text"),
        (b'{"version": 7}', "c.json", "version 7"),
        (b'{"format": "other"}', "c.json", "not a catalogue file"),
        ("{}".encode("utf-16"), "c.json", "not UTF-8 text"),
        (b"slug,name\n\xe9t\xe9,x\n", "people.csv", "not UTF-8 text"),
        (b"slug,name\x00\n", "people.csv", "null characters"),
        (b"", "people.csv", "The CSV file is empty"),
        (b"slug,nom\n", "people.csv", "Unknown column(s) in the header"),
        (b"slug,slug\n", "people.csv", "named twice"),
        (b"slug,name\n", "catalogue.csv", "Say which kind of rows"),
        (b'slug,name\n"ada,Ada\n', "people.csv", "malformed"),
        (b"[" * 100_000 + b"]" * 100_000, "c.json", "JSON"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_command_error(
    tmp_path, content, name, message
):
    with pytest.raises(CommandError) as error:
        run_command(tmp_path, content, name)

    assert message in str(error.value)
    assert not Production.objects.exists()


def test_a_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*nothing.json"):
        call_command("import_catalogue", str(tmp_path / "nothing.json"))


def test_the_format_option_overrides_the_file_name(tmp_path):
    output = run_command(
        tmp_path,
        "slug,name\nada-marsh,Ada Marsh\n",
        "upload.txt",
        "--format",
        "csv",
        "--kind",
        "people",
    )

    assert output.splitlines()[0] == "line 2: created person ada-marsh"


# --- Export and round trip ----------------------------------------------------------
@pytest.fixture
def rich_catalogue(make_image):
    """Every kind of row, with tags, people, crafts and stored images."""
    editor = UserFactory(username="nadia")
    crew = UserFactory(username="ola")
    salt = ProductionFactory(
        title="The Salt Orchard",
        imdb_id="tt1234567",
        tmdb_id=42,
        website="https://example.com/salt",
    )
    salt.tags.set(["drama", "Coastal"])
    hamlet = ProductionFactory(
        title="Hamlet",
        kind=ProductionKind.THEATER,
        status=ProductionStatus.RUNNING,
        venue="The Old Vic",
        studio="Elsinore Players",
    )
    starfall = ProductionFactory(
        title="Starfall ✦",
        kind=ProductionKind.VIDEO_GAME,
        status=ProductionStatus.IN_DEVELOPMENT,
        release_date=None,
        igdb_id=7,
    )
    GameVersion.objects.create(production=starfall, name="1.0").platforms.set(
        Platform.objects.filter(slug__in=["windows", "switch"])
    )
    ada = PersonFactory(
        name="Ada Marsh",
        bio="Cinematographer.\n\nShoots on film.",
        imdb_id="nm1234567",
        instagram_handle="ada.shoots",
        user=crew,
    )
    ben = PersonFactory(name="Ben Ode")
    zoe = PersonFactory(name="Zoë Ng")
    actor = Role.objects.get(slug="actor")
    CreditFactory(
        production=salt,
        person=ada,
        role=Role.objects.get(slug="director-of-photography"),
        billing_order=2,
        is_verified=True,
    )
    CreditFactory(production=hamlet, person=ben, role=actor, character="Ophelia")
    CreditFactory(
        production=hamlet,
        person=ben,
        role=actor,
        character="Gertrude",
        credited_as="B. O. Dean",
    )
    CreditFactory(
        production=hamlet, person=zoe, role=Role.objects.get(slug="costume-designer")
    )
    CreditFactory(production=starfall, person=zoe, role=actor, billing_order=1)

    harbour = PostFactory(
        production=salt,
        author=crew,
        title="Harbour night shoot",
        body="Shot at **dusk**.\n",
        kind=PostKind.PHOTO_SET,
        source_platform=SourcePlatform.INSTAGRAM,
        source_url="https://www.instagram.com/p/abc/",
        provenance=Provenance.FIRST_HAND,
        is_featured=True,
    )
    harbour.tags.set(["night", "harbour"])
    harbour.featured_people.set([ada, ben])
    harbour.crafts.set(Department.objects.filter(slug__in=["camera", "lighting"]))
    fittings = PostFactory(
        production=hamlet,
        author=editor,
        title="Costume fittings",
        kind=PostKind.COSTUME_DESIGN,
        phase=PostPhase.PRE_PRODUCTION,
        draft=True,
        moderation_note="Needs a second picture.",
    )
    fittings.crafts.set(Department.objects.filter(slug="costume"))
    fittings.featured_people.set([zoe])
    PostFactory(production=starfall, title="Dev diary #1", rejected=True)

    night = media_asset_add(
        actor=None,
        post=harbour,
        upload=intake_image(make_image()),
        alt_text="Ada at the harbour at night",
        caption="The last take.",
        credited_to=ada,
        focal_point=(0.25, 0.75),
    )
    media_asset_update(
        asset=night,
        user=None,
        capture={"camera_make": "ARRI", "camera_model": "ALEXA 35", "aperture": 2.8},
        capture_public=False,
    )
    media_asset_add(
        actor=None,
        post=harbour,
        upload=intake_image(make_image(fmt="PNG", size=(30, 60), color=(0, 0, 200))),
        alt_text="A lamp on the pier",
        position=5,
    )
    media_asset_add(
        actor=None,
        post=fittings,
        embed_url="https://www.youtube.com/watch?v=abc123XYZ_-",
    )
    return {"salt": salt, "harbour": harbour}


COUNTED = {
    "productions": Production,
    "people": Person,
    "credits": Credit,
    "posts": Post,
    "media": MediaAsset,
}


def test_export_holds_every_field_in_a_stable_order(rich_catalogue):
    data = transfer.catalogue_export()

    assert {name: len(data[name]) for name in COUNTED} == {
        "productions": 3,
        "people": 3,
        "credits": 5,
        "posts": 3,
        "media": 3,
    }
    assert [row["slug"] for row in data["productions"]] == [
        "hamlet-2024",
        "starfall",
        "the-salt-orchard-2024",
    ]
    harbour = next(row for row in data["posts"] if row["slug"] == "harbour-night-shoot")
    assert harbour["author"] == "ola"
    assert harbour["status"] == "published" and harbour["is_featured"] is True
    assert harbour["provenance"] == "first_hand"
    assert harbour["tags"] == ["harbour", "night"]
    assert harbour["featured_people"] == ["ada-marsh", "ben-ode"]
    assert harbour["crafts"] == ["camera", "lighting"]
    assert [row["post"] for row in data["media"]] == [
        "costume-fittings",
        "harbour-night-shoot",
        "harbour-night-shoot",
    ]
    first = data["media"][1]
    assert first["post"] == "harbour-night-shoot"
    assert first["credited_to"] == "ada-marsh"
    assert (first["width"], first["height"], first["position"]) == (64, 48, 0)
    assert len(first["sha256"]) == 64
    assert first["file"].startswith("bts/originals/")
    assert all(first[name].endswith(f"-{name}.webp") for name in ("thumbnail", "card"))
    assert {"slug": "actor", "department": "cast"}.items() <= next(
        row for row in data["roles"] if row["slug"] == "actor"
    ).items()
    assert any(row["slug"] == "camera" for row in data["departments"])


def test_two_exports_of_the_same_database_are_byte_identical(rich_catalogue, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"

    call_command("export_catalogue", "--output", str(first), stderr=io.StringIO())
    call_command("export_catalogue", "--output", str(second), stderr=io.StringIO())
    out = io.StringIO()
    call_command("export_catalogue", stdout=out)

    assert first.read_bytes() == second.read_bytes()
    assert out.getvalue().encode() == first.read_bytes()
    assert "Starfall ✦" in first.read_text(encoding="utf-8")


def flush_catalogue() -> None:
    """Delete every catalogue row, keeping the departments and roles."""
    for model in (MediaAsset, Post, Credit, Person, Production):
        model.objects.all().delete()


def test_export_then_import_into_an_empty_catalogue_reproduces_it(
    rich_catalogue, tmp_path, media_root
):
    exported = tmp_path / "catalogue.json"
    call_command("export_catalogue", "--output", str(exported), stderr=io.StringIO())
    stored = sorted(p.name for p in media_root.rglob("*") if p.is_file())
    flush_catalogue()
    assert not Production.objects.exists() and not MediaAsset.objects.exists()
    assert Department.objects.exists() and Role.objects.exists()

    output = run_command(tmp_path, exported.read_bytes(), "catalogue.json")

    assert output.splitlines()[-1] == (
        "Summary: 18 created, 0 updated, 0 unchanged, 0 refused."
    )
    again = tmp_path / "again.json"
    call_command("export_catalogue", "--output", str(again), stderr=io.StringIO())
    assert again.read_bytes() == exported.read_bytes()
    assert {name: model.objects.count() for name, model in COUNTED.items()} == {
        "productions": 3,
        "people": 3,
        "credits": 5,
        "posts": 3,
        "media": 3,
    }
    assert Credit.objects.get(character="Gertrude").credited_as == "B. O. Dean"
    harbour = Post.objects.get(slug="harbour-night-shoot")
    assert harbour.body_html  # derived again from the body on save
    night = harbour.media.get(alt_text="Ada at the harbour at night")
    assert (night.focal_x, night.focal_y, night.aperture) == (0.25, 0.75, 2.8)
    assert night.shot_on.startswith("ARRI ALEXA 35") and not night.capture_public
    for asset in MediaAsset.objects.exclude(file=""):
        assert asset.file.storage.exists(asset.file.name)
    assert sorted(p.name for p in media_root.rglob("*") if p.is_file()) == stored
    # And once more: the whole export is now unchanged.
    output = run_command(tmp_path, exported.read_bytes(), "catalogue.json")
    assert output.splitlines()[-1] == (
        "Summary: 0 created, 0 updated, 18 unchanged, 0 refused."
    )


# --- Admin page ---------------------------------------------------------------------
IMPORT_URL = "admin:productions_production_import"


def upload(content, name: str = "catalogue.json") -> SimpleUploadedFile:
    if isinstance(content, dict):
        content = json.dumps(content).encode()
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_the_production_changelist_links_to_the_import_page(client, curator):
    client.force_login(curator)

    response = client.get(reverse("admin:productions_production_changelist"))

    assert reverse(IMPORT_URL).encode() in response.content
    assert b"Import catalogue" in response.content


def test_the_import_page_shows_the_upload_form(client, curator):
    client.force_login(curator)

    response = client.get(reverse(IMPORT_URL))

    assert response.status_code == 200
    assert b'enctype="multipart/form-data"' in response.content
    assert b'name="dry_run"' in response.content and b"checked" in response.content
    assert b"import-report" not in response.content


def test_a_dry_run_upload_shows_the_report_and_writes_nothing(client, curator):
    client.force_login(curator)

    response = client.post(
        reverse(IMPORT_URL), {"file": upload(catalogue()), "dry_run": "on"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Dry run: nothing was written" in content
    assert "Summary: 6 created, 0 updated, 0 unchanged, 0 refused." in content
    assert "the-salt-orchard-2024" in content
    assert not Production.objects.exists()


def test_an_upload_imports_and_reports_refused_rows(client, superuser):
    client.force_login(superuser)
    data = catalogue()
    data["productions"].append(
        {"title": "<b>Play</b>", "kind": "theater", "status": "released"}
    )

    response = client.post(reverse(IMPORT_URL), {"file": upload(data)})

    content = response.content.decode()
    assert "Summary: 6 created, 0 updated, 0 unchanged, 1 refused." in content
    assert "status: A theater cannot be &#x27;Released&#x27;." in content
    assert "<b>Play</b>" not in content
    assert Production.objects.count() == 2 and Credit.objects.count() == 2


def test_a_csv_upload_takes_its_kind_from_the_form(client, curator):
    client.force_login(curator)
    csv_file = upload(b"slug,name\nada-marsh,Ada Marsh\n", "export.csv")

    response = client.post(reverse(IMPORT_URL), {"file": csv_file, "kind": "people"})

    assert "line 2" in response.content.decode()
    assert Person.objects.filter(slug="ada-marsh").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{}".encode("utf-16"), "not UTF-8 text"),
        (b'{"productions": [', "not valid JSON"),
    ],
)
def test_an_unreadable_upload_is_a_form_error(client, curator, content, message):
    client.force_login(curator)

    response = client.post(reverse(IMPORT_URL), {"file": upload(content)})

    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert b"import-report" not in response.content


def test_an_upload_over_the_size_limit_is_refused(client, curator, monkeypatch):
    monkeypatch.setattr(transfer, "IMPORT_MAX_BYTES", 100)
    client.force_login(curator)

    response = client.post(reverse(IMPORT_URL), {"file": upload(catalogue())})

    assert "The file is too large" in response.context["form"].errors["file"][0]
    assert not Production.objects.exists()


def test_a_fan_is_sent_to_the_admin_login(client, fan):
    client.force_login(fan)

    response = client.post(reverse(IMPORT_URL), {"file": upload(catalogue())})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not Production.objects.exists()


def test_staff_without_the_add_permission_are_refused(client):
    staff = UserFactory(username="viewer", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_production"))
    client.force_login(staff)

    changelist = client.get(reverse("admin:productions_production_changelist"))
    get = client.get(reverse(IMPORT_URL))
    post = client.post(reverse(IMPORT_URL), {"file": upload(catalogue())})

    assert changelist.status_code == 200
    assert b"Import catalogue" not in changelist.content
    assert (get.status_code, post.status_code) == (403, 403)
    assert not Production.objects.exists()
