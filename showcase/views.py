"""Public pages that show the catalogue with its posts: home, productions, people,
venues, crafts, tags and search."""

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language_info
from taggit.models import Tag

from bts_catalog.caching import cache_public_page
from bts_catalog.fragments import loader
from bts_catalog.paging import paginate, query_without_page
from bts_catalog.search import search_terms
from bts_catalog.tagging import prefetch_tags
from media_assets.models import MediaAsset, Post, PostPhase
from productions.filters import ProductionFilter
from productions.models import (
    Credit,
    Department,
    Episode,
    GameVersion,
    Person,
    Production,
    ProductionKind,
    Run,
    Season,
    Venue,
)
from productions.selectors import (
    credit_lines,
    music_videos_by,
    runs_by_tour,
    split_run_credits,
    venue_runs,
    venues_by_city,
)

from .selectors import (
    InvalidAnchorFilter,
    anchor_filter,
    crafts_with_post_count,
    most_credited_in,
    posts_about,
    posts_about_episode,
    posts_about_runs_at,
    productions_tagged,
    timeline_anchors,
    with_anchors,
    with_published_post_count,
)

PRODUCTIONS_PER_PAGE = 24
POSTS_PER_PAGE = 24
SEARCH_RESULTS = 20
# What the search page shows of a production (templates/showcase/search.html).
SEARCH_PRODUCTION_FIELDS = (
    "title",
    "slug",
    "original_title",
    "original_language",
    "kind",
    "release_date",
    "release_date_precision",
    "studio",
)
VENUES_PER_PAGE = 100


def language_name(code: str) -> str:
    """'Japanese' for 'ja', 'Brazilian Portuguese' for 'pt-BR'; the code itself
    for a language Django has no name for."""
    if not code:
        return ""
    try:
        return get_language_info(code.lower())["name"]
    except KeyError:
        return code


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    recent = (
        Production.objects.current()
        .order_by("-release_date", "title")
        .only("title", "slug", "kind", "release_date", "release_date_precision")
    )

    def posts() -> dict:
        # Only when the page's fragments are not in the cache (bts_catalog.fragments).
        return {
            "featured_posts": Post.objects.featured().with_cards().latest()[:6],
            "latest_posts": Post.objects.published().with_cards().latest()[:12],
        }

    def catalogue() -> dict:
        return {
            "productions_by_kind": [
                {"kind": kind, "productions": recent.of_kind(kind)[:8]}
                for kind in ProductionKind
            ],
            "crafts": Department.objects.crafts(),
        }

    return render(
        request,
        "showcase/home.html",
        {"posts": loader(posts), "catalogue": loader(catalogue)},
    )


# What a production card shows (includes/production_card.html), and nothing more:
# a list never fetches a synopsis or a search vector.
CARD_FIELDS = (
    "title",
    "slug",
    "kind",
    "status",
    "studio",
    "poster",
    "release_date",
    "release_date_precision",
)


@cache_public_page
def production_list(request: HttpRequest) -> HttpResponse:
    filterset = ProductionFilter(request.GET, queryset=Production.objects.current())
    valid = filterset.is_valid()

    def results() -> dict:
        # Only when the list's fragment is not in the cache (bts_catalog.fragments).
        page = paginate(
            request,
            with_published_post_count(filterset.qs.only(*CARD_FIELDS))
            if valid
            else Production.objects.none(),
            PRODUCTIONS_PER_PAGE,
        )
        return {"page": page, "productions": page.object_list}

    return render(
        request,
        "showcase/production_list.html",
        {
            "filter": filterset,
            "results": loader(results),
            "page_query": query_without_page(request),
            "kinds": ProductionKind,
        },
        status=200 if valid else 400,
    )


@cache_public_page
def production_detail(request: HttpRequest, slug: str) -> HttpResponse:
    production = get_object_or_404(
        Production.objects.select_related("artist"), slug=slug
    )
    if production.merged_into_id:
        return redirect(production.merge_survivor(), permanent=True)
    try:
        selected = anchor_filter(request.GET)
    except InvalidAnchorFilter:
        selected, status = INVALID_FILTER, 400
    else:
        status = 200
    return render(
        request,
        "showcase/production_detail.html",
        {
            "production": production,
            # What the page's fragments show, read only when one of them is not in
            # the cache (bts_catalog.fragments).
            "parts": loader(lambda: production_parts(production, selected)),
        },
        status=status,
    )


# A timeline filter that is not a number: no post matches it.
INVALID_FILTER = ("invalid", 0)


def production_parts(production: Production, selected) -> dict:
    """Everything the production page shows beside the production itself: its
    titles, timeline, gallery, seasons, runs, versions and credits."""
    posts = list(
        with_anchors(Post.objects.published().for_production(production)).timeline()
    )
    anchors = timeline_anchors(posts)
    invalid = selected == INVALID_FILTER
    filtered = invalid or selected is not None
    shown = [] if invalid else posts_about(posts, selected)
    selected_anchor = next(
        (anchor for anchor in anchors if (anchor.param, anchor.pk) == selected), None
    )
    phases = [
        {"phase": phase, "posts": [post for post in shown if post.phase == phase]}
        for phase in PostPhase
    ]
    credits, run_credits = split_run_credits(
        credit_lines(Credit.objects.for_production(production).by_department())
    )
    kind = production.kind
    # On the instance: the structured data reads them too.
    prefetch_related_objects([production], prefetch_tags(), "alternative_titles")
    alternative_titles = list(production.alternative_titles.all())
    for title in alternative_titles:
        title.language_name = language_name(title.language)
    return {
        "original_language_name": language_name(production.original_language),
        "alternative_titles": alternative_titles,
        "credits": credits,
        "seasons": Season.objects.for_production(production).with_episodes()
        if kind == ProductionKind.TV_SERIES
        else [],
        "tours": runs_by_tour(
            Run.objects.for_production(production)
            .with_related()
            .with_performances()
            .in_order(),
            run_credits,
        )
        if kind == ProductionKind.THEATER
        else [],
        "versions": GameVersion.objects.for_production(production)
        .with_platforms()
        .in_order()
        if kind == ProductionKind.VIDEO_GAME
        else [],
        "timeline": [group for group in phases if group["posts"]],
        "post_count": len(shown),
        "total_post_count": len(posts),
        "anchors": anchors,
        "selected_anchor": selected_anchor,
        "filtered": filtered,
        "gallery": MediaAsset.objects.gallery_for(production)[:12],
    }


@cache_public_page
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person.objects.prefetch_related("aliases"), slug=slug)
    if person.merged_into_id:
        return redirect(person.merge_survivor(), permanent=True)
    return render(
        request,
        "showcase/person_detail.html",
        {
            "person": person,
            "music_videos": music_videos_by(person),
            "credits": credit_lines(
                Credit.objects.for_person(person)
                .with_related()
                .order_by("-production__release_date", "production__title")
            ),
            "posts": Post.objects.published()
            .for_person(person)
            .with_cards()
            .latest()[:POSTS_PER_PAGE],
        },
    )


@cache_public_page
def episode_detail(
    request: HttpRequest, slug: str, season: int, episode: int
) -> HttpResponse:
    found = (
        Episode.objects.with_season()
        .filter(season__production__slug=slug, season__number=season, number=episode)
        .first()
    )
    if found is None:
        # A merged series' seasons went to its survivor: so does the address.
        merged = get_object_or_404(
            Production.objects.filter(merged_into__isnull=False), slug=slug
        )
        survivor = merged.merge_survivor()
        moved = Episode.objects.filter(
            season__production=survivor, season__number=season, number=episode
        ).first()
        return redirect(moved or survivor, permanent=True)
    episode = found
    return render(
        request,
        "showcase/episode_detail.html",
        {
            "episode": episode,
            "season": episode.season,
            "production": episode.season.production,
            "credits": Credit.objects.for_episode(episode).by_department(),
            "posts": posts_about_episode(episode),
        },
    )


@cache_public_page
def venue_list(request: HttpRequest) -> HttpResponse:
    page = paginate(
        request,
        Venue.objects.with_run_counts().order_by("city", "country", "name"),
        VENUES_PER_PAGE,
    )
    return render(
        request,
        "showcase/venue_list.html",
        {
            "page": page,
            "cities": venues_by_city(page.object_list),
            "page_query": query_without_page(request),
        },
    )


@cache_public_page
def venue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    venue = get_object_or_404(Venue, slug=slug)
    current_runs, past_runs = venue_runs(venue, timezone.localdate())
    return render(
        request,
        "showcase/venue_detail.html",
        {
            "venue": venue,
            "current_runs": current_runs,
            "past_runs": past_runs,
            "posts": posts_about_runs_at(venue)[:POSTS_PER_PAGE],
        },
    )


@cache_public_page
def craft_list(request: HttpRequest) -> HttpResponse:
    crafts = crafts_with_post_count(Department.objects.crafts())
    return render(request, "showcase/craft_list.html", {"crafts": crafts})


@cache_public_page
def craft_detail(request: HttpRequest, slug: str) -> HttpResponse:
    department = get_object_or_404(Department.objects.crafts(), slug=slug)
    page = paginate(
        request,
        Post.objects.published().showing_craft(department).with_cards().latest(),
        POSTS_PER_PAGE,
    )
    return render(
        request,
        "showcase/craft_detail.html",
        {
            "department": department,
            "page": page,
            "posts": page.object_list,
            "page_query": query_without_page(request),
            "roles": department.roles.all(),
            "people": most_credited_in(department, 12),
        },
    )


@cache_public_page
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(
        request,
        Post.objects.published().tagged(tag).with_cards().latest(),
        POSTS_PER_PAGE,
    )
    return render(
        request,
        "showcase/tag_detail.html",
        {
            "tag": tag,
            "productions": productions_tagged(tag, 24),
            "page": page,
            "posts": page.object_list,
            "page_query": query_without_page(request),
        },
    )


@cache_public_page
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200].replace("\x00", "").strip()
    results = {}
    if search_terms(query):
        # The best of the newest matches: a word in every other post costs no
        # more than a rare one (bts_catalog.search).
        results = {
            "productions": list(
                Production.objects.current()
                .search(query, best=SEARCH_RESULTS)
                .only(*SEARCH_PRODUCTION_FIELDS)
            ),
            "people": list(
                Person.objects.current()
                .search(query, best=SEARCH_RESULTS)
                .only("name", "slug")
            ),
            "posts": list(
                Post.objects.published().search(query, best=SEARCH_RESULTS).with_cards()
            ),
        }
    return render(
        request,
        "showcase/search.html",
        {
            "query": query,
            "results": results,
            "result_count": sum(len(rows) for rows in results.values()),
        },
    )
