"""Pagination for the API: page numbers with counts for catalogue lists, a cursor
for the posts stream.

A catalogue list longer than bts_catalog.paging.EXACT_COUNT_UP_TO rows answers
PostgreSQL's estimate of its length as ``count``, rounded, with
``count_is_estimate: true``; a shorter one is counted exactly. On deep pages the
skipped rows are read as ids only (bts_catalog.paging).
"""

from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response

from ..paging import CatalogPaginator


class CataloguePagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CatalogPaginator

    def get_paginated_response(self, data) -> Response:
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_is_estimate": paginator.count_is_estimate,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        response = super().get_paginated_response_schema(schema)
        properties = response["properties"]
        response["properties"] = {
            "count": {
                **properties["count"],
                "description": "How many there are; rounded when "
                "`count_is_estimate` is true.",
            },
            "count_is_estimate": {
                "type": "boolean",
                "example": False,
                "description": "True when a long list gives the database's "
                "estimate of its length (two significant figures) instead of "
                "counting every row.",
            },
            **{k: v for k, v in properties.items() if k != "count"},
        }
        response["required"] = [*response.get("required", []), "count_is_estimate"]
        return response


class PostStreamPagination(CursorPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-published_at", "-id")
