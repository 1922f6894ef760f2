"""Public pages that show the catalogue with its posts: home, productions, people,
crafts, tags and search."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from taggit.models import Tag

from bts_catalog.caching import cache_public_page
from bts_catalog.paging import paginate, query_without_page
from bts_catalog.search import search_terms
from bts_catalog.tagging import prefetch_tags
from media_assets.models import MediaAsset, Post, PostPhase
from productions.filters import ProductionFilter
from productions.models import (
    Credit,
    Department,
    Episode,
    Person,
    Production,
    ProductionKind,
    Season,
)
from productions.selectors import credit_lines

from .selectors import crafts_with_post_count, with_published_post_count

PRODUCTIONS_PER_PAGE = 24
POSTS_PER_PAGE = 24
SEARCH_RESULTS = 20


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    recent = (
        Production.objects.current()
        .order_by("-release_date", "title")
        .only("title", "slug", "kind", "release_date")
    )
    return render(
        request,
        "showcase/home.html",
        {
            "featured_posts": Post.objects.featured().with_cards().latest()[:6],
            "latest_posts": Post.objects.published().with_cards().latest()[:12],
            "productions_by_kind": [
                {"kind": kind, "productions": recent.of_kind(kind)[:8]}
                for kind in ProductionKind
            ],
            "crafts": Department.objects.crafts(),
        },
    )


@cache_public_page
def production_list(request: HttpRequest) -> HttpResponse:
    filterset = ProductionFilter(
        request.GET, queryset=with_published_post_count(Production.objects.current())
    )
    valid = filterset.is_valid()
    page = paginate(
        request,
        filterset.qs if valid else Production.objects.none(),
        PRODUCTIONS_PER_PAGE,
    )
    return render(
        request,
        "showcase/production_list.html",
        {
            "filter": filterset,
            "page": page,
            "productions": page.object_list,
            "page_query": query_without_page(request),
            "kinds": ProductionKind,
        },
        status=200 if valid else 400,
    )


@cache_public_page
def production_detail(request: HttpRequest, slug: str) -> HttpResponse:
    production = get_object_or_404(
        Production.objects.prefetch_related(prefetch_tags()), slug=slug
    )
    if production.merged_into_id:
        return redirect(production.merge_survivor(), permanent=True)
    timeline = list(
        Post.objects.published().for_production(production).with_cards().timeline()
    )
    phases = [
        {"phase": phase, "posts": [post for post in timeline if post.phase == phase]}
        for phase in PostPhase
    ]
    return render(
        request,
        "showcase/production_detail.html",
        {
            "production": production,
            "credits": credit_lines(
                Credit.objects.for_production(production).by_department()
            ),
            "seasons": Season.objects.for_production(production).with_episodes(),
            "timeline": [group for group in phases if group["posts"]],
            "post_count": len(timeline),
            "gallery": MediaAsset.objects.gallery_for(production)[:12],
        },
    )


@cache_public_page
def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    if person.merged_into_id:
        return redirect(person.merge_survivor(), permanent=True)
    return render(
        request,
        "showcase/person_detail.html",
        {
            "person": person,
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
    episode = get_object_or_404(
        Episode.objects.with_season(),
        season__production__slug=slug,
        season__number=season,
        number=episode,
    )
    return render(
        request,
        "showcase/episode_detail.html",
        {
            "episode": episode,
            "season": episode.season,
            "production": episode.season.production,
            "credits": Credit.objects.for_episode(episode).by_department(),
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
            "people": Person.objects.in_department(department)[:12],
        },
    )


@cache_public_page
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(
        request,
        Post.objects.published().filter(tags=tag).with_cards().latest(),
        POSTS_PER_PAGE,
    )
    return render(
        request,
        "showcase/tag_detail.html",
        {
            "tag": tag,
            "productions": Production.objects.current()
            .filter(tags=tag)
            .order_by("title")[:24],
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
        results = {
            "productions": list(
                Production.objects.current().search(query)[:SEARCH_RESULTS]
            ),
            "people": list(Person.objects.current().search(query)[:SEARCH_RESULTS]),
            "posts": list(
                Post.objects.published().search(query).with_cards()[:SEARCH_RESULTS]
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
