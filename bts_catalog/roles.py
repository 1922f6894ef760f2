"""The Curators group: staff who run the catalogue through Django admin."""

from django.contrib.auth.models import Group, Permission

CURATORS_GROUP = "Curators"

# app label → models whose add/change/delete/view permissions curators hold.
CURATED_MODELS = {
    "productions": [
        "production",
        "person",
        "personclaim",
        "mergerecord",
        "department",
        "role",
        "credit",
        "season",
        "episode",
        "venue",
        "run",
        "performance",
        "platform",
        "gameversion",
        "personalias",
        "alternativetitle",
    ],
    "media_assets": ["post", "pendingpost", "mediaasset", "moderationevent"],
    "taggit": ["tag", "taggeditem"],
    "audience": ["follow", "question", "answer", "questionreport"],
    "webhooks": ["webhookendpoint", "webhookdelivery"],
}


def curator_permissions():
    query = Permission.objects.none()
    for app_label, models in CURATED_MODELS.items():
        query |= Permission.objects.filter(
            content_type__app_label=app_label, content_type__model__in=models
        )
    return query


def ensure_curators_group(**kwargs) -> Group:
    """Create the Curators group (idempotent) and grant it the curating permissions."""
    group, _ = Group.objects.get_or_create(name=CURATORS_GROUP)
    group.permissions.add(*curator_permissions())
    return group


def is_curator(user) -> bool:
    """Superusers, and staff holding the curating permissions (the Curators group).

    Staff status alone is not enough: it only opens admin, where the model
    permissions decide what each staff member may do.
    """
    if not (user and user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or (
        user.is_staff and user.has_perm("media_assets.change_post")
    )
