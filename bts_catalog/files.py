"""Files in storage follow their rows: stored inside a rollback, deleted after commit.

A write that stores files runs inside :func:`files_rollback` (with
``transaction.atomic()`` inside it), so a failure leaves neither rows nor files.
A row that owns files, however it goes (a service, admin, the API, a queryset
delete or a cascade), takes its files along once the deletion commits and never
when it rolls back: each app registers its file-owning models with
:func:`delete_files_with_rows`.
"""

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete

_ledgers = threading.local()


def delete_files(names: Iterable[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def delete_files_on_commit(names: Iterable[str], using: str | None = None) -> None:
    """Remove files from storage once the current transaction has committed."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: delete_files(names), using=using)


@contextmanager
def files_rollback() -> Iterator[None]:
    """Delete every file stored (with :func:`store_file`) inside the block if the
    block raises: ``with files_rollback(), transaction.atomic():``."""
    stack = _ledgers.__dict__.setdefault("stack", [])
    ledger: list[str] = []
    stack.append(ledger)
    try:
        yield
    except BaseException:
        delete_files(ledger)
        raise
    finally:
        stack.pop()


def store_file(field_file, filename: str, content: bytes) -> None:
    """Save ``content`` into a model's file field (not the row), noting it for
    every enclosing :func:`files_rollback`."""
    field_file.save(filename, ContentFile(content), save=False)
    for ledger in getattr(_ledgers, "stack", []):
        ledger.append(field_file.name)


def file_names(instance: models.Model, fields: Sequence[str]) -> list[str]:
    """The names of the files ``instance`` keeps in these fields."""
    names = []
    for name in fields:
        field_file = getattr(instance, name)
        if field_file and field_file.name:
            names.append(field_file.name)
    return names


def delete_files_with_rows(model: type[models.Model], fields: Sequence[str]) -> None:
    """Delete these file fields' files whenever a ``model`` row is deleted."""

    def row_deleted(sender, instance, using, **kwargs) -> None:
        delete_files_on_commit(file_names(instance, fields), using=using)

    post_delete.connect(row_deleted, sender=model, weak=False)
