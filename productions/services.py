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
    Person,
    PersonAlias,
    PersonClaim,
    Production,
)


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
        PersonClaim.objects.pending().filter(person=person).exclude(pk=claim.pk).update(
            status=ClaimStatus.REJECTED,
            reviewed_by=curator,
            reviewed_at=now,
            review_note=f"{person.name} was linked to another account.",
        )
    return claim


def person_claim_reject(*, claim: PersonClaim, curator, note: str = "") -> PersonClaim:
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError("This claim has already been reviewed.")
    claim.status = ClaimStatus.REJECTED
    claim.reviewed_by, claim.reviewed_at = curator, timezone.now()
    claim.review_note = note
    claim.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
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
