"""Background work of the audience side: the notification email batch (run by
Celery beat every minute when a broker is configured) and sending given emails."""

from celery import shared_task

from bts_catalog.celery import RETRIED

from .emails import emails_send, notifications_deliver


@shared_task(**RETRIED)
def deliver_notifications() -> dict[str, int]:
    """Announce ended embargoes, plan due digests, send what is pending; safe to
    run any number of times."""
    return notifications_deliver()


@shared_task(**RETRIED)
def send_emails(email_ids: list[int]) -> int:
    """Send these planned emails unless already sent; safe to run again."""
    return emails_send(email_ids)
