"""Files in storage follow their rows: stored inside a rollback, deleted after commit.

A write that stores files runs inside :func:`files_rollback` (with
``transaction.atomic()`` inside it), so a failure leaves neither rows nor files.
A row that owns files, however it goes (a service, admin, the API, a queryset
delete or a cascade), takes its files along once the deletion commits and never
when it rolls back: each app registers its file-owning models with
:func:`delete_files_with_rows`.
"""

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import models, transaction
from django.db.models.signals import post_delete

_ledgers = threading.local()


# A stored file: a name in a storage (a plain name means the default storage).
StoredFile = tuple[Storage, str] | str


def delete_files(files: Iterable[StoredFile]) -> None:
    for item in files:
        storage, name = item if isinstance(item, tuple) else (storages["default"], item)
        if name:
            storage.delete(name)


def delete_files_on_commit(
    files: Iterable[StoredFile], using: str | None = None
) -> None:
    """Remove files from storage once the current transaction has committed."""
    files = [item for item in files if item]
    if files:
        transaction.on_commit(lambda: delete_files(files), using=using)


@contextmanager
def files_rollback() -> Iterator[None]:
    """Delete every file stored (with :func:`store_file`) inside the block if the
    block raises: ``with files_rollback(), transaction.atomic():``."""
    stack = _ledgers.__dict__.setdefault("stack", [])
    ledger: list[StoredFile] = []
    stack.append(ledger)
    try:
        yield
    except BaseException:
        delete_files(ledger)
        raise
    finally:
        stack.pop()


def store_file(field_file, filename: str, content: bytes | File) -> None:
    """Save ``content`` (bytes, or a File that is copied in chunks) into a model's
    file field (not the row), noting it for every enclosing :func:`files_rollback`."""
    if isinstance(content, bytes):
        content = ContentFile(content)
    field_file.save(filename, content, save=False)
    for ledger in getattr(_ledgers, "stack", []):
        ledger.append((field_file.storage, field_file.name))


def file_names(instance: models.Model, fields: Sequence[str]) -> list[str]:
    """The names of the files ``instance`` keeps in these fields."""
    return [name for _, name in stored_files(instance, fields)]


def stored_files(instance: models.Model, fields: Sequence[str]) -> list[StoredFile]:
    """The files ``instance`` keeps in these fields, each with its storage."""
    found = []
    for name in fields:
        field_file = getattr(instance, name)
        if field_file and field_file.name:
            found.append((field_file.storage, field_file.name))
    return found


def delete_files_with_rows(model: type[models.Model], fields: Sequence[str]) -> None:
    """Delete these file fields' files whenever a ``model`` row is deleted."""

    def row_deleted(sender, instance, using, **kwargs) -> None:
        delete_files_on_commit(stored_files(instance, fields), using=using)

    post_delete.connect(row_deleted, sender=model, weak=False)


class PrivateFileStorage(FileSystemStorage):
    """Files kept on disk under PRIVATE_MEDIA_ROOT and never served by URL (the
    originals of videos, say), wherever settings point it at the time."""

    def __init__(self, **kwargs) -> None:
        super().__init__(base_url=None, **kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name) -> str:
        raise ValueError("Private files have no public address.")


def private_storage() -> Storage:
    """The storage of files that are never public (STORAGES["private"])."""
    return storages["private"]
