"""Markdown to safe HTML for post bodies (rendered server-side, sanitised by nh3)."""

import threading

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "ul", "del", "table", "thead",
    "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


_parsers = threading.local()


def _parser() -> markdown_lib.Markdown:
    """One parser per thread: building one costs more than rendering a post."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = markdown_lib.Markdown(
            extensions=["extra", "sane_lists"], output_format="html"
        )
    return parser


def render_markdown(text: str) -> str:
    """Render Markdown and strip everything but a small, safe subset of HTML.

    Raw HTML in the source goes through the same allow-list, so nothing a
    contributor types can become a script, an iframe or an event handler.
    """
    if not text:
        return ""
    html = _parser().reset().convert(text.replace("\x00", ""))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
