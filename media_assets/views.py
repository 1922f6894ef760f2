"""Public pages of behind-the-scenes posts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Post


def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.visible_to(request.user)
        .with_cards()
        .prefetch_related("featured_people", "crafts", "tags"),
        slug=slug,
    )
    return render(request, "media_assets/post_detail.html", {"post": post})
