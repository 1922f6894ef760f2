"""``manage.py process_images``: make every picture's missing or due renditions.

Pictures get their sizes in a Celery worker when a broker is configured, or while
they are uploaded otherwise. This command catches up on any left behind: pictures
stored before a size or format existed, a worker that was down, a focal point or
projection changed while no worker ran. Run it by hand, after an upgrade, or from
cron; running it again does nothing more.
"""

from django.core.management.base import BaseCommand, CommandError

from media_assets.models import MediaAsset
from media_assets.services import media_asset_add_renditions


class Command(BaseCommand):
    help = "Make the renditions pictures lack (sizes, formats, crops)."

    def handle(self, *args, verbosity: int = 1, **options):
        made = broken = 0
        waiting = MediaAsset.objects.needing_renditions().order_by("pk")
        for asset in waiting.iterator():
            try:
                if media_asset_add_renditions(asset=asset):
                    made += 1
            except Exception as error:  # noqa: BLE001 - reported, then the next one
                broken += 1
                self.stderr.write(f"Picture {asset.pk}: {error}")
        if verbosity:
            self.stdout.write(f"{made} picture(s) rendered, {broken} failed.")
        if broken:
            raise CommandError(f"{broken} picture(s) could not be rendered.")
