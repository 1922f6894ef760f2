"""Public pages of behind-the-scenes posts."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bts_catalog.caching import cache_public_page
from bts_catalog.fragments import loader
from bts_catalog.paging import paginate, query_without_page

from . import services
from .filters import PostFilter
from .forms import (
    ContributionImageFormSet,
    ContributionVideoForm,
    MediaAssetEditForm,
    PostContributionForm,
    anchor_value,
)
from .models import MediaKind, Post, PostStatus, RenditionsDue, display_prefetches

POSTS_PER_PAGE = 24
RELATED_POSTS = 4


@cache_public_page
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


@cache_public_page
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.visible_to(request.user).for_display_header(), slug=slug
    )

    def parts() -> dict:
        # Only when one of the page's fragments is not in the cache
        # (bts_catalog.fragments).
        prefetch_related_objects([post], *display_prefetches())
        return {
            "related_posts": Post.objects.published()
            .related_to(post)
            .with_cards()[:RELATED_POSTS]
        }

    return render(
        request,
        "media_assets/post_detail.html",
        {"post": post, "parts": loader(parts)},
    )


# --- Crew contributions ----------------------------------------------------------
def _show_refusal(form, error: ValidationError, aliases=None) -> None:
    """Put a service's refusal beside the field it names (or the form field that
    ``aliases`` says shows it), or above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


def crew_required(view):
    """Signed-in crew accounts only: others are sent to sign in, or told how to
    become crew."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request.user, "person", None) is None:
            return render(request, "media_assets/crew_only.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@crew_required
def contribute(request: HttpRequest) -> HttpResponse:
    person = request.user.person
    people = services.people_in_scope(request.user).order_by("name")
    if request.method == "POST":
        data = request.POST.copy()  # mutable: accepted uploads leave a token in it
        form = PostContributionForm(data, person=person, people=people)
        images = ContributionImageFormSet(
            data, request.FILES, user=request.user, people=people, prefix="images"
        )
        video = ContributionVideoForm(
            data, request.FILES, people=people, prefix="video"
        )
        # Validate them all, so that every error shows at once.
        valid = [form.is_valid(), images.is_valid(), video.is_valid()]
        if all(valid):
            try:
                post = services.post_submit(
                    author=request.user,
                    media=[*images.images(), *video.media()],
                    **form.cleaned_data,
                    **form.anchor_fields(),
                )
            except ValidationError as error:
                _show_refusal(form, error)
            else:
                images.forget_kept()
                messages.success(
                    request,
                    f"Thank you! “{post.title}” is waiting for a curator; you can "
                    "change it until it is published.",
                )
                return redirect("media_assets:my-posts")
    else:
        form = PostContributionForm(person=person, people=people)
        images = ContributionImageFormSet(
            user=request.user, people=people, prefix="images"
        )
        video = ContributionVideoForm(people=people, prefix="video")
    return render(
        request,
        "media_assets/contribute.html",
        {"form": form, "images": images, "video": video},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_posts(request: HttpRequest) -> HttpResponse:
    posts = (
        Post.objects.by_author(request.user)
        .with_applause()
        .select_related("production")
        .prefetch_related("media", "events")
        .order_by("-created_at", "-id")
    )
    page = paginate(request, posts, POSTS_PER_PAGE)
    return render(
        request,
        "media_assets/my_posts.html",
        {
            "page": page,
            "posts": page.object_list,
            "page_query": query_without_page(request),
        },
    )


def _own_editable_post(request: HttpRequest, slug: str) -> Post:
    post = get_object_or_404(Post.objects.by_author(request.user), slug=slug)
    if not services.post_can_edit(post=post, user=request.user):
        raise PermissionDenied("Published posts can only be changed by curators.")
    return post


@crew_required
def post_edit(request: HttpRequest, slug: str) -> HttpResponse:
    post = _own_editable_post(request, slug)
    person = request.user.person
    people = services.people_in_scope(request.user).order_by("name")
    initial = {
        "production": post.production,
        "title": post.title,
        "body": post.body,
        "kind": post.kind,
        "phase": post.phase,
        "happened_on": post.happened_on,
        "source_platform": post.source_platform,
        "source_url": post.source_url,
        "tags": post.tags.all(),
        "featured_people": post.featured_people.all(),
        "crafts": post.crafts.all(),
        "about": anchor_value(post.anchor),
        "is_spoiler": post.is_spoiler,
        "spoils_until": post.spoils_until,
    }
    if request.method == "POST":
        data = request.POST.copy()
        data["production"] = str(post.production_id)  # a post cannot move
        form = PostContributionForm(
            data, person=person, people=people, initial=initial, date_required=True
        )
        images = ContributionImageFormSet(
            data, request.FILES, user=request.user, people=people, prefix="images"
        )
        video = ContributionVideoForm(
            data, request.FILES, people=people, prefix="video"
        )
        valid = [form.is_valid(), images.is_valid(), video.is_valid()]
        if all(valid):
            fields = {k: v for k, v in form.cleaned_data.items() if k != "production"}
            try:
                services.post_revise(
                    post=post,
                    editor=request.user,
                    media=[*images.images(), *video.media()],
                    **fields,
                    **form.anchor_fields(),
                )
            except ValidationError as error:
                _show_refusal(form, error)
            else:
                images.forget_kept()
                messages.success(request, f"“{post.title}” has been updated.")
                return redirect("media_assets:my-posts")
    else:
        form = PostContributionForm(
            person=person, people=people, initial=initial, date_required=True
        )
        images = ContributionImageFormSet(
            user=request.user, people=people, prefix="images"
        )
        video = ContributionVideoForm(people=people, prefix="video")
    form.fields["production"].disabled = True
    return render(
        request,
        "media_assets/contribute.html",
        {
            "form": form,
            "images": images,
            "video": video,
            "post": post,
            "media": post.media.order_by("position", "id"),
        },
        status=400 if request.method == "POST" else 200,
    )


@crew_required
def post_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    post = _own_editable_post(request, slug)
    if request.method == "POST":
        title = post.title
        services.post_withdraw(post=post, user=request.user)
        messages.success(request, f"“{title}” has been withdrawn.")
        return redirect("media_assets:my-posts")
    return render(request, "media_assets/post_confirm_withdraw.html", {"post": post})


# The model's names for what the media form shows under other names.
MEDIA_FORM_ALIASES = {"focal_x": "focal_across", "focal_y": "focal_down"}


@login_required
def media_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One medium of a post: its description and credit, and for a picture its
    focal point, capture details, projection and pair. Its author may change it
    until the post is published, curators always; anyone who can see the post but
    not change it is refused (403), anyone who cannot see it finds nothing (404)."""
    post = get_object_or_404(Post.objects.visible_to(request.user), slug=slug)
    asset = get_object_or_404(post.media.select_related("credited_to"), pk=pk)
    if not services.post_can_edit(post=post, user=request.user):
        raise PermissionDenied(
            "Only the post's author (until it is published) and curators can change "
            "its media."
        )
    people = services.people_in_scope(request.user).order_by("name")
    if request.method == "POST":
        form = MediaAssetEditForm(request.POST, asset=asset, people=people)
        if form.is_valid():
            changes = form.changes()
            try:
                # A copy: a refused change leaves the page's picture as it is.
                updated = services.media_asset_update(
                    asset=post.media.get(pk=asset.pk), user=request.user, **changes
                )
            except ValidationError as error:
                _show_refusal(form, error, MEDIA_FORM_ALIASES)
            else:
                messages.success(request, _media_saved_message(updated, changes))
                return redirect("media_assets:media-edit", slug=post.slug, pk=asset.pk)
    else:
        form = MediaAssetEditForm(asset=asset, people=people)
    # Crew come back to their post's edit page; curators (no such page) to the post.
    is_own_draft = (
        post.author_id == request.user.pk
        and getattr(request.user, "person", None) is not None
        and post.status != PostStatus.PUBLISHED
    )
    return render(
        request,
        "media_assets/mediaasset_form.html",
        {
            "form": form,
            "asset": asset,
            "post": post,
            "is_image": asset.kind == MediaKind.IMAGE,
            "back_url": reverse("media_assets:post-edit", args=[post.slug])
            if is_own_draft
            else post.get_absolute_url(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _media_saved_message(asset, changes: dict) -> str:
    if asset.renditions_due == RenditionsDue.ALL:
        return "Saved. Every size of the picture is being made again."
    if asset.renditions_due == RenditionsDue.CROPS and "focal_point" in changes:
        return "Saved. The crops are being made again around the new focal point."
    return "Saved."
