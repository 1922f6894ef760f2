"""Posts keep their production's title, tag names and featured people's names in
``search_text``, which the PostgreSQL search trigger now folds into the vector."""

from collections import defaultdict

from django.db import migrations, models

from bts_catalog.search import PostgresOnlySQL, trigger_sql

with_search_text, _ = trigger_sql(
    "media_assets_post", {"title": "A", "search_text": "B", "body": "C"}
)
title_and_body, _ = trigger_sql("media_assets_post", {"title": "A", "body": "B"})
post_search = PostgresOnlySQL(with_search_text, title_and_body)

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
        migrations.RunPython(post_search.forward, post_search.backward),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
