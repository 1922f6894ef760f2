"""Unique, readable slugs for catalogue records."""

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    field: str = "slug",
    instance_pk: int | None = None,
) -> str:
    """Return a slug for ``text`` that no other row of ``model`` uses.

    Titles with no ASCII letters fall back to the model's name; a clash gets the
    lowest free numeric suffix (``title-2``, ``title-3``, …).
    """
    max_length = model._meta.get_field(field).max_length or 50
    base = slugify(text)[: max_length - 8].strip("-") or model._meta.model_name
    taken = set(
        model._default_manager.filter(**{f"{field}__startswith": base})
        .exclude(pk=instance_pk)
        .values_list(field, flat=True)
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"
