"""Template filters for media: how long a video lasts."""

from django import template

register = template.Library()


@register.filter
def duration(seconds: float | None) -> str:
    """``75.4`` → ``1:15``; ``3725`` → ``1:02:05``; empty for none."""
    if seconds is None:
        return ""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def iso_duration(seconds: float | None) -> str:
    """``75.4`` → ``PT1M15S`` (ISO 8601, for <time datetime> and schema data)."""
    if seconds is None:
        return ""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{secs}S"
