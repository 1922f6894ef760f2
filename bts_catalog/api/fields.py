"""Serializer fields shared by the API's resources."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag
from taggit.serializers import TagListSerializerField

from bts_catalog.partial_dates import DatePrecision, PartialDate, partial_isoformat
from bts_catalog.tagging import TAG_MAX_LENGTH, TAG_SLUG_MAX_LENGTH, tags_of


class TagNameField(serializers.CharField):
    """One tag name that fits taggit's columns, the slug made from it included.

    The slug can be longer than the name (Unicode normalisation expands some
    characters), and a longer slug than the column holds was a 500 on PostgreSQL.
    """

    default_error_messages = {
        "slug_too_long": _("This tag is too long for its web address; shorten it.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", TAG_MAX_LENGTH)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        value = super().run_validation(data)
        if len(Tag().slugify(value)) > TAG_SLUG_MAX_LENGTH:
            self.fail("slug_too_long")
        return value


class TagListField(TagListSerializerField):
    """taggit's tag list (a list, or the same as a JSON string) of TagNameFields."""

    child = TagNameField()

    def to_representation(self, value):
        """Names, by name; from the prefetched list when the view fetched one."""
        if hasattr(value, "instance"):  # taggit's manager of one row
            value = [tag.name for tag in tags_of(value.instance)]
        return super().to_representation(value)

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except RecursionError:
            self.fail("invalid_json")


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
        "nullable": True,
        "example": "1956-05",
        "description": "A date to the day, the month or only the year: "
        "1956-05-14, 1956-05 or 1956.",
    }
)
class PartialDateField(serializers.Field):
    """A date known to the day, the month or only the year, written as ISO 8601
    with reduced precision: ``"1956"``, ``"1956-05"`` or ``"1956-05-14"``.

    It reads and writes two model fields, the date (the first day of what is known)
    and its precision, so it is declared with ``source="*"``.
    """

    default_error_messages = {"invalid": _("{message}")}

    def __init__(self, *, date_field: str, precision_field: str, **kwargs):
        self.date_field, self.precision_field = date_field, precision_field
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return partial_isoformat(
            getattr(instance, self.date_field), getattr(instance, self.precision_field)
        )

    def to_internal_value(self, data):
        if data in (None, ""):
            if not self.allow_null:
                self.fail("null")
            return {self.date_field: None, self.precision_field: DatePrecision.DAY}
        if not isinstance(data, str):
            self.fail(
                "invalid",
                message="Write the date as a string: YYYY, YYYY-MM or YYYY-MM-DD.",
            )
        try:
            partial = PartialDate.parse(data)
        except DjangoValidationError as error:
            self.fail("invalid", message=" ".join(error.messages))
        return {self.date_field: partial.date, self.precision_field: partial.precision}

    def validate_empty_values(self, data):
        # source="*" fields see None as "null": let to_internal_value decide.
        if data is serializers.empty:
            return super().validate_empty_values(data)
        if data is None and self.allow_null:
            return (False, data)
        return super().validate_empty_values(data)
