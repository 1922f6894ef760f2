"""The emails that carry notifications: planned as rows first (an outbox), then
sent, so that nothing goes twice and a batch that stops half-way resumes."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import EmailStatus, Notification, OutboundEmail, VerifiedEmail


def has_verified_address(user) -> bool:
    verified = VerifiedEmail.objects.filter(user=user).first()
    return verified is not None and verified.covers(user)


def email_plan_immediate(*, notification: Notification) -> OutboundEmail | None:
    """The email of one notification, planned once; None when the user has no
    verified address."""
    user = notification.user
    if not has_verified_address(user):
        return None
    email, _ = OutboundEmail.objects.get_or_create(
        key=f"notification:{notification.pk}",
        defaults={
            "user": user,
            "to_address": user.email,
            "subject": notification.message[:250],
            "body_text": notification.message,
        },
    )
    Notification.objects.filter(pk=notification.pk).update(email=email)
    return email


def email_send(*, email: OutboundEmail) -> bool:
    """Send one planned email unless it was sent already; True when sent now."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email.pk).first()
        if email is None or email.status != EmailStatus.PENDING:
            return False
        message = EmailMultiAlternatives(
            subject=email.subject,
            body=email.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to_address],
        )
        message.send()
        email.status, email.sent_at = EmailStatus.SENT, timezone.now()
        email.attempts += 1
        email.save(update_fields=["status", "sent_at", "attempts"])
    return True


def emails_send_soon(ids: list[int]) -> None:
    """Send these planned emails after the commit."""
    if not ids:
        return

    def send() -> None:
        for email in OutboundEmail.objects.filter(pk__in=ids):
            email_send(email=email)

    transaction.on_commit(send)
