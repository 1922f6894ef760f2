"""Form fields every app's forms share."""

from django import forms
from django.core.files.base import ContentFile
from django.utils.dates import MONTHS

from .images import ACCEPTED_LABEL, ACCEPTED_TYPES, CleanImage, intake_image
from .partial_dates import MAX_YEAR, MIN_YEAR, PartialDate


class ImageUploadField(forms.FileField):
    """A file field whose cleaned value is a :class:`CleanImage`.

    The upload goes through :func:`intake_image`, so a form shows the same
    messages as the API and nothing is stored until the form is saved.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"{ACCEPTED_LABEL}.")
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(attrs={"accept": ACCEPTED_TYPES}),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial or isinstance(upload, CleanImage):
            return upload
        return intake_image(upload)


def clean_image_into_field(form: forms.ModelForm, field_name: str) -> None:
    """Turn a ``CleanImage`` in ``cleaned_data`` into content the model can save."""
    value = form.cleaned_data.get(field_name)
    if isinstance(value, CleanImage):
        form.cleaned_data[field_name] = ContentFile(value.content, name=value.filename)


class PartialDateWidget(forms.MultiWidget):
    """Year, month and day side by side; month and day may stay empty."""

    def __init__(self, attrs=None):
        month_choices = [("", "Month (unknown)")] + [
            (str(number), name) for number, name in MONTHS.items()
        ]
        super().__init__(
            {
                "year": forms.NumberInput(
                    attrs={
                        "min": MIN_YEAR,
                        "max": MAX_YEAR,
                        "placeholder": "Year",
                        "aria-label": "Year",
                    }
                ),
                "month": forms.Select(
                    choices=month_choices, attrs={"aria-label": "Month"}
                ),
                "day": forms.NumberInput(
                    attrs={
                        "min": 1,
                        "max": 31,
                        "placeholder": "Day",
                        "aria-label": "Day",
                    }
                ),
            },
            attrs,
        )

    def decompress(self, value):
        if isinstance(value, PartialDate):
            return [value.year, value.month, value.day]
        return [None, None, None]


class PartialDateFormField(forms.MultiValueField):
    """A date known to the day, the month or only the year.

    Its cleaned value is a :class:`PartialDate` (or None when left empty); a day
    without its month, or a day the month does not have, is a field error.
    """

    widget = PartialDateWidget

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Leave the day, or the month and day, empty when only the month or the "
            "year is known.",
        )
        super().__init__(
            fields=(
                forms.IntegerField(required=False),
                forms.IntegerField(required=False),
                forms.IntegerField(required=False),
            ),
            require_all_fields=False,
            **kwargs,
        )

    def compress(self, data_list):
        if not data_list or all(part in (None, "") for part in data_list):
            return None
        return PartialDate.build(*data_list)

    def prepare_value(self, value):
        return value


def partial_date_initial(value, precision: str) -> PartialDate | None:
    """A model's date and precision as this field's initial value."""
    return PartialDate.of(value, precision)
