"""``manage.py process_videos``: make playable every video still waiting.

Videos are processed by a Celery worker when a broker is configured, or right
after their upload otherwise. This command catches up on any left behind (a
worker that was down, videos stored before processing existed): run it by hand or
from cron. ``--failed`` also tries again those that failed.
"""

from django.core.management.base import BaseCommand

from media_assets.models import MediaAsset, MediaKind, MediaStatus
from media_assets.services import media_asset_mark_failed, media_asset_transcode


class Command(BaseCommand):
    help = "Process the video files that are not playable yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--failed", action="store_true", help="Also retry videos that failed."
        )

    def handle(self, *args, failed: bool = False, verbosity: int = 1, **options):
        statuses = [MediaStatus.PROCESSING] + ([MediaStatus.FAILED] if failed else [])
        waiting = MediaAsset.objects.filter(
            kind=MediaKind.VIDEO_FILE, status__in=statuses
        ).exclude(source="")
        ready = broken = 0
        for asset in waiting.order_by("pk").iterator():
            if asset.status == MediaStatus.FAILED:
                MediaAsset.objects.filter(pk=asset.pk).update(
                    status=MediaStatus.PROCESSING
                )
            try:
                media_asset_transcode(asset=asset)
            except Exception as error:  # noqa: BLE001 - recorded, then the next one
                media_asset_mark_failed(asset=asset, reason=error)
                broken += 1
                self.stderr.write(f"Video {asset.pk}: {error}")
            else:
                ready += 1
        if verbosity:
            self.stdout.write(f"{ready} video(s) ready, {broken} failed.")
