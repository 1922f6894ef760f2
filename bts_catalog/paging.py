"""Pagination for list pages: bad or out-of-range page numbers never fail."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, object_list, per_page: int) -> Page:
    """The requested page; a non-number gives page 1, a page past the end the last."""
    paginator = Paginator(object_list, per_page)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page``, for building pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
