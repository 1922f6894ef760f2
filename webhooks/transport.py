"""One signed POST to a webhook URL, following at most a few redirects by hand so
that every hop is checked (see webhooks.ssrf)."""

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin

from django.conf import settings

from .ssrf import AddressRefused, Target, target_for

USER_AGENT = "BTS-Catalog-Webhooks/1"
MAX_REDIRECTS = 3
REDIRECTS = {301, 302, 303, 307, 308}
READ_AT_MOST = 64 * 1024  # of a response body: only its status matters


class DeliveryError(Exception):
    """The request could not be made or completed; the message says why."""


@dataclass(frozen=True)
class Response:
    status: int
    elapsed_ms: int


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address; the Host header names the host."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the host's name (SNI too)."""

    def __init__(self, target: Target, timeout: float):
        super().__init__(
            target.host,
            target.port,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post_once(
    target: Target, body: bytes, headers: dict[str, str]
) -> tuple[int, str | None]:
    connection_class = (
        _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(target, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(READ_AT_MOST)
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def post(url: str, body: bytes, headers: dict[str, str]) -> Response:
    """POST ``body`` to ``url``; a redirect is followed (the same POST again) up to
    MAX_REDIRECTS times, each hop checked. Raises DeliveryError."""
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **headers,
    }
    started = time.monotonic()
    for _ in range(MAX_REDIRECTS + 1):
        try:
            target = target_for(url)
            status, location = _post_once(target, body, headers)
        except AddressRefused as error:
            raise DeliveryError(f"Refused {url}: {error}") from error
        except (OSError, http.client.HTTPException) as error:
            raise DeliveryError(
                f"{type(error).__name__}: {error}" if str(error) else repr(error)
            ) from error
        if status in REDIRECTS and location:
            url = urljoin(url, location)
            continue
        return Response(status, round((time.monotonic() - started) * 1000))
    raise DeliveryError(f"More than {MAX_REDIRECTS} redirects.")
