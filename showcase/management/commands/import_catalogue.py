"""Import the catalogue (productions and their seasons, runs and versions, people,
credits, posts and media references) from a file.

    manage.py import_catalogue FILE [--format json|csv] [--kind KIND] [--dry-run]

The work is done by :func:`showcase.transfer.catalogue_import`; this command
reads the file, prints the report and turns an unreadable file into an error.
"""

import argparse
import sys
import textwrap
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from showcase import transfer


def _columns() -> str:
    return "\n".join(
        textwrap.fill(
            ", ".join(kind.fields),
            width=79,
            initial_indent=f"  {kind.section}: ",
            subsequent_indent="    ",
            break_on_hyphens=False,
        )
        for kind in transfer.ROW_KINDS
    )


HELP = f"""Import the catalogue from JSON or CSV: create or update, row by row.

JSON holds one object, as export_catalogue writes it:
  {{"productions": [...], "seasons": [...], "runs": [...], "people": [...],
   "credits": [...], "posts": [...], "media": [...], ...}}
Every section is optional; "departments", "roles" and "platforms" are read for
reference only (the vocabulary is curated in admin). Files of version 1 and 2
are read.

CSV holds one kind of row per file: UTF-8, comma-separated, a header line naming
the columns. The kind comes from --kind or from the file's name (people.csv).
Columns are any of the kind's fields:
{_columns()}
A column left out keeps the stored value. Lists (tags, featured_people, crafts,
platforms) go in one cell, comma-separated (tags are read as admin's tag field
reads them). Related rows are named by slug (user and author by username); an
episode by its season and episode numbers, a run by run_venue and
run_opening_date, a performance by its date and time in that run, a version by
its name. Release dates may be partial: 1956, 1956-05 or 1956-05-14. An empty
cell clears a text or optional field; for a required number, date or yes/no it
keeps the stored value (or the default).

Rows find their record by: productions, people, venues, posts: slug (made from
the title and year, or the name, when blank); alternative titles: production,
title and language; seasons: production and number; episodes: production,
season and number; runs: production, venue and opening_date; performances: the
run, date and time; versions: production and name; aliases: person and name;
credits: production, person, role, character, the episode or run, and (in a
run) start_date; media: post and file (embedded videos: post and embed_url).

Every row is reported as created, updated, unchanged or refused, with the field
and the reason; each row is written in its own savepoint, so a refused row never
stops the others. The exit status is non-zero only when the file itself cannot
be read.
"""


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    pass


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The file to import ('-' reads stdin).")
        parser.add_argument(
            "--format",
            choices=["json", "csv"],
            help="Default: from the file name's extension, else json.",
        )
        parser.add_argument(
            "--kind",
            choices=[kind.section for kind in transfer.ROW_KINDS],
            help="CSV only: the kind of rows in the file (default: its name).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what would happen and write nothing.",
        )

    def handle(self, *args, **options) -> None:
        name = options["file"]
        try:
            if name == "-":
                content = sys.stdin.buffer.read()
            else:
                content = Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from None
        try:
            report = transfer.catalogue_import_file(
                content=content,
                file_format=options["format"],
                kind=options["kind"],
                filename="" if name == "-" else name,
                dry_run=options["dry_run"],
            )
        except transfer.TransferError as error:
            raise CommandError(f"{name}: {error}") from None
        styles = {
            transfer.Outcome.CREATED: self.style.SUCCESS,
            transfer.Outcome.UPDATED: self.style.WARNING,
            transfer.Outcome.REFUSED: self.style.ERROR,
        }
        for line in report.lines:
            self.stdout.write(styles.get(line.outcome, str)(str(line)))
        self.stdout.write(report.summary)
