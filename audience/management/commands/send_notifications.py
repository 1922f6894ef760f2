"""``manage.py send_notifications``: the notification email batch, for cron where
no Celery broker (and so no beat) is configured. Safe to run at any time."""

from django.core.management.base import BaseCommand

from audience.emails import notifications_deliver


class Command(BaseCommand):
    help = (
        "Announce posts whose embargo ended, plan the daily and weekly digests "
        "that are due and send every pending notification email."
    )

    def handle(self, *args, **options) -> None:
        counts = notifications_deliver()
        self.stdout.write(
            f"{counts['announced']} notified of newly public posts, "
            f"{counts['digests']} digests planned, {counts['sent']} emails sent."
        )
