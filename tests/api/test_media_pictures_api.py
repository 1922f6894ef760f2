"""Pictures through the API: their sizes, placeholder, focal point, "shot on"
details, projection and before/after pairing, read and changed."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from rest_framework.test import APIClient

from bts_catalog.images import intake_image
from media_assets.models import MediaAsset
from media_assets.services import media_asset_add
from productions.models import Role
from tests.factories import CreditFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

EXIF_IFD = 0x8769


def photo(size=(1000, 600), *, exif: Image.Exif | None = None) -> bytes:
    """Grey with a red block at the right edge, so that crops differ by focus."""
    image = Image.new("RGB", size, (128, 128, 128))
    width, height = size
    image.paste((220, 20, 20), (width - width // 10, 0, width, height))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **({"exif": exif.tobytes()} if exif else {}))
    return buffer.getvalue()


def camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "ARRI"  # Make
    exif[0x0110] = "ALEXA 35"  # Model
    details = exif.get_ifd(EXIF_IFD)
    details[0x9003] = "2026:03:14 21:30:05"  # DateTimeOriginal
    details[0x9011] = "+02:00"  # OffsetTimeOriginal
    details[0x829A] = 0.02  # ExposureTime: 1/50 s
    details[0x829D] = 2.8  # FNumber
    details[0x8827] = 800  # ISO
    details[0x920A] = 32.0  # FocalLength
    details[0xA434] = "Signature Prime 32mm"  # LensModel
    return exif


def add_picture(post, data=None, **options) -> MediaAsset:
    upload = intake_image(ContentFile(data or photo(), name="still.jpg"))
    options.setdefault("alt_text", "The quay at night")
    return media_asset_add(post=post, actor=None, upload=upload, **options)


def add_embed(post) -> MediaAsset:
    return media_asset_add(
        post=post, actor=None, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )


def api_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def media_url(asset: MediaAsset) -> str:
    return f"/api/v1/media/{asset.pk}/"


def stored_state(asset: MediaAsset) -> dict:
    return MediaAsset.objects.filter(pk=asset.pk).values().get()


@pytest.fixture
def production():
    return ProductionFactory(title="The Salt Orchard")


@pytest.fixture
def crew(crew_person, production):
    """The credited crew member's account."""
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    return crew_person.user


@pytest.fixture
def own_post(crew, production):
    """A post of the crew member's, waiting for review."""
    return PostFactory(production=production, author=crew, pending=True)


@pytest.fixture
def published_post(crew, production):
    return PostFactory(production=production, author=crew)


# --- What a picture answers with --------------------------------------------------
def test_a_picture_answers_with_its_sizes_placeholder_focal_point_and_capture(
    published_post,
):
    asset = add_picture(published_post, photo(exif=camera_exif()))

    body = api_for().get(media_url(asset)).json()

    sizes = [(source["width"], source["type"]) for source in body["sources"]]
    assert sizes == [
        (width, mime)
        for width in (480, 800, 1000)
        for mime in ("image/avif", "image/webp", "image/jpeg")
    ]
    for source in body["sources"]:
        assert source["url"].startswith("http://testserver/media/")
        assert source["label"] is None
        assert source["height"] == round(source["width"] * 0.6)
    assert body["placeholder"].startswith("data:image/webp;base64,")
    assert body["focal_point"] == {"x": 0.5, "y": 0.5}
    assert body["projection"] == "flat"
    assert body["after_of"] is None
    assert body["capture_public"] is True
    assert body["panorama_view"] is None
    capture = body["capture"]
    assert datetime.datetime.fromisoformat(capture.pop("taken_at")) == (
        datetime.datetime(2026, 3, 14, 19, 30, 5, tzinfo=datetime.UTC)
    )
    assert capture == {
        "camera_make": "ARRI",
        "camera_model": "ALEXA 35",
        "lens": "Signature Prime 32mm",
        "focal_length_mm": 32.0,
        "aperture": 2.8,
        "shutter": "1/50",
        "iso": 800,
    }


def test_unknown_capture_details_are_null(published_post):
    asset = add_picture(published_post)

    capture = api_for().get(media_url(asset)).json()["capture"]

    assert capture == dict.fromkeys(
        [
            "taken_at",
            "camera_make",
            "camera_model",
            "lens",
            "focal_length_mm",
            "aperture",
            "shutter",
            "iso",
        ]
    )


def test_media_that_are_not_pictures_have_none_of_it(published_post):
    asset = add_embed(published_post)

    body = api_for().get(media_url(asset)).json()

    assert body["sources"] == []
    assert body["projection"] == "flat"
    for name in (
        "placeholder",
        "focal_point",
        "capture",
        "capture_public",
        "panorama_view",
        "after_of",
    ):
        assert body[name] is None, name


def test_hidden_capture_details_are_for_the_author_and_curators_only(
    published_post, crew, fan, curator
):
    asset = add_picture(published_post, photo(exif=camera_exif()), capture_public=False)

    def capture_seen_by(user):
        client = api_for(user)
        alone = client.get(media_url(asset)).json()
        in_post = client.get(f"/api/v1/posts/{published_post.slug}/").json()
        listed = client.get(f"/api/v1/media/?post__slug={published_post.slug}").json()
        seen = [alone, in_post["media"][0], listed["results"][0]]
        assert all(item["capture_public"] is False for item in seen)
        return [item["capture"] and item["capture"]["camera_make"] for item in seen]

    assert capture_seen_by(None) == [None, None, None]
    assert capture_seen_by(fan) == [None, None, None]
    assert capture_seen_by(crew) == ["ARRI", "ARRI", "ARRI"]
    assert capture_seen_by(curator) == ["ARRI", "ARRI", "ARRI"]


# --- Changing a picture -----------------------------------------------------------
def test_the_author_changes_a_picture_and_gets_it_back_whole(own_post, crew):
    asset = add_picture(own_post)

    response = api_for(crew).patch(
        media_url(asset),
        {
            "alt_text": "  Balloon lights over the quay ",
            "caption": "Night two",
            "capture_public": False,
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["alt_text"], body["caption"]) == (
        "Balloon lights over the quay",
        "Night two",
    )
    assert body["capture_public"] is False
    assert body["capture"] is not None  # the author still sees it
    assert len(body["sources"]) == 9
    asset.refresh_from_db()
    assert (asset.alt_text, asset.capture_public) == (
        "Balloon lights over the quay",
        False,
    )


def test_what_a_change_does_not_send_stays_as_it_was(own_post, crew):
    asset = add_picture(own_post, capture_public=False)

    response = api_for(crew).patch(
        media_url(asset),
        {"caption": "Night two", "focal_point": {"x": "0.3", "y": "0.6"}},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["caption"], body["capture_public"]) == ("Night two", False)
    assert body["focal_point"] == {"x": 0.3, "y": 0.6}


def test_a_new_focal_point_makes_new_crops(
    own_post, crew, files_in_media, django_capture_on_commit_callbacks
):
    asset = add_picture(own_post, photo((1600, 600)))
    client = api_for(crew)
    before = client.get(media_url(asset)).json()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            media_url(asset), {"focal_point": {"x": 0.95, "y": 0.4}}, format="json"
        )

    assert response.status_code == 200, response.content
    assert response.json()["focal_point"] == {"x": 0.95, "y": 0.4}
    after = client.get(media_url(asset)).json()
    for name in ("thumbnail", "card"):
        assert after["renditions"][name] != before["renditions"][name]
    assert after["renditions"]["large"] == before["renditions"]["large"]
    assert after["sources"] == before["sources"]
    asset.refresh_from_db()
    assert sorted(files_in_media()) == sorted(asset.stored_files())


def test_a_wide_picture_made_a_panorama_gets_the_viewer_sizes(
    own_post, crew, files_in_media, django_capture_on_commit_callbacks
):
    asset = add_picture(own_post, photo((4200, 2100)))
    client = api_for(crew)
    before = client.get(media_url(asset)).json()
    assert max(source["width"] for source in before["sources"]) == 2400

    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            media_url(asset), {"projection": "equirectangular"}, format="json"
        )

    assert response.status_code == 200, response.content
    after = client.get(media_url(asset)).json()
    assert after["projection"] == "equirectangular"
    wide = [source for source in after["sources"] if source["width"] > 2400]
    assert [(source["width"], source["type"]) for source in wide] == [
        (4096, "image/jpeg"),
        (4200, "image/jpeg"),
    ]
    assert after["renditions"]["card"] != before["renditions"]["card"]
    widths = [source["width"] for source in after["sources"]]
    assert widths == sorted(widths)
    asset.refresh_from_db()
    assert sorted(files_in_media()) == sorted(asset.stored_files())


def test_pictures_are_paired_and_unpaired(own_post, crew):
    before = add_picture(own_post, photo((900, 600)))
    after = add_picture(own_post, photo((1000, 600)))
    client = api_for(crew)

    response = client.patch(media_url(after), {"after_of": before.pk}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["after_of"] == before.pk
    post = client.get(f"/api/v1/posts/{own_post.slug}/").json()
    assert [item["after_of"] for item in post["media"]] == [None, before.pk]

    response = client.patch(media_url(after), {"after_of": None}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["after_of"] is None
    assert MediaAsset.objects.get(pk=after.pk).after_of is None


def test_a_picture_cannot_be_paired_with_one_out_of_reach(
    own_post, crew, production, crew_person
):
    asset = add_picture(own_post)
    other_post = add_picture(PostFactory(production=production), photo((900, 600)))
    unseen = add_picture(
        PostFactory(production=production, pending=True), photo((800, 600))
    )
    client = api_for(crew)
    before = stored_state(asset)

    answers = {
        name: client.patch(media_url(asset), {"after_of": value}, format="json")
        for name, value in {
            "missing": 10**6,
            "unseen": unseen.pk,
            "other post": other_post.pk,
            "itself": asset.pk,
            "not an id": "the one before",
        }.items()
    }

    for name, response in answers.items():
        assert response.status_code == 400, (name, response.content)
        assert list(response.json())[2:] == ["after_of"], name
    # Someone else's draft answers as if it were not there.
    assert answers["unseen"].json()["after_of"] == [f"There is no medium {unseen.pk}."]
    assert answers["missing"].json()["after_of"] == ["There is no medium 1000000."]
    assert "same post" in answers["other post"].json()["after_of"][0]
    assert stored_state(asset) == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"focal_point": {"x": 1.5, "y": 0.5}}, "focal_point"),
        ({"focal_point": {"x": 0.5, "y": -0.1}}, "focal_point"),
        ({"focal_point": {"x": 0.5}}, "focal_point"),
        ({"focal_point": "centre"}, "focal_point"),
        ({"focal_point": None}, "focal_point"),
        ({"projection": "cubemap"}, "projection"),
        ({"capture_public": "perhaps"}, "capture_public"),
        ({"alt_text": "   "}, "alt_text"),
        ({"alt_text": "x" * 301}, "alt_text"),
        ({"credited_to": "nobody-by-that-name"}, "credited_to"),
        ({"caption": "Fine", "focal_point": {"x": 2, "y": 2}}, "focal_point"),
    ],
)
def test_bad_changes_name_the_field_and_change_nothing(
    own_post, crew, files_in_media, django_capture_on_commit_callbacks, changes, field
):
    asset = add_picture(own_post)
    before, files = stored_state(asset), files_in_media()

    with django_capture_on_commit_callbacks(execute=True):
        response = api_for(crew).patch(media_url(asset), changes, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert stored_state(asset) == before
    assert files_in_media() == files


def test_a_crew_member_credits_only_people_who_worked_with_them(own_post, crew):
    asset = add_picture(own_post)
    stranger = CreditFactory(production=ProductionFactory()).person
    colleague = CreditFactory(production=own_post.production).person
    client = api_for(crew)

    refused = client.patch(
        media_url(asset), {"credited_to": stranger.slug}, format="json"
    )
    accepted = client.patch(
        media_url(asset), {"credited_to": colleague.slug}, format="json"
    )

    assert refused.status_code == 400 and "credited_to" in refused.json()
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["credited_to"]["slug"] == colleague.slug


@pytest.mark.parametrize(
    "changes",
    [
        {"focal_point": {"x": 0.2, "y": 0.2}},
        {"projection": "equirectangular"},
        {"projection": "flat"},
        {"capture_public": False},
    ],
)
def test_media_other_than_pictures_refuse_picture_fields(own_post, crew, changes):
    asset = add_embed(own_post)
    before = stored_state(asset)

    response = api_for(crew).patch(media_url(asset), changes, format="json")

    assert response.status_code == 400, response.content
    assert list(response.json())[2:] == list(changes)  # after code, message
    assert stored_state(asset) == before


def test_an_embed_takes_a_new_caption(own_post, crew):
    asset = add_embed(own_post)

    response = api_for(crew).patch(
        media_url(asset), {"caption": "The teaser"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["caption"] == "The teaser"


def test_who_may_change_a_picture(own_post, published_post, crew, fan, curator):
    pending = add_picture(own_post)
    public = add_picture(published_post)
    change = {"caption": "Changed"}

    def status(user, asset, method="patch"):
        client = api_for(user)
        return getattr(client, method)(media_url(asset), change, format="json")

    assert status(None, public).status_code == 401
    assert status(fan, public).status_code == 403
    assert status(fan, pending).status_code == 404  # not theirs to see
    # Once published, only curators change it.
    refused = status(crew, public)
    assert refused.status_code == 403
    assert "curators" in refused.json()["detail"]
    assert status(crew, pending).status_code == 200
    assert status(curator, public).status_code == 200
    assert status(curator, public, method="put").status_code == 405
    assert MediaAsset.objects.get(pk=public.pk).caption == "Changed"


# --- Uploading a picture with its details ----------------------------------------
def upload(client, post, size=(1000, 600), **fields):
    data = {
        "file": SimpleUploadedFile("quay.jpg", photo(size)),
        "alt_text": "Balloon lights over the quay",
        **fields,
    }
    return client.post(f"/api/v1/posts/{post.slug}/media/", data, format="multipart")


def test_an_upload_takes_focal_point_projection_and_capture_visibility(own_post, crew):
    client = api_for(crew)

    placed = upload(client, own_post, focal_x="0.2", focal_y="0.75")
    hidden = upload(client, own_post, (900, 600), focal_y="0.1", capture_public="false")
    sphere = upload(client, own_post, (800, 400), projection="equirectangular")

    assert placed.status_code == 201, placed.content
    assert placed.json()["focal_point"] == {"x": 0.2, "y": 0.75}
    # Left out, the capture details are shown and a picture is flat.
    assert placed.json()["capture_public"] is True
    assert placed.json()["projection"] == "flat"
    assert hidden.status_code == 201, hidden.content
    assert hidden.json()["focal_point"] == {"x": 0.5, "y": 0.1}
    assert hidden.json()["capture_public"] is False
    assert sphere.status_code == 201, sphere.content
    assert sphere.json()["projection"] == "equirectangular"
    assert MediaAsset.objects.get(pk=sphere.json()["id"]).is_panorama


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"focal_x": "1.2"}, "focal_x"),
        ({"focal_y": "-0.5"}, "focal_y"),
        ({"focal_x": "left"}, "focal_x"),
        ({"projection": "cubemap"}, "projection"),
        ({"capture_public": "perhaps"}, "capture_public"),
    ],
)
def test_bad_upload_details_are_refused_and_nothing_is_stored(
    own_post, crew, files_in_media, fields, field
):
    response = upload(api_for(crew), own_post, **fields)

    assert response.status_code == 400, response.content
    assert field in response.json()
    assert MediaAsset.objects.count() == 0
    assert files_in_media() == []


def test_an_embed_refuses_picture_details(own_post, crew):
    response = api_for(crew).post(
        f"/api/v1/posts/{own_post.slug}/media/",
        {
            "embed_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "focal_x": 0.3,
            "projection": "flat",
        },
        format="json",
    )

    assert response.status_code == 400, response.content
    assert set(response.json()) - {"code", "message"} == {"focal_x", "projection"}
    assert MediaAsset.objects.count() == 0


# --- Query counts -----------------------------------------------------------------
_shades = iter(range(10, 250, 3))


def tiny_picture() -> bytes:
    """A small picture of a shade no other has, so each is a file of its own."""
    buffer = io.BytesIO()
    Image.new("RGB", (96, 64), (next(_shades), 90, 160)).save(buffer, "JPEG")
    return buffer.getvalue()


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_lists_ask_as_many_queries_for_many_pictures_as_for_few(
    production, crew, curator
):
    def add_posts(count: int) -> None:
        for _ in range(count):
            post = PostFactory(production=production, author=crew)
            for public in (True, False):
                add_picture(post, tiny_picture(), capture_public=public)

    def counts() -> list[int]:
        # Each request as a fresh sign-in, as a real one is (no cached permissions).
        users = [None, crew, curator]
        clients = [
            api_for(user and type(user).objects.get(pk=user.pk)) for user in users
        ]
        paths = ["/api/v1/posts/?page_size=100", "/api/v1/media/?page_size=100"]
        return [queries_for(client, path) for client in clients for path in paths]

    add_posts(2)
    few = counts()
    add_posts(6)
    many = counts()

    assert many == few
    assert max(many) <= 12
