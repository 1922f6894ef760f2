"""Reading rendered pages in tests."""

import re

STRUCTURED_DATA = re.compile(
    r'<script type="application/ld\+json">.*?</script>', re.DOTALL
)


def without_structured_data(html: str) -> str:
    """The page without its JSON-LD blocks: what a visitor sees and the browser
    fetches (schema.org addresses in the data are names, not requests)."""
    return STRUCTURED_DATA.sub("", html)
