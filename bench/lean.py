"""Lean twins of the production list and detail pages: the same bytes as the real
pages, made from hand-written SQL and a small Jinja2 template, as a yardstick for
what the real pages cost beyond the work they must do.

- ``production_list``: ``/productions/`` with no query string (page 1, title
  order, 24 a page) from two queries: the count, then the page's rows.
- ``production_detail``: a film's page from five queries (the production, its
  published posts with their covers, its gallery, its credits, its tags and
  alternative titles). Other kinds (series, theater, games, music videos), a
  merged production and a post anchored to an episode, run or version answer 404:
  their extra sections are not reproduced.

Anonymous visitors only: the signed-out header, the spoiler warnings always on.
"""

import datetime
import json
import math
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import jinja2
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils import timezone
from django.utils.text import Truncator
from markupsafe import Markup

from bts_catalog.paging import EXACT_COUNT_UP_TO, rounded
from bts_catalog.partial_dates import partial_display, partial_isoformat
from media_assets.models import PostKind, PostPhase, PostStatus
from productions.external_ids import imdb_title_url, tmdb_url, website_url, wikidata_url
from productions.models import Production, ProductionKind, ProductionStatus
from productions.structured_data import json_ld_script
from showcase.views import PRODUCTIONS_PER_PAGE, language_name

# Django's escaping (``&#x27;`` and ``&quot;``), not markupsafe's (``&#39;``).
_ESCAPES = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("'"): "&#x27;",
}
MONTHS_3 = [None, *"Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()]
KIND_LABELS = dict(ProductionKind.choices)
STATUS_LABELS = dict(ProductionStatus.choices)
POST_KIND_LABELS = dict(PostKind.choices)
PHASE_ORDER = " ".join(
    f"WHEN '{phase.value}' THEN {index}" for index, phase in enumerate(PostPhase)
)


def _finalize(value):
    if isinstance(value, Markup):
        return value
    return Markup(str(value).translate(_ESCAPES))  # noqa: S704 (just escaped)


templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "lean_templates"),
    autoescape=True,
    keep_trailing_newline=True,
    finalize=_finalize,
    auto_reload=False,
)


def _rows(sql: str, params=()) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _day(value: datetime.date) -> str:
    return f"{value.day} {MONTHS_3[value.month]} {value.year}"


def _media_url(name: str) -> str:
    return default_storage.url(name) if name else ""


def _base_context(request: HttpRequest, path: str) -> dict:
    return {
        "page_url": request.build_absolute_uri(path),
        "static": {
            "favicon": static("icons/favicon.svg"),
            "css": static("css/site.css"),
        },
    }


def _html(template: str, context: dict) -> HttpResponse:
    return HttpResponse(templates.get_template(template).render(context))


def _with_dates(row: dict) -> dict:
    release = _date(row["release_date"])
    precision = row["release_date_precision"]
    row["release_date"] = release
    row["release_iso"] = partial_isoformat(release, precision) or ""
    row["release_label"] = partial_display(release, precision)
    row["kind_label"] = KIND_LABELS[row["kind"]]
    row["status_label"] = STATUS_LABELS[row["status"]]
    row["poster_url"] = _media_url(row["poster"])
    return row


PUBLISHED = "p.status = %s AND (p.publish_at IS NULL OR p.publish_at <= %s)"

LIST_SQL = f"""
SELECT pr.slug, pr.title, pr.kind, pr.status, pr.release_date,
       pr.release_date_precision, pr.studio, pr.poster,
       (SELECT COUNT(*) FROM media_assets_post p
         WHERE p.production_id = pr.id AND {PUBLISHED}) AS post_count
FROM productions_production pr
WHERE pr.merged_into_id IS NULL
ORDER BY pr.title, pr.id
LIMIT %s
"""  # noqa: S608 (built from constants; values are parameters)
# Apart from the rows: a window count in the same query would make PostgreSQL
# count every production's posts before it can stop at the page's 24.
ESTIMATE_SQL = "SELECT id FROM productions_production WHERE merged_into_id IS NULL"
COUNT_SQL = (
    "SELECT COUNT(*) AS total FROM productions_production WHERE merged_into_id IS NULL"
)


def _count() -> tuple[int, bool]:
    """The list's length as the real page finds it: the planner's estimate when
    that is long (one EXPLAIN, on PostgreSQL), else an exact count."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {ESTIMATE_SQL}")
            (plan,) = cursor.fetchone()
        if isinstance(plan, str):
            plan = json.loads(plan)
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        if estimate > EXACT_COUNT_UP_TO:
            return rounded(estimate), True
    return _rows(COUNT_SQL)[0]["total"], False


def production_list(request: HttpRequest) -> HttpResponse:
    """Page 1 of ``/productions/``: two queries, the page's rows and the count."""
    count, estimated = _count()
    rows = _rows(LIST_SQL, [PostStatus.PUBLISHED, timezone.now(), PRODUCTIONS_PER_PAGE])
    context = _base_context(request, "/productions/")
    num_pages = max(1, math.ceil(count / PRODUCTIONS_PER_PAGE))
    context.update(
        productions=[_with_dates(row) for row in rows],
        count=count,
        num_pages=num_pages,
        # As the real page labels a long list (bts_catalog.paging).
        count_label=f"About {count:,}" if estimated else str(count),
        num_pages_label=f"about {num_pages:,}" if estimated else str(num_pages),
    )
    return _html("production_list.html", context)


PRODUCTION_SQL = """
SELECT id, slug, title, kind, status, synopsis, release_date,
       release_date_precision, studio, poster, original_title, original_language,
       website, imdb_id, tmdb_id, igdb_id, wikidata_id, merged_into_id
FROM productions_production WHERE slug = %s
"""
# Each published post with its first medium (the card's cover) and applause.
POSTS_SQL = f"""
SELECT p.slug, p.title, p.kind, p.phase, p.happened_on, p.is_spoiler,
       p.spoils_until, p.episode_id, p.run_id, p.version_id,
       (SELECT COUNT(*) FROM audience_applause a WHERE a.post_id = p.id)
         AS applause_count,
       m.id AS cover_id, m.is_spoiler AS cover_spoiler, m.card, m.poster,
       m.poster_width, m.poster_height, m.alt_text, m.caption, m.duration_seconds
FROM media_assets_post p
LEFT JOIN media_assets_mediaasset m ON m.id = (
  SELECT m2.id FROM media_assets_mediaasset m2 WHERE m2.post_id = p.id
  ORDER BY m2.position, m2.id LIMIT 1)
WHERE p.production_id = %s AND {PUBLISHED}
ORDER BY CASE p.phase {PHASE_ORDER} END, p.happened_on, p.id
"""  # noqa: S608 (built from constants; values are parameters)
GALLERY_SQL = f"""
SELECT m.thumbnail, m.large, m.alt_text, m.is_spoiler, p.is_spoiler AS post_spoiler,
       p.spoils_until, p.slug AS post_slug, p.title AS post_title
FROM media_assets_mediaasset m
JOIN media_assets_post p ON p.id = m.post_id
WHERE m.kind = 'image' AND p.production_id = %s AND {PUBLISHED}
ORDER BY p.published_at DESC, m.position, m.id
LIMIT 12
"""  # noqa: S608 (built from constants; values are parameters)
CREDITS_SQL = """
SELECT d.id AS department_id, d.name AS department_name, d.slug AS department_slug,
       r.name AS role_name, pe.name AS person_name, pe.slug AS person_slug,
       c.character, c.credited_as, c.is_verified, c.start_date, c.end_date,
       c.episode_id, c.run_id
FROM productions_credit c
JOIN productions_person pe ON pe.id = c.person_id
JOIN productions_role r ON r.id = c.role_id
JOIN productions_department d ON d.id = r.department_id
WHERE c.production_id = %s
ORDER BY d.position, c.billing_order, pe.name
"""
# Tags and alternative titles in one query: a row kind, then three texts.
EXTRAS_SQL = """
SELECT 'tag' AS row_kind, t.name AS a, t.slug AS b, '' AS c, t.id AS n
FROM taggit_taggeditem ti JOIN taggit_tag t ON t.id = ti.tag_id
WHERE ti.content_type_id = %s AND ti.object_id = %s
UNION ALL
SELECT 'title', title, language, note, id
FROM productions_alternativetitle WHERE production_id = %s
"""


def _spoiler_today(is_spoiler, spoils_until, today) -> bool:
    spoils_until = _date(spoils_until)
    return bool(is_spoiler) and (spoils_until is None or today <= spoils_until)


def _cover_spoiler_today(asset_spoiler, post_spoiler, spoils_until, today) -> bool:
    spoils_until = _date(spoils_until)
    if spoils_until is not None and today > spoils_until:
        return False
    return bool(asset_spoiler or post_spoiler)


def _duration(seconds: float | None) -> tuple[str, str]:
    if seconds is None:
        return "", ""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    shown = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    iso = "PT" + (f"{hours}H" if hours else "") + f"{minutes}M{secs}S"
    return shown, iso


def _credit_dates(start, end) -> Markup:
    """includes/credit_dates.html, for one credit."""
    if not (start or end):
        return Markup("")

    def tag(day, label):
        return f'<time datetime="{day.isoformat()}">{label}</time>'

    if start and end:
        first = (
            f"{start.day} {MONTHS_3[start.month]}"
            if start.year == end.year
            else _day(start)
        )
        text = f"{tag(start, first)} – {tag(end, _day(end))}"
    elif start:
        text = f"from {tag(start, _day(start))}"
    else:
        text = f"until {tag(end, _day(end))}"
    return Markup(f' <span class="meta credit-dates">· {text}</span>')  # noqa: S704


def _timeline(posts: list[dict], today: datetime.date) -> list[dict]:
    for post in posts:
        day = _date(post["happened_on"])
        post["day_iso"], post["day_label"] = day.isoformat(), _day(day)
        post["kind_label"] = POST_KIND_LABELS[post["kind"]]
        has_cover = post["cover_id"] is not None
        post["warned"] = _spoiler_today(
            post["is_spoiler"], post["spoils_until"], today
        ) or (
            has_cover
            and _cover_spoiler_today(
                post["cover_spoiler"], post["is_spoiler"], post["spoils_until"], today
            )
        )
        post["cover_card"] = _media_url(post["card"]) if has_cover else ""
        post["cover_poster"] = _media_url(post["poster"]) if has_cover else ""
        post["cover_alt"] = post["alt_text"] or ""
        post["cover_caption"] = post["caption"] or ""
        post["duration"], post["iso_duration"] = _duration(post["duration_seconds"])
    return [
        {"phase": phase.value, "label": phase.label, "posts": shown}
        for phase in PostPhase
        if (shown := [post for post in posts if post["phase"] == phase.value])
    ]


def _json_ld(p: dict, tags: list[dict], other_titles: list[str], absolute) -> str:
    """productions.structured_data.production_data, for a film."""
    url = absolute(p["url"])
    titles = [p["original_title"], *other_titles]
    links = [
        url
        for url in (
            website_url(p["website"]),
            imdb_title_url(p["imdb_id"]),
            tmdb_url("movie", p["tmdb_id"]),
            wikidata_url(p["wikidata_id"]),
        )
        if url
    ]
    optional = {
        "alternateName": [
            title for title in dict.fromkeys(titles) if title and title != p["title"]
        ],
        "inLanguage": p["original_language"],
        "description": p["synopsis"],
        "image": absolute(p["poster_url"]) if p["poster"] else None,
        "keywords": ", ".join(tag["name"] for tag in tags),
        "datePublished": p["release_iso"] or None,
        "productionCompany": (
            {"@type": "Organization", "name": p["studio"]} if p["studio"] else None
        ),
        "sameAs": links,
        "identifier": (
            {"@type": "PropertyValue", "propertyID": "IGDB", "value": str(p["igdb_id"])}
            if isinstance(p["igdb_id"], int) and p["igdb_id"] >= 1
            else None
        ),
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Movie",
        "@id": f"{url}#production",
        "url": url,
        "name": p["title"],
        **{k: v for k, v in optional.items() if v not in (None, "", [], {})},
    }
    return Markup(json_ld_script(data))  # noqa: S704 (escaped for <script>)


def production_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A film's page: five queries. Other kinds answer 404 (see the module)."""
    found = _rows(PRODUCTION_SQL, [slug])
    if not found:
        raise Http404("No such production.")
    p = _with_dates(found[0])
    if p["kind"] != ProductionKind.FILM or p["merged_into_id"]:
        raise Http404("The lean twin shows films only.")
    pk, now, today = p["id"], timezone.now(), timezone.localdate()
    published = [PostStatus.PUBLISHED, now]
    posts = _rows(POSTS_SQL, [pk, *published])
    if any(
        post["episode_id"] or post["run_id"] or post["version_id"] for post in posts
    ):
        raise Http404("The lean twin has no timeline filter.")
    gallery = _rows(GALLERY_SQL, [pk, *published])
    credits = _rows(CREDITS_SQL, [pk])
    if any(credit["episode_id"] or credit["run_id"] for credit in credits):
        raise Http404("The lean twin shows no episode or run credits.")
    content_type = ContentType.objects.get_for_model(Production).pk  # cached
    extras = _rows(EXTRAS_SQL, [content_type, pk, pk])

    tags = sorted(
        (
            {"name": row["a"], "slug": row["b"]}
            for row in extras
            if row["row_kind"] == "tag"
        ),
        key=lambda tag: tag["name"],
    )
    alternative_titles = sorted(
        (
            {
                "title": row["a"],
                "language": row["b"],
                "note": row["c"],
                "language_name": language_name(row["b"]),
                "id": row["n"],
            }
            for row in extras
            if row["row_kind"] == "title"
        ),
        key=lambda title: (title["title"], title["id"]),
    )
    for asset in gallery:
        asset["warned"] = _cover_spoiler_today(
            asset["is_spoiler"], asset["post_spoiler"], asset["spoils_until"], today
        )
        asset["thumbnail_url"] = _media_url(asset["thumbnail"])
        asset["large_url"] = _media_url(asset["large"])
    departments = []
    for (_department_id, name, dept_slug), group in groupby(
        credits,
        key=lambda c: (c["department_id"], c["department_name"], c["department_slug"]),
    ):
        lines = list(group)
        for credit in lines:
            credit["dates_html"] = _credit_dates(
                _date(credit["start_date"]), _date(credit["end_date"])
            )
        departments.append(
            {
                "name": name,
                "slug": dept_slug,
                "is_cast": dept_slug == "cast",
                "credits": lines,
            }
        )

    path = f"/productions/{p['slug']}/"
    release = p["release_date"]
    p.update(
        url=path,
        display_name=f"{p['title']} ({release.year})" if release else p["title"],
        studio_label=ProductionKind(p["kind"]).studio_label,
        release_heading=ProductionKind(p["kind"]).release_label,
        original_language_name=language_name(p["original_language"]),
    )
    links = [
        {"label": label, "url": url}
        for label, url in (
            ("Official site", website_url(p["website"])),
            ("IMDb", imdb_title_url(p["imdb_id"])),
            ("TMDB", tmdb_url("movie", p["tmdb_id"])),
            ("Wikidata", wikidata_url(p["wikidata_id"])),
        )
        if url
    ]
    context = _base_context(request, path)
    context.update(
        p=p,
        description=Truncator(
            p["synopsis"] or "Behind the scenes of this production."
        ).words(40, truncate=" …"),
        origin=f"{request.scheme}://{request.get_host()}",
        cover=next((asset for asset in gallery if not asset["warned"]), None),
        json_ld=_json_ld(
            p,
            tags,
            [title["title"] for title in alternative_titles],
            request.build_absolute_uri,
        ),
        links=links,
        alternative_titles=alternative_titles,
        next=quote(path, safe="/"),
        tags=tags,
        timeline=_timeline(posts, today),
        post_count=len(posts),
        gallery=gallery,
        departments=departments,
    )
    return _html("production_detail.html", context)
