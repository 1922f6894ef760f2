"""Form fields and forms shared by admin and the public pages."""

import copy
import uuid

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from taggit.forms import TagField
from taggit.models import Tag

from bts_catalog.captions import clean_captions, validate_language
from bts_catalog.forms import ImageUploadField
from bts_catalog.images import ACCEPTED_LABEL, CleanImage, intake_image
from bts_catalog.tagging import MAX_TAGS, TAG_MAX_LENGTH, TAG_SLUG_MAX_LENGTH
from bts_catalog.videos import ACCEPTED_VIDEO_LABEL, intake_video
from productions.models import Department, Person, Production

from .models import (
    ALT_TEXT_REQUIRED,
    MediaAsset,
    MediaKind,
    PostKind,
    PostPhase,
    SourcePlatform,
    validate_alt_text,
)


class MediaAssetInlineForm(forms.ModelForm):
    """A media asset as admin shows it inline on a post.

    New assets are stored by ``media_assets.services`` (admin's ``save_formset``);
    an existing asset's file is never replaced, only its description and order.
    """

    upload = forms.FileField(
        required=False,
        help_text=f"Image ({ACCEPTED_LABEL}) or video file ({ACCEPTED_VIDEO_LABEL}).",
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
                validate_alt_text(kind, cleaned.get("alt_text"))
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


# --- Contributions from crew ---------------------------------------------------
def offer_only(field: forms.ModelChoiceField, people) -> None:
    """Offer only ``people`` as choices, while any person passes the field.

    Whom a crew member may name is the services' rule (media_assets.services), so
    a form that is sent someone else gets the same answer as the API.
    """
    shown = copy.copy(field)
    shown.queryset = people
    field.widget.choices = shown.choices


KEPT_UPLOAD_SECONDS = 60 * 60


def _kept_key(user_id: int, token: str) -> str:
    return f"kept-upload:{user_id}:{token}"


class ContributionImageForm(forms.Form):
    """One picture of a contribution, with its alt text and who shot it.

    An accepted picture is kept (in the cache, for an hour) under a token that the
    form carries in a hidden field, so that a submission refused for another
    reason comes back without asking for the file again.
    """

    image = ImageUploadField(required=False, label="Image")
    kept = forms.CharField(required=False, widget=forms.HiddenInput)
    alt_text = forms.CharField(
        required=False,
        max_length=300,
        label="Alt text",
        help_text="What the picture shows, for people who cannot see it.",
    )
    credited_to = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label="Photo by",
        empty_label="— Who took it? —",
    )

    def __init__(self, *args, user=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if people is not None:
            offer_only(self.fields["credited_to"], people)
        self.kept_image: CleanImage | None = None

    def clean(self):
        cleaned = super().clean()
        image = cleaned.get("image")
        token = cleaned.get("kept") or ""
        if isinstance(image, CleanImage):
            token = uuid.uuid4().hex
            cache.set(_kept_key(self.user.pk, token), image, KEPT_UPLOAD_SECONDS)
            # Carry the token into the re-rendered form (the data is a mutable copy).
            if hasattr(self.data, "_mutable") and self.data._mutable:
                self.data[self.add_prefix("kept")] = token
            cleaned["kept"] = token
        if token and not isinstance(image, CleanImage):
            image = cache.get(_kept_key(self.user.pk, token))
            if image is None:
                self.add_error(
                    "image", "The earlier upload has expired; choose the file again."
                )
        self.kept_image = image if isinstance(image, CleanImage) else None
        if self.kept_image and not (cleaned.get("alt_text") or "").strip():
            self.add_error("alt_text", ALT_TEXT_REQUIRED)
        if not self.kept_image and (cleaned.get("alt_text") or "").strip():
            if not self.has_error("image"):
                self.add_error("image", "Choose the image this alt text describes.")
        return cleaned

    @property
    def kept_name(self) -> str:
        return self.kept_image.original_name if self.kept_image else ""


class BaseContributionImageFormSet(forms.BaseFormSet):
    def __init__(self, *args, user=None, people=None, **kwargs):
        self.user, self.people = user, people
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "user": self.user,
            "people": self.people,
        }

    def clean(self):
        seen = set()
        for form in self.forms:
            image = getattr(form, "kept_image", None)
            if image is None or self._should_delete_form(form):
                continue
            if image.sha256 in seen:
                form.add_error("image", "The same image is uploaded twice.")
            seen.add(image.sha256)

    def images(self) -> list[dict]:
        """The accepted pictures, in the order they were given."""
        return [
            {
                "upload": form.kept_image,
                "alt_text": form.cleaned_data["alt_text"],
                "credited_to": form.cleaned_data.get("credited_to"),
            }
            for form in self.forms
            if form.kept_image is not None and not self._should_delete_form(form)
        ]

    def forget_kept(self) -> None:
        for form in self.forms:
            token = form.cleaned_data.get("kept") if form.is_bound else None
            if token:
                cache.delete(_kept_key(self.user.pk, token))


ContributionImageFormSet = forms.formset_factory(
    ContributionImageForm,
    formset=BaseContributionImageFormSet,
    extra=4,
    max_num=12,
    validate_max=True,
    can_delete=True,
)


class ContributionVideoForm(forms.Form):
    """A video of a contribution, with who filmed it and, optionally, captions.

    A video is too large to keep between attempts the way pictures are: when the
    submission is refused for another reason, it is chosen again.
    """

    video = forms.FileField(
        required=False,
        label="Video",
        help_text=f"{ACCEPTED_VIDEO_LABEL}, up to 20 minutes. Location and device "
        "details are removed; the video plays once it has been processed.",
        widget=forms.ClearableFileInput(
            attrs={"accept": "video/mp4,video/quicktime,video/webm,.mov,.mp4,.webm"}
        ),
    )
    caption = forms.CharField(
        required=False,
        max_length=500,
        label="What it shows",
        help_text="A line shown with the video.",
    )
    credited_to = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label="Filmed by",
        empty_label="— Who filmed it? —",
    )
    captions = forms.FileField(
        required=False,
        label="Captions",
        help_text="Optional: a WebVTT (.vtt) or SRT (.srt) file.",
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,.srt,text/vtt"}),
    )
    captions_language = forms.CharField(
        required=False,
        max_length=35,
        initial="en",
        label="Language of the captions",
        help_text="A language tag such as en, en-GB or fi.",
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            offer_only(self.fields["credited_to"], people)

    def clean_video(self):
        upload = self.cleaned_data.get("video")
        return intake_video(upload) if upload else None

    def clean_captions(self):
        upload = self.cleaned_data.get("captions")
        return clean_captions(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("captions") and not cleaned.get("video"):
            if not self.has_error("video"):
                self.add_error("captions", "Add the video these captions belong to.")
        if cleaned.get("captions"):
            try:
                cleaned["captions_language"] = validate_language(
                    cleaned.get("captions_language") or ""
                )
            except ValidationError as error:
                self.add_error("captions_language", error)
        return cleaned

    def media(self) -> list[dict]:
        """The video as :func:`media_assets.services.post_submit` takes it."""
        video = self.cleaned_data.get("video") if self.is_bound else None
        if video is None:
            return []
        captions = self.cleaned_data.get("captions")
        return [
            {
                "upload": video,
                "caption": self.cleaned_data.get("caption") or "",
                "credited_to": self.cleaned_data.get("credited_to"),
                "captions": [(captions, self.cleaned_data["captions_language"], "")]
                if captions
                else [],
            }
        ]


class PostContributionForm(forms.Form):
    """The text of a crew member's post; the images come in a formset beside it."""

    production = forms.ModelChoiceField(
        queryset=Production.objects.none(),
        empty_label="— Choose a production you worked on —",
        help_text="Only productions you hold a credit on.",
    )
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        max_length=50_000,
        help_text="Markdown: **bold**, *italic*, [links](https://…), lists.",
    )
    kind = forms.ChoiceField(choices=PostKind.choices)
    phase = forms.ChoiceField(choices=PostPhase.choices)
    happened_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the photos or the video show.",
    )
    source_platform = forms.ChoiceField(
        choices=SourcePlatform.choices,
        initial=SourcePlatform.ORIGINAL,
        label="First posted on",
    )
    source_url = forms.URLField(
        required=False,
        max_length=500,
        label="Link to the original post",
        help_text="Required unless you upload it here first.",
    )
    tags = TagField(
        required=False, help_text="Comma-separated, e.g. night shoot, rain."
    )
    featured_people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People from the production who appear in the post.",
    )
    crafts = forms.ModelMultipleChoiceField(
        queryset=Department.objects.crafts(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The crafts the post shows.",
    )

    def __init__(self, *args, person: Person, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["production"].queryset = Production.objects.for_person(
            person
        ).order_by("-release_date", "title")
        if people is not None:
            offer_only(self.fields["featured_people"], people)

    def clean_tags(self) -> list[str]:
        tags = self.cleaned_data["tags"] or []
        if len(tags) > MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")
        for tag in tags:
            if (
                len(tag) > TAG_MAX_LENGTH
                or len(Tag().slugify(tag)) > TAG_SLUG_MAX_LENGTH
            ):
                raise ValidationError(f"“{tag[:40]}…” is too long for a tag.")
        return tags

    def clean(self):
        cleaned = super().clean()
        platform = cleaned.get("source_platform")
        if platform:
            try:
                SourcePlatform(platform).validate_url(cleaned.get("source_url") or "")
            except ValidationError as error:
                self.add_error("source_url", error)
        return cleaned
