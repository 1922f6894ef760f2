"""Moving the catalogue in and out as files: a JSON export of everything, and an
import (JSON, or CSV with one kind of row per file) that creates or updates by slug
or, for rows without one (a season, a run, a performance), by their natural key.

The import checks every row with the models' own ``full_clean()``, so a file is
held to the same rules as admin; each row is written in a savepoint of its own, so
a refused row never takes the good ones down with it.
"""

import csv
import dataclasses
import datetime
import enum
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
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
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import Tag
from taggit.utils import parse_tags

from bts_catalog import db_router
from bts_catalog.partial_dates import DatePrecision, PartialDate, partial_isoformat
from media_assets.models import MediaAsset, MediaKind, Post
from productions.models import (
    AlternativeTitle,
    Credit,
    Department,
    Episode,
    GameVersion,
    Performance,
    Person,
    PersonAlias,
    Platform,
    Production,
    ProductionKind,
    Role,
    Run,
    Season,
    Venue,
)
from productions.services import game_release_from_platform_names

FORMAT_NAME = "bts-catalogue"
# Version 2 added seasons, episodes, venues, runs, performances, game versions,
# aliases, alternative titles, scoped credits, post anchors and partial dates.
FORMAT_VERSION = 2
# Every version 1 file is a version 2 file that leaves the new sections out.
READABLE_VERSIONS = (1, 2)
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
class Column:
    """A column that is not a model field: it names a related row by its natural
    key (a season by its number, a run by venue and opening night). ``read`` is a
    stand-in field saying how the file's value is read; ``export`` gives the value
    for a stored row."""

    read: Any
    export: Callable[[Any], Any]


@dataclass(frozen=True)
class RowKind:
    name: str
    section: str
    model: type[models.Model]
    fields: tuple[str, ...]
    columns: Mapping[str, Column] = field(default_factory=dict, compare=False)
    # Dates known to the day, the month or the year: each date field's precision.
    partial_dates: Mapping[str, str] = field(default_factory=dict, compare=False)

    def model_field(self, name: str) -> Any:
        """How the file's column ``name`` is read."""
        if name in self.columns:
            return self.columns[name].read
        return self.model._meta.get_field(name)

    def stored_field(self, name: str) -> Any:
        return self.model._meta.get_field(name)


def _number_column(export: Callable[[Any], Any]) -> Column:
    return Column(models.PositiveSmallIntegerField(null=True), export)


def _date_column(export: Callable[[Any], datetime.date | None]) -> Column:
    return Column(
        models.DateField(null=True),
        lambda row: None if (value := export(row)) is None else value.isoformat(),
    )


def _slug_column(model: type[models.Model], export: Callable[[Any], Any]) -> Column:
    read = models.ForeignKey(model, on_delete=models.PROTECT, null=True)
    return Column(
        read, lambda row: None if (value := export(row)) is None else value.slug
    )


def _episode(row: Credit | Post) -> Episode | None:
    return row.episode if row.episode_id else None


def _run(row: Credit | Post) -> Run | None:
    return row.run if row.run_id else None


def _performance(post: Post) -> Performance | None:
    return post.performance if post.performance_id else None


# An episode by its season's number and its own; a run by venue and opening night.
SCOPE_COLUMNS = {
    "season": _number_column(
        lambda row: e.season.number if (e := _episode(row)) else None
    ),
    "episode": _number_column(lambda row: e.number if (e := _episode(row)) else None),
    "run_venue": _slug_column(Venue, lambda row: r.venue if (r := _run(row)) else None),
    "run_opening_date": _date_column(
        lambda row: r.opening_date if (r := _run(row)) else None
    ),
}
# The run a performance belongs to, as the runs section names it.
RUN_COLUMNS = {
    "production": _slug_column(Production, lambda row: row.run.production),
    "venue": _slug_column(Venue, lambda row: row.run.venue),
    "opening_date": _date_column(lambda row: row.run.opening_date),
}
RELEASE_DATE = {"release_date": "release_date_precision"}

PRODUCTIONS = RowKind(
    "production",
    "productions",
    Production,
    (
        "slug",
        "title",
        "original_title",
        "original_language",
        "kind",
        "status",
        "synopsis",
        "release_date",
        "studio",
        "venue",
        "track",
        "artist_name",
        "artist",
        "poster",
        "website",
        "imdb_id",
        "tmdb_id",
        "igdb_id",
        "wikidata_id",
        "tags",
    ),
    partial_dates=RELEASE_DATE,
)
ALTERNATIVE_TITLES = RowKind(
    "alternative title",
    "alternative_titles",
    AlternativeTitle,
    ("production", "title", "language", "note"),
)
SEASONS = RowKind(
    "season",
    "seasons",
    Season,
    ("production", "number", "title", "start_date", "end_date"),
)
EPISODES = RowKind(
    "episode",
    "episodes",
    Episode,
    ("production", "season", "number", "title", "air_date", "synopsis"),
    columns={
        "production": _slug_column(Production, lambda row: row.season.production),
        "season": _number_column(lambda row: row.season.number),
    },
)
VENUES = RowKind(
    "venue",
    "venues",
    Venue,
    (
        "slug",
        "name",
        "city",
        "country",
        "capacity",
        "website",
        "wikidata_id",
        "description",
    ),
)
RUNS = RowKind(
    "run",
    "runs",
    Run,
    ("production", "venue", "opening_date", "closing_date", "tour", "notes"),
)
PERFORMANCES = RowKind(
    "performance",
    "performances",
    Performance,
    ("production", "venue", "opening_date", "date", "time", "kind", "notes"),
    columns=RUN_COLUMNS,
)
VERSIONS = RowKind(
    "version",
    "versions",
    GameVersion,
    ("production", "name", "kind", "release_date", "platforms", "notes"),
    partial_dates=RELEASE_DATE,
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
        "tmdb_id",
        "wikidata_id",
        "instagram_handle",
    ),
)
ALIASES = RowKind("alias", "aliases", PersonAlias, ("person", "name", "note"))
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
        "season",
        "episode",
        "run_venue",
        "run_opening_date",
        "start_date",
        "end_date",
        "billing_order",
        "is_verified",
    ),
    columns=SCOPE_COLUMNS,
)
POSTS = RowKind(
    "post",
    "posts",
    Post,
    (
        "slug",
        "production",
        "season",
        "episode",
        "run_venue",
        "run_opening_date",
        "performance_date",
        "performance_time",
        "version",
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
        "publish_at",
        "is_featured",
        "is_spoiler",
        "spoils_until",
        "moderation_note",
        "tags",
    ),
    columns={
        **SCOPE_COLUMNS,
        "performance_date": _date_column(
            lambda post: p.date if (p := _performance(post)) else None
        ),
        "performance_time": Column(
            models.TimeField(null=True),
            lambda post: (
                p.time.isoformat() if (p := _performance(post)) and p.time else None
            ),
        ),
        "version": Column(
            models.CharField(blank=True),
            lambda post: post.version.name if post.version_id else None,
        ),
    },
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
        "is_spoiler",
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
# In the order the export writes them and the report lists them.
ROW_KINDS = (
    PRODUCTIONS,
    ALTERNATIVE_TITLES,
    SEASONS,
    EPISODES,
    VENUES,
    RUNS,
    PERFORMANCES,
    VERSIONS,
    PEOPLE,
    ALIASES,
    CREDITS,
    POSTS,
    MEDIA,
)
# In the order they are imported: each kind refers only to the ones before it
# (a music video names its artist, so people come first).
IMPORT_ORDER = (
    PEOPLE,
    ALIASES,
    PRODUCTIONS,
    ALTERNATIVE_TITLES,
    SEASONS,
    EPISODES,
    VENUES,
    RUNS,
    PERFORMANCES,
    VERSIONS,
    CREDITS,
    POSTS,
    MEDIA,
)
KINDS_BY_SECTION = {kind.section: kind for kind in ROW_KINDS}
# Read for reference only: the vocabulary is curated in admin and seeded by migration.
REFERENCE_SECTIONS = ("departments", "roles", "platforms")
_SINGULAR = {kind.name.replace(" ", "_"): kind.section for kind in ROW_KINDS}

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
    if name in kind.columns:
        return kind.columns[name].export(instance)
    if name in kind.partial_dates:
        precision = getattr(instance, kind.partial_dates[name])
        return partial_isoformat(getattr(instance, name), precision)
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
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


def _export_rows(kind: RowKind, queryset: models.QuerySet) -> list[dict[str, Any]]:
    return [
        {name: _export_value(instance, kind, name) for name in kind.fields}
        for instance in queryset
    ]


def _nulls_first(*names: str) -> list[Any]:
    return [F(name).asc(nulls_first=True) for name in names]


def catalogue_export() -> dict[str, Any]:
    """Everything in the catalogue, keyed by slugs and natural keys, in a stable
    order.

    Timestamps, ids and derived values (rendered Markdown, search vectors, the
    searchable copies of aliases and alternative titles) are left out, so that
    the same catalogue always exports to the same document. Partial dates are
    written as much as is known: ``1956``, ``1956-05`` or ``1956-05-14``.
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
        "platforms": [
            {
                "slug": platform.slug,
                "name": platform.name,
                "maker": platform.maker,
                "position": platform.position,
            }
            for platform in Platform.objects.order_by("slug")
        ],
        "productions": _export_rows(
            PRODUCTIONS,
            Production.objects.select_related("artist")
            .prefetch_related("tags")
            .order_by("slug"),
        ),
        "alternative_titles": _export_rows(
            ALTERNATIVE_TITLES,
            AlternativeTitle.objects.select_related("production").order_by(
                "production__slug", "title", "language"
            ),
        ),
        "seasons": _export_rows(
            SEASONS,
            Season.objects.select_related("production").order_by(
                "production__slug", "number"
            ),
        ),
        "episodes": _export_rows(
            EPISODES,
            Episode.objects.select_related("season__production").order_by(
                "season__production__slug", "season__number", "number"
            ),
        ),
        "venues": _export_rows(VENUES, Venue.objects.order_by("slug")),
        "runs": _export_rows(
            RUNS,
            Run.objects.select_related("production", "venue").order_by(
                "production__slug", "venue__slug", "opening_date"
            ),
        ),
        "performances": _export_rows(
            PERFORMANCES,
            Performance.objects.select_related(
                "run__production", "run__venue"
            ).order_by(
                "run__production__slug",
                "run__venue__slug",
                "run__opening_date",
                "date",
                *_nulls_first("time"),
                "kind",
                "notes",
            ),
        ),
        "versions": _export_rows(
            VERSIONS,
            GameVersion.objects.select_related("production")
            .prefetch_related("platforms")
            .order_by("production__slug", "name"),
        ),
        "people": _export_rows(
            PEOPLE, Person.objects.select_related("user").order_by("slug")
        ),
        "aliases": _export_rows(
            ALIASES,
            PersonAlias.objects.select_related("person").order_by(
                "person__slug", "name"
            ),
        ),
        "credits": _export_rows(
            CREDITS,
            Credit.objects.select_related(
                "production", "person", "role", "episode__season", "run__venue"
            ).order_by(
                "production__slug",
                "person__slug",
                "role__slug",
                "character",
                *_nulls_first(
                    "episode__season__number",
                    "episode__number",
                    "run__venue__slug",
                    "run__opening_date",
                    "start_date",
                ),
            ),
        ),
        "posts": _export_rows(
            POSTS,
            Post.objects.select_related(
                "production",
                "author",
                "episode__season",
                "run__venue",
                "performance",
                "version",
            )
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
        f"Say which kind of rows the CSV file holds (--kind "
        f"{', '.join(KINDS_BY_SECTION)}), or name the file after it, e.g. "
        "people.csv."
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
    if data.get("version", FORMAT_VERSION) not in READABLE_VERSIONS:
        raise TransferError(
            f"This catalogue file is version {_shown(data['version'])}; this site "
            f"reads versions {READABLE_VERSIONS[0]} to {READABLE_VERSIONS[-1]}."
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


# Columns of earlier formats still read: a game's platforms as text (format 1)
# become its "Release" version's platforms, from the curated list.
LEGACY_COLUMNS = {"productions": ("platforms",)}


def _csv_header(cells: list[str], kind: RowKind) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    legacy = LEGACY_COLUMNS.get(kind.section, ())
    unknown = [
        name for name in header if name not in kind.fields and name not in legacy
    ]
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
    if isinstance(model_field, models.TimeField):
        if not isinstance(value, str):
            raise ValidationError(f"Expected a time as text, got {_type_name(value)}.")
        return model_field.to_python(value.strip())
    return value


def _partial_date(value: Any, model_field: Any, precision: str) -> dict[str, Any]:
    """A date known to the day (``1956-05-14``), the month (``1956-05``) or only
    the year (``1956``), and its precision."""
    name = model_field.name
    if value is None or (isinstance(value, str) and not value.strip()):
        return {name: None, precision: DatePrecision.DAY}
    if not isinstance(value, str):
        raise ValidationError(f"Expected a date as text, got {_type_name(value)}.")
    try:
        partial = PartialDate.parse(value.strip())
    except ValidationError as error:
        if error.code not in ("invalid", "invalid_day"):
            raise
        # Not a partial date: read (or refused) as every other date column is.
        return {
            name: model_field.to_python(value.strip()),
            precision: DatePrecision.DAY,
        }
    return {name: partial.date, precision: partial.precision}


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
            if name in kind.partial_dates:
                precision = kind.partial_dates[name]
                values.update(_partial_date(raw, kind.stored_field(name), precision))
            elif isinstance(model_field, TaggableManager) or model_field.many_to_many:
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
    elif kind is VENUES:
        text = f"{values.get('name', '')} {values.get('city', '')}"
    else:
        text = values.get("name" if kind is PEOPLE else "title", "")
    max_length = kind.model_field("slug").max_length
    return slugify(text)[: max_length - 8].strip("-")


# The fields that find a record without a slug (media are found by their file) ...
NATURAL_KEYS = {
    "alternative_titles": ("production", "title", "language"),
    "seasons": ("production", "number"),
    "episodes": ("season", "number"),
    "runs": ("production", "venue", "opening_date"),
    "performances": ("run", "date", "time"),
    "versions": ("production", "name"),
    "aliases": ("person", "name"),
    "credits": ("production", "person", "role", "character", "episode", "run"),
}
# ... and what the parts a row may leave out stand for.
OPTIONAL_KEY_PARTS = {
    "language": "",
    "character": "",
    "time": None,
    "episode": None,
    "run": None,
}
_NUMBER_LABELS = {"seasons": "season", "episodes": "episode"}


def _label(kind: RowKind, name: str, value: Any) -> str:
    """How the report names one part of a key."""
    if isinstance(value, Season):
        return f"{value.production.slug} / season {value.number}"
    if isinstance(value, Episode):
        return value.code
    if isinstance(value, Run):
        return f"{value.venue.slug} / {value.opening_date.isoformat()}"
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if name == "number" and kind.section in _NUMBER_LABELS:
        return f"{_NUMBER_LABELS[kind.section]} {value}"
    return _shown(getattr(value, "slug", value))


def _key(
    kind: RowKind, values: dict[str, Any], errors: dict[str, str]
) -> tuple[dict[str, Any], str]:
    """The lookup that finds the row's record, and how the report names it."""
    if "slug" in kind.fields:
        if not values.get("slug"):
            values["slug"] = _derived_slug(kind, values)
        if not values["slug"]:
            source = "name" if kind in (PEOPLE, VENUES) else "title"
            errors.setdefault("slug", f"Give a slug, or a {source} to make one from.")
        return {"slug": values["slug"]}, _shown(values["slug"])
    if kind is MEDIA:
        embed = values.get("kind") == MediaKind.EMBED
        by = "embed_url" if embed else "file"
        names: tuple[str, ...] = ("post", by)
        lookup = {"post": values.get("post"), by: values.get(by, "")}
        if embed:
            lookup["kind"] = MediaKind.EMBED
    else:
        names = NATURAL_KEYS[kind.section]
        lookup = {
            name: values.get(name, OPTIONAL_KEY_PARTS.get(name)) for name in names
        }
        if kind is CREDITS and lookup["run"] is not None:
            # A run's cast changes: the same part again from another date.
            lookup["start_date"] = values.get("start_date")
    for name in names:
        # (A related row named by its natural key reports its own errors.)
        required = name in kind.fields and name not in OPTIONAL_KEY_PARTS
        if required and lookup[name] in (None, "") and name not in errors:
            errors[name] = "This field is required."
    parts = [
        _label(kind, name, value)
        for name, value in lookup.items()
        if value not in (None, "") and name != "kind"
    ]
    if kind is PERFORMANCES and lookup["run"] is not None:
        parts.insert(0, lookup["run"].production.slug)
    return lookup, " / ".join(parts)


# --- Related rows named by their natural key ------------------------------------------
def _find_season(production: Production, number: int) -> Season:
    season = (
        Season.objects.select_related("production")
        .filter(production=production, number=number)
        .first()
    )
    if season is None:
        raise ValidationError(f"{production.slug} has no season {number}.")
    return season


def _find_episode(production: Production, season: int, number: int) -> Episode:
    episode = (
        Episode.objects.select_related("season")
        .filter(season__production=production, season__number=season, number=number)
        .first()
    )
    if episode is None:
        raise ValidationError(
            f"{production.slug} has no episode {number} in season {season}."
        )
    return episode


def _find_run(production: Production, venue: Venue, opening: datetime.date) -> Run:
    run = (
        Run.objects.select_related("production", "venue")
        .filter(production=production, venue=venue, opening_date=opening)
        .first()
    )
    if run is None:
        raise ValidationError(
            f"{production.slug} has no run at {venue.slug} opening on "
            f"{opening.isoformat()}."
        )
    return run


def _find_performance(
    run: Run, date: datetime.date, time: datetime.time | None
) -> Performance:
    performance = run.performances.filter(date=date, time=time).first()
    if performance is None:
        when = date.isoformat() + (f" at {time:%H:%M}" if time else "")
        raise ValidationError(
            f"The run at {run.venue.slug} from {run.opening_date.isoformat()} has no "
            f"performance on {when}."
        )
    return performance


def _find_version(production: Production, name: str) -> GameVersion:
    version = GameVersion.objects.filter(production=production, name=name).first()
    if version is None:
        raise ValidationError(f"{production.slug} has no version '{_shown(name)}'.")
    return version


def _scoped(
    values: dict[str, Any],
    errors: dict[str, str],
    names: tuple[str, ...],
    *,
    required: int,
    owner: Any,
    owner_missing: str,
    find: Callable[..., Any],
) -> tuple[bool, Any]:
    """Take the columns ``names`` out of the row and find the row they name in
    ``owner`` (the first ``required`` columns go together).

    Returns whether the row gives those columns at all, and the row found: None
    when they are blank, or when they are wrong, and then ``errors`` says why
    under the first column.
    """
    given = any(name in values or name in errors for name in names)
    parts = [values.pop(name, None) for name in names]
    if not given or any(name in errors for name in names):
        return given, None
    if all(part in (None, "") for part in parts):
        return True, None
    if any(part in (None, "") for part in parts[:required]):
        together = " and ".join(names[:required])
        errors[names[0]] = f"Give {together} together, or leave them all blank."
        return True, None
    if owner is None:
        errors.setdefault(names[0], owner_missing)
        return True, None
    try:
        return True, find(owner, *parts)
    except ValidationError as error:
        errors[names[0]] = " ".join(error.messages)
        return True, None


def _required(values: dict[str, Any], errors: dict[str, str], *names: str) -> list:
    """Take the columns ``names`` out of the row; each one blank is an error."""
    parts = [values.pop(name, None) for name in names]
    for name, part in zip(names, parts, strict=True):
        if part is None:
            errors.setdefault(name, "This field is required.")
    return parts


_IN_PRODUCTION = "Give the production too: this is looked up in it."


def _resolve(kind: RowKind, values: dict[str, Any], errors: dict[str, str]) -> None:
    """Replace the columns that name related rows by natural key with those rows."""
    if kind is EPISODES:
        production, number = _required(values, errors, "production", "season")
        if production is not None and number is not None:
            try:
                values["season"] = _find_season(production, number)
            except ValidationError as error:
                errors["season"] = " ".join(error.messages)
        return
    if kind is PERFORMANCES:
        parts = _required(values, errors, "production", "venue", "opening_date")
        if None not in parts:
            try:
                values["run"] = _find_run(*parts)
            except ValidationError as error:
                errors["opening_date"] = " ".join(error.messages)
        return
    if kind not in (CREDITS, POSTS):
        return
    production = values.get("production")
    anchors = {}
    anchors["episode"] = _scoped(
        values,
        errors,
        ("season", "episode"),
        required=2,
        owner=production,
        owner_missing=_IN_PRODUCTION,
        find=_find_episode,
    )
    anchors["run"] = _scoped(
        values,
        errors,
        ("run_venue", "run_opening_date"),
        required=2,
        owner=production,
        owner_missing=_IN_PRODUCTION,
        find=_find_run,
    )
    if kind is POSTS:
        anchors["performance"] = _scoped(
            values,
            errors,
            ("performance_date", "performance_time"),
            required=1,
            owner=anchors["run"][1],
            owner_missing="Give run_venue and run_opening_date too: a performance "
            "is looked up in its run.",
            find=_find_performance,
        )
        anchors["version"] = _scoped(
            values,
            errors,
            ("version",),
            required=1,
            owner=production,
            owner_missing=_IN_PRODUCTION,
            find=_find_version,
        )
    for name, (given, found) in anchors.items():
        # A credit's scope is part of its key; a post's anchors are kept when the
        # row leaves their columns out, and cleared when it gives them blank.
        if found is not None or (given and kind is POSTS):
            values[name] = found


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
    # By now every value is a model field's: the file's order first, then the
    # related rows found by natural key; a partial date's precision goes with it.
    precisions = set(kind.partial_dates.values())
    names = [name for name in kind.fields if name in values]
    names += [name for name in values if name not in names and name not in precisions]
    many = {
        name: values[name]
        for name in names
        if isinstance(kind.stored_field(name), TaggableManager)
        or kind.stored_field(name).many_to_many
    }
    plain = {name: value for name, value in values.items() if name not in many}
    instance = kind.model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = kind.model(**plain)
        outcome, changed = Outcome.CREATED, names
    else:
        changed = [
            name
            for name in names
            if _differs(instance, name, values[name], kind.stored_field(name))
            or (
                name in kind.partial_dates
                and getattr(instance, kind.partial_dates[name])
                != values[kind.partial_dates[name]]
            )
        ]
        if not changed:
            return Outcome.UNCHANGED, []
        for name in changed:
            if name in plain:
                setattr(instance, name, plain[name])
            if name in kind.partial_dates:
                precision = kind.partial_dates[name]
                setattr(instance, precision, plain[precision])
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
    legacy = {
        name: row.values[name]
        for name in LEGACY_COLUMNS.get(kind.section, ())
        if name in row.values
    }
    if legacy:
        row = dataclasses.replace(
            row, values={k: v for k, v in row.values.items() if k not in legacy}
        )
    values, errors = _read(kind, row)
    _resolve(kind, values, errors)
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
            if legacy.get("platforms"):
                _legacy_platforms(lookup, legacy["platforms"])
    except ValidationError as error:
        return refused(shown, _describe(error))
    except DatabaseError as error:
        return refused(shown, f"The database refused it: {_shown(error)}")
    detail = ", ".join(changed) if outcome == Outcome.UPDATED else ""
    return ReportLine(row.where, kind.name, shown, outcome, detail)


def _legacy_platforms(lookup: dict[str, Any], text: Any) -> None:
    """A format 1 game's platforms, as text, on its "Release" version."""
    if not isinstance(text, str):
        raise ValidationError({"platforms": "Expected the platforms as text."})
    game = Production.objects.get(**lookup)
    if game.kind != ProductionKind.VIDEO_GAME:
        raise ValidationError({"platforms": "Only video games have platforms."})
    game_release_from_platform_names(production=game, text=text)


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

    Productions, people, venues and posts are matched by slug (made from the
    title or name, as admin does, when a row has none); the other rows by their
    natural key (see :data:`NATURAL_KEYS`: a season by production and number, a
    run by production, venue and opening night, a credit by production, person,
    role, character and its episode or run), media by post and file name (or
    embed link). Fields a row leaves out keep their value. Each row is checked
    with ``full_clean()`` and written in its own savepoint, with its lists (tags,
    platforms), so a refused row leaves nothing behind; a dry run rolls
    everything back. Rows are imported in :data:`IMPORT_ORDER` and reported in
    :data:`ROW_KINDS` order.
    """
    lines: dict[str, list[ReportLine]] = {}
    with _reading_primary(), transaction.atomic():
        for kind in IMPORT_ORDER:
            seen: dict[Any, str] = {}
            lines[kind.section] = [
                _import_row(kind, row, seen)
                for row in document.rows.get(kind.section, [])
            ]
        if dry_run:
            transaction.set_rollback(True)
    report = ImportReport(lines=list(document.problems), dry_run=dry_run)
    for kind in ROW_KINDS:
        report.lines.extend(lines[kind.section])
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
