"""The migration that turns a game's platforms, once free text, into the
platforms of its "Release" version."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("productions", "0010_depth")]
AFTER = [("productions", "0011_platforms_become_versions")]


@pytest.mark.django_db(transaction=True)
def test_typed_platforms_become_the_release_versions_platforms():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Production = old.get_model("productions", "Production")
    # Other transactional tests may have flushed the seeded list: make sure of it.
    Platform = old.get_model("productions", "Platform")
    for slug, name in (
        ("windows", "PC (Windows)"),
        ("ps5", "PlayStation 5"),
        ("xbox-series", "Xbox Series X|S"),
    ):
        Platform.objects.get_or_create(slug=slug, defaults={"name": name})
    game = Production.objects.create(
        title="Hollow Circuit",
        slug="hollow-circuit",
        kind="video_game",
        status="released",
        platforms="PC, PS5, Xbox Series X, Dreamcast",
    )
    Production.objects.create(
        title="The Salt Orchard", slug="the-salt-orchard", kind="film"
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        new = executor.loader.project_state(AFTER).apps
        GameVersion = new.get_model("productions", "GameVersion")
        release = GameVersion.objects.get(production_id=game.pk)
        assert (release.name, release.kind) == ("Release", "release")
        assert sorted(release.platforms.values_list("slug", flat=True)) == [
            "ps5",
            "windows",
            "xbox-series",
        ]
        assert release.notes == "Also listed as released on: Dreamcast."
        assert GameVersion.objects.count() == 1
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
