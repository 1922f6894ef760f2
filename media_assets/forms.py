"""Form fields and forms shared by admin and the public pages."""

from django import forms
from django.core.exceptions import ValidationError

from .images import ACCEPTED_LABEL, CleanImage, intake_image, intake_video
from .models import MediaAsset, MediaKind


class ImageUploadField(forms.FileField):
    """A file field whose cleaned value is a :class:`CleanImage`.

    The upload goes through :func:`intake_image`, so a form shows the same
    messages as the API and nothing is stored until the form is saved.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", f"{ACCEPTED_LABEL}.")
        kwargs.setdefault(
            "widget",
            forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload or upload is initial or isinstance(upload, CleanImage):
            return upload
        return intake_image(upload)


def clean_image_into_field(form: forms.ModelForm, field_name: str) -> None:
    """Turn a ``CleanImage`` in ``cleaned_data`` into content the model can save."""
    from django.core.files.base import ContentFile

    value = form.cleaned_data.get(field_name)
    if isinstance(value, CleanImage):
        form.cleaned_data[field_name] = ContentFile(value.content, name=value.filename)


class MediaAssetInlineForm(forms.ModelForm):
    """A media asset as admin shows it inline on a post.

    New assets are stored by ``media_assets.services`` (admin's ``save_formset``);
    an existing asset's file is never replaced, only its description and order.
    """

    upload = forms.FileField(
        required=False,
        help_text=f"Image ({ACCEPTED_LABEL}) or video file (MP4, QuickTime, WebM).",
    )

    class Meta:
        model = MediaAsset
        fields = [
            "kind",
            "upload",
            "embed_url",
            "alt_text",
            "caption",
            "credited_to",
            "position",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            if cleaned.get("upload"):
                self.add_error(
                    "upload",
                    "A stored file cannot be replaced; delete this item and add a new "
                    "one.",
                )
            return cleaned
        kind = cleaned.get("kind")
        upload = cleaned.get("upload")
        try:
            if kind == MediaKind.IMAGE:
                if not upload:
                    raise ValidationError({"upload": "Choose an image to upload."})
                cleaned["clean_file"] = intake_image(upload)
                if not (cleaned.get("alt_text") or "").strip():
                    raise ValidationError(
                        {"alt_text": "Describe the image for screen readers."}
                    )
            elif kind == MediaKind.VIDEO_FILE:
                if not upload:
                    raise ValidationError({"upload": "Choose a video file to upload."})
                cleaned["clean_file"] = intake_video(upload)
            elif kind == MediaKind.EMBED and upload:
                raise ValidationError(
                    {"upload": "Embedded videos have no file; give the link instead."}
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
            else:
                self.add_error("upload", error)
        clean_file = cleaned.get("clean_file")
        if clean_file and self.instance.post_id:
            duplicate = MediaAsset.objects.filter(
                post_id=self.instance.post_id, sha256=clean_file.sha256
            )
            if duplicate.exists():
                self.add_error("upload", "This file is already part of the post.")
        return cleaned


class MediaAssetInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            clean_file = form.cleaned_data.get("clean_file")
            if clean_file is None:
                continue
            if clean_file.sha256 in seen:
                form.add_error("upload", "The same file is uploaded twice.")
            seen.add(clean_file.sha256)
