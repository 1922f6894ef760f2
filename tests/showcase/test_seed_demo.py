"""The demo catalogue (seed_demo) and the demo accounts (demo_admin)."""

import datetime
from io import StringIO

import av
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import Q
from django.utils import timezone

from audience.models import Question
from bts_catalog.roles import CURATORS_GROUP
from media_assets.embeds import embed_for
from media_assets.markdown import render_markdown
from media_assets.models import (
    MediaAsset,
    MediaKind,
    MediaStatus,
    Post,
    PostKind,
    PostPhase,
    PostStatus,
    Projection,
    Provenance,
    SourcePlatform,
)
from productions.models import (
    Credit,
    Person,
    Production,
    ProductionKind,
    ProductionStatus,
    Role,
)
from showcase.management.commands import seed_demo

pytestmark = pytest.mark.django_db

# The craft a post of each kind must show (any one of these departments).
EXPECTED_CRAFTS = {
    PostKind.COSTUME_DESIGN: {"costume"},
    PostKind.VFX_BREAKDOWN: {"visual-effects"},
    PostKind.SET_DESIGN: {"production-design", "set-decoration"},
    PostKind.DEV_DIARY: {"game-design", "programming"},
    PostKind.REHEARSAL: {"stage-management", "choreography"},
}


def seed(*args: str, videos: int = 0) -> str:
    """Run seed_demo, without its videos unless asked: clips take seconds to make."""
    out = StringIO()
    call_command("seed_demo", *args, "--videos", str(videos), stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_with_videos(django_capture_on_commit_callbacks):
    """seed_demo with its default videos, transcoded as the command's commit has
    them transcoded (a test's transaction never commits)."""

    def run(*args: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            return seed(*args, videos=seed_demo.DEFAULT_VIDEOS)

    return run


def counts() -> dict[str, int]:
    return {label: model.objects.count() for label, model in seed_demo.COUNTED}


def test_size_one_meets_the_minimum_counts():
    output = seed("--images", "0")

    assert Production.objects.count() >= 25
    for kind in ProductionKind.values:
        assert Production.objects.filter(kind=kind).count() >= 5, kind
    assert Person.objects.count() >= 50
    assert Post.objects.count() >= 60
    assert Credit.objects.count() >= 25 * 12
    assert "Productions" in output and "created" in output


def test_every_production_has_a_lead_cast_and_a_crew():
    seed("--images", "0")

    for production in Production.objects.all():
        credits = list(production.credits.select_related("role__department"))
        crew = [c for c in credits if not c.role.department.is_cast]
        cast = [c for c in credits if c.role.department.is_cast]
        lead = [c for c in crew if c.billing_order == 1]
        assert len(lead) == 1 and lead[0].is_verified, production
        assert lead[0].role.name.endswith("Director"), production
        assert 6 <= len(crew) - 1 <= 15, production
        assert len({c.role.department_id for c in crew}) >= 4, production
        assert cast, production
        if production.kind != ProductionKind.MUSIC_VIDEO:
            assert any(c.character for c in cast), production
    assert Credit.objects.filter(is_verified=True).exists()
    assert Credit.objects.filter(is_verified=False).exists()


def test_credits_fit_their_roles_and_production_kinds():
    seed("--images", "0")

    for credit in Credit.objects.select_related("role__department", "production"):
        credit.clean()  # role applies to the kind; only cast carry a character
        assert Role.objects.for_kind(credit.production.kind).filter(pk=credit.role_id)


def test_productions_are_valid_and_statuses_fit_their_kind():
    seed("--images", "0")

    for production in Production.objects.all():
        production.full_clean()
        if production.kind == ProductionKind.THEATER:
            assert production.status != ProductionStatus.RELEASED
            assert production.venue
        else:
            assert production.status not in ProductionStatus.theater_only()
        if production.kind == ProductionKind.VIDEO_GAME:
            assert production.versions.filter(platforms__isnull=False).exists()
        assert production.studio and production.synopsis
    statuses = set(Production.objects.values_list("status", flat=True))
    assert {"released", "running", "closed", "cancelled"} <= statuses


def test_posts_cover_every_kind_phase_provenance_platform_and_status():
    seed("--images", "0")

    def values(name):
        return set(Post.objects.values_list(name, flat=True))

    assert values("kind") == set(PostKind.values)
    assert values("phase") == set(PostPhase.values)
    assert values("provenance") == set(Provenance.values)
    assert values("source_platform") == set(SourcePlatform.values)
    assert values("status") == set(PostStatus.values)
    published = Post.objects.filter(status=PostStatus.PUBLISHED).count()
    assert published > Post.objects.count() * 0.6


def test_theater_uses_live_run_and_other_kinds_release():
    seed("--images", "0")

    theater = Post.objects.filter(production__kind=ProductionKind.THEATER)
    others = Post.objects.exclude(production__kind=ProductionKind.THEATER)
    assert theater.filter(phase=PostPhase.LIVE_RUN).exists()
    assert not theater.filter(phase=PostPhase.RELEASE).exists()
    assert others.filter(phase=PostPhase.RELEASE).exists()
    assert not others.filter(phase=PostPhase.LIVE_RUN).exists()


def test_every_post_is_valid_with_a_source_url_that_fits_its_platform():
    seed("--images", "0")

    for post in Post.objects.all():
        SourcePlatform(post.source_platform).validate_url(post.source_url)
        post.full_clean()
        assert post.body_html == render_markdown(post.body)
        assert 1 <= post.body.count("\n\n") + 1 <= 3


def test_publication_dates_and_featured_posts():
    seed("--images", "0")

    now = timezone.now()
    for post in Post.objects.all():
        if post.status == PostStatus.PUBLISHED:
            assert post.published_at is not None
            assert post.happened_on <= post.published_at.date()
            assert post.published_at <= now
        else:
            assert post.published_at is None
            assert not post.is_featured
        if post.status == PostStatus.REJECTED:
            assert post.moderation_note
    featured = Post.objects.filter(is_featured=True)
    assert featured.count() >= 3
    assert set(featured.values_list("status", flat=True)) == {PostStatus.PUBLISHED}


def test_happened_on_follows_the_production_timeline():
    seed("--images", "0")

    for post in Post.objects.select_related("production"):
        production = post.production
        assert post.happened_on < seed_demo.CATALOGUE_DATE
        if production.release_date is None:
            continue
        if post.phase in {PostPhase.RELEASE, PostPhase.LIVE_RUN}:
            window_start = production.release_date - datetime.timedelta(days=14)
            assert post.happened_on >= window_start, post
        else:
            assert post.happened_on < production.release_date, post


def test_posts_feature_credited_people_crafts_and_tags():
    seed("--images", "0")

    posts = Post.objects.select_related("production").prefetch_related(
        "featured_people", "crafts", "tags"
    )
    for post in posts:
        credited = set(
            Credit.objects.filter(production=post.production).values_list(
                "person_id", flat=True
            )
        )
        people = {person.pk for person in post.featured_people.all()}
        crafts = {department.slug for department in post.crafts.all()}
        assert people and people <= credited, post
        assert crafts and "cast" not in crafts, post
        if post.kind in EXPECTED_CRAFTS:
            assert crafts & EXPECTED_CRAFTS[post.kind], (post.kind, crafts)
        assert post.tags.all(), post
    assert Production.objects.filter(tags__isnull=False).exists()


def test_images_are_stored_with_alt_text_and_renditions(media_root):
    seed("--images", "5")

    # The 360° photo and the before/after pair have posts of their own (see
    # test_seed_demo_pictures); the five others show the pool's stills.
    set_pieces = MediaAsset.objects.filter(
        Q(projection=Projection.EQUIRECTANGULAR)
        | Q(after__isnull=False)
        | Q(after_of__isnull=False)
    )
    illustrated = (
        Post.objects.filter(media__isnull=False)
        .exclude(media__in=set_pieces)
        .distinct()
    )
    assert illustrated.count() == 5
    assert set_pieces.values("post").distinct().count() == 2
    assets = MediaAsset.objects.exclude(pk__in=set_pieces)
    assert 5 <= assets.count() <= 15
    for asset in assets:
        assert asset.alt_text.strip()
        assert (asset.width, asset.height) == (1200, 800)
        assert asset.credited_to is not None
        for name in asset.stored_files():
            assert (media_root / name).is_file(), name
        assert asset.thumbnail and asset.card and asset.large
    # Featured posts are illustrated first (seed 1 has five, one of them showing
    # the before/after pair).
    featured = Post.objects.filter(is_featured=True).exclude(media__in=set_pieces)
    assert set(featured) <= set(illustrated)
    posters = Production.objects.exclude(poster="")
    assert posters.count() == 5
    for production in posters:
        assert (media_root / production.poster.name).is_file()


def test_running_twice_adds_nothing(seed_with_videos, files_in_media, files_in_private):
    seed_with_videos("--images", "3")
    before, files_before = counts(), files_in_media()
    private_before = files_in_private()
    assert MediaAsset.objects.exclude(kind=MediaKind.IMAGE).count() == 4

    output = seed_with_videos("--images", "3")

    assert counts() == before
    assert files_in_media() == files_before
    assert files_in_private() == private_before
    assert " 0 created" in output


def test_size_two_roughly_doubles_and_extends_size_one():
    seed("--images", "0")
    one = counts()
    slugs_one = set(Post.objects.values_list("slug", flat=True))

    seed("--size", "2", "--images", "0")
    two = counts()

    assert two["Productions"] == 2 * one["Productions"]
    assert two["People"] == 2 * one["People"]
    for label in ("Credits", "Posts", "Featured people", "Tagged items"):
        assert 1.6 * one[label] <= two[label] <= 2.4 * one[label], label
    assert slugs_one <= set(Post.objects.values_list("slug", flat=True))


def test_the_same_seed_plans_the_same_catalogue():
    roles = {
        kind: list(Role.objects.for_kind(kind).select_related("department"))
        for kind in ProductionKind.values
    }

    def plan(seed_value: int) -> list[str]:
        planner = seed_demo.DemoPlanner(seed=seed_value, size=1, roles_by_kind=roles)
        planner.plan_people()
        posts = []
        for production in planner.plan_productions():
            credits = planner.plan_credits(production)
            posts += planner.plan_posts(production, credits)
        videos = planner.plan_videos(posts, 8)
        return [post.slug for post in posts] + [
            f"{video.reel.name}:{video.post.slug}:{video.embed_url}:{video.caption}"
            for video in videos
        ]

    assert plan(1) == plan(1)
    assert plan(1) != plan(2)


@pytest.mark.parametrize("size", ["0", "-3"])
def test_a_size_below_one_is_refused(size):
    with pytest.raises(CommandError, match="--size"):
        seed("--size", size)
    assert not Production.objects.exists()


def test_negative_images_are_refused():
    with pytest.raises(CommandError, match="--images"):
        seed("--images", "-1")


def test_negative_videos_are_refused():
    with pytest.raises(CommandError, match="--videos"):
        seed(videos=-1)


def test_a_failure_leaves_no_rows_and_no_files(monkeypatch, files_in_media):
    original = seed_demo.media_asset_add
    calls = []

    def fail_on_the_third_image(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(seed_demo, "media_asset_add", fail_on_the_third_image)

    with pytest.raises(RuntimeError, match="disk full"):
        seed("--images", "5")

    assert len(calls) == 3
    assert not Production.objects.exists()
    assert not Person.objects.exists()
    assert not Post.objects.exists()
    assert files_in_media() == []


def test_a_failure_among_the_videos_leaves_no_rows_and_no_files(
    monkeypatch, files_in_media, files_in_private, django_capture_on_commit_callbacks
):
    original = seed_demo.caption_add
    calls = []

    def fail_on_the_second_captions(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(seed_demo, "caption_add", fail_on_the_second_captions)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError, match="disk full"),
    ):
        # The phone clip, then the featurette and its English captions, are
        # stored before the Finnish ones fail.
        seed("--images", "2", videos=2)

    assert len(calls) == 2
    assert callbacks == []  # nothing was left to transcode
    assert not Production.objects.exists()
    assert not MediaAsset.objects.exists()
    assert files_in_media() == []
    assert files_in_private() == []


# --- Videos ------------------------------------------------------------------------
def test_the_demo_plays_a_phone_clip_a_captioned_featurette_and_embeds(
    seed_with_videos, media_root, settings
):
    seed_with_videos("--images", "5")

    files = MediaAsset.objects.filter(kind=MediaKind.VIDEO_FILE).select_related("post")
    embeds = MediaAsset.objects.filter(kind=MediaKind.EMBED).select_related("post")
    for asset in [*files, *embeds]:
        assert asset.post.status == PostStatus.PUBLISHED, asset
        assert asset.status == MediaStatus.READY, asset.processing_error
        assert asset.caption
        # A post shows its video first: the posts chosen for videos get no images.
        assert list(asset.post.media.all()) == [asset]
    for video in files:
        assert video.poster and video.poster_jpeg
        assert (media_root / video.poster.name).is_file()
        sources = list(video.video_sources.all())
        assert sources, video
        for source in sources:
            assert (media_root / source.file.name).is_file()
            assert (source.height > source.width) == (video.height > video.width)

    vertical = [video for video in files if video.height > video.width]
    assert vertical
    phone = vertical[0]
    assert phone.source.name.endswith(".mov")
    assert phone.credited_to is not None
    with av.open(str(settings.PRIVATE_MEDIA_ROOT / phone.source.name)) as original:
        coded = original.streams.video[0].codec_context
        assert coded.name == "hevc"
        assert coded.width > coded.height  # stored sideways, turned on display
    assert 4 <= phone.duration_seconds <= 6

    captioned = [
        video
        for video in files
        if video.width > video.height
        and {caption.language for caption in video.captions.all()} >= {"en", "fi"}
    ]
    assert captioned
    featurette = captioned[0]
    assert 6 <= featurette.duration_seconds <= 8
    for caption in featurette.captions.all():
        assert (media_root / caption.file.name).is_file()
        assert caption.file.read().startswith(b"WEBVTT")
        assert caption.transcript
    finnish = featurette.captions.get(language="fi")
    assert "lavaste" in finnish.transcript and finnish.label == "Finnish"
    featurette.post.refresh_from_db()
    assert "lamps" in featurette.post.search_text  # the captions are searched

    platforms = {embed_for(asset.embed_url).platform for asset in embeds}
    assert platforms == {"youtube", "tiktok"}


# --- demo_admin --------------------------------------------------------------------
def demo_admin(*args: str) -> str:
    out = StringIO()
    call_command("demo_admin", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_admin_creates_the_four_accounts():
    seed("--images", "0")

    output = demo_admin()

    User = get_user_model()
    admin = User.objects.get(username="admin")
    curator = User.objects.get(username="curator")
    crew = User.objects.get(username="crew")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password("bts-demo-admin")
    assert curator.is_staff and not curator.is_superuser
    assert curator.groups.filter(name=CURATORS_GROUP).exists()
    assert curator.check_password("bts-demo-curator")
    assert not crew.is_staff
    assert crew.person.credits.exists()
    fan = User.objects.get(username="fan")
    assert not fan.is_staff and fan.check_password("bts-demo-fan")
    assert fan.verified_email.covers(fan)
    (question,) = fan.questions.all()
    assert question.answer.by_credited_crew and question.answer.author == crew
    assert fan.follows.get().production == question.post.production
    assert fan.notifications.filter(kind="answer").exists()
    assert "http://127.0.0.1:8000/admin/" in output
    for secret in (
        "bts-demo-admin",
        "bts-demo-curator",
        "bts-demo-crew",
        "bts-demo-fan",
    ):
        assert secret in output


def test_demo_admin_takes_passwords_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "a-long-local-secret")

    output = demo_admin()

    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("a-long-local-secret")
    assert "a-long-local-secret" in output


def test_demo_admin_is_idempotent_and_keeps_changed_passwords():
    seed("--images", "0")
    demo_admin()
    User = get_user_model()
    admin = User.objects.get(username="admin")
    admin.set_password("changed-by-hand")
    admin.save()
    linked = Person.objects.get(user__username="crew")

    output = demo_admin()

    assert User.objects.count() == 4
    assert Question.objects.count() == 1
    assert User.objects.get(username="admin").check_password("changed-by-hand")
    assert Person.objects.get(user__username="crew") == linked
    assert "bts-demo-admin" in output

    demo_admin("--reset-passwords")

    assert User.objects.get(username="admin").check_password("bts-demo-admin")


def test_demo_admin_without_a_catalogue_still_creates_the_accounts():
    demo_admin()

    crew = get_user_model().objects.get(username="crew")
    assert not Person.objects.filter(user=crew).exists()
