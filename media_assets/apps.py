from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete


class MediaAssetsConfig(AppConfig):
    name = "media_assets"
    verbose_name = "Behind the scenes"

    def ready(self) -> None:
        from taggit.models import Tag, TaggedItem

        from bts_catalog.caching import bump_content_version
        from bts_catalog.files import delete_files_with_rows
        from productions.models import Person, Production

        from . import search_text
        from .models import (
            PUBLIC_FILE_FIELDS,
            Caption,
            ImageRendition,
            MediaAsset,
            Post,
            VideoRendition,
        )

        delete_files_with_rows(MediaAsset, [*PUBLIC_FILE_FIELDS, "source"])
        delete_files_with_rows(VideoRendition, ["file"])
        delete_files_with_rows(ImageRendition, ["file"])
        delete_files_with_rows(Caption, ["file"])

        # Cached public pages are stale as soon as anything they show changes.
        for model in (Post, MediaAsset, VideoRendition, ImageRendition, Caption):
            for signal in (post_save, post_delete):
                signal.connect(bump_content_version, sender=model, weak=False)
        for relation in (Post.featured_people.through, Post.crafts.through):
            m2m_changed.connect(bump_content_version, sender=relation, weak=False)

        # Search finds a post by its production, tags and people too: the posts'
        # search text follows changes to those rows of the catalogue.
        post_save.connect(search_text.post_saved, sender=Post, weak=False)
        m2m_changed.connect(search_text.post_tags_changed, sender=TaggedItem)
        m2m_changed.connect(
            search_text.featured_people_changed, sender=Post.featured_people.through
        )
        post_save.connect(search_text.production_saved, sender=Production)
        post_save.connect(search_text.person_saved, sender=Person)
        post_save.connect(search_text.tag_saved, sender=Tag)
        pre_delete.connect(search_text.person_deleting, sender=Person)
        pre_delete.connect(search_text.tag_deleting, sender=Tag)
        post_delete.connect(search_text.deleted, sender=Person)
        post_delete.connect(search_text.deleted, sender=Tag)
