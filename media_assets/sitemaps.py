"""Sitemap section for behind-the-scenes posts: published ones only."""

from django.contrib.sitemaps import Sitemap

from .models import Post


class PostSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return Post.objects.published().only("slug", "updated_at").latest()

    def lastmod(self, item: Post):
        return item.updated_at
