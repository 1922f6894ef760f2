"""The curated departments and roles seeded by productions/migrations/0002."""

import importlib
from collections import Counter

import pytest
from django.apps import apps

from productions.models import (
    Department,
    ProductionKind,
    Role,
    validate_production_kinds,
)

seed = importlib.import_module("productions.migrations.0002_seed_vocabulary")

REQUIRED_DEPARTMENT_SLUGS = [
    "directing",
    "writing",
    "production",
    "cast",
    "camera",
    "lighting",
    "sound",
    "production-design",
    "set-decoration",
    "costume",
    "makeup-hair",
    "visual-effects",
    "editing",
    "music",
    "stunts",
    "choreography",
    "stage-management",
    "game-design",
    "programming",
    "animation",
    "audio",
    "qa",
    "marketing-publicity",
]


def kind_slugs(kind: str) -> set[str]:
    return set(Role.objects.for_kind(kind).values_list("slug", flat=True))


@pytest.mark.django_db
def test_vocabulary_is_seeded():
    assert Department.objects.count() >= 20
    assert Role.objects.count() >= 60


@pytest.mark.django_db
def test_required_departments_exist_in_display_order():
    positions = dict(Department.objects.values_list("slug", "position"))
    missing = [slug for slug in REQUIRED_DEPARTMENT_SLUGS if slug not in positions]
    assert missing == []
    ordered = [positions[slug] for slug in REQUIRED_DEPARTMENT_SLUGS]
    assert ordered == sorted(ordered)
    assert len(set(ordered)) == len(ordered)


@pytest.mark.django_db
def test_department_names():
    names = dict(Department.objects.values_list("slug", "name"))
    assert names["camera"] == "Camera & Cinematography"
    assert names["production-design"] == "Production Design & Art"
    assert names["costume"] == "Costume & Wardrobe"
    assert names["makeup-hair"] == "Makeup & Hair"
    assert names["qa"] == "QA"
    assert names["marketing-publicity"] == "Marketing & Publicity"


@pytest.mark.django_db
def test_every_department_has_a_description_and_roles():
    for department in Department.objects.all():
        assert department.description.strip().endswith("."), department.slug
        assert department.roles.exists(), department.slug


@pytest.mark.django_db
def test_every_role_has_valid_production_kinds_and_a_description():
    for role in Role.objects.all():
        validate_production_kinds(role.production_kinds)
        assert role.description.strip().endswith("."), role.slug


def test_seed_data_has_no_duplicates():
    role_slugs = Counter(role[1] for role in seed.ROLES)
    assert [slug for slug, n in role_slugs.items() if n > 1] == []
    names = Counter((role[0], role[2]) for role in seed.ROLES)
    assert [key for key, n in names.items() if n > 1] == []
    department_slugs = [department[0] for department in seed.DEPARTMENTS]
    assert len(department_slugs) == len(set(department_slugs))
    assert {role[0] for role in seed.ROLES} <= set(department_slugs)


@pytest.mark.django_db
def test_every_kind_has_roles_of_its_own():
    for kind in ProductionKind.values:
        assert Role.objects.for_kind(kind).exclude(production_kinds="").exists(), kind


@pytest.mark.django_db
def test_theater_roles():
    theater = kind_slugs(ProductionKind.THEATER)
    assert "stage-manager" in theater
    assert "level-designer" not in theater
    assert "director" in theater
    assert "gaffer" not in theater


@pytest.mark.django_db
def test_video_game_roles():
    games = kind_slugs(ProductionKind.VIDEO_GAME)
    assert "level-designer" in games
    assert "game-sound-designer" in games
    assert "stage-manager" not in games


@pytest.mark.django_db
def test_realistic_production_kinds():
    kinds = dict(Role.objects.values_list("slug", "production_kinds"))
    assert kinds["director"] == ""
    assert kinds["stage-manager"] == "theater"
    assert kinds["level-designer"] == "video_game"
    assert kinds["director-of-photography"] == "film,tv_series,music_video"
    assert kinds["gaffer"] == "film,tv_series,music_video"


@pytest.mark.django_db
def test_sound_and_game_audio_are_distinct():
    film_sound = Role.objects.get(slug="sound-designer")
    game_sound = Role.objects.get(slug="game-sound-designer")
    assert film_sound.department.slug == "sound"
    assert game_sound.department.slug == "audio"
    assert not film_sound.applies_to(ProductionKind.VIDEO_GAME)
    assert game_sound.applies_to(ProductionKind.VIDEO_GAME)


@pytest.mark.django_db
def test_behind_the_scenes_roles_exist():
    photographer = Role.objects.get(slug="unit-stills-photographer")
    videographer = Role.objects.get(slug="bts-videographer")
    assert photographer.applies_to(ProductionKind.FILM)
    assert videographer.department.slug == "marketing-publicity"
    assert (
        Role.objects.filter(
            slug__in=["production-photographer", "epk-producer", "community-manager"]
        ).count()
        == 3
    )


@pytest.mark.django_db
def test_cast_is_not_a_craft():
    crafts = set(Department.objects.crafts().values_list("slug", flat=True))
    assert "cast" not in crafts
    assert "camera" in crafts
    assert Department.objects.get(slug="cast").is_cast


@pytest.mark.django_db
def test_seeding_twice_creates_no_duplicates():
    departments, roles = Department.objects.count(), Role.objects.count()
    seed.seed_vocabulary(apps, schema_editor=None)
    seed.seed_vocabulary(apps, schema_editor=None)
    assert Department.objects.count() == departments
    assert Role.objects.count() == roles


@pytest.mark.django_db
def test_seeding_restores_edited_vocabulary():
    Role.objects.filter(slug="gaffer").update(production_kinds="theater")
    seed.seed_vocabulary(apps, schema_editor=None)
    assert Role.objects.get(slug="gaffer").production_kinds == (
        "film,tv_series,music_video"
    )


@pytest.mark.django_db
def test_unseeding_removes_the_vocabulary():
    seed.unseed_vocabulary(apps, schema_editor=None)
    assert not Role.objects.filter(slug__in=[r[1] for r in seed.ROLES]).exists()
    assert not Department.objects.filter(
        slug__in=[d[0] for d in seed.DEPARTMENTS]
    ).exists()
    seed.seed_vocabulary(apps, schema_editor=None)
    assert Role.objects.filter(slug="stage-manager").exists()
