"""The audience side: what a signed-in visitor follows, and their private feed."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from taggit.models import Tag

from media_assets.models import Post
from productions.models import Department, Person, Production


class FollowKind(models.TextChoices):
    """What can be followed; each value is also the name of the Follow field that
    points at it, and what the API and the pages call it."""

    PRODUCTION = "production", "Production"
    PERSON = "person", "Person"
    CRAFT = "craft", "Craft"
    TAG = "tag", "Tag"

    @classmethod
    def of(cls, target: models.Model) -> "FollowKind":
        """The kind of a production, person, department (craft) or tag."""
        for kind, model in FOLLOWED_MODELS.items():
            if isinstance(target, model):
                return kind
        raise TypeError(f"{type(target).__name__} cannot be followed.")

    @property
    def model(self) -> type[models.Model]:
        return FOLLOWED_MODELS[self]

    def followable(self) -> models.QuerySet:
        """The rows of this kind that have a page to follow them from (the cast
        is a department, not a craft)."""
        if self == FollowKind.CRAFT:
            return Department.objects.crafts()
        return self.model._default_manager.all()


FOLLOWED_MODELS: dict[FollowKind, type[models.Model]] = {
    FollowKind.PRODUCTION: Production,
    FollowKind.PERSON: Person,
    FollowKind.CRAFT: Department,
    FollowKind.TAG: Tag,
}


def _only(kind: FollowKind) -> Q:
    """The condition that ``kind``'s field is set and every other one is not."""
    return Q(
        **{f"{other}__isnull": other != kind for other in FollowKind.values},
    )


class FollowQuerySet(models.QuerySet):
    def of_user(self, user) -> "FollowQuerySet":
        return self.filter(user=user)

    def of_kind(self, kind: FollowKind) -> "FollowQuerySet":
        return self.filter(**{f"{kind}__isnull": False})

    def of_target(self, target: models.Model) -> "FollowQuerySet":
        return self.filter(**{FollowKind.of(target): target})

    def followed_ids(self, kind: FollowKind) -> "FollowQuerySet":
        """The ids of the followed rows of one kind, as a subquery."""
        return self.of_kind(kind).values(f"{kind}_id")

    def with_targets(self) -> "FollowQuerySet":
        return self.select_related(*FollowKind.values)

    def newest_first(self) -> "FollowQuerySet":
        return self.order_by("-created_at", "-id")


class Follow(models.Model):
    """A user following exactly one production, person, craft or tag."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    production = models.ForeignKey(
        Production,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    craft = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=_only(FollowKind.PRODUCTION)
                | _only(FollowKind.PERSON)
                | _only(FollowKind.CRAFT)
                | _only(FollowKind.TAG),
                name="follow_exactly_one_target",
                violation_error_message="A follow names exactly one production, "
                "person, craft or tag.",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", kind.value],
                    condition=Q(**{f"{kind}__isnull": False}),
                    name=f"follow_unique_{kind}",
                    violation_error_message=f"You already follow this "
                    f"{kind.label.lower()}.",
                )
                for kind in FollowKind
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="follow_user_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.target}"

    @property
    def kind(self) -> FollowKind:
        return next(kind for kind in FollowKind if getattr(self, f"{kind}_id"))

    @property
    def target(self) -> models.Model:
        return getattr(self, self.kind)

    def target_url(self) -> str:
        """The followed row's page (taggit's Tag has no get_absolute_url)."""
        if self.kind == FollowKind.TAG:
            return reverse("showcase:tag-detail", kwargs={"slug": self.tag.slug})
        return self.target.get_absolute_url()


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a user's private Atom feed address. Making a new one revokes
    the old address at once; deleting it turns the private feed off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "private feed address"

    def __str__(self) -> str:
        return f"Private feed of {self.user}"

    def get_absolute_url(self) -> str:
        return reverse("audience:private-feed", kwargs={"token": self.key})


class Applause(models.Model):
    """A signed-in user's appreciation of a post: one each, taken back at will."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applause"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="applause")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "applause"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "post"],
                name="applause_once_per_user_and_post",
                violation_error_message="You have already applauded this post.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} applauds {self.post}"


class SeenProduction(models.Model):
    """A user saying "I've seen it": spoiler warnings on that production's posts
    are dropped for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="seen_productions",
    )
    production = models.ForeignKey(
        Production, on_delete=models.CASCADE, related_name="seen_by"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "production"],
                name="seen_production_once_per_user",
                violation_error_message="You have already said you have seen it.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} has seen {self.production}"
