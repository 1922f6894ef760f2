"""Public pages of behind-the-scenes posts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from bts_catalog.paging import paginate, query_without_page

from .filters import PostFilter
from .models import Post

POSTS_PER_PAGE = 24
RELATED_POSTS = 4


def post_list(request: HttpRequest) -> HttpResponse:
    filterset = PostFilter(request.GET, queryset=Post.objects.published().with_cards())
    valid = filterset.is_valid()
    page = paginate(
        request, filterset.qs if valid else Post.objects.none(), POSTS_PER_PAGE
    )
    return render(
        request,
        "media_assets/post_list.html",
        {
            "filter": filterset,
            "page": page,
            "posts": page.object_list,
            "page_query": query_without_page(request),
        },
        status=200 if valid else 400,
    )


def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.visible_to(request.user)
        .with_cards()
        .select_related("author__person")
        .prefetch_related("featured_people", "crafts", "tags", "media__credited_to"),
        slug=slug,
    )
    return render(
        request,
        "media_assets/post_detail.html",
        {
            "post": post,
            "related_posts": Post.objects.published()
            .related_to(post)
            .with_cards()[:RELATED_POSTS],
        },
    )
