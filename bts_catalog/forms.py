"""Form fields every app's forms share."""

from django import forms
from django.core.files.base import ContentFile

from .images import ACCEPTED_LABEL, ACCEPTED_TYPES, CleanImage, intake_image


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
