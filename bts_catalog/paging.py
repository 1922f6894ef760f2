"""Pagination for list pages: bad or out-of-range page numbers never fail, and
neither the count nor a deep page grows with the table.

- **Counts**: a list longer than ``EXACT_COUNT_UP_TO`` rows shows PostgreSQL's own
  estimate of its length (the planner's, from the table statistics ANALYZE keeps:
  no row is read), rounded and labelled "about"; a shorter one is counted exactly.
  ``COUNT(*)`` reads every row it counts: 100 ms for a million published posts.
  Other databases always count exactly.
- **Deep pages**: from ``DEFERRED_FROM`` rows on, a page's rows are found by their
  ids first (the skipped rows are read from an index, not fetched whole), then
  fetched by id: the same rows in the same order, for the cost of 24.
"""

import json
import math

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

EXACT_COUNT_UP_TO = 10_000
DEFERRED_FROM = 1_000


def planner_estimate(queryset: QuerySet) -> int | None:
    """How many rows PostgreSQL's planner expects ``queryset`` to return, or None
    (another database, or a plan without an estimate)."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    query = queryset.order_by().values("pk")
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter nothing can match
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    try:
        return int(plan[0]["Plan"]["Plan Rows"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def rounded(count: int) -> int:
    """An estimate as it is shown: two significant figures (849,123 → 850,000)."""
    if count < 100:
        return count
    unit = 10 ** (int(math.log10(count)) - 1)
    return round(count / unit) * unit


def about(count: int) -> str:
    return f"about {count:,}"


class EstimatedPage(Page):
    """A page of a list whose length is an estimate: it is the last when it is
    not full, whatever the estimate says."""

    def has_next(self) -> bool:
        return len(self.object_list) >= self.paginator.per_page and super().has_next()


class CatalogPaginator(Paginator):
    """Django's paginator, with estimated counts for long lists and deep pages
    fetched by id (see the module)."""

    count_is_estimate = False

    def __init__(self, object_list, per_page, *args, newest=None, **kwargs):
        """``newest``, if given, is called with a page's end (the number of rows
        up to and including the page) and returns the rows to take the page
        from: the same rows as ``object_list`` as far as that end, found without
        reading the rest. The count is still ``object_list``'s."""
        super().__init__(object_list, per_page, *args, **kwargs)
        self.newest = newest

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            estimate = planner_estimate(self.object_list)
            if estimate is not None and estimate > EXACT_COUNT_UP_TO:
                self.count_is_estimate = True
                return rounded(estimate)
        return super().count

    @property
    def count_label(self) -> str:
        """The count as a page shows it: "26325", or "about 850,000"."""
        return about(self.count) if self.count_is_estimate else str(self.count)

    @property
    def num_pages_label(self) -> str:
        return about(self.num_pages) if self.count_is_estimate else str(self.num_pages)

    def _get_page(self, *args, **kwargs) -> Page:
        if self.count_is_estimate:
            return EstimatedPage(*args, **kwargs)
        return super()._get_page(*args, **kwargs)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if not self.count_is_estimate and top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list if self.newest is None else self.newest(top)
        if isinstance(rows, QuerySet) and bottom >= DEFERRED_FROM and rows.ordered:
            ids = list(rows.values_list("pk", flat=True)[bottom:top])
            found = {row.pk: row for row in rows.filter(pk__in=ids)}
            return self._get_page(
                [found[pk] for pk in ids if pk in found], number, self
            )
        return self._get_page(rows[bottom:top], number, self)


def paginate(request: HttpRequest, object_list, per_page: int, newest=None) -> Page:
    """The requested page; a non-number gives page 1, a page past the end the last.
    ``newest``: see CatalogPaginator."""
    paginator = CatalogPaginator(object_list, per_page, newest=newest)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page``, for building pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
