"""Template filters for media: how long a video lasts, a picture's srcset, and
before/after pairs."""

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


@register.filter
def srcset(sources) -> str:
    """Image renditions → ``url 480w, url 800w`` for a srcset attribute."""
    return ", ".join(f"{source.file.url} {source.width}w" for source in sources)


@register.filter
def with_afters(media) -> list[tuple]:
    """A post's media as a page shows them: each with its "after" picture (or
    None), the "after" pictures not again on their own. Uses the media already
    fetched; no query."""
    media = list(media)
    present = {asset.pk for asset in media}
    afters = {
        asset.after_of_id: asset
        for asset in media
        if asset.after_of_id is not None and asset.after_of_id in present
    }
    paired = {after.pk for after in afters.values()}
    return [(asset, afters.get(asset.pk)) for asset in media if asset.pk not in paired]
