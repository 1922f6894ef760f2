"""Writes to the catalogue that go beyond a single form save."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from bts_catalog.caching import bump_content_version

from .models import (
    AlternativeTitle,
    ClaimStatus,
    Credit,
    GameVersion,
    Person,
    PersonAlias,
    PersonClaim,
    Platform,
    Production,
    VersionKind,
)
from .signals import claim_reviewed


def credits_verify(*, credits: QuerySet[Credit], verified: bool = True) -> int:
    """Mark credits as confirmed (or not) by a curator; returns how many changed."""
    count = credits.exclude(is_verified=verified).update(is_verified=verified)
    if count:
        bump_content_version()  # a bulk update sends no save signals
    return count


def person_claim_submit(*, user, person: Person, message: str = "") -> PersonClaim:
    """Ask the curators to link ``person`` to ``user``'s account."""
    if getattr(user, "person", None) is not None:
        raise ValidationError(f"Your account is already linked to {user.person.name}.")
    if person.user_id is not None:
        raise ValidationError(
            {"person": f"{person.name} is already linked to an account."}
        )
    claim = PersonClaim(user=user, person=person, message=message.strip())
    claim.full_clean()
    claim.save()
    return claim


def person_claim_check_approvable(*, claim: PersonClaim, person: Person) -> None:
    """Raise ValidationError unless approving ``claim`` may link ``person``."""
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError("This claim has already been reviewed.")
    if person.user_id is not None and person.user_id != claim.user_id:
        raise ValidationError(f"{person.name} is already linked to another account.")
    if Person.objects.filter(user_id=claim.user_id).exclude(pk=person.pk).exists():
        raise ValidationError(f"{claim.user} is already linked to another person.")


def person_claim_approve(*, claim: PersonClaim, curator) -> PersonClaim:
    """Link the person to the claiming account; other claims on them are refused."""
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=claim.person_id)
        person_claim_check_approvable(claim=claim, person=person)
        person.user = claim.user
        person.save(update_fields=["user", "updated_at"])
        now = timezone.now()
        claim.status = ClaimStatus.APPROVED
        claim.reviewed_by, claim.reviewed_at = curator, now
        claim.save(update_fields=["status", "reviewed_by", "reviewed_at"])
        others = list(
            PersonClaim.objects.pending().filter(person=person).exclude(pk=claim.pk)
        )
        for other in others:
            other.status = ClaimStatus.REJECTED
            other.reviewed_by, other.reviewed_at = curator, now
            other.review_note = f"{person.name} was linked to another account."
        PersonClaim.objects.bulk_update(
            others, ["status", "reviewed_by", "reviewed_at", "review_note"]
        )
        for reviewed in (claim, *others):
            claim_reviewed.send(sender=PersonClaim, claim=reviewed)
    return claim


def person_claim_reject(*, claim: PersonClaim, curator, note: str = "") -> PersonClaim:
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError("This claim has already been reviewed.")
    claim.status = ClaimStatus.REJECTED
    claim.reviewed_by, claim.reviewed_at = curator, timezone.now()
    claim.review_note = note
    with transaction.atomic():
        claim.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "review_note"]
        )
        claim_reviewed.send(sender=PersonClaim, claim=claim)
    return claim


def alternative_titles_set(*, production: Production, titles: list[dict]) -> None:
    """The production's alternative titles become exactly ``titles`` (each a
    dict of title, language and note), in the caller's transaction."""
    production.alternative_titles.all().delete()
    AlternativeTitle.objects.bulk_create(
        AlternativeTitle(production=production, **title) for title in titles
    )
    production.refresh_other_titles()  # bulk writes send no signals
    bump_content_version()
    # A list prefetched with the production is stale now.
    getattr(production, "_prefetched_objects_cache", {}).pop("alternative_titles", None)


def person_aliases_set(*, person: Person, aliases: list[dict]) -> None:
    """The person's aliases become exactly ``aliases`` (each a dict of name and
    note), in the caller's transaction."""
    person.aliases.all().delete()
    PersonAlias.objects.bulk_create(
        PersonAlias(person=person, **alias) for alias in aliases
    )
    person.refresh_other_names()
    bump_content_version()
    getattr(person, "_prefetched_objects_cache", {}).pop("aliases", None)


# How platforms are commonly written, lower-cased, to the curated platform's slug.
PLATFORM_SPELLINGS = {
    "pc": "windows",
    "windows": "windows",
    "pc (windows)": "windows",
    "mac": "macos",
    "macos": "macos",
    "os x": "macos",
    "linux": "linux",
    "steam deck": "steam-deck",
    "ps4": "ps4",
    "playstation 4": "ps4",
    "ps5": "ps5",
    "playstation 5": "ps5",
    "psvr2": "psvr2",
    "playstation vr2": "psvr2",
    "xbox one": "xbox-one",
    "xbox series": "xbox-series",
    "xbox series x": "xbox-series",
    "xbox series s": "xbox-series",
    "xbox series x|s": "xbox-series",
    "xbox series x/s": "xbox-series",
    "switch": "switch",
    "nintendo switch": "switch",
    "switch 2": "switch-2",
    "nintendo switch 2": "switch-2",
    "ios": "ios",
    "iphone": "ios",
    "ipad": "ios",
    "android": "android",
    "quest": "meta-quest",
    "meta quest": "meta-quest",
    "vision pro": "vision-pro",
    "apple vision pro": "vision-pro",
    "web": "web",
    "browser": "web",
    "web browser": "web",
}


def platforms_from_names(text: str) -> tuple[list[Platform], list[str]]:
    """The curated platforms a comma-separated list names ("PC, PS5, Switch"),
    and the names it does not know."""
    by_slug = {platform.slug: platform for platform in Platform.objects.all()}
    by_name = {platform.name.lower(): platform for platform in by_slug.values()}
    found: dict[int, Platform] = {}
    unknown = []
    for name in (part.strip() for part in text.split(",")):
        if not name:
            continue
        key = name.lower()
        platform = by_name.get(key) or by_slug.get(PLATFORM_SPELLINGS.get(key, key))
        if platform is None:
            unknown.append(name)
        else:
            found.setdefault(platform.pk, platform)
    return list(found.values()), unknown


def game_release_from_platform_names(
    *, production: Production, text: str
) -> GameVersion | None:
    """A game's platforms given as text (an older catalogue file) become its
    "Release" version's platforms; names not on the curated list are refused."""
    platforms, unknown = platforms_from_names(text)
    if unknown:
        raise ValidationError(
            {
                "platforms": f"Not on the list of platforms: {', '.join(unknown)}. "
                "Use names from /api/v1/platforms/."
            }
        )
    if not platforms:
        return None
    version, _ = GameVersion.objects.get_or_create(
        production=production,
        name="Release",
        defaults={
            "kind": VersionKind.RELEASE,
            "release_date": production.release_date,
            "release_date_precision": production.release_date_precision,
        },
    )
    version.platforms.add(*platforms)
    return version
