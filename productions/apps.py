from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class ProductionsConfig(AppConfig):
    name = "productions"
    verbose_name = "Catalogue"

    def ready(self) -> None:
        from taggit.models import TaggedItem

        from bts_catalog.caching import bump_content_version
        from bts_catalog.files import delete_files_with_rows

        from .models import (
            Credit,
            Department,
            Episode,
            Person,
            Production,
            Role,
            Season,
        )

        delete_files_with_rows(Production, ["poster"])
        delete_files_with_rows(Person, ["photo"])

        # Cached public pages are stale as soon as anything they show changes.
        # (Bulk .update() calls bump the version themselves: see the services.)
        for model in (
            Production,
            Person,
            Credit,
            Department,
            Role,
            Season,
            Episode,
            TaggedItem,
        ):
            for signal in (post_save, post_delete):
                signal.connect(bump_content_version, sender=model, weak=False)
