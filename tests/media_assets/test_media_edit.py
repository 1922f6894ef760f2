"""The media edit page (/my/posts/<slug>/media/<id>/): its author (until the post is
published) and curators change a medium's description, focal point, camera details,
projection and pair; the crops follow the point; bad input changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from bts_catalog.images import intake_image
from media_assets.models import MediaAsset, PostStatus
from media_assets.services import media_asset_add
from productions.models import Role
from tests.factories import CreditFactory, PersonFactory, PostFactory, ProductionFactory

pytestmark = pytest.mark.django_db

EXIF_IFD = 0x8769
RED = (220, 20, 20)


def red_at_left(size=(1200, 600)) -> bytes:
    """A white picture with a red band down its left sixth: a crop centred on the
    middle leaves the band out, one centred on the left edge shows it."""
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(RED, (0, 0, size[0] // 6, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def photo_with_camera(color=(40, 90, 160)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "ARRI"
    exif[0x0110] = "ALEXA 35"
    exif.get_ifd(EXIF_IFD)[0x9003] = "2026:03:14 09:30:00"
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def add_picture(post, content: bytes, alt_text: str, **details) -> MediaAsset:
    return media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(ContentFile(content, name="still.png")),
        alt_text=alt_text,
        **details,
    )


def is_red(pixel) -> bool:
    red, green, blue = pixel[:3]
    return red > 180 and green < 80 and blue < 80


def card_left_edge(asset: MediaAsset) -> tuple:
    with asset.card.open("rb") as card, Image.open(card) as image:
        image = image.convert("RGB")
        return image.getpixel((10, image.height // 2))


@pytest.fixture
def production(crew_person):
    production = ProductionFactory(title="The Salt Orchard")
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    return production


@pytest.fixture
def post(production, crew_person):
    return PostFactory(production=production, author=crew_person.user, pending=True)


@pytest.fixture
def author(client, crew_person):
    client.force_login(crew_person.user)
    return client


@pytest.fixture
def picture(post):
    return add_picture(post, red_at_left(), "A balloon light over the quay")


def edit_url(asset: MediaAsset) -> str:
    return reverse("media_assets:media-edit", args=[asset.post.slug, asset.pk])


def shown_values(client, asset: MediaAsset) -> dict:
    """What the page's form sends when nothing is changed, as a browser would."""
    response = client.get(edit_url(asset))
    assert response.status_code == 200
    data = {}
    for field in response.context["form"]:
        value = field.value()
        if field.widget_type == "checkbox":
            if value:
                data[field.html_name] = "on"
        else:
            data[field.html_name] = "" if value is None else str(value)
    return data


def test_the_post_edit_page_links_each_medium(author, post, picture):
    response = author.get(reverse("media_assets:post-edit", args=[post.slug]))
    assert edit_url(picture) in response.content.decode()


def test_the_form_shows_what_the_picture_has(author, post):
    asset = add_picture(post, photo_with_camera(), "Slate on the first morning")
    data = shown_values(author, asset)
    assert data["focal_across"] == "50"
    assert data["focal_down"] == "50"
    assert data["camera_make"] == "ARRI"
    assert data["camera_model"] == "ALEXA 35"
    assert data["taken_at"].startswith("2026-03-14 09:30:00")
    assert data["capture_public"] == "on"
    assert data["projection"] == "flat"


def test_author_moves_the_focal_point_and_the_card_follows_it(
    author, picture, files_in_media, django_capture_on_commit_callbacks
):
    old_card = picture.card.name
    large = picture.large.name
    assert not is_red(card_left_edge(picture))  # centred: the band is cut off
    data = shown_values(author, picture) | {"focal_across": "0", "focal_down": "50"}

    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(edit_url(picture), data)

    assert response.status_code == 302
    assert response["Location"] == edit_url(picture)
    picture.refresh_from_db()
    assert picture.focal_point == (0.0, 0.5)
    assert picture.renditions_due == ""
    assert picture.card.name != old_card
    assert picture.large.name == large  # a new point makes only the crops again
    assert is_red(card_left_edge(picture))
    assert old_card not in files_in_media()
    page = author.get(edit_url(picture)).content.decode()
    assert "The crops are being made again around the new focal point." in page


def test_saving_without_a_change_asks_for_no_new_crops(author, picture):
    picture.focal_x = 0.1234  # finer than the inputs show it
    picture.save(update_fields=["focal_x"])
    response = author.post(edit_url(picture), shown_values(author, picture))
    assert response.status_code == 302
    picture.refresh_from_db()
    assert picture.focal_x == 0.1234
    assert picture.renditions_due == ""


def test_hiding_the_camera_details_takes_the_shot_on_line_off_the_page(author, post):
    asset = add_picture(post, photo_with_camera(), "Slate on the first morning")
    page = author.get(post.get_absolute_url()).content.decode()
    assert "Shot on ARRI ALEXA 35" in page

    data = shown_values(author, asset)
    del data["capture_public"]  # unchecked
    response = author.post(edit_url(asset), data)

    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.capture_public is False
    assert asset.camera_model == "ALEXA 35"  # kept, only not shown
    assert "Shot on" not in author.get(post.get_absolute_url()).content.decode()


def test_author_corrects_the_camera_details(author, post):
    asset = add_picture(post, photo_with_camera(), "Slate on the first morning")
    data = shown_values(author, asset) | {
        "lens": "Signature Prime 32 mm",
        "aperture": "2.8",
        "shutter": "1/50",
        "iso": "800",
    }
    assert author.post(edit_url(asset), data).status_code == 302
    asset.refresh_from_db()
    assert asset.shot_on == (
        "ARRI ALEXA 35 · Signature Prime 32 mm · f/2.8 · 1/50 s · ISO 800"
    )


def test_marking_an_after_pairs_the_pictures_on_the_page(author, post, picture):
    after = add_picture(
        post, red_at_left((600, 300)), "The same quay, lit, in the final shot"
    )
    data = shown_values(author, after) | {"after_of": str(picture.pk)}
    response = author.post(edit_url(after), data)

    assert response.status_code == 302
    after.refresh_from_db()
    assert after.after_of == picture
    page = author.get(post.get_absolute_url()).content.decode()
    assert page.count("data-compare") == 1
    assert "A balloon light over the quay" in page
    assert "The same quay, lit, in the final shot" in page


def test_the_after_of_choices_are_the_other_pictures_of_the_post(author, post, picture):
    other = add_picture(post, red_at_left((600, 300)), "The quay at night")
    add_picture(PostFactory(), red_at_left((500, 250)), "Another post's picture")
    form = author.get(edit_url(picture)).context["form"]
    assert list(form.fields["after_of"].queryset) == [other]


def test_focal_point_outside_the_picture_is_refused_and_nothing_changes(
    author, picture, django_capture_on_commit_callbacks
):
    card = picture.card.name
    data = shown_values(author, picture) | {
        "focal_across": "150",
        "alt_text": "A new alt text that must not be stored",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = author.post(edit_url(picture), data)

    assert response.status_code == 400
    assert response.context["form"].errors["focal_across"] == [
        "Give a value from 0 to 100 %."
    ]
    page = response.content.decode()
    assert "A new alt text that must not be stored" in page  # nothing lost
    picture.refresh_from_db()
    assert picture.focal_point == (0.5, 0.5)
    assert picture.alt_text == "A balloon light over the quay"
    assert picture.card.name == card


def test_half_a_focal_point_is_refused(author, picture):
    data = shown_values(author, picture) | {"focal_across": "20", "focal_down": ""}
    response = author.post(edit_url(picture), data)
    assert response.status_code == 400
    assert "focal_down" in response.context["form"].errors


def test_an_after_of_from_another_post_is_refused(author, picture):
    elsewhere = add_picture(PostFactory(), red_at_left((500, 250)), "Elsewhere")
    data = shown_values(author, picture) | {"after_of": str(elsewhere.pk)}
    response = author.post(edit_url(picture), data)

    assert response.status_code == 400
    assert "after_of" in response.context["form"].errors
    picture.refresh_from_db()
    assert picture.after_of is None


def test_the_services_refusal_shows_beside_its_field(author, post, picture):
    after = add_picture(post, red_at_left((600, 300)), "The quay, lit")
    after.after_of = picture
    after.save(update_fields=["after_of"])
    # The "before" cannot be made an "after" of its own "after".
    data = shown_values(author, picture) | {"after_of": str(after.pk)}
    response = author.post(edit_url(picture), data)

    assert response.status_code == 400
    assert response.context["form"].errors["after_of"]
    picture.refresh_from_db()
    assert picture.after_of is None


def test_alt_text_stays_required(author, picture):
    data = shown_values(author, picture) | {"alt_text": "  "}
    response = author.post(edit_url(picture), data)
    assert response.status_code == 400
    picture.refresh_from_db()
    assert picture.alt_text == "A balloon light over the quay"


def test_a_credit_given_by_a_curator_survives_the_authors_save(author, picture):
    outsider = PersonFactory(name="Someone From Elsewhere")
    picture.credited_to = outsider
    picture.save(update_fields=["credited_to"])
    data = shown_values(author, picture) | {"caption": "Rigging at dusk"}
    assert data["credited_to"] == str(outsider.pk)
    assert author.post(edit_url(picture), data).status_code == 302
    picture.refresh_from_db()
    assert (picture.credited_to, picture.caption) == (outsider, "Rigging at dusk")


def test_the_author_may_not_credit_someone_outside_their_productions(author, picture):
    outsider = PersonFactory(name="Someone From Elsewhere")
    data = shown_values(author, picture) | {"credited_to": str(outsider.pk)}
    response = author.post(edit_url(picture), data)
    assert response.status_code == 400
    assert "credited_to" in response.context["form"].errors
    picture.refresh_from_db()
    assert picture.credited_to is None


def test_a_video_has_no_picture_fields(author, post):
    asset = MediaAsset.objects.create(
        post=post, kind="embed", embed_url="https://vimeo.com/76979871"
    )
    form = author.get(edit_url(asset)).context["form"]
    assert set(form.fields) == {"caption", "credited_to", "is_spoiler"}
    response = author.post(
        edit_url(asset), {"caption": "The trailer", "credited_to": ""}
    )
    assert response.status_code == 302
    asset.refresh_from_db()
    assert asset.caption == "The trailer"


# --- Who may ------------------------------------------------------------------------
@pytest.fixture
def others(db):
    users = get_user_model().objects
    fan = users.create_user("fan", "fan@example.com", "pw")
    co_crew = users.create_user("co", "co@example.com", "pw")
    return {"fan": fan, "co_crew": co_crew}


@pytest.fixture
def co_crew(others, production):
    person = PersonFactory(user=others["co_crew"])
    CreditFactory(production=production, person=person)
    return others["co_crew"]


@pytest.mark.parametrize(
    ("status", "who", "expected"),
    [
        (PostStatus.PENDING, "author", 200),
        (PostStatus.PENDING, "curator", 200),
        # They cannot see the post at all: nothing is there for them.
        (PostStatus.PENDING, "fan", 404),
        (PostStatus.PENDING, "co_crew", 404),
        (PostStatus.REJECTED, "author", 200),
        (PostStatus.DRAFT, "author", 200),
        # Published: only curators change it; the others see it, and are refused.
        (PostStatus.PUBLISHED, "author", 403),
        (PostStatus.PUBLISHED, "fan", 403),
        (PostStatus.PUBLISHED, "co_crew", 403),
        (PostStatus.PUBLISHED, "curator", 200),
    ],
)
def test_who_may_change_a_medium(
    client, post, picture, crew_person, curator, others, co_crew, status, who, expected
):
    post.status = status
    post.published_at = timezone.now() if status == PostStatus.PUBLISHED else None
    post.save(update_fields=["status", "published_at"])
    user = {"author": crew_person.user, "curator": curator, **others}[who]
    client.force_login(user)
    caption = "Changed by someone"
    data = (
        shown_values(client, picture) | {"caption": caption}
        if expected == 200
        else {"alt_text": picture.alt_text, "caption": caption}
    )

    assert client.get(edit_url(picture)).status_code == expected
    response = client.post(edit_url(picture), data)

    picture.refresh_from_db()
    if expected == 200:
        assert response.status_code == 302
        assert picture.caption == caption
    else:
        assert response.status_code == expected
        assert picture.caption == ""


def test_visitors_are_sent_to_sign_in(client, picture):
    response = client.get(edit_url(picture))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_medium_of_another_post_is_not_found_there(author, post, picture):
    mine_too = PostFactory(production=post.production, author=post.author, pending=True)
    url = reverse("media_assets:media-edit", args=[mine_too.slug, picture.pk])
    assert author.get(url).status_code == 404


def test_a_curator_comes_back_to_the_post_page(client, curator, post, picture):
    client.force_login(curator)
    response = client.get(edit_url(picture))
    assert response.context["back_url"] == post.get_absolute_url()
