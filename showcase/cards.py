"""Post cards, the part most public pages repeat, and the search page's lists:
drawn with Jinja2.

A list of twenty posts drew twenty cards through the Django template language at
about 165 µs each (an include inside an include, two template tags, a dozen
variable lookups): more than half of what the search page spent rendering. The
same card from a compiled Jinja2 template takes a fraction of that. Its output is
the same bytes the Django template gave, escaping included: every value is
escaped as Django's ``conditional_escape`` does (``&#x27;`` for an apostrophe,
where markupsafe writes ``&#39;``), and values already safe stay as they are.
Labels and dates are read the way the card needs them (a dictionary of the
kinds' labels, the day's numbers), without Django's general machinery for them
(``get_kind_display``, the ``date`` filter), which took a third of the card's
time.

The Jinja2 templates are in templates/jinja2/; Django templates draw them with the
``cards`` library (showcase/templatetags/cards.py).
"""

import html
from functools import cache, partial

import jinja2
from django.conf import settings
from django.utils.dates import MONTHS_3
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from markupsafe import Markup

from audience.templatetags.spoilers import warned
from bts_catalog.partial_dates import partial_isoformat
from media_assets.models import PostKind, PostPhase
from media_assets.templatetags.media import duration, iso_duration
from productions.models import ProductionKind

# Beside the Django templates, in a folder of their own.
TEMPLATES = settings.BASE_DIR / "templates" / "jinja2"


def _escape(value) -> Markup:
    """Django's ``conditional_escape``: a value that is already HTML as it is,
    anything else escaped as Django escapes (``html.escape``); returned as
    Markup, which Jinja2's own escaping then leaves alone."""
    if isinstance(value, Promise):
        value = str(value)
    as_html = getattr(value, "__html__", None)
    if as_html is not None:
        return Markup(as_html())  # noqa: S704 — already HTML
    return Markup(html.escape(str(value)))  # noqa: S704 — just escaped


def _iso_day(day) -> str:
    """``|date:"Y-m-d"``."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}" if day else ""


def _day(day) -> str:
    """``|date:"j M Y"``: 4 Mar 2025 (the month's name as Django gives it)."""
    return f"{day.day} {MONTHS_3[day.month].title()} {day.year:04d}" if day else ""


def _labels(choices):
    """``get_FOO_display`` as a filter: the label of a value, the value itself
    when it has none."""
    labels = dict(choices)

    def label(value):
        return labels.get(value, value)

    return label


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        # Escaping is Django's (finalize), which Jinja2's then leaves alone.
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=True,
        auto_reload=settings.DEBUG,
    )
    env.filters.update(
        day=_day,
        iso_day=_iso_day,
        duration=duration,
        iso_duration=iso_duration,
        post_kind=_labels(PostKind.choices),
        post_phase=_labels(PostPhase.choices),
        production_kind=_labels(ProductionKind.choices),
        partial_iso=partial_isoformat,
    )
    return env


def _render(template: str, **context) -> SafeString:
    return mark_safe(  # noqa: S308 — every value in it went through _escape
        environment().get_template(template).render(**context)
    )


def post_cards(request, posts) -> SafeString:
    """The cards of ``posts`` (as ``with_cards`` reads them) for the visitor of
    ``request``: spoilers behind a warning unless they have seen the production."""
    return _render(
        "includes/post_cards.html", posts=posts, warned=partial(warned, request)
    )


def production_results(productions) -> SafeString:
    """The search page's list items of ``productions``."""
    return _render("includes/production_results.html", productions=productions)


def people_results(people) -> SafeString:
    """The search page's list items of ``people``."""
    return _render("includes/people_results.html", people=people)
