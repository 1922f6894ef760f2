"""Export the whole catalogue as JSON, in a stable order.

    manage.py export_catalogue [--output FILE]

Two exports of the same database are byte-identical, and ``import_catalogue``
reads the file back (see :mod:`showcase.transfer`).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from showcase import transfer


class Command(BaseCommand):
    help = (
        "Export productions (with tags, alternative titles, seasons and episodes, "
        "runs and performances, game versions), venues, people (with aliases), "
        "departments, roles, platforms, credits, posts and media references (file "
        "names, not the files) as one JSON document, ordered by slug and natural "
        "key so that the same catalogue always exports the same bytes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--output", "-o", help="Write to this file instead of standard output."
        )

    def handle(self, *args, **options) -> None:
        text = transfer.catalogue_export_json()
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        try:
            Path(options["output"]).write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(
                f"Cannot write {options['output']}: {error.strerror}."
            ) from None
        self.stderr.write(f"Exported the catalogue to {options['output']}.")
