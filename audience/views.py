"""Pages of the audience side: following, the personal feed and its address,
applause and "I've seen it"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bts_catalog.paging import paginate, query_without_page
from media_assets.models import Post
from productions.models import Production

from . import selectors, services
from .models import FollowKind

FEED_PAGE_SIZE = 24


def _target(kind: str, slug: str) -> models.Model:
    """The production, person, craft or tag a follow button names, or a 404."""
    if kind not in FollowKind.values:
        raise Http404("Nothing of that kind can be followed.")
    return get_object_or_404(FollowKind(kind).followable(), slug=slug)


def _back(request: HttpRequest, target_url: str) -> HttpResponse:
    """Back where the button was (a local address only), else to ``target_url``."""
    to = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        to, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        to = target_url
    return redirect(to)


def _page_of(kind: str, target: models.Model) -> str:
    if kind == FollowKind.TAG:
        return reverse("showcase:tag-detail", kwargs={"slug": target.slug})
    return target.get_absolute_url()


@require_POST
@login_required
def follow(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    target = _target(kind, slug)
    try:
        services.follow_add(user=request.user, target=target)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"You now follow {target}: its new posts appear in your feed."
        )
    return _back(request, _page_of(kind, target))


@require_POST
@login_required
def unfollow(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    target = _target(kind, slug)
    if services.follow_remove_target(user=request.user, target=target):
        messages.success(request, f"You no longer follow {target}.")
    else:
        messages.info(request, f"You were not following {target}.")
    return _back(request, _page_of(kind, target))


@login_required
def following(request: HttpRequest) -> HttpResponse:
    follows = list(selectors.follows_of(request.user))
    return render(
        request,
        "audience/follow_list.html",
        {
            "follows": follows,
            "feed_token": selectors.feed_token_of(request.user),
        },
    )


@login_required
def feed(request: HttpRequest) -> HttpResponse:
    followed = selectors.followed_ids(request.user)
    page = paginate(
        request,
        selectors.followed_posts(request.user, followed),
        FEED_PAGE_SIZE,
        newest=lambda top: selectors.followed_posts(
            request.user, followed, newest=top
        ).with_cards(),
    )
    return render(
        request,
        "audience/feed.html",
        {
            "page": page,
            "posts": page.object_list,
            "page_query": query_without_page(request),
            "follows_anything": bool(followed),
            "feed_token": selectors.feed_token_of(request.user),
        },
    )


@require_POST
@login_required
def feed_address_renew(request: HttpRequest) -> HttpResponse:
    services.feed_token_renew(user=request.user)
    messages.success(
        request,
        "Your private feed has a new address; the old one no longer works.",
    )
    return _back(request, reverse("audience:following"))


@require_POST
@login_required
def feed_address_revoke(request: HttpRequest) -> HttpResponse:
    services.feed_token_revoke(user=request.user)
    messages.success(request, "Your private feed address no longer works.")
    return _back(request, reverse("audience:following"))


@require_POST
@login_required
def applause(request: HttpRequest, slug: str) -> HttpResponse:
    """Applaud a published post, or take the applause back."""
    post = get_object_or_404(Post.objects.published(), slug=slug)
    if services.applause_toggle(user=request.user, post=post):
        messages.success(request, f"You applauded “{post.title}”.")
    else:
        messages.info(request, f"You took back your applause for “{post.title}”.")
    return _back(request, post.get_absolute_url())


@require_POST
@login_required
def seen(request: HttpRequest, slug: str) -> HttpResponse:
    """Say "I've seen it" of a production (its spoiler warnings are dropped for
    the user), or take it back."""
    production = get_object_or_404(Production.objects.current(), slug=slug)
    if services.seen_production_toggle(user=request.user, production=production):
        messages.success(
            request,
            f"Spoiler warnings on {production}'s posts are off for you now.",
        )
    else:
        messages.info(
            request, f"Spoiler warnings on {production}'s posts are back on for you."
        )
    return _back(request, production.get_absolute_url())
