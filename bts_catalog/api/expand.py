"""``?expand=``: related data embedded in the answer, in the spirit of TMDB's
``append_to_response``, in a number of queries that does not grow with the page.

A viewset names what may be expanded (``expandable``) and prefetches each with an
``expand_<name>(queryset)`` method; its serializer names the field each expansion
shows (``expansions``): one replacing a field of the same name (a slug becomes the
object) or one added only when asked for. The schema shows both shapes.
"""

import copy
from collections.abc import Iterable

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework import serializers

# ``credits`` is one level; ``credits.person`` would be two.
MAX_DEPTH = 1
# The actions that read: writes answer in their usual shape whatever is asked.
READING_ACTIONS = frozenset({"list", "retrieve"})


def parse_expand(raw: str | None, valid: Iterable[str]) -> set[str]:
    """The expansions asked for in ``raw`` (comma-separated), each one of
    ``valid``; a 400 naming ``expand`` for an unknown one or one nested too deep."""
    valid = list(valid)
    listing = ", ".join(valid)
    names, errors = set(), []
    for part in (raw or "").split(","):
        name = part.strip()
        if not name:
            continue
        depth = name.count(".") + 1
        if depth > MAX_DEPTH:
            message = (
                f"Expansion '{name}' is nested too deep ({depth} levels, at most "
                f"{MAX_DEPTH}). Valid: {listing}."
            )
        elif name not in valid:
            message = f"Unknown expansion '{name}'. Valid: {listing}."
        else:
            names.add(name)
            continue
        if message not in errors:
            errors.append(message)
    if errors:
        raise serializers.ValidationError({"expand": errors})
    return names


def expand_parameter(expandable: dict[str, str]) -> OpenApiParameter:
    """The ``expand`` query parameter: the relations it may embed, comma-separated."""
    return OpenApiParameter(
        "expand",
        OpenApiTypes.STR,
        many=True,
        enum=list(expandable),
        style="form",
        explode=False,
        description="Related data to embed, comma-separated: "
        + ", ".join(f"`{name}` ({what})" for name, what in expandable.items())
        + ". Anything else is a 400 listing the valid ones.",
        examples=[OpenApiExample("All of it", value=list(expandable))],
    )


class ExpandableViewMixin:
    """A viewset whose reads take ``?expand=`` (one of ``expandable``, which maps
    each name to what it embeds); ``expand_<name>(queryset)`` prefetches it."""

    expandable: dict[str, str] = {}

    def expansions(self) -> set[str]:
        if self.action not in READING_ACTIONS:
            return set()
        if not hasattr(self, "_expansions"):
            raw = self.request.query_params.get("expand")
            self._expansions = parse_expand(raw, self.expandable)
        return set(self._expansions)

    def expand_queryset(self, queryset):
        for name in sorted(self.expansions()):
            prefetch = getattr(self, f"expand_{name}", None)
            if prefetch is not None:
                queryset = prefetch(queryset)
        return queryset

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["expand"] = self.expansions()
        return context


def _describing_schema(context: dict) -> bool:
    """Whether the serializer is being described (OpenAPI) rather than used."""
    view = context.get("view")
    return "request" not in context or getattr(view, "swagger_fake_view", False)


class ExpandableSerializerMixin:
    """A serializer whose ``expansions`` (name: the field shown when expanded)
    appear with ``?expand=``; in the schema, as both shapes, or as optional.

    Only the serializer of the answer itself (or of each item of a list) reads
    ``expand``: one nested in it keeps its default shape."""

    expansions: dict[str, serializers.Field] = {}

    def get_fields(self):
        fields = super().get_fields()
        if _describing_schema(self.context):
            for name, prototype in self.expansions.items():
                fields[name] = ExpansionField(
                    compact=fields.get(name), expanded=copy.deepcopy(prototype)
                )
            return fields
        for name in self._requested_expansions():
            fields[name] = copy.deepcopy(self.expansions[name])
        return fields

    def _requested_expansions(self) -> set[str]:
        parent = self.parent
        is_answer = parent is None or (
            isinstance(parent, serializers.ListSerializer) and parent.parent is None
        )
        if not is_answer:
            return set()
        return set(self.context.get("expand") or ()) & set(self.expansions)


class ExpansionField(serializers.Field):
    """Only in the schema: an expandable field, its ``compact`` shape (or none,
    when it appears only expanded) and its ``expanded`` one."""

    def __init__(self, *, compact=None, expanded):
        help_text = getattr(compact, "help_text", None) or expanded.help_text
        super().__init__(read_only=False, required=False, help_text=help_text)
        self.compact, self.expanded = compact, expanded
        if compact is not None:
            self.read_only, self.write_only = compact.read_only, compact.write_only
            self.required, self.allow_null = compact.required, compact.allow_null

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        for field in (self.compact, self.expanded):
            if field is not None:
                field.bind(field_name, parent)

    # Used outside a request (no schema then either): it is its compact shape.
    def get_attribute(self, instance):
        return self.compact.get_attribute(instance)

    def to_representation(self, value):
        return self.compact.to_representation(value)

    def to_internal_value(self, data):
        return self.compact.to_internal_value(data)


class ExpansionFieldExtension(OpenApiSerializerFieldExtension):
    target_class = ExpansionField

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        if field.compact is None:
            if direction == "request":
                return None
            schema = auto_schema._map_serializer_field(field.expanded, direction)
            schema.pop("readOnly", None)  # absent unless asked for: not required
            return schema
        compact = auto_schema._map_serializer_field(field.compact, direction)
        if direction == "request":
            return compact
        expanded = auto_schema._map_serializer_field(field.expanded, direction)
        # anyOf, not oneOf: an empty list is both a list of slugs and of objects.
        return {"anyOf": [compact, expanded]}
