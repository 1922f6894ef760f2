"""``manage.py deliver_webhooks``: the webhook sweep, for cron where no Celery
broker (and so no beat) is configured. Safe to run at any time."""

from django.core.management.base import BaseCommand

from webhooks.sweep import webhooks_sweep


class Command(BaseCommand):
    help = (
        "Announce posts whose embargo ended and attempt every webhook delivery "
        "that is due (first attempts and retries)."
    )

    def handle(self, *args, **options) -> None:
        counts = webhooks_sweep()
        self.stdout.write(
            f"{counts['announced']} posts announced, "
            f"{counts['attempted']} deliveries attempted."
        )
