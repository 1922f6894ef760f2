"""What a delivery says of a resource: public data only, with the addresses of its
page and of its API resource (absolute, from ``SITE_URL``)."""

from django.conf import settings
from django.urls import reverse

from media_assets.models import Post
from productions.models import Credit, Production


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def production_data(production: Production) -> dict:
    return {
        "id": production.pk,
        "slug": production.slug,
        "title": production.title,
        "kind": production.kind,
        "status": production.status,
        "year": production.year,
        "url": _absolute(
            reverse("api:production-detail", kwargs={"slug": production.slug})
        ),
        "page_url": _absolute(production.get_absolute_url()),
    }


def post_data(post: Post) -> dict:
    return {
        "id": post.pk,
        "slug": post.slug,
        "title": post.title,
        "kind": post.kind,
        "phase": post.phase,
        "provenance": post.provenance,
        "happened_on": post.happened_on,
        "published_at": post.published_at,
        "production": {
            "slug": post.production.slug,
            "title": post.production.title,
        },
        "url": _absolute(reverse("api:post-detail", kwargs={"slug": post.slug})),
        "page_url": _absolute(post.get_absolute_url()),
    }


def post_gone_data(post: Post) -> dict:
    """A withdrawn post: enough to find it in what the receiver keeps."""
    return {
        "id": post.pk,
        "slug": post.slug,
        "production": {"slug": post.production.slug},
    }


def credit_data(credit: Credit) -> dict:
    return {
        "id": credit.pk,
        "production": {
            "slug": credit.production.slug,
            "title": credit.production.title,
        },
        "person": {"slug": credit.person.slug, "name": credit.person.name},
        "role": {"slug": credit.role.slug, "name": credit.role.name},
        "department": credit.role.department.name,
        "character": credit.character,
        "is_verified": credit.is_verified,
        "url": _absolute(reverse("api:credit-detail", kwargs={"pk": credit.pk})),
    }
