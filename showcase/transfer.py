"""Moving the catalogue in and out as files: a JSON export of everything, and an
import (JSON, or CSV with one kind of row per file) that creates or updates by slug.

The import checks every row with the models' own ``full_clean()``, so a file is
held to the same rules as admin; each row is written in a savepoint of its own, so
a refused row never takes the good ones down with it.
"""

import csv
import datetime
import enum
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    SuspiciousFileOperation,
    ValidationError,
)
from django.core.files.utils import validate_file_name
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag
from taggit.utils import parse_tags

from bts_catalog import db_router
from media_assets.models import MediaAsset, MediaKind, Post
from productions.models import Credit, Department, Person, Production, Role

FORMAT_NAME = "bts-catalogue"
FORMAT_VERSION = 1
# Admin refuses bigger uploads; the command reads any file it is given.
IMPORT_MAX_BYTES = getattr(settings, "CATALOGUE_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
# Long values are cut in the report so that a huge cell cannot flood it.
_SHOWN_CHARS = 80


class TransferError(Exception):
    """The file as a whole cannot be read: nothing in it was imported."""


class Outcome(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"


@dataclass(frozen=True)
class ReportLine:
    """What happened to one row (or one section) of the file, and why."""

    where: str
    kind: str
    key: str
    outcome: Outcome
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.where}: {self.outcome} {self.kind}"
        if self.key:
            text += f" {self.key}"
        if self.detail and self.outcome == Outcome.UPDATED:
            text += f" (changed: {self.detail})"
        elif self.detail:
            text += f" — {self.detail}"
        return text


@dataclass
class ImportReport:
    lines: list[ReportLine] = field(default_factory=list)
    dry_run: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for line in self.lines if line.outcome == outcome)

    @property
    def summary(self) -> str:
        counts = ", ".join(f"{self.count(outcome)} {outcome}" for outcome in Outcome)
        text = f"Summary: {counts}."
        if self.dry_run:
            text += " Dry run: nothing was written."
        return text

    def __str__(self) -> str:
        return "\n".join([*map(str, self.lines), self.summary])


@dataclass(frozen=True)
class SourceRow:
    """One row as read from the file; ``textual`` rows come from CSV cells."""

    where: str
    values: Any
    textual: bool = False
    problem: str = ""


@dataclass
class CatalogueDocument:
    """A parsed file: rows by section, and the sections refused whole."""

    rows: dict[str, list[SourceRow]] = field(default_factory=dict)
    problems: list[ReportLine] = field(default_factory=list)


# --- The kinds of rows ------------------------------------------------------------
@dataclass(frozen=True)
class RowKind:
    name: str
    section: str
    model: type[models.Model]
    fields: tuple[str, ...]

    def model_field(self, name: str) -> Any:
        return self.model._meta.get_field(name)


PRODUCTIONS = RowKind(
    "production",
    "productions",
    Production,
    (
        "slug",
        "title",
        "kind",
        "status",
        "synopsis",
        "release_date",
        "studio",
        "venue",
        "platforms",
        "poster",
        "website",
        "imdb_id",
        "tmdb_id",
        "igdb_id",
        "tags",
    ),
)
PEOPLE = RowKind(
    "person",
    "people",
    Person,
    (
        "slug",
        "name",
        "bio",
        "photo",
        "user",
        "website",
        "imdb_id",
        "instagram_handle",
    ),
)
CREDITS = RowKind(
    "credit",
    "credits",
    Credit,
    (
        "production",
        "person",
        "role",
        "character",
        "credited_as",
        "billing_order",
        "is_verified",
    ),
)
POSTS = RowKind(
    "post",
    "posts",
    Post,
    (
        "slug",
        "production",
        "title",
        "body",
        "kind",
        "phase",
        "happened_on",
        "source_platform",
        "source_url",
        "provenance",
        "author",
        "featured_people",
        "crafts",
        "status",
        "published_at",
        "is_featured",
        "moderation_note",
        "tags",
    ),
)
MEDIA = RowKind(
    "media",
    "media",
    MediaAsset,
    (
        "post",
        "kind",
        "file",
        "embed_url",
        "thumbnail",
        "card",
        "large",
        "caption",
        "alt_text",
        "credited_to",
        "width",
        "height",
        "sha256",
        "position",
        "focal_x",
        "focal_y",
        "taken_at",
        "camera_make",
        "camera_model",
        "lens",
        "focal_length_mm",
        "aperture",
        "shutter",
        "iso",
        "capture_public",
        "projection",
    ),
)
# In the order they are imported: each kind refers only to the ones before it.
ROW_KINDS = (PRODUCTIONS, PEOPLE, CREDITS, POSTS, MEDIA)
KINDS_BY_SECTION = {kind.section: kind for kind in ROW_KINDS}
# Read for reference only: the vocabulary is curated in admin and seeded by migration.
REFERENCE_SECTIONS = ("departments", "roles")
_SINGULAR = {"production": "productions", "person": "people", "credit": "credits"}
_SINGULAR |= {"post": "posts"}

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_WHOLE_NUMBER = re.compile(r"^[+-]?\d{1,40}$")
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}


def _shown(text: Any) -> str:
    text = str(text)
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        type(None): "null",
    }.get(type(value), type(value).__name__)


# --- Export -------------------------------------------------------------------------
def _export_value(instance: models.Model, kind: RowKind, name: str) -> Any:
    model_field = kind.model_field(name)
    if isinstance(model_field, TaggableManager):
        return sorted(tag.name for tag in instance.tags.all())
    if model_field.many_to_many:
        return sorted(item.slug for item in getattr(instance, name).all())
    value = getattr(instance, name)
    if model_field.many_to_one or model_field.one_to_one:
        return None if value is None else getattr(value, _lookup_field(model_field))
    if isinstance(model_field, models.FileField):
        return value.name or ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _export_rows(kind: RowKind, queryset: models.QuerySet) -> list[dict[str, Any]]:
    return [
        {name: _export_value(instance, kind, name) for name in kind.fields}
        for instance in queryset
    ]


def catalogue_export() -> dict[str, Any]:
    """Everything in the catalogue, keyed by slugs, in a stable order.

    Timestamps, ids and derived values (rendered Markdown, search vectors) are
    left out, so that the same catalogue always exports to the same document.
    """
    media = _export_rows(
        MEDIA, MediaAsset.objects.select_related("post", "credited_to")
    )
    # Two rows may share post, position and file (embeds); the whole row decides.
    media.sort(
        key=lambda row: (
            row["post"],
            row["position"],
            row["file"],
            row["embed_url"],
            json.dumps(row, sort_keys=True),
        )
    )
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "departments": [
            {
                "slug": department.slug,
                "name": department.name,
                "position": department.position,
                "description": department.description,
            }
            for department in Department.objects.order_by("slug")
        ],
        "roles": [
            {
                "slug": role.slug,
                "name": role.name,
                "department": role.department.slug,
                "production_kinds": role.production_kinds,
                "description": role.description,
            }
            for role in Role.objects.select_related("department").order_by("slug")
        ],
        "productions": _export_rows(
            PRODUCTIONS, Production.objects.prefetch_related("tags").order_by("slug")
        ),
        "people": _export_rows(
            PEOPLE, Person.objects.select_related("user").order_by("slug")
        ),
        "credits": _export_rows(
            CREDITS,
            Credit.objects.series_wide()
            .select_related("production", "person", "role")
            .order_by("production__slug", "person__slug", "role__slug", "character"),
        ),
        "posts": _export_rows(
            POSTS,
            Post.objects.select_related("production", "author")
            .prefetch_related("featured_people", "crafts", "tags")
            .order_by("slug"),
        ),
        "media": media,
    }


def catalogue_export_json() -> str:
    """:func:`catalogue_export` as UTF-8-ready JSON text, byte-identical per state."""
    return json.dumps(catalogue_export(), indent=2, ensure_ascii=False) + "\n"


# --- Reading a file -----------------------------------------------------------------
def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TransferError(
            f"The file is not UTF-8 text (byte 0x{content[error.start]:02x} at "
            f"position {error.start}). Save it as UTF-8 and try again."
        ) from None


def _kind_for_csv(kind: str | None, filename: str) -> RowKind:
    if kind:
        name = _SINGULAR.get(kind.strip().lower(), kind.strip().lower())
        if name not in KINDS_BY_SECTION:
            raise TransferError(
                f"Unknown kind of rows '{_shown(kind)}'; use one of "
                f"{', '.join(KINDS_BY_SECTION)}."
            )
        return KINDS_BY_SECTION[name]
    stem = PurePosixPath(filename.replace("\\", "/")).stem.lower()
    if _SINGULAR.get(stem, stem) in KINDS_BY_SECTION:
        return KINDS_BY_SECTION[_SINGULAR.get(stem, stem)]
    raise TransferError(
        "Say which kind of rows the CSV file holds (--kind productions, people, "
        "credits, posts or media), or name the file after it, e.g. people.csv."
    )


def _parse_json(text: str) -> CatalogueDocument:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TransferError(
            f"The file is not valid JSON: {error.msg} (line {error.lineno}, "
            f"column {error.colno})."
        ) from None
    except RecursionError:
        raise TransferError("The JSON in the file is nested too deeply.") from None
    if not isinstance(data, dict):
        raise TransferError(
            "A catalogue file holds one JSON object, "
            '{"productions": [...], "people": [...], "credits": [...]}; this file '
            f"holds {_type_name(data)}."
        )
    if data.get("format", FORMAT_NAME) != FORMAT_NAME:
        raise TransferError(
            f"This is not a catalogue file (its format is "
            f"'{_shown(data['format'])}', expected '{FORMAT_NAME}')."
        )
    if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
        raise TransferError(
            f"This catalogue file is version {_shown(data['version'])}; this site "
            f"reads version {FORMAT_VERSION}."
        )
    document = CatalogueDocument()
    for section, rows in data.items():
        if section in ("format", "version", *REFERENCE_SECTIONS):
            continue
        if section not in KINDS_BY_SECTION:
            document.problems.append(
                ReportLine(
                    _shown(section),
                    "section",
                    "",
                    Outcome.REFUSED,
                    f"Unknown section; expected {', '.join(KINDS_BY_SECTION)}.",
                )
            )
        elif not isinstance(rows, list):
            document.problems.append(
                ReportLine(
                    section,
                    "section",
                    "",
                    Outcome.REFUSED,
                    f"Expected a list of {section}, got {_type_name(rows)}.",
                )
            )
        else:
            document.rows[section] = [
                SourceRow(f"{section} #{number}", row)
                for number, row in enumerate(rows, start=1)
            ]
    return document


def _parse_csv(text: str, kind: RowKind) -> CatalogueDocument:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[SourceRow] = []
    header: list[str] | None = None
    last_line = 0
    try:
        for cells in reader:
            first_line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _csv_header(cells, kind)
                continue
            where = f"line {first_line}"
            if len(cells) != len(header):
                rows.append(
                    SourceRow(
                        where,
                        None,
                        textual=True,
                        problem=f"This line has {len(cells)} cells; the header has "
                        f"{len(header)}.",
                    )
                )
                continue
            rows.append(
                SourceRow(where, dict(zip(header, cells, strict=True)), textual=True)
            )
    except csv.Error as error:
        raise TransferError(
            f"The CSV file is malformed at line {reader.line_num}: {error}."
        ) from None
    if header is None:
        raise TransferError("The CSV file is empty; its first line names the columns.")
    return CatalogueDocument(rows={kind.section: rows})


def _csv_header(cells: list[str], kind: RowKind) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    unknown = [name for name in header if name not in kind.fields]
    if unknown:
        raise TransferError(
            f"Unknown column(s) in the header of this {kind.section} file: "
            f"{', '.join(_shown(name or '(blank)') for name in unknown)}. "
            f"The columns are: {', '.join(kind.fields)}."
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise TransferError(
            f"Column(s) named twice in the header: {', '.join(repeated)}."
        )
    return header


def catalogue_parse(
    *,
    content: bytes,
    file_format: str | None = None,
    kind: str | None = None,
    filename: str = "",
) -> CatalogueDocument:
    """Read a catalogue file; raise :class:`TransferError` if it cannot be read.

    ``file_format`` is ``json`` or ``csv`` (by default from the file name's
    extension, else JSON). A CSV file holds one kind of row, named by ``kind`` or
    by the file's name (``people.csv``).
    """
    if file_format is None:
        file_format = "csv" if filename.lower().endswith(".csv") else "json"
    if file_format not in ("json", "csv"):
        raise TransferError(f"Unknown format '{_shown(file_format)}'; use json or csv.")
    text = _decode(content)
    if "\x00" in text:
        raise TransferError("The file holds null characters; it is not a text file.")
    if file_format == "csv":
        return _parse_csv(text, _kind_for_csv(kind, filename))
    return _parse_json(text)


# --- Reading one row ------------------------------------------------------------------
class _Absent:
    """A blank CSV cell for a required number, date or yes/no: keep what is there."""


ABSENT = _Absent()


def _lookup_field(model_field: Any) -> str:
    related = model_field.related_model
    if related is get_user_model():
        return related.USERNAME_FIELD
    return "slug"


def _text(value: Any, model_field: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"Expected text, got {_type_name(value)}.")
    if "\x00" in value:
        raise ValidationError("Null characters are not allowed.")
    # Admin's form fields strip single-line values; Markdown and bios stay as written.
    return value if isinstance(model_field, models.TextField) else value.strip()


def _file_name(value: Any, model_field: Any) -> str:
    name = _text(value, model_field)
    if not name:
        return ""
    try:
        validate_file_name(name, allow_relative_path=True)
    except SuspiciousFileOperation:
        raise ValidationError(
            "Give a file name relative to the media folder, without '..'."
        ) from None
    if name.startswith("/") or "\\" in name or ":" in name:
        raise ValidationError(
            "Give a file name relative to the media folder, without '..'."
        )
    return name


def _plain(value: Any, model_field: Any, textual: bool) -> Any:
    """Turn a file's value into what ``model_field`` holds, or raise ValidationError."""
    if isinstance(model_field, models.FileField):
        return _file_name(value, model_field)
    if isinstance(model_field, models.CharField | models.TextField):
        return _text(value, model_field)
    if isinstance(value, str) and not value.strip():
        if model_field.null:
            return None
        if textual:
            return ABSENT
    if value is None:
        return None
    if isinstance(model_field, models.BooleanField):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        raise ValidationError(f"Expected true or false, got {_shown(value)!r}.")
    if isinstance(model_field, models.IntegerField):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and _WHOLE_NUMBER.match(value.strip()):
            return int(value.strip())
        raise ValidationError(f"Expected a whole number, got {_shown(value)!r}.")
    if isinstance(model_field, models.DateField):
        if not isinstance(value, str):
            raise ValidationError(f"Expected a date as text, got {_type_name(value)}.")
        parsed = model_field.to_python(value.strip())
        if isinstance(parsed, datetime.datetime) and timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed)
        return parsed
    return value


def _related(model_field: Any, value: Any) -> models.Model | None:
    lookup = _lookup_field(model_field)
    related = model_field.related_model
    label = related._meta.verbose_name
    if value is None or (isinstance(value, str) and not value.strip()):
        if model_field.null:
            return None
        raise ValidationError("This field is required.")
    if not isinstance(value, str):
        raise ValidationError(f"Expected a {lookup}, got {_type_name(value)}.")
    found = related._default_manager.filter(**{lookup: value.strip()}).first()
    if found is None:
        raise ValidationError(f"No {label} with {lookup} '{_shown(value.strip())}'.")
    return found


def _items(value: Any, *, tags: bool) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return parse_tags(value) if tags else re.split(r"[\s,]+", value.strip())
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"Expected a list of text, got {_type_name(value)}.")
    return [item.strip() for item in value]


def _many(model_field: Any, value: Any) -> list[Any]:
    if isinstance(model_field, TaggableManager):
        names = [name for name in _items(value, tags=True) if name]
        for name in names:
            if "\x00" in name:
                raise ValidationError("Null characters are not allowed.")
            if len(name) > Tag._meta.get_field("name").max_length:
                raise ValidationError(f"The tag '{_shown(name)}' is too long.")
        return sorted(set(names))
    slugs = sorted({slug for slug in _items(value, tags=False) if slug})
    related = model_field.related_model
    found = {
        item.slug: item for item in related._default_manager.filter(slug__in=slugs)
    }
    missing = [slug for slug in slugs if slug not in found]
    if missing:
        raise ValidationError(
            f"No {related._meta.verbose_name} with slug "
            f"{', '.join(repr(_shown(slug)) for slug in missing)}."
        )
    return [found[slug] for slug in slugs]


def _read(kind: RowKind, row: SourceRow) -> tuple[dict[str, Any], dict[str, str]]:
    """The row's values by field name, and its errors by field name."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name, raw in row.values.items():
        if not isinstance(name, str) or name not in kind.fields:
            errors[_shown(name)] = "Unknown field."
            continue
        model_field = kind.model_field(name)
        try:
            if isinstance(model_field, TaggableManager) or model_field.many_to_many:
                values[name] = _many(model_field, raw)
            elif model_field.many_to_one or model_field.one_to_one:
                values[name] = _related(model_field, raw)
            else:
                value = _plain(raw, model_field, row.textual)
                if value is not ABSENT:
                    values[name] = value
        except ValidationError as error:
            errors[name] = " ".join(error.messages)
    return values, errors


# --- Keys: how a row finds the record it describes ----------------------------------
def _derived_slug(kind: RowKind, values: dict[str, Any]) -> str:
    """The slug the model's save() would make (without its clash suffix)."""
    if kind is PRODUCTIONS:
        text = values.get("title", "")
        release_date = values.get("release_date")
        if release_date:
            text = f"{text} {release_date.year}"
    else:
        text = values.get("name" if kind is PEOPLE else "title", "")
    max_length = kind.model_field("slug").max_length
    return slugify(text)[: max_length - 8].strip("-")


def _key(
    kind: RowKind, values: dict[str, Any], errors: dict[str, str]
) -> tuple[dict[str, Any], str]:
    """The lookup that finds the row's record, and how the report names it."""
    if "slug" in kind.fields:
        if not values.get("slug"):
            values["slug"] = _derived_slug(kind, values)
        if not values["slug"]:
            source = "name" if kind is PEOPLE else "title"
            errors.setdefault("slug", f"Give a slug, or a {source} to make one from.")
        return {"slug": values["slug"]}, _shown(values["slug"])
    if kind is CREDITS:
        names = ("production", "person", "role")
        lookup = {name: values.get(name) for name in names}
        lookup["character"] = values.get("character", "")
        # Files carry series-wide credits; episode credits are never matched.
        lookup["episode"] = None
    else:
        embed = values.get("kind") == MediaKind.EMBED
        by = "embed_url" if embed else "file"
        names = ("post", by)
        lookup = {"post": values.get("post"), by: values.get(by, "")}
        if embed:
            lookup["kind"] = MediaKind.EMBED
    for name in names:
        if not lookup[name] and name not in errors:
            errors[name] = "This field is required."
    shown = " / ".join(
        _shown(getattr(value, "slug", value))
        for value in lookup.values()
        if value and value != MediaKind.EMBED
    )
    return lookup, shown


# --- Writing one row ------------------------------------------------------------------
def _describe(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        text = " ".join(messages)
        parts.append(text if name == NON_FIELD_ERRORS else f"{name}: {text}")
    return "; ".join(parts)


def _same_tags(current: set[str], wanted: set[str]) -> bool:
    if getattr(settings, "TAGGIT_CASE_INSENSITIVE", False):
        return {name.casefold() for name in current} == {
            name.casefold() for name in wanted
        }
    return current == wanted


def _differs(instance: models.Model, name: str, value: Any, model_field: Any) -> bool:
    if isinstance(model_field, TaggableManager):
        return not _same_tags(set(instance.tags.names()), set(value))
    if model_field.many_to_many:
        wanted = {item.pk for item in value}
        return set(getattr(instance, name).values_list("pk", flat=True)) != wanted
    if model_field.many_to_one or model_field.one_to_one:
        return getattr(instance, model_field.attname) != (value.pk if value else None)
    current = getattr(instance, name)
    if isinstance(model_field, models.FileField):
        current = current.name or ""
    return current != value


def _write(
    kind: RowKind, lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[Outcome, list[str]]:
    many = {
        name: value
        for name, value in values.items()
        if isinstance(kind.model_field(name), TaggableManager)
        or kind.model_field(name).many_to_many
    }
    plain = {name: value for name, value in values.items() if name not in many}
    instance = kind.model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = kind.model(**plain)
        outcome, changed = Outcome.CREATED, list(values)
    else:
        changed = [
            name
            for name in kind.fields
            if name in values
            and _differs(instance, name, values[name], kind.model_field(name))
        ]
        if not changed:
            return Outcome.UNCHANGED, []
        for name in changed:
            if name in plain:
                setattr(instance, name, plain[name])
        outcome = Outcome.UPDATED
    instance.full_clean()
    instance.save()
    for name in changed:
        if name in many:
            getattr(instance, name).set(many[name])
    return outcome, changed


def _import_row(kind: RowKind, row: SourceRow, seen: dict[Any, str]) -> ReportLine:
    def refused(key: str, detail: str) -> ReportLine:
        return ReportLine(row.where, kind.name, key, Outcome.REFUSED, detail)

    if row.problem:
        return refused("", row.problem)
    if not isinstance(row.values, dict):
        return refused(
            "",
            f"Expected an object with the {kind.name}'s fields, got "
            f"{_type_name(row.values)}.",
        )
    values, errors = _read(kind, row)
    lookup, shown = _key(kind, values, errors)
    if errors:
        return refused(shown, "; ".join(f"{k}: {v}" for k, v in errors.items()))
    identity = tuple(
        (name, getattr(value, "pk", value)) for name, value in lookup.items()
    )
    if identity in seen:
        return refused(shown, f"The same {kind.name} is already at {seen[identity]}.")
    seen[identity] = row.where
    try:
        with transaction.atomic():
            outcome, changed = _write(kind, lookup, values)
    except ValidationError as error:
        return refused(shown, _describe(error))
    except DatabaseError as error:
        return refused(shown, f"The database refused it: {_shown(error)}")
    detail = ", ".join(changed) if outcome == Outcome.UPDATED else ""
    return ReportLine(row.where, kind.name, shown, outcome, detail)


@contextmanager
def _reading_primary() -> Iterator[None]:
    # An import reads back what it has just written: never from a lagging replica.
    token = db_router._use_primary.set(True)
    try:
        yield
    finally:
        db_router._use_primary.reset(token)


def catalogue_import(
    *, document: CatalogueDocument, dry_run: bool = False
) -> ImportReport:
    """Create or update every row of ``document``; report each row's outcome.

    Productions, people and posts are matched by slug (made from the title or
    name, as admin does, when a row has none), credits by production, person,
    role and character, media by post and file name (or embed link). Fields a
    row leaves out keep their value. Each row is checked with ``full_clean()``
    and written in its own savepoint; a dry run rolls everything back.
    """
    report = ImportReport(lines=list(document.problems), dry_run=dry_run)
    with _reading_primary(), transaction.atomic():
        for kind in ROW_KINDS:
            seen: dict[Any, str] = {}
            for row in document.rows.get(kind.section, []):
                report.lines.append(_import_row(kind, row, seen))
        if dry_run:
            transaction.set_rollback(True)
    return report


def catalogue_import_file(
    *,
    content: bytes,
    file_format: str | None = None,
    kind: str | None = None,
    filename: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Parse and import a file in one go (raises :class:`TransferError`)."""
    document = catalogue_parse(
        content=content, file_format=file_format, kind=kind, filename=filename
    )
    return catalogue_import(document=document, dry_run=dry_run)
