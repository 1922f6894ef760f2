from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = "Catalogue with its posts"

    def ready(self) -> None:
        from bts_catalog.roles import ensure_curators_group

        # The Curators group holds permissions of every app: made once all of them
        # have migrated (this app comes last).
        post_migrate.connect(ensure_curators_group, sender=self)
