"""Background work of the webhooks: one delivery attempt (its retries are
scheduled with exponential backoff by the attempt that failed), and the sweep
Celery beat runs every minute."""

from celery import shared_task

from bts_catalog.celery import RETRIED

from .services import delivery_attempt


@shared_task(**RETRIED)
def deliver(delivery_id: int) -> str | None:
    """Attempt one delivery if it is due; safe to run any number of times."""
    delivery = delivery_attempt(delivery_id=delivery_id)
    return delivery.status if delivery else None


@shared_task(**RETRIED)
def deliver_due() -> dict[str, int]:
    """Announce ended embargoes and attempt the deliveries that are due (a retry
    whose task was lost, too)."""
    from .sweep import webhooks_sweep

    return webhooks_sweep()
