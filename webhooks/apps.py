from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # The layers below announce their events; this layer tells the endpoints
        # that asked for them (see webhooks.events).
        from django.db.models.signals import post_save, pre_delete

        from media_assets.models import Post
        from media_assets.signals import post_status_changed
        from productions.models import Credit, Production

        from . import events

        post_status_changed.connect(
            events.post_status_changed, dispatch_uid="webhooks-post-status"
        )
        post_save.connect(events.post_saved, sender=Post, dispatch_uid="webhooks-post")
        pre_delete.connect(
            events.post_deleting, sender=Post, dispatch_uid="webhooks-post-delete"
        )
        post_save.connect(
            events.production_saved,
            sender=Production,
            dispatch_uid="webhooks-production",
        )
        pre_delete.connect(
            events.production_deleting,
            sender=Production,
            dispatch_uid="webhooks-production-delete",
        )
        post_save.connect(
            events.credit_saved, sender=Credit, dispatch_uid="webhooks-credit"
        )
        pre_delete.connect(
            events.credit_deleting,
            sender=Credit,
            dispatch_uid="webhooks-credit-delete",
        )
