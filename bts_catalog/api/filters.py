"""Filter backends every API list shares."""

from rest_framework.filters import SearchFilter


class SearchableFilter(SearchFilter):
    """``search`` through the models' own full-text search (see bts_catalog.search)."""

    def filter_queryset(self, request, queryset, view):
        text = request.query_params.get(self.search_param, "")
        if not text.strip():
            return queryset
        return queryset.filter(pk__in=queryset.model.objects.search(text).values("pk"))

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": "Words to look for (prefixes match).",
                "schema": {"type": "string"},
            }
        ]
