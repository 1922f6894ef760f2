"""Merging duplicates: a person or a production into the one that stays.

Everything that pointed at the duplicate moves to the survivor in one transaction
(a row the survivor already has is dropped rather than doubled), the duplicate
keeps its row with ``merged_into`` set so its addresses answer with a redirect,
and a ``MergeRecord`` says who merged what, when, and what moved.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction

from audience.models import Follow
from bts_catalog.caching import bump_content_version
from bts_catalog.roles import is_curator
from media_assets.models import MediaAsset, Post
from media_assets.search_text import schedule_refresh
from productions.models import (
    AlternativeTitle,
    Credit,
    GameVersion,
    MergeKind,
    MergeRecord,
    Performance,
    Person,
    PersonAlias,
    PersonClaim,
    Production,
    Run,
    Season,
)

# What a preview and a record call each kind of row that moves, for people ...
PERSON_MOVES = {
    "credits": "credits",
    "credits_collapsed": "credits the survivor already holds (dropped)",
    "aliases": "aliases",
    "aliases_collapsed": "aliases the survivor already has (dropped)",
    "music_videos": "music videos they perform in",
    "posts": "posts featuring them",
    "media_credits": "media credited to them",
    "claims": "claims on them",
    "crew_account": "crew account",
    "follows": "follows",
    "follows_collapsed": "follows by users who follow the survivor too (dropped)",
    "merged_records": "earlier duplicates merged into them",
}
# ... and for productions.
PRODUCTION_MOVES = {
    "credits": "credits",
    "credits_collapsed": "credits the survivor already has (dropped)",
    "posts": "posts",
    "tags": "tags",
    "seasons": "seasons (with their episodes)",
    "runs": "runs (with their performances)",
    "runs_folded": "runs the survivor also has (folded into its run)",
    "performances": "performances of those runs",
    "performances_folded": "performances the survivor already has (dropped)",
    "versions": "versions",
    "versions_folded": "versions the survivor also has (folded into its version)",
    "alternative_titles": "alternative titles",
    "alternative_titles_collapsed": "alternative titles the survivor already has "
    "(dropped)",
    "follows": "follows",
    "follows_collapsed": "follows by users who follow the survivor too (dropped)",
    "merged_records": "earlier duplicates merged into it",
}


@dataclass
class MergePlan:
    """The ids of every row a merge moves (or drops), by kind of row."""

    moves: dict[str, list] = field(default_factory=dict)
    # Survivor's credits that become verified because their duplicate was.
    verify: list[int] = field(default_factory=list)
    # Survivor's credits that take their duplicate's on-screen name (they had none).
    credited_as: dict[int, str] = field(default_factory=dict)
    # The duplicate's runs, performances and versions folded into the survivor's
    # of the same venue and opening night, date and time, or name: id to id.
    run_into: dict[int, int] = field(default_factory=dict)
    performance_into: dict[int, int] = field(default_factory=dict)
    version_into: dict[int, int] = field(default_factory=dict)
    # Names and titles the survivor gains as aliases or alternative titles:
    # (name or title, language).
    new_names: list[tuple[str, str]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(ids) for name, ids in self.moves.items()}

    def summary(self) -> dict[str, dict]:
        return {
            name: {"count": len(ids), "ids": ids} for name, ids in self.moves.items()
        }


# Relations that stay with the duplicate: the records of earlier merges into it.
KEPT_RELATIONS = {"merge_records"}


# --- Checks ---------------------------------------------------------------------
def _check_pair(record, into, noun: str) -> None:
    """The rules both kinds of merge share, as errors on the ``into`` field."""
    if into.pk == record.pk:
        raise ValidationError({"into": f"A {noun} cannot be merged into itself."})
    if record.merged_into_id is not None:
        raise ValidationError(
            {"into": f"{record} has already been merged into {record.merged_into}."}
        )
    if into.merged_into_id is not None:
        raise ValidationError(
            {
                "into": f"{into} has itself been merged into {into.merged_into}; "
                f"merge into {into.merged_into} instead."
            }
        )


def person_merge_check(*, person: Person, into: Person) -> None:
    """Raise ValidationError (on ``into``) unless ``person`` may merge into ``into``."""
    _check_pair(person, into, "person")
    if person.user_id is not None and into.user_id is not None:
        raise ValidationError(
            {
                "into": f"{person} and {into} each have a crew account; unlink one "
                "of them first, so that it is clear whose account stays."
            }
        )


def production_merge_check(*, production: Production, into: Production) -> None:
    """Raise ValidationError (on ``into``) unless the merge may go ahead."""
    _check_pair(production, into, "production")
    if production.kind != into.kind:
        raise ValidationError(
            {
                "into": f"{production} is a {production.kind_enum.label.lower()} and "
                f"{into} a {into.kind_enum.label.lower()}; only productions of the "
                "same kind merge."
            }
        )
    if production.seasons.exists() and into.seasons.exists():
        raise ValidationError(
            {
                "into": f"{production} and {into} both have seasons; move or delete "
                f"the seasons of one of them first."
            }
        )


def _check_curator(actor, noun: str) -> None:
    if not is_curator(actor):
        raise PermissionDenied(f"Only curators merge {noun}.")


# --- Plans: what would move -----------------------------------------------------
def _plan_credits(plan: MergePlan, merged, survivor, owner: str) -> None:
    """Credits of ``merged`` move unless ``survivor`` already holds the same one
    (same production or person, episode or run, role and character, and in a run
    the same start date): then the duplicate goes, and the one kept is verified if
    either was. A credit on a run folded into the survivor's counts as on that
    run; plan the runs first."""
    other = "production_id" if owner == "person" else "person_id"

    def key(credit: Credit) -> tuple:
        run_id = plan.run_into.get(credit.run_id, credit.run_id)
        return (
            getattr(credit, other),
            credit.episode_id,
            run_id,
            credit.role_id,
            credit.character,
            credit.start_date if run_id else None,
        )

    held = {
        key(credit): credit
        for credit in Credit.objects.filter(**{owner: survivor}).order_by("pk")
    }
    moving, collapsed = [], []
    for credit in Credit.objects.filter(**{owner: merged}).order_by("pk"):
        kept = held.get(key(credit))
        if kept is None:
            moving.append(credit.pk)
            continue
        collapsed.append(credit.pk)
        if credit.is_verified and not kept.is_verified:
            plan.verify.append(kept.pk)
        if credit.credited_as and not kept.credited_as:
            plan.credited_as[kept.pk] = credit.credited_as
    plan.moves["credits"] = moving
    plan.moves["credits_collapsed"] = collapsed


def _plan_aliases(plan: MergePlan, person: Person, into: Person) -> None:
    """The duplicate's aliases move unless the survivor has the same one (or is
    called by it); the duplicate's own name becomes an alias when it differs."""
    held = {into.name, *into.aliases.values_list("name", flat=True)}
    moving, collapsed = [], []
    for alias in person.aliases.order_by("pk"):
        (collapsed if alias.name in held else moving).append(alias.pk)
        held.add(alias.name)
    plan.moves["aliases"] = moving
    plan.moves["aliases_collapsed"] = collapsed
    if person.name not in held:
        plan.new_names.append((person.name, ""))


def _plan_follows(plan: MergePlan, merged, survivor, field_name: str) -> None:
    """The duplicate's follows move to the survivor, except those of users who
    already follow the survivor: those go, so nobody follows it twice."""
    follows = Follow.objects.filter(**{field_name: merged}).order_by("pk")
    followers = Follow.objects.filter(**{field_name: survivor}).values("user_id")
    plan.moves["follows"] = list(
        follows.exclude(user_id__in=followers).values_list("pk", flat=True)
    )
    plan.moves["follows_collapsed"] = list(
        follows.filter(user_id__in=followers).values_list("pk", flat=True)
    )


def _person_plan(person: Person, into: Person) -> MergePlan:
    plan = MergePlan()
    _plan_credits(plan, person, into, "person")
    _plan_aliases(plan, person, into)
    plan.moves["music_videos"] = list(
        person.music_videos.order_by("pk").values_list("pk", flat=True)
    )
    plan.moves["posts"] = list(
        person.featured_in_posts.order_by("pk").values_list("pk", flat=True)
    )
    plan.moves["media_credits"] = list(
        person.media_credits.order_by("pk").values_list("pk", flat=True)
    )
    plan.moves["claims"] = list(
        person.claims.order_by("pk").values_list("pk", flat=True)
    )
    plan.moves["crew_account"] = [person.user_id] if person.user_id else []
    _plan_follows(plan, person, into, "person")
    plan.moves["merged_records"] = list(
        person.merged_records.order_by("pk").values_list("pk", flat=True)
    )
    return plan


def _plan_runs(plan: MergePlan, production: Production, into: Production) -> None:
    """A run of the duplicate at the venue and opening night of one of the
    survivor's is folded into it (with its performances, the survivor's kept
    where both have one at the same date and time); the others move whole."""
    held = {
        (run.venue_id, run.opening_date): run.pk
        for run in Run.objects.for_production(into).order_by("pk")
    }
    moving = []
    for run in Run.objects.for_production(production).order_by("pk"):
        kept = held.get((run.venue_id, run.opening_date))
        if kept is None:
            moving.append(run.pk)
        else:
            plan.run_into[run.pk] = kept
    plan.moves["runs"] = moving
    plan.moves["runs_folded"] = list(plan.run_into)
    held_performances = {
        (performance.run_id, performance.date, performance.time): performance.pk
        for performance in Performance.objects.filter(
            run_id__in=plan.run_into.values()
        ).order_by("pk")
    }
    moving = []
    for performance in Performance.objects.filter(run_id__in=plan.run_into).order_by(
        "pk"
    ):
        where = (plan.run_into[performance.run_id], performance.date, performance.time)
        kept = held_performances.get(where)
        if kept is None:
            moving.append(performance.pk)
        else:
            plan.performance_into[performance.pk] = kept
    plan.moves["performances"] = moving
    plan.moves["performances_folded"] = list(plan.performance_into)


def _plan_versions(plan: MergePlan, production: Production, into: Production) -> None:
    """A version of the duplicate named as one of the survivor's is folded into
    it; the others move."""
    held = dict(into.versions.values_list("name", "pk"))
    moving = []
    for version in production.versions.order_by("pk"):
        if version.name in held:
            plan.version_into[version.pk] = held[version.name]
        else:
            moving.append(version.pk)
    plan.moves["versions"] = moving
    plan.moves["versions_folded"] = list(plan.version_into)


def _plan_titles(plan: MergePlan, production: Production, into: Production) -> None:
    """The duplicate's alternative titles move unless the survivor has the same
    one (or goes by it); its title and original title become alternative titles
    when they differ from the survivor's."""
    held = {(into.title, ""), (into.original_title, into.original_language)}
    held |= set(into.alternative_titles.values_list("title", "language"))
    moving, collapsed = [], []
    for title in production.alternative_titles.order_by("pk"):
        key = (title.title, title.language)
        (collapsed if key in held else moving).append(title.pk)
        held.add(key)
    plan.moves["alternative_titles"] = moving
    plan.moves["alternative_titles_collapsed"] = collapsed
    names = [(production.title, "")]
    if production.original_title:
        names.append((production.original_title, production.original_language))
    for name in names:
        if name not in held:
            plan.new_names.append(name)
            held.add(name)


def _production_plan(production: Production, into: Production) -> MergePlan:
    plan = MergePlan()
    _plan_runs(plan, production, into)
    _plan_credits(plan, production, into, "production")
    plan.moves["posts"] = list(
        production.posts.order_by("pk").values_list("pk", flat=True)
    )
    plan.moves["tags"] = sorted(production.tags.values_list("name", flat=True))
    plan.moves["seasons"] = list(
        production.seasons.order_by("pk").values_list("pk", flat=True)
    )
    _plan_versions(plan, production, into)
    _plan_titles(plan, production, into)
    _plan_follows(plan, production, into, "production")
    plan.moves["merged_records"] = list(
        production.merged_records.order_by("pk").values_list("pk", flat=True)
    )
    return plan


def person_merge_preview(*, person: Person, into: Person) -> dict[str, int]:
    """How many rows of each kind merging ``person`` into ``into`` would move."""
    return _person_plan(person, into).counts()


def production_merge_preview(
    *, production: Production, into: Production
) -> dict[str, int]:
    return _production_plan(production, into).counts()


# --- Moving ---------------------------------------------------------------------
def _lock(model: type[models.Model], *records) -> list:
    """The rows again, locked for the rest of the transaction (in id order, so two
    merges of overlapping pairs cannot deadlock)."""
    rows = model.objects.select_for_update().in_bulk([record.pk for record in records])
    missing = [record for record in records if record.pk not in rows]
    if missing:
        raise ValidationError({"into": f"{missing[0]} no longer exists."})
    return [rows[record.pk] for record in records]


def _move_credits(plan: MergePlan, owner: str, survivor) -> None:
    Credit.objects.filter(pk__in=plan.verify).update(is_verified=True)
    for pk, name in plan.credited_as.items():
        Credit.objects.filter(pk=pk).update(credited_as=name)
    Credit.objects.filter(pk__in=plan.moves["credits_collapsed"]).delete()
    moving = Credit.objects.filter(pk__in=plan.moves["credits"])
    for run_id, kept_id in plan.run_into.items():
        moving.filter(run_id=run_id).update(run_id=kept_id)
    moving.update(**{owner: survivor})


def _move_aliases(plan: MergePlan, person: Person, into: Person) -> None:
    PersonAlias.objects.filter(pk__in=plan.moves["aliases_collapsed"]).delete()
    PersonAlias.objects.filter(pk__in=plan.moves["aliases"]).update(person=into)
    for name, _ in plan.new_names:
        PersonAlias.objects.create(person=into, name=name)
    # Bulk updates send no signals: the searchable copies are brought up to date.
    person.refresh_other_names()
    into.refresh_other_names()


def _move_runs(plan: MergePlan, into: Production) -> None:
    """Whole runs move; a folded run's performances, posts and notes go to the
    survivor's run (its credits moved with the others), whose dates widen to take
    them in (an open-ended run stays open), and the folded run goes."""
    Run.objects.filter(pk__in=plan.moves["runs"]).update(production=into)
    for run_id, kept_id in plan.run_into.items():
        folded, kept = Run.objects.get(pk=run_id), Run.objects.get(pk=kept_id)
        Post.objects.filter(run_id=run_id).update(run_id=kept_id)
        moving = Performance.objects.filter(
            pk__in=plan.moves["performances"], run_id=run_id
        )
        if kept.closing_date is not None:
            last = moving.order_by("-date").values_list("date", flat=True).first()
            dates = [kept.closing_date, folded.closing_date, last]
            kept.closing_date = max(date for date in dates if date)
        kept.tour = kept.tour or folded.tour
        kept.notes = kept.notes or folded.notes
        kept.save(update_fields=["closing_date", "tour", "notes"])
        moving.update(run_id=kept_id)
    for performance_id, kept_id in plan.performance_into.items():
        Post.objects.filter(performance_id=performance_id).update(
            performance_id=kept_id
        )
    Performance.objects.filter(pk__in=plan.moves["performances_folded"]).delete()
    Run.objects.filter(pk__in=plan.moves["runs_folded"]).delete()


def _move_versions(plan: MergePlan, into: Production) -> None:
    """Versions move; a folded version's platforms join the survivor's, its posts
    follow, its date and notes fill the survivor's where they are blank."""
    GameVersion.objects.filter(pk__in=plan.moves["versions"]).update(production=into)
    for version_id, kept_id in plan.version_into.items():
        folded = GameVersion.objects.get(pk=version_id)
        kept = GameVersion.objects.get(pk=kept_id)
        kept.platforms.add(*folded.platforms.all())
        if kept.release_date is None and folded.release_date is not None:
            kept.release_date = folded.release_date
            kept.release_date_precision = folded.release_date_precision
        kept.notes = kept.notes or folded.notes
        kept.save(update_fields=["release_date", "release_date_precision", "notes"])
        Post.objects.filter(version_id=version_id).update(version_id=kept_id)
    GameVersion.objects.filter(pk__in=plan.moves["versions_folded"]).delete()


def _move_titles(plan: MergePlan, production: Production, into: Production) -> None:
    collapsed = plan.moves["alternative_titles_collapsed"]
    AlternativeTitle.objects.filter(pk__in=collapsed).delete()
    AlternativeTitle.objects.filter(pk__in=plan.moves["alternative_titles"]).update(
        production=into
    )
    for title, language in plan.new_names:
        AlternativeTitle.objects.create(production=into, title=title, language=language)
    # Bulk updates send no signals: the searchable copies are brought up to date.
    production.refresh_other_titles()
    into.refresh_other_titles()


def _move_claims(person: Person, into: Person) -> None:
    """Claims follow the person; a pending claim by a user who has one pending on
    the survivor too would be a second of the same, so it is dropped."""
    pending_on_survivor = into.claims.pending().values("user_id")
    person.claims.pending().filter(user_id__in=pending_on_survivor).delete()
    PersonClaim.objects.filter(person=person).update(person=into)


def _move_featured(person: Person, into: Person, post_ids: list[int]) -> None:
    links = Post.featured_people.through.objects
    already = links.filter(person=into, post_id__in=post_ids).values("post_id")
    links.filter(person=person, post_id__in=already).delete()
    links.filter(person=person).update(person=into)


def _move_follows(plan: MergePlan, field_name: str, survivor) -> None:
    Follow.objects.filter(pk__in=plan.moves["follows_collapsed"]).delete()
    Follow.objects.filter(pk__in=plan.moves["follows"]).update(**{field_name: survivor})


def _check_nothing_left(merged) -> None:
    """Refuse (and so undo) a merge that would leave rows on the duplicate: a
    relation added to the catalogue later that this module does not move yet."""
    for relation in merged._meta.related_objects:
        if relation.get_accessor_name() in KEPT_RELATIONS:
            continue
        left = relation.related_model._base_manager.filter(
            **{relation.field.name: merged}
        )
        if left.exists():
            rows = relation.related_model._meta.verbose_name_plural
            raise ValidationError(
                {"into": f"{merged} still has {rows}, which merging cannot move yet."}
            )


def _record(
    *, kind: MergeKind, merged, survivor, actor, plan: MergePlan
) -> MergeRecord:
    survivor_field = "person" if kind == MergeKind.PERSON else "production"
    record = MergeRecord(
        kind=kind,
        merged_slug=merged.slug,
        merged_name=str(merged)[:200],
        survivor_slug=survivor.slug,
        actor=actor,
        moved=plan.summary(),
        **{survivor_field: survivor},
    )
    record.full_clean()
    record.save()
    return record


def person_merge(*, person: Person, into: Person, actor) -> MergeRecord:
    """Merge the duplicate ``person`` into ``into``: credits (on the production,
    an episode or a run), aliases, music videos they perform in, featured-in
    links, media credits, claims and the crew account move, and their name stays
    as an alias of the survivor; nothing is doubled."""
    _check_curator(actor, "people")
    with transaction.atomic():
        person, into = _lock(Person, person, into)
        person_merge_check(person=person, into=into)
        plan = _person_plan(person, into)
        _move_credits(plan, "person", into)
        _move_aliases(plan, person, into)
        Production.objects.filter(pk__in=plan.moves["music_videos"]).update(artist=into)
        _move_featured(person, into, plan.moves["posts"])
        MediaAsset.objects.filter(credited_to=person).update(credited_to=into)
        _move_claims(person, into)
        _move_follows(plan, "person", into)
        Person.objects.filter(merged_into=person).update(merged_into=into)
        _check_nothing_left(person)
        account = person.user
        person.user, person.merged_into = None, into
        person.save(update_fields=["user", "merged_into", "updated_at"])
        if account is not None:  # after the duplicate let go: it is one-to-one
            into.user = account
            into.save(update_fields=["user", "updated_at"])
        # The posts now name the survivor where they named the duplicate.
        schedule_refresh(plan.moves["posts"])
        record = _record(
            kind=MergeKind.PERSON, merged=person, survivor=into, actor=actor, plan=plan
        )
        transaction.on_commit(bump_content_version)  # bulk updates send no signals
    return record


def production_merge(*, production: Production, into: Production, actor) -> MergeRecord:
    """Merge the duplicate ``production`` into ``into``: credits, posts, tags,
    seasons (when only it has any), runs, versions and alternative titles move,
    and its titles stay as alternative titles of the survivor. A run at the same
    venue and opening night, or a version of the same name, is folded into the
    survivor's, and posts anchored to it follow; nothing is doubled."""
    _check_curator(actor, "productions")
    with transaction.atomic():
        production, into = _lock(Production, production, into)
        production_merge_check(production=production, into=into)
        plan = _production_plan(production, into)
        # Its seasons (with their episodes) first: episode credits follow them.
        Season.objects.filter(pk__in=plan.moves["seasons"]).update(production=into)
        _move_credits(plan, "production", into)
        _move_runs(plan, into)
        _move_versions(plan, into)
        _move_titles(plan, production, into)
        Post.objects.filter(pk__in=plan.moves["posts"]).update(production=into)
        if plan.moves["tags"]:
            into.tags.add(*plan.moves["tags"])
            production.tags.clear()
        _move_follows(plan, "production", into)
        Production.objects.filter(merged_into=production).update(merged_into=into)
        _check_nothing_left(production)
        production.merged_into = into
        production.save(update_fields=["merged_into", "updated_at"])
        # The posts' search text carries their production's title.
        schedule_refresh(plan.moves["posts"])
        record = _record(
            kind=MergeKind.PRODUCTION,
            merged=production,
            survivor=into,
            actor=actor,
            plan=plan,
        )
        transaction.on_commit(bump_content_version)
    return record
