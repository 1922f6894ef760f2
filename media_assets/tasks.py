"""Background work for media: renditions made by Celery workers."""

from celery import shared_task

from .models import MediaAsset
from .services import media_asset_add_renditions


@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    acks_late=True,
)
def make_asset_renditions(asset_id: int) -> bool:
    """Make the missing renditions of one image; safe to run any number of times."""
    asset = MediaAsset.objects.filter(pk=asset_id).first()
    if asset is None:  # deleted before the worker got to it
        return False
    return media_asset_add_renditions(asset=asset)
