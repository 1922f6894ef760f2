"""Fragment caching (bts_catalog.fragments) never hides a change: a signed-in
visitor whose fragments are warm sees every write on the very next request,
whichever path wrote it (API, admin, services, management commands, the audience
buttons), and an embargo ending with no write at all."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient
from taggit.models import Tag

from media_assets.models import Post
from productions.models import Credit, Role
from tests.conftest import image_bytes
from tests.factories import (
    CreditFactory,
    EpisodeFactory,
    GameFactory,
    GameVersionFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
    RunFactory,
    SeasonFactory,
    SeriesFactory,
    TheaterFactory,
    UserFactory,
    VenueFactory,
)
from tests.media_assets.test_media_edit import add_picture, edit_url, shown_values

pytestmark = pytest.mark.django_db

LIST = "/productions/"
HOME = "/"
SPOILER_WARNING = "Spoiler warning — show anyway"


@pytest.fixture(autouse=True)
def fragments_on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 300


@pytest.fixture
def viewer(fan) -> Client:
    """A signed-in fan: never served from the page cache, only from fragments."""
    client = Client()
    client.force_login(fan)
    return client


@pytest.fixture
def curator_api(curator) -> APIClient:
    api = APIClient()
    api.force_authenticate(curator)
    return api


@pytest.fixture
def superuser_client(superuser) -> Client:
    client = Client()
    client.force_login(superuser)
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a write as a request would: its on-commit callbacks (some bumps wait
    for the commit) run when it is done."""

    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


@pytest.fixture
def production():
    return ProductionFactory(
        title="The Salt Orchard", studio="Northlight Pictures", synopsis="Orchards."
    )


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def warm(client: Client, url: str) -> str:
    """The page, rendered twice: the second comes from the fragments."""
    page(client, url)
    return page(client, url)


def ok(response, code: int = 200):
    assert response.status_code == code, getattr(response, "content", response)
    return response


def run_action(client: Client, model: str, action: str, objects, **extra) -> None:
    ok(
        client.post(
            reverse(f"admin:{model}_changelist"),
            {"action": action, "_selected_action": [o.pk for o in objects], **extra},
            follow=True,
        )
    )


def admin_form_data(client: Client, url: str) -> dict:
    """What an admin change form sends when nothing is changed, inlines included."""
    context = ok(client.get(url)).context
    data = {}

    def add(form) -> None:
        for field in form:
            value = field.value()
            if field.widget_type == "checkbox":
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(item) for item in value]
            elif value is not None:
                data[field.html_name] = str(value)

    add(context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


# --- The fragments are used, and keyed as they should be --------------------------
def test_a_warm_page_skips_its_fragments_queries(viewer, production):
    PostFactory(production=production, title="Costume fitting")
    CreditFactory(production=production, person=PersonFactory(name="Ada Brandt"))
    for url in (LIST, production.get_absolute_url()):
        with CaptureQueriesContext(connection) as cold:
            first = page(viewer, url)
        with CaptureQueriesContext(connection) as hot:
            second = page(viewer, url)
        assert len(hot) < len(cold), url
        assert "The Salt Orchard" in first and "The Salt Orchard" in second


def test_a_warm_detail_page_stays_within_a_few_queries(
    viewer, production, django_assert_max_num_queries
):
    for number in range(5):
        PostFactory(production=production, title=f"Day {number}")
        CreditFactory(production=production)
    url = production.get_absolute_url()
    with CaptureQueriesContext(connection) as cold:
        page(viewer, url)
    # A hit skips at least the timeline, credits, titles, tags and gallery queries.
    with django_assert_max_num_queries(len(cold) - 5):
        page(viewer, url)


def test_each_query_string_has_its_own_list(viewer, production):
    SeriesFactory(title="Tidewater")
    everything = warm(viewer, LIST)
    films = warm(viewer, f"{LIST}?kind=film")
    assert "Tidewater" in everything and "The Salt Orchard" in everything
    assert "Tidewater" not in films and "The Salt Orchard" in films
    assert "2 productions" in everything and "1 production<" in films
    assert "Tidewater" in page(viewer, LIST)  # not the film list's fragment


def test_each_timeline_filter_has_its_own_body(viewer):
    series = SeriesFactory(title="Tidewater")
    first = EpisodeFactory(season=SeasonFactory(production=series), title="Pilot")
    PostFactory(production=series, title="Storm tank", episode=first)
    PostFactory(production=series, title="Table read")
    url = series.get_absolute_url()
    assert "Table read" in warm(viewer, url)
    filtered = page(viewer, f"{url}?episode={first.pk}")
    assert "Storm tank" in filtered and "Table read" not in filtered
    assert "Table read" in page(viewer, url)


@pytest.mark.parametrize("where", ["timeline", "home"])
def test_each_visitor_gets_the_spoiler_warnings_of_their_own_seen_state(
    fan, production, where
):
    PostFactory(production=production, title="The finale twist", is_spoiler=True)
    url = production.get_absolute_url() if where == "timeline" else HOME
    has_seen, has_not = Client(), Client()
    has_seen.force_login(fan)
    has_not.force_login(UserFactory(username="other-fan"))
    assert SPOILER_WARNING in warm(has_seen, url)
    assert SPOILER_WARNING in warm(has_not, url)

    ok(has_seen.post(reverse("audience:seen", args=[production.slug])), 302)

    assert SPOILER_WARNING not in page(has_seen, url)
    assert "The finale twist" in page(has_seen, url)
    assert SPOILER_WARNING in page(has_not, url)
    ok(has_seen.post(reverse("audience:seen", args=[production.slug])), 302)
    assert SPOILER_WARNING in page(has_seen, url)


def test_a_warm_home_page_runs_only_the_visitors_own_queries(viewer, production):
    for number in range(3):
        PostFactory(production=production, title=f"Day {number}")
    with CaptureQueriesContext(connection) as cold:
        first = page(viewer, HOME)
    with CaptureQueriesContext(connection) as hot:
        second = page(viewer, HOME)
    assert "Day 2" in first and "Day 2" in second
    # The session, the user and their person, the unread count, what they have
    # seen: no post, production or craft is read again.
    assert len(hot) <= 5 < len(cold)
    assert "media_assets_post" not in "\n".join(q["sql"] for q in hot)


def test_a_post_featured_in_admin_shows_on_the_home_page(
    viewer, superuser_client, production
):
    post = PostFactory(production=production, title="Costume fitting")
    assert "featured-heading" not in warm(viewer, HOME)
    run_action(superuser_client, "media_assets_post", "feature_posts", [post])
    home = page(viewer, HOME)
    assert "featured-heading" in home
    assert home.count("Costume fitting") == 2  # featured and latest
    run_action(superuser_client, "media_assets_post", "unfeature_posts", [post])
    assert "featured-heading" not in page(viewer, HOME)


def test_a_production_added_through_the_api_shows_on_the_home_page(
    viewer, curator_api, production
):
    assert "The Salt Orchard" in warm(viewer, HOME)
    ok(
        curator_api.post(
            "/api/v1/productions/",
            {"title": "Tidewater", "kind": "tv_series"},
            format="json",
        ),
        201,
    )
    home = page(viewer, HOME)
    assert "Tidewater" in home and "The Salt Orchard" in home


# --- The production itself ------------------------------------------------------------
def test_title_status_and_studio_edited_through_the_api(
    viewer, curator_api, production
):
    url = production.get_absolute_url()
    assert "The Salt Orchard" in warm(viewer, LIST)
    assert "Northlight Pictures" in warm(viewer, url)
    ok(
        curator_api.patch(
            f"/api/v1/productions/{production.slug}/",
            {
                "title": "The Pear Orchard",
                "status": "cancelled",
                "studio": "Quay Films",
            },
            format="json",
        )
    )
    for body in (page(viewer, LIST), page(viewer, url)):
        assert "The Pear Orchard" in body
        assert "The Salt Orchard" not in body
        assert "Cancelled" in body
        assert "Quay Films" in body and "Northlight Pictures" not in body


def test_title_edited_in_admin(viewer, superuser_client, production):
    PostFactory(production=production, title="Costume fitting")
    CreditFactory(production=production, person=PersonFactory(name="Ada Brandt"))
    production.alternative_titles.create(title="Le Verger", language="fr")
    url = production.get_absolute_url()
    assert "The Salt Orchard" in warm(viewer, LIST)
    assert "The Salt Orchard" in warm(viewer, url)
    change = reverse("admin:productions_production_change", args=[production.pk])
    data = admin_form_data(superuser_client, change)
    data["title"] = "The Plum Orchard"
    response = superuser_client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert "The Plum Orchard" in page(viewer, LIST)
    assert "The Plum Orchard" in page(viewer, url)


def test_title_edited_by_the_import_command(viewer, production, tmp_path):
    assert "The Salt Orchard" in warm(viewer, LIST)
    assert "The Salt Orchard" in warm(viewer, production.get_absolute_url())
    path = tmp_path / "productions.csv"
    path.write_text(f"slug,title,kind\r\n{production.slug},The Apple Orchard,film\r\n")
    call_command("import_catalogue", str(path), stdout=io.StringIO(), no_color=True)
    assert "The Apple Orchard" in page(viewer, LIST)
    assert "The Apple Orchard" in page(viewer, production.get_absolute_url())


def test_a_tag_added_through_the_api(viewer, curator_api, production):
    url = production.get_absolute_url()
    assert "#night shoot" not in warm(viewer, url)
    ok(
        curator_api.patch(
            f"/api/v1/productions/{production.slug}/",
            {"tags": ["night shoot"]},
            format="json",
        )
    )
    assert "#night shoot" in page(viewer, url)


def test_a_tag_renamed_in_admin(viewer, superuser_client, production):
    production.tags.add("night shoot")
    tag = Tag.objects.get(name="night shoot")
    url = production.get_absolute_url()
    assert "#night shoot" in warm(viewer, url)
    change = reverse("admin:taggit_tag_change", args=[tag.pk])
    data = admin_form_data(superuser_client, change)
    data["name"] = "day for night"
    ok(superuser_client.post(change, data), 302)
    assert Tag.objects.get(pk=tag.pk).name == "day for night"
    assert "#day for night" in page(viewer, url)


def test_an_alternative_title_added_through_the_api(viewer, curator_api, production):
    url = production.get_absolute_url()
    assert "Also known as" not in warm(viewer, url)
    ok(
        curator_api.patch(
            f"/api/v1/productions/{production.slug}/",
            {"alternative_titles": [{"title": "Le Verger", "language": "fr"}]},
            format="json",
        )
    )
    body = page(viewer, url)
    assert "Also known as" in body and "Le Verger" in body


def test_a_season_and_an_episode_added_to_a_series(viewer, curator_api):
    series = SeriesFactory(title="Tidewater")
    url = series.get_absolute_url()
    assert 'id="seasons"' not in warm(viewer, url)
    season = ok(
        curator_api.post(
            "/api/v1/seasons/",
            {"production": series.slug, "number": 1, "title": "Flood"},
            format="json",
        ),
        201,
    ).json()
    body = page(viewer, url)
    assert "Season 1: Flood" in body and "No episodes listed yet." in body
    ok(
        curator_api.post(
            "/api/v1/episodes/",
            {"season": season["id"], "number": 1, "title": "High Water"},
            format="json",
        ),
        201,
    )
    body = page(viewer, url)
    assert "High Water" in body and "No episodes listed yet." not in body


def test_a_run_added_to_a_theater_production(viewer, curator_api):
    show = TheaterFactory(title="A Winter Lantern")
    RunFactory(production=show, venue=VenueFactory(name="The Old Quay Theatre"))
    venue = VenueFactory(name="The Harbour Playhouse")
    url = show.get_absolute_url()
    body = warm(viewer, url)
    assert "The Old Quay Theatre" in body and "The Harbour Playhouse" not in body
    ok(
        curator_api.post(
            "/api/v1/runs/",
            {
                "production": show.slug,
                "venue": venue.slug,
                "opening_date": "2026-02-01",
                "closing_date": "2026-03-01",
            },
            format="json",
        ),
        201,
    )
    assert "The Harbour Playhouse" in page(viewer, url)


def test_a_version_added_to_a_game(viewer, curator_api):
    game = GameFactory(title="Lanternfall")
    GameVersionFactory(production=game, name="Early Access")
    url = game.get_absolute_url()
    assert "Definitive Edition" not in warm(viewer, url)
    ok(
        curator_api.post(
            "/api/v1/versions/",
            {"production": game.slug, "name": "Definitive Edition"},
            format="json",
        ),
        201,
    )
    assert "Definitive Edition" in page(viewer, url)


def test_a_merged_production_answers_301_and_leaves_the_list(
    viewer, curator_api, production, commit
):
    survivor = ProductionFactory(title="The Salt Orchard (2024)")
    PostFactory(production=production, title="Costume fitting")
    url = production.get_absolute_url()
    assert "Costume fitting" in warm(viewer, url)
    assert "Costume fitting" not in warm(viewer, survivor.get_absolute_url())
    assert "2 productions" in warm(viewer, LIST)
    commit(
        lambda: ok(
            curator_api.post(
                f"/api/v1/productions/{production.slug}/merge/",
                {"into": survivor.slug},
                format="json",
            )
        )
    )
    moved = viewer.get(url)
    assert moved.status_code == 301
    assert moved["Location"] == survivor.get_absolute_url()
    assert "Costume fitting" in page(viewer, survivor.get_absolute_url())
    listed = page(viewer, LIST)
    assert "1 production<" in listed and "1 post<" in listed


# --- Posts -------------------------------------------------------------------------
def test_a_post_submitted_through_the_api_and_published_in_admin(
    viewer, superuser_client, crew_person, production
):
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    crew = APIClient()
    crew.force_authenticate(crew_person.user)
    url = production.get_absolute_url()
    assert " post<" not in warm(viewer, LIST)
    assert "No behind-the-scenes posts" in warm(viewer, url)
    submitted = ok(
        crew.post(
            "/api/v1/posts/",
            {
                "production": production.slug,
                "title": "Balloon lights on the quay",
                "kind": "photo_set",
                "phase": "production",
            },
            format="json",
        ),
        201,
    ).json()
    assert "Balloon lights on the quay" not in page(viewer, url)  # pending
    post = Post.objects.get(slug=submitted["slug"])
    run_action(superuser_client, "media_assets_post", "publish_posts", [post])
    assert "1 post<" in page(viewer, LIST)
    body = page(viewer, url)
    assert "Balloon lights on the quay" in body
    assert '<span class="count">1</span>' in body


def test_a_post_published_in_admin(viewer, superuser_client, production):
    PostFactory(production=production, title="Costume fitting")
    pending = PostFactory(production=production, title="Night rig", pending=True)
    url = production.get_absolute_url()
    assert "1 post<" in warm(viewer, LIST)
    assert "Night rig" not in warm(viewer, url)
    assert "Night rig" not in warm(viewer, HOME)
    run_action(superuser_client, "media_assets_post", "publish_posts", [pending])
    assert "2 posts<" in page(viewer, LIST)
    assert "Night rig" in page(viewer, url)
    assert "Night rig" in page(viewer, HOME)


def test_a_post_rejected_in_admin(viewer, superuser_client, production):
    PostFactory(production=production, title="Costume fitting")
    post = PostFactory(production=production, title="Night rig")
    url = production.get_absolute_url()
    assert "2 posts<" in warm(viewer, LIST)
    assert "Night rig" in warm(viewer, url)
    run_action(superuser_client, "media_assets_post", "reject_posts", [post])
    assert "1 post<" in page(viewer, LIST)
    assert "Night rig" not in page(viewer, url)


def test_a_post_retitled_through_the_api(viewer, curator_api, production):
    post = PostFactory(production=production, title="Costume fitting")
    url = production.get_absolute_url()
    assert "Costume fitting" in warm(viewer, url)
    ok(
        curator_api.patch(
            f"/api/v1/posts/{post.slug}/", {"title": "Wig fitting"}, format="json"
        )
    )
    body = page(viewer, url)
    assert "Wig fitting" in body and "Costume fitting" not in body


def test_a_post_deleted_through_the_api(viewer, curator_api, production):
    post = PostFactory(production=production, title="Costume fitting")
    url = production.get_absolute_url()
    assert "1 post<" in warm(viewer, LIST)
    assert "Costume fitting" in warm(viewer, url)
    ok(curator_api.delete(f"/api/v1/posts/{post.slug}/"), 204)
    assert " post<" not in page(viewer, LIST)
    assert "Costume fitting" not in page(viewer, url)


def test_a_post_deleted_in_admin(viewer, superuser_client, production):
    post = PostFactory(production=production, title="Costume fitting")
    url = production.get_absolute_url()
    assert "Costume fitting" in warm(viewer, url)
    ok(
        superuser_client.post(
            reverse("admin:media_assets_post_delete", args=[post.pk]), {"post": "yes"}
        ),
        302,
    )
    assert "Costume fitting" not in page(viewer, url)


def test_an_embargoed_post_appears_when_its_embargo_ends(
    viewer, curator_api, production
):
    approved = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    lifts = approved + datetime.timedelta(days=1)
    with time_machine.travel(approved, tick=False) as clock:
        PostFactory(production=production, title="Costume fitting")
        ok(
            curator_api.post(
                "/api/v1/posts/",
                {
                    "production": production.slug,
                    "title": "Trailer shoot",
                    "kind": "photo_set",
                    "phase": "production",
                    "publish_at": lifts.isoformat(),
                },
                format="json",
            ),
            201,
        )
        url = production.get_absolute_url()
        clock.move_to(lifts - datetime.timedelta(minutes=1))  # within a fragment's life
        assert "1 post<" in warm(viewer, LIST)
        assert "Trailer shoot" not in warm(viewer, url)
        assert "Trailer shoot" not in warm(viewer, HOME)

        clock.move_to(lifts)  # and nothing is written

        assert "2 posts<" in page(viewer, LIST)
        assert "Trailer shoot" in page(viewer, url)
        assert "Trailer shoot" in page(viewer, HOME)


def test_a_spoiler_whose_day_has_passed_loses_its_warning(viewer, production):
    finale = datetime.datetime(2026, 3, 2, 23, 59, tzinfo=datetime.UTC)
    with time_machine.travel(finale, tick=False) as clock:
        PostFactory(
            production=production,
            title="The finale twist",
            is_spoiler=True,
            spoils_until=finale.date(),
        )
        url = production.get_absolute_url()
        assert SPOILER_WARNING in warm(viewer, url)
        clock.move_to(finale + datetime.timedelta(minutes=2))
        assert SPOILER_WARNING not in page(viewer, url)


def test_applause_shows_on_the_timeline_card(viewer, production):
    post = PostFactory(production=production, title="Costume fitting")
    url = production.get_absolute_url()
    assert "applause" not in warm(viewer, url)
    ok(viewer.post(reverse("audience:applause", args=[post.slug])), 302)
    assert "1 applause" in page(viewer, url)
    other = APIClient()
    other.force_authenticate(UserFactory(username="second-fan"))
    ok(other.post(f"/api/v1/posts/{post.slug}/applause/"), 201)
    assert "2 applause" in page(viewer, url)
    ok(viewer.post(reverse("audience:applause", args=[post.slug])), 302)
    assert "1 applause" in page(viewer, url)


# --- Media ---------------------------------------------------------------------------
def test_a_new_image_shows_in_the_gallery_and_on_the_card(
    viewer, curator_api, production
):
    post = PostFactory(production=production, title="Costume fitting")
    url = production.get_absolute_url()
    assert 'id="gallery"' not in warm(viewer, url)
    ok(
        curator_api.post(
            f"/api/v1/posts/{post.slug}/media/",
            {
                "file": SimpleUploadedFile("a.jpg", image_bytes(size=(400, 300))),
                "alt_text": "Cable on the quay",
            },
            format="multipart",
        ),
        201,
    )
    body = page(viewer, url)
    assert 'id="gallery"' in body
    assert body.count('alt="Cable on the quay"') == 2  # the gallery and the card


def test_alt_text_edited_on_the_media_page(viewer, curator, production):
    post = PostFactory(production=production, title="Costume fitting")
    asset = add_picture(post, image_bytes(size=(400, 300)), "A balloon light")
    url = production.get_absolute_url()
    assert 'alt="A balloon light"' in warm(viewer, url)
    editor = Client()
    editor.force_login(curator)
    data = shown_values(editor, asset)
    data["alt_text"] = "A balloon light over the quay"
    ok(editor.post(edit_url(asset), data), 302)
    body = page(viewer, url)
    assert 'alt="A balloon light"' not in body
    assert body.count('alt="A balloon light over the quay"') == 2


# --- Credits and people ----------------------------------------------------------
def test_a_person_renamed_through_the_api(viewer, curator_api, production):
    person = PersonFactory(name="Marta Ilves")
    CreditFactory(production=production, person=person)
    url = production.get_absolute_url()
    assert "Marta Ilves" in warm(viewer, url)
    ok(
        curator_api.patch(
            f"/api/v1/people/{person.slug}/",
            {"name": "Marta Ilves-Kask"},
            format="json",
        )
    )
    assert "Marta Ilves-Kask" in page(viewer, url)


def test_a_credit_added_and_removed_through_the_api(viewer, curator_api, production):
    person = PersonFactory(name="Theo Dias")
    url = production.get_absolute_url()
    assert "Theo Dias" not in warm(viewer, url)
    credit = ok(
        curator_api.post(
            "/api/v1/credits/",
            {
                "production": production.slug,
                "person": person.slug,
                "role": "actor",
                "character": "Father Wende",
            },
            format="json",
        ),
        201,
    ).json()
    body = page(viewer, url)
    assert "Theo Dias" in body and "as Father Wende" in body
    ok(curator_api.delete(f"/api/v1/credits/{credit['id']}/"), 204)
    assert "Theo Dias" not in page(viewer, url)


def test_a_credit_verified_in_admin(viewer, superuser_client, production):
    credit = CreditFactory(
        production=production,
        person=PersonFactory(name="Ada Brandt"),
        role=Role.objects.get(slug="gaffer"),
    )
    url = production.get_absolute_url()
    assert "Verified by a curator" not in warm(viewer, url)
    run_action(superuser_client, "productions_credit", "verify_credits", [credit])
    assert Credit.objects.get(pk=credit.pk).is_verified
    assert "Verified by a curator" in page(viewer, url)
    run_action(superuser_client, "productions_credit", "unverify_credits", [credit])
    assert "Verified by a curator" not in page(viewer, url)
