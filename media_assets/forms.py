"""Form fields and forms shared by admin and the public pages."""

import copy
import uuid
from collections import defaultdict

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from taggit.forms import TagField
from taggit.models import Tag

from bts_catalog.captions import clean_captions, validate_language
from bts_catalog.forms import ImageUploadField
from bts_catalog.images import ACCEPTED_LABEL, CleanImage, intake_image
from bts_catalog.tagging import MAX_TAGS, TAG_MAX_LENGTH, TAG_SLUG_MAX_LENGTH
from bts_catalog.videos import ACCEPTED_VIDEO_LABEL, intake_video
from productions.models import (
    Department,
    Episode,
    GameVersion,
    Performance,
    Person,
    Production,
    Run,
)

from .models import (
    ALT_TEXT_REQUIRED,
    CAPTURE_FIELDS,
    MediaAsset,
    MediaKind,
    PostKind,
    PostPhase,
    Projection,
    SourcePlatform,
    validate_alt_text,
    validate_pair,
)

# --- Picture details: focal point, capture details, projection, pairs -------------
# A validator's message is %-formatted (with its limit): the sign is doubled.
FOCAL_POINT_OUTSIDE = "Give a value from 0 to 100 %%."


class FocalPointField(forms.FloatField):
    """One coordinate of a picture's focal point, in per cent (0–100) of its width
    or height: a plain number input that works without JavaScript, and the one
    js/focal-point.js sets when the picture is clicked (``axis`` is "x" or "y")."""

    def __init__(self, *, axis: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(
            validators=[
                MinValueValidator(0, FOCAL_POINT_OUTSIDE),
                MaxValueValidator(100, FOCAL_POINT_OUTSIDE),
            ],
            widget=forms.NumberInput(
                attrs={
                    "min": "0",
                    "max": "100",
                    "step": "any",
                    "inputmode": "decimal",
                    "data-focal-axis": axis,
                    "class": "focal-point-input",
                }
            ),
            **kwargs,
        )


def focal_point_fields() -> dict[str, forms.Field]:
    return {
        "focal_across": FocalPointField(
            axis="x",
            label="Focal point across (0–100 %)",
            help_text="From the left edge (0) to the right (100).",
        ),
        "focal_down": FocalPointField(
            axis="y",
            label="Focal point down (0–100 %)",
            help_text="From the top (0) to the bottom (100).",
        ),
    }


def percent(fraction: float) -> float | int:
    """``0.35`` → ``35``; ``0.1234`` → ``12.3``: a focal coordinate as the inputs
    show it."""
    value = round(fraction * 100, 1)
    return int(value) if value.is_integer() else value


def clean_focal_point(form: forms.Form) -> tuple[float, float] | None:
    """The focal point the form was given, as fractions (0–1) across and down:
    None when neither input has a value; an error when only one has."""
    across = form.cleaned_data.get("focal_across")
    down = form.cleaned_data.get("focal_down")
    if across is None and down is None:
        return None
    if across is None or down is None:
        missing = "focal_across" if across is None else "focal_down"
        if not form.has_error(missing):
            form.add_error(
                missing, "Give the focal point both across and down, or neither."
            )
        return None
    return (across / 100, down / 100)


CAPTURE_LABELS = {
    "taken_at": "Taken at",
    "camera_make": "Camera make",
    "camera_model": "Camera model",
    "lens": "Lens",
    "focal_length_mm": "Focal length (mm)",
    "aperture": "Aperture (f-number)",
    "shutter": "Shutter speed (seconds)",
    "iso": "ISO",
}
CAPTURE_PUBLIC_LABEL = "Show the camera details (“shot on”) on the page"


def capture_fields() -> dict[str, forms.Field]:
    """The capture details as form fields, from the model (lengths, limits)."""
    fields = forms.fields_for_model(
        MediaAsset,
        fields=CAPTURE_FIELDS,
        labels=CAPTURE_LABELS,
        widgets={
            "taken_at": forms.DateTimeInput(
                attrs={"type": "datetime-local", "step": "1"},
                format="%Y-%m-%dT%H:%M:%S",
            )
        },
    )
    fields["taken_at"].help_text = "As the camera recorded it; empty if unknown."
    return fields


def pair_choices(asset: MediaAsset):
    """The pictures ``asset`` may be the "after" of: the others of its post."""
    if asset.pk is None or asset.kind != MediaKind.IMAGE:
        return MediaAsset.objects.none()
    return (
        MediaAsset.objects.images()
        .filter(post_id=asset.post_id)
        .exclude(pk=asset.pk)
        .order_by("position", "id")
    )


class PairField(forms.ModelChoiceField):
    """The picture of the same post this one is the "after" of, by its alt text."""

    def label_from_instance(self, obj: MediaAsset) -> str:
        return obj.alt_text or f"Picture {obj.pk}"


def pair_field(**kwargs) -> PairField:
    kwargs.setdefault("label", "This is the “after” of")
    kwargs.setdefault(
        "help_text",
        "Another picture of this post (a plate and the final shot, a sketch and "
        "the costume): the page shows them together, with a slider.",
    )
    return PairField(
        queryset=MediaAsset.objects.none(),
        required=False,
        empty_label="— Not part of a pair —",
        **kwargs,
    )


def media_asset_changes(
    asset: MediaAsset, cleaned: dict, changed: list[str], focal_point
) -> dict:
    """What a form says of ``asset``, as media_asset_update's keywords.

    Who made it and the focal point only when they changed: re-saving a credit
    someone else gave is no new claim, and an unchanged point makes no new crops.
    """
    changes = {
        name: cleaned[name]
        for name in ("alt_text", "caption", "is_spoiler")
        if name in cleaned
    }
    if "credited_to" in changed:
        changes["credited_to"] = cleaned.get("credited_to")
    if asset.kind != MediaKind.IMAGE:
        return changes
    changes["capture"] = {name: cleaned.get(name) for name in CAPTURE_FIELDS}
    changes["capture_public"] = bool(cleaned.get("capture_public"))
    changes["after_of"] = cleaned.get("after_of")
    if cleaned.get("projection"):
        changes["projection"] = cleaned["projection"]
    if focal_point is not None and {"focal_across", "focal_down"} & set(changed):
        changes["focal_point"] = focal_point
    return changes


class PictureAdminForm(forms.ModelForm):
    """A medium as admin edits it: its description and, for a picture, its focal
    point (the preview sets it, see js/focal-point.js), capture details, projection
    and the picture it is the "after" of.

    The model's rules check the candidate (its pair included) as the form is
    validated; saving goes through ``media_assets.services`` (see admin.py), which
    makes the crops or every size again when the point or the projection changes.
    """

    focal_across = focal_point_fields()["focal_across"]
    focal_down = focal_point_fields()["focal_down"]
    projection = forms.ChoiceField(choices=Projection.choices, required=False)
    after_of = pair_field()

    class Meta:
        model = MediaAsset
        fields = [
            "alt_text",
            "caption",
            "is_spoiler",
            "credited_to",
            "position",
            "focal_across",
            "focal_down",
            "projection",
            "after_of",
            *CAPTURE_FIELDS,
            "capture_public",
        ]
        labels = {**CAPTURE_LABELS, "capture_public": CAPTURE_PUBLIC_LABEL}

    PICTURE_FIELDS = (
        "focal_across",
        "focal_down",
        "projection",
        "after_of",
        *CAPTURE_FIELDS,
        "capture_public",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        asset = self.instance
        self.focal_point: tuple[float, float] | None = None
        if asset.pk is None:
            self._set_up_new()
        elif asset.kind != MediaKind.IMAGE:
            for name in self.PICTURE_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Pictures only."
        else:
            self.initial["focal_across"] = percent(asset.focal_x)
            self.initial["focal_down"] = percent(asset.focal_y)
            self.initial["projection"] = asset.projection
            if "after_of" in self.fields:
                self.fields["after_of"].queryset = pair_choices(asset)

    def _set_up_new(self) -> None:
        """A picture being uploaded: its capture details and projection come from
        the file unless said otherwise; pairs are made once both are saved."""
        if "projection" in self.fields:
            self.fields["projection"].choices = [
                ("", "Recognise from the photo"),
                *Projection.choices,
            ]
            self.initial["projection"] = ""
        for name in CAPTURE_FIELDS:
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Read from the photo when it is stored."
        if "after_of" in self.fields:
            self.fields["after_of"].disabled = True
            self.fields["after_of"].help_text = "Pair pictures once both are saved."

    def clean_projection(self) -> str:
        # Nothing chosen (a new picture): its metadata says; the row keeps the
        # default until then.
        value = self.cleaned_data.get("projection") or ""
        self.projection_chosen = bool(value)
        return value or self.instance.projection

    def clean(self):
        cleaned = super().clean()
        self.focal_point = clean_focal_point(self)
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the model's rules, the candidate's pair included
        asset = self.instance
        if (
            asset.pk is None
            or asset.kind != MediaKind.IMAGE
            or "projection" not in self.changed_data
        ):
            return
        # Made a panorama, it cannot stay the "before" of another picture.
        after = MediaAsset.objects.filter(after_of=asset).first()
        if after is None:
            return
        try:
            validate_pair(after, asset)
        except ValidationError as error:
            self.add_error("projection", error.message_dict["after_of"])

    def service_changes(self) -> dict:
        """The change, as media_asset_update's keywords."""
        return media_asset_changes(
            self.instance, self.cleaned_data, self.changed_data, self.focal_point
        )


class MediaAssetInlineForm(PictureAdminForm):
    """A media asset as admin shows it inline on a post.

    New assets are stored by ``media_assets.services`` (admin's ``save_formset``);
    an existing asset's file is never replaced, only what is said of it and its
    order.
    """

    upload = forms.FileField(
        required=False,
        help_text=f"Image ({ACCEPTED_LABEL}) or video file ({ACCEPTED_VIDEO_LABEL}).",
    )

    class Meta(PictureAdminForm.Meta):
        fields = ["kind", "upload", "embed_url", *PictureAdminForm.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "kind" in self.fields:
            self.fields["kind"].disabled = True

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

    def new_asset_details(self) -> dict:
        """A new medium's picture details, as media_asset_add's keywords."""
        data = self.cleaned_data
        return {
            "focal_point": self.focal_point,
            "projection": data["projection"] if self.projection_chosen else None,
            "capture_public": data.get("capture_public", True),
        }


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
        self._check_pairs_together()

    def get_unique_error_message(self, unique_check):
        if list(unique_check) == ["after_of"]:
            return "Two pictures cannot be the “after” of the same picture."
        return super().get_unique_error_message(unique_check)

    def _check_pairs_together(self) -> None:
        """Pairs made in one save must agree with each other: each row's own check
        sees only the pairs already stored."""
        kept = [
            form
            for form in self.forms
            if form.instance.pk
            and hasattr(form, "cleaned_data")
            and not self._should_delete_form(form)
        ]
        deleted = {
            form.instance.pk
            for form in self.forms
            if form.instance.pk and self._should_delete_form(form)
        }
        after_of = {
            form.instance.pk: getattr(form.cleaned_data.get("after_of"), "pk", None)
            for form in kept
        }
        panoramas = {
            form.instance.pk
            for form in kept
            if form.cleaned_data.get("projection") == Projection.EQUIRECTANGULAR
        }
        paired = set()
        for form in kept:
            before = after_of[form.instance.pk]
            if before is None:
                continue
            message = None
            if before in deleted:
                if "after_of" in form.changed_data:
                    message = "That picture is being deleted."
            elif after_of.get(before) is not None:
                message = (
                    "That picture is itself an “after”; pair it with its “before”."
                )
            elif before in panoramas:
                message = "A 360° panorama cannot be part of a before/after pair."
            elif before in paired:
                message = "That picture already has an “after”."
            paired.add(before)
            if message and not form.has_error("after_of"):
                form.add_error("after_of", message)


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
    focal_across = focal_point_fields()["focal_across"]
    focal_down = focal_point_fields()["focal_down"]
    capture_public = forms.BooleanField(
        required=False,
        initial=True,
        label=CAPTURE_PUBLIC_LABEL,
        help_text="The camera, lens and exposure its metadata names (nothing that "
        "says who or where); crews who keep them to themselves uncheck this.",
    )
    is_panorama = forms.BooleanField(
        required=False,
        label="This is a 360° photo",
        help_text="Photo spheres from 360° cameras and phones are recognised anyway.",
    )

    def __init__(self, *args, user=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if people is not None:
            offer_only(self.fields["credited_to"], people)
        self.kept_image: CleanImage | None = None
        self.focal_point: tuple[float, float] | None = None

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
        self.focal_point = clean_focal_point(self)
        return cleaned

    def picture(self) -> dict:
        """The accepted picture as :func:`media_assets.services.media_asset_add`
        takes it."""
        return {
            "upload": self.kept_image,
            "alt_text": self.cleaned_data["alt_text"],
            "credited_to": self.cleaned_data.get("credited_to"),
            "focal_point": self.focal_point,
            # Not marked: the photo's own metadata says whether it is a panorama.
            "projection": Projection.EQUIRECTANGULAR
            if self.cleaned_data.get("is_panorama")
            else None,
            "capture_public": bool(self.cleaned_data.get("capture_public")),
        }

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
            form.picture()
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


ANCHOR_FIELDS = ("episode", "run", "performance", "version")
WHOLE_PRODUCTION = "— The whole production —"


def anchor_value(anchor: Episode | Run | Performance | GameVersion | None) -> str:
    """An anchor as the About field's value ('episode:12', 'run:3'), '' for none."""
    if anchor is None:
        return ""
    name = "version" if isinstance(anchor, GameVersion) else type(anchor).__name__
    return f"{name.lower()}:{anchor.pk}"


class Anchor:
    """One choice of the About field: what it points at and whose it is."""

    def __init__(self, obj, production_id: int, label: str) -> None:
        self.obj, self.production_id, self.label = obj, production_id, label

    @property
    def fields(self) -> dict:
        """The post's anchor fields for this choice (a performance brings its
        run)."""
        values = dict.fromkeys(ANCHOR_FIELDS)
        if isinstance(self.obj, Performance):
            values["performance"], values["run"] = self.obj, self.obj.run
        else:
            values[anchor_value(self.obj).split(":")[0]] = self.obj
        return values


def anchors_of(productions: list[Production]) -> dict[int, list[tuple[str, Anchor]]]:
    """Each production's episodes, runs (each followed by its performances) and
    game versions, in order, as About choices: four queries however many."""
    ids = [production.pk for production in productions]
    found: dict[int, list[tuple[str, Anchor]]] = defaultdict(list)
    episodes = (
        Episode.objects.with_season().filter(season__production_id__in=ids).in_order()
    )
    for episode in episodes:
        found[episode.season.production_id].append(
            (
                anchor_value(episode),
                Anchor(
                    episode,
                    episode.season.production_id,
                    f"{episode.code} · {episode.title}",
                ),
            )
        )
    runs = (
        Run.objects.with_related()
        .with_performances()
        .filter(production_id__in=ids)
        .in_order()
    )
    for run in runs:
        place = f"{run.venue.name}, {run.venue.city}"
        found[run.production_id].append(
            (anchor_value(run), Anchor(run, run.production_id, f"{place}, {run.dates}"))
        )
        for performance in run.performances.all():
            performance.run = run
            found[run.production_id].append(
                (
                    anchor_value(performance),
                    Anchor(performance, run.production_id, f"{place}: {performance}"),
                )
            )
    for version in GameVersion.objects.filter(production_id__in=ids).in_order():
        found[version.production_id].append(
            (
                anchor_value(version),
                Anchor(version, version.production_id, version.name),
            )
        )
    return found


class PostContributionForm(forms.Form):
    """The text of a crew member's post; the images come in a formset beside it.

    The About choice, grouped by production, says which episode, run,
    performance or game version the post is about; it is not part of
    ``cleaned_data`` but of :meth:`anchor_fields`, the post's fields for it.
    """

    production = forms.ModelChoiceField(
        queryset=Production.objects.none(),
        empty_label="— Choose a production you worked on —",
        help_text="Only productions you hold a credit on.",
    )
    about = forms.ChoiceField(
        required=False,
        label="About",
        help_text="Optional: the episode, run, performance or game version of the "
        "production that the post is about.",
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
        required=False,
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the photos or the video show. Left empty, it is the day "
        "the photos were taken (as the camera recorded it), else today.",
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
    is_spoiler = forms.BooleanField(
        required=False,
        label="Spoiler",
        help_text="It gives the story away: visitors see a warning and choose to "
        "reveal it.",
    )
    spoils_until = forms.DateField(
        required=False,
        label="Spoiler until",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Optional: the day it stops being a spoiler, such as the "
        "finale's air date. Left empty, it stays a spoiler.",
    )

    def __init__(
        self, *args, person: Person, people=None, date_required=False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if date_required:  # a post being edited keeps a date of its own
            self.fields["happened_on"].required = True
            self.fields[
                "happened_on"
            ].help_text = "The day the photos or the video show."
        self.fields["production"].queryset = Production.objects.for_person(
            person
        ).order_by("-release_date", "title")
        if people is not None:
            offer_only(self.fields["featured_people"], people)
        self.anchor: Anchor | None = None
        self._set_up_about()

    def _set_up_about(self) -> None:
        """Offer the anchors of the productions offered, or drop the field when
        none of them has any."""
        productions = list(self.fields["production"].queryset)
        found = anchors_of(productions)
        self._anchors = {
            value: anchor for choices in found.values() for value, anchor in choices
        }
        if not self._anchors:
            del self.fields["about"]
            return
        self.fields["about"].choices = [
            ("", WHOLE_PRODUCTION),
            *(
                (
                    str(production),
                    [(value, anchor.label) for value, anchor in found[production.pk]],
                )
                for production in productions
                if found.get(production.pk)
            ),
        ]

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
        self._clean_about(cleaned)
        self._clean_spoiler(cleaned)
        return cleaned

    def _clean_spoiler(self, cleaned: dict) -> None:
        """The checks of Post.clean_spoiler, beside the field, before any upload
        is kept."""
        until = cleaned.get("spoils_until")
        if until is None:
            return
        happened_on = cleaned.get("happened_on")
        if not cleaned.get("is_spoiler"):
            self.add_error(
                "spoils_until",
                "Only a post marked as a spoiler can spoil until a date: tick "
                "“Spoiler” or leave the date blank.",
            )
        elif happened_on and until < happened_on:
            self.add_error(
                "spoils_until",
                "A post cannot spoil until a day before it happened "
                f"({happened_on.isoformat()}).",
            )

    def _clean_about(self, cleaned: dict) -> None:
        anchor = self._anchors.get(cleaned.pop("about", "") or "")
        production = cleaned.get("production")
        if anchor is not None and production is not None:
            if anchor.production_id != production.pk:
                self.add_error(
                    "about",
                    f"“{anchor.label}” is not part of {production.title}; choose "
                    "one of its own, or the whole production.",
                )
                anchor = None
        self.anchor = anchor

    def anchor_fields(self) -> dict:
        """The post's episode, run, performance and version for the About
        choice: None each when the post is about the whole production."""
        if self.anchor is None:
            return dict.fromkeys(ANCHOR_FIELDS)
        return self.anchor.fields


class MediaAssetEditForm(forms.Form):
    """What the author (until the post is published) or a curator says of one
    medium: its description and credit and, for a picture, its focal point,
    capture details, projection and pair. Saved by
    :func:`media_assets.services.media_asset_update`, whose refusals show on it."""

    alt_text = forms.CharField(
        max_length=300,
        label="Alt text",
        help_text="What the picture shows, for people who cannot see it.",
    )
    caption = forms.CharField(
        required=False,
        max_length=500,
        label="Caption",
        help_text="A line shown with it.",
    )
    credited_to = forms.ModelChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label="Made by",
        empty_label="— Who made it? —",
    )
    focal_across = focal_point_fields()["focal_across"]
    focal_down = focal_point_fields()["focal_down"]
    capture_public = forms.BooleanField(
        required=False, label="Show the camera details (“shot on”) on the page"
    )
    projection = forms.ChoiceField(
        choices=Projection.choices,
        label="Projection",
        help_text="A 360° panorama is shown in a viewer you can look around in.",
    )
    after_of = pair_field()
    is_spoiler = forms.BooleanField(
        required=False,
        label="Spoiler",
        help_text="It gives the story away: shown behind a warning, even when the "
        "rest of the post is not.",
    )

    def __init__(self, *args, asset: MediaAsset, people=None, **kwargs):
        self.asset = asset
        is_image = asset.kind == MediaKind.IMAGE
        initial = {
            "alt_text": asset.alt_text,
            "caption": asset.caption,
            "credited_to": asset.credited_to_id,
            "is_spoiler": asset.is_spoiler,
        }
        if is_image:
            initial |= {
                "focal_across": percent(asset.focal_x),
                "focal_down": percent(asset.focal_y),
                "capture_public": asset.capture_public,
                "projection": asset.projection,
                "after_of": asset.after_of_id,
                **{name: getattr(asset, name) for name in CAPTURE_FIELDS},
            }
        super().__init__(*args, initial=initial, **kwargs)
        self.focal_point: tuple[float, float] | None = None
        if is_image:
            self.fields.update(capture_fields())
            self.fields["credited_to"].label = "Photo by"
            self.fields["credited_to"].empty_label = "— Who took it? —"
            self.fields["after_of"].queryset = pair_choices(asset)
        else:
            if asset.kind == MediaKind.VIDEO_FILE:
                self.fields["credited_to"].label = "Filmed by"
                self.fields["credited_to"].empty_label = "— Who filmed it? —"
            for name in ("alt_text", "focal_across", "focal_down", "capture_public"):
                del self.fields[name]
            del self.fields["projection"], self.fields["after_of"]
        if people is not None:
            if asset.credited_to_id is not None:  # a credit given earlier stays shown
                people = Person.objects.filter(
                    Q(pk__in=people.values("pk")) | Q(pk=asset.credited_to_id)
                ).order_by("name")
            offer_only(self.fields["credited_to"], people)

    @property
    def capture_bound_fields(self) -> list:
        return [self[name] for name in CAPTURE_FIELDS if name in self.fields]

    def clean(self):
        cleaned = super().clean()
        if "focal_across" in self.fields:
            self.focal_point = clean_focal_point(self)
        return cleaned

    def changes(self) -> dict:
        """The change, as media_asset_update's keywords."""
        return media_asset_changes(
            self.asset, self.cleaned_data, self.changed_data, self.focal_point
        )
