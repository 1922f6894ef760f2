"""Top a seeded PostgreSQL catalogue up to bench size with COPY, not the ORM.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://… \\
        python -m bench.bulkseed --scale 10 [--seed 1] [--batch 2000] [--dry-run]

Adds only what is missing up to ``scale`` × (25,000 productions, 50,000 people,
500,000 credits, 100,000 posts) on a migrated database that holds a
``seed_demo`` catalogue, and prints one JSON line (progress goes to stderr).
Every row is planned by seed_demo's own ``DemoPlanner`` (same kinds, statuses,
dates, titles, roles by kind, cast and crew, post kinds, phases, provenance,
tags, featured people and crafts), with a fresh seed and ids above the existing
ones, so slugs never collide. Rows are streamed into ``COPY … FROM STDIN``; the
database's triggers fill the search vectors, and the posts' ``search_text`` is
written as ``refresh_post_search_text`` computes it. People go in batches of
50,000, then each batch of productions commits with its tags, game releases,
credits, posts and their links: a crash leaves a usable catalogue that a re-run
tops up again. Sequences are reset and the tables analysed at the end.

Measured on the 2-core dev box: scale 1 over seed_demo --size 105 (22k
productions, 45k people, 451k credits, 89k posts added) took 162 s; 1 → 1.4
took 60 s (~150 s a scale unit, mostly PostgreSQL's index and trigger work),
so scale 10 over the bench's --size 1053 (~9 units) extrapolates to ~23 min.
"""

import argparse
import datetime
import functools
import html
import json
import math
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

PRODUCTIONS_PER_SCALE = 25_000
PEOPLE_PER_SCALE = 50_000
CREDITS_PER_SCALE = 500_000
POSTS_PER_SCALE = 100_000
PEOPLE_BATCH = 50_000
# What seed_demo plans on average (at --size 1053: 107k posts, 26k productions).
POSTS_PER_PRODUCTION = 4.07
# Words a few posts carry, so that search has rare hits as well as common ones.
RARE_WORDS = (
    "zeppelin", "quokka", "theremin", "marzipan", "origami", "kaleidoscope",
    "tarantula", "gondola", "harpsichord", "axolotl", "sarsaparilla", "yodel",
)  # fmt: skip
RARE_SHARE = 0.002
TABLES = {
    "productions": "productions_production",
    "people": "productions_person",
    "credits": "productions_credit",
    "posts": "media_assets_post",
}
WITH_EXPLICIT_IDS = (
    "productions_production",
    "productions_person",
    "media_assets_post",
    "productions_gameversion",
)
ANALYSED = (
    *TABLES.values(),
    "productions_gameversion",
    "productions_gameversion_platforms",
    "media_assets_post_featured_people",
    "media_assets_post_crafts",
    "taggit_taggeditem",
    "taggit_tag",
)


def targets(scale: float) -> dict[str, int]:
    """The rows a catalogue of ``scale`` holds, by table."""
    return {
        "productions": round(PRODUCTIONS_PER_SCALE * scale),
        "people": round(PEOPLE_PER_SCALE * scale),
        "credits": round(CREDITS_PER_SCALE * scale),
        "posts": round(POSTS_PER_SCALE * scale),
    }


def missing(counts: dict[str, int], scale: float) -> dict[str, int]:
    """What a top-up to ``scale`` adds to a catalogue of ``counts``."""
    return {
        name: max(0, want - counts.get(name, 0))
        for name, want in targets(scale).items()
    }


def _copy_text(value) -> str:
    """One field of COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


class _Rows:
    """A file-like COPY source built from rows of Python values."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, *values) -> None:
        self.lines.append("\t".join(map(_copy_text, values)))

    def __len__(self) -> int:
        return len(self.lines)


@dataclass
class _Timer:
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, step: str, started: float) -> float:
        now = time.perf_counter()
        self.seconds[step] += now - started
        return now


def _planner_class():
    """seed_demo's planner, taught to draw people from the rows being topped up
    and to give every new slug an unused form (imported late: Django must be set up)."""
    from django.utils.text import slugify

    from media_assets.markdown import render_markdown
    from showcase.management import demo_words as words
    from showcase.management.commands import seed_demo as demo

    tokens: dict[str, str] = {}

    @functools.cache
    def paragraph_html(template: str) -> str:
        """The paragraph rendered once with stand-ins for its fields: rendering
        a million bodies through Markdown would take longer than the rest."""
        return render_markdown(template.format_map(_Tokens(tokens)))

    class BulkPlanner(demo.DemoPlanner):
        def __init__(self, *, people: list, first_block: int, blocks: int, **kw):
            super().__init__(**kw)
            self.people = people
            self.first_block = first_block
            self.people_blocks = max(1, len(people) // demo.PEOPLE_PER_SIZE)
            self.blocks = max(1, blocks)
            self.post_slugs: set[str] = set()
            self.next_post_id = 0

        def _pool(self, block: int) -> dict[str, list[int]]:
            if block not in self._pools:
                ordinal = block - self.first_block
                mine = min(
                    ordinal * self.people_blocks // self.blocks, self.people_blocks - 1
                )
                start = max(0, mine - 1) * demo.PEOPLE_PER_SIZE
                end = (mine + 1) * demo.PEOPLE_PER_SIZE
                if mine == self.people_blocks - 1:
                    end = len(self.people)
                pool: dict[str, list[int]] = defaultdict(list)
                for index in range(start, end):
                    pool[self.people[index].craft].append(index)
                self._pools = {block: pool}
            return self._pools[block]

        def _write_text(self, plan, rng: random.Random) -> None:
            context = plan.context
            medium = words.MEDIUM[plan.production.kind]
            titles = demo._for_medium(
                words.POST_TITLES, words.POST_TITLES_FOR_MEDIUM, medium, plan.kind
            )
            plan.title = rng.choice(titles).format(**context)[:200]
            base = slugify(plan.title)[:200].strip("-") or "post"
            plan.slug = _fresh_slug(base, self.post_slugs, self.next_post_id)
            self.next_post_id += 1
            paragraphs = demo._for_medium(
                words.POST_PARAGRAPHS,
                words.POST_PARAGRAPHS_FOR_MEDIUM,
                medium,
                plan.kind,
            )
            count = rng.randint(1, min(3, len(paragraphs)))
            picked = sorted(rng.sample(range(len(paragraphs)), count))
            texts = [paragraphs[i].format(**context) for i in picked]
            htmls = [
                _fill(paragraph_html(paragraphs[i]), tokens, context) for i in picked
            ]
            if rng.random() < RARE_SHARE:
                texts.append(f"Spotted between takes: a {rng.choice(RARE_WORDS)}.")
                htmls.append(f"<p>{texts[-1]}</p>")
            plan.body = "\n\n".join(texts)
            plan.body_html = "\n".join(htmls)
            plan.source_url = self._source_url(plan, rng)

    return BulkPlanner, render_markdown


class _Tokens(dict):
    """str.format_map source that turns every field into a unique marker."""

    def __init__(self, tokens: dict[str, str]) -> None:
        super().__init__()
        self.tokens = tokens

    def __missing__(self, key: str) -> str:
        return self.tokens.setdefault(key, f"zqx{len(self.tokens)}qxz")


def _fill(rendered: str, tokens: dict[str, str], context: dict[str, str]) -> str:
    for key, token in tokens.items():
        if token in rendered:
            rendered = rendered.replace(token, html.escape(context[key], quote=False))
    return rendered


def _fresh_slug(base: str, taken: set[str], number: int) -> str:
    """``base`` if free, else ``base-<number>``, numbered past anything taken."""
    slug = base
    if slug in taken:
        slug = f"{base[:200]}-{number}"
        while slug in taken:
            number += 1
            slug = f"{base[:200]}-{number}"
    taken.add(slug)
    return slug


# --- The top-up ---------------------------------------------------------------------
def _counts(cursor) -> dict[str, int]:
    counts = {}
    for name, table in TABLES.items():
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


def _max_id(cursor, table: str) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608
    return cursor.fetchone()[0]


def _copy(cursor, table: str, columns: Sequence[str], rows: _Rows) -> None:
    if not rows.lines:
        return
    import io

    buffer = io.StringIO("\n".join(rows.lines) + "\n")
    cursor.copy_expert(
        f"COPY {table} ({', '.join(columns)}) FROM STDIN",
        buffer,
        size=1 << 20,
    )


def _stamp(rng: random.Random, day: datetime.date, now: datetime.datetime):
    at = datetime.datetime.combine(
        day, datetime.time(rng.randint(7, 22), rng.randint(0, 59)), tzinfo=datetime.UTC
    )
    return min(at, now)


def top_up(
    *,
    scale: float,
    seed: int = 1,
    batch: int = 2000,
    dry_run: bool = False,
    log: Callable[[str], None] = lambda line: None,
) -> dict:
    """Top the default database's catalogue up to ``scale`` (see the module
    docstring); return what the JSON line reports."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from bts_catalog.caching import bump_content_version
    from media_assets.models import Post, PostStatus
    from productions.models import Department, Production, Role, VersionKind
    from productions.services import platforms_from_names
    from showcase.management import demo_words as words
    from showcase.management.commands import seed_demo as demo

    if connection.vendor != "postgresql":
        raise RuntimeError("bench.bulkseed needs PostgreSQL (set DATABASE_URL).")
    started = time.perf_counter()
    timer = _Timer()
    cursor = connection.cursor()
    before = _counts(cursor)
    adding = missing(before, scale)
    result = {"scale": scale, "dry_run": dry_run, "before": before, "adding": adding}
    if dry_run:
        return result
    cursor.execute("SET synchronous_commit = off")
    BulkPlanner, render_markdown = _planner_class()
    now = timezone.now()
    rng_seed = f"bulk{seed}"

    # People ---------------------------------------------------------------------
    tick = time.perf_counter()
    roster = [craft for craft, count in words.CRAFT_ROSTER for _ in range(count)]
    roster += ["cast"] * (demo.PEOPLE_PER_SIZE - len(roster))

    @functools.lru_cache(maxsize=4)
    def block_roster(block: int) -> list[str]:
        crafts = list(roster)
        random.Random(f"{rng_seed}:roster:{block}").shuffle(crafts)  # noqa: S311
        return crafts

    def craft_of(person_id: int) -> str:
        block, offset = divmod(person_id, demo.PEOPLE_PER_SIZE)
        return block_roster(block)[offset]

    roles_by_kind = {
        kind: list(
            Role.objects.for_kind(kind).select_related("department").order_by("pk")
        )
        for kind in demo.KINDS
    }
    planner_args = {"seed": rng_seed, "size": 0, "roles_by_kind": roles_by_kind}
    if adding["people"]:
        cursor.execute("SELECT slug FROM productions_person")
        taken = {slug for (slug,) in cursor.fetchall()}
        maker = BulkPlanner(people=[], first_block=0, blocks=1, **planner_args)
        next_id = _max_id(cursor, "productions_person") + 1
        last_id = next_id + adding["people"]
        while next_id < last_id:
            upto = min(last_id, next_id + PEOPLE_BATCH)
            rows = _Rows()
            for person_id in range(next_id, upto):
                plan = maker._plan_person(person_id, craft_of(person_id), taken)
                made = _stamp(
                    random.Random(person_id),  # noqa: S311
                    now.date() - datetime.timedelta(days=person_id % 1100),
                    now,
                )
                rows.add(
                    person_id, plan.name, plan.slug, plan.bio, "", "", plan.imdb_id,
                    plan.instagram_handle, made, made, None, None, "", None, "",
                )  # fmt: skip
            with transaction.atomic():
                _copy(
                    cursor,
                    "productions_person",
                    (
                        "id", "name", "slug", "bio", "photo", "website", "imdb_id",
                        "instagram_handle", "created_at", "updated_at", "user_id",
                        "merged_into_id", "other_names", "tmdb_id", "wikidata_id",
                    ),
                    rows,
                )  # fmt: skip
            log(f"people: {upto - (last_id - adding['people'])}/{adding['people']}")
            next_id = upto
        del taken
    tick = timer.add("people_s", tick)

    # Productions, with their credits and posts ----------------------------------
    to_add = adding["productions"]
    added = {"productions": 0, "people": adding["people"], "credits": 0, "posts": 0}
    added |= {"game_versions": 0, "featured_people": 0, "crafts": 0, "tagged_items": 0}
    if to_add:
        pool_size = min(max(2 * to_add, 2 * demo.PEOPLE_PER_SIZE), 10**7)
        cursor.execute(
            "SELECT id, name, slug, instagram_handle FROM productions_person "
            "WHERE merged_into_id IS NULL ORDER BY id DESC LIMIT %s",
            [pool_size],
        )
        people = [
            demo.PersonPlan(pid, slug, name, craft_of(pid), "", "", handle)
            for pid, name, slug, handle in reversed(cursor.fetchall())
        ]
        next_production = _max_id(cursor, "productions_production") + 1
        first_block = next_production // demo.PRODUCTIONS_PER_SIZE
        blocks = -(-to_add // demo.PRODUCTIONS_PER_SIZE)
        planner = BulkPlanner(
            people=people, first_block=first_block, blocks=blocks, **planner_args
        )
        cursor.execute("SELECT slug FROM productions_production")
        production_slugs = {slug for (slug,) in cursor.fetchall()}
        cursor.execute("SELECT slug FROM media_assets_post")
        planner.post_slugs = {slug for (slug,) in cursor.fetchall()}
        next_post = _max_id(cursor, "media_assets_post") + 1
        planner.next_post_id = next_post
        next_version = _max_id(cursor, "productions_gameversion") + 1
        departments = {d.slug: d.pk for d in Department.objects.all()}
        production_type = ContentType.objects.get_for_model(Production).pk
        post_type = ContentType.objects.get_for_model(Post).pk
        cursor.execute("SELECT name, id FROM taggit_tag")
        tag_ids = dict(cursor.fetchall())
        platforms = functools.cache(lambda text: platforms_from_names(text)[0])
        credits_left, posts_left = adding["credits"], adding["posts"]
        checked_html = 0
        last = next_production + to_add
        tick = time.perf_counter()
        while next_production < last:
            upto = min(last, next_production + batch)
            rows = defaultdict(_Rows)
            tagged: list[tuple[int, int, str]] = []
            for production_id in range(next_production, upto):
                plan = planner._plan_production(production_id, production_slugs)
                hosts_left = last - production_id
                rng = random.Random(f"{rng_seed}:bulk:{production_id}")  # noqa: S311
                made = _stamp(rng, plan.anchor - datetime.timedelta(days=400), now)
                rows["productions"].add(
                    production_id, plan.title, plan.slug, plan.kind, plan.status,
                    plan.synopsis, plan.release_date, plan.studio, plan.venue, "",
                    plan.website, plan.imdb_id, plan.tmdb_id, plan.igdb_id, made,
                    made, None, None, "", "", "", "", "day", "", "",
                )  # fmt: skip
                tagged += [(production_type, production_id, t) for t in plan.tags]
                if plan.platforms:
                    rows["versions"].add(
                        next_version, "1.0", VersionKind.RELEASE, plan.release_date,
                        "day", "", production_id,
                    )  # fmt: skip
                    for platform in platforms(plan.platforms):
                        rows["version_platforms"].add(next_version, platform.pk)
                    next_version += 1
                tick = timer.add("productions_s", tick)

                credits = planner.plan_credits(plan)
                credits = _to_quota(
                    credits, credits_left, hosts_left, planner, plan, rng
                )
                credits_left -= len(credits)
                for credit in credits:
                    rows["credits"].add(
                        credit.character, credit.billing_order, credit.is_verified,
                        made, people[credit.person].index, production_id,
                        credit.role.pk, "",
                    )  # fmt: skip
                tick = timer.add("credits_s", tick)

                posts = _posts_to_quota(
                    planner.plan_posts(plan, credits),
                    posts_left,
                    hosts_left,
                    planner,
                    plan,
                    credits,
                    rng,
                )
                posts_left -= len(posts)
                for post in posts:
                    post_id = next_post
                    next_post += 1
                    if checked_html < 300:  # the stand-ins render as the text would
                        if render_markdown(post.body) != post.body_html:
                            raise RuntimeError(f"body_html differs for {post.slug}")
                        checked_html += 1
                    names = sorted(dict.fromkeys(post.tags))
                    featured = [people[i] for i in post.featured_people]
                    search_text = " ".join(
                        [plan.title, *names, *sorted(p.name for p in featured)]
                    )
                    published = post.status == PostStatus.PUBLISHED
                    created = (
                        post.published_at - datetime.timedelta(hours=rng.randint(1, 72))
                        if published
                        else _stamp(rng, post.happened_on + demo.DAY, now)
                    )
                    updated = max(created, post.published_at or created)
                    rows["posts"].add(
                        post_id, post.title, post.slug, post.body, post.body_html,
                        post.kind, post.phase, post.happened_on, post.source_platform,
                        post.source_url, post.provenance, post.status,
                        post.published_at, post.is_featured, post.moderation_note,
                        created, updated, None, production_id, search_text, False,
                    )  # fmt: skip
                    for person in featured:
                        rows["featured"].add(post_id, person.index)
                    for craft in dict.fromkeys(post.crafts):
                        if craft in departments:
                            rows["crafts"].add(post_id, departments[craft])
                    tagged += [(post_type, post_id, name) for name in names]
                tick = timer.add("posts_s", tick)

            unknown = {name for _, _, name in tagged} - tag_ids.keys()
            for name in sorted(unknown):
                cursor.execute(
                    "INSERT INTO taggit_tag (name, slug) VALUES (%s, %s) "
                    "ON CONFLICT DO NOTHING",
                    [name, slugify(name, allow_unicode=True)],
                )
            if unknown:
                cursor.execute("SELECT name, id FROM taggit_tag")
                tag_ids = dict(cursor.fetchall())
            for content_type, object_id, name in tagged:
                rows["tagged"].add(object_id, content_type, tag_ids[name])
            tick = timer.add("tags_s", tick)
            with transaction.atomic():
                _copy(
                    cursor,
                    "productions_production",
                    PRODUCTION_COLUMNS,
                    rows["productions"],
                )
                tick = timer.add("productions_s", tick)
                _copy(cursor, "media_assets_post", POST_COLUMNS, rows["posts"])
                tick = timer.add("posts_s", tick)
                # The rest has no trigger of its own, and its ids were made to
                # match: skip the per-row foreign key checks.
                cursor.execute("SET LOCAL session_replication_role = replica")
                _copy(
                    cursor, "productions_gameversion", VERSION_COLUMNS, rows["versions"]
                )
                _copy(
                    cursor,
                    "productions_gameversion_platforms",
                    ("gameversion_id", "platform_id"),
                    rows["version_platforms"],
                )
                tick = timer.add("productions_s", tick)
                _copy(cursor, "productions_credit", CREDIT_COLUMNS, rows["credits"])
                tick = timer.add("credits_s", tick)
                _copy(
                    cursor,
                    "media_assets_post_featured_people",
                    ("post_id", "person_id"),
                    rows["featured"],
                )
                _copy(
                    cursor,
                    "media_assets_post_crafts",
                    ("post_id", "department_id"),
                    rows["crafts"],
                )
                tick = timer.add("posts_s", tick)
                _copy(
                    cursor,
                    "taggit_taggeditem",
                    ("object_id", "content_type_id", "tag_id"),
                    rows["tagged"],
                )
                cursor.execute("SET LOCAL session_replication_role = origin")
            tick = timer.add("tags_s", tick)
            added["productions"] += upto - next_production
            added["credits"] += len(rows["credits"])
            added["posts"] += len(rows["posts"])
            added["game_versions"] += len(rows["versions"])
            added["featured_people"] += len(rows["featured"])
            added["crafts"] += len(rows["crafts"])
            added["tagged_items"] += len(rows["tagged"])
            log(
                f"productions: {added['productions']}/{to_add}, credits "
                f"{added['credits']}, posts {added['posts']} "
                f"({time.perf_counter() - started:.0f}s)"
            )
            next_production = upto

    # Sequences and statistics ------------------------------------------------------
    tick = time.perf_counter()
    for table in WITH_EXPLICIT_IDS:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"greatest((SELECT max(id) FROM {table}), 1))"
        )
    for table in ANALYSED:
        cursor.execute(f"ANALYZE {table}")
    bump_content_version()  # COPY sends no save signals
    timer.add("analyze_s", tick)
    after = _counts(cursor)
    result.update(
        seconds=round(time.perf_counter() - started, 1),
        added=added,
        counts=after,
        steps={step: round(s, 1) for step, s in timer.seconds.items()},
    )
    return result


def _posts_to_quota(
    posts: list, left: int, hosts_left: int, planner, plan, credits: list, rng
) -> list:
    """The production's planned posts, a few more or fewer so that the posts still
    missing are met: seed_demo plans ~POSTS_PER_PRODUCTION a production."""
    average = left / hosts_left
    if hosts_left > 1 and average < POSTS_PER_PRODUCTION:  # ahead: thin out
        keep = int(len(posts) * average / POSTS_PER_PRODUCTION + rng.random())
        return posts[: min(left, keep)]
    # Behind: the productions to come, at the usual rate, cannot catch up. Each
    # grows to three times its plan at most; the last takes all still missing.
    if hosts_left == 1:
        limit = left
    else:
        wanted = math.ceil(left - POSTS_PER_PRODUCTION * (hosts_left - 1))
        limit = min(wanted, 3 * len(posts))
    # A post needs a credited person to feature; crew first, as seed_demo does.
    crew = [credit for credit in credits if credit.department != "cast"] or credits
    cast = [credit for credit in credits if credit.department == "cast"]
    phases = [post.phase for post in posts] or ["production"]
    while crew and len(posts) < limit:
        extra = planner._plan_post(plan, rng.choice(phases), crew, cast, rng)
        planner._write_text(extra, rng)
        posts.append(extra)
    return posts[:left]


def _to_quota(credits: list, left: int, hosts_left: int, planner, plan, rng) -> list:
    """The production's credits, with crew added or dropped so that the
    productions still to come can meet the credits still missing on average."""
    # The last production takes what is still missing, so the target is met.
    spread = rng.uniform(-3, 3) if hosts_left > 1 else 0
    wanted = round(left / hosts_left + spread) if left else 0
    wanted = max(1, min(left, wanted))  # the lead, at least: posts need crew
    if len(credits) >= wanted:
        return credits[:wanted]
    from showcase.management.commands import seed_demo as demo

    pool = planner._pool(plan.block)
    used = {credit.person for credit in credits}
    taken = {credit.role.pk for credit in credits}
    roles = [
        role
        for role in planner.roles_by_kind[plan.kind]
        if role.department.slug != "cast" and role.pk not in taken
    ]
    rng.shuffle(roles)
    order = 100 + sum(1 for credit in credits if credit.billing_order >= 100)
    for role in roles:
        if len(credits) >= wanted:
            break
        free = [p for p in pool.get(role.department.slug, ()) if p not in used]
        if not free:
            continue
        person = rng.choice(free)
        used.add(person)
        credits.append(demo.CreditPlan(person, role, "", order, rng.random() < 0.5))
        order += 1
    return credits


PRODUCTION_COLUMNS = (
    "id", "title", "slug", "kind", "status", "synopsis", "release_date", "studio",
    "venue", "poster", "website", "imdb_id", "tmdb_id", "igdb_id", "created_at",
    "updated_at", "merged_into_id", "artist_id", "artist_name", "original_language",
    "original_title", "other_titles", "release_date_precision", "track",
    "wikidata_id",
)  # fmt: skip
VERSION_COLUMNS = (
    "id", "name", "kind", "release_date", "release_date_precision", "notes",
    "production_id",
)  # fmt: skip
CREDIT_COLUMNS = (
    "character", "billing_order", "is_verified", "created_at", "person_id",
    "production_id", "role_id", "credited_as",
)  # fmt: skip
POST_COLUMNS = (
    "id", "title", "slug", "body", "body_html", "kind", "phase", "happened_on",
    "source_platform", "source_url", "provenance", "status", "published_at",
    "is_featured", "moderation_note", "created_at", "updated_at", "author_id",
    "production_id", "search_text", "is_spoiler",
)  # fmt: skip


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bulkseed")
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=2000, help="productions a commit")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(list(argv) if argv is not None else None)
    import django

    django.setup()
    result = top_up(
        scale=args.scale,
        seed=args.seed,
        batch=args.batch,
        dry_run=args.dry_run,
        log=lambda line: print(line, file=sys.stderr, flush=True),
    )
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
