"""Django admin as curators use it: pages load, actions work, uploads are checked."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from media_assets.models import MediaAsset, ModerationEvent, Post, PostStatus
from productions.models import Credit, Production
from tests.conftest import image_bytes
from tests.factories import (
    CreditFactory,
    PersonFactory,
    PostFactory,
    ProductionFactory,
)

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "productions_production",
    "productions_person",
    "productions_department",
    "productions_role",
    "productions_credit",
    "media_assets_post",
    "media_assets_pendingpost",
    "media_assets_mediaasset",
]


@pytest.fixture
def catalogue():
    production = ProductionFactory(title="The Salt Orchard")
    credit = CreditFactory(production=production)
    post = PostFactory(production=production, title="Harbour night shoot")
    pending = PostFactory(production=production, pending=True, title="Waiting post")
    return {
        "production": production,
        "credit": credit,
        "post": post,
        "pending": pending,
    }


@pytest.fixture(params=["superuser", "curator"])
def staff_client(request, client):
    client.force_login(request.getfixturevalue(request.param))
    return client


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelists_load_for_curators(staff_client, catalogue, name):
    response = staff_client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ["?q=salt", "?kind__exact=film", "?year=2024", "?status=pending"]
)
def test_changelist_search_and_filters(staff_client, catalogue, query):
    name = "media_assets_post" if "status" in query else "productions_production"
    response = staff_client.get(reverse(f"admin:{name}_changelist") + query)
    assert response.status_code == 200


def test_change_and_add_pages_load(staff_client, catalogue):
    pages = [
        reverse(
            "admin:productions_production_change", args=[catalogue["production"].pk]
        ),
        reverse("admin:productions_production_add"),
        reverse(
            "admin:productions_person_change", args=[catalogue["credit"].person.pk]
        ),
        reverse("admin:productions_credit_change", args=[catalogue["credit"].pk]),
        reverse("admin:media_assets_post_change", args=[catalogue["post"].pk]),
        reverse("admin:media_assets_post_add"),
    ]
    for url in pages:
        assert staff_client.get(url).status_code == 200, url


def test_admin_widgets_and_public_filters_are_both_drawn(
    staff_client, client, catalogue
):
    """Admin's own widgets (Django templates) and Django's widgets (drawn through
    Jinja2) side by side on one form, and a filter form keeping its choices."""
    page = staff_client.get(reverse("admin:productions_production_add")).content
    assert b'class="vDateField"' in page  # admin's date widget
    assert b'<select name="kind"' in page  # Django's select widget
    filters = client.get("/posts/?kind=interview").content.decode()
    assert '<option value="interview" selected>' in filters


def test_autocomplete_finds_people_and_productions(staff_client, catalogue):
    person = catalogue["credit"].person
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": person.name[:5],
            "app_label": "productions",
            "model_name": "credit",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert person.name in {row["text"] for row in response.json()["results"]}


def test_anonymous_and_fans_cannot_reach_admin(client, fan):
    url = reverse("admin:media_assets_post_changelist")
    assert client.get(url).status_code == 302
    client.force_login(fan)
    assert client.get(url).status_code == 302


def run_action(client, model: str, action: str, objects) -> None:
    response = client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects]},
        follow=True,
    )
    assert response.status_code == 200


def test_publish_action_records_the_transition(client, curator, catalogue):
    client.force_login(curator)
    pending = catalogue["pending"]
    run_action(client, "media_assets_post", "publish_posts", [pending])
    pending.refresh_from_db()
    assert pending.status == PostStatus.PUBLISHED
    assert pending.published_at is not None
    event = ModerationEvent.objects.get(post=pending)
    assert (event.actor, event.from_status, event.to_status) == (
        curator,
        PostStatus.PENDING,
        PostStatus.PUBLISHED,
    )


def test_reject_action_keeps_the_note_for_the_author(client, curator, catalogue):
    client.force_login(curator)
    pending = catalogue["pending"]
    Post.objects.filter(pk=pending.pk).update(moderation_note="Please credit the DP.")
    run_action(client, "media_assets_pendingpost", "reject_posts", [pending])
    pending.refresh_from_db()
    assert pending.status == PostStatus.REJECTED
    assert pending.moderation_note == "Please credit the DP."
    assert ModerationEvent.objects.get(post=pending).note == "Please credit the DP."


def test_feature_action_only_features_published_posts(client, curator, catalogue):
    client.force_login(curator)
    published, pending = catalogue["post"], catalogue["pending"]
    run_action(client, "media_assets_post", "feature_posts", [published, pending])
    published.refresh_from_db()
    pending.refresh_from_db()
    assert published.is_featured
    assert not pending.is_featured
    run_action(client, "media_assets_post", "unfeature_posts", [published])
    published.refresh_from_db()
    assert not published.is_featured


def test_moderation_queue_lists_only_pending_posts_oldest_first(client, curator):
    older = PostFactory(pending=True, title="Older pending")
    newer = PostFactory(pending=True, title="Newer pending")
    PostFactory(title="Already published")
    client.force_login(curator)
    response = client.get(reverse("admin:media_assets_pendingpost_changelist"))
    page = response.content.decode()
    assert "Already published" not in page
    assert page.index(older.title) < page.index(newer.title)


def test_verify_credit_action(client, curator, catalogue):
    client.force_login(curator)
    credit = catalogue["credit"]
    run_action(client, "productions_credit", "verify_credits", [credit])
    credit.refresh_from_db()
    assert credit.is_verified


def post_form_data(production, **extra) -> dict:
    data = {
        "production": production.pk,
        "title": "Costume fittings",
        "slug": "",
        "body": "Fittings for the *harbour* scenes.",
        "tags": "costume, fittings",
        "kind": "costume_design",
        "phase": "pre_production",
        "happened_on": "2024-01-15",
        "source_platform": "original",
        "source_url": "",
        "provenance": "official",
        "moderation_note": "",
        "media-TOTAL_FORMS": "2",
        "media-INITIAL_FORMS": "0",
        "media-MIN_NUM_FORMS": "0",
        "media-MAX_NUM_FORMS": "1000",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }
    for index in range(2):
        data.update(
            {
                f"media-{index}-kind": "image",
                f"media-{index}-embed_url": "",
                f"media-{index}-alt_text": "",
                f"media-{index}-caption": "",
                f"media-{index}-credited_to": "",
                f"media-{index}-position": "0",
            }
        )
    data.update(extra)
    return data


def test_adding_a_post_with_images_stores_renditions(client, curator, files_in_media):
    client.force_login(curator)
    production = ProductionFactory()
    photographer = PersonFactory()
    data = post_form_data(
        production,
        **{
            "media-0-upload": SimpleUploadedFile(
                "a.jpg", image_bytes("JPEG", (900, 600))
            ),
            "media-0-alt_text": "A costume on a dress form",
            "media-0-credited_to": photographer.pk,
            "media-1-upload": SimpleUploadedFile(
                "b.png", image_bytes("PNG", (300, 500), color=(10, 90, 200))
            ),
            "media-1-alt_text": "Fabric swatches pinned to a board",
            "media-1-position": "1",
        },
    )
    response = client.post(reverse("admin:media_assets_post_add"), data)
    assert response.status_code == 302, response.context["errors"]
    post = Post.objects.get(title="Costume fittings")
    assert post.author == curator
    assert post.status == PostStatus.DRAFT
    assert sorted(post.tags.names()) == ["costume", "fittings"]
    media = list(post.media.order_by("position"))
    assert [(m.width, m.height) for m in media] == [(900, 600), (300, 500)]
    assert media[0].credited_to == photographer
    # Each original, its 3 crops and its sizes in 3 formats: 480, 800 and 900 px
    # wide for the first, 300 px (its own width) for the second.
    assert len(files_in_media()) == (1 + 3 + 3 * 3) + (1 + 3 + 3)


def test_a_bad_image_in_admin_is_refused_and_nothing_is_stored(
    client, curator, files_in_media
):
    client.force_login(curator)
    production = ProductionFactory()
    data = post_form_data(
        production,
        **{
            "media-0-upload": SimpleUploadedFile("a.jpg", image_bytes("JPEG")),
            "media-0-alt_text": "Fine image",
            "media-1-upload": SimpleUploadedFile("evil.jpg", b"<html>not an image"),
            "media-1-alt_text": "Not really an image",
        },
    )
    response = client.post(reverse("admin:media_assets_post_add"), data)
    assert response.status_code == 200
    assert "not an image we can read" in response.content.decode()
    assert not Post.objects.filter(title="Costume fittings").exists()
    assert MediaAsset.objects.count() == 0
    assert files_in_media() == []


def test_images_need_alt_text_in_admin(client, curator, files_in_media):
    client.force_login(curator)
    data = post_form_data(
        ProductionFactory(),
        **{
            "media-TOTAL_FORMS": "1",
            "media-0-upload": SimpleUploadedFile("a.jpg", image_bytes("JPEG")),
        },
    )
    response = client.post(reverse("admin:media_assets_post_add"), data)
    assert response.status_code == 200
    assert "Describe the image for screen readers." in response.content.decode()
    assert files_in_media() == []


def test_deleting_a_post_in_admin_deletes_its_files(
    client, curator, files_in_media, django_capture_on_commit_callbacks
):
    client.force_login(curator)
    data = post_form_data(
        ProductionFactory(),
        **{
            "media-TOTAL_FORMS": "1",
            "media-0-upload": SimpleUploadedFile("a.jpg", image_bytes("JPEG")),
            "media-0-alt_text": "Slate on the first day",
        },
    )
    client.post(reverse("admin:media_assets_post_add"), data)
    post = Post.objects.get(title="Costume fittings")
    assert len(files_in_media()) == 7
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:media_assets_post_delete", args=[post.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert files_in_media() == []


def gps_jpeg() -> bytes:
    image = Image.new("RGB", (120, 80), (0, 120, 0))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 0.0)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_poster_upload_goes_through_image_intake(client, curator, media_root):
    client.force_login(curator)
    production = ProductionFactory()
    url = reverse("admin:productions_production_change", args=[production.pk])
    form = {
        "title": production.title,
        "slug": production.slug,
        "kind": production.kind,
        "status": production.status,
        "synopsis": "",
        "release_date": "2024-05-17",
        "studio": "",
        "venue": "",
        "website": "",
        "imdb_id": "",
        "tmdb_id": "",
        "igdb_id": "",
        "tags": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
    }
    bad = client.post(url, {**form, "poster": SimpleUploadedFile("p.gif", b"GIF89a")})
    assert bad.status_code == 200
    assert "poster" in bad.context["adminform"].form.errors
    response = client.post(
        url, {**form, "poster": SimpleUploadedFile("poster.jpg", gps_jpeg())}
    )
    assert response.status_code == 302
    production.refresh_from_db()
    assert production.poster.name.endswith(".jpg")
    assert "poster" not in production.poster.name.rsplit("/", 1)[-1]
    with Image.open(media_root / production.poster.name) as stored:
        assert not stored.getexif()


def test_adding_credits_inline_on_a_production(client, curator):
    client.force_login(curator)
    credit = CreditFactory()
    production = ProductionFactory(kind="film")
    person = PersonFactory()
    url = reverse("admin:productions_production_change", args=[production.pk])
    response = client.post(
        url,
        {
            "title": production.title,
            "slug": production.slug,
            "kind": production.kind,
            "status": production.status,
            "release_date": "2024-05-17",
            "credits-TOTAL_FORMS": "1",
            "credits-INITIAL_FORMS": "0",
            "credits-MIN_NUM_FORMS": "0",
            "credits-MAX_NUM_FORMS": "1000",
            "credits-0-person": person.pk,
            "credits-0-role": credit.role.pk,
            "credits-0-character": "",
            "credits-0-billing_order": "5",
        },
    )
    assert response.status_code == 302
    assert Credit.objects.filter(production=production, person=person).exists()
    assert Production.objects.count() == 2


def change_form_data(post, **extra) -> dict:
    data = post_form_data(
        post.production,
        title=post.title,
        slug=post.slug,
        kind=post.kind,
        phase=post.phase,
        provenance=post.provenance,
        **{"media-TOTAL_FORMS": "0"},
    )
    data.update(extra)
    return data


def test_rejecting_from_the_change_form_records_the_note(client, curator):
    post = PostFactory(pending=True)
    client.force_login(curator)
    response = client.post(
        reverse("admin:media_assets_post_change", args=[post.pk]),
        change_form_data(
            post, decision="rejected", moderation_note="Please add alt text."
        ),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.REJECTED
    event = post.events.get()
    assert (event.from_status, event.to_status, event.note) == (
        PostStatus.PENDING,
        PostStatus.REJECTED,
        "Please add alt text.",
    )


def test_publishing_and_featuring_in_one_save(client, curator):
    post = PostFactory(pending=True)
    client.force_login(curator)
    response = client.post(
        reverse("admin:media_assets_post_change", args=[post.pk]),
        change_form_data(post, decision="published", is_featured="on"),
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert post.is_featured
    assert post.published_at is not None


def test_featuring_a_post_that_stays_pending_is_refused(client, curator):
    post = PostFactory(pending=True)
    client.force_login(curator)
    response = client.post(
        reverse("admin:media_assets_post_change", args=[post.pk]),
        change_form_data(post, is_featured="on"),
    )
    assert response.status_code == 200
    assert "Only published posts can be featured." in response.content.decode()
    post.refresh_from_db()
    assert not post.is_featured


def test_a_medium_added_in_admin_can_be_marked_a_spoiler(client, curator):
    client.force_login(curator)
    data = post_form_data(
        ProductionFactory(),
        **{
            "media-TOTAL_FORMS": "1",
            "media-0-upload": SimpleUploadedFile("a.jpg", image_bytes("JPEG")),
            "media-0-alt_text": "The final scene's set, dressed",
            "media-0-is_spoiler": "on",
        },
    )
    response = client.post(reverse("admin:media_assets_post_add"), data)
    assert response.status_code == 302, response.context["errors"]
    (medium,) = Post.objects.get(title="Costume fittings").media.all()
    assert medium.is_spoiler
