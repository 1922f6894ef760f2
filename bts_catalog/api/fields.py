"""Serializer fields shared by the API's resources."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from taggit.models import Tag
from taggit.serializers import TagListSerializerField

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
