"""Background work for media: renditions and post search text, made by Celery
workers when a broker is configured."""

from celery import Task, shared_task

from bts_catalog.celery import RETRIED

from .models import MediaAsset
from .search_text import refresh_post_search_text
from .services import (
    media_asset_add_renditions,
    media_asset_mark_failed,
    media_asset_transcode,
)


@shared_task(**RETRIED)
def make_asset_renditions(asset_id: int) -> bool:
    """Make the missing or due renditions of one image; safe to run any number of
    times."""
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is None:  # deleted before the worker got to it
        return False
    return media_asset_add_renditions(asset=asset)


@shared_task(**RETRIED)
def refresh_post_search_text_task(post_ids: list[int]) -> int:
    """Recompute the search text of these posts; safe to run any number of times."""
    return refresh_post_search_text(post_ids)


class VideoTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        # Retries are spent (or the error is not worth retrying): say why.
        asset = MediaAsset.objects.filter(pk=args[0]).first()
        if asset is not None:
            media_asset_mark_failed(asset=asset, reason=exc)


@shared_task(
    base=VideoTask, **{**RETRIED, "autoretry_for": (Exception,), "max_retries": 2}
)
def transcode_video(asset_id: int) -> bool:
    """Make a video's MP4s and poster; safe to run any number of times."""
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is None:  # deleted before the worker got to it
        return False
    return media_asset_transcode(asset=asset)
