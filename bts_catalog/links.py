"""Links that users give: checked the way browsers will read them."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError


def safe_link_host(url: str) -> str:
    """The lower-cased host of a plain http(s) link, or ValidationError.

    Refuses what browsers and Python read differently: backslashes, white space
    and control characters, and user names or passwords before the host.
    """
    invalid = ValidationError("Enter a full http(s) link.")
    if "\\" in url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise invalid
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise invalid from None
    if parts.scheme not in {"http", "https"} or not host or "@" in parts.netloc:
        raise invalid
    return host.lower()
