"""Public pages of the catalogue."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from media_assets.models import Post

from .models import Credit, Department, Person, Production, ProductionKind


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "productions/home.html",
        {
            "featured_posts": Post.objects.featured().with_cards().latest()[:6],
            "latest_posts": Post.objects.published().with_cards().latest()[:12],
            "productions_by_kind": [
                {
                    "kind": kind,
                    "productions": Production.objects.of_kind(kind).order_by(
                        "-release_date", "title"
                    )[:8],
                }
                for kind in ProductionKind
            ],
            "crafts": Department.objects.crafts(),
        },
    )


def production_detail(request: HttpRequest, slug: str) -> HttpResponse:
    production = get_object_or_404(Production, slug=slug)
    return render(
        request,
        "productions/production_detail.html",
        {
            "production": production,
            "credits": Credit.objects.for_production(production).by_department(),
            "timeline": Post.objects.published()
            .for_production(production)
            .with_cards()
            .timeline(),
        },
    )


def person_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    return render(
        request,
        "productions/person_detail.html",
        {
            "person": person,
            "credits": Credit.objects.for_person(person)
            .with_related()
            .order_by("-production__release_date", "production__title"),
            "posts": Post.objects.published().for_person(person).with_cards().latest(),
        },
    )


def craft_detail(request: HttpRequest, slug: str) -> HttpResponse:
    department = get_object_or_404(Department.objects.crafts(), slug=slug)
    return render(
        request,
        "productions/craft_detail.html",
        {
            "department": department,
            "posts": Post.objects.published()
            .showing_craft(department)
            .with_cards()
            .latest()[:48],
        },
    )
