"""Admin edits a picture's focal point, camera details, projection and pair, on the
media asset's own page and inline on its post, through the same rules as the crew's
pages: a new focal point makes the crops again, pairs stay within a post."""

import io
from html.parser import HTMLParser

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from bts_catalog.images import intake_image
from media_assets.models import MediaAsset, Projection, RenditionsDue
from media_assets.services import media_asset_add
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

RED = (220, 20, 20)


class FormValues(HTMLParser):
    """The values a browser sends for the form with ``form_id``: text and number
    inputs, checked boxes, selected options, text areas (no submit buttons)."""

    def __init__(self, html: str, form_id: str):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.values: dict[str, list[str]] = {}
        self.select = None
        self.textarea = None
        self.feed(html)

    def add(self, name, value):
        self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.add(name, attrs.get("value", "on"))
                return
            self.add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs)
            self.first_option = None
            self.values.setdefault(name, [])
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.add(self.select[0], attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.add(name, "")

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            name, multiple = self.select
            # A single choice with none selected sends its first option.
            if not multiple and not self.values[name] and self.first_option is not None:
                self.add(name, self.first_option)
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def data(self) -> dict:
        return {
            name: values if len(values) > 1 else values[0]
            for name, values in self.values.items()
            if values and "__prefix__" not in name
        }


def red_at_left(size=(1200, 600)) -> bytes:
    image = Image.new("RGB", size, (255, 255, 255))
    image.paste(RED, (0, 0, size[0] // 6, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def add_picture(post, alt_text, size=(1200, 600), **details) -> MediaAsset:
    return media_asset_add(
        post=post,
        actor=None,
        upload=intake_image(ContentFile(red_at_left(size), name="still.png")),
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
def curator_client(client, curator):
    client.force_login(curator)
    return client


@pytest.fixture
def post():
    return PostFactory(pending=True, title="Lighting the quay")


@pytest.fixture
def picture(post):
    return add_picture(post, "A balloon light over the quay")


def asset_url(asset: MediaAsset) -> str:
    return reverse("admin:media_assets_mediaasset_change", args=[asset.pk])


def post_url(post) -> str:
    return reverse("admin:media_assets_post_change", args=[post.pk])


def asset_form(client, asset: MediaAsset) -> dict:
    response = client.get(asset_url(asset))
    assert response.status_code == 200
    return FormValues(response.content.decode(), "mediaasset_form").data()


def post_form(client, post) -> dict:
    response = client.get(post_url(post))
    assert response.status_code == 200
    return FormValues(response.content.decode(), "post_form").data()


def inline_row(data: dict, asset: MediaAsset) -> str:
    """The inline prefix (media-N) of ``asset`` in a post's form."""
    for name, value in data.items():
        if (
            name.startswith("media-")
            and name.endswith("-id")
            and value == str(asset.pk)
        ):
            return name[: -len("-id")]
    raise AssertionError(f"no inline row for {asset}")


def test_the_change_page_has_the_picker_and_the_picture_fields(curator_client, picture):
    response = curator_client.get(asset_url(picture))
    page = response.content.decode()
    assert "data-focal-point" in page
    assert picture.large.url in page  # the whole picture, not a crop
    assert "js/focal-point.js" in page
    assert "css/focal-point.css" in page
    assert "Up to date" in page
    data = asset_form(curator_client, picture)
    assert (data["focal_across"], data["focal_down"]) == ("50", "50")
    assert data["projection"] == "flat"
    assert data["capture_public"] == "on"
    for name in ("camera_make", "lens", "iso", "taken_at_0", "after_of"):
        assert name in data


def test_changing_the_focal_point_in_admin_makes_the_crops_again(
    curator_client, picture, files_in_media, django_capture_on_commit_callbacks
):
    old_card, large = picture.card.name, picture.large.name
    assert not is_red(card_left_edge(picture))
    data = asset_form(curator_client, picture) | {"focal_across": "0"}

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(asset_url(picture), data)

    assert response.status_code == 302, response.context["errors"]
    picture.refresh_from_db()
    assert picture.focal_point == (0.0, 0.5)
    assert picture.renditions_due == ""
    assert picture.card.name != old_card
    assert picture.large.name == large
    assert is_red(card_left_edge(picture))
    assert old_card not in files_in_media()


def test_a_new_projection_in_admin_makes_every_size_again(
    curator_client, picture, django_capture_on_commit_callbacks
):
    large = picture.large.name
    data = asset_form(curator_client, picture) | {
        "projection": Projection.EQUIRECTANGULAR
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(asset_url(picture), data)
    assert response.status_code == 302, response.context["errors"]
    picture.refresh_from_db()
    assert picture.projection == Projection.EQUIRECTANGULAR
    assert picture.large.name != large


def test_renditions_being_made_again_are_shown(curator_client, picture):
    MediaAsset.objects.filter(pk=picture.pk).update(renditions_due=RenditionsDue.CROPS)
    page = curator_client.get(asset_url(picture)).content.decode()
    assert "Being made again: crops (new focal point)" in page


def test_camera_details_and_their_display_are_edited_in_admin(curator_client, picture):
    data = asset_form(curator_client, picture) | {
        "camera_make": "ARRI",
        "camera_model": "ALEXA Mini LF",
        "aperture": "4",
        "iso": "1280",
    }
    del data["capture_public"]
    response = curator_client.post(asset_url(picture), data)
    assert response.status_code == 302, response.context["errors"]
    picture.refresh_from_db()
    assert picture.shot_on == "ARRI ALEXA Mini LF · f/4 · ISO 1280"
    assert picture.capture_public is False


def test_after_of_choices_are_the_other_pictures_of_the_same_post(
    curator_client, post, picture
):
    second = add_picture(post, "The quay, lit, in the final shot", (600, 300))
    add_picture(PostFactory(), "Another post's picture", (500, 250))
    form = curator_client.get(asset_url(second)).context["adminform"].form
    assert list(form.fields["after_of"].queryset) == [picture]


def test_an_after_of_from_another_post_is_refused_in_admin(curator_client, picture):
    elsewhere = add_picture(PostFactory(), "Another post's picture", (500, 250))
    data = asset_form(curator_client, picture) | {"after_of": str(elsewhere.pk)}
    response = curator_client.post(asset_url(picture), data)
    assert response.status_code == 200
    assert "after_of" in response.context["adminform"].form.errors
    picture.refresh_from_db()
    assert picture.after_of is None


def test_a_bad_focal_point_is_refused_in_admin(curator_client, picture):
    data = asset_form(curator_client, picture) | {"focal_down": "101"}
    response = curator_client.post(asset_url(picture), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["focal_down"] == [
        "Give a value from 0 to 100 %."
    ]
    picture.refresh_from_db()
    assert picture.focal_point == (0.5, 0.5)


def test_pairing_in_admin(curator_client, post, picture):
    second = add_picture(post, "The quay, lit, in the final shot", (600, 300))
    data = asset_form(curator_client, second) | {"after_of": str(picture.pk)}
    response = curator_client.post(asset_url(second), data)
    assert response.status_code == 302, response.context["errors"]
    second.refresh_from_db()
    assert second.after_of == picture


def test_a_before_cannot_become_a_panorama(curator_client, post, picture):
    second = add_picture(post, "The quay, lit", (600, 300))
    second.after_of = picture
    second.save(update_fields=["after_of"])
    data = asset_form(curator_client, picture) | {
        "projection": Projection.EQUIRECTANGULAR
    }
    response = curator_client.post(asset_url(picture), data)
    assert response.status_code == 200
    assert "projection" in response.context["adminform"].form.errors
    picture.refresh_from_db()
    assert picture.projection == Projection.FLAT


# --- Inline on the post -------------------------------------------------------------
def test_the_inline_has_the_picker_and_limits_the_pairs(curator_client, post, picture):
    second = add_picture(post, "The quay, lit", (600, 300))
    add_picture(PostFactory(), "Another post's picture", (500, 250))
    response = curator_client.get(post_url(post))
    page = response.content.decode()
    assert page.count("data-focal-point") >= 2
    assert "js/focal-point.js" in page
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is MediaAsset
    )
    choices = {
        form.instance.pk: list(form.fields["after_of"].queryset)
        for form in formset.initial_forms
    }
    assert choices == {picture.pk: [second], second.pk: [picture]}


def test_changing_the_focal_point_inline_makes_the_crops_again(
    curator_client, post, picture, django_capture_on_commit_callbacks
):
    old_card = picture.card.name
    data = post_form(curator_client, post)
    row = inline_row(data, picture)
    data[f"{row}-focal_across"] = "0"

    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(post_url(post), data)

    assert response.status_code == 302, response.context["errors"]
    picture.refresh_from_db()
    assert picture.focal_point == (0.0, 0.5)
    assert picture.card.name != old_card
    assert is_red(card_left_edge(picture))


def test_unchanged_rows_are_left_alone_inline(curator_client, post, picture):
    data = post_form(curator_client, post)
    data["title"] = "Lighting the quay at night"
    response = curator_client.post(post_url(post), data)
    assert response.status_code == 302, response.context["errors"]
    picture.refresh_from_db()
    assert picture.renditions_due == ""
    assert picture.capture_public is True
    assert picture.alt_text == "A balloon light over the quay"


def test_order_and_pair_inline(curator_client, post, picture):
    second = add_picture(post, "The quay, lit", (600, 300))
    data = post_form(curator_client, post)
    row = inline_row(data, second)
    data[f"{row}-after_of"] = str(picture.pk)
    data[f"{row}-position"] = "7"
    response = curator_client.post(post_url(post), data)
    assert response.status_code == 302, response.context["errors"]
    second.refresh_from_db()
    assert (second.after_of, second.position) == (picture, 7)


def test_two_afters_of_one_picture_in_one_save_are_refused(
    curator_client, post, picture
):
    second = add_picture(post, "The quay, lit", (600, 300))
    third = add_picture(post, "The quay, after the rain", (640, 320))
    data = post_form(curator_client, post)
    data[f"{inline_row(data, second)}-after_of"] = str(picture.pk)
    data[f"{inline_row(data, third)}-after_of"] = str(picture.pk)
    response = curator_client.post(post_url(post), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Two pictures cannot be the “after” of the same picture." in page
    assert not MediaAsset.objects.filter(after_of__isnull=False).exists()


def test_a_chain_of_pairs_in_one_save_is_refused(curator_client, post, picture):
    second = add_picture(post, "The quay, lit", (600, 300))
    third = add_picture(post, "The quay, after the rain", (640, 320))
    data = post_form(curator_client, post)
    data[f"{inline_row(data, second)}-after_of"] = str(picture.pk)
    data[f"{inline_row(data, third)}-after_of"] = str(second.pk)
    response = curator_client.post(post_url(post), data)
    assert response.status_code == 200
    assert not MediaAsset.objects.filter(after_of__isnull=False).exists()


def test_deleting_a_before_inline_unpairs_its_after(curator_client, post, picture):
    second = add_picture(post, "The quay, lit", (600, 300))
    second.after_of = picture
    second.save(update_fields=["after_of"])
    data = post_form(curator_client, post)
    data[f"{inline_row(data, picture)}-DELETE"] = "on"
    data[f"{inline_row(data, second)}-caption"] = "Now on its own"
    response = curator_client.post(post_url(post), data)
    assert response.status_code == 302, response.context["errors"]
    second.refresh_from_db()
    assert (second.after_of, second.caption) == (None, "Now on its own")
    assert not MediaAsset.objects.filter(pk=picture.pk).exists()


def test_a_new_picture_inline_takes_its_focal_point_and_projection(
    curator_client, post
):
    data = post_form(curator_client, post)
    row = f"media-{int(data['media-TOTAL_FORMS']) - 1}"  # the blank row at the end
    assert data[f"{row}-projection"] == ""  # recognised from the photo unless said
    data |= {
        f"{row}-upload": SimpleUploadedFile("still.png", red_at_left()),
        f"{row}-alt_text": "A balloon light over the quay",
        f"{row}-focal_across": "0",
        f"{row}-focal_down": "40",
        f"{row}-projection": Projection.EQUIRECTANGULAR,
    }
    response = curator_client.post(post_url(post), data)
    assert response.status_code == 302, response.context["errors"]
    asset = post.media.get()
    assert asset.focal_point == (0.0, 0.4)
    assert asset.projection == Projection.EQUIRECTANGULAR
    assert asset.capture_public is True
