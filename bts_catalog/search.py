"""Site search: PostgreSQL full-text search where available, a plain fallback elsewhere.

On PostgreSQL every searchable table keeps a ``search_vector`` column that a
database trigger refreshes on every insert and update (bulk writes included), with
a GIN index over it; queries match word prefixes and are ranked. On SQLite the same
methods match each word against the same columns with ``icontains``.

The triggers and indexes are created by the apps' migrations, each of which
carries its own SQL.
"""

import re

from django.db import connection, models

SEARCH_CONFIG = "english"
MAX_TERMS = 8
_WORD = re.compile(r"\w+", re.UNICODE)


def search_terms(text: str) -> list[str]:
    """The words of a query, lower-cased, at most MAX_TERMS of them."""
    return [word.lower() for word in _WORD.findall(text or "")][:MAX_TERMS]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def prefix_query(terms: list[str]):
    """A tsquery matching every term as a word prefix (``harb`` finds harbour)."""
    from django.contrib.postgres.search import SearchQuery

    # Terms are \w+ only, so nothing in them can be tsquery syntax.
    raw = " & ".join(f"{term}:*" for term in terms)
    return SearchQuery(raw, search_type="raw", config=SEARCH_CONFIG)


def search_queryset(
    queryset: models.QuerySet, text: str, fallback_fields: list[str]
) -> models.QuerySet:
    """Filter ``queryset`` to rows matching ``text``, best matches first."""
    terms = search_terms(text)
    if not terms:
        return queryset.none()
    if uses_full_text():
        from django.contrib.postgres.search import SearchRank

        query = prefix_query(terms)
        return (
            queryset.filter(search_vector=query)
            .annotate(search_rank=SearchRank(models.F("search_vector"), query))
            .order_by("-search_rank", "pk")
        )
    condition = models.Q()
    for term in terms:
        any_field = models.Q()
        for field in fallback_fields:
            any_field |= models.Q(**{f"{field}__icontains": term})
        condition &= any_field
    return queryset.filter(condition)
