"""Site search: PostgreSQL full-text search where available, a plain fallback elsewhere.

On PostgreSQL every searchable table keeps a ``search_vector`` column that a
database trigger refreshes on every insert and update (bulk writes included), with
a GIN index over it; queries match word prefixes and are ranked. On SQLite the same
methods match each word against the same columns with ``icontains``.

The triggers and indexes are created by the apps' migrations, each of which
carries its own SQL.
"""

import re

from django.core.cache import cache
from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

SEARCH_CONFIG = "english"
MAX_TERMS = 8
# Ranking reads every match's search vector: a word found in a hundred thousand
# posts takes a second to rank whole. Where a page shows only the best few (the
# search page), they are the best of the newest RANKED_AMONG matches; the full
# lists it links to show every match, newest first. Finding the newest matches of
# a word in one row in ten walks the newest rows until it has them: 100 of them
# (five times the twenty the page shows) cost a third of what 300 did.
RANKED_AMONG = 100
# Where a word is rare, walking the newest rows for its matches reads most of the
# table, and reading every match (its GIN index, then each row, to know how new it
# is) still visits thousands of rows. So the newest matches are looked for among
# the newest SEARCH_WINDOW rows first, where both indexes narrow the rows down
# before any is read; a word found in one row in 200 has its RANKED_AMONG there.
# Only when the window holds too few are the older matches read, all of them.
SEARCH_WINDOW = 200 * RANKED_AMONG
# Where the window starts moves as rows are added, but any start gives the same
# matches (only the time it takes differs), so it is looked up now and then.
WINDOW_SECONDS = 600
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
            newest = _newest_matches(queryset, matches, newest_first)
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


def _newest_matches(queryset, matches, newest_first: tuple[str, ...]):
    """The ids of the newest RANKED_AMONG of ``matches`` (rows of ``queryset``)
    in the order ``newest_first`` (descending, its first field indexed), as a
    subquery: those of the newest SEARCH_WINDOW rows of ``queryset`` and, only
    if there are too few of them, the newest of the older ones.

    One query, in which the older part is read only when the window's part came
    short (a condition on the window's count, which PostgreSQL checks before
    reading anything for that part). The older part is ordered by an expression
    no index serves, so that the database reads those matches through the
    search index and sorts them rather than walking the newest rows' index
    past the whole window again: it comes to that part only for words rare
    among the newest rows.
    """
    first, *rest = newest_first
    key = first.removeprefix("-")
    start = _window_start(queryset, newest_first)
    if start is None:  # a table smaller than the window
        return matches.order_by(*newest_first).values("pk")[:RANKED_AMONG]
    window = matches.filter(**{f"{key}__gte": start}).order_by(*newest_first)
    older = matches.filter(**{f"{key}__lt": start}).order_by(
        Coalesce(key, key).desc(), *rest
    )
    # Both parts are compiled by Django, their values kept apart as parameters.
    newest = window.values("pk")[:RANKED_AMONG]
    window_sql, window_params = newest.query.sql_with_params()
    older_sql, older_params = older.values("pk").query.sql_with_params()
    sql = (
        f"WITH newest AS MATERIALIZED ({window_sql}) "  # noqa: S608
        "SELECT pk FROM newest UNION ALL "
        f"({older_sql} LIMIT (%s - (SELECT COUNT(*) FROM newest)))"
    )
    return RawSQL(sql, (*window_params, *older_params, RANKED_AMONG))  # noqa: S611


def _window_start(queryset, newest_first: tuple[str, ...]):
    """The value of the ordering's first field at the SEARCH_WINDOW-th newest row
    of ``queryset`` (None when it has fewer rows), remembered WINDOW_SECONDS."""
    key = newest_first[0].removeprefix("-")
    name = f"search-window:{queryset.model._meta.label}:{key}:{SEARCH_WINDOW}"
    found = cache.get(name)
    if found is None:
        row = (
            queryset.order_by(*newest_first)
            .values_list(key, flat=True)[SEARCH_WINDOW : SEARCH_WINDOW + 1]
            .first()
        )
        found = (row,)
        cache.set(name, found, WINDOW_SECONDS)
    return found[0]
