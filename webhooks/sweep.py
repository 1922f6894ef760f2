"""The periodic work: Celery beat (``webhooks.tasks.deliver_due``) or cron
(``manage.py deliver_webhooks``) runs it; safe to run at any time."""

from .events import posts_announce_due
from .services import deliveries_retry_due


def webhooks_sweep() -> dict[str, int]:
    announced = posts_announce_due()
    return {"announced": announced, "attempted": deliveries_retry_due()}
