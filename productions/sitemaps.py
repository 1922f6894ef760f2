"""Sitemap sections for the catalogue: home, productions, episodes, people, venues
and crafts."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Department, Episode, Person, Production, Venue


class StaticViewSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["showcase:home"]

    def location(self, item: str) -> str:
        return reverse(item)


class ProductionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Production.objects.current()
            .only("slug", "updated_at")
            .order_by("title", "id")
        )

    def lastmod(self, item: Production):
        return item.updated_at


class EpisodeSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Episode.objects.filter(season__production__merged_into__isnull=True)
            .select_related("season__production")
            .order_by("season__production__title", "season__number", "number", "id")
        )


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return (
            Person.objects.current().only("slug", "updated_at").order_by("name", "id")
        )

    def lastmod(self, item: Person):
        return item.updated_at


class VenueSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Venue.objects.only("slug", "updated_at").order_by("name", "id")

    def lastmod(self, item: Venue):
        return item.updated_at


class CraftSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return Department.objects.crafts()
