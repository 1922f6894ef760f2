"""Unique, readable slugs for catalogue records."""

import secrets
from collections.abc import Callable

from django.db import IntegrityError, models, transaction
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


def save_with_unique_slug(
    instance: models.Model, text: str, save: Callable[[], None], attempts: int = 5
) -> None:
    """Give ``instance`` a free slug made from ``text`` and save it.

    Two requests saving the same title at once can both see a slug as free; the
    database's unique index lets one win, and the other tries the next free slug
    instead of failing.
    """
    model = type(instance)
    max_length = model._meta.get_field("slug").max_length or 50
    for attempt in range(attempts):
        slug = unique_slug(model, text, instance_pk=instance.pk)
        if attempt >= 2:
            # After two lost races, stop queueing for the next number: add a tag.
            slug = f"{slug[: max_length - 7]}-{secrets.token_hex(3)}"
        instance.slug = slug
        try:
            with transaction.atomic():
                save()
        except IntegrityError:
            clash = (
                model._default_manager.filter(slug=instance.slug)
                .exclude(pk=instance.pk)
                .exists()
            )
            if not clash or attempt == attempts - 1:
                raise
        else:
            return
