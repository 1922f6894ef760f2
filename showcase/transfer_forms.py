"""The upload form of admin's "Import catalogue" page."""

from django import forms
from django.template.defaultfilters import filesizeformat

from . import transfer


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        help_text="A JSON catalogue (as export_catalogue writes it) or a CSV file "
        f"of one kind of row; at most {filesizeformat(transfer.IMPORT_MAX_BYTES)}, "
        "UTF-8."
    )
    file_format = forms.ChoiceField(
        label="Format",
        required=False,
        choices=[("", "From the file name"), ("json", "JSON"), ("csv", "CSV")],
    )
    kind = forms.ChoiceField(
        label="Rows in a CSV file",
        required=False,
        choices=[("", "From the file name (e.g. people.csv)")]
        + [
            (kind.section, kind.section.replace("_", " ").capitalize())
            for kind in transfer.ROW_KINDS
        ],
    )
    dry_run = forms.BooleanField(
        label="Dry run",
        required=False,
        initial=True,
        help_text="Report what would happen and write nothing.",
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > transfer.IMPORT_MAX_BYTES:
            self.add_error(
                "file",
                f"The file is too large ({filesizeformat(upload.size)}); imports "
                f"may be at most {filesizeformat(transfer.IMPORT_MAX_BYTES)}. Split "
                "it, or use manage.py import_catalogue.",
            )
            return cleaned
        try:
            cleaned["document"] = transfer.catalogue_parse(
                content=upload.read(),
                file_format=cleaned.get("file_format") or None,
                kind=cleaned.get("kind") or None,
                filename=upload.name or "",
            )
        except transfer.TransferError as error:
            self.add_error("file", str(error))
        return cleaned
