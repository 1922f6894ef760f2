"""Posts keep their production's title, tag names and featured people's names in
``search_text``, which the PostgreSQL search trigger now folds into the vector."""

from collections import defaultdict

from django.db import migrations, models

# The post search-vector trigger as this migration changed it, frozen here so that
# later changes to the site's search code cannot alter what this migration does.
# Forwards it folds search_text into the vector; backwards it puts back the title
# and body trigger of 0002. Either way every row's vector is refreshed. The SQL
# runs on PostgreSQL only.

WITH_SEARCH_TEXT = """
        CREATE OR REPLACE FUNCTION media_assets_post_search_vector_update() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.search_text, '')), 'B') || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'C');
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS media_assets_post_search_vector_trigger ON media_assets_post;
        CREATE TRIGGER media_assets_post_search_vector_trigger
            BEFORE INSERT OR UPDATE OF title, search_text, body
            ON media_assets_post FOR EACH ROW EXECUTE FUNCTION media_assets_post_search_vector_update();
        CREATE INDEX IF NOT EXISTS media_assets_post_search_idx
            ON media_assets_post USING gin (search_vector);
        UPDATE media_assets_post SET title =
            title;
    """

TITLE_AND_BODY = """
        CREATE OR REPLACE FUNCTION media_assets_post_search_vector_update() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') || setweight(to_tsvector('english', coalesce(NEW.body, '')), 'B');
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS media_assets_post_search_vector_trigger ON media_assets_post;
        CREATE TRIGGER media_assets_post_search_vector_trigger
            BEFORE INSERT OR UPDATE OF title, body
            ON media_assets_post FOR EACH ROW EXECUTE FUNCTION media_assets_post_search_vector_update();
        CREATE INDEX IF NOT EXISTS media_assets_post_search_idx
            ON media_assets_post USING gin (search_vector);
        UPDATE media_assets_post SET title =
            title;
    """


def postgres_only(sql):
    """A RunPython function that executes ``sql`` only when the database is PostgreSQL."""

    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


BATCH = 2000


def fill_search_text(apps, schema_editor) -> None:
    Post = apps.get_model("media_assets", "Post")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    Featured = Post.featured_people.through
    content_type = ContentType.objects.filter(
        app_label="media_assets", model="post"
    ).first()
    ids = list(Post.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        parts = defaultdict(list)
        for pk, title in Post.objects.filter(pk__in=batch).values_list(
            "pk", "production__title"
        ):
            parts[pk].append(title)
        if content_type is not None:
            tagged = TaggedItem.objects.filter(
                content_type=content_type, object_id__in=batch
            ).order_by("tag__name")
            for pk, name in tagged.values_list("object_id", "tag__name"):
                parts[pk].append(name)
        featured = Featured.objects.filter(post_id__in=batch).order_by("person__name")
        for pk, name in featured.values_list("post_id", "person__name"):
            parts[pk].append(name)
        Post.objects.bulk_update(
            [Post(pk=pk, search_text=" ".join(words)) for pk, words in parts.items()],
            ["search_text"],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("media_assets", "0004_newest_first_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_text",
            field=models.TextField(blank=True, editable=False),
        ),
        # The trigger first, so that filling the column refreshes every vector.
        migrations.RunPython(
            postgres_only(WITH_SEARCH_TEXT), postgres_only(TITLE_AND_BODY)
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
