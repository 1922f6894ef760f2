"""A game's platforms, once free text on the production, become the platforms of
its "Release" version, from the curated list."""

from django.db import migrations, models

# Frozen as this migration reads them: how platforms were commonly written.
SPELLINGS = {
    "pc": "windows",
    "windows": "windows",
    "pc (windows)": "windows",
    "mac": "macos",
    "macos": "macos",
    "os x": "macos",
    "linux": "linux",
    "steam deck": "steam-deck",
    "ps4": "ps4",
    "playstation 4": "ps4",
    "ps5": "ps5",
    "playstation 5": "ps5",
    "psvr2": "psvr2",
    "playstation vr2": "psvr2",
    "xbox one": "xbox-one",
    "xbox series": "xbox-series",
    "xbox series x": "xbox-series",
    "xbox series s": "xbox-series",
    "xbox series x|s": "xbox-series",
    "xbox series x/s": "xbox-series",
    "switch": "switch",
    "nintendo switch": "switch",
    "switch 2": "switch-2",
    "nintendo switch 2": "switch-2",
    "ios": "ios",
    "iphone": "ios",
    "ipad": "ios",
    "android": "android",
    "quest": "meta-quest",
    "meta quest": "meta-quest",
    "vision pro": "vision-pro",
    "apple vision pro": "vision-pro",
    "web": "web",
    "browser": "web",
    "web browser": "web",
}

# The search trigger without the platforms column (it goes in this migration).
PRODUCTION_SEARCH_FORWARD = """
        CREATE OR REPLACE FUNCTION productions_production_search_vector_update() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') || setweight(to_tsvector('simple', coalesce(NEW.original_title, '')), 'A') || setweight(to_tsvector('simple', coalesce(NEW.other_titles, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.studio, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.venue, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.track, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.artist_name, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.synopsis, '')), 'C');
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS productions_production_search_vector_trigger ON productions_production;
        CREATE TRIGGER productions_production_search_vector_trigger
            BEFORE INSERT OR UPDATE OF title, original_title, other_titles, studio, venue, track, artist_name, synopsis
            ON productions_production FOR EACH ROW EXECUTE FUNCTION productions_production_search_vector_update();
    """

PRODUCTION_SEARCH_BACKWARD = """
        CREATE OR REPLACE FUNCTION productions_production_search_vector_update() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') || setweight(to_tsvector('simple', coalesce(NEW.original_title, '')), 'A') || setweight(to_tsvector('simple', coalesce(NEW.other_titles, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.studio, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.venue, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.track, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.artist_name, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.platforms, '')), 'C') || setweight(to_tsvector('english', coalesce(NEW.synopsis, '')), 'C');
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS productions_production_search_vector_trigger ON productions_production;
        CREATE TRIGGER productions_production_search_vector_trigger
            BEFORE INSERT OR UPDATE OF title, original_title, other_titles, studio, venue, track, artist_name, platforms, synopsis
            ON productions_production FOR EACH ROW EXECUTE FUNCTION productions_production_search_vector_update();
    """


def postgres_only(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def platforms_to_versions(apps, schema_editor):
    Production = apps.get_model("productions", "Production")
    Platform = apps.get_model("productions", "Platform")
    GameVersion = apps.get_model("productions", "GameVersion")
    by_slug = {platform.slug: platform for platform in Platform.objects.all()}
    by_name = {platform.name.lower(): platform for platform in by_slug.values()}
    games = Production.objects.filter(kind="video_game").exclude(platforms="")
    for game in games.iterator():
        found, unknown = [], []
        for name in (part.strip() for part in game.platforms.split(",")):
            if not name:
                continue
            key = name.lower()
            platform = by_name.get(key) or by_slug.get(SPELLINGS.get(key, key))
            if platform is None:
                unknown.append(name)
            elif platform not in found:
                found.append(platform)
        version, _ = GameVersion.objects.get_or_create(
            production=game,
            name="Release",
            defaults={
                "kind": "release",
                "release_date": game.release_date,
                "release_date_precision": game.release_date_precision,
            },
        )
        version.platforms.add(*found)
        if unknown:  # kept where a curator will see them
            note = "Also listed as released on: " + ", ".join(unknown) + "."
            version.notes = f"{version.notes}\n\n{note}".strip()
            version.save(update_fields=["notes"])


def versions_to_platforms(apps, schema_editor):
    Production = apps.get_model("productions", "Production")
    for game in Production.objects.filter(kind="video_game"):
        names = []
        for version in game.versions.all():
            for platform in version.platforms.order_by("position"):
                if platform.name not in names:
                    names.append(platform.name)
        game.platforms = ", ".join(names)[:200]
        game.save(update_fields=["platforms"])


class Migration(migrations.Migration):
    dependencies = [
        ("productions", "0010_depth"),
    ]

    operations = [
        migrations.RunPython(
            postgres_only(PRODUCTION_SEARCH_FORWARD),
            postgres_only(PRODUCTION_SEARCH_BACKWARD),
        ),
        migrations.RunPython(platforms_to_versions, migrations.RunPython.noop),
        migrations.RunPython(migrations.RunPython.noop, versions_to_platforms),
        migrations.RemoveField(
            model_name="production",
            name="platforms",
        ),
    ]
