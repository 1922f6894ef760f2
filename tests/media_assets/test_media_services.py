"""Storing, rolling back and deleting media: rows and files stay in step."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from bts_catalog.files import files_rollback
from bts_catalog.images import intake_image
from media_assets.models import MediaAsset, MediaKind
from media_assets.services import media_asset_add
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

RENDITIONS = ("thumbnail", "card", "large")


class Boom(Exception):
    pass


@pytest.fixture
def post():
    return PostFactory()


@pytest.fixture
def clean_image(make_image):
    """An accepted image; each colour gives different bytes (and sha256)."""

    def make(color=(200, 30, 30), size=(64, 48)):
        data = make_image("JPEG", size=size, color=color)
        return intake_image(SimpleUploadedFile("photo.jpg", data))

    return make


def create(post, image, alt_text="Grips rigging a crane at dawn", **kwargs):
    return media_asset_add(
        actor=None, post=post, upload=image, alt_text=alt_text, **kwargs
    )


# --- media_asset_create ----------------------------------------------------------
def test_create_stores_the_original_and_three_renditions(
    post, clean_image, files_in_media, media_root
):
    image = clean_image(size=(64, 48))

    asset = create(post, image, alt_text="  Grips rigging a crane  ", caption=" Day 3 ")

    asset.refresh_from_db()
    assert asset.kind == MediaKind.IMAGE
    assert (asset.width, asset.height) == (64, 48)
    assert asset.sha256 == image.sha256
    assert asset.position == 0
    assert asset.alt_text == "Grips rigging a crane"
    assert asset.caption == "Day 3"

    files = files_in_media()
    assert len(files) == 7
    assert sorted(asset.stored_files()) == files
    assert asset.file.name.startswith("bts/originals/")
    assert asset.file.name.endswith(".jpg")
    assert (media_root / asset.file.name).read_bytes() == image.content
    for name in RENDITIONS:
        stored = getattr(asset, name).name
        assert stored.startswith("bts/renditions/")
        assert stored.endswith(f"-{name}.webp")


def test_renditions_share_the_original_file_stem(post, clean_image):
    asset = create(post, clean_image())

    stem = asset.file.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    for name in RENDITIONS:
        assert getattr(asset, name).name.rsplit("/", 1)[1] == f"{stem}-{name}.webp"


def test_positions_increase_per_post(post, clean_image):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]

    assets = [create(post, clean_image(color=colour)) for colour in colours]

    assert [asset.position for asset in assets] == [0, 1, 2]
    other = create(PostFactory(), clean_image(color=(9, 9, 9)))
    assert other.position == 0


def test_explicit_position_is_kept_and_the_next_one_follows(post, clean_image):
    placed = create(post, clean_image(color=(255, 0, 0)), position=5)
    following = create(post, clean_image(color=(0, 255, 0)))

    assert (placed.position, following.position) == (5, 6)


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_alt_text_is_required_and_nothing_is_stored(
    post, clean_image, files_in_media, alt_text
):
    with pytest.raises(ValidationError) as caught:
        create(post, clean_image(), alt_text=alt_text)

    assert "alt_text" in caught.value.message_dict
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_same_image_twice_on_one_post_is_refused(post, clean_image, files_in_media):
    image = clean_image()
    create(post, image)
    files_before = files_in_media()

    with pytest.raises(ValidationError) as caught:
        create(post, image, alt_text="The same picture again")

    assert "This file is already part of the post." in caught.value.messages
    assert MediaAsset.objects.count() == 1
    assert files_in_media() == files_before


def test_same_image_on_two_posts_is_fine(clean_image, files_in_media):
    image = clean_image()

    first = create(PostFactory(), image)
    second = create(PostFactory(), image)

    assert first.sha256 == second.sha256
    assert MediaAsset.objects.count() == 2
    assert len(files_in_media()) == 14
    assert first.file.name != second.file.name


# --- failures leave nothing behind ---------------------------------------------
def test_failing_row_save_removes_the_files_already_written(
    post, clean_image, files_in_media, monkeypatch
):
    seen_at_failure = []

    def failing_save(self, *args, **kwargs):
        seen_at_failure.extend(files_in_media())
        raise Boom("database is down")

    monkeypatch.setattr(MediaAsset, "save", failing_save)

    with pytest.raises(Boom):
        create(post, clean_image())

    # The original and its crops really were written first (its sizes are rows
    # of their own, saved after it).
    assert len(seen_at_failure) == 4
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_failing_storage_midway_removes_the_files_already_written(
    post, clean_image, files_in_media, monkeypatch
):
    original_save = FileSystemStorage._save
    calls = []

    def save_twice_then_fail(self, name, content):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return original_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save_twice_then_fail)

    with pytest.raises(OSError, match="disk full"):
        create(post, clean_image())

    assert len(calls) == 3
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def fail_on_second_save(monkeypatch):
    original_save = MediaAsset.save
    saves = []

    def save(self, *args, **kwargs):
        saves.append(self)
        if len(saves) == 2:
            raise Boom("second row fails")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(MediaAsset, "save", save)


def test_files_rollback_undoes_an_earlier_asset_when_a_later_one_fails(
    post, clean_image, files_in_media, monkeypatch
):
    fail_on_second_save(monkeypatch)

    with pytest.raises(Boom), files_rollback(), transaction.atomic():
        create(post, clean_image(color=(255, 0, 0)))
        assert len(files_in_media()) == 7
        create(post, clean_image(color=(0, 255, 0)))

    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_files_rollback_undoes_earlier_assets_on_a_validation_error(
    post, clean_image, files_in_media
):
    image = clean_image()

    with pytest.raises(ValidationError), files_rollback(), transaction.atomic():
        create(post, image)
        create(post, image)  # a duplicate: refused before any file is written

    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_files_rollback_undoes_assets_when_the_callers_own_code_fails(
    post, clean_image, files_in_media
):
    with pytest.raises(Boom), files_rollback(), transaction.atomic():
        create(post, clean_image())
        raise Boom("a later step of the same request")

    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_files_rollback_keeps_files_when_the_block_succeeds(
    post, clean_image, files_in_media
):
    with files_rollback(), transaction.atomic():
        create(post, clean_image(color=(255, 0, 0)))
        create(post, clean_image(color=(0, 255, 0)))

    assert MediaAsset.objects.count() == 2
    assert len(files_in_media()) == 14


def test_files_rollback_leaves_files_stored_before_the_block_alone(
    post, clean_image, files_in_media
):
    kept = create(post, clean_image(color=(0, 0, 255)))

    with pytest.raises(Boom), files_rollback(), transaction.atomic():
        create(post, clean_image(color=(255, 0, 0)))
        raise Boom

    assert list(MediaAsset.objects.all()) == [kept]
    assert files_in_media() == sorted(kept.stored_files())


@pytest.mark.django_db(transaction=True)
def test_files_rollback_with_real_transactions(
    clean_image, files_in_media, monkeypatch
):
    post = PostFactory()
    fail_on_second_save(monkeypatch)

    with pytest.raises(Boom), files_rollback(), transaction.atomic():
        create(post, clean_image(color=(255, 0, 0)))
        create(post, clean_image(color=(0, 255, 0)))

    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


# --- deletion ------------------------------------------------------------------
def test_deleting_an_asset_removes_row_and_files_on_commit(
    post, clean_image, files_in_media, django_capture_on_commit_callbacks
):
    kept = create(post, clean_image(color=(0, 0, 255)))
    asset = create(post, clean_image(color=(255, 0, 0)))

    with django_capture_on_commit_callbacks(execute=True):
        asset.delete()

    assert list(MediaAsset.objects.all()) == [kept]
    assert files_in_media() == sorted(kept.stored_files())


def test_deleting_an_asset_keeps_files_until_commit(
    post, clean_image, files_in_media, django_capture_on_commit_callbacks
):
    asset = create(post, clean_image())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        asset.delete()
        assert len(files_in_media()) == 7

    assert len(callbacks) == 4  # the asset's files, and each of its 3 sizes
    assert not MediaAsset.objects.exists()


def test_deleting_an_asset_rolled_back_keeps_row_and_files(
    post, clean_image, files_in_media, django_capture_on_commit_callbacks
):
    asset = create(post, clean_image())
    pk = asset.pk

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom), transaction.atomic():
            asset.delete()
            raise Boom

    assert callbacks == []
    assert MediaAsset.objects.filter(pk=pk).exists()
    assert len(files_in_media()) == 7


def test_deleting_an_asset_of_an_embed_has_no_files(
    post, files_in_media, django_capture_on_commit_callbacks
):
    embed = media_asset_add(
        actor=None, post=post, embed_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )

    with django_capture_on_commit_callbacks(execute=True):
        embed.delete()

    assert not MediaAsset.objects.exists()
    assert files_in_media() == []


def test_deleting_a_post_removes_the_post_its_media_and_their_files(
    clean_image, files_in_media, django_capture_on_commit_callbacks
):
    post = PostFactory()
    create(post, clean_image(color=(255, 0, 0)))
    create(post, clean_image(color=(0, 255, 0)))
    media_asset_add(actor=None, post=post, embed_url="https://vimeo.com/76979871")
    other_post = PostFactory()
    kept = create(other_post, clean_image(color=(0, 0, 255)))
    assert len(files_in_media()) == 21

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()

    assert not type(post).objects.filter(pk=post.pk).exists()
    assert list(MediaAsset.objects.all()) == [kept]
    assert files_in_media() == sorted(kept.stored_files())


def test_deleting_a_post_keeps_files_until_commit(
    clean_image, files_in_media, django_capture_on_commit_callbacks
):
    post = PostFactory()
    create(post, clean_image())

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post.delete()

    assert len(callbacks) == 4  # the asset's files, and each of its 3 sizes
    assert len(files_in_media()) == 7


# --- video files and embeds ----------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://vimeo.com/76979871",
        "https://player.vimeo.com/video/76979871",
    ],
)
def test_embed_accepts_youtube_and_vimeo(post, files_in_media, url):
    asset = media_asset_add(actor=None, post=post, embed_url=f"  {url}  ")

    asset.refresh_from_db()
    assert asset.kind == MediaKind.EMBED
    assert asset.embed_url == url
    assert not asset.file
    assert files_in_media() == []


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/video",
        "https://youtube.com.evil.example.com/watch?v=1",
        "https://evil.example.com/?next=https://www.youtube.com/",
        "javascript:alert(1)",
        "ftp://www.youtube.com/watch?v=x",
        "",
    ],
)
def test_embed_refuses_other_hosts(post, url):
    with pytest.raises(ValidationError) as caught:
        media_asset_add(actor=None, post=post, embed_url=url)

    assert "embed_url" in caught.value.message_dict
    assert not MediaAsset.objects.exists()
