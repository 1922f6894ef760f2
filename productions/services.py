"""Writes to the catalogue that go beyond a single form save."""

from django.db.models import QuerySet

from .models import Credit


def credits_verify(*, credits: QuerySet[Credit], verified: bool = True) -> int:
    """Mark credits as confirmed (or not) by a curator; returns how many changed."""
    return credits.exclude(is_verified=verified).update(is_verified=verified)
