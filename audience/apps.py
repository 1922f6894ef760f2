from django.apps import AppConfig


class AudienceConfig(AppConfig):
    name = "audience"
    verbose_name = "Audience"

    def ready(self) -> None:
        # The layers below announce their events; this layer tells the people
        # concerned (see audience.notifications).
        from media_assets.signals import post_status_changed
        from productions.signals import account_created, claim_reviewed

        from . import emails, notifications

        post_status_changed.connect(
            notifications.post_status_changed, dispatch_uid="audience-post-status"
        )
        claim_reviewed.connect(
            notifications.claim_reviewed, dispatch_uid="audience-claim-reviewed"
        )
        account_created.connect(
            emails.account_created, dispatch_uid="audience-account-created"
        )
