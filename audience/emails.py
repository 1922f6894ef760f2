"""The emails that carry notifications: planned as rows first (an outbox), then
sent, so that nothing goes twice and a batch that stops half-way resumes.

Email goes only to an active user whose current address is verified (the one
exception: the message that verifies it). Nothing about a post that is not
public — still embargoed, or taken down — is written into an email to anyone but
its author, and that is checked again just before sending.

A row is claimed before it is sent: a pending row whose ``sent_at`` is set is
being sent by a worker since then, and no other worker takes it until that claim
is ``CLAIM_LEASE`` old (a worker that died mid-send). Sent, it is marked SENT and
never sent again; a failed attempt is recorded and the row waits for the next run.
"""

import datetime
import hashlib
from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from media_assets.models import Post

from .models import (
    EmailStatus,
    Frequency,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutboundEmail,
    VerifiedEmail,
)
from .selectors import email_verified

SITE_NAME = "BTS Catalog"
# After this many failed attempts an email is given up (FAILED).
MAX_ATTEMPTS = 5
# A claim older than this belongs to a worker that died mid-send.
CLAIM_LEASE = datetime.timedelta(minutes=15)
# A digest gathers notifications at most this many periods old; older ones stay
# in the site only (e.g. those of a user who verified their address only later).
DIGEST_LOOKBACK_PERIODS = 2

VERIFY_SALT = "audience.emails.verify-address"
VERIFY_MAX_AGE = datetime.timedelta(days=3)
# A user asking again within this time gets no second message.
VERIFY_RESEND_AFTER = datetime.timedelta(minutes=1)
UNSUBSCRIBE_SALT = "audience.emails.unsubscribe"
UNSUBSCRIBE_MAX_AGE = datetime.timedelta(days=90)


# --- Addresses and links ------------------------------------------------------------
def absolute_url(path: str, base_url: str | None = None) -> str:
    """``path`` on the site's public address (SITE_URL, unless ``base_url``)."""
    if not path or urlsplit(path).scheme:
        return path
    base = (base_url or settings.SITE_URL).rstrip("/")
    return f"{base}/{path.lstrip('/')}"


def can_email(user) -> bool:
    """True when ``user`` may be sent notification emails."""
    return user.is_active and email_verified(user)


def _public_post_ids(notifications) -> set[int]:
    post_ids = {n.post_id for n in notifications if n.post_id is not None}
    if not post_ids:
        return set()
    return set(
        Post.objects.published().filter(pk__in=post_ids).values_list("pk", flat=True)
    )


def _tellable(notifications) -> list[Notification]:
    """The notifications whose content may go into an email: about no post, about
    a public one, or about the recipient's own post (its review)."""
    public = _public_post_ids(notifications)
    return [
        n
        for n in notifications
        if n.post_id is None or n.post_id in public or n.post.author_id == n.user_id
    ]


# --- Signed links -------------------------------------------------------------------
def _signed_data(
    token: str, *, salt: str, max_age: datetime.timedelta, expired: str, invalid: str
) -> dict:
    """What a signed link carries; a ValidationError saying ``expired`` or
    ``invalid`` for a link that is too old, or was changed or cut short."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ValidationError(expired, code="expired") from error
    except signing.BadSignature as error:
        raise ValidationError(invalid, code="invalid") from error
    return data if isinstance(data, dict) else {}


def unsubscribe_token(*, user, kinds) -> str:
    """The secret of a one-click unsubscribe link for ``kinds`` of ``user``."""
    return signing.dumps(
        {"u": user.pk, "k": sorted({str(kind) for kind in kinds})},
        salt=UNSUBSCRIBE_SALT,
        compress=True,
    )


def unsubscribe_url(*, user, kinds) -> str:
    token = unsubscribe_token(user=user, kinds=kinds)
    return absolute_url(reverse("audience:unsubscribe", kwargs={"token": token}))


def unsubscribe_read(*, token: str) -> tuple:
    """The user and the kinds an unsubscribe link names; a ValidationError for a
    link that was changed or has expired."""
    data = _signed_data(
        token,
        salt=UNSUBSCRIBE_SALT,
        max_age=UNSUBSCRIBE_MAX_AGE,
        expired="This unsubscribe link has expired: links in our emails work for "
        "90 days. Sign in to choose which emails you get.",
        invalid="This unsubscribe link is not valid: it was changed or cut short. "
        "Use the whole link from the email, or sign in to choose which emails "
        "you get.",
    )
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    kinds = [kind for kind in data.get("k", []) if kind in NotificationKind.values]
    if user is None or not kinds:
        raise ValidationError(
            "This unsubscribe link is for an account that no longer exists.",
            code="invalid",
        )
    return user, [NotificationKind(kind) for kind in kinds]


def unsubscribe(*, token: str) -> tuple:
    """Follow an unsubscribe link: its kinds are told in the site only from now
    on. Returns the user and those kinds."""
    from .notifications import preferences_set

    user, kinds = unsubscribe_read(token=token)
    preferences_set(user=user, choices={kind: Frequency.SITE for kind in kinds})
    return user, kinds


def email_verification_token(*, user, address: str) -> str:
    return signing.dumps({"u": user.pk, "e": address}, salt=VERIFY_SALT)


def email_verification_send(*, user, request_or_base_url) -> OutboundEmail:
    """Send ``user`` a link that confirms their current address (the only email
    that goes to an address not yet verified), after the commit."""
    address = user.email
    if not address:
        raise ValidationError(
            "Your account has no email address to confirm.", code="no_address"
        )
    if isinstance(request_or_base_url, HttpRequest):
        base_url = request_or_base_url.build_absolute_uri("/")
    else:
        base_url = request_or_base_url or settings.SITE_URL
    now = timezone.now()
    recent = OutboundEmail.objects.filter(
        user=user,
        key__startswith=f"verify:{user.pk}:",
        to_address__iexact=address,
        created_at__gt=now - VERIFY_RESEND_AFTER,
    )
    if recent.exists():
        raise ValidationError(
            "We sent you a confirmation link a moment ago: look for it in your "
            "inbox (and your spam folder) before asking again.",
            code="too_soon",
        )
    token = email_verification_token(user=user, address=address)
    context = {
        "site_name": SITE_NAME,
        "site_url": absolute_url("/", base_url),
        "user": user,
        "address": address,
        "verify_url": absolute_url(
            reverse("audience:email-verify", kwargs={"token": token}), base_url
        ),
        "max_age_days": VERIFY_MAX_AGE.days,
    }
    email = OutboundEmail.objects.create(
        user=user,
        key=f"verify:{user.pk}:{now:%Y%m%d%H%M%S%f}",
        to_address=address,
        subject=f"Confirm your email address for {SITE_NAME}",
        body_text=render_to_string("audience/email/verify.txt", context),
        body_html=render_to_string("audience/email/verify.html", context),
        created_at=now,
    )
    emails_send_soon([email.pk])
    return email


def account_created(*, user, request=None, **_) -> None:
    """A new account with an address is sent the link that verifies it."""
    if user.email:
        email_verification_send(user=user, request_or_base_url=request)


def email_verify(*, token: str):
    """Record the address a verification link names as the user's verified one;
    returns the user. A ValidationError for a link that was changed, has expired
    or names an address the account no longer has."""
    data = _signed_data(
        token,
        salt=VERIFY_SALT,
        max_age=VERIFY_MAX_AGE,
        expired="This confirmation link has expired: links work for 3 days. Sign "
        "in and ask for a new one.",
        invalid="This confirmation link is not valid: it was changed or cut short. "
        "Use the whole link from the email, or sign in and ask for a new one.",
    )
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    address = data.get("e", "")
    if user is None:
        raise ValidationError(
            "This confirmation link is for an account that no longer exists.",
            code="invalid",
        )
    if not user.email or user.email.lower() != address.lower():
        raise ValidationError(
            "This confirmation link is for an address your account no longer "
            "uses. Sign in and ask for a link to your current address.",
            code="address_changed",
        )
    VerifiedEmail.objects.update_or_create(
        user=user, defaults={"email": address, "verified_at": timezone.now()}
    )
    return user


# --- Composing ----------------------------------------------------------------------
def _item(notification: Notification) -> dict:
    return {
        "message": notification.message,
        "detail": notification.detail,
        "url": absolute_url(notification.url or "/"),
        "created_at": notification.created_at,
        "kind": notification.get_kind_display(),
    }


def _compose(*, user, notifications: list[Notification], frequency: Frequency):
    """Subject, bodies and unsubscribe link of the email that carries
    ``notifications``: one at once, or a digest."""
    kinds = {n.kind for n in notifications}
    unsubscribe = unsubscribe_url(user=user, kinds=kinds)
    context = {
        "site_name": SITE_NAME,
        "site_url": absolute_url("/"),
        "user": user,
        "items": [_item(n) for n in notifications],
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute_url(reverse("audience:notification-settings")),
        "kinds": sorted(NotificationKind(kind).label for kind in kinds),
        "frequency": frequency,
    }
    if frequency.is_digest:
        period = "daily" if frequency == Frequency.DAILY else "weekly"
        count = len(notifications)
        subject = (
            f"Your {period} {SITE_NAME} digest: {count} new "
            f"{'notification' if count == 1 else 'notifications'}"
        )
        context["period"] = period
        template = "audience/email/digest"
    else:
        subject = notifications[0].message
        context["item"] = context["items"][0]
        template = "audience/email/notification"
    return {
        "subject": subject[:250],
        "body_text": render_to_string(f"{template}.txt", context),
        "body_html": render_to_string(f"{template}.html", context),
        "unsubscribe_url": unsubscribe,
    }


def email_plan_immediate(*, notification: Notification) -> OutboundEmail | None:
    """The email of one notification, planned once; None (and nothing planned)
    when the user is inactive or has no verified address, or when it is about a
    post that is not public."""
    user = notification.user
    if not can_email(user) or not _tellable([notification]):
        return None
    key = f"notification:{notification.pk}"
    email = OutboundEmail.objects.filter(key=key).first()
    if email is None:
        email, _ = OutboundEmail.objects.get_or_create(
            key=key,
            defaults={
                "user": user,
                "to_address": user.email,
                **_compose(
                    user=user,
                    notifications=[notification],
                    frequency=Frequency.IMMEDIATE,
                ),
            },
        )
    Notification.objects.filter(pk=notification.pk).update(email=email)
    notification.email = email
    return email


def _period(frequency: Frequency, now: datetime.datetime) -> str:
    """The name of the period ``now`` falls in: its day, or its ISO week."""
    day = timezone.localtime(now).date()
    if frequency == Frequency.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    return day.isoformat()


def _with_frequency(frequency: Frequency) -> Q:
    """Notifications of the kinds their user gets with ``frequency``: chosen so,
    or left at a default that is so."""
    chosen = NotificationPreference.objects.filter(
        user=OuterRef("user"), kind=OuterRef("kind")
    )
    condition = Q(Exists(chosen.filter(frequency=frequency)))
    defaults = [
        kind for kind in NotificationKind if kind.default_frequency == frequency
    ]
    if defaults:
        condition |= Q(kind__in=defaults) & ~Q(Exists(chosen))
    return condition


def emails_plan_digests(*, now: datetime.datetime | None = None) -> int:
    """Plan the daily and weekly digests that are due; returns how many.

    The rule: each user gets at most one digest per frequency and period (a
    calendar day, or an ISO week, in the site's time zone). The first run in a
    period gathers every notification of the kinds the user gets in that digest
    that was made before ``now`` and has not been emailed (at most
    ``DIGEST_LOOKBACK_PERIODS`` periods old); what arrives after that waits for
    the next period's digest. Planning is keyed by user and period, so running it
    again in the same period plans nothing.

    Users who cannot be emailed (inactive, or no verified address) get nothing,
    and their notifications stay in the site. Notifications about a post that is
    not public any more are carried by the digest without their content; a
    digest left with nothing to tell is recorded as SKIPPED.
    """
    now = now or timezone.now()
    planned = 0
    for frequency in (Frequency.DAILY, Frequency.WEEKLY):
        period = _period(frequency, now)
        due = (
            Notification.objects.not_emailed()
            .filter(
                _with_frequency(frequency),
                created_at__lt=now,
                created_at__gte=now - DIGEST_LOOKBACK_PERIODS * frequency.period,
            )
            .exclude(
                user_id__in=OutboundEmail.objects.filter(
                    key__startswith=f"digest:{frequency}:",
                    key__endswith=f":{period}",
                ).values("user_id")
            )
            .select_related("user", "post")
            .order_by("user_id", "created_at", "pk")
        )
        by_user: dict[int, list[Notification]] = defaultdict(list)
        for notification in due:
            by_user[notification.user_id].append(notification)
        for notifications in by_user.values():
            if _plan_digest(notifications, frequency, period):
                planned += 1
    return planned


def _plan_digest(
    notifications: list[Notification], frequency: Frequency, period: str
) -> bool:
    user = notifications[0].user
    if not can_email(user):
        return False
    tellable = _tellable(notifications)
    fields = {"user": user, "to_address": user.email}
    if tellable:
        fields |= _compose(user=user, notifications=tellable, frequency=frequency)
    else:
        fields |= {
            "subject": f"Your {SITE_NAME} digest",
            "body_text": "",
            "status": EmailStatus.SKIPPED,
        }
    with transaction.atomic():
        email, created = OutboundEmail.objects.get_or_create(
            key=f"digest:{frequency}:{user.pk}:{period}", defaults=fields
        )
        if not created:  # another run planned it meanwhile
            return False
        Notification.objects.filter(
            pk__in=[n.pk for n in notifications], email__isnull=True
        ).update(email=email)
    return email.status == EmailStatus.PENDING


# --- Sending ------------------------------------------------------------------------
def _message_id(key: str) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    digest = hashlib.sha256(f"{host}:{key}".encode()).hexdigest()[:32]
    return f"<{digest}.notification@{host}>"


def _claim(email: OutboundEmail) -> OutboundEmail | None:
    """Take ``email`` for this worker; None when it is sent, given up, or being
    sent by another worker."""
    now = timezone.now()
    claimed = (
        OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.PENDING)
        .filter(Q(sent_at__isnull=True) | Q(sent_at__lt=now - CLAIM_LEASE))
        .update(sent_at=now)
    )
    if not claimed:
        return None
    return OutboundEmail.objects.select_related("user").get(pk=email.pk)


def _still_tellable(email: OutboundEmail) -> bool:
    """Check a notification email again before it goes: its user may still be
    emailed, and it says nothing about a post that has stopped being public
    (rewritten without it, when it is a digest). False when nothing is left."""
    if not email.key.startswith(("notification:", "digest:")):
        return True  # an address verification
    if (
        not can_email(email.user)
        or email.user.email.lower() != email.to_address.lower()
    ):
        return False
    carried = list(email.notifications.select_related("post").order_by("created_at"))
    tellable = _tellable(carried)
    if not tellable:
        return False
    if len(tellable) < len(carried):
        frequency = (
            Frequency(email.key.split(":")[1])
            if email.key.startswith("digest:")
            else Frequency.IMMEDIATE
        )
        for field, value in _compose(
            user=email.user, notifications=tellable, frequency=frequency
        ).items():
            setattr(email, field, value)
        email.save(
            update_fields=["subject", "body_text", "body_html", "unsubscribe_url"]
        )
    return True


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    headers = {"Message-ID": _message_id(email.key)}
    if email.unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{email.unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers=headers,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    return message


def email_send(*, email: OutboundEmail) -> bool:
    """Send one planned email unless it was sent already (or another worker is
    sending it); True when sent now. A failed attempt is recorded and the email
    stays pending, until MAX_ATTEMPTS make it FAILED."""
    email = _claim(email)
    if email is None:
        return False
    if not _still_tellable(email):
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=EmailStatus.SKIPPED, sent_at=None
        )
        return False
    try:
        _message(email).send()
    except OSError as error:  # smtplib's errors included
        attempts = email.attempts + 1
        OutboundEmail.objects.filter(pk=email.pk).update(
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            sent_at=None,
            status=EmailStatus.FAILED
            if attempts >= MAX_ATTEMPTS
            else EmailStatus.PENDING,
        )
        return False
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENT,
        attempts=F("attempts") + 1,
        last_error="",
        sent_at=timezone.now(),
    )
    return True


def emails_send(ids) -> int:
    """Send these planned emails (those still pending); returns how many went."""
    sent = 0
    for email in OutboundEmail.objects.filter(pk__in=list(ids)).order_by(
        "created_at", "pk"
    ):
        sent += email_send(email=email)
    return sent


def emails_send_pending(*, limit: int | None = None) -> int:
    """Send the pending emails, oldest first; returns how many went."""
    pending = OutboundEmail.objects.pending().order_by("created_at", "pk")
    ids = list(pending.values_list("pk", flat=True)[:limit])
    return emails_send(ids)


def emails_send_soon(ids: list[int]) -> None:
    """Send these planned emails after the commit: in a worker when a broker is
    configured, else in this process."""
    ids = list(ids)
    if not ids:
        return
    if settings.CELERY_BROKER_URL:
        from .tasks import send_emails

        transaction.on_commit(lambda: send_emails.delay(ids))
    else:
        transaction.on_commit(lambda: emails_send(ids))


def notifications_deliver(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """The email batch (a beat task, or cron's ``send_notifications``): announce
    the posts whose embargo ended, plan the digests due, send what is pending."""
    from .notifications import posts_announce_due

    now = now or timezone.now()
    return {
        "announced": posts_announce_due(now=now),
        "digests": emails_plan_digests(now=now),
        "sent": emails_send_pending(),
    }
