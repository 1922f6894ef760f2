from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MediaAssetsConfig(AppConfig):
    name = "media_assets"
    verbose_name = "Behind the scenes"

    def ready(self) -> None:
        from bts_catalog.roles import ensure_curators_group

        # Permissions only exist once every app has migrated, hence post_migrate.
        post_migrate.connect(ensure_curators_group, sender=self)
