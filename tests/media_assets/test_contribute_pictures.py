"""/contribute/ per picture: a focal point, whether its camera details are shown and
whether it is a 360° photo reach the stored row; an empty date is the day the
photos were taken."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from media_assets.models import MediaAsset, Post, Projection
from productions.models import Role
from tests.conftest import image_bytes
from tests.factories import CreditFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

EXIF_IFD = 0x8769


@pytest.fixture
def production(crew_person):
    production = ProductionFactory(title="The Salt Orchard")
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    return production


@pytest.fixture
def crew_client(client, crew_person, production):
    client.force_login(crew_person.user)
    return client


def photo_taken_on(moment: str, color=(30, 60, 90)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "FUJIFILM"
    exif[0x0110] = "X-T5"
    exif.get_ifd(EXIF_IFD)[0x9003] = moment
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), color).save(buffer, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("still.jpg", buffer.getvalue())


def plain_photo(color=(200, 30, 30)) -> SimpleUploadedFile:
    return SimpleUploadedFile("still.jpg", image_bytes("JPEG", (400, 300), color))


def contribution(production, pictures=(), **extra) -> dict:
    """The form as a browser sends it: every row's inputs, their defaults included
    (the focal point in the centre, the camera details shown)."""
    data = {
        "production": production.pk,
        "title": "Balloon lights on the quay",
        "body": "",
        "kind": "photo_set",
        "phase": "production",
        "happened_on": "2024-02-01",
        "source_platform": "original",
        "source_url": "",
        "tags": "",
        "images-TOTAL_FORMS": "4",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12",
    }
    for index in range(4):
        data |= {
            f"images-{index}-alt_text": "",
            f"images-{index}-credited_to": "",
            f"images-{index}-kept": "",
            f"images-{index}-focal_across": "50",
            f"images-{index}-focal_down": "50",
            f"images-{index}-capture_public": "on",
        }
    for index, (upload, alt_text) in enumerate(pictures):
        data[f"images-{index}-image"] = upload
        data[f"images-{index}-alt_text"] = alt_text
    return data | extra


def test_the_form_offers_the_picture_details(crew_client):
    page = crew_client.get(reverse("media_assets:contribute")).content.decode()
    assert "Focal point across (0–100 %)" in page
    assert "Focal point down (0–100 %)" in page
    assert "This is a 360° photo" in page
    form = crew_client.get(reverse("media_assets:contribute")).context["images"][0]
    assert form["capture_public"].value() is True
    assert 'data-focal-axis="x"' in page
    assert "js/focal-point.js" in page


def test_focal_point_camera_details_and_projection_reach_the_row(
    crew_client, production
):
    data = contribution(production, [(plain_photo(), "A balloon light rising")])
    data["images-0-focal_across"] = "20"
    data["images-0-focal_down"] = "75"
    del data["images-0-capture_public"]  # unchecked
    data["images-0-is_panorama"] = "on"

    response = crew_client.post(reverse("media_assets:contribute"), data)

    assert response.status_code == 302
    asset = MediaAsset.objects.get()
    assert asset.focal_point == (0.2, 0.75)
    assert asset.capture_public is False
    assert asset.projection == Projection.EQUIRECTANGULAR


def test_the_defaults_are_the_centre_shown_and_flat(crew_client, production):
    data = contribution(production, [(plain_photo(), "A balloon light rising")])
    assert crew_client.post(reverse("media_assets:contribute"), data).status_code == 302
    asset = MediaAsset.objects.get()
    assert asset.focal_point == (0.5, 0.5)
    assert asset.capture_public is True
    assert asset.projection == Projection.FLAT


def test_an_empty_date_is_the_day_the_photos_were_taken(crew_client, production):
    data = contribution(
        production,
        [
            (photo_taken_on("2026:03:20 18:00:00"), "The quay at dusk"),
            (photo_taken_on("2026:03:14 09:30:00", (90, 60, 30)), "The first slate"),
        ],
        happened_on="",
    )
    response = crew_client.post(reverse("media_assets:contribute"), data)

    assert response.status_code == 302
    post = Post.objects.get()
    assert post.happened_on == datetime.date(2026, 3, 14)  # the earliest
    assert post.media.first().camera_model == "X-T5"


def test_an_empty_date_without_camera_dates_is_today(crew_client, production):
    data = contribution(
        production, [(plain_photo(), "A balloon light rising")], happened_on=""
    )
    assert crew_client.post(reverse("media_assets:contribute"), data).status_code == 302
    assert Post.objects.get().happened_on == timezone.localdate()


def test_a_given_date_is_kept(crew_client, production):
    data = contribution(
        production, [(photo_taken_on("2026:03:14 09:30:00"), "The first slate")]
    )
    assert crew_client.post(reverse("media_assets:contribute"), data).status_code == 302
    assert Post.objects.get().happened_on == datetime.date(2024, 2, 1)


def test_the_form_does_not_fill_in_a_date(crew_client):
    form = crew_client.get(reverse("media_assets:contribute")).context["form"]
    assert form["happened_on"].value() is None
    assert "the day the photos were taken" in form.fields["happened_on"].help_text


@pytest.mark.parametrize(
    ("across", "down", "field"),
    [
        ("150", "50", "focal_across"),
        ("50", "-1", "focal_down"),
        ("30", "", "focal_down"),
    ],
)
def test_a_bad_focal_point_is_refused_and_the_picture_kept(
    crew_client, production, files_in_media, across, down, field
):
    data = contribution(production, [(plain_photo(), "A balloon light rising")])
    data["images-0-focal_across"] = across
    data["images-0-focal_down"] = down

    response = crew_client.post(reverse("media_assets:contribute"), data)

    assert response.status_code == 400
    assert field in response.context["images"][0].errors
    assert not Post.objects.exists()
    assert files_in_media() == []
    # The picture waits under its token; sent again with a good point, it is stored.
    token = response.context["images"][0]["kept"].value()
    assert token
    data = contribution(production)
    data |= {
        "images-0-kept": token,
        "images-0-alt_text": "A balloon light rising",
        "images-0-focal_across": "10",
        "images-0-focal_down": "90",
    }
    response = crew_client.post(reverse("media_assets:contribute"), data)
    assert response.status_code == 302
    assert MediaAsset.objects.get().focal_point == (0.1, 0.9)


def test_the_picture_details_come_back_with_a_refused_submission(
    crew_client, production
):
    data = contribution(
        production, [(plain_photo(), "A balloon light rising")], title=""
    )
    data["images-0-focal_across"] = "12"
    del data["images-0-capture_public"]
    data["images-0-is_panorama"] = "on"

    response = crew_client.post(reverse("media_assets:contribute"), data)

    assert response.status_code == 400
    row = response.context["images"][0]
    assert row["focal_across"].value() == "12"
    assert row["capture_public"].value() is False
    assert row["is_panorama"].value() is True
    assert row.kept_name  # the picture itself is kept too


def test_editing_a_post_keeps_its_date_required(crew_client, crew_person, production):
    post = PostFactory(production=production, author=crew_person.user, pending=True)
    data = contribution(production, happened_on="")
    response = crew_client.post(
        reverse("media_assets:post-edit", args=[post.slug]), data
    )
    assert response.status_code == 400
    assert "happened_on" in response.context["form"].errors
    post.refresh_from_db()
    assert post.happened_on == datetime.date(2024, 2, 1)


def test_a_picture_added_on_the_edit_page_gets_its_details(
    crew_client, crew_person, production
):
    post = PostFactory(production=production, author=crew_person.user, pending=True)
    data = contribution(production, [(plain_photo(), "A balloon light rising")])
    data["images-0-focal_across"] = "80"
    data["images-0-focal_down"] = "10"
    response = crew_client.post(
        reverse("media_assets:post-edit", args=[post.slug]), data
    )
    assert response.status_code == 302
    assert post.media.get().focal_point == (0.8, 0.1)
