"""Properties that must hold for any input: slugs, source links, Markdown.

Hypothesis generates the inputs; every test keeps to a bounded number of
examples (and no deadline: a CI machine can be slow without being wrong).
"""

import re
import string
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from taggit.models import Tag

from bts_catalog.slugs import unique_slug
from media_assets.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_markdown
from media_assets.models import MediaAsset, Post, SourcePlatform
from productions.models import Person, Role
from tests.factories import CreditFactory, PostFactory, ProductionFactory

BOUNDED = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

# --- bts_catalog.slugs.unique_slug ----------------------------------------------------

TITLES = st.one_of(
    # Any text a form or the API lets through: both refuse NUL characters (Django's
    # and DRF's ProhibitNullCharactersValidator), which PostgreSQL cannot store, and
    # decoded UTF-8 never holds a lone surrogate (category Cs).
    st.text(
        alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)),
        max_size=300,
    ),
    st.text(alphabet=string.ascii_letters + string.digits + " -_'&.,!", max_size=300),
    st.sampled_from(
        [
            "",
            "   ",
            "---",
            "___",
            "東京物語",
            "Ünïcödé Façade — Æon",
            "A" * 400,
            "a-" * 150,
            "Person",
            "Person 2",
            "The Salt Orchard",
            "the salt orchard",
            "the-salt-orchard-2",
        ]
    ),
)
NOISE_SLUGS = st.text(
    alphabet=string.ascii_lowercase + string.digits + "-_", min_size=1
)


def _rolled_back(function):
    """Run ``function`` in a savepoint that is always undone (one per example)."""
    with transaction.atomic():
        result = function()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
@BOUNDED
@given(
    model=st.sampled_from([Person, Tag]),
    text=TITLES,
    taken_suffixes=st.sets(st.integers(min_value=2, max_value=30), max_size=12),
    base_taken=st.booleans(),
    noise=st.lists(NOISE_SLUGS.map(lambda s: s[:90]), max_size=6),
)
def test_unique_slug_is_valid_free_lowest_and_deterministic(
    model, text, taken_suffixes, base_taken, noise
):
    max_length = model._meta.get_field("slug").max_length

    def check():
        base = unique_slug(model, text)  # nothing taken yet
        existing = set(noise) | {f"{base}-{n}" for n in taken_suffixes}
        if base_taken:
            existing.add(base)
        _insert(model, existing)
        slug = unique_slug(model, text)
        assert isinstance(slug, str)
        validate_slug(slug)  # letters, digits, hyphens and underscores only
        assert 0 < len(slug) <= max_length
        assert slug not in existing
        assert unique_slug(model, text) == slug  # deterministic
        # Readable: the title's slug, or the lowest free numbered variant of it.
        if base in existing:
            lowest = min(n for n in range(2, 40) if f"{base}-{n}" not in existing)
            assert slug == f"{base}-{lowest}"
        else:
            assert slug == base
        # Its own slug is free for the row that holds it.
        holder = model._default_manager.create(
            **_row_fields(model, slug, name=f"holder {slug}")
        )
        assert unique_slug(model, text, instance_pk=holder.pk) == slug
        assert unique_slug(model, text) != slug

    _rolled_back(check)


def _row_fields(model, slug: str, name: str) -> dict:
    if model is Tag:
        return {"name": name[:100], "slug": slug}
    return {"name": name[:200], "slug": slug}


def _insert(model, slugs) -> None:
    model._default_manager.bulk_create(
        [model(**_row_fields(model, slug, f"row {slug}")) for slug in sorted(slugs)]
    )


@pytest.mark.django_db
@settings(max_examples=100, deadline=None)
@given(titles=st.lists(TITLES, min_size=1, max_size=6))
def test_saved_posts_get_distinct_slugs_that_resolve(titles):
    def check():
        production = ProductionFactory()
        posts = [
            PostFactory(production=production, title=title[:200]) for title in titles
        ]
        slugs = [post.slug for post in posts]
        assert len(set(slugs)) == len(slugs)
        for slug in slugs:
            assert len(slug) <= 220
            assert reverse("media_assets:post-detail", kwargs={"slug": slug})

    _rolled_back(check)


# --- SourcePlatform.validate_url ---------------------------------------------------

PLATFORMS_WITH_HOSTS = [p for p in SourcePlatform if p.hosts]
ALL_HOSTS = sorted(set().union(*(p.hosts for p in SourcePlatform)))
LOOKALIKE_HOSTS = [
    "instagram.com.evil.example",
    "evil-instagram.com",
    "wwwinstagram.com",
    "instagram.co",
    "ınstagram.com",  # dotless i
    "www.instagram.com.",
    "youtube.com.evil.example",
    "youtu.be.evil.example",
    "evil.example",
    "127.0.0.1",
    "[::1]",
    "localhost",
    "xn--nstagram-t0a.com",
]
HOSTNAMES = st.from_regex(r"\A[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?(\.[a-z]{2,6}){1,3}\Z")
SAFE = string.ascii_letters + string.digits + "-._~!$&'()*+,;=%"


@st.composite
def urls(draw, with_backslash: bool = False):
    """A URL from a grammar where every parser agrees which host it names."""
    scheme = draw(st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript"]))
    host = draw(st.sampled_from(ALL_HOSTS + LOOKALIKE_HOSTS) | HOSTNAMES)
    if draw(st.booleans()):
        host = host.upper()
    alphabet = SAFE + ":" + ("\\" if with_backslash else "")
    userinfo = draw(
        st.none()
        | st.sampled_from(ALL_HOSTS + ["user", "www.instagram.com:443"])
        | st.text(alphabet=alphabet, max_size=20)
    )
    port = draw(st.none() | st.integers(min_value=1, max_value=65535))
    path = draw(st.text(alphabet=SAFE + "/@:", max_size=30))
    query = draw(st.none() | st.text(alphabet=SAFE + "/?@:", max_size=20))
    fragment = draw(st.none() | st.text(alphabet=SAFE + "/?@:#", max_size=20))
    url = f"{scheme}://"
    if userinfo is not None:
        url += f"{userinfo}@"
    url += host
    if port is not None:
        url += f":{port}"
    url += "/" + path.lstrip("/")
    if query is not None:
        url += f"?{query}"
    if fragment is not None:
        url += f"#{fragment}"
    return url, scheme.lower(), host.lower()


@BOUNDED
@given(platform=st.sampled_from(PLATFORMS_WITH_HOSTS), generated=urls())
def test_validate_url_accepts_exactly_the_platforms_hosts(platform, generated):
    url, scheme, host = generated
    try:
        platform.validate_url(url)
    except ValidationError:
        accepted = False
    else:
        accepted = True
    # Links naming a user before the host are refused outright (a phishing trick).
    credentials = "@" in url.split("://", 1)[-1].split("/", 1)[0]
    expected = scheme in {"http", "https"} and host in platform.hosts
    assert accepted == (expected and not credentials), url


@BOUNDED
@given(
    platform=st.sampled_from(PLATFORMS_WITH_HOSTS),
    data=st.data(),
    scheme=st.sampled_from(["http", "https"]),
    path=st.text(alphabet=SAFE + "/", max_size=40),
    query=st.text(alphabet=SAFE + "=&", max_size=20),
)
def test_validate_url_accepts_the_canonical_forms(platform, data, scheme, path, query):
    host = data.draw(st.sampled_from(sorted(platform.hosts)))
    url = f"{scheme}://{host}/{path}" + (f"?{query}" if query else "")
    platform.validate_url(url)


@pytest.mark.parametrize(
    ("platform", "url"),
    [
        (SourcePlatform.INSTAGRAM, "https://www.instagram.com/p/C1a2b3c4d5/"),
        (SourcePlatform.TIKTOK, "https://www.tiktok.com/@crew/video/1234567890"),
        (SourcePlatform.X, "https://x.com/crew/status/1234567890"),
        (SourcePlatform.X, "https://twitter.com/crew/status/1234567890"),
        (SourcePlatform.YOUTUBE, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        (SourcePlatform.YOUTUBE, "https://youtu.be/dQw4w9WgXcQ"),
        (SourcePlatform.VIMEO, "https://vimeo.com/76979871"),
        (SourcePlatform.FACEBOOK, "https://www.facebook.com/watch/?v=1234567890"),
        (SourcePlatform.WEBSITE, "https://studio.example.com/news/making-of"),
        (SourcePlatform.ORIGINAL, ""),
    ],
)
def test_validate_url_accepts_real_links(platform, url):
    platform.validate_url(url)


@BOUNDED
@given(platform=st.sampled_from(list(SourcePlatform)), text=st.text(max_size=200))
@example(platform=SourcePlatform.WEBSITE, text="javascript:alert(1)")
@example(platform=SourcePlatform.WEBSITE, text=" JaVaScRiPt:alert(1)")
@example(platform=SourcePlatform.WEBSITE, text="data:text/html,<script>x</script>")
def test_validate_url_never_accepts_a_link_a_browser_would_run(platform, text):
    try:
        platform.validate_url(text)
    except (ValidationError, ValueError):
        return
    if platform == SourcePlatform.ORIGINAL:
        assert text == ""
        return
    parts = urlsplit(text)
    assert parts.scheme in {"http", "https"}
    assert parts.hostname
    if platform.hosts:
        assert parts.hostname.lower() in platform.hosts


@BOUNDED
@given(
    platform=st.sampled_from(list(SourcePlatform)),
    text=st.text(max_size=200) | urls().map(lambda generated: generated[0]),
)
def test_validate_url_raises_only_validation_error(platform, text):
    try:
        platform.validate_url(text)
    except ValidationError:
        pass
    except ValueError:
        # Only where urlsplit itself gives up: pinned as a bug by the next test.
        with pytest.raises(ValueError):
            urlsplit(text)


URLSPLIT_REFUSES = [
    "https://[",
    "http://[::1/path",
    "https://]www.instagram.com/",
    "https://evil.example\uff03@www.instagram.com/",  # fullwidth '#', NFKC
    "https://evil.example\u2100@www.instagram.com/",  # ℀ → 'a/c' under NFKC
]


@BOUNDED
@given(
    platform=st.sampled_from(PLATFORMS_WITH_HOSTS + [SourcePlatform.WEBSITE]),
    url=st.sampled_from(URLSPLIT_REFUSES),
)
def test_validate_url_survives_what_urlsplit_refuses(platform, url):
    with pytest.raises(ValidationError):
        platform.validate_url(url)


def _browser_host(url: str) -> str:
    """The host a browser (WHATWG URL) goes to, for the special schemes."""
    rest = url.split("://", 1)[1]
    authority = re.split(r"[/\\?#]", rest, maxsplit=1)[0]
    host = authority.rpartition("@")[2]
    return host.rsplit(":", 1)[0].lower() if "]" not in host else host.lower()


@BOUNDED
@given(platform=st.sampled_from(PLATFORMS_WITH_HOSTS), generated=urls(True))
@example(
    platform=SourcePlatform.INSTAGRAM,
    generated=(
        "https://evil.example\\@www.instagram.com/p/C1a2b3c4d5/",
        "https",
        "www.instagram.com",
    ),
)
def test_validate_url_agrees_with_browsers_on_the_host(platform, generated):
    url = generated[0]
    try:
        platform.validate_url(url)
    except ValidationError:
        return
    assert _browser_host(url) in platform.hosts, url


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["source_url", "embed_url"])
def test_a_link_to_another_host_cannot_pass_as_the_platform(crew_person, where):
    """End to end: the API stores the link, and the post page links to evil.example."""
    production = ProductionFactory()
    CreditFactory(
        production=production, person=crew_person, role=Role.objects.get(slug="gaffer")
    )
    api = APIClient()
    api.force_authenticate(crew_person.user)
    sneaky = "https://evil.example\\@www.youtube.com/watch?v=abc"
    if where == "source_url":
        response = api.post(
            "/api/v1/posts/",
            {
                "production": production.slug,
                "title": "Teaser",
                "kind": "video",
                "phase": "release",
                "source_platform": "youtube",
                "source_url": sneaky,
            },
            format="json",
        )
        stored = Post.objects.filter(source_url=sneaky).exists()
    else:
        post = PostFactory(production=production, author=crew_person.user, pending=True)
        response = api.post(
            f"/api/v1/posts/{post.slug}/media/", {"embed_url": sneaky}, format="json"
        )
        stored = MediaAsset.objects.filter(embed_url=sneaky).exists()
    assert response.status_code == 400, response.content
    assert where in response.json()
    assert not stored


# --- media_assets.markdown.render_markdown ----------------------------------------

HOSTILE_FRAGMENTS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "![cat](http://evil.example/cat.png)",
    '![x](javascript:alert(1) "t")',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<svg onload=alert(1)><circle/></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert('x')\">click</a>",
    "<a href='JaVaScRiPt:alert(1)'>x</a>",
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="java&#9;script:alert(1)">x</a>',
    '<a href="java&NewLine;script:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    "[x](java\tscript:alert(1))",
    "[x](<java\nscript:alert(1)>)",
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "[click](  javascript:alert(1)  )",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<http://ok.example/?q=<script>>",
    '<div onclick="alert(1)">div</div>',
    '<p style="x:expression(alert(1))" onmouseover=alert(1)>p</p>',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<object data=javascript:alert(1)></object><embed src=x>",
    "<base href=javascript:/><link rel=stylesheet href=x><meta http-equiv=refresh>",
    "<!-- <script>alert(1)</script> -->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <iframe src=x></iframe>",
    "*[HTML]: <script>alert(1)</script>",
    "Text[^1]\n\n[^1]: <img src=x onerror=alert(1)>",
    '{: onclick="alert(1)" }',
    "# Heading {: onmouseover=alert(1) }",
    '<div markdown="1">*md* <script>alert(1)</script></div>',
    "| a | b |\n|---|---|\n| <script>x</script> | <img src=x> |",
    "> quote <iframe></iframe>",
    '**bold** _em_ `code` [ok](https://ok.example "title")',
    "\x00<scr\x00ipt>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<",
    ">",
    "\n\n",
    "- ",
    "1. ",
]
HOSTILE_TEXT = st.lists(
    st.sampled_from(HOSTILE_FRAGMENTS) | st.text(max_size=20), max_size=12
).flatmap(
    lambda parts: st.sampled_from(["", " ", "\n", "\n\n"]).map(
        lambda glue: glue.join(parts)
    )
)
FORBIDDEN_TAGS = {
    "script",
    "iframe",
    "style",
    "img",
    "svg",
    "math",
    "object",
    "embed",
    "form",
    "input",
    "base",
    "link",
    "meta",
}
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
C0_AND_SPACE = "".join(chr(code) for code in range(0x21))


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def _as_browsers_read_it(url: str) -> str:
    """WHATWG URL parsing: drop tabs and newlines anywhere, trim C0 and spaces."""
    return re.sub(r"[\t\n\r]", "", url).strip(C0_AND_SPACE).lower()


def assert_safe_html(html) -> None:
    assert isinstance(html, str)
    lowered = html.lower()
    for tag in ("<script", "<iframe", "<style", "<img"):
        assert tag not in lowered, html
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.elements:
        assert tag in ALLOWED_TAGS, (tag, html)
        assert tag not in FORBIDDEN_TAGS
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}
        for name, value in attrs:
            assert not name.startswith("on"), (name, html)
            assert name in allowed, (tag, name, html)
            if name == "href":
                url = _as_browsers_read_it(value or "")
                assert not url.startswith(DANGEROUS_SCHEMES), (value, html)
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
                assert scheme is None or scheme[1] in {"http", "https", "mailto"}


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000))
def test_render_markdown_of_any_text_is_safe(text):
    assert_safe_html(render_markdown(text))


@settings(max_examples=200, deadline=None)
@given(text=HOSTILE_TEXT)
@example(text="\n\n".join(HOSTILE_FRAGMENTS))
def test_render_markdown_of_hostile_mixes_is_safe(text):
    assert_safe_html(render_markdown(text))


@settings(max_examples=100, deadline=None)
@given(first=HOSTILE_TEXT, second=HOSTILE_TEXT)
@example(
    first="*[HTML]: Hyper Text\n\n[ref]: https://a.example\n\nx[^1]\n\n[^1]: n",
    second="HTML [x][ref] y[^1]",
)
def test_render_markdown_keeps_nothing_from_one_post_to_the_next(first, second):
    """The parser is reused per thread: no definition may leak between posts."""
    alone = render_markdown(second)
    render_markdown(first)
    assert render_markdown(second) == alone
