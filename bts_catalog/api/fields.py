"""Serializer fields shared by the API's resources."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from taggit.models import Tag
from taggit.serializers import TagListSerializerField

from bts_catalog.links import detail_url
from bts_catalog.tagging import tags_of

TAG_MAX_LENGTH = 100  # taggit's Tag.name and Tag.slug columns
# taggit adds "_<n>" to a slug another tag already has, so its slug keeps room.
TAG_SLUG_MAX_LENGTH = TAG_MAX_LENGTH - 10


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


class LinkField(serializers.HyperlinkedIdentityField):
    """The object's API address, as HyperlinkedIdentityField gives it, without
    matching the URL patterns for every row (see bts_catalog.links)."""

    def get_url(self, obj, view_name, request, format):
        if format or request is None:
            return super().get_url(obj, view_name, request, format)
        value = getattr(obj, self.lookup_field)
        if value in (None, ""):  # not saved yet: no address
            return None
        return request.build_absolute_uri(
            detail_url(view_name, self.lookup_url_kwarg, value)
        )
