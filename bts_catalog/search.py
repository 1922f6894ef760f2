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
# Ranking reads every match's search vector: a word found in a hundred thousand
# posts takes a second to rank whole. Where a page shows only the best few (the
# search page), they are the best of the newest RANKED_AMONG matches; the full
# lists it links to show every match, newest first. Finding the newest matches of
# a word in one row in ten walks the newest rows until it has them: 100 of them
# (five times the twenty the page shows) cost a third of what 300 did.
RANKED_AMONG = 100
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
    queryset: models.QuerySet,
    text: str,
    fallback_fields: list[str],
    newest_first: tuple[str, ...] = (),
    best: int | None = None,
) -> models.QuerySet:
    """Filter ``queryset`` to rows matching ``text``, best matches first.

    With ``newest_first`` (an ordering that an index serves) and ``best``, only
    the newest RANKED_AMONG matches in that order are ranked and the ``best`` of
    them kept: what a page showing the best few asks for, so that a common word
    costs no more than a rare one. The ranking reads only ids and search vectors;
    the rows themselves (and whatever is joined to them) are read for those
    ``best`` alone."""
    terms = search_terms(text)
    if not terms:
        return queryset.none()
    if uses_full_text():
        from django.contrib.postgres.search import SearchRank

        query = prefix_query(terms)
        matches = queryset.filter(search_vector=query)
        rank = SearchRank(models.F("search_vector"), query)
        if newest_first and best is not None:
            newest = matches.order_by(*newest_first).values("pk")[:RANKED_AMONG]
            ranked = (
                queryset.filter(pk__in=newest)
                .annotate(search_rank=rank)
                .order_by("-search_rank", "pk")
            )
            matches = queryset.filter(pk__in=ranked.values("pk")[:best])
        return matches.annotate(search_rank=rank).order_by("-search_rank", "pk")
    condition = models.Q()
    for term in terms:
        any_field = models.Q()
        for field in fallback_fields:
            any_field |= models.Q(**{f"{field}__icontains": term})
        condition &= any_field
    matches = queryset.filter(condition)
    if newest_first and best is not None:
        # Unranked: the best of the newest are the newest.
        newest = matches.order_by(*newest_first).values("pk")[: min(best, RANKED_AMONG)]
        return queryset.filter(pk__in=newest).order_by(*newest_first)
    return matches
