"""Indexes for deep pages and big tags: a list's skipped rows read from an index
alone, and a tag's items of one kind found without reading the others'."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("productions", "0011_platforms_become_versions"),
        (
            "taggit",
            "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx",
        ),
    ]

    operations = [
        migrations.AddIndex(
            model_name="production",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["title", "id"],
                name="production_current_title_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="production",
            index=models.Index(
                condition=models.Q(("merged_into__isnull", True)),
                fields=["kind", "title", "id"],
                name="production_current_kind_idx",
            ),
        ),
        # taggit's own indexes lead with the content type: finding the few
        # productions of a tag that thousands of posts carry read them all.
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS taggeditem_tag_kind_idx "
            "ON taggit_taggeditem (tag_id, content_type_id, object_id)",
            "DROP INDEX IF EXISTS taggeditem_tag_kind_idx",
        ),
    ]
