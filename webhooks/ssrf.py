"""Outbound requests go to public addresses only.

A webhook URL is checked when it is registered and again before every request and
every redirect hop: its host is resolved, and every address it resolves to must be
public (not private, loopback, link-local, multicast, reserved or unspecified).
The connection is then made to the address that was checked, so that a name
resolving differently a moment later (DNS rebinding) cannot slip past.
``WEBHOOKS_ALLOW_PRIVATE_ADDRESSES`` lifts the rule (development, tests).
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

SCHEMES = {"http": 80, "https": 443}


class AddressRefused(Exception):
    """The URL may not be requested; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked IP address to connect to
    path: str  # path and query, as sent in the request line


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise AddressRefused(f"The host {host!r} does not resolve.") from error
    return list(dict.fromkeys(info[4][0] for info in found))


def target_for(url: str) -> Target:
    """Check ``url`` and say where to connect; raises AddressRefused."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise AddressRefused("Use an http:// or https:// address.")
    try:
        host, port = parts.hostname, parts.port or SCHEMES[scheme]
    except ValueError as error:
        raise AddressRefused("The port is not valid.") from error
    if not host:
        raise AddressRefused("The address has no host.")
    if parts.username or parts.password:
        raise AddressRefused("Credentials in the address are not allowed.")
    addresses = resolve(host, port)
    if not addresses:
        raise AddressRefused(f"The host {host!r} does not resolve.")
    if not settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        refused = [
            a for a in addresses if not is_public_address(ipaddress.ip_address(a))
        ]
        if refused:
            raise AddressRefused(
                f"{host} resolves to a private, loopback or otherwise non-public "
                f"address ({refused[0]}): webhooks only go to public addresses."
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme, host, port, addresses[0], path)


def validate_webhook_url(url: str) -> None:
    """The model field's validator: a 400 naming ``url`` when it is refused."""
    try:
        target_for(url)
    except AddressRefused as error:
        raise ValidationError(str(error), code="address_refused") from error
